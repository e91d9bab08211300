"""Reminders are opt-in (issue 14, point 2): a box at sign-up and a setting on the account page."""

import datetime

import pytest
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in, assert_shows, page_html
from tracker.forms.accounts import signup_link_token
from tracker.models import Reminder, User

URL = reverse("account_reminders")
PASSWORD = "correct horse battery"


def _signup_link():
    token = signup_link_token(email="newcomer@example.com", time_zone="Asia/Tokyo", country="JP")
    return reverse("signup_password", args=[token])


@pytest.mark.django_db
def test_sign_up_offers_reminders_unticked(client):
    html = page_html(client.get(_signup_link()))
    assert_shows(html, 'name="reminders"', "Email me a reminder to check in")
    assert 'name="reminders" checked' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("ticked, expected", [({"reminders": "on"}, True), ({}, False)])
def test_sign_up_keeps_the_choice(client, ticked, expected):
    data = {"password1": PASSWORD, "password2": PASSWORD, **ticked}
    response = client.post(_signup_link(), data)
    assert response.status_code == 302
    assert User.objects.get().reminders is expected


def test_the_account_page_shows_the_setting(owner_client, owner):
    html = page_html(owner_client.get(reverse("account")))
    assert_shows(html, "Reminders to check in", f'action="{URL}"', 'id="id_reminders">')
    owner.reminders = True
    owner.save()
    assert_shows(page_html(owner_client.get(reverse("account"))), 'id="id_reminders" checked>')


def test_the_owner_turns_reminders_on(owner_client, owner):
    response = owner_client.post(URL, {"reminders": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account")
    owner.refresh_from_db()
    assert owner.reminders is True


def test_turning_them_off_skips_the_pending_ones(owner_client, owner, massage):
    owner.reminders = True
    owner.save()
    reminder = Reminder.objects.create(
        user=owner,
        massage=massage,
        kind="recheck",
        due_on=massage.date + datetime.timedelta(days=9),
        send_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    owner_client.post(URL, {})
    owner.refresh_from_db()
    reminder.refresh_from_db()
    assert owner.reminders is False
    assert (reminder.state, reminder.reason) == ("skipped", "off")


def test_it_changes_only_the_logged_in_persons_setting(other_client, owner, other_user):
    other_client.post(URL, {"reminders": "on"})
    owner.refresh_from_db()
    other_user.refresh_from_db()
    assert (owner.reminders, other_user.reminders) == (False, True)


def test_anonymous_is_sent_to_log_in(client, db):
    assert_sent_to_log_in(client.post(URL, {"reminders": "on"}), URL)


def test_get_is_not_allowed(owner_client):
    assert owner_client.get(URL).status_code == 405
