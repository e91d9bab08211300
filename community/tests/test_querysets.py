"""The rules said once: what readers see (``public()``) and what waits for a moderator
(``queue()``), for stories and replies alike, and ``is_public`` giving the same answer."""

import datetime
import itertools

import pytest
from django.utils import timezone

from community.models import PUBLIC, ModerationStatus, Reply, Story

S = ModerationStatus
EVERY_STATE = list(itertools.product(S.values, (False, True)))  # (status, hidden)


@pytest.fixture
def stories(owner):
    """One story in every state, shown and hidden, submitted a minute apart, newest first."""
    now = timezone.now()
    return [
        Story.objects.create(
            author=owner,
            title=f"{status} {'hidden' if hidden else 'shown'}",
            body="What happened.",
            consent_anonymous=True,
            status=status,
            hidden=hidden,
            submitted_at=now - datetime.timedelta(minutes=number),
        )
        for number, (status, hidden) in enumerate(EVERY_STATE)
    ]


def test_readers_see_approved_stories_that_nobody_hid(stories):
    assert {(s.status, s.hidden) for s in Story.objects.public()} == {(S.APPROVED, False)}


def test_is_public_says_the_same_as_the_queryset(stories):
    public = set(Story.objects.public().values_list("pk", flat=True))

    assert {story.pk for story in stories if story.is_public} == public


def test_the_queue_holds_what_waits_for_a_decision_oldest_first(stories):
    queue = list(Story.objects.queue())

    assert [(s.status, s.hidden) for s in queue] == [(S.PENDING, True), (S.PENDING, False)]
    assert queue[0].submitted_at < queue[1].submitted_at


def test_replies_follow_the_same_rules(owner, other_user, stories):
    story = next(story for story in stories if story.is_public)
    replies = {
        state: Reply.objects.create(
            story=story, author=other_user, body="Same here.", status=state[0], hidden=state[1]
        )
        for state in EVERY_STATE
    }

    assert list(story.replies.public()) == [replies[(S.APPROVED, False)]]
    assert set(Reply.objects.queue()) == {replies[(S.PENDING, False)], replies[(S.PENDING, True)]}
    assert [r for r in replies.values() if r.is_public] == [replies[(S.APPROVED, False)]]


def test_the_community_page_index_covers_exactly_the_public_stories():
    (index,) = [i for i in Story._meta.indexes if i.name == "story_public_order_idx"]

    assert index.condition == PUBLIC
