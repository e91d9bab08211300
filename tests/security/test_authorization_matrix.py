"""Every private URL, found by walking the URL configuration, is closed to strangers.

An anonymous visitor is sent to log in (and comes back to the same address); another logged-in
person gets 404, exactly as for a record that does not exist. A URL added without a factory here
fails the test, so no new address can escape the matrix.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import ModerationStatus, Reply, Story

from . import walk

PUBLIC = {
    "landing",
    "signup",
    "signup_done",
    "signup_password",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "story_list",
    "story_detail",
    "api_assess",
    "healthz",
    "favicon",
    "reminders_unsubscribe",
}

# Private pages without a path parameter: each shows only the logged-in person's own data.
NO_PARAMETERS = {
    "password_change",
    "password_change_done",
    "account",
    "account_country",
    "account_reminders",
    "export_json",
    "export_csv",
    "account_delete",
    "history_overview",
    "dashboard",
    "checkin_latest",
    "report_latest",
    "massage_create",
    "story_create",
    "story_mine",
    "notifications",
}


def _story(owner, status=ModerationStatus.PENDING):
    return Story.objects.create(
        author=owner,
        title="My shoulder",
        body="It felt weak.",
        consent_anonymous=True,
        status=status,
        decided_at=timezone.now() if status == ModerationStatus.APPROVED else None,
    )


def _reply(owner):
    # The owner's pending reply on someone's approved story.
    return Reply.objects.create(
        story=_story(owner, ModerationStatus.APPROVED), author=owner, body="Me too"
    )


def _massage(objects):
    return {"pk": objects["massage"].pk}


def _checkin(objects):
    return {"pk": objects["checkin"].pk}


def _own_story(objects):
    return {"pk": _story(objects["owner"]).pk}


def _own_reply(objects):
    return {"pk": _reply(objects["owner"]).pk}


# URL name -> the path parameters of a real object that belongs to the owner (or, for replying
# and reporting, of a story only its author can see: it is waiting for moderation).
FACTORIES = {
    "massage_history": _massage,
    "massage_report": _massage,
    "massage_report_pdf": _massage,
    "massage_detail": _massage,
    "massage_update": _massage,
    "massage_delete": _massage,
    "checkin_create": _massage,
    "checkin_no_change": _massage,
    "massage_assessment": _massage,
    "checkin_assessment": _checkin,
    "assessment_feedback": _checkin,
    "checkin_detail": _checkin,
    "checkin_update": _checkin,
    "checkin_delete": _checkin,
    "checkin_emergency": _checkin,
    "checkin_calendar": _checkin,
    "story_edit": _own_story,
    "story_withdraw": _own_story,
    "reply_create": _own_story,
    "reply_edit": _own_reply,
    "reply_withdraw": _own_reply,
    "report_create": lambda objects: {"kind": "story", **_own_story(objects)},
}

ALL_NAMES = sorted({name for _route, name, _callback in walk()})
PRIVATE = [name for name in ALL_NAMES if name not in PUBLIC]
WITH_PARAMETERS = [name for name in PRIVATE if name not in NO_PARAMETERS]


@pytest.fixture
def objects(owner, massage, checkin):
    return {"owner": owner, "massage": massage, "checkin": checkin}


def test_every_url_has_a_name_so_the_matrix_can_name_it():
    unnamed = [route for route, name, _callback in walk() if not name]
    assert not unnamed, f"give these URL patterns a name: {unnamed}"


def test_every_private_url_with_parameters_has_a_factory():
    missing = [name for name in WITH_PARAMETERS if name not in FACTORIES]
    assert not missing, "".join(
        f"\nadd a factory for {name} to FACTORIES in {__file__}" for name in missing
    )


def test_the_allow_list_names_no_url_that_is_gone():
    # healthz may not exist yet; everything else on the list must.
    assert PUBLIC - {"healthz"} <= set(ALL_NAMES)
    assert set(ALL_NAMES) >= NO_PARAMETERS


def _path(name, objects):
    if name in NO_PARAMETERS:
        return reverse(name)
    assert name in FACTORIES, f"add a factory for {name} to FACTORIES in {__file__}"
    return reverse(name, kwargs=FACTORIES[name](objects))


def _assert_sent_to_login(response, path):
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("login")
    assert parse_qs(location.query)["next"] == [path]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", PRIVATE)
def test_an_anonymous_visitor_is_sent_to_log_in(client, objects, name, method):
    path = _path(name, objects)
    _assert_sent_to_login(getattr(client, method)(path), path)


@pytest.mark.parametrize("name", WITH_PARAMETERS)
def test_another_person_gets_404(client, other_user, objects, name):
    path = _path(name, objects)
    client.force_login(other_user)
    response = client.get(path)
    if response.status_code == 405:
        # A POST-only view: the refusal to GET says nothing; a POST must find nothing either.
        response = client.post(path, {})
    assert response.status_code == 404, f"{name}: {response.status_code}"


@pytest.mark.parametrize(
    "name", [n for n in WITH_PARAMETERS if n not in ("reply_create", "report_create")]
)
def test_the_owner_reaches_the_same_address(client, objects, name):
    # Proves the factories build real objects: the 404 above is about the person, not the id.
    path = _path(name, objects)
    client.force_login(objects["owner"])
    response = client.get(path)
    assert response.status_code in (200, 302, 405), f"{name}: {response.status_code}"
