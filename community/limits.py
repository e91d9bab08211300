"""Abuse limits for the community pages: how much one person may post in a rolling day.

The caps are constants, not settings: they are part of the product (a person shares a story or
two, replies to a few), and a test pins each one. Counting is by creation time, so an edited
story does not count again and a withdrawn one still counts; but a rejected story sent again
counts as a story shared that day (``resubmissions``).
"""

import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from tracker.models import User

from .models import ContentReport, ModerationDecision, Reply, Story

WINDOW = datetime.timedelta(hours=24)
STORIES_PER_DAY = 3
REPLIES_PER_DAY = 20
REPORTS_PER_DAY = 20


def resubmissions(user, since):
    """The rejections of ``user``'s stories that they answered by sending the story again
    since ``since``: one row per story sent again.

    Editing a rejected story puts it back in the queue as sharing a new one would: without
    counting it, a person at the day's cap could send any text through a story rejected before,
    as often as moderators reject it (issue 13). Nothing stores when a story was sent again but
    its ``submitted_at`` (its latest edit) and the decision log, so a rejection counts when the
    story was edited after it, and either it was made since ``since``, or the story's latest
    edit is since ``since`` and no moderator decided on the story between the rejection and
    ``since`` (such a decision dates the sending before ``since``: a story rejected, sent again
    and published last month, then edited today, was not sent again today).

    When it can't tell, it counts: a story sent again just before ``since`` and rejected (or
    edited) since counts in both days.
    """
    decided_before_since = ModerationDecision.objects.filter(
        story=OuterRef("story"), created_at__gt=OuterRef("created_at"), created_at__lt=since
    )
    return ModerationDecision.objects.filter(
        Q(created_at__gte=since)
        | (Q(story__submitted_at__gte=since) & ~Exists(decided_before_since)),
        action="reject",
        story__author=user,
        created_at__lt=F("story__submitted_at"),
    )


def _stories_sent(user, since):
    created = Story.objects.filter(author=user, created_at__gte=since).count()
    return created + resubmissions(user, since).count()


# kind -> (how many a person sent since a time, the cap, what to tell them when they reach it)
LIMITS = {
    "story": (
        _stories_sent,
        STORIES_PER_DAY,
        f"You can share {STORIES_PER_DAY} stories a day. Please try again tomorrow.",
    ),
    "reply": (
        lambda user, since: Reply.objects.filter(author=user, created_at__gte=since).count(),
        REPLIES_PER_DAY,
        f"You can send {REPLIES_PER_DAY} replies a day. Please try again tomorrow.",
    ),
    "report": (
        lambda user, since: ContentReport.objects.filter(
            reporter=user, created_at__gte=since
        ).count(),
        REPORTS_PER_DAY,
        f"You can send {REPORTS_PER_DAY} reports a day. Please try again tomorrow.",
    ),
}


def limit_reached(user, kind):
    """The message to show if ``user`` may not post another ``kind`` today, else ``None``.

    Call it inside the transaction that creates the row: it locks the person's user row first,
    so two posts sent at the same moment are counted one after the other (on PostgreSQL;
    SQLite writes one transaction at a time anyway).
    """
    sent, cap, message = LIMITS[kind]
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    if sent(user, timezone.now() - WINDOW) >= cap:
        return message
    return None
