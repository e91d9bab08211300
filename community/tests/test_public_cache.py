"""The community's public pages from the shared cache (community/page_cache.py, issue 15).

An anonymous visitor's page drawn once is served again without a query; a logged-in reader
gets the parts that are the same for everyone from the cache and their own parts (reports,
forms) drawn for them. Every change to what is public shows at once in the same process.

Personas: anonymous, a logged-in reader, a second reader, the author, a moderator.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community import page_cache
from community.models import ContentReport, ModerationStatus, Reply, Story
from community.permissions import MODERATORS
from community.services import author_edit, author_withdraw, decide
from community.tests.helpers import make_reply, make_story

pytestmark = pytest.mark.django_db
S = ModerationStatus
LIST = "/community/"


def story_url(story):
    return reverse("story_detail", args=[story.pk])


def make_stories(author, count, **fields):
    now = timezone.now()
    return Story.objects.bulk_create(
        Story(
            author=author,
            title=f"Story number {i}",
            body=f"Text of story {i}",
            consent_anonymous=True,
            status=S.APPROVED,
            decided_at=now - datetime.timedelta(minutes=i),
            **fields,
        )
        for i in range(count)
    )


def make_replies(story, author, count):
    return Reply.objects.bulk_create(
        Reply(story=story, author=author, body=f"Reply number {i}", status=S.APPROVED)
        for i in range(count)
    )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def anonymous_html(path):
    return Client().get(path).content.decode()


@pytest.fixture
def story(owner):
    return make_story(owner, title="A story everyone can read")


@pytest.fixture
def moderator(make_user):
    user = make_user("moderator@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


# --- Queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 100])
def test_an_anonymous_list_drawn_once_is_served_without_a_query(
    client, owner, django_assert_num_queries, count
):
    make_stories(owner, count, patterns=["PAT-SAN"])
    queries = [{}, {"pattern": "PAT-SAN"}]
    if count > 10:  # a second page
        queries += [{"page": 2}, {"pattern": "PAT-SAN", "page": 2}]
    for query in queries:
        # Drawn: the count of stories, the page of stories with their reply counts.
        with django_assert_num_queries(2):
            first = client.get(LIST, query)
        with django_assert_num_queries(0):
            again = client.get(LIST, query)
        assert again.content == first.content
        assert again.status_code == 200


@pytest.mark.parametrize("count", [2, 30])
def test_an_anonymous_story_drawn_once_is_served_without_a_query(
    client, story, other_user, django_assert_num_queries, count
):
    make_replies(story, other_user, count)
    # Drawn: the story, its approved replies.
    with django_assert_num_queries(2):
        first = client.get(story_url(story))
    with django_assert_num_queries(0):
        again = client.get(story_url(story))
    assert again.content == first.content
    assert first.content.decode().count('class="reply ') == count


@pytest.mark.parametrize("count", [10, 100])
def test_a_logged_in_reader_gets_the_list_for_the_session_and_user_queries(
    owner, other_user, django_assert_num_queries, count
):
    make_stories(owner, count)
    reader = logged_in(other_user)
    # The session, the user, the count of stories, the page of stories.
    with django_assert_num_queries(4):
        reader.get(LIST)
    # The session and the user: the list comes from the cache.
    with django_assert_num_queries(2):
        html = reader.get(LIST).content.decode()
    assert "Story number 0" in html
    assert "Your stories and replies" in html  # their own menu, not an anonymous visitor's


@pytest.mark.parametrize("count", [2, 30])
def test_a_logged_in_reader_gets_a_story_for_the_session_and_user_queries(
    owner, other_user, story, django_assert_num_queries, count
):
    make_replies(story, owner, count)
    reader = logged_in(other_user)
    # The session, the user, the story, its approved replies, whether the reader ever reported
    # anything (no: their reports are not asked for).
    with django_assert_num_queries(5):
        reader.get(story_url(story))
    # The session and the user: the story comes from the cache, and the reader never reported.
    with django_assert_num_queries(2):
        response = reader.get(story_url(story))
    assert len(response.context["entries"]) == count
    assert response.content.decode().count("Report this reply") == count


@pytest.mark.parametrize("count", [2, 30])
def test_a_reader_who_reported_something_adds_the_query_for_their_reports(
    owner, other_user, story, django_assert_num_queries, count
):
    replies = make_replies(story, owner, count)
    ContentReport.objects.create(reporter=other_user, reply=replies[-1], reason="spam")
    reader = logged_in(other_user)
    reader.get(story_url(story))
    # The session, the user, the reader's own reports on the story and its replies.
    with django_assert_num_queries(3):
        html = reader.get(story_url(story)).content.decode()
    assert html.count("Report this reply") == count - 1
    assert html.count("You reported this reply") == 1


def test_a_report_shows_on_the_readers_next_page(other_client, story, owner):
    reply = make_reply(story, owner, body="A reply")
    assert "You reported this" not in other_client.get(story_url(story)).content.decode()
    prefix = f"report-reply-{reply.pk}"
    other_client.post(
        reverse("report_create", args=["reply", reply.pk]), {f"{prefix}-reason": "unkind"}
    )
    html = other_client.get(story_url(story)).content.decode()
    assert "You reported this reply" in html
    assert "Report this story" in html


def test_a_logged_in_reader_gets_the_story_an_anonymous_visitor_drew(
    client, owner, other_user, story, django_assert_num_queries
):
    make_replies(story, owner, 3)
    client.get(story_url(story))
    reader = logged_in(other_user)
    # The session, the user, whether the reader ever reported anything: the story is cached.
    with django_assert_num_queries(3):
        reader.get(story_url(story))


# --- What may be kept and for whom -------------------------------------------------------------


def test_a_cached_anonymous_page_holds_no_csrf_token_and_sets_no_cookie(client, story, owner):
    make_reply(story, owner, body="A reply")
    for path in (LIST, story_url(story)):
        first = client.get(path)
        again = client.get(path)
        assert again.templates == []  # from the cache
        assert dict(again.headers) == dict(first.headers)
        assert "csrfmiddlewaretoken" not in again.content.decode()
        assert not again.cookies
        assert not client.get(path).cookies


def test_a_page_with_a_csrf_token_is_never_kept_for_others(rf):
    keep = page_cache.anonymous_page(lambda request: "test-key")

    @keep
    def view(request):
        return HttpResponse('<input name="csrfmiddlewaretoken" value="secret">')

    request = rf.get("/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    request.session = type("Session", (), {"modified": False})()
    request._messages = CookieStorage(request)
    assert view(request).status_code == 200
    assert page_cache._lookup("test-key")[1] is None


def test_an_anonymous_visitor_with_a_message_gets_their_own_page(client, story):
    client.get(story_url(story))  # kept for everyone
    storage = CookieStorage(HttpRequest())
    storage.add(constants.SUCCESS, "You are logged out.")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value

    html = client.get(story_url(story)).content.decode()

    assert "You are logged out." in html
    assert "You are logged out." not in anonymous_html(story_url(story))


def test_a_logged_in_reader_is_never_served_an_anonymous_page(client, story, other_user):
    client.get(LIST)
    client.get(story_url(story))
    reader = logged_in(other_user)
    assert "Your stories and replies" in reader.get(LIST).content.decode()
    assert "Write a reply" in reader.get(story_url(story)).content.decode()
    assert "csrfmiddlewaretoken" in reader.get(story_url(story)).content.decode()


def test_an_anonymous_visitor_never_gets_what_a_reader_drew(story, other_user):
    reader = logged_in(other_user)
    reader.get(LIST)
    reader.get(story_url(story))
    for path in (LIST, story_url(story)):
        html = anonymous_html(path)
        assert "Your stories and replies" not in html
        assert "csrfmiddlewaretoken" not in html
    assert "Log in to reply" in anonymous_html(story_url(story))


def test_each_pattern_and_page_number_has_its_own_page(client, owner):
    make_stories(owner, 12, patterns=["PAT-SAN"])
    make_story(owner, title="Only about the long thoracic nerve", patterns=["PAT-LTN"])
    pages = {}
    for _ in range(2):  # drawn, then from the cache
        for query in (
            "",
            "?page=2",
            "?pattern=PAT-SAN",
            "?pattern=PAT-LTN",
            "?page=2&pattern=PAT-SAN",
        ):
            pages.setdefault(query, set()).add(client.get(LIST + query).content)
    assert all(len(both) == 1 for both in pages.values())
    assert len({next(iter(both)) for both in pages.values()}) == len(pages)
    assert b"Only about the long thoracic nerve" in next(iter(pages["?pattern=PAT-LTN"]))
    assert b"Only about the long thoracic nerve" not in next(iter(pages["?pattern=PAT-SAN"]))
    # The page links keep the query as it was asked.
    assert b'href="?page=1&amp;pattern=PAT-SAN"' in next(iter(pages["?page=2&pattern=PAT-SAN"]))


@pytest.mark.parametrize(
    "query",
    ["?page=99", "?page=abc", "?page=01", "?utm_source=x", "?pattern=PAT-NONE", "?page=1&page=2"],
)
def test_an_unusual_query_is_drawn_each_time(client, owner, django_assert_num_queries, query):
    make_stories(owner, 12)
    client.get(LIST + query)
    with django_assert_num_queries(2):
        response = client.get(LIST + query)
    assert response.status_code == 200


def test_a_page_number_past_the_end_is_not_kept_as_that_page(client, owner):
    make_stories(owner, 12)
    client.get(LIST + "?page=9")
    make_stories(owner, 100)  # bulk_create: no signal; page 9 now exists
    # Had the last page been kept as page 9, this would show stories from page 2 of 12.
    assert b"Page 9 of" in client.get(LIST + "?page=9").content


def test_a_missing_story_is_not_kept(client, owner, django_assert_num_queries):
    assert client.get("/community/999999/").status_code == 404
    with django_assert_num_queries(1):
        assert client.get("/community/999999/").status_code == 404


def test_a_story_that_is_not_public_is_never_kept_for_its_author_or_shown_to_others(
    owner, other_user, django_assert_num_queries
):
    pending = make_story(owner, status=S.PENDING, title="Not public yet")
    author = logged_in(owner)
    for _ in range(2):
        # The session, the user, the story: drawn each time, for the author alone.
        with django_assert_num_queries(3):
            html = author.get(story_url(pending)).content.decode()
        assert "Only you can see this page" in html
    assert Client().get(story_url(pending)).status_code == 404
    assert logged_in(other_user).get(story_url(pending)).status_code == 404


# --- Each reader's own parts -------------------------------------------------------------------


def test_two_readers_each_see_their_own_reports_and_forms(story, owner, other_user, make_user):
    reply = make_reply(story, owner, body="A reply")
    second_user = make_user("second@example.com")
    ContentReport.objects.create(reporter=other_user, story=story, reason="spam")
    ContentReport.objects.create(reporter=other_user, reply=reply, reason="spam")
    first, second = logged_in(other_user), logged_in(second_user)
    for _ in range(2):
        reported = first.get(story_url(story)).content.decode()
        not_reported = second.get(story_url(story)).content.decode()
        assert "You reported this story" in reported
        assert "You reported this reply" in reported
        assert "Report this" not in reported
        assert "You reported this" not in not_reported
        assert f'action="{reverse("report_create", args=["story", story.pk])}"' in not_reported
        assert f'action="{reverse("report_create", args=["reply", reply.pk])}"' in not_reported
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_the_author_is_never_offered_to_report_their_own_story_from_the_cache(
    story, owner, other_user
):
    logged_in(other_user).get(story_url(story))  # drawn for another reader first
    html = logged_in(owner).get(story_url(story)).content.decode()
    assert "Report this story" not in html
    assert "Write a reply" in html


def test_dates_show_in_each_readers_own_time_zone(owner, make_user):
    make_story(owner, decided_at=datetime.datetime(2024, 3, 1, 23, 30, tzinfo=datetime.UTC))
    auckland = logged_in(make_user("nz@example.com", time_zone="Pacific/Auckland"))
    assert "1 March 2024" in anonymous_html(LIST)
    assert "2 March 2024" in auckland.get(LIST).content.decode()
    assert "1 March 2024" in logged_in(make_user("uk@example.com")).get(LIST).content.decode()


# --- A change shows at once --------------------------------------------------------------------


@pytest.fixture
def seen(client):
    """Read a page anonymously twice (the second time from the cache) and return its text."""

    def read(path):
        client.get(path)
        return client.get(path).content.decode()

    return read


def test_a_story_approved_appears_at_once(seen, owner, moderator):
    story = make_story(owner, status=S.PENDING, title="Just approved")
    assert "Just approved" not in seen(LIST)
    decide(item=story, moderator=moderator, action="approve")
    assert "Just approved" in seen(LIST)
    assert "Just approved" in seen(story_url(story))


@pytest.mark.parametrize("change", ["hide", "withdraw", "edit", "delete"])
def test_a_story_no_longer_public_disappears_at_once(client, seen, story, owner, moderator, change):
    url = story_url(story)
    assert story.title in seen(LIST)
    assert story.title in seen(url)
    if change == "hide":
        decide(item=story, moderator=moderator, action="hide", reason="Unkind.")
    elif change == "withdraw":
        author_withdraw(item=story, author=owner)
    elif change == "edit":
        author_edit(item=story, author=owner, body="Changed.")
    else:
        story.delete()
    assert story.title not in seen(LIST)
    assert client.get(url).status_code == 404


def test_a_reply_approved_hidden_and_withdrawn_shows_at_once(
    seen, story, owner, other_user, moderator
):
    reply = make_reply(story, other_user, status=S.PENDING, body="A kind reply")
    assert "A kind reply" not in seen(story_url(story))
    assert "0 replies" in seen(LIST)
    decide(item=reply, moderator=moderator, action="approve")
    assert "A kind reply" in seen(story_url(story))
    assert "1 reply" in seen(LIST)
    decide(item=reply, moderator=moderator, action="hide", reason="Unkind.")
    assert "A kind reply" not in seen(story_url(story))
    decide(item=reply, moderator=moderator, action="unhide")
    assert "A kind reply" in seen(story_url(story))
    author_withdraw(item=reply, author=other_user)
    assert "A kind reply" not in seen(story_url(story))


def test_a_reply_deleted_disappears_at_once(seen, story, other_user):
    reply = make_reply(story, other_user, body="Soon gone")
    assert "Soon gone" in seen(story_url(story))
    reply.delete()
    assert "Soon gone" not in seen(story_url(story))


def test_a_scrubbed_text_shows_at_once(seen, story, moderator):
    story.body = "Call me on 555-0134 please."
    story.save()
    assert "555-0134" in seen(story_url(story))
    decide(item=story, moderator=moderator, action="scrub", scrubbed_body="Call me please.")
    assert "555-0134" not in seen(story_url(story))


def test_a_deleted_account_takes_its_stories_and_replies_off_the_pages_at_once(
    seen, owner, make_user
):
    other_story = make_story(make_user("stays@example.com"), title="A story that stays")
    own_story = make_story(owner, title="Mine, soon gone")
    make_reply(other_story, owner, body="My reply, soon gone")
    assert "Mine, soon gone" in seen(LIST)
    assert "My reply, soon gone" in seen(story_url(other_story))

    response = logged_in(owner).post(
        reverse("account_delete"), {"password": "correct horse battery"}
    )

    assert response.status_code == 302
    assert "Mine, soon gone" not in seen(LIST)
    assert "A story that stays" in seen(LIST)
    assert "My reply, soon gone" not in seen(story_url(other_story))
    assert Client().get(story_url(own_story)).status_code == 404


def test_a_bulk_approve_in_the_admin_shows_at_once(seen, owner, moderator):
    pending = [make_story(owner, status=S.PENDING, title=f"Queued story {i}") for i in range(3)]
    assert "Queued story" not in seen(LIST)

    logged_in(moderator).post(
        "/admin/community/story/",
        {"action": "approve_selected", "index": 0, "_selected_action": [s.pk for s in pending]},
    )

    html = seen(LIST)
    assert all(f"Queued story {i}" in html for i in range(3))


def test_a_new_pending_story_or_reply_leaves_the_cache_alone(
    client, story, owner, django_assert_num_queries
):
    client.get(LIST)
    make_story(owner, status=S.PENDING)
    make_reply(story, owner, status=S.PENDING)
    with django_assert_num_queries(0):
        client.get(LIST)


def test_a_change_is_bumped_again_after_the_commit_once_per_transaction(
    owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        for each in make_stories(owner, 3):  # bulk_create: no signal
            make_reply(each, owner)
        owner.delete()  # three stories and three replies, a signal each
    assert callbacks == [page_cache.bump]


def test_a_lost_version_starts_again_where_no_entry_was_kept(
    client, story, django_assert_num_queries
):
    client.get(LIST)
    page_cache._cache().delete(page_cache.VERSION_KEY)
    with django_assert_num_queries(2):  # drawn again: nothing kept is at the new version
        client.get(LIST)
    with django_assert_num_queries(0):
        client.get(LIST)


def test_the_report_forms_carry_a_token_the_csrf_check_accepts(story, owner, other_user):
    reply = make_reply(story, owner, body="A reply")
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(other_user)
    reader.get(story_url(story))  # the story kept for every reader
    html = reader.get(story_url(story)).content.decode()
    action = reverse("report_create", args=["reply", reply.pk])
    form = html[html.index(f'action="{action}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    prefix = f"report-reply-{reply.pk}"

    response = reader.post(action, {f"{prefix}-reason": "spam", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert ContentReport.objects.filter(reporter=other_user, reply=reply).exists()
