"""Two moderators at once: the first decision stands, the second moderator is told clearly, and
nothing is decided twice.

The races run on PostgreSQL, each moderator in their own thread with their own database
connection, released together by a barrier. The stale-page tests run on every database.
"""

import threading

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from community.models import ModerationDecision, ModerationStatus, Notification, Story
from community.permissions import MODERATORS
from community.services import AlreadyDecided, decide
from tracker.models import User

S = ModerationStatus
ROUNDS = 5  # a race can be won either way: each round must still have exactly one winner

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "SQLite lets one connection write at a time and keeps the test database in memory, "
        "so two moderators' threads cannot race there; run with DATABASE_URL=postgres://..."
    ),
)


def make_moderator(email):
    user = User.objects.create_user(email=email, password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def make_story(author, number=1):
    return Story.objects.create(
        author=author,
        title=f"Story {number}",
        body="My arm tingled for three days.",
        consent_anonymous=True,
    )


def race(*runs):
    """Run each callable in its own thread, released together; return what each returned or
    raised."""
    barrier = threading.Barrier(len(runs))
    outcomes = [None] * len(runs)

    def run(index, job):
        try:
            outcomes[index] = job(barrier)
        except Exception as exc:  # the outcome under test may be an exception
            outcomes[index] = exc
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a moderator's thread hung"
    return outcomes


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_decide_only_once():
    author = User.objects.create_user(email="author@example.com", password="x" * 12)
    first = make_moderator("first@example.com")
    second = make_moderator("second@example.com")
    winners = set()

    for number in range(ROUNDS):
        story = make_story(author, number)
        seen = story.version

        def moderate(moderator, action, reason, story_pk=story.pk, seen=seen):
            def job(barrier):
                # Each moderator loaded the page before the other decided.
                item = Story.objects.get(pk=story_pk)
                barrier.wait(timeout=10)
                return decide(
                    item=item, moderator=moderator, action=action, reason=reason, seen_version=seen
                )

            return job

        outcomes = race(
            moderate(first, "approve", ""), moderate(second, "reject", "It is an advert.")
        )

        won = [o for o in outcomes if isinstance(o, ModerationDecision)]
        lost = [o for o in outcomes if isinstance(o, AlreadyDecided)]
        assert (len(won), len(lost)) == (1, 1), outcomes
        decision = won[0]
        winners.add(decision.moderator_email)
        story.refresh_from_db()
        assert story.status == (S.APPROVED if decision.action == "approve" else S.REJECTED)
        assert story.decided_by_id == decision.moderator_id
        assert story.version == seen + 1
        assert list(ModerationDecision.objects.filter(story=story)) == [decision]
        # The loser is told who decided first.
        assert decision.moderator_email in str(lost[0])
        assert "Your decision was not applied." in str(lost[0])
        assert Notification.objects.filter(user=author, text__contains=story.title).count() == 1

    assert len(mail.outbox) == ROUNDS
    assert winners <= {"first@example.com", "second@example.com"}


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_moderators_posting_from_the_admin_at_once_are_told_who_won():
    author = User.objects.create_user(email="author@example.com", password="x" * 12)
    story = make_story(author)
    url = reverse("admin:community_story_moderate", args=[story.pk])
    clients = []
    for email in ("first@example.com", "second@example.com"):
        client = Client()
        client.force_login(make_moderator(email))
        clients.append(client)

    def post(client, data):
        def job(barrier):
            barrier.wait(timeout=10)
            response = client.post(url, {**data, "seen_version": story.version})
            # Not response.context: the test client collects templates rendered in any thread.
            return [str(message) for message in get_messages(response.wsgi_request)]

        return job

    outcomes = race(
        post(clients[0], {"action": "approve"}),
        post(clients[1], {"action": "reject", "reason": "Off topic."}),
    )

    decision = ModerationDecision.objects.get(story=story)
    story.refresh_from_db()
    assert story.status == (S.APPROVED if decision.action == "approve" else S.REJECTED)
    told = [text for messages in outcomes for text in messages]
    assert len(told) == 2, outcomes
    assert sum("already decided" in text for text in told) == 1, told
    assert any(f"{decision.moderator_email} already decided" in text for text in told)


# Stale pages, on every database ---------------------------------------------------------------


@pytest.fixture
def moderators(db):
    return make_moderator("first@example.com"), make_moderator("second@example.com")


def test_a_stale_review_page_cannot_override_a_newer_decision(client, owner, moderators):
    first, second = moderators
    story = make_story(owner)
    client.force_login(first)
    page = client.get(reverse("admin:community_story_change", args=[story.pk]))
    assert f'name="seen_version" value="{story.version}"' in page.content.decode()

    decide(item=story, moderator=second, action="approve")  # while the first one reads
    response = client.post(
        reverse("admin:community_story_moderate", args=[story.pk]),
        {"action": "reject", "reason": "Too personal.", "seen_version": 1},
        follow=True,
    )

    told = [str(message) for message in response.context["messages"]]
    assert len(told) == 1
    assert told[0].startswith("second@example.com already decided on this item (Published, ")
    assert told[0].endswith("Your decision was not applied.")
    story.refresh_from_db()
    assert story.status == S.APPROVED
    assert story.moderator_note == ""
    assert ModerationDecision.objects.filter(story=story).count() == 1


def test_a_review_page_opened_before_the_text_changed_cannot_approve_it(client, owner, moderators):
    first, second = moderators
    story = make_story(owner)
    seen = story.version
    decide(
        item=story,
        moderator=second,
        action="scrub",
        scrubbed_body="My arm tingled for [phone number removed] days.",
    )

    client.force_login(first)
    response = client.post(
        reverse("admin:community_story_moderate", args=[story.pk]),
        {"action": "approve", "seen_version": seen},
        follow=True,
    )

    told = [str(message) for message in response.context["messages"]]
    assert told == [
        "This item changed after you opened it (its author edited it, or another moderator "
        "removed personal details). Your decision was not applied: read it again."
    ]
    story.refresh_from_db()
    assert story.status == S.PENDING
