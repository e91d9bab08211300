"""Personal details in moderation (issue 13, items 2 and 6).

A text is scanned once, when it is saved; the queue and the review page read what was found. A
text that still holds findings is never published by one click: the suggested text is applied
first, or it is published as it is with a reason; either is logged, and the bulk approve passes
over such items and lists them. A reader's report can be closed as unfounded, with a reason.
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from community import pii
from community.models import (
    ContentReport,
    ModerationDecision,
    ModerationStatus,
    Notification,
    Reply,
    Story,
)
from community.permissions import MODERATORS
from community.services import ModerationError, author_edit, decide
from tests.helpers import assert_hides, assert_shows, page_html

pytestmark = pytest.mark.django_db

S = ModerationStatus
QUEUE = "/admin/community/story/"
REPLY_QUEUE = "/admin/community/reply/"
PHONE_STORY = "My neck hurt for weeks after the massage. Call me on 07700 900123 to compare notes."
PHONE_AT = [PHONE_STORY.index("07700"), PHONE_STORY.index(" to compare")]
PLAIN_STORY = "My neck hurt for weeks after the massage, then it got better."
# A valid story made to make the old scanner slow (4.5 s a scan): see tests/security.
SPA_WORDS = "Spa " * 2500


@pytest.fixture
def moderator(make_user):
    user = make_user("moderator@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def make_story(owner):
    def make(body=PLAIN_STORY, title="My neck", **fields):
        return Story.objects.create(
            author=owner, title=title, body=body, consent_anonymous=True, **fields
        )

    return make


@pytest.fixture
def stop_scanning(monkeypatch):
    """From its call on, any scan fails the test: the pages must read what was stored."""

    def scanned(text):
        raise AssertionError(f"scanned on the page: {text[:40]!r}")

    def stop():
        for module in (pii, pii.scan, pii.output):
            monkeypatch.setattr(module, "find_personal_details", scanned)

    return stop


def change_url(item):
    return reverse(f"admin:community_{item._meta.model_name}_change", args=[item.pk])


def moderate(client, item, action, **data):
    url = reverse(f"admin:community_{item._meta.model_name}_moderate", args=[item.pk])
    return client.post(url, {"action": action, "seen_version": item.version, **data}, follow=True)


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)] or [
        str(message) for message in response.context.get("messages", [])
    ]


# Scanned once, when saved ------------------------------------------------------------------


def test_a_shared_story_is_stored_with_what_the_scanner_found(owner_client):
    response = owner_client.post(
        reverse("story_create"),
        {"title": "Ask Dr. Smith", "body": PHONE_STORY, "consent_anonymous": "on"},
    )

    assert response.status_code == 302
    story = Story.objects.get()
    assert story.pii_findings == {"title": [["name", 8, 13]], "body": [["phone", *PHONE_AT]]}
    assert [f.text for f in story.personal_details("body")] == ["07700 900123"]


def test_a_reply_an_edit_and_a_scrub_each_store_their_findings(owner, moderator, make_story):
    story = make_story()
    reply = Reply.objects.create(story=story, author=owner, body="Ring 07700 900123.")
    assert [f.text for f in reply.personal_details()] == ["07700 900123"]

    author_edit(item=story, author=owner, body=PHONE_STORY)
    assert story.personal_details_count == 1

    decide(
        item=story,
        moderator=moderator,
        action="scrub",
        scrubbed_body=pii.scrub(story.body, story.personal_details()),
    )
    story.refresh_from_db()
    assert "[phone number removed]" in story.body
    assert story.pii_findings == {"title": [], "body": []}


def test_stories_made_in_bulk_are_stored_with_their_findings(owner):
    Story.objects.bulk_create(
        Story(author=owner, title=f"Story {i}", body=PHONE_STORY, consent_anonymous=True)
        for i in range(3)
    )

    assert [story.personal_details_count for story in Story.objects.all()] == [1, 1, 1]


def test_a_story_made_to_slow_the_scanner_is_not_scanned_again_by_the_queue(
    moderator_client, make_story, stop_scanning
):
    # One such story made the queue take 5 s: every visit scanned the page's texts anew.
    make_story(body=SPA_WORDS)
    make_story(body=PHONE_STORY)
    stop_scanning()

    html = page_html(moderator_client.get(QUEUE))

    assert_shows(html, "1 found", "none found")


def test_a_story_made_to_slow_the_scanner_is_not_scanned_again_by_its_review_page(
    moderator_client, make_story, stop_scanning
):
    # The review page scanned the same text two or three times (marks, count, suggestion).
    slow = make_story(body=SPA_WORDS)
    phone = make_story(body=PHONE_STORY, title="Ask Dr. Smith")
    stop_scanning()

    page_html(moderator_client.get(change_url(slow)))
    html = page_html(moderator_client.get(change_url(phone)))

    assert_shows(
        html,
        '<mark class="pii pii-phone" title="Possible phone">07700 900123</mark>',
        '<mark class="pii pii-name" title="Possible name">Smith</mark>',
        "Call me on [phone number removed] to compare notes.",
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_scans_the_stories_and_replies_saved_before_it():
    executor = MigrationExecutor(connection)
    executor.migrate([("community", "0003_add_personal_details_found_and_two_decisions")])
    executor.loader.build_graph()  # reads again which migrations are applied
    old = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
    author = old.get_model("tracker", "User").objects.create(email="author@example.com")
    story = old.get_model("community", "Story").objects.create(
        author=author, title="Ask Dr. Smith", body=PHONE_STORY, consent_anonymous=True
    )
    old.get_model("community", "Reply").objects.create(
        story=story, author=author, body="Nothing personal."
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Story.objects.get().pii_findings == {
        "title": [["name", 8, 13]],
        "body": [["phone", *PHONE_AT]],
    }
    assert Reply.objects.get().pii_findings == {"body": []}


# Never published by one click --------------------------------------------------------------


def test_a_story_with_a_phone_number_is_not_approved_by_one_click_on_its_review_page(
    moderator_client, make_story
):
    story = make_story(body=PHONE_STORY)

    response = moderate(moderator_client, story, "approve")

    assert texts(response) == [
        "Personal details are still in it: apply the suggested text, or publish it as it is "
        "and say why."
    ]
    story.refresh_from_db()
    assert story.status == S.PENDING
    assert not ModerationDecision.objects.exists()

    # The suggested text applied, the one click approves, and the log tells both.
    moderate(moderator_client, story, "scrub")
    story.refresh_from_db()
    assert 'value="approve"' in page_html(moderator_client.get(change_url(story)))
    moderate(moderator_client, story, "approve")
    story.refresh_from_db()
    assert story.status == S.APPROVED
    assert "07700 900123" not in story.body
    assert list(
        ModerationDecision.objects.filter(story=story).values_list("action", flat=True)
    ) == ["approve", "scrub"]


def test_the_review_page_offers_the_suggested_text_or_publishing_as_it_is_not_approve(
    moderator_client, make_story
):
    story = make_story(body=PHONE_STORY)

    html = page_html(moderator_client.get(change_url(story)))

    assert_shows(
        html,
        "Apply the suggested text",
        'value="approve_as_is"',
        "Publish as it is",
        "Why these details may be published (for the log; the author doesn&#x27;t see it)",
    )
    assert_hides(html, 'value="approve"')


def test_publishing_as_it_is_needs_a_reason_and_is_logged(
    moderator_client, moderator, make_story, django_capture_on_commit_callbacks
):
    story = make_story(body=PHONE_STORY)

    asked = moderate(moderator_client, story, "approve_as_is", reason="  ")
    assert_shows(page_html(asked), "Write a reason: the other moderators will see it.")
    story.refresh_from_db()
    assert story.status == S.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        moderate(
            moderator_client, story, "approve_as_is", reason="It is the clinic's public number."
        )

    story.refresh_from_db()
    assert (story.status, story.is_public, story.moderator_note) == (S.APPROVED, True, "")
    decision = ModerationDecision.objects.get(story=story)
    assert (decision.action, decision.reason, decision.moderator) == (
        "approve_as_is",
        "It is the clinic's public number.",
        moderator,
    )
    # The author hears it is published, not the moderators' reason.
    (notification,) = Notification.objects.filter(user=story.author)
    assert "approved and is now public" in notification.text
    assert "public number" not in notification.text


def test_a_title_with_a_name_is_not_approved_by_one_click_either(moderator_client, make_story):
    # Only the text can be scrubbed here: such a story is sent back or published on purpose.
    story = make_story(title="Avoid Dr. Smith")

    moderate(moderator_client, story, "approve")

    story.refresh_from_db()
    assert story.status == S.PENDING
    assert 'value="approve_as_is"' in page_html(moderator_client.get(change_url(story)))


def test_the_bulk_approve_passes_over_items_with_personal_details_and_lists_them(
    moderator_client, make_story
):
    plain = make_story()
    phone = make_story(body=PHONE_STORY, title="Call me")
    named = make_story(title="Avoid Dr. Smith")

    response = moderator_client.post(
        QUEUE,
        {
            "action": "approve_selected",
            "index": 0,
            "_selected_action": [plain.pk, phone.pk, named.pk],
        },
        follow=True,
    )

    assert Story.objects.get(pk=plain.pk).status == S.APPROVED
    assert {Story.objects.get(pk=s.pk).status for s in (phone, named)} == {S.PENDING}
    html = page_html(response)
    assert_shows(
        html,
        "Approved and published: 1 story.",
        "2 stories not approved: personal details are still in them (",
        f'<a href="{change_url(phone)}">Call me</a>',
        f'<a href="{change_url(named)}">Avoid Dr. Smith</a>',
    )
    assert ModerationDecision.objects.count() == 1


def test_the_bulk_approve_passes_over_replies_with_personal_details_too(
    moderator_client, moderator, make_story, owner
):
    story = make_story()
    decide(item=story, moderator=moderator, action="approve")
    reply = Reply.objects.create(story=story, author=owner, body="Text me on 07700 900123.")

    moderator_client.post(
        REPLY_QUEUE, {"action": "approve_selected", "index": 0, "_selected_action": [reply.pk]}
    )

    reply.refresh_from_db()
    assert reply.status == S.PENDING


def test_the_service_refuses_a_one_click_approve_of_text_with_findings(moderator, make_story):
    story = make_story(body=PHONE_STORY)

    with pytest.raises(ModerationError, match="Personal details are still in it"):
        decide(item=story, moderator=moderator, action="approve")
    with pytest.raises(ModerationError, match="Give a reason"):
        decide(item=story, moderator=moderator, action="approve_as_is")


# A report closed as unfounded --------------------------------------------------------------


def reported(story, moderator, reporter):
    decide(item=story, moderator=moderator, action="approve")
    story.refresh_from_db()
    ContentReport.objects.create(reporter=reporter, story=story, reason="unkind")
    return story


def test_a_report_can_be_closed_as_unfounded_with_a_reason_and_is_logged(
    moderator_client, moderator, make_story, other_user, django_capture_on_commit_callbacks
):
    # Before, the only way to close a report was to hide the story and show it again.
    story = reported(make_story(), moderator, other_user)
    assert 'value="keep"' in page_html(moderator_client.get(change_url(story)))
    open_reports = {"status": "all", "reports": "open"}
    assert list(moderator_client.get(QUEUE, open_reports).context["cl"].result_list) == [story]

    asked = moderate(moderator_client, story, "keep", reason="")
    assert_shows(page_html(asked), "Why the reports are unfounded")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = moderate(moderator_client, story, "keep", reason="Blunt, but not unkind.")

    assert texts(response) == [f"Kept shown; the reports are closed: “{story.title}”."]
    story.refresh_from_db()
    assert (story.is_public, story.hidden) == (True, False)
    decision = ModerationDecision.objects.get(story=story, action="keep")
    assert decision.reason == "Blunt, but not unkind."
    assert not moderator_client.get(QUEUE, open_reports).context["cl"].result_list.exists()
    # The author is not told about reports found unfounded.
    assert callbacks == []
    assert not Notification.objects.filter(user=story.author).exists()


def test_only_a_reported_story_that_is_shown_can_be_kept(moderator, make_story, other_user):
    unreported = make_story()
    decide(item=unreported, moderator=moderator, action="approve")
    with pytest.raises(ModerationError, match="Nobody reported"):
        decide(item=unreported, moderator=moderator, action="keep", reason="Fine")

    story = reported(make_story(), moderator, other_user)
    decide(item=story, moderator=moderator, action="hide", reason="Unkind")
    with pytest.raises(ModerationError, match="show it again"):
        decide(item=story, moderator=moderator, action="keep", reason="Fine")
