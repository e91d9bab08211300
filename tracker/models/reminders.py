"""Reminders to check in (issue 14, point 2): one row per (person, massage, kind, date).

A row is planned from the latest assessment of a massage (tracker/reminders.py) and sent at
09:00 in the person's own time zone. The unique constraint is what makes "at most once" hold
whatever plans or sends it, and however many workers do; the state says what became of it.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .accounts import User
from .massages import Massage


class ReminderQuerySet(models.QuerySet):
    def due(self, now=None):
        """The pending reminders whose time has come, soonest first."""
        now = now or timezone.now()
        return self.filter(state=Reminder.State.PENDING, send_at__lte=now).order_by("send_at", "id")


class Reminder(models.Model):
    class Kind(models.TextChoices):
        RECHECK = "recheck", "next check-in"
        EMG = "emg", "nerve test (EMG) window opens"

    class State(models.TextChoices):
        PENDING = "pending", "pending"
        SENT = "sent", "sent"
        SKIPPED = "skipped", "skipped"
        FAILED = "failed", "failed"

    class Reason(models.TextChoices):
        NONE = "", "—"
        CHECKED_IN = "checked_in", "checked in since"
        OFF = "off", "reminders turned off"
        INACTIVE = "inactive", "account not active"
        LATE = "late", "more than a day late"
        MAIL_FAILED = "mail_failed", "the mail could not be sent"

    # Both cascade: a deleted account or massage takes its reminders with it.
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reminders_planned")
    massage = models.ForeignKey(Massage, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    due_on = models.DateField("day it is for (the person's own calendar)")
    send_at = models.DateTimeField("09:00 on that day in the person's time zone")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    reason = models.CharField(max_length=16, choices=Reason.choices, blank=True)
    # When it was last planned: check-ins changed after it get it planned again.
    planned_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["send_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "massage", "kind", "due_on"], name="reminder_once_per_day"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["recheck", "emg"]), name="reminder_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sent", "skipped", "failed"]),
                name="reminder_state_valid",
            ),
        ]
        indexes = [models.Index(fields=["state", "send_at"], name="reminder_due_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.due_on:%-d %B %Y}: {self.get_state_display()}"
