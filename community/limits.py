"""Abuse limits for the community pages: how much one person may post in a rolling day.

The caps are constants, not settings: they are part of the product (a person shares a story or
two, replies to a few), and a test pins each one. Counting is by creation time, so an edited
story does not count again and a withdrawn one still counts.
"""

import datetime

from django.utils import timezone

from tracker.models import User

from .models import ContentReport, Reply, Story

WINDOW = datetime.timedelta(hours=24)
STORIES_PER_DAY = 3
REPLIES_PER_DAY = 20
REPORTS_PER_DAY = 20

# kind -> (the rows a person made, the cap, what to tell them when they reach it)
LIMITS = {
    "story": (
        lambda user: Story.objects.filter(author=user),
        STORIES_PER_DAY,
        f"You can share {STORIES_PER_DAY} stories a day. Please try again tomorrow.",
    ),
    "reply": (
        lambda user: Reply.objects.filter(author=user),
        REPLIES_PER_DAY,
        f"You can send {REPLIES_PER_DAY} replies a day. Please try again tomorrow.",
    ),
    "report": (
        lambda user: ContentReport.objects.filter(reporter=user),
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
    rows, cap, message = LIMITS[kind]
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    since = timezone.now() - WINDOW
    if rows(user).filter(created_at__gte=since).count() >= cap:
        return message
    return None
