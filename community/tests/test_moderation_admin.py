"""Moderation in the Django admin: who gets in, the queue, the actions, the review page, the
reports and the decision log.

Personas: a moderator (staff, in the "Moderators" group), a staff member without the group, a
person who is not staff, and anonymous. Every change of state goes through
community.services.decide(), so each one leaves a ModerationDecision row.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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
from community.services import author_edit, decide
from tests.helpers import assert_sent_to_log_in, assert_shows, page_html

pytestmark = pytest.mark.django_db

S = ModerationStatus
QUEUE = "/admin/community/story/"
REPLY_QUEUE = "/admin/community/reply/"
PII_STORY = (
    "My neck hurt for weeks after a deep tissue massage by Dr. Smith at Serenity Spa, "
    "call 555-0134 if you want to complain too."
)


@pytest.fixture
def moderators(db):
    return Group.objects.get(name=MODERATORS)  # made after every migrate and flush


@pytest.fixture
def moderator(make_user, moderators):
    user = make_user("moderator@example.com", is_staff=True)
    user.groups.add(moderators)
    return user


@pytest.fixture
def second_moderator(make_user, moderators):
    user = make_user("second.moderator@example.com", is_staff=True)
    user.groups.add(moderators)
    return user


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user("staff@example.com", is_staff=True))
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def superuser_client(client, make_user):
    client.force_login(make_user("root@example.com", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def make_story(owner):
    counter = iter(range(1, 10_000))

    def make(title=None, body="It hurt for a week, then it got better.", **fields):
        number = next(counter)
        fields.setdefault("submitted_at", timezone.now() - datetime.timedelta(hours=number))
        return Story.objects.create(
            author=fields.pop("author", owner),
            title=title or f"Story {number}",
            body=body,
            consent_anonymous=True,
            **fields,
        )

    return make


@pytest.fixture
def make_reply(other_user):
    def make(story, body="The same happened to me; a physiotherapist helped.", **fields):
        return Reply.objects.create(story=story, author=other_user, body=body, **fields)

    return make


def approved(story, moderator):
    decide(item=story, moderator=moderator, action="approve")
    story.refresh_from_db()
    return story


def report(item, reporter, reason="unkind", **fields):
    key = "story" if isinstance(item, Story) else "reply"
    return ContentReport.objects.create(reporter=reporter, reason=reason, **{key: item}, **fields)


def act(client, action, items, url=QUEUE, **extra):
    """The changelist's action form, as the browser posts it."""
    data = {"action": action, "index": 0, "_selected_action": [item.pk for item in items]}
    data.update(extra)
    return client.post(url, data, follow=True)


def apply_with_reason(client, action, items, reason, url=QUEUE):
    """The second step of an action that asks for a reason: the reason page's form."""
    data = {
        "action": action,
        "select_across": "0",
        "apply": "yes",
        "_selected_action": [item.pk for item in items],
        "reason": reason,
        **{f"version_{item.pk}": item.version for item in items},
    }
    return client.post(url, data, follow=True)


def texts(response):
    """The messages the page shows (after following redirects, so each is read once)."""
    if response.context and "messages" in response.context:
        return [str(message) for message in response.context["messages"]]
    return [str(message) for message in get_messages(response.wsgi_request)]


def moderate_url(item):
    return reverse(f"admin:community_{item._meta.model_name}_moderate", args=[item.pk])


def change_url(item):
    return reverse(f"admin:community_{item._meta.model_name}_change", args=[item.pk])


# Who gets in --------------------------------------------------------------------------------


def test_the_moderators_group_has_only_the_community_permissions():
    group = Group.objects.get(name=MODERATORS)

    assert set(group.permissions.values_list("codename", flat=True)) == {
        "view_story",
        "change_story",
        "view_reply",
        "change_reply",
        "view_contentreport",
        "view_moderationdecision",
    }


def test_a_moderator_sees_stories_replies_reports_and_the_log_on_the_admin_index(
    moderator_client,
):
    response = moderator_client.get("/admin/")

    assert response.status_code == 200
    models = {
        model["object_name"] for app in response.context["app_list"] for model in app["models"]
    }
    assert models == {"Story", "Reply", "ContentReport", "ModerationDecision"}
    html = response.content.decode()
    for hidden in ("/admin/tracker/user/", "/admin/auth/group/", "/admin/tracker/massage/"):
        assert hidden not in html


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/admin/tracker/massage/", 404),
        ("/admin/tracker/checkin/", 404),
        ("/admin/tracker/symptom/", 404),
        ("/admin/tracker/sidefunction/", 404),
        ("/admin/tracker/patternfeedback/", 404),
        ("/admin/community/notification/", 404),
        ("/admin/tracker/user/", 403),
        ("/admin/tracker/user/add/", 403),
        ("/admin/auth/group/", 403),
    ],
)
def test_a_moderator_cannot_reach_private_health_data_or_people(moderator_client, url, status):
    assert moderator_client.get(url).status_code == status


def test_a_moderator_cannot_open_a_persons_admin_page(moderator_client, owner, massage):
    assert moderator_client.get(f"/admin/tracker/user/{owner.pk}/change/").status_code == 403
    assert moderator_client.get(f"/admin/tracker/massage/{massage.pk}/change/").status_code == 404


def test_a_staff_member_without_the_group_sees_no_queue_and_cannot_act(staff_client, make_story):
    story = make_story()

    index = staff_client.get("/admin/")
    assert index.status_code == 200
    assert index.context["app_list"] == []
    assert index.context["moderation_counts"] == []
    assert staff_client.get(QUEUE).status_code == 403
    assert staff_client.get(change_url(story)).status_code == 403
    assert act(staff_client, "approve_selected", [story]).status_code == 403
    response = staff_client.post(moderate_url(story), {"action": "approve", "seen_version": 1})
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.status == S.PENDING


@pytest.mark.parametrize(
    "action",
    [
        "approve_selected",
        "reject_selected",
        "request_changes_selected",
        "hide_selected",
        "unhide_selected",
    ],
)
def test_no_action_runs_for_staff_without_the_group(staff_client, moderator, make_story, action):
    pending, published = make_story(), approved(make_story(), moderator)

    response = act(staff_client, action, [pending, published])

    assert response.status_code == 403
    assert ModerationDecision.objects.count() == 1  # the approval made above


@pytest.mark.parametrize("url", ["/admin/", QUEUE, "/admin/community/moderationdecision/"])
def test_a_person_who_is_not_staff_is_sent_to_the_admin_login(owner_client, url):
    response = owner_client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_an_anonymous_visitor_is_sent_to_log_in(client, make_story):
    # LoginRequiredMiddleware answers first, with the site's login page (axes guards it); only
    # Django's admin login page itself is open to anonymous visitors.
    story = make_story()

    for url in ("/admin/", QUEUE, change_url(story)):
        response = client.get(url)
        assert_sent_to_log_in(response, url)
    assert client.get("/admin/login/").status_code == 200
    response = client.post(moderate_url(story), {"action": "approve", "seen_version": 1})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    story.refresh_from_db()
    assert story.status == S.PENDING


# The queue ----------------------------------------------------------------------------------


def test_the_queue_shows_pending_stories_oldest_first(moderator_client, moderator, make_story):
    newer = make_story(submitted_at=timezone.now() - datetime.timedelta(hours=1))
    oldest = make_story(submitted_at=timezone.now() - datetime.timedelta(days=3))
    middle = make_story(submitted_at=timezone.now() - datetime.timedelta(days=1))
    approved(make_story(), moderator)

    response = moderator_client.get(QUEUE)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [oldest, middle, newer]


def test_the_status_filter_shows_other_states(moderator_client, moderator, make_story):
    pending = make_story()
    published = approved(make_story(), moderator)

    every = moderator_client.get(QUEUE, {"status": "all"}).context["cl"].result_list
    only_published = moderator_client.get(QUEUE, {"status": "approved"}).context["cl"].result_list

    assert set(every) == {pending, published}
    assert list(only_published) == [published]


def test_an_unknown_status_in_the_address_shows_the_pending_queue(moderator_client, make_story):
    story = make_story()

    response = moderator_client.get(QUEUE, {"status": "<script>"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [story]


def test_search_finds_stories_by_title_and_text(moderator_client, make_story):
    by_title = make_story(title="Numb fingers after a hot stone massage")
    by_text = make_story(body="My fingers went numb for a day.")
    make_story(title="Headache", body="A headache the next day.")

    found = moderator_client.get(QUEUE, {"q": "numb"}).context["cl"].result_list

    assert set(found) == {by_title, by_text}


def test_the_queue_shows_report_counts_and_personal_details(
    moderator_client, make_story, other_user, make_user
):
    story = make_story(body=PII_STORY)
    make_story(body="Nothing personal in here.")
    report(story, other_user)
    report(story, make_user("third@example.com"))

    response = moderator_client.get(QUEUE)

    rows = {row.pk: row for row in response.context["cl"].result_list}
    assert rows[story.pk].report_count == 2
    html = response.content.decode()
    found = len(pii.find_personal_details(f"{story.title}\n{story.body}"))
    assert found >= 3
    assert f"{found} found" in html
    assert "none found" in html


def test_the_reports_filter_lists_reported_published_items_most_reported_first(
    moderator_client, moderator, make_story, other_user, make_user
):
    once = approved(make_story(), moderator)
    twice = approved(make_story(), moderator)
    approved(make_story(), moderator)  # never reported
    third = make_user("third@example.com")
    report(once, other_user)
    report(twice, other_user)
    report(twice, third)

    response = moderator_client.get(QUEUE, {"reports": "open"})

    assert list(response.context["cl"].result_list) == [twice, once]


def test_reports_made_before_the_last_decision_are_no_longer_open(
    moderator_client, moderator, make_story, other_user, make_user
):
    story = approved(make_story(), moderator)
    report(story, other_user)
    decide(item=story, moderator=moderator, action="hide", reason="Unkind words")
    story.refresh_from_db()
    decide(item=story, moderator=moderator, action="unhide")

    assert moderator_client.get(QUEUE, {"reports": "open"}).context["cl"].result_list.count() == 0

    report(story, make_user("third@example.com"))
    assert list(moderator_client.get(QUEUE, {"reports": "open"}).context["cl"].result_list) == [
        story
    ]


def test_the_reply_queue_shows_pending_replies_with_their_story(
    moderator_client, moderator, make_story, make_reply
):
    story = approved(make_story(title="Pins and needles"), moderator)
    reply = make_reply(story)

    response = moderator_client.get(REPLY_QUEUE)

    assert list(response.context["cl"].result_list) == [reply]
    assert "Pins and needles" in response.content.decode()


# The admin index ----------------------------------------------------------------------------


def test_the_admin_index_counts_what_waits_and_links_to_the_queues(
    moderator_client, moderator, make_story, make_reply, other_user
):
    make_story()
    make_story()
    reported = approved(make_story(), moderator)
    report(reported, other_user)
    make_reply(reported)

    response = moderator_client.get("/admin/")

    counts = {
        row["label"]: (row["count"], row["url"]) for row in response.context["moderation_counts"]
    }
    assert counts == {
        "Stories waiting for a decision": (2, f"{QUEUE}?status=pending"),
        "Reported stories still shown": (1, f"{QUEUE}?status=all&reports=open"),
        "Replies waiting for a decision": (1, f"{REPLY_QUEUE}?status=pending"),
        "Reported replies still shown": (0, f"{REPLY_QUEUE}?status=all&reports=open"),
    }
    html = response.content.decode()
    assert f'href="{QUEUE}?status=all&amp;reports=open"' in html
    assert html.index("Stories waiting for a decision") < html.index('id="content-main"')


def test_the_admin_index_counts_take_the_same_queries_for_few_and_many_items(
    moderator_client, moderator, make_story
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert moderator_client.get("/admin/").status_code == 200
        return len(captured)

    for _ in range(3):
        make_story()
    few = queries()
    Story.objects.bulk_create(
        Story(author=moderator, title=f"S{i}", body="b", consent_anonymous=True) for i in range(200)
    )

    assert queries() == few


# Actions on many items ----------------------------------------------------------------------


def test_bulk_approve_approves_each_selected_story_through_decide(
    moderator_client, moderator, make_story, django_capture_on_commit_callbacks, mailoutbox
):
    stories = [make_story() for _ in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        response = act(moderator_client, "approve_selected", stories)

    assert response.redirect_chain == [(QUEUE, 302)]
    assert texts(response) == ["Approved and published: 3 stories."]
    for story in stories:
        story.refresh_from_db()
        assert story.status == S.APPROVED
        assert story.decided_by == moderator
    assert ModerationDecision.objects.filter(action="approve").count() == 3
    assert set(ModerationDecision.objects.values_list("moderator_email", flat=True)) == {
        "moderator@example.com"
    }
    assert Notification.objects.count() == 3
    assert len(mailoutbox) == 3


def test_bulk_approve_skips_items_someone_else_decided_and_says_who(
    moderator_client, second_moderator, make_story
):
    stories = [make_story() for _ in range(3)]
    approved(stories[0], second_moderator)
    decide(item=stories[1], moderator=second_moderator, action="reject", reason="Spam")

    response = act(moderator_client, "approve_selected", stories)

    assert texts(response) == [
        "Approved and published: 1 story.",
        "2 stories were already decided by second.moderator@example.com; nothing changed for them.",
    ]
    statuses = [Story.objects.get(pk=story.pk).status for story in stories]
    assert statuses == [S.APPROVED, S.REJECTED, S.APPROVED]
    assert ModerationDecision.objects.count() == 3  # two by the other moderator, one here


def test_bulk_approve_says_when_the_author_withdrew_a_story(moderator_client, owner, make_story):
    story = make_story()
    Story.objects.filter(pk=story.pk).update(status=S.WITHDRAWN)

    response = act(moderator_client, "approve_selected", [story])

    assert texts(response) == ["1 story was withdrawn by the author; nothing changed for it."]


def test_selecting_every_item_of_the_queue_approves_the_whole_queue(
    moderator_client, moderator, make_story
):
    pending = [make_story() for _ in range(3)]
    approved(make_story(), moderator)

    response = act(moderator_client, "approve_selected", pending[:1], select_across="1")

    assert texts(response) == ["Approved and published: 3 stories."]
    assert Story.objects.filter(status=S.APPROVED).count() == 4


def test_bulk_reject_asks_for_a_reason_first_and_changes_nothing_yet(moderator_client, make_story):
    stories = [make_story(title="First"), make_story(title="Second")]

    response = act(moderator_client, "reject_selected", stories)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Why it can&#x27;t be published (the author sees this)" in html
    assert "First" in html and "Second" in html
    assert 'name="csrfmiddlewaretoken"' in html
    for story in stories:
        assert f'name="version_{story.pk}" value="{story.version}"' in html
    assert Story.objects.filter(status=S.PENDING).count() == 2
    assert not ModerationDecision.objects.exists()


def test_bulk_reject_without_a_reason_shows_the_error_and_changes_nothing(
    moderator_client, make_story
):
    story = make_story()

    response = apply_with_reason(moderator_client, "reject_selected", [story], "   ")

    assert response.status_code == 200
    assert "Write a reason: the author will see it." in response.content.decode()
    story.refresh_from_db()
    assert story.status == S.PENDING


def test_bulk_reject_with_a_reason_rejects_and_tells_the_authors(
    moderator_client, make_story, django_capture_on_commit_callbacks, mailoutbox
):
    stories = [make_story() for _ in range(2)]

    with django_capture_on_commit_callbacks(execute=True):
        response = apply_with_reason(
            moderator_client, "reject_selected", stories, "It names a therapist."
        )

    assert response.redirect_chain == [(QUEUE, 302)]
    assert texts(response) == ["Rejected (the author sees your reason): 2 stories."]
    for story in stories:
        story.refresh_from_db()
        assert story.status == S.REJECTED
        assert story.moderator_note == "It names a therapist."
    assert all("It names a therapist." in mail.body for mail in mailoutbox)
    assert len(mailoutbox) == 2


def test_bulk_reject_skips_a_story_its_author_edited_after_the_reason_page_opened(
    moderator_client, owner, make_story
):
    kept, edited = make_story(), make_story()
    seen = [Story.objects.get(pk=kept.pk), Story.objects.get(pk=edited.pk)]
    author_edit(item=edited, author=owner, body="A calmer version of my story.")

    response = apply_with_reason(moderator_client, "reject_selected", seen, "Off topic.")

    assert texts(response) == [
        "Rejected (the author sees your reason): 1 story.",
        "1 story was changed after you opened the page; nothing changed for it.",
    ]
    assert Story.objects.get(pk=kept.pk).status == S.REJECTED
    assert Story.objects.get(pk=edited.pk).status == S.PENDING


def test_bulk_request_changes_sends_the_note(moderator_client, make_story):
    story = make_story()

    response = apply_with_reason(
        moderator_client, "request_changes_selected", [story], "Please leave out the clinic."
    )

    assert texts(response) == ["Sent back to the author with your note: 1 story."]
    story.refresh_from_db()
    assert story.status == S.CHANGES_REQUESTED
    assert story.moderator_note == "Please leave out the clinic."


def test_hide_and_show_again_act_on_published_items_only(moderator_client, moderator, make_story):
    published = approved(make_story(), moderator)
    pending = make_story()

    response = apply_with_reason(
        moderator_client, "hide_selected", [published, pending], "Readers found it unkind."
    )

    assert texts(response) == [
        "Hidden from readers: 1 story.",
        "1 story was not published; nothing changed for it.",
    ]
    published.refresh_from_db()
    assert published.hidden is True
    assert published.status == S.APPROVED

    response = act(moderator_client, "unhide_selected", [published, pending])

    assert texts(response) == [
        "Shown to readers again: 1 story.",
        "1 story was not published; nothing changed for it.",
    ]
    published.refresh_from_db()
    assert published.hidden is False
    assert list(
        ModerationDecision.objects.filter(story=published).values_list("action", flat=True)
    ) == ["unhide", "hide", "approve"]


def test_hiding_a_hidden_story_again_changes_nothing(moderator_client, moderator, make_story):
    story = approved(make_story(), moderator)
    decide(item=story, moderator=moderator, action="hide", reason="Unkind")

    response = apply_with_reason(moderator_client, "hide_selected", [story], "Again")

    assert texts(response) == ["1 story was already hidden; nothing changed for it."]
    assert ModerationDecision.objects.filter(action="hide").count() == 1


def test_bulk_actions_work_on_replies(moderator_client, moderator, make_story, make_reply):
    story = approved(make_story(), moderator)
    replies = [make_reply(story) for _ in range(2)]

    response = act(moderator_client, "approve_selected", replies, url=REPLY_QUEUE)

    assert texts(response) == ["Approved and published: 2 replies."]
    assert Reply.objects.filter(status=S.APPROVED).count() == 2


def test_nobody_can_add_or_delete_stories_in_the_admin(superuser_client, make_story):
    story = make_story()

    assert superuser_client.get("/admin/community/story/add/").status_code == 403
    assert superuser_client.get(f"/admin/community/story/{story.pk}/delete/").status_code == 403
    response = superuser_client.get(QUEUE)
    assert "delete_selected" not in response.content.decode()
    assert Story.objects.filter(pk=story.pk).exists()


def test_a_superuser_deleting_a_person_deletes_their_stories_and_logs_too(
    superuser_client, owner, other_user, moderator, make_story, make_reply
):
    # As when people delete their own account: nothing of theirs stays behind.
    story = approved(make_story(), moderator)
    approved(make_reply(story), moderator)
    report(story, other_user)
    url = f"/admin/tracker/user/{owner.pk}/delete/"

    assert superuser_client.get(url).context["perms_lacking"] == set()
    response = superuser_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Story.objects.exists()
    assert not ModerationDecision.objects.filter(story=story).exists()
    assert not ContentReport.objects.exists()


# The review page ----------------------------------------------------------------------------


def test_the_review_page_marks_personal_details_and_suggests_a_scrubbed_text(
    moderator_client, make_story
):
    story = make_story(body=PII_STORY)

    response = moderator_client.get(change_url(story))

    assert_shows(
        page_html(response),
        "Personal details found",
        '<mark class="pii pii-phone"',
        "555-0134</mark>",
        "[phone number removed]",
        pii.scrub(story.body).split("[")[0],
        "Apply the suggested text",
        f'name="seen_version" value="{story.version}"',
        f'action="{moderate_url(story)}"',
    )


def test_the_review_page_shows_the_story_as_inert_text(moderator_client, make_story):
    story = make_story(
        title="<img src=x onerror=alert(1)>",
        body='<script>alert("x")</script> <a href="javascript:alert(1)">link</a>\nnew line',
    )

    html = moderator_client.get(change_url(story)).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<a href="javascript:' not in html
    assert "<img src=x" not in html
    assert "<br />new line" in html


def test_nobody_edits_the_text_by_hand(superuser_client, make_story):
    story = make_story()

    html = superuser_client.get(change_url(story)).content.decode()
    assert 'name="body"' not in html
    assert 'name="title"' not in html
    assert 'name="_save"' not in html

    response = superuser_client.post(change_url(story), {"title": "Changed", "body": "Changed"})
    assert response.status_code == 405
    story.refresh_from_db()
    assert story.title != "Changed"


def test_applying_the_suggested_text_scrubs_through_decide(moderator_client, moderator, make_story):
    story = make_story(body=PII_STORY)

    response = moderator_client.post(
        moderate_url(story), {"action": "scrub", "seen_version": story.version}
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(story)
    story.refresh_from_db()
    assert story.body == pii.scrub(PII_STORY)
    assert "555-0134" not in story.body
    assert story.status == S.PENDING
    decision = ModerationDecision.objects.get(story=story)
    assert (decision.action, decision.text_before, decision.text_after) == (
        "scrub",
        PII_STORY,
        story.body,
    )
    assert decision.moderator == moderator


def test_approving_from_the_review_page_returns_to_the_queue(moderator_client, make_story):
    story = make_story()

    response = moderator_client.post(
        moderate_url(story), {"action": "approve", "seen_version": story.version}
    )

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    assert texts(response) == [f"Approved and published: “{story.title}”."]
    story.refresh_from_db()
    assert story.status == S.APPROVED


def test_rejecting_from_the_review_page_needs_a_reason(moderator_client, make_story):
    story = make_story()

    response = moderator_client.post(
        moderate_url(story), {"action": "reject", "seen_version": story.version, "reason": " "}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Write a reason: the author will see it." in html
    assert f'name="seen_version" value="{story.version}"' in html
    story.refresh_from_db()
    assert story.status == S.PENDING

    response = moderator_client.post(
        moderate_url(story),
        {"action": "reject", "seen_version": story.version, "reason": "It is an advert."},
    )
    story.refresh_from_db()
    assert story.status == S.REJECTED
    assert story.moderator_note == "It is an advert."


def test_asking_for_changes_from_the_review_page(moderator_client, make_story):
    story = make_story()

    moderator_client.post(
        moderate_url(story),
        {"action": "request_changes", "seen_version": story.version, "reason": "Shorter, please."},
    )

    story.refresh_from_db()
    assert story.status == S.CHANGES_REQUESTED
    assert story.moderator_note == "Shorter, please."


def test_hiding_from_the_review_page_of_a_reported_story(
    moderator_client, moderator, make_story, other_user
):
    story = approved(make_story(), moderator)
    report(story, other_user, reason="personal_details", details="It names my neighbour.")

    html = moderator_client.get(change_url(story)).content.decode()
    assert "It shows personal details" in html
    assert "It names my neighbour." in html
    assert "Reader reports (1)" in html
    assert 'value="hide"' in html
    assert 'value="approve"' not in html

    moderator_client.post(
        moderate_url(story),
        {"action": "hide", "seen_version": story.version, "reason": "It names a person."},
    )
    story.refresh_from_db()
    assert story.hidden is True
    assert 'value="unhide"' in moderator_client.get(change_url(story)).content.decode()


def test_the_review_page_lists_the_items_decisions(moderator_client, moderator, make_story):
    story = make_story(body=PII_STORY)
    decide(item=story, moderator=moderator, action="scrub", scrubbed_body=pii.scrub(PII_STORY))
    story.refresh_from_db()
    approved(story, moderator)

    html = moderator_client.get(change_url(story)).content.decode()

    assert "Personal details removed" in html
    assert "Approved" in html
    assert html.count("moderator@example.com") >= 2
    assert 'value="hide"' in html  # a published story can only be hidden now
    assert 'value="approve"' not in html


def test_a_view_without_post_or_an_unknown_decision_changes_nothing(moderator_client, make_story):
    story = make_story()

    assert moderator_client.get(moderate_url(story)).status_code == 405
    response = moderator_client.post(
        moderate_url(story), {"action": "delete", "seen_version": story.version}, follow=True
    )
    assert response.redirect_chain == [(change_url(story), 302)]
    assert texts(response) == ["Choose one of the decisions on the page."]
    response = moderator_client.post(moderate_url(story), {"action": "approve"}, follow=True)
    assert texts(response) == ["This page was out of date: look at the item again."]
    response = moderator_client.post(
        moderate_url(story), {"action": "reject", "reason": ""}, follow=True
    )
    assert texts(response) == ["This page was out of date: look at the item again."]
    response = moderator_client.post(
        moderate_url(story), {"action": "approve", "seen_version": "abc"}, follow=True
    )
    assert texts(response) == ["This page was out of date: look at the item again."]
    story.refresh_from_db()
    assert story.status == S.PENDING
    assert (
        moderator_client.post(
            "/admin/community/story/999999/moderate/", {"action": "approve", "seen_version": 1}
        ).status_code
        == 404
    )


def test_the_review_page_of_a_reply_links_to_its_story(
    moderator_client, moderator, make_story, make_reply
):
    story = approved(make_story(title="Pins and needles"), moderator)
    reply = make_reply(story, body="Call me on 555-0199.")

    html = moderator_client.get(change_url(reply)).content.decode()

    assert f'href="{change_url(story)}"' in html
    assert '<mark class="pii pii-phone"' in html
    moderator_client.post(moderate_url(reply), {"action": "scrub", "seen_version": reply.version})
    reply.refresh_from_db()
    assert "555-0199" not in reply.body


def test_a_story_title_with_personal_details_is_pointed_out(moderator_client, make_story):
    story = make_story(title="Avoid Dr. Smith")

    html = moderator_client.get(change_url(story)).content.decode()

    assert "The title holds personal details." in html
    assert '<mark class="pii pii-name"' in html


# Reports and the decision log ---------------------------------------------------------------


def test_the_reports_list_links_each_report_to_its_item(
    moderator_client, moderator, make_story, make_reply, other_user
):
    story = approved(make_story(title="Sore for days"), moderator)
    reply = approved(make_reply(story), moderator)
    report(story, other_user, reason="spam")
    report(reply, other_user, reason="unkind")

    response = moderator_client.get("/admin/community/contentreport/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{change_url(story)}"' in html
    assert f'href="{change_url(reply)}"' in html
    assert "It is spam or advertising" in html
    assert "<style" not in html  # a list without actions: see templates/admin/community/


def test_reports_cannot_be_added_changed_or_deleted(superuser_client, moderator, make_story):
    story = approved(make_story(), moderator)
    reported = report(story, moderator)
    base = "/admin/community/contentreport/"

    assert superuser_client.get(f"{base}add/").status_code == 403
    assert superuser_client.get(f"{base}{reported.pk}/delete/").status_code == 403
    response = superuser_client.post(f"{base}{reported.pk}/change/", {"reason": "spam"})
    assert response.status_code == 403
    reported.refresh_from_db()
    assert reported.reason == "unkind"


def test_the_decision_log_tells_who_when_what_and_the_texts(
    moderator_client, moderator, make_story
):
    story = make_story(body=PII_STORY)
    decision = decide(
        item=story, moderator=moderator, action="scrub", scrubbed_body=pii.scrub(PII_STORY)
    )

    listing = moderator_client.get("/admin/community/moderationdecision/").content.decode()
    detail = moderator_client.get(
        f"/admin/community/moderationdecision/{decision.pk}/change/"
    ).content.decode()

    assert "moderator@example.com" in listing
    assert "Personal details removed" in listing
    assert f'href="{change_url(story)}"' in listing
    assert "555-0134" in detail  # the text before
    assert "[phone number removed]" in detail  # and after


@pytest.mark.parametrize("client_fixture", ["moderator_client", "superuser_client"])
def test_nobody_can_edit_the_decision_log(request, client_fixture, moderator, make_story):
    client = request.getfixturevalue(client_fixture)
    decision = decide(item=make_story(), moderator=moderator, action="approve")
    base = "/admin/community/moderationdecision/"

    assert client.get(f"{base}add/").status_code == 403
    assert client.get(f"{base}{decision.pk}/delete/").status_code == 403
    response = client.post(f"{base}{decision.pk}/change/", {"reason": "rewritten"})
    assert response.status_code == 403
    detail = client.get(f"{base}{decision.pk}/change/").content.decode()
    assert 'name="reason"' not in detail
    decision.refresh_from_db()
    assert decision.reason == ""
    assert ModerationDecision.objects.count() == 1


# Bounded queries ----------------------------------------------------------------------------


def queue_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("size", [10, 500])
def test_the_story_queue_takes_the_same_queries_for_10_and_500_pending_stories(
    moderator_client, owner, size
):
    Story.objects.bulk_create(
        Story(
            author=owner,
            title=f"Story {i}",
            body=PII_STORY if i % 2 else "Nothing personal.",
            consent_anonymous=True,
        )
        for i in range(size)
    )

    count, response = queue_queries(moderator_client, QUEUE)

    # 1 session, 2 the moderator, 3-4 their user and group permissions, 5 the filtered count,
    # 6 the total count, 7 the page of stories with their report count and decider.
    assert count == 7
    assert len(response.context["cl"].result_list) == min(size, 50)


@pytest.mark.parametrize("size", [10, 500])
def test_the_reply_queue_takes_the_same_queries_for_10_and_500_pending_replies(
    moderator_client, moderator, owner, make_story, size
):
    story = approved(make_story(), moderator)
    Reply.objects.bulk_create(
        Reply(story=story, author=owner, body=f"Reply {i}: call 555-0134") for i in range(size)
    )

    count, _ = queue_queries(moderator_client, REPLY_QUEUE)

    # As for stories, the page's replies come with their story in the same query.
    assert count == 7


def test_the_queue_counts_need_no_join_with_the_reports(moderator_client, make_story, other_user):
    report(make_story(), other_user)
    make_story()

    with CaptureQueriesContext(connection) as captured:
        moderator_client.get(QUEUE)

    counts = [q["sql"] for q in captured if "COUNT(*)" in q["sql"]]
    assert len(counts) == 2  # the filtered count and the total
    assert not any("contentreport" in sql for sql in counts)


def test_the_reported_at_least_once_filter_counts_reports_per_item(
    moderator_client, moderator, make_story, other_user, make_user
):
    twice = approved(make_story(), moderator)
    approved(make_story(), moderator)  # never reported
    report(twice, other_user)
    report(twice, make_user("third@example.com"))

    response = moderator_client.get(QUEUE, {"reports": "any"})

    assert [(row, row.report_count) for row in response.context["cl"].result_list] == [(twice, 2)]


def test_each_text_is_scanned_for_personal_details_once(moderator_client, make_story, monkeypatch):
    make_story(body=PII_STORY)
    moderator_client.get(QUEUE)
    scans = []
    monkeypatch.setattr(pii, "find_personal_details", lambda text: scans.append(text) or [])

    html = moderator_client.get(QUEUE).content.decode()

    assert scans == []  # the count was kept from the first visit
    assert "none found" not in html


def test_an_edited_text_is_scanned_again(moderator_client, make_story):
    story = make_story(body="Nothing personal in here.")
    assert "none found" in moderator_client.get(QUEUE).content.decode()

    author_edit(item=story, author=story.author, body=PII_STORY)

    html = moderator_client.get(QUEUE).content.decode()
    assert "none found" not in html


def test_the_row_checkbox_is_the_one_django_draws(make_story):
    from django.contrib import admin

    story = make_story(title='Pain & "tingling" <after>')
    model_admin = admin.site.get_model_admin(Story)

    assert model_admin.action_checkbox(story) == admin.ModelAdmin.action_checkbox(
        model_admin, story
    )


@pytest.mark.parametrize(
    "old",
    [
        "/admin/tracker/story/?status=all&reports=open",
        "/admin/tracker/reply/",
        "/admin/tracker/contentreport/",
        "/admin/tracker/moderationdecision/",
    ],
)
def test_a_bookmark_from_before_the_community_app_still_finds_the_page(moderator_client, old):
    response = moderator_client.get(old)

    assert response.status_code == 301
    assert response["Location"] == old.replace("/admin/tracker/", "/admin/community/")
    assert moderator_client.get(response["Location"]).status_code == 200


def test_the_old_address_of_a_review_page_leads_to_it_and_the_people_stay_put(
    moderator_client, make_story
):
    story = make_story()
    anonymous_client = Client()

    response = moderator_client.get(f"/admin/tracker/story/{story.pk}/change/")
    assert response["Location"] == change_url(story)
    # Anonymous: the same redirect, then the log-in page, as at the new address.
    anonymous = anonymous_client.get(f"/admin/tracker/story/{story.pk}/change/", follow=True)
    direct = anonymous_client.get(change_url(story))
    assert anonymous.redirect_chain == [(change_url(story), 301), (direct["Location"], 302)]
    assert "login" in direct["Location"]
    # The accounts were never moved: no redirect there.
    assert moderator_client.get("/admin/tracker/user/").status_code == 403
