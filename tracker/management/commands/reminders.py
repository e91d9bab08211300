"""manage.py reminders: the reminders due now and their state; ``--send`` sends them."""

import argparse
import datetime
import time

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from tracker import reminders
from tracker.models import Reminder
from tracker.reminder_tasks import send_reminder

# Besides the pending ones, the list shows what became of those due in this many hours.
RECENT = datetime.timedelta(hours=24)


class Command(BaseCommand):
    help = (
        "Plan the reminders of the check-ins saved since the last run, then list the "
        "reminders due now (pending, their 09:00 in the person's time zone has come) and "
        "those due in the last 24 hours with their state: pending, sent, skipped (and why) or "
        "failed. With --send, queue a sending task for each pending one (each is mailed at "
        "most once, however many run). Run it every few minutes with --send (cron). Exits 2 "
        "on an unknown option. Names no person and no health record: a reminder's id, kind, "
        "day and state only. --every SECONDS repeats it until stopped (make run uses it, so "
        "that a reminder due while the app runs is sent within a minute)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--send", action="store_true", help="queue the pending ones for sending"
        )
        parser.add_argument(
            "--every",
            type=_seconds,
            metavar="SECONDS",
            help="run again every SECONDS (10 to 3600) until stopped; prints only rounds "
            "that found something due",
        )

    def handle(self, *args, send=False, every=None, **options):
        if every is None:
            self.run_once(send=send)
            return
        try:
            while True:
                self.run_once(send=send, quiet=True)
                time.sleep(every)
        except KeyboardInterrupt:
            return

    def run_once(self, *, send, quiet=False):
        reminders.plan_changed()
        now = timezone.now()
        shown = Reminder.objects.filter(
            Q(state=Reminder.State.PENDING, send_at__lte=now)
            | Q(send_at__gt=now - RECENT, send_at__lte=now)
        ).order_by("send_at", "id")
        rows = list(shown.values_list("id", "kind", "due_on", "send_at", "state", "reason"))
        due = [row[0] for row in rows if row[4] == Reminder.State.PENDING]
        if quiet and not due:
            return
        self.stdout.write(
            f"{len(due)} due now, {len(rows)} listed (as of {now:%Y-%m-%d %H:%M} UTC)"
        )
        for pk, kind, due_on, send_at, state, reason in rows:
            why = f" ({Reminder.Reason(reason).label})" if reason else ""
            self.stdout.write(
                f"#{pk}  {kind:<7}  day {due_on:%Y-%m-%d}  at {send_at:%Y-%m-%d %H:%M} UTC  "
                f"{state}{why}"
            )
        if send:
            for pk in due:
                send_reminder.enqueue(reminder_id=pk)
            self.stdout.write(f"Queued {len(due)} to send.")


def _seconds(value):
    try:
        seconds = int(value)
    except ValueError:
        seconds = 0
    if not 10 <= seconds <= 3600:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds from 10 to 3600")
    return seconds
