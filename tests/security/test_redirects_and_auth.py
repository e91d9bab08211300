"""?next= never leads to another host, whatever its spelling.

Also required by issue 6, and tested where the accounts are (not repeated here):
- the login lockout: in tests/test_accounts.py,
  test_login_locks_out_after_five_failures_even_with_the_right_password and the two after it;
- a password-reset link works once:
  tests/test_accounts.py::test_password_reset_mails_a_link_that_works_once.
"""

from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

PASSWORD = "correct horse battery"

HOSTILE_NEXTS = [
    "//evil.example",
    "//evil.example/dashboard/",
    "///evil.example",
    "https://evil.example",
    "http://evil.example/",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "http:\\\\evil.example",
    " //evil.example",
    "\t//evil.example",
    "//evil.example@testserver",
    "https://testserver@evil.example/",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//%65vil.example",
    "https://evil.example%2F@testserver",
]


def assert_stays_on_our_host(response):
    assert response.status_code == 302
    location = response["Location"]
    normalised = location.strip().replace("\\", "/")
    parts = urlsplit(normalised)
    assert parts.scheme in ("", "http", "https"), location
    assert parts.netloc in ("", "testserver"), location
    assert not normalised.startswith("//"), location
    assert "evil" not in location and "script" not in location.lower(), location


@pytest.mark.parametrize("next_url", HOSTILE_NEXTS)
def test_login_with_a_hostile_next_in_the_form_stays_on_our_host(client, owner, next_url):
    response = client.post(
        reverse("login"), {"username": owner.email, "password": PASSWORD, "next": next_url}
    )
    assert_stays_on_our_host(response)
    assert response["Location"] == reverse("dashboard")


@pytest.mark.parametrize("next_url", HOSTILE_NEXTS)
def test_login_with_a_hostile_next_in_the_address_stays_on_our_host(client, owner, next_url):
    url = f"{reverse('login')}?{urlencode({'next': next_url})}"
    response = client.post(url, {"username": owner.email, "password": PASSWORD})
    assert_stays_on_our_host(response)


@pytest.mark.parametrize("next_url", HOSTILE_NEXTS)
def test_the_login_page_does_not_send_a_logged_in_person_away(owner_client, next_url):
    response = owner_client.get(reverse("login"), {"next": next_url})
    assert_stays_on_our_host(response)


@pytest.mark.parametrize("next_url", HOSTILE_NEXTS)
def test_logout_with_a_hostile_next_stays_on_our_host(owner_client, next_url):
    response = owner_client.post(reverse("logout"), {"next": next_url})
    assert_stays_on_our_host(response)


def test_a_safe_next_is_still_followed(client, owner):
    target = reverse("massage_create")
    response = client.post(
        reverse("login"), {"username": owner.email, "password": PASSWORD, "next": target}
    )
    assert response["Location"] == target


def test_a_private_page_sends_the_visitor_to_log_in_and_back(client, owner):
    response = client.get(reverse("history_overview"))
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url == f"{reverse('login')}?next={reverse('history_overview')}"
    response = client.post(login_url, {"username": owner.email, "password": PASSWORD})
    assert response["Location"] == reverse("history_overview")
