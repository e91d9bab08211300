"""community.services.decide: every change of state, exactly once, and who is told."""

import pytest

from community import services
from community.models import ModerationDecision, ModerationStatus, Notification, Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(make_user):
    return make_user("mod@example.com", is_staff=True)


@pytest.fixture
def story(owner):
    return Story.objects.create(
        author=owner, title="My arm", body="It felt weak for a week.", consent_anonymous=True
    )


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", ModerationStatus.APPROVED),
        ("reject", ModerationStatus.REJECTED),
        ("request_changes", ModerationStatus.CHANGES_REQUESTED),
    ],
)
def test_a_pending_story_can_be_decided_once(
    story, moderator, action, status, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide(item=story, moderator=moderator, action=action, reason="Why")
    assert story.status == status
    assert story.version == 2
    assert (decision.action, decision.moderator_email, decision.reason) == (
        action,
        "mod@example.com",
        "Why",
    )
    assert Notification.objects.get(user=story.author).link == "/community/mine/"
    assert mailoutbox[0].to == ["owner@example.com"]
    with pytest.raises(services.ModerationError):
        services.decide(item=story, moderator=moderator, action="approve")
    assert ModerationDecision.objects.count() == 1


def test_a_rejection_needs_a_reason(story, moderator):
    with pytest.raises(services.ModerationError, match="Give a reason"):
        services.decide(item=story, moderator=moderator, action="reject", reason="  ")
    story.refresh_from_db()
    assert story.status == ModerationStatus.PENDING


def test_a_decision_on_a_stale_page_is_refused_with_who_decided(story, moderator, make_user):
    seen = story.version
    first = make_user("first@example.com", is_staff=True)
    services.decide(item=Story.objects.get(pk=story.pk), moderator=first, action="approve")
    stale = Story.objects.get(pk=story.pk)
    with pytest.raises(services.AlreadyDecided, match=r"first@example\.com already decided"):
        services.decide(
            item=stale, moderator=moderator, action="hide", reason="x", seen_version=seen
        )
    assert ModerationDecision.objects.count() == 1


def test_hiding_twice_is_refused(story, moderator):
    services.decide(item=story, moderator=moderator, action="approve")
    services.decide(item=story, moderator=moderator, action="hide", reason="Reported")
    assert story.hidden
    with pytest.raises(services.ModerationError, match="already hidden"):
        services.decide(item=story, moderator=moderator, action="hide", reason="Again")
    with pytest.raises(services.ModerationError, match="already shown"):
        services.decide(
            item=Story.objects.create(
                author=story.author,
                title="t",
                body="b",
                consent_anonymous=True,
                status=ModerationStatus.APPROVED,
            ),
            moderator=moderator,
            action="unhide",
        )


def test_scrubbing_logs_the_text_before_and_after(story, moderator):
    Story.objects.filter(pk=story.pk).update(body="Dr. Smith at Serenity Spa")
    story.refresh_from_db()
    decision = services.decide(
        item=story, moderator=moderator, action="scrub", scrubbed_body="[name removed] at [place]"
    )
    assert (decision.text_before, decision.text_after) == (
        "Dr. Smith at Serenity Spa",
        "[name removed] at [place]",
    )
    assert story.body == "[name removed] at [place]"
    assert story.status == ModerationStatus.PENDING


def test_the_author_edits_back_to_the_queue_and_withdraws(story, moderator, owner, other_user):
    services.decide(item=story, moderator=moderator, action="request_changes", reason="Names")
    with pytest.raises(services.ModerationError):
        services.author_edit(item=story, author=other_user, body="x")
    services.author_edit(item=story, author=owner, body="Without names")
    assert (story.status, story.body) == (ModerationStatus.PENDING, "Without names")
    services.author_withdraw(item=story, author=owner)
    assert story.status == ModerationStatus.WITHDRAWN
    with pytest.raises(services.ModerationError):
        services.author_edit(item=story, author=owner, body="Back?")
