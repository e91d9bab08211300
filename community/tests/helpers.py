"""Stories and replies for the community tests, in any state of moderation."""

import datetime

from django.utils import timezone

from community.models import ModerationStatus, Reply, Story


def make_story(author, status=ModerationStatus.APPROVED, days_ago=0, **fields):
    """A story by ``author``; an approved one was approved ``days_ago`` days ago."""
    approved = status == ModerationStatus.APPROVED
    defaults = {
        "title": "Weak shoulder after a deep tissue massage",
        "body": "My shoulder felt weak for weeks.",
        "consent_anonymous": True,
        "status": status,
        "decided_at": timezone.now() - datetime.timedelta(days=days_ago) if approved else None,
    }
    return Story.objects.create(author=author, **{**defaults, **fields})


def make_reply(story, author, status=ModerationStatus.APPROVED, **fields):
    return Reply.objects.create(story=story, author=author, status=status, **fields)
