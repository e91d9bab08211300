"""A rejected story sent again counts toward the day's three stories (community/limits.py):
editing it puts it back in the queue, as sharing a new story would."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from community import limits
from community.models import ModerationStatus, Story
from community.services import decide

pytestmark = pytest.mark.django_db

S = ModerationStatus
SHARE = "/community/share/"


def story_data(title="Story", body="My typed text"):
    return {"title": title, "body": body, "consent_anonymous": "on"}


def edit_data(title="Story", body="My typed text"):
    return {"title": title, "body": body}


@pytest.fixture
def clock():
    """Time that moves only when told: each step of a story's life a minute after the last."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def _rejected(story, moderator, clock):
    clock.shift(datetime.timedelta(minutes=1))
    story.refresh_from_db()
    decide(item=story, moderator=moderator, action="reject", reason="Not about a massage.")
    clock.shift(datetime.timedelta(minutes=1))


def test_a_person_at_the_days_cap_cannot_send_a_rejected_story_again_with_new_text(
    owner_client, owner, moderator, clock
):
    clock.shift(-datetime.timedelta(days=2))
    old = Story.objects.create(author=owner, title="Old", body="Old text", consent_anonymous=True)
    _rejected(old, moderator, clock)
    clock.shift(datetime.timedelta(days=2))
    for i in range(limits.STORIES_PER_DAY):
        assert owner_client.post(SHARE, story_data(f"Today {i}")).status_code == 302

    response = owner_client.post(
        reverse("story_edit", args=[old.pk]), edit_data("A fourth", "Anything at all")
    )

    assert response.status_code == 429
    body = response.content.decode()
    assert "You can share 3 stories a day. Please try again tomorrow." in body
    assert "Anything at all" in body  # the typed text is kept
    old.refresh_from_db()
    assert (old.status, old.body) == (S.REJECTED, "Old text")


def test_each_rejected_story_sent_again_takes_one_of_the_days_places(
    owner_client, owner, moderator, clock
):
    assert owner_client.post(SHARE, story_data("First")).status_code == 302
    story = Story.objects.get(author=owner)
    edit = reverse("story_edit", args=[story.pk])
    for attempt in range(2):
        _rejected(story, moderator, clock)
        assert owner_client.post(edit, edit_data(f"Again {attempt}")).status_code == 302

    # One story shared and sent twice more: the day's three places are taken.
    assert limits.limit_reached(owner, "story") is not None
    assert owner_client.post(SHARE, story_data("Another")).status_code == 429
    assert Story.objects.filter(author=owner).count() == 1
