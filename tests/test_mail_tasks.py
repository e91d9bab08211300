"""Mail tasks try again when the mail server fails (tracker/mail.py): after 1, 5 and 30 minutes,
four tries in all, then they give up with an error in the log and a failed task result.

The tasks are queued, not run (DummyBackend), and run here one by one as a worker would.
"""

import datetime
import logging
import smtplib

import pytest
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import default_task_backend
from django_tasks_db.models import DBTaskResult

from community.tasks import send_decision_notice
from tests.test_production_settings import manage, production_env
from tracker import mail
from tracker.tasks import send_password_reset, send_signup_mail

pytestmark = pytest.mark.django_db

DOWN = "tests.test_mail_tasks.DownMailServer"
UP = "django.core.mail.backends.locmem.EmailBackend"
QUEUED_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
TRIES = "tries_to_send"  # the cache key DownMailServer counts in


class DownMailServer(BaseEmailBackend):
    """A mail server that drops every connection, and counts the tries."""

    def send_messages(self, email_messages):
        cache.set(TRIES, cache.get(TRIES, 0) + 1)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def queued(settings):
    settings.TASKS = QUEUED_ONLY
    return default_task_backend.results


@pytest.fixture
def mail_server_down(settings, mailoutbox):
    settings.EMAIL_BACKEND = DOWN


def run_next(queued):
    """Run the oldest queued task, as a worker would (so a failure propagates)."""
    result = queued.pop(0)
    return result.task.call(*result.args, **result.kwargs)


def reset_for_owner():
    send_password_reset.enqueue(email="owner@example.com", domain="testserver", use_https=False)


def test_a_failed_mail_is_queued_again_for_a_minute_later(owner, queued, mail_server_down):
    reset_for_owner()

    run_next(queued)

    [retry] = queued
    assert retry.task.name == "send_password_reset"
    assert retry.kwargs == {
        "email": "owner@example.com",
        "domain": "testserver",
        "use_https": False,
        "attempt": 2,
    }
    assert retry.task.run_after - timezone.now() == pytest.approx(
        datetime.timedelta(minutes=1), abs=datetime.timedelta(seconds=5)
    )


def test_it_tries_four_times_waiting_longer_each_time_then_gives_up(
    owner, queued, mail_server_down, caplog, mailoutbox
):
    reset_for_owner()
    waits = []

    with caplog.at_level(logging.WARNING, logger="tracker.mail"):
        for _ in range(3):
            run_next(queued)
            [retry] = queued
            waits.append(round((retry.task.run_after - timezone.now()).total_seconds() / 60))
        with pytest.raises(OSError):
            run_next(queued)

    assert waits == [1, 5, 30]
    assert queued == []  # nothing more
    assert cache.get(TRIES) == mail.ATTEMPTS == 4
    *retries, gave_up = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert [level for level, _ in retries] == ["WARNING"] * 3
    assert retries[-1][1].endswith("trying again in 0:30:00")
    assert gave_up == (
        "ERROR",
        "send_password_reset failed 4 times, giving up: "
        "SMTPServerDisconnected('Connection unexpectedly closed')",
    )
    assert mailoutbox == []


def test_a_retry_sends_the_mail_once_the_server_is_back(
    owner, queued, mail_server_down, settings, mailoutbox
):
    reset_for_owner()
    run_next(queued)

    settings.EMAIL_BACKEND = UP
    run_next(queued)

    [sent] = mailoutbox
    assert sent.to == ["owner@example.com"]
    assert "/accounts/reset/" in sent.body
    assert queued == []


def test_the_sign_up_mail_is_retried_too(queued, mail_server_down):
    send_signup_mail.enqueue(
        email="new@example.com",
        time_zone="UTC",
        country="",
        domain="testserver",
        use_https=True,
    )

    run_next(queued)

    [retry] = queued
    assert (retry.task.name, retry.kwargs["email"], retry.kwargs["attempt"]) == (
        "send_signup_mail",
        "new@example.com",
        2,
    )


def test_an_error_that_is_not_the_mail_servers_is_not_retried(queued, monkeypatch):
    def broken(**kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("tracker.tasks.User.objects.filter", broken)
    send_signup_mail.enqueue(
        email="new@example.com", time_zone="UTC", country="", domain="x", use_https=True
    )

    with pytest.raises(ValueError):
        run_next(queued)
    assert queued == []  # a retry would fail the same way


def test_without_a_backend_that_can_wait_it_tries_again_at_once_still_four_times(
    owner, mail_server_down, mailoutbox
):
    # Development and the other tests run tasks at once (ImmediateBackend, settings.TASKS).
    reset_for_owner()

    assert cache.get(TRIES) == 4
    assert mailoutbox == []


# The worker closes the database connection between tasks, as it should: the test's data must
# be committed, not held in a transaction that the closing would end (PostgreSQL).
@pytest.mark.django_db(transaction=True)
def test_the_database_queue_holds_the_retry_until_its_time(
    owner, settings, mail_server_down, mailoutbox, time_machine
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    time_machine.move_to(timezone.now(), tick=False)
    reset_for_owner()

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    # The clock stands still: both were queued at the same instant, so order by the try.
    first, retry = sorted(
        DBTaskResult.objects.all(), key=lambda row: row.args_kwargs["kwargs"].get("attempt", 1)
    )
    assert first.status == "SUCCESSFUL"  # this try ended by queueing the next one
    assert (retry.status, retry.run_after) == ("READY", timezone.now() + mail.RETRY_AFTER[0])
    assert retry.args_kwargs["kwargs"]["attempt"] == 2

    settings.EMAIL_BACKEND = UP
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert mailoutbox == []  # not before its time

    time_machine.shift(mail.RETRY_AFTER[0])
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"
    assert [sent.to for sent in mailoutbox] == [["owner@example.com"]]


@pytest.mark.parametrize("task", [send_password_reset, send_signup_mail, send_decision_notice])
def test_every_mail_task_can_be_found_by_its_path_as_the_worker_finds_it(task):
    assert import_string(task.module_path) is task


def test_production_queues_tasks_in_the_database_for_the_worker():
    # Settings are read once per process: production's run in a subprocess.
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django_tasks import task_backends; print(type(task_backends['default']))",
        env=production_env(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "<class 'django_tasks_db.backend.DatabaseBackend'>"
