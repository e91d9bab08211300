"""/community/: approved stories for everyone, newest first, ten a page, filterable by pattern."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import ModerationStatus, Reply, Story
from community.services import decide
from community.tests.helpers import make_story
from tests.helpers import assert_hides, assert_shows
from tracker.triage import vocabulary as v
from tracker.triage.vocabulary import RULE_TITLES

pytestmark = pytest.mark.django_db
S = ModerationStatus
URL = "/community/"


def make_stories(author, count, **fields):
    now = timezone.now()
    return Story.objects.bulk_create(
        Story(
            author=author,
            title=f"Story {i}",
            body=f"Text of story {i}",
            consent_anonymous=True,
            status=S.APPROVED,
            decided_at=now - datetime.timedelta(minutes=i),
            **fields,
        )
        for i in range(count)
    )


def test_the_url_is_community():
    assert reverse("story_list") == URL


def test_an_anonymous_reader_sees_approved_stories_without_the_author(client, owner):
    make_story(owner, title="Approved story", body="What happened to me.")
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Approved story" in body
    assert "What happened to me." in body
    assert "owner@example.com" not in body
    assert "Shared anonymously" in body


def test_a_logged_in_reader_never_sees_the_author_either(other_client, owner):
    make_story(owner, title="Approved story")
    body = other_client.get(URL).content.decode()
    assert "Approved story" in body
    assert "owner@example.com" not in body


@pytest.mark.parametrize(
    "status", [S.PENDING, S.REJECTED, S.CHANGES_REQUESTED, S.WITHDRAWN], ids=str
)
def test_it_hides_stories_that_are_not_approved(client, owner, status):
    make_story(owner, status=status, title="Not for readers")
    assert "Not for readers" not in client.get(URL).content.decode()


def test_it_hides_an_approved_story_a_moderator_hid(client, owner):
    make_story(owner, title="Hidden after reports", hidden=True)
    assert "Hidden after reports" not in client.get(URL).content.decode()


def test_the_author_does_not_see_their_pending_story_in_the_public_list(owner_client, owner):
    make_story(owner, status=S.PENDING, title="Mine, waiting")
    assert "Mine, waiting" not in owner_client.get(URL).content.decode()


def test_it_lists_stories_newest_first_by_when_they_were_published(client, owner):
    make_story(owner, title="Published last week", days_ago=7)
    make_story(owner, title="Published today", days_ago=0)
    make_story(owner, title="Published yesterday", days_ago=1)
    body = client.get(URL).content.decode()
    assert (
        body.index("Published today")
        < body.index("Published yesterday")
        < body.index("Published last week")
    )


def test_a_story_approved_through_moderation_appears(client, owner, moderator):
    story = make_story(owner, status=S.PENDING, title="Now approved")
    assert "Now approved" not in client.get(URL).content.decode()
    decide(item=story, moderator=moderator, action="approve")
    assert "Now approved" in client.get(URL).content.decode()


def test_each_entry_shows_an_excerpt_the_type_the_patterns_and_the_reply_count(client, owner):
    long_text = " ".join(f"word{i}" for i in range(200))
    story = make_story(
        owner, body=long_text, massage_type="deep_tissue", patterns=["PAT-SAN", "PAT-ROOT"]
    )
    for status in (S.APPROVED, S.APPROVED, S.PENDING):
        Reply.objects.create(story=story, author=owner, body="A reply", status=status)
    Reply.objects.create(story=story, author=owner, body="Hidden", status=S.APPROVED, hidden=True)
    body = client.get(URL).content.decode()
    assert "word0 word1" in body
    assert "word150" not in body
    assert "Deep tissue" in body
    assert RULE_TITLES["PAT-SAN"] in body
    assert RULE_TITLES["PAT-ROOT"] in body
    assert "2 replies" in body


def test_the_reply_count_says_one_reply(client, owner):
    story = make_story(owner)
    Reply.objects.create(story=story, author=owner, body="A reply", status=S.APPROVED)
    assert "1 reply" in client.get(URL).content.decode()


def test_the_excerpt_is_escaped(client, owner):
    make_story(owner, title="<b>bold</b>", body="<script>alert(1)</script>")
    body = client.get(URL).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body


def test_it_shows_ten_stories_a_page_and_links_the_next(client, owner):
    make_stories(owner, 25)
    first = client.get(URL)
    assert len(first.context["page"]) == 10
    assert "Page 1 of 3" in first.content.decode()
    assert "?page=2" in first.content.decode()
    third = client.get(URL, {"page": 3})
    assert len(third.context["page"]) == 5


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1e9", "", "2.5", "%00"])
def test_a_strange_page_number_never_fails(client, owner, page):
    make_stories(owner, 15)
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert len(response.context["page"]) in (5, 10)


def test_the_pattern_filter_shows_only_stories_with_that_pattern(client, owner):
    make_story(owner, title="About the accessory nerve", patterns=["PAT-SAN"])
    make_story(owner, title="About a nerve root", patterns=["PAT-ROOT", "PAT-PERSIST"])
    make_story(owner, title="About both", patterns=["PAT-ROOT", "PAT-SAN"])
    make_story(owner, title="About nothing in particular")
    body = client.get(URL, {"pattern": "PAT-SAN"}).content.decode()
    assert_shows(body, "About the accessory nerve", "About both", "Showing stories about")
    assert_hides(body, "About a nerve root", "About nothing in particular")


def test_the_pattern_filter_keeps_the_pattern_on_the_next_page(client, owner):
    make_stories(owner, 12, patterns=["PAT-LTN"])
    body = client.get(URL, {"pattern": "PAT-LTN"}).content.decode()
    assert "?pattern=PAT-LTN&amp;page=2" in body


@pytest.mark.parametrize(
    "pattern", ["PAT-NOPE", "pat-san", "RF-STROKE", "' OR 1=1 --", '"PAT-SAN"', "%", "\x00"]
)
def test_an_unknown_pattern_is_ignored(client, owner, pattern):
    make_story(owner, title="About the accessory nerve", patterns=["PAT-SAN"])
    make_story(owner, title="About nothing in particular")
    response = client.get(URL, {"pattern": pattern})
    assert response.status_code == 200
    assert response.context["pattern"] == ""
    body = response.content.decode()
    assert "About the accessory nerve" in body
    assert "About nothing in particular" in body


def test_it_links_every_pattern_by_its_plain_title(client):
    body = client.get(URL).content.decode()
    for code in v.PATTERN_IDS:
        assert f'href="/community/?pattern={code}"' in body
        assert RULE_TITLES[code] in body


def test_the_chosen_pattern_link_is_marked_current(client):
    body = client.get(URL, {"pattern": "PAT-ROOT"}).content.decode()
    assert 'href="/community/?pattern=PAT-ROOT" aria-current="page"' in body


def test_without_stories_it_invites_a_first_one(client):
    body = client.get(URL).content.decode()
    assert "No stories yet" in body
    assert f'href="{reverse("story_create")}"' in body


def test_it_only_answers_get(client):
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("count", [10, 500])
def test_the_number_of_queries_does_not_grow_with_the_stories(
    client, owner, django_assert_num_queries, count
):
    stories = make_stories(owner, count, patterns=["PAT-SAN"])
    Reply.objects.bulk_create(
        Reply(story=story, author=owner, body="Reply", status=S.APPROVED) for story in stories
    )
    # Anonymous: the count of stories, the page of stories with their reply counts.
    with django_assert_num_queries(2):
        response = client.get(URL)
    assert len(response.context["page"]) == 10
    with django_assert_num_queries(2):
        client.get(URL, {"pattern": "PAT-SAN", "page": 2})


@pytest.mark.parametrize("count", [10, 500])
def test_a_logged_in_reader_adds_only_the_session_and_user_queries(
    other_client, owner, django_assert_num_queries, count
):
    make_stories(owner, count)
    # The session, the user, the count of stories, the page of stories.
    with django_assert_num_queries(4):
        other_client.get(URL)


def test_the_count_of_stories_needs_no_join_with_the_replies(client, owner):
    stories = make_stories(owner, 12)
    Reply.objects.create(story=stories[0], author=owner, body="Reply", status=S.APPROVED)

    with CaptureQueriesContext(connection) as captured:
        client.get(URL)

    count, page = (query["sql"] for query in captured)
    assert "COUNT(*)" in count
    assert "tracker_reply" not in count
    assert "tracker_reply" in page  # the replies are counted for the ten stories shown


def test_each_story_counts_only_its_own_published_replies(client, owner, moderator):
    first, second = make_stories(owner, 2)
    Reply.objects.bulk_create(
        [
            Reply(story=first, author=owner, body="Shown", status=S.APPROVED),
            Reply(story=first, author=owner, body="Shown too", status=S.APPROVED),
            Reply(story=first, author=owner, body="Hidden", status=S.APPROVED, hidden=True),
            Reply(story=first, author=owner, body="Waiting", status=S.PENDING),
            Reply(story=second, author=owner, body="Rejected", status=S.REJECTED),
        ]
    )

    counts = {story.pk: story.reply_count for story in client.get(URL).context["page"]}

    assert counts == {first.pk: 2, second.pk: 0}
