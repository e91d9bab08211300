"""POST /api/assess: JSON in, assessment out; no login, nothing stored, bad input never a 500."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.triage.strategies import SAN_EARLY, SPEC_EXAMPLES
from tracker.triage import assess
from tracker.triage.contract import validate_assessment
from tracker.views.api import MAX_BODY_BYTES

JSON = "application/json"


@pytest.fixture
def url():
    return reverse("api_assess")


def post(client, url, body, content_type=JSON, **extra):
    if not isinstance(body, str | bytes):
        body = json.dumps(body)
    return client.generic("POST", url, body, content_type=content_type, **extra)


def errors_of(response):
    assert response["Content-Type"] == JSON
    return response.json()["errors"]


def assert_refused(response, status, words=""):
    assert response.status_code == status, response.content[:300]
    errors = errors_of(response)
    assert errors
    assert all(set(error) == {"path", "message"} for error in errors)
    assert any(words in error["message"] for error in errors), errors
    assert "no-store" in response["Cache-Control"]
    return errors


def changed(case, edit):
    copy = json.loads(json.dumps(case))
    edit(copy)
    return copy


# What it answers.


@pytest.mark.parametrize("name", ["san-early", "stroke-signs", "ordinary-soreness"])
def test_it_answers_a_case_with_its_assessment(client, url, name):
    case = SPEC_EXAMPLES[name]["case"]

    response = post(client, url, case)

    assert response.status_code == 200
    assert response["Content-Type"] == JSON
    assert response.json() == assess(case)
    assert validate_assessment(response.json(), case) == []


def test_a_charset_of_utf8_is_accepted(client, url):
    response = post(client, url, SAN_EARLY, content_type="Application/JSON; charset=UTF-8")

    assert response.status_code == 200
    assert response.json()["level"] == "SEE_DOCTOR_ASK_EMG"


@pytest.mark.django_db
def test_it_needs_no_login_and_stores_nothing(client, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = post(client, url, SAN_EARLY)

    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert "no-store" in response["Cache-Control"]


def test_it_needs_no_csrf_token(url):
    response = post(Client(enforce_csrf_checks=True), url, SAN_EARLY)

    assert response.status_code == 200


def test_a_logged_in_person_gets_the_same_answer_and_no_new_cookie(owner_client, url):
    response = post(owner_client, url, SAN_EARLY)

    assert response.status_code == 200
    assert response.json() == assess(SAN_EARLY)
    assert not response.cookies


# Methods and content types.


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_other_methods_get_405_in_json_with_an_allow_header(client, url, method):
    response = client.generic(method, url, json.dumps(SAN_EARLY), content_type=JSON)

    assert_refused(response, 405, "Use POST.")
    assert response["Allow"] == "POST"


def test_head_gets_405_too(client, url):
    response = client.head(url)

    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json-patch+json",
        "application/json; charset=latin-1",
    ],
)
def test_a_body_that_is_not_declared_json_gets_400(client, url, content_type):
    response = post(client, url, SAN_EARLY, content_type=content_type)

    assert_refused(response, 400, "Content-Type: application/json")


def test_a_form_post_gets_400(client, url):
    response = client.post(url, {"massage": "x"})

    assert_refused(response, 400, "Content-Type: application/json")


def test_an_empty_body_gets_400(client, url):
    response = client.generic("POST", url, "", CONTENT_TYPE=JSON)

    assert_refused(response, 400, "not valid JSON")


# Size.


def test_a_body_over_256_kb_gets_413(client, url):
    response = post(client, url, '{"notes": "' + "x" * 300 * 1024 + '"}')

    assert_refused(response, 413, "larger than 256 KB")


def test_a_declared_length_over_256_kb_gets_413_before_the_body_is_read(client, url):
    response = post(client, url, "{}", CONTENT_LENGTH=str(MAX_BODY_BYTES + 1))

    assert_refused(response, 413, "larger than 256 KB")


def test_a_case_of_exactly_256_kb_is_read(client, url):
    body = json.dumps(SAN_EARLY)
    body += " " * (MAX_BODY_BYTES - len(body))

    response = post(client, url, body)

    assert len(body.encode()) == MAX_BODY_BYTES
    assert response.status_code == 200


def test_a_large_valid_case_under_the_limit_is_answered(client, url):
    tingling = {"kind": "tingling", "region": "finger_index", "side": "left", "nprs": 2}
    start = datetime.date(2026, 3, 6)
    logs = [
        {"date": (start + datetime.timedelta(days=day)).isoformat(), "symptoms": [tingling]}
        for day in range(2100)
    ]
    case = changed(SAN_EARLY, lambda c: c["logs"].extend(logs))
    body = json.dumps(case)

    response = post(client, url, body)

    assert 200 * 1024 < len(body) < MAX_BODY_BYTES
    assert response.status_code == 200
    assert validate_assessment(response.json(), case) == []


def test_a_content_length_that_is_not_a_number_reads_no_body(client, url):
    response = post(client, url, SAN_EARLY, CONTENT_LENGTH="lots")

    assert_refused(response, 400, "not valid JSON")


# Bad JSON and invalid cases.


def test_bad_json_gets_400_naming_where_it_broke(client, url):
    errors = assert_refused(post(client, url, '{"massage": {"date": }}'), 400, "not valid JSON")

    assert errors[0]["path"] == ""
    assert "line 1, column 22" in errors[0]["message"]


def test_an_invalid_case_gets_400_naming_every_bad_field(client, url):
    def break_it(case):
        case["logs"][0]["symptoms"][0]["nprs"] = 11
        case["massage"]["pressure"] = "crushing"

    errors = assert_refused(post(client, url, changed(SAN_EARLY, break_it)), 400)

    paths = {error["path"] for error in errors}
    assert {"logs[0].symptoms[0].nprs", "massage.pressure"} <= paths


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("[" * 100_000, "nested too deeply"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"massage": {"date": "2026-03-01"}, "logs": ' + "9" * 5000 + "}", "too long"),
        ('{"as_of": 1e400}', "too large"),
        ('{"as_of": NaN}', "NaN is not allowed"),
        ('{"as_of": Infinity}', "Infinity is not allowed"),
        ('{"as_of": -Infinity}', "-Infinity is not allowed"),
        ('{"logs": [], "logs": []}', "appears twice"),
        (b'{"as_of": "\xc3\x28"}', "not UTF-8"),
        ("\ufeff{}", "not valid JSON"),
    ],
)
def test_hostile_json_gets_400_with_the_reason(client, url, body, words):
    assert_refused(post(client, url, body), 400, words)


@pytest.mark.parametrize(
    "body",
    [
        [],
        [SAN_EARLY],
        None,
        "a case",
        42,
        True,
        {},
        {"case": SAN_EARLY},
        changed(SAN_EARLY, lambda c: c["logs"][0].update(notes="x" * 200 * 1024)),
        changed(SAN_EARLY, lambda c: c["logs"][0]["symptoms"][0].update(nprs=10**300)),
        changed(SAN_EARLY, lambda c: c["logs"][0]["symptoms"][0].update(nprs=7.5)),
        changed(SAN_EARLY, lambda c: c["logs"][0]["symptoms"][0].update(nprs=True)),
        changed(SAN_EARLY, lambda c: c.update(as_of="9999-99-99")),
        changed(SAN_EARLY, lambda c: c.update(as_of="2026-02-01")),
        changed(SAN_EARLY, lambda c: c["logs"].append(c["logs"][0] | {"date": "2026-02-27"})),
        changed(SAN_EARLY, lambda c: c["logs"][0].update(red_flags=["\u202e\u0000\U0001f600"])),
        changed(SAN_EARLY, lambda c: c["massage"].update(regions=[[[[[[[[[[[]]]]]]]]]]])),
        changed(SAN_EARLY, lambda c: c["massage"].update(regions=[{"region": {"$gt": ""}}])),
        changed(SAN_EARLY, lambda c: c.update(logs={"0": c["logs"][0]})),
    ],
    ids=[
        "empty-list",
        "list-of-cases",
        "null",
        "string",
        "number",
        "boolean",
        "empty-object",
        "wrapped-example",
        "200kb-string",
        "huge-nprs",
        "fractional-nprs",
        "boolean-nprs",
        "impossible-date",
        "as-of-before-massage",
        "log-before-massage",
        "unicode-junk",
        "nested-lists",
        "operator-object",
        "logs-as-object",
    ],
)
def test_a_json_value_that_is_not_a_valid_case_gets_400(client, url, body):
    response = post(client, url, json.dumps(body))

    assert_refused(response, 400)


def test_deep_nesting_inside_a_valid_shape_gets_400(client, url):
    deep = "[" * 500 + "]" * 500
    body = json.dumps(SAN_EARLY).replace('"red_flags": []', f'"red_flags": {deep}')

    assert_refused(post(client, url, body), 400)


def test_markup_in_a_field_is_echoed_only_as_escaped_json(client, url):
    script = "<script>alert(1)</script>&"
    case = changed(SAN_EARLY, lambda c: c["logs"][0]["symptoms"][0].update(kind=script))
    case[script] = script

    response = post(client, url, case)

    errors = assert_refused(response, 400)
    assert b"<" not in response.content
    assert b"&" not in response.content
    # Escaped, not dropped: decoded, the errors give back exactly what was sent.
    paths = {error["path"] for error in errors}
    assert {"logs[0].symptoms[0].kind", script} <= paths
    assert any(script in error["message"] for error in errors)


# Revision 2: a series in one request (10.7, 12.14), and the limits of 10.8.


def _course():
    """Three check-ins: a red flag, a skipped movement stage, then a doctor's visit."""
    return {
        "massage": {
            "date": "2026-03-01",
            "regions": [{"region": "neck_side", "side": "left"}],
        },
        "onset": {"timing": "during_massage"},
        "logs": [
            {
                "date": "2026-03-04",
                "symptoms": [{"kind": "ache", "region": "shoulder_top", "side": "left"}],
                "function": {"left": {"arm_side_lift": "cannot"}},
                "red_flags": ["fever"],
            },
            {
                "date": "2026-03-05",
                "symptoms": [{"kind": "ache", "region": "shoulder_top", "side": "left"}],
            },
            {"date": "2026-03-09", "seen_doctor": True},
        ],
    }


def test_series_answers_the_assessment_of_every_prefix_as_assess_would(client, url):
    case = {**_course(), "series": True}

    response = post(client, url, case)

    assert response.status_code == 200
    series = response.json()
    assert [result["as_of"] for result in series] == ["2026-03-04", "2026-03-05", "2026-03-09"]
    for count, result in enumerate(series, start=1):
        assert result == assess({**_course(), "logs": _course()["logs"][:count]})
    assert series[1]["fired"][0]["evidence"]  # the carried answer keeps PAT-SAN
    assert "PAT-SAN" in {entry["id"] for entry in series[1]["fired"]}
    assert series[2]["seen_doctor_on"] == "2026-03-09"


def test_series_false_answers_one_assessment(client, url):
    response = post(client, url, {**_course(), "series": False})

    assert response.status_code == 200
    assert response.json() == assess(_course())


def test_a_series_prefix_that_ends_before_the_onset_gives_its_errors_in_its_place(client, url):
    case = {**_course(), "onset": {"timing": "1_to_7_days", "date": "2026-03-05"}}

    response = post(client, url, {**case, "series": True})

    assert response.status_code == 200
    first, second, third = response.json()
    assert first == {"errors": [{"path": "onset.date", "message": "is after as_of (2026-03-04)"}]}
    assert second["d_onset"] == 0 and third["d_onset"] == 4


def test_series_must_be_true_or_false(client, url):
    errors = assert_refused(post(client, url, {**_course(), "series": "yes"}), 400)

    assert errors[0]["path"] == "series"


def test_a_series_longer_than_a_year_is_refused_with_the_reason(client, url):
    start = datetime.date(2026, 3, 2)
    logs = [{"date": (start + datetime.timedelta(days=d)).isoformat()} for d in range(367)]
    case = {"massage": {"date": "2026-03-01"}, "logs": logs, "series": True}

    errors = assert_refused(post(client, url, case), 400, "at most 366")

    assert errors[0]["path"] == "logs"
    assert post(client, url, {**case, "logs": logs[:366]}).status_code == 200


def test_10_8_more_than_40_symptoms_in_a_log_is_one_error_and_they_are_not_read(client, url):
    case = changed(SAN_EARLY, lambda c: c["logs"][0].update(symptoms=[{}] * 41))

    errors = assert_refused(post(client, url, case), 400, "at most 40")

    assert errors == [
        {"path": "logs[0].symptoms", "message": "has 41 symptoms; at most 40 are allowed"}
    ]


def test_10_8_a_body_full_of_empty_symptoms_answers_a_short_error_list(client, url):
    body = json.dumps(changed(SAN_EARLY, lambda c: c["logs"][0].update(symptoms=[{}] * 60_000)))
    assert len(body) < MAX_BODY_BYTES

    response = post(client, url, body)

    assert response.status_code == 400
    assert len(response.content) < 1000
    assert len(errors_of(response)) == 1


def test_10_8_an_error_list_names_20_errors_then_how_many_more(client, url):
    bad = [{"kind": "ache", "region": "nowhere", "side": "left", "nprs": 11}] * 40
    case = changed(SAN_EARLY, lambda c: c["logs"][0].update(symptoms=bad))

    errors = assert_refused(post(client, url, case), 400)

    assert len(errors) == 21
    assert errors[-1] == {"path": "", "message": "60 more errors"}
    assert errors[0]["path"] == "logs[0].symptoms[0].region"


@pytest.mark.parametrize(
    ("where", "items"),
    [
        (("massage", "types"), ["deep_tissue"] * 13),
        (("massage", "techniques"), ["palms"] * 5),
        (("massage", "regions"), [{"region": "calf", "side": "left"}] * 61),
    ],
)
def test_10_8_code_lists_are_at_most_as_long_as_their_vocabulary(client, url, where, items):
    case = changed(SAN_EARLY, lambda c: c[where[0]].update({where[1]: items}))

    errors = assert_refused(post(client, url, case), 400, "are allowed")

    assert errors[0]["path"] == ".".join(where)
