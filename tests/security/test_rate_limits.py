"""What one client address, or one email, may ask for in a while (settings.RATE_LIMITS).

Over a limit the answer is 429 with Retry-After, and nothing is done: no assessment, no mail.
Addresses are read through the trusted proxies only (tracker/client.py), so a client cannot
dodge a limit by writing its own X-Forwarded-For. Log-in guesses: tests/security/test_lockout.py.
"""

import pytest
from django.conf import settings
from django.urls import reverse

STRANGER = "203.0.113.7"
SOMEONE_ELSE = "198.51.100.2"


@pytest.fixture
def frozen(time_machine):
    # At the start of an hour: every window starts there, so Retry-After is the whole window.
    time_machine.move_to("2026-03-01 09:00Z", tick=False)


def ask_api(client, **extra):
    return client.generic(
        "POST", reverse("api_assess"), "{}", content_type="application/json", **extra
    )


def test_a_client_flooding_the_api_gets_429_with_retry_after_and_others_are_served(client, frozen):
    limit, window = settings.RATE_LIMITS["api"]

    answers = [ask_api(client, REMOTE_ADDR=STRANGER) for _ in range(limit + 1)]
    someone_else = ask_api(client, REMOTE_ADDR=SOMEONE_ELSE)

    assert [response.status_code for response in answers] == [400] * limit + [429]
    flooded = answers[-1]
    assert flooded["Retry-After"] == str(window)
    assert flooded.json() == {
        "errors": [
            {
                "path": "",
                "message": f"Too many requests from your address: try again in {window} seconds.",
            }
        ]
    }
    assert "no-store" in flooded["Cache-Control"]
    assert someone_else.status_code == 400  # read and judged: its own count


def test_the_api_limit_ends_with_its_window(client, time_machine):
    time_machine.move_to("2026-03-01 09:00Z", tick=False)
    limit, window = settings.RATE_LIMITS["api"]
    for _ in range(limit):
        ask_api(client, REMOTE_ADDR=STRANGER)
    assert ask_api(client, REMOTE_ADDR=STRANGER).status_code == 429

    time_machine.move_to(f"2026-03-01 09:00:{window - 1}Z", tick=False)
    assert ask_api(client, REMOTE_ADDR=STRANGER).status_code == 429
    time_machine.move_to("2026-03-01 09:01Z", tick=False)
    assert ask_api(client, REMOTE_ADDR=STRANGER).status_code == 400


def test_a_forged_x_forwarded_for_does_not_dodge_the_api_limit(client, frozen):
    limit, _window = settings.RATE_LIMITS["api"]

    answers = [
        ask_api(client, REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR=f"10.0.{n // 250}.{n % 250}")
        for n in range(limit + 1)
    ]

    assert answers[-1].status_code == 429


def test_the_api_limit_is_per_client_behind_the_proxy(client, settings, frozen):
    settings.TRUSTED_PROXY_COUNT = 1
    limit, _window = settings.RATE_LIMITS["api"]
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    answers = [ask_api(client, HTTP_X_FORWARDED_FOR=STRANGER, **proxy) for _ in range(limit + 1)]
    someone_else = ask_api(client, HTTP_X_FORWARDED_FOR=SOMEONE_ELSE, **proxy)

    # Every client reaches the app from the proxy's address: one count would stop them all.
    assert (answers[-1].status_code, someone_else.status_code) == (429, 400)


def test_one_ipv6_client_cannot_dodge_the_api_limit_by_moving_within_its_64(client, frozen):
    limit, _window = settings.RATE_LIMITS["api"]

    answers = [ask_api(client, REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}") for n in range(limit + 1)]

    assert answers[-1].status_code == 429
    assert ask_api(client, REMOTE_ADDR="2001:db8:1:3::1").status_code == 400


# Sign-up and password reset send mail: limited per address and per email, so that nobody can
# fill a mailbox or try addresses in bulk. A known and an unknown email count alike.


def sign_up(client, email, address):
    return client.post(reverse("signup"), {"email": email}, REMOTE_ADDR=address)


def ask_reset(client, email, address):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.mark.django_db
@pytest.mark.parametrize(("ask", "name"), [(sign_up, "signup"), (ask_reset, "password_reset")])
def test_requests_for_many_emails_from_one_address_are_limited(
    client, mailoutbox, make_user, frozen, ask, name
):
    limit, window = settings.RATE_LIMITS[f"{name}_address"]
    emails = [f"person{n}@example.com" for n in range(limit + 1)]
    for email in emails[::2]:
        make_user(email)  # half of them have an account

    answers = [ask(client, email, STRANGER) for email in emails]

    assert [response.status_code for response in answers] == [302] * limit + [429]
    assert answers[-1]["Retry-After"] == str(window)
    assert "Too many attempts" in answers[-1].content.decode()
    assert emails[-1] not in {address for mail in mailoutbox for address in mail.to}
    assert ask(client, emails[-1], SOMEONE_ELSE).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(("ask", "name"), [(sign_up, "signup"), (ask_reset, "password_reset")])
@pytest.mark.parametrize("has_account", [True, False])
def test_mail_to_one_email_is_limited_from_any_address(
    client, mailoutbox, make_user, frozen, ask, name, has_account
):
    limit, window = settings.RATE_LIMITS[f"{name}_email"]
    if has_account:
        make_user("target@example.com")

    answers = [ask(client, "Target@Example.com", f"203.0.113.{n + 1}") for n in range(limit + 1)]

    assert [response.status_code for response in answers] == [302] * limit + [429]
    assert answers[-1]["Retry-After"] == str(window)
    # A reset for an address with no account sends nothing; everything else one mail each.
    assert len(mailoutbox) == (0 if name == "password_reset" and not has_account else limit)
