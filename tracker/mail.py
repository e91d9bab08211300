"""Mail tasks that try again when the mail server fails.

django-tasks runs a task once: nothing retries it. Every task that sends mail is declared with
``@mail_task`` instead of ``@task()``. When sending fails (the server is down, refuses the
connection, or answers an SMTP error), the task queues itself again to run after ``RETRY_AFTER``
(1, 5, then 30 minutes), keeping its arguments. After ``ATTEMPTS`` tries it logs an error and
gives up; its task result ends FAILED, with the error, for the admin to see.

Usage (keyword arguments only, with JSON values; ids rather than objects, read again when the
task runs, since the row may have changed or gone)::

    @mail_task
    def send_reminder(*, reminder_id):
        ...  # read the reminder, send_mail(...) without fail_silently

    send_reminder.enqueue(reminder_id=reminder.pk)

A retry is the same call with ``attempt=2``, ``attempt=3``...: the task's own arguments must not
use that name. The task should only send once it has decided to, as late as it can: what it did
before failing is done again on the retry.
"""

import functools
import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
ATTEMPTS = len(RETRY_AFTER) + 1


def mail_task(func):
    """Make ``func`` a task (on the default backend and queue) retried when mail fails."""

    # functools.wraps gives the task the function's module and name, which the worker imports
    # it by (tracker.tasks.send_password_reset), so the name must be this task's.
    @functools.wraps(func)
    def run(*, attempt=1, **kwargs):
        try:
            return func(**kwargs)
        # smtplib's errors are OSErrors, like a refused or dropped connection.
        except OSError as error:
            if attempt >= ATTEMPTS:
                logger.error("%s failed %d times, giving up: %r", mail.name, attempt, error)
                raise
            delay = RETRY_AFTER[attempt - 1]
            logger.warning("%s failed (%r), trying again in %s", mail.name, error, delay)
            retry = mail
            # The database backend waits; a backend that can't (ImmediateBackend, in
            # development) tries again at once, still at most ATTEMPTS times.
            if mail.get_backend().supports_defer:
                retry = mail.using(run_after=timezone.now() + delay)
            retry.enqueue(attempt=attempt + 1, **kwargs)
            return None

    mail = task()(run)
    return mail
