"""Reminders to check in (issue 14, point 2): when they are planned, when they are skipped, and
the mail that carries them.

``manage.py reminders`` plans before it lists or sends (``plan_changed``): for each massage of a
person who turned reminders on, whose check-ins changed since its reminders were last planned,
the latest assessment asks for a reminder on its ``recheck_on`` date and, while the nerve test
(EMG) window is still ahead and no EMG was done, one on the day it opens; each at 09:00 in the
person's time zone. A pending reminder the new assessment no longer asks for is skipped
("checked in since"). Planning there, not in the check-in's save, keeps the save's transaction
and its queries as they were (tests/test_checkin_transaction.py, test_assessment_history.py),
and a reminder is never worth failing a check-in for.

Sending claims a row first (``claim``: an UPDATE that only one worker can win), then checks the
skip rules again against the latest assessment, then mails. So a reminder is mailed at most
once, and never for a date a later check-in moved.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .assessment_display import emg_window_opens
from .models import CheckIn, Massage, Reminder, User

SEND_AT = datetime.time(9, 0)
SUBJECT = "Your MassageCare check-in"
UNSUBSCRIBE_SALT = "tracker.reminders.unsubscribe"
LATE_AFTER = datetime.timedelta(days=1)
PLAN_WINDOW = datetime.timedelta(days=22)


def send_time(day, time_zone):
    """09:00 on ``day`` in ``time_zone`` (an aware datetime; stored in UTC)."""
    return datetime.datetime.combine(day, SEND_AT, tzinfo=zoneinfo.ZoneInfo(time_zone))


def wanted(assessment, *, emg_done):
    """``{(kind, day)}``: the reminders an assessment asks for.

    Its ``recheck_on`` date (spec/triage.md 18); and the day the EMG window opens (day 21,
    F30-F34) while it is still ahead, when a nerve pattern fired and no EMG was done.
    """
    if not assessment:
        return set()
    days = set()
    if assessment.get("recheck_on"):
        days.add((Reminder.Kind.RECHECK, datetime.date.fromisoformat(assessment["recheck_on"])))
    opens = None if emg_done else emg_window_opens(assessment)
    if opens is not None:
        days.add((Reminder.Kind.EMG, opens))
    return days


def plan_changed(now=None):
    """Plan again the reminders of every massage whose check-ins changed since they were last
    planned, for the people who turned reminders on; returns how many massages.

    Only check-ins of the last ``PLAN_WINDOW`` days can ask for a day still ahead (the EMG
    window opens at most 21 days after a check-in; ``recheck_on`` is days away), so older
    massages are never read again. A massage whose latest assessment asks for nothing leaves
    no newer ``planned_at`` to compare with: it is planned again on each run inside that
    window (a few queries each; people who opted in only).
    """
    now = now or timezone.now()
    massages = (
        Massage.objects.filter(
            owner__reminders=True,
            owner__is_active=True,
            checkins__updated_at__gte=now - PLAN_WINDOW,
        )
        .annotate(changed=Max("checkins__updated_at"), planned=Max("reminders__planned_at"))
        .filter(Q(planned__isnull=True) | Q(changed__gt=F("planned")))
        .only("id", "owner_id")
    )
    planned = 0
    for massage in massages:
        plan(massage)
        planned += 1
    return planned


def plan(massage):
    """Plan ``massage``'s reminders again from its latest check-in's assessment.

    Only for a person who turned reminders on; days before their own today are left out (an old
    check-in edited). A pending one no longer asked for is skipped; one asked for again keeps
    its row (the unique constraint) with a new ``planned_at``. A sent or skipped one stays as it
    is: at most once.
    """
    user = User.objects.only("time_zone", "reminders", "is_active").get(pk=massage.owner_id)
    days = set()
    if user.reminders and user.is_active:
        today = timezone.now().astimezone(zoneinfo.ZoneInfo(user.time_zone)).date()
        days = {(kind, day) for kind, day in asked_for(massage.pk) if day >= today}
    now = timezone.now()
    with transaction.atomic():
        stale = Reminder.objects.filter(massage=massage, state=Reminder.State.PENDING)
        for kind, day in days:
            stale = stale.exclude(kind=kind, due_on=day)
        reason = Reminder.Reason.CHECKED_IN if user.reminders else Reminder.Reason.OFF
        stale.update(state=Reminder.State.SKIPPED, reason=reason)
        if not days:
            return
        Reminder.objects.bulk_create(
            [
                Reminder(
                    user=user,
                    massage=massage,
                    kind=kind,
                    due_on=day,
                    send_at=send_time(day, user.time_zone),
                    planned_at=now,
                )
                for kind, day in sorted(days)
            ],
            ignore_conflicts=True,
        )
        asked = Q()
        for kind, day in days:
            asked |= Q(kind=kind, due_on=day)
        Reminder.objects.filter(asked, massage=massage, state=Reminder.State.PENDING).update(
            planned_at=now
        )


def asked_for(massage_id):
    """``{(kind, day)}`` the latest check-in of a massage asks for: two queries."""
    checkins = CheckIn.objects.filter(massage_id=massage_id)
    latest = checkins.order_by("-date", "-created_at", "-id").only("assessment").first()
    if latest is None or not latest.assessment:
        return set()
    return wanted(latest.assessment, emg_done=checkins.filter(emg_done=True).exists())


def claim(reminder_id):
    """Take a pending reminder for sending: True for the one caller that wins.

    One UPDATE ... WHERE state = 'pending': the database lets a single one of several workers
    change the row, and the row count tells each whether it was that one.
    """
    return bool(
        Reminder.objects.filter(pk=reminder_id, state=Reminder.State.PENDING).update(
            state=Reminder.State.SENT, sent_at=timezone.now()
        )
    )


def skip_reason(reminder, now=None):
    """Why a claimed reminder must not be mailed after all, or "" to mail it.

    More than a day late (the workers were down, or the mail server) it would remind of a
    day gone by: skipped, which also ends the retries of one that cannot be mailed.
    """
    user = reminder.user
    if (now or timezone.now()) - reminder.send_at > LATE_AFTER:
        return Reminder.Reason.LATE
    if not user.is_active:
        return Reminder.Reason.INACTIVE
    if not user.reminders:
        return Reminder.Reason.OFF
    # Checked in (or edited, or deleted one) since it was planned, and the latest assessment
    # no longer asks for this day: the person has moved on from it.
    if (reminder.kind, reminder.due_on) not in asked_for(reminder.massage_id):
        return Reminder.Reason.CHECKED_IN
    return Reminder.Reason.NONE


def send(reminder_id):
    """Claim, check and mail one reminder; returns its state afterwards (None when it is gone:
    the account or the massage was deleted)."""
    if not claim(reminder_id):
        return Reminder.objects.filter(pk=reminder_id).values_list("state", flat=True).first()
    reminder = Reminder.objects.select_related("user").get(pk=reminder_id)
    reason = skip_reason(reminder)
    if reason:
        Reminder.objects.filter(pk=reminder_id).update(
            state=Reminder.State.SKIPPED, reason=reason, sent_at=None
        )
        return Reminder.State.SKIPPED
    try:
        reminder_mail(reminder).send()
    except OSError:
        # The mail server failed (smtplib's errors are OSErrors): nothing was sent, so the
        # claim is given back for the task's retry (tracker/mail.py) to take again.
        Reminder.objects.filter(pk=reminder_id).update(state=Reminder.State.PENDING, sent_at=None)
        raise
    except Exception:
        # Anything else would fail again: it stays failed (the task's log says why).
        Reminder.objects.filter(pk=reminder_id).update(
            state=Reminder.State.FAILED, reason=Reminder.Reason.MAIL_FAILED
        )
        raise
    return Reminder.State.SENT


def site_url():
    if not settings.SITE_URL:
        raise ImproperlyConfigured("Set SITE_URL (e.g. https://massagecare.example) to mail links.")
    return settings.SITE_URL.rstrip("/")


def unsubscribe_token(user):
    """The signed token of a reminder's unsubscribe link. It never expires: an old mail's link
    must still stop the mails."""
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_id_from_token(token):
    """The account id a token was signed for, or None when it is forged."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def unsubscribe_url(user):
    return site_url() + reverse("reminders_unsubscribe", args=[unsubscribe_token(user)])


def reminder_mail(reminder):
    """The mail: a subject and a body that name no symptom or condition (anyone may see a
    phone's lock screen), a link to a check-in that starts from the last answers, and the
    one-click unsubscribe of RFC 8058."""
    unsubscribe = unsubscribe_url(reminder.user)
    context = {
        "checkin_url": site_url() + reverse("checkin_create", args=[reminder.massage_id]),
        "unsubscribe_url": unsubscribe,
    }
    return EmailMessage(
        subject=SUBJECT,
        body=render_to_string("tracker/email/reminder_email.txt", context),
        to=[reminder.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def turn_off(user_id):
    """Reminders off for this account, and its pending ones skipped."""
    with transaction.atomic():
        User.objects.filter(pk=user_id).update(reminders=False)
        Reminder.objects.filter(user_id=user_id, state=Reminder.State.PENDING).update(
            state=Reminder.State.SKIPPED, reason=Reminder.Reason.OFF
        )
