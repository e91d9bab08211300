"""Nobody learns from sign-up or password reset whether an email has an account (issue 13, 4).

Both answer the same page whatever the email, and look up no account in the request: they queue
a mail task (tracker/tasks.py), which decides what to send. So neither the answer, nor the work
the request does, nor the time it takes says anything; only the mailbox's owner learns it.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks import default_task_backend

from tracker.models import User

QUEUED_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
# Words about health that no account mail may hold: a mail can be read over a shoulder.
HEALTH_WORDS = re.compile(
    r"symptom|pain|ache|numb|tingl|weak|nerve|stroke|doctor|emergency|check-in|shoulder|neck",
    re.I,
)


@pytest.fixture
def queued(settings):
    """Tasks are queued, not run: what the request itself does, and nothing of the task."""
    settings.TASKS = QUEUED_ONLY
    return default_task_backend.results


def sign_up(email):
    return Client().post(reverse("signup"), {"email": email, "time_zone": "Europe/Paris"})


def ask_reset(email):
    return Client().post(reverse("password_reset"), {"email": email})


def test_signing_up_with_a_taken_address_answers_exactly_as_with_a_new_one(owner):
    taken = sign_up("Owner@Example.com")
    new = sign_up("newcomer@example.com")

    # Was 200 with "An account with this email already exists." for the taken one.
    assert (taken.status_code, taken["Location"]) == (302, reverse("signup_done"))
    assert (new.status_code, new["Location"]) == (302, reverse("signup_done"))
    assert taken.content == new.content == b""
    assert sorted(taken.cookies) == sorted(new.cookies) == []
    assert User.objects.get() == owner


def test_signing_up_with_a_taken_address_mails_its_owner_instead(owner, mailoutbox):
    sign_up("Owner@Example.com")

    [mail] = mailoutbox
    assert mail.to == ["owner@example.com"]
    assert mail.subject == "Someone tried to sign up with your email address"
    assert "http://testserver/accounts/login/" in mail.body
    assert "http://testserver/accounts/password_reset/" in mail.body
    assert "/accounts/signup/" not in mail.body  # no link that could make a second account


def test_the_sign_up_request_does_the_same_work_for_a_taken_and_a_new_address(
    owner, queued, mailoutbox, django_assert_num_queries
):
    # No query at all: not even the look-up that a taken address would answer faster or
    # slower (was 1 query and a form error for a taken address, 17 for a new one).
    with django_assert_num_queries(0):
        sign_up("Owner@Example.com")
    with django_assert_num_queries(0):
        sign_up("newcomer@example.com")

    assert mailoutbox == []
    assert [(result.task.name, result.kwargs["email"]) for result in queued] == [
        ("send_signup_mail", "owner@example.com"),
        ("send_signup_mail", "newcomer@example.com"),
    ]


def test_the_password_reset_request_does_the_same_work_for_a_known_and_an_unknown_address(
    owner, queued, mailoutbox, django_assert_num_queries
):
    # Was a query each, and a mail sent within the request for the known address only.
    with django_assert_num_queries(0):
        known = ask_reset("Owner@Example.com")
    with django_assert_num_queries(0):
        unknown = ask_reset("nobody@example.com")

    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert mailoutbox == []
    assert [(result.task.name, result.kwargs) for result in queued] == [
        ("send_password_reset", {"email": email, "domain": "testserver", "use_https": False})
        for email in ("owner@example.com", "nobody@example.com")
    ]


def test_account_mails_name_no_symptom_or_condition(owner, checkin, mailoutbox):
    sign_up("owner@example.com")  # the owner's "someone tried" mail
    sign_up("newcomer@example.com")  # a sign-up link
    ask_reset("owner@example.com")  # a reset link

    assert len(mailoutbox) == 3
    for mail in mailoutbox:
        assert not HEALTH_WORDS.search(mail.subject + mail.body), mail.subject
