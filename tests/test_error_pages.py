"""Error pages: a friendly 503 while the database is away, a 500 without a traceback, a 404."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

from tracker.models import CheckIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(owner):
    """A logged-in client that gets error pages as responses, as a browser would."""
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    return client


def database_down(exc=OperationalError):
    """Every query fails as it does while PostgreSQL restarts: the connection is refused."""
    return mock.patch.object(
        BaseDatabaseWrapper,
        "_cursor",
        side_effect=exc("connection to server at 127.0.0.1, port 5432 failed: Connection refused"),
    )


def assert_friendly_unavailable(response):
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    assert "MassageCare is back in a moment" in html
    assert "was <strong>not</strong> saved" in html
    # Nothing from the exception reaches the page.
    for leak in ("Traceback", "OperationalError", "5432", "Connection refused", "psycopg"):
        assert leak not in html
    # The page keeps the site's policy and stylesheet: it is a real page, not a bare string.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "/static/css/site" in html


@pytest.mark.parametrize("name", ["dashboard", "history_overview", "account", "massage_create"])
@pytest.mark.parametrize("exc", [OperationalError, InterfaceError])
def test_a_private_page_answers_503_while_the_database_is_away(person, name, exc):
    with database_down(exc):
        response = person.get(reverse(name))
    assert_friendly_unavailable(response)


def test_public_pages_that_read_the_database_answer_503_too(massage):
    with database_down():
        response = Client(raise_request_exception=False).get(reverse("story_list"))
    assert_friendly_unavailable(response)


def test_saving_a_checkin_while_the_database_is_away_saves_nothing_and_says_so(person, massage):
    url = reverse("checkin_create", args=[massage.pk])
    form = person.get(url).content.decode()
    draft = form.split('name="draft" value="', 1)[1].split('"', 1)[0]
    with database_down():
        response = person.post(url, {"draft": draft, "stage": "emergency", "action": "next"})
    assert_friendly_unavailable(response)
    assert not CheckIn.objects.exists()


def test_the_app_serves_again_once_the_database_is_back(person):
    with database_down():
        assert person.get(reverse("dashboard")).status_code == 503
    response = person.get(reverse("dashboard"))
    assert response.status_code == 200


def test_a_bug_answers_the_500_page_without_a_traceback(person):
    # A fault in a middleware, before any view runs: Django hands it to handler500 all the same.
    with mock.patch(
        "massagecare.middleware.zoneinfo.ZoneInfo", side_effect=RuntimeError("secret detail")
    ):
        response = person.get(reverse("dashboard"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "secret detail" not in html
    assert "Traceback" not in html
    assert "Retry-After" not in response
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_address_answers_the_404_page(person):
    response = person.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert reverse("dashboard") in html


def test_a_form_without_its_csrf_token_answers_a_page_that_says_what_to_do(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(reverse("massage_create"), {})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Please send the form again" in html
    assert "reload the page" in html


def test_the_log_says_the_database_was_away_in_one_line_without_a_traceback(person, caplog):
    from massagecare.errors import DatabaseUnavailableLogFilter

    with database_down(), caplog.at_level("ERROR", logger="django.request"):
        person.get(reverse("dashboard"))
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert DatabaseUnavailableLogFilter().filter(record)
    assert record.exc_info is None
    assert "Service Unavailable: /dashboard/" in record.getMessage()
    assert "database unavailable: connection to server" in record.getMessage()


def test_the_unavailable_page_shows_no_menu_it_cannot_know(person):
    with database_down():
        html = person.get(reverse("dashboard")).content.decode()
    assert "Log in" not in html
    assert "Log out" not in html


@pytest.mark.parametrize("exc", ["ConnectionError", "TimeoutError"])
def test_a_page_answers_503_while_the_shared_cache_is_away(person, exc):
    # With CACHE_URL set, sessions are read through Redis: Redis restarting is no bug either.
    import redis.exceptions

    error = getattr(redis.exceptions, exc)("Error 111 connecting to 127.0.0.1:6379.")
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=error):
        response = person.get(reverse("dashboard"))
    assert_friendly_unavailable(response)
    assert "6379" not in response.content.decode()
