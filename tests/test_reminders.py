"""Reminders to check in (issue 14, points 2 and 4): when they are planned and due, when they are
skipped, that each is mailed once, the mail and its one-click unsubscribe, and the command."""

import datetime
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse

from tests.helpers import SAN_LEFT, assert_hides, assert_shows, page_html, save_checkin
from tracker import reminders
from tracker.models import Reminder

ROOT = Path(__file__).resolve().parent.parent
UTC = datetime.UTC
# Day 5 after a massage on 5 March 2026: the answers of SAN_LEFT ask to check in again on the
# 13th (recheck_on) and, a nerve pattern having fired, for the EMG window opening on day 21.
MASSAGE_DAY = datetime.date(2026, 3, 5)
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
RECHECK_ON = datetime.date(2026, 3, 13)
EMG_FROM = datetime.date(2026, 3, 26)
MILD = {
    "symptoms": [
        {
            "kind": "ache",
            "region": "calf",
            "side": "left",
            "nprs": 2,
            "pressed_or_moved_only": True,
        }
    ],
    "course": "better",
}
HEALTH_WORDS = ("pain", "nerve", "emg", "symptom", "shoulder", "injur", "weak", "doctor", "arm")


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def person(make_user):
    return make_user("person@example.com", reminders=True, time_zone="Asia/Tokyo")


@pytest.fixture
def planned(clock, person, make_massage):
    """A check-in on day 5 that asks for both reminders, planned."""
    massage = make_massage(person, date=MASSAGE_DAY)
    check_in(massage, 5, **SAN_LEFT)
    return massage


def check_in(massage, day, **answers):
    """A check-in saved as the form saves it, then the command's planning run."""
    checkin = save_checkin(massage, day, **answers)
    reminders.plan_changed()
    return checkin


def _reminder(massage, kind=Reminder.Kind.RECHECK):
    return Reminder.objects.get(massage=massage, kind=kind)


# Planning


@pytest.mark.parametrize(
    "time_zone, utc",
    [
        ("Asia/Tokyo", datetime.datetime(2026, 3, 13, 0, 0, tzinfo=UTC)),
        # Summer time began on 8 March in Los Angeles: 09:00 is UTC-7.
        ("America/Los_Angeles", datetime.datetime(2026, 3, 13, 16, 0, tzinfo=UTC)),
    ],
)
def test_the_recheck_reminder_is_at_nine_in_the_persons_own_time_zone(
    clock, make_user, make_massage, time_zone, utc
):
    person = make_user("tz@example.com", reminders=True, time_zone=time_zone)
    massage = make_massage(person, date=MASSAGE_DAY)
    check_in(massage, 5, **SAN_LEFT)
    reminder = _reminder(massage)
    assert (reminder.due_on, reminder.send_at, reminder.state) == (RECHECK_ON, utc, "pending")


def test_a_nerve_pattern_plans_one_more_for_the_day_the_emg_window_opens(planned):
    emg = _reminder(planned, Reminder.Kind.EMG)
    assert emg.due_on == EMG_FROM
    assert emg.send_at == datetime.datetime(2026, 3, 26, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo


def test_no_emg_reminder_once_an_emg_was_done(clock, person, make_massage):
    massage = make_massage(person, date=MASSAGE_DAY)
    check_in(massage, 5, **SAN_LEFT, emg_done=True)
    assert list(massage.reminders.values_list("kind", flat=True)) == ["recheck"]


def test_nothing_is_planned_for_a_person_who_did_not_opt_in(clock, owner, make_massage):
    assert owner.reminders is False  # opt-in: off by default
    massage = make_massage(owner, date=MASSAGE_DAY)
    check_in(massage, 5, **SAN_LEFT)
    assert not Reminder.objects.exists()


def test_a_later_checkin_replaces_the_pending_recheck_reminder(planned, clock):
    clock.move_to(NOW + datetime.timedelta(days=1))
    check_in(planned, 6, **MILD)
    states = dict(planned.reminders.filter(kind="recheck").values_list("due_on", "state"))
    assert states == {RECHECK_ON: "skipped", datetime.date(2026, 3, 14): "pending"}
    assert planned.reminders.get(due_on=RECHECK_ON).reason == "checked_in"


def test_planning_reads_only_the_massages_whose_checkins_changed(
    planned, person, make_massage, clock
):
    assert reminders.plan_changed() == 0
    make_massage(person, date=MASSAGE_DAY)  # no check-in: nothing to plan
    assert reminders.plan_changed() == 0
    clock.shift(datetime.timedelta(minutes=1))
    save_checkin(planned, 5, **MILD)
    assert reminders.plan_changed() == 1


def test_deleting_the_checkin_that_asked_for_it_skips_it(planned, clock, mailoutbox):
    from tracker import services

    services.checkin_delete(checkin=planned.checkins.get())
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    assert reminders.send(_reminder(planned).pk) == "skipped"
    assert mailoutbox == []


def test_the_database_holds_each_reminder_once(planned):
    reminder = _reminder(planned)
    reminder.pk = None
    with pytest.raises(IntegrityError):
        reminder.save()


# Due and sent


def test_due_from_nine_in_the_morning_of_the_day_not_a_minute_before(planned, clock):
    # 09:00 in Tokyo on the 13th is midnight UTC.
    clock.move_to(datetime.datetime(2026, 3, 12, 23, 59, tzinfo=UTC))
    assert not Reminder.objects.due().exists()
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 0, tzinfo=UTC))
    assert list(Reminder.objects.due()) == [_reminder(planned)]


def test_a_due_reminder_is_mailed_once(planned, clock, mailoutbox):
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    reminder = _reminder(planned)
    assert reminders.send(reminder.pk) == "sent"
    assert reminders.send(reminder.pk) == "sent"
    assert len(mailoutbox) == 1
    reminder.refresh_from_db()
    assert reminder.state == "sent"
    assert reminder.sent_at == datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC)


def test_two_workers_claiming_the_same_reminder_only_one_wins(planned):
    reminder = _reminder(planned)
    assert [reminders.claim(reminder.pk), reminders.claim(reminder.pk)] == [True, False]


def test_skipped_when_they_checked_in_since_it_was_planned(
    planned, clock, make_checkin, mailoutbox
):
    # A check-in that did not plan again (saved other than by the form).
    clock.move_to(datetime.datetime(2026, 3, 11, 3, 0, tzinfo=UTC))
    make_checkin(planned, date=datetime.date(2026, 3, 11))
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    reminder = _reminder(planned)
    assert reminders.send(reminder.pk) == "skipped"
    reminder.refresh_from_db()
    assert (reminder.reason, reminder.sent_at) == ("checked_in", None)
    assert mailoutbox == []


def test_skipped_when_reminders_were_turned_off(planned, person, clock, mailoutbox):
    person.reminders = False
    person.save(update_fields=["reminders"])
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    reminder = _reminder(planned)
    assert reminders.send(reminder.pk) == "skipped"
    assert Reminder.objects.get(pk=reminder.pk).reason == "off"
    assert mailoutbox == []


def test_skipped_when_more_than_a_day_late(planned, clock, mailoutbox):
    clock.move_to(datetime.datetime(2026, 3, 14, 0, 1, tzinfo=UTC))
    assert reminders.send(_reminder(planned).pk) == "skipped"
    assert _reminder(planned).reason == "late"
    assert mailoutbox == []


def test_a_deleted_accounts_reminders_are_gone(planned, person, clock, mailoutbox):
    reminder = _reminder(planned)
    person.delete()
    assert not Reminder.objects.exists()
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    assert reminders.send(reminder.pk) is None  # a task queued before: nothing to send
    assert mailoutbox == []


def test_a_mail_server_failure_gives_the_reminder_back_for_the_retry(planned, clock, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    with pytest.raises(ConnectionRefusedError):
        reminders.send(_reminder(planned).pk)
    assert _reminder(planned).state == "pending"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite writes one at a time: no race to lose"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_mail_it_once(make_user, make_massage, mailoutbox, monkeypatch):
    # The race is about the claim: the reminder is still wanted when it is mailed.
    monkeypatch.setattr(reminders, "skip_reason", lambda reminder, now=None: "")
    person = make_user("race@example.com", reminders=True, time_zone="UTC")
    massage = make_massage(person, date=MASSAGE_DAY)
    due_at = datetime.datetime.now(UTC) - datetime.timedelta(minutes=1)
    reminder = Reminder.objects.create(
        user=person, massage=massage, kind="recheck", due_on=due_at.date(), send_at=due_at
    )
    start = threading.Barrier(2)
    results = []

    def worker():
        start.wait()
        try:
            results.append(reminders.send(reminder.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["sent", "sent"]  # the loser reads the winner's state
    assert len(mailoutbox) == 1


# The mail


def test_the_mail_names_no_symptom_and_carries_one_click_unsubscribe(
    planned, person, clock, mailoutbox, settings
):
    settings.SITE_URL = "https://massagecare.example"
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    reminders.send(_reminder(planned).pk)
    (mail,) = mailoutbox
    assert mail.subject == "Your MassageCare check-in"
    assert mail.to == [person.email]
    preview = mail.body.strip().splitlines()[0]
    assert preview == "It is time for your MassageCare check-in."
    words = (mail.subject + " " + mail.body.replace("MassageCare", "")).lower()
    assert [word for word in HEALTH_WORDS if word in words] == []
    checkin_url = "https://massagecare.example" + reverse("checkin_create", args=[planned.pk])
    assert checkin_url in mail.body
    unsubscribe = mail.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://massagecare.example/reminders/unsubscribe/")
    assert unsubscribe.strip("<>") in mail.body
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    message = mail.message()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_checkin_link_asks_to_log_in_first(client, planned):
    url = reverse("checkin_create", args=[planned.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Unsubscribe


def _unsubscribe_path(user):
    return reverse("reminders_unsubscribe", args=[reminders.unsubscribe_token(user)])


def test_the_unsubscribe_link_asks_before_it_turns_reminders_off(client, person):
    html = page_html(client.get(_unsubscribe_path(person)))
    assert_shows(html, "Stop reminder emails?", 'method="post"')
    assert_hides(html, person.email)
    person.refresh_from_db()
    assert person.reminders is True


def test_posting_the_unsubscribe_link_turns_reminders_off_without_logging_in(planned, person):
    # RFC 8058: the mail provider posts this body, with no cookie and no CSRF token.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        _unsubscribe_path(person),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert_shows(page_html(response), "Reminder emails stopped")
    person.refresh_from_db()
    assert person.reminders is False
    assert set(planned.reminders.values_list("state", "reason")) == {("skipped", "off")}


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_unsubscribe_token_is_refused(client, person, method):
    forged = reminders.unsubscribe_token(person)[:-2] + "xx"
    path = reverse("reminders_unsubscribe", args=[forged])
    assert_shows(page_html(getattr(client, method)(path), 400), "This link does not work")
    person.refresh_from_db()
    assert person.reminders is True


def test_a_token_signed_for_something_else_is_refused(client, person):
    from django.core import signing

    other = signing.dumps(person.pk, salt="tracker.signup")
    path = reverse("reminders_unsubscribe", args=[other])
    assert client.post(path).status_code == 400


# manage.py reminders


def _run(*args):
    from io import StringIO

    out = StringIO()
    call_command("reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_the_reminders_due_now_with_their_state(planned, clock):
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    reminder = _reminder(planned)
    output = _run()
    assert output.splitlines()[0] == "1 due now, 1 listed (as of 2026-03-13 00:05 UTC)"
    assert f"#{reminder.pk}  recheck  day 2026-03-13  at 2026-03-13 00:00 UTC  pending" in output
    assert "person@example.com" not in output
    assert _reminder(planned).state == "pending"  # listing sends nothing


def test_the_command_sends_them_with_send(planned, clock, mailoutbox):
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    assert "Queued 1 to send." in _run("--send")
    assert len(mailoutbox) == 1
    assert "0 due now, 1 listed" in _run("--send")
    assert "  sent" in _run()
    assert len(mailoutbox) == 1


def test_the_command_says_why_one_was_skipped(planned, person, clock):
    reminders.turn_off(person.pk)
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    assert "skipped (reminders turned off)" in _run()


def test_the_command_refuses_an_unknown_option():
    with pytest.raises(CommandError):
        call_command("reminders", "--bogus")


def test_from_a_shell_an_unknown_option_exits_2():
    result = subprocess.run(
        [sys.executable, "manage.py", "reminders", "--bogus"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "unrecognized arguments: --bogus" in result.stderr


def test_the_task_tries_again_after_a_mail_server_failure_and_mails_once(
    planned, clock, monkeypatch, mailoutbox
):
    from django.core.mail import EmailMessage

    from tracker.reminder_tasks import send_reminder

    real_send, calls = EmailMessage.send, []

    def fail_once(message, *args, **kwargs):
        calls.append(message)
        if len(calls) == 1:
            raise ConnectionRefusedError
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", fail_once)
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    # Development's ImmediateBackend runs the retry at once (tracker/mail.py).
    send_reminder.enqueue(reminder_id=_reminder(planned).pk)
    assert len(calls) == 2
    assert len(mailoutbox) == 1
    assert _reminder(planned).state == "sent"


def test_a_mail_that_cannot_be_built_is_marked_failed_not_retried(
    planned, clock, settings, mailoutbox
):
    settings.SITE_URL = ""  # production without SITE_URL: the links can't be made
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    with pytest.raises(ImproperlyConfigured):
        reminders.send(_reminder(planned).pk)
    assert (_reminder(planned).state, _reminder(planned).reason) == ("failed", "mail_failed")
    assert mailoutbox == []


def test_skipped_when_the_account_was_deactivated(planned, person, clock, mailoutbox):
    person.is_active = False
    person.save(update_fields=["is_active"])
    clock.move_to(datetime.datetime(2026, 3, 13, 0, 5, tzinfo=UTC))
    assert reminders.send(_reminder(planned).pk) == "skipped"
    assert _reminder(planned).reason == "inactive"
    assert mailoutbox == []


def test_every_runs_again_until_stopped_and_prints_only_rounds_with_something_due(
    planned, clock, mailoutbox, monkeypatch
):
    from tracker.management.commands import reminders as command

    clock.move_to(datetime.datetime(2026, 3, 12, 23, 59, tzinfo=UTC))  # a minute before it
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        if len(waits) == 3:
            raise KeyboardInterrupt  # Ctrl-C, or make run ending
        clock.shift(datetime.timedelta(seconds=seconds))

    monkeypatch.setattr(command.time, "sleep", sleep)
    output = _run("--send", "--every", "60")

    assert waits == [60, 60, 60]
    assert len(mailoutbox) == 1  # due in the second round, sent once
    assert output.splitlines()[0].startswith("1 due now")
    assert output.count("due now") == 1  # the quiet rounds print nothing


@pytest.mark.parametrize("every", ["5", "3601", "abc", "-1"])
def test_every_refuses_a_number_of_seconds_out_of_range(every):
    with pytest.raises(CommandError, match="seconds from 10 to 3600"):
        call_command("reminders", "--every", every)
