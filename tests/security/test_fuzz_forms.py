"""Hypothesis throws arbitrary POST data at every form and arbitrary bodies at /api/assess.

Whatever arrives, the answer is never a 500: a form shows what is wrong, the API says 400.
The test client re-raises a view's exception, so a crash fails the example that caused it.
"""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.triage.strategies import SAN_EARLY, cases

from . import walk
from .test_csrf import FORM_PAGE, _kwargs, objects  # noqa: F401  (objects is a fixture)

FIELD_NAME = re.compile(r'<(?:input|select|textarea|button)[^>]*\sname="([^"]+)"')
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

odd_values = st.sampled_from(
    ["", "on", "true", "false", "0", "-1", "11", "1e309", "NaN", "9" * 30, "2026-02-30",
     "0001-01-01", "9999-12-31", "left", "right", "both", "PAT-SAN", "next", "back", "add",
     "remove", "save", "\x00", "\ud7ff", " " * 3, "<b>x</b>", "x" * 6000]
)  # fmt: skip
values = st.one_of(
    odd_values,
    st.text(max_size=40),
    st.integers().map(str),
    st.lists(st.one_of(odd_values, st.text(max_size=10)), min_size=0, max_size=4),
)


def _names(html):
    return sorted(set(FIELD_NAME.findall(html)) - {"csrfmiddlewaretoken"})


ALL_NAMES = sorted({name for _route, name, _callback in walk()} - {"api_assess"})


@pytest.mark.parametrize("name", ALL_NAMES)
def test_no_post_to_a_form_gives_a_500(objects, owner, other_user, name):  # noqa: F811
    url = reverse(name, kwargs=_kwargs(name, objects))
    client = Client()
    client.force_login(other_user)  # asking as another person changes nothing of the owner's
    if client.post(url, {}).status_code == 405:
        pytest.skip(f"{name} takes no POST")
    client.force_login(owner)
    form_name = FORM_PAGE.get(name, name)
    form_page = client.get(reverse(form_name, kwargs=_kwargs(form_name, objects)))
    known = _names(form_page.content.decode()) or ["notes"]
    keys = st.one_of(st.sampled_from(known), st.sampled_from(known), st.text(max_size=12))

    @FUZZ
    @given(data=st.dictionaries(keys, values, max_size=12))
    def check(data):
        client.force_login(owner)
        response = client.post(url, data)
        assert response.status_code < 500, (name, data)

    check()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def mutated_cases(draw):
    """A case of the contract with one value, somewhere, replaced by anything."""
    case = json.loads(json.dumps(draw(st.one_of(cases, st.just(SAN_EARLY)))))
    target = case
    for _ in range(draw(st.integers(0, 3))):
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target)))
            if not isinstance(target[key], (dict, list)) or not target[key]:
                target[key] = draw(json_values)
                return case
            target = target[key]
        elif isinstance(target, list) and target:
            target = target[draw(st.integers(0, len(target) - 1))]
    if isinstance(target, dict):
        target[draw(st.text(max_size=12))] = draw(json_values)
    elif isinstance(target, list):
        target.append(draw(json_values))
    return case


bodies = st.one_of(
    mutated_cases().map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=200),
    st.binary(max_size=200),
)


@FUZZ
@given(body=bodies)
def test_no_body_sent_to_the_api_gives_a_500(body):
    response = Client().post(reverse("api_assess"), body, content_type="application/json")
    assert response.status_code in (200, 400, 413), body
    assert response["Content-Type"].startswith("application/json")
