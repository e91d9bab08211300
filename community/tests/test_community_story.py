"""A story's page: the text escaped with its line breaks, approved replies, replying, reporting."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models import ContentReport, ModerationStatus, Reply
from community.services import decide
from community.tests.helpers import make_reply, make_story
from tests.helpers import assert_hides, assert_shows, page_html

pytestmark = pytest.mark.django_db
S = ModerationStatus
REPLY_THANKS = "Thank you: a moderator reads every reply before it is shown."


@pytest.fixture
def story(owner):
    return make_story(owner)


def url(story):
    return reverse("story_detail", args=[story.pk])


def reply_url(story):
    return reverse("reply_create", args=[story.pk])


def report_url(kind, item):
    return reverse("report_create", args=[kind, item.pk])


def report_data(kind, item, reason="unkind", details=""):
    prefix = f"report-{kind}-{item.pk}"
    return {f"{prefix}-reason": reason, f"{prefix}-details": details}


# --- Reading -----------------------------------------------------------------------------------


def test_the_url_is_under_community(story):
    assert url(story) == f"/community/{story.pk}/"


def test_anyone_can_read_an_approved_story_without_its_author(client, story):
    response = client.get(url(story))
    assert response.status_code == 200
    body = response.content.decode()
    assert story.title in body
    assert "My shoulder felt weak for weeks." in body
    assert "owner@example.com" not in body


@pytest.mark.parametrize(
    "status", [S.PENDING, S.REJECTED, S.CHANGES_REQUESTED, S.WITHDRAWN], ids=str
)
def test_a_story_that_is_not_approved_is_404_for_readers(other_client, owner, status):
    story = make_story(owner, status=status)
    assert Client().get(url(story)).status_code == 404
    assert other_client.get(url(story)).status_code == 404


def test_a_hidden_story_is_404_for_readers(client, owner):
    story = make_story(owner, hidden=True)
    assert client.get(url(story)).status_code == 404


def test_a_missing_story_is_404(client):
    assert client.get("/community/999999/").status_code == 404


def test_the_author_sees_their_own_pending_story_with_its_status(owner_client, owner):
    story = make_story(owner, status=S.PENDING, title="Waiting for a look")
    body = page_html(owner_client.get(url(story)))
    assert_shows(
        body, "Waiting for a look", "Only you can see this page", "Waiting for a moderator"
    )
    assert_hides(body, "Write a reply", "Report this story")


def test_the_author_sees_the_moderators_note_on_their_story(owner_client, owner, moderator):
    story = make_story(owner, status=S.PENDING)
    decide(item=story, moderator=moderator, action="request_changes", reason="Remove the town.")
    body = owner_client.get(url(story)).content.decode()
    assert "Changes requested" in body
    assert "Remove the town." in body


def test_the_text_is_escaped_with_its_line_breaks_kept(client, owner):
    story = make_story(
        owner,
        title="<img src=x onerror=alert(2)>",
        body=(
            "First line\nSecond <script>alert(1)</script> line\n\n"
            '<a href="javascript:alert(3)">x</a>'
        ),
    )
    body = client.get(url(story)).content.decode()
    assert "First line<br>Second &lt;script&gt;alert(1)&lt;/script&gt; line<br><br>" in body
    assert "&lt;a href=&quot;javascript:alert(3)&quot;&gt;x&lt;/a&gt;" in body
    assert "&lt;img src=x onerror=alert(2)&gt;" in body
    assert "<script>alert(1)" not in body
    assert "<img src=x" not in body
    assert 'href="javascript:' not in body


def test_it_shows_approved_replies_oldest_first_and_nothing_else(client, story, owner, other_user):
    make_reply(story, other_user, body="The first reply", submitted_at=timezone.now())
    make_reply(story, other_user, body="Waiting reply", status=S.PENDING)
    make_reply(story, other_user, body="Rejected reply", status=S.REJECTED)
    make_reply(story, other_user, body="Hidden reply", hidden=True)
    make_reply(story, owner, body="The second reply")
    body = client.get(url(story)).content.decode()
    assert body.index("The first reply") < body.index("The second reply")
    assert "Replies (2)" in body
    for unseen in ("Waiting reply", "Rejected reply", "Hidden reply", "other@example.com"):
        assert unseen not in body


def test_a_reply_is_escaped_with_its_line_breaks_kept(client, story, other_user):
    make_reply(story, other_user, body="Hello\n<b>there</b>")
    assert "Hello<br>&lt;b&gt;there&lt;/b&gt;" in client.get(url(story)).content.decode()


def test_an_anonymous_reader_is_invited_to_log_in_to_reply(client, story):
    body = client.get(url(story)).content.decode()
    assert f'href="/accounts/login/?next=/community/{story.pk}/"' in body
    assert "Log in to reply" in body
    assert reply_url(story) not in body
    assert "Report this" not in body


def test_a_logged_in_reader_gets_a_reply_form_and_report_forms(other_client, story, owner):
    reply = make_reply(story, owner, body="A reply")
    assert_shows(
        other_client.get(url(story)).content.decode(),
        f'action="{reply_url(story)}"',
        f'action="{report_url("story", story)}"',
        f'action="{report_url("reply", reply)}"',
        "csrfmiddlewaretoken",
    )


def test_each_report_form_is_named_for_its_own_item(other_client, story, owner):
    replies = [make_reply(story, owner, body=f"Reply {i}") for i in range(3)]
    body = other_client.get(url(story)).content.decode()
    # The empty forms are drawn once and carry each item's prefix (community/views.py).
    for kind, item in [("story", story), *(("reply", reply) for reply in replies)]:
        prefix = f"report-{kind}-{item.pk}"
        assert body.count(f'name="{prefix}-reason"') == len(ContentReport.REASONS)
        assert f'<textarea name="{prefix}-details"' in body
        assert f'id="id_{prefix}-details"' in body
        assert f'for="id_{prefix}-details"' in body
    assert "__prefix__" not in body


def test_a_report_that_failed_keeps_its_error_and_the_others_stay_empty(other_client, story, owner):
    first, second = make_reply(story, owner, body="First"), make_reply(story, owner, body="2nd")
    data = report_data("reply", first, reason="", details="Kept text")

    body = other_client.post(report_url("reply", first), data).content.decode()

    assert "Choose the reason that fits best." in body
    assert "Kept text" in body
    assert f'name="report-reply-{second.pk}-reason"' in body
    assert body.count("Choose the reason that fits best.") == 1


def test_nobody_is_offered_to_report_their_own_story_or_reply(owner_client, story, owner):
    reply = make_reply(story, owner, body="My own reply")
    body = owner_client.get(url(story)).content.decode()
    assert report_url("story", story) not in body
    assert report_url("reply", reply) not in body
    assert f'action="{reply_url(story)}"' in body


def test_the_story_page_only_answers_get(client, story):
    assert client.post(url(story)).status_code == 405


@pytest.mark.parametrize("count", [1, 50])
def test_the_story_page_queries_are_bounded(
    other_client, story, owner, django_assert_num_queries, count
):
    replies = Reply.objects.bulk_create(
        Reply(story=story, author=owner, body=f"Reply {i}", status=S.APPROVED) for i in range(count)
    )
    ContentReport.objects.create(reporter=story.author, reply=replies[0], reason="spam")
    # The session, the user, the story, its approved replies, the reader's own reports.
    with django_assert_num_queries(5):
        response = other_client.get(url(story))
    assert len(response.context["entries"]) == count


def test_an_anonymous_story_page_takes_two_queries(client, story, django_assert_num_queries):
    # The story, its approved replies.
    with django_assert_num_queries(2):
        client.get(url(story))


# --- Replying ----------------------------------------------------------------------------------


def test_a_reply_starts_pending_and_thanks_the_person(other_client, story, other_user):
    response = other_client.post(reply_url(story), {"body": "Same here. See a physio."})
    assert response.status_code == 302
    assert response["Location"] == url(story)
    reply = Reply.objects.get()
    assert reply.author == other_user
    assert reply.story == story
    assert reply.status == S.PENDING
    assert reply.body == "Same here. See a physio."
    page = other_client.get(url(story)).content.decode()
    assert REPLY_THANKS in page
    assert "Same here. See a physio." not in page


def test_a_reply_appears_once_a_moderator_approves_it(other_client, story, moderator):
    other_client.post(reply_url(story), {"body": "It got better after three months."})
    decide(item=Reply.objects.get(), moderator=moderator, action="approve")
    assert "It got better after three months." in Client().get(url(story)).content.decode()


def test_the_author_and_status_come_from_the_server_not_the_form(other_client, story, owner):
    other_client.post(
        reply_url(story), {"body": "Hi", "author": owner.pk, "status": "approved", "story": 999}
    )
    reply = Reply.objects.get()
    assert reply.author.email == "other@example.com"
    assert reply.status == S.PENDING
    assert reply.story == story


def test_an_empty_reply_is_refused_next_to_the_field(other_client, story):
    response = other_client.post(reply_url(story), {"body": "   "})
    assert response.status_code == 200
    assert response.context["reply_form"].errors["body"]
    assert "Your reply was not sent" in response.content.decode()
    assert not Reply.objects.exists()


def test_a_too_long_reply_is_refused_and_kept(other_client, story):
    text = "x" * 4001
    response = other_client.post(reply_url(story), {"body": text})
    assert response.status_code == 200
    assert "at most 4000 characters" in response.content.decode()
    assert text in response.content.decode()
    assert not Reply.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in_to_reply(client, story):
    response = client.post(reply_url(story), {"body": "Hi"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Reply.objects.exists()


def test_nobody_can_reply_to_a_story_that_is_not_public(other_client, owner):
    for story in (make_story(owner, status=S.PENDING), make_story(owner, hidden=True)):
        assert other_client.post(reply_url(story), {"body": "Hi"}).status_code == 404
    assert not Reply.objects.exists()


def test_replying_only_answers_post(other_client, story):
    assert other_client.get(reply_url(story)).status_code == 405


# --- Reporting ---------------------------------------------------------------------------------


def test_a_reader_reports_a_story_with_a_reason(other_client, story, other_user):
    data = report_data("story", story, reason="personal_details", details="A phone number")
    response = other_client.post(report_url("story", story), data)
    assert response.status_code == 302
    report = ContentReport.objects.get()
    assert (report.reporter, report.story, report.reply) == (other_user, story, None)
    assert (report.reason, report.details) == ("personal_details", "A phone number")
    page = other_client.get(url(story)).content.decode()
    assert "Thank you for your report" in page
    assert "You reported this story" in page


def test_a_reader_reports_a_reply(other_client, story, owner, other_user):
    reply = make_reply(story, owner, body="Buy my oil")
    response = other_client.post(report_url("reply", reply), report_data("reply", reply, "spam"))
    assert response.status_code == 302
    report = ContentReport.objects.get()
    assert (report.reporter, report.story, report.reply) == (other_user, None, reply)
    assert "You reported this reply" in other_client.get(url(story)).content.decode()


def test_a_second_report_of_the_same_item_is_refused_kindly(other_client, story):
    other_client.post(report_url("story", story), report_data("story", story))
    response = other_client.post(report_url("story", story), report_data("story", story, "spam"))
    assert response.status_code == 302
    assert ContentReport.objects.count() == 1
    assert ContentReport.objects.get().reason == "unkind"
    page = other_client.get(url(story)).content.decode()
    assert "You have already reported this" in page


def test_two_people_can_report_the_same_story(other_client, story, make_user):
    other_client.post(report_url("story", story), report_data("story", story))
    other_client.force_login(make_user("third@example.com"))
    other_client.post(report_url("story", story), report_data("story", story))
    assert ContentReport.objects.count() == 2


def test_a_report_needs_a_reason_and_keeps_the_details(other_client, story):
    data = report_data("story", story, reason="", details="Something odd")
    response = other_client.post(report_url("story", story), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose the reason that fits best." in body
    assert "Something odd" in body
    assert '<details class="report" open>' in body
    assert not ContentReport.objects.exists()


def test_an_unknown_reason_is_refused(other_client, story):
    data = report_data("story", story, reason="because")
    response = other_client.post(report_url("story", story), data)
    assert response.status_code == 200
    assert not ContentReport.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in_to_report(client, story):
    response = client.post(report_url("story", story), report_data("story", story))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not ContentReport.objects.exists()


def test_items_that_are_not_public_cannot_be_reported(other_client, story, owner):
    pending_story = make_story(owner, status=S.PENDING)
    pending_reply = make_reply(story, owner, status=S.PENDING)
    reply_of_hidden = make_reply(make_story(owner, hidden=True), owner)
    cases = [("story", pending_story), ("reply", pending_reply), ("reply", reply_of_hidden)]
    for kind, item in cases:
        response = other_client.post(report_url(kind, item), report_data(kind, item))
        assert response.status_code == 404
    assert not ContentReport.objects.exists()


def test_reporting_only_answers_post(other_client, story):
    assert other_client.get(report_url("story", story)).status_code == 405
