"""The log-in lockout cannot be used against someone, nor dodged (issue 13, item 3).

django-axes locks one account for one client address after five wrong passwords, for 15
minutes; the address is read through the trusted proxies (tracker/client.py), never from a header
a client could forge. Wrong passwords from one address across every account are limited too
(settings.RATE_LIMITS["login_address"]), and the change-password form counts wrong old passwords
as log-in does.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from tracker.client import client_address

PASSWORD = "correct horse battery"
WRONG = "wrong password"
NEW_PASSWORD = "a brand new lantern 42"
STRANGER = "203.0.113.7"
OWNER = "198.51.100.2"


@pytest.fixture
def behind_the_proxy(settings):
    """As in production (README): nginx on the same machine appends the client's address."""
    settings.TRUSTED_PROXY_COUNT = 1


def log_in(client, email, password, forwarded_for=None, remote="127.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def test_a_stranger_behind_the_proxy_cannot_lock_the_owner_out(behind_the_proxy, client, owner):
    # Each time with an X-Forwarded-For of their own making, to which the proxy appends the
    # address it saw: the stranger is locked all the same, and only the stranger.
    answers = [
        log_in(client, owner.email, WRONG, forwarded_for=f"{OWNER}, 10.0.0.{n}, {STRANGER}")
        for n in range(20)
    ]
    owners_own = log_in(Client(), owner.email, PASSWORD, forwarded_for=OWNER)

    assert [response.status_code for response in answers] == [200] * 4 + [429] * 16
    assert owners_own.status_code == 302  # was 429 from the stranger's fifth guess on


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded_for", "seen"),
    [
        (0, STRANGER, OWNER, STRANGER),  # no proxy: the header is anyone's to write
        (1, "127.0.0.1", f"{OWNER}, {STRANGER}", STRANGER),  # the client wrote the first
        (2, "10.0.0.2", f"{OWNER}, {STRANGER}, 10.0.0.1", STRANGER),
        (2, "10.0.0.2", STRANGER, "10.0.0.2"),  # fewer entries than proxies: none believed
        (1, "127.0.0.1", "not-an-address", "127.0.0.1"),
        (1, "127.0.0.1", f"::ffff:{STRANGER}", STRANGER),
    ],
)
def test_a_forged_x_forwarded_for_never_becomes_the_client_address(
    settings, proxies, remote, forwarded_for, seen
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_address(request) == seen


def test_guessing_on_during_the_lockout_does_not_make_it_last(client, owner, time_machine):
    time_machine.move_to("2026-03-01 09:00Z", tick=False)
    for _ in range(5):
        log_in(client, owner.email, WRONG, remote=STRANGER)
    for minutes in (5, 10, 14):
        time_machine.move_to(f"2026-03-01 09:{minutes:02}Z", tick=False)
        assert log_in(client, owner.email, WRONG, remote=STRANGER).status_code == 429

    time_machine.move_to("2026-03-01 09:15:01Z", tick=False)
    response = log_in(client, owner.email, PASSWORD, remote=STRANGER)

    # Each guess in the lockout used to start its 15 minutes again: locked as long as they
    # kept guessing.
    assert response.status_code == 302


def test_forty_guesses_over_ten_accounts_from_one_address_stop_after_ten(
    client, make_user, time_machine
):
    time_machine.move_to("2026-03-01 09:00Z", tick=False)
    emails = [make_user(f"person{n}@example.com").email for n in range(10)]
    limit, window = settings.RATE_LIMITS["login_address"]

    # Four each: never the five that would lock one account.
    answers = [log_in(client, email, WRONG, remote=STRANGER) for email in emails for _ in range(4)]

    checked = [response for response in answers if response.status_code == 200]
    refused = [response for response in answers if response.status_code == 429]
    assert (len(checked), len(refused)) == (limit, 40 - limit) == (10, 30)  # were 40 and 0
    assert refused[0]["Retry-After"] == str(window)
    assert "Too many attempts" in refused[0].content.decode()
    # Their right password is refused from that address too, but not from another.
    assert log_in(client, emails[9], PASSWORD, remote=STRANGER).status_code == 429
    assert log_in(Client(), emails[9], PASSWORD, remote=OWNER).status_code == 302


def test_the_limit_across_accounts_ends_with_its_window(client, make_user, time_machine):
    time_machine.move_to("2026-03-01 09:00Z", tick=False)
    emails = [make_user(f"person{n}@example.com").email for n in range(3)]
    for n in range(10):
        log_in(client, emails[n % 3], WRONG, remote=STRANGER)
    assert log_in(client, emails[0], PASSWORD, remote=STRANGER).status_code == 429

    time_machine.move_to("2026-03-01 09:15Z", tick=False)

    assert log_in(client, emails[0], PASSWORD, remote=STRANGER).status_code == 302


def change_password(client, old_password):
    return client.post(
        reverse("password_change"),
        {
            "old_password": old_password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        REMOTE_ADDR=STRANGER,
    )


def test_guessing_the_old_password_on_change_password_locks_like_log_in(owner_client, owner):
    # An open session left behind: whoever holds it tries to learn the password.
    answers = [change_password(owner_client, f"guess number {n}").status_code for n in range(5)]
    right = change_password(owner_client, PASSWORD)

    assert answers == [200, 200, 200, 200, 429]  # were all 200, for as many as were tried
    assert right.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in right.templates]
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    # Logging in from that address is locked too.
    assert log_in(Client(), owner.email, PASSWORD, remote=STRANGER).status_code == 429


def test_wrong_old_passwords_are_counted_without_keeping_what_was_typed(owner_client):
    change_password(owner_client, "my secret guess")

    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 1
    assert "my secret guess" not in attempt.post_data
    assert NEW_PASSWORD not in attempt.post_data
    assert "old_password=****" in attempt.post_data
