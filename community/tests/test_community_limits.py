"""Abuse limits: at most 3 stories, 20 replies and 20 reports per person in a rolling day."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from community import limits
from community.models import ContentReport, ModerationStatus, Reply, Story

S = ModerationStatus


def make_story(author, **fields):
    defaults = {
        "title": "A story",
        "body": "Text",
        "consent_anonymous": True,
        "status": S.APPROVED,
        "decided_at": timezone.now(),
    }
    defaults.update(fields)
    return Story.objects.create(author=author, **defaults)


def story_data(title="Story"):
    return {"title": title, "body": "My typed text\nkept", "consent_anonymous": "on"}


def test_the_caps_are_three_stories_twenty_replies_twenty_reports_a_day():
    assert limits.STORIES_PER_DAY == 3
    assert limits.REPLIES_PER_DAY == 20
    assert limits.REPORTS_PER_DAY == 20
    assert limits.WINDOW.total_seconds() == 24 * 60 * 60


def test_a_fourth_story_in_a_day_is_refused_with_the_text_kept(owner_client, owner):
    for i in range(3):
        assert owner_client.post("/community/share/", story_data(f"Story {i}")).status_code == 302
    response = owner_client.post("/community/share/", story_data("The fourth"))
    assert response.status_code == 429
    body = response.content.decode()
    assert "You can share 3 stories a day. Please try again tomorrow." in body
    assert "The fourth" in body
    assert "My typed text\nkept" in body
    assert Story.objects.filter(author=owner).count() == 3


def test_edits_and_withdrawals_do_not_free_a_place(owner_client, owner):
    for i in range(3):
        owner_client.post("/community/share/", story_data(f"Story {i}"))
    first = Story.objects.filter(author=owner).first()
    owner_client.post(reverse("story_withdraw", args=[first.pk]))
    assert owner_client.post("/community/share/", story_data()).status_code == 429


def test_the_day_is_rolling_and_per_person(owner_client, owner, other_user):
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=25)):
        for i in range(3):
            make_story(owner, title=f"Yesterday {i}")
    for i in range(2):
        make_story(owner, title=f"Today {i}")
    assert owner_client.post("/community/share/", story_data()).status_code == 302
    assert owner_client.post("/community/share/", story_data()).status_code == 429
    owner_client.force_login(other_user)
    assert owner_client.post("/community/share/", story_data()).status_code == 302


def test_a_twenty_first_reply_in_a_day_is_refused_with_the_text_kept(other_client, owner):
    story = make_story(owner)
    url = reverse("reply_create", args=[story.pk])
    for i in range(20):
        assert other_client.post(url, {"body": f"Reply {i}"}).status_code == 302
    response = other_client.post(url, {"body": "One more thing"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "You can send 20 replies a day. Please try again tomorrow." in body
    assert "One more thing" in body
    assert Reply.objects.count() == 20


def test_a_twenty_first_report_in_a_day_is_refused(other_client, owner):
    stories = [make_story(owner, title=f"Story {i}") for i in range(21)]
    for story in stories[:20]:
        url = reverse("report_create", args=["story", story.pk])
        prefix = f"report-story-{story.pk}"
        assert other_client.post(url, {f"{prefix}-reason": "spam"}).status_code == 302
    last = stories[20]
    prefix = f"report-story-{last.pk}"
    response = other_client.post(
        reverse("report_create", args=["story", last.pk]),
        {f"{prefix}-reason": "unkind", f"{prefix}-details": "Rude words"},
    )
    assert response.status_code == 429
    body = response.content.decode()
    assert "You can send 20 reports a day. Please try again tomorrow." in body
    assert "Rude words" in body
    assert ContentReport.objects.count() == 20


@pytest.mark.parametrize("kind", ["story", "reply", "report"])
def test_limit_reached_says_nothing_below_the_cap(owner, kind):
    assert limits.limit_reached(owner, kind) is None
