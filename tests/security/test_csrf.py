"""CSRF is enforced on every URL that takes a POST; /api/assess (JSON only) and the reminder
mail's one-click unsubscribe (a signed token) are the exemptions."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models import ModerationStatus, Reply, Story
from tracker.reminders import unsubscribe_token

from . import walk

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The reminder mail's one-click unsubscribe (RFC 8058): its signed token stands in for the CSRF
# token, which the mail provider's POST cannot carry (tracker/views/reminders.py).
EXEMPT = {"api_assess", "reminders_unsubscribe"}
NAMES = sorted({name for _route, name, _callback in walk()} - EXEMPT)

# Where the form that posts to a POST-only address is shown.
FORM_PAGE = {
    "checkin_no_change": "massage_detail",
    "assessment_feedback": "checkin_assessment",
    "account_country": "account",
    "account_reminders": "account",
    "reply_create": "story_detail",
    "report_create": "story_detail",
    # The report's PDF is posted by its button on the report page (the name never in an address).
    "massage_report_pdf": "massage_report",
    # The log-out button is on every page; logged in, log-in and sign-up send you onwards.
    "logout": "dashboard",
    "login": "dashboard",
    "signup": "dashboard",
    "signup_password": "dashboard",
}


@pytest.fixture
def objects(owner, other_user, massage, checkin):
    approved = {"status": ModerationStatus.APPROVED, "decided_at": timezone.now()}
    theirs = Story.objects.create(
        author=other_user, title="Theirs", body="Text", consent_anonymous=True, **approved
    )
    mine = Story.objects.create(author=owner, title="Mine", body="Text", consent_anonymous=True)
    reply = Reply.objects.create(story=theirs, author=owner, body="Me too")
    return {"massage": massage, "checkin": checkin, "theirs": theirs, "mine": mine, "reply": reply}


def _kwargs(name, objects):
    by_name = {
        "checkin_assessment": {"pk": objects["checkin"].pk},
        "assessment_feedback": {"pk": objects["checkin"].pk},
        "checkin_detail": {"pk": objects["checkin"].pk},
        "checkin_update": {"pk": objects["checkin"].pk},
        "checkin_delete": {"pk": objects["checkin"].pk},
        "checkin_emergency": {"pk": objects["checkin"].pk},
        "checkin_calendar": {"pk": objects["checkin"].pk},
        "story_detail": {"pk": objects["theirs"].pk},
        "reply_create": {"pk": objects["theirs"].pk},
        "report_create": {"kind": "story", "pk": objects["theirs"].pk},
        "story_edit": {"pk": objects["mine"].pk},
        "story_withdraw": {"pk": objects["mine"].pk},
        "reply_edit": {"pk": objects["reply"].pk},
        "reply_withdraw": {"pk": objects["reply"].pk},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "signup_password": {"token": "not-a-signed-link"},
        "reminders_unsubscribe": {"token": unsubscribe_token(objects["massage"].owner)},
    }
    if name in by_name:
        return by_name[name]
    route = next(route for route, n, _callback in walk() if n == name)
    return {"pk": objects["massage"].pk} if "<int:pk>" in route else {}


def _url(name, objects):
    return reverse(name, kwargs=_kwargs(name, objects))


def _accepts_post(name, objects, other_user):
    # Asked as another person, so that asking changes nothing of the owner's: a view that
    # takes POST answers them 404 (or a form error), one that does not answers 405.
    client = Client()
    client.force_login(other_user)
    return client.post(_url(name, objects), {}).status_code != 405


@pytest.fixture
def csrf_client(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    return client


def test_the_walk_finds_the_forms_we_know_of(objects, other_user):
    found = {name for name in NAMES if _accepts_post(name, objects, other_user)}
    expected = {"signup", "login", "logout", "massage_create", "checkin_create", "story_create"}
    expected |= {"reply_create", "report_create", "account_delete", "assessment_feedback"}
    expected |= {"massage_report", "massage_report_pdf"}
    assert expected <= found


@pytest.mark.parametrize("name", NAMES)
def test_a_post_without_a_token_is_refused(csrf_client, objects, name):
    # Refused before the view runs, so GET-only pages answer 403 as well.
    response = csrf_client.post(_url(name, objects), {"notes": "x"})
    assert response.status_code == 403, f"{name}: {response.status_code}"


@pytest.mark.parametrize("name", NAMES)
def test_a_post_with_the_token_of_the_form_page_is_accepted(csrf_client, objects, other_user, name):
    if not _accepts_post(name, objects, other_user):
        # A read-only page: with the token, the POST gets past CSRF and is refused as a method.
        token = TOKEN.search(csrf_client.get(reverse("dashboard")).content.decode()).group(1)
        response = csrf_client.post(_url(name, objects), {"csrfmiddlewaretoken": token})
        assert response.status_code == 405, f"{name}: {response.status_code}"
        return
    form_page = FORM_PAGE.get(name, name)
    page = csrf_client.get(_url(form_page, objects))
    found = TOKEN.search(page.content.decode())
    assert found, f"{form_page} shows no form with a CSRF token"
    token = found.group(1)
    response = csrf_client.post(_url(name, objects), {"csrfmiddlewaretoken": token})
    assert response.status_code != 403, f"{name}: {response.status_code}"
    assert response.status_code < 500


def test_only_the_listed_views_are_exempt_from_csrf():
    exempt = {name for _route, name, callback in walk() if getattr(callback, "csrf_exempt", False)}
    assert exempt == EXEMPT


def test_the_json_api_still_refuses_forms(client):
    # Exempt from CSRF because it takes JSON only: a cross-site form post cannot send JSON.
    response = client.post(reverse("api_assess"), {"age_band": "18_39"})
    assert response.status_code == 400
