"""The author's own page: every state a story or reply goes through, and who may change it.

pending -> (moderator) approved / rejected / changes requested -> (author edits) pending
-> withdrawn. Every change by the author goes through their views; every moderator decision
through community.services.decide.
"""

import pytest
from django.test import Client
from django.urls import reverse

from community.models import ModerationDecision, ModerationStatus, Reply, Story
from community.services import decide
from community.tests.helpers import make_story
from tests.helpers import assert_sent_to_log_in

S = ModerationStatus
MINE = "/community/mine/"


@pytest.fixture
def story(owner):
    return make_story(owner, status=S.PENDING)


@pytest.fixture
def reply(owner, other_user):
    return Reply.objects.create(
        story=make_story(other_user, title="Their story"),
        author=owner,
        body="Same here.",
    )


def edit_data(**overrides):
    data = {"title": "Weak shoulder, updated", "body": "Better now.", "massage_type": "sports"}
    data.update(overrides)
    return data


def edit(client, story, **overrides):
    return client.post(reverse("story_edit", args=[story.pk]), edit_data(**overrides))


def withdraw(client, item):
    name = "story_withdraw" if isinstance(item, Story) else "reply_withdraw"
    return client.post(reverse(name, args=[item.pk]))


def test_the_urls():
    assert reverse("story_mine") == MINE
    assert reverse("story_edit", args=[3]) == "/community/3/edit/"
    assert reverse("story_withdraw", args=[3]) == "/community/3/withdraw/"
    assert reverse("reply_edit", args=[3]) == "/community/replies/3/edit/"
    assert reverse("reply_withdraw", args=[3]) == "/community/replies/3/withdraw/"


# --- The page ----------------------------------------------------------------------------------


def test_it_lists_the_persons_stories_and_replies_with_their_status(owner_client, story, reply):
    body = owner_client.get(MINE).content.decode()
    assert "Weak shoulder" in body
    assert "Your reply to “Their story”" in body
    assert "Same here." in body
    assert body.count("Waiting for a moderator") == 2
    assert reverse("story_edit", args=[story.pk]) in body
    assert reverse("story_withdraw", args=[story.pk]) in body
    assert reverse("reply_edit", args=[reply.pk]) in body
    assert reverse("reply_withdraw", args=[reply.pk]) in body


def test_it_shows_nobody_elses_stories(other_client, story):
    body = other_client.get(MINE).content.decode()
    assert "Weak shoulder" not in body
    assert "You haven't shared a story yet." in body


def test_it_shows_the_moderators_reason_in_plain_words(owner_client, story, moderator):
    decide(item=story, moderator=moderator, action="reject", reason="It names the clinic.")
    body = owner_client.get(MINE).content.decode()
    assert "Not published" in body
    assert "The moderator's reason" in body
    assert "It names the clinic." in body


def test_it_counts_new_messages(owner_client, story, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decide(item=story, moderator=moderator, action="approve")
    body = owner_client.get(MINE).content.decode()
    assert "You have 1 new message." in body


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(MINE)
    assert_sent_to_log_in(response, MINE)


def test_the_page_takes_five_queries(owner_client, owner, story, reply, django_assert_num_queries):
    for _ in range(5):
        make_story(owner, status=S.PENDING)
    # The session, the user, the stories, the replies with their story, the unread count.
    with django_assert_num_queries(5):
        owner_client.get(MINE)


# --- Every state change ------------------------------------------------------------------------


def test_the_whole_life_of_a_story(owner_client, story, moderator):
    reader = Client()
    # pending -> changes requested (moderator)
    decide(item=story, moderator=moderator, action="request_changes", reason="Remove the town.")
    story.refresh_from_db()
    assert story.status == S.CHANGES_REQUESTED
    assert "What to change" in owner_client.get(MINE).content.decode()

    # changes requested -> pending (author edits)
    form_page = owner_client.get(reverse("story_edit", args=[story.pk])).content.decode()
    assert "Remove the town." in form_page
    assert edit(owner_client, story).status_code == 302
    story.refresh_from_db()
    assert story.status == S.PENDING
    assert story.title == "Weak shoulder, updated"
    assert story.massage_type == "sports"

    # pending -> approved (moderator): public
    decide(item=story, moderator=moderator, action="approve")
    story.refresh_from_db()
    assert story.status == S.APPROVED
    assert "Weak shoulder, updated" in reader.get("/community/").content.decode()

    # approved -> pending (author edits): off the public list until read again
    assert edit(owner_client, story, body="Fully better.").status_code == 302
    story.refresh_from_db()
    assert story.status == S.PENDING
    assert story.body == "Fully better."
    assert "Weak shoulder, updated" not in reader.get("/community/").content.decode()

    # pending -> rejected (moderator) -> pending (author edits)
    decide(item=story, moderator=moderator, action="reject", reason="Off topic.")
    story.refresh_from_db()
    assert story.status == S.REJECTED
    assert edit(owner_client, story).status_code == 302
    story.refresh_from_db()
    assert story.status == S.PENDING

    # pending -> withdrawn (author)
    assert owner_client.get(reverse("story_withdraw", args=[story.pk])).status_code == 200
    assert withdraw(owner_client, story).status_code == 302
    story.refresh_from_db()
    assert story.status == S.WITHDRAWN
    assert ModerationDecision.objects.filter(story=story).count() == 3


def test_editing_a_public_story_warns_it_goes_back_to_the_queue(owner_client, owner):
    story = make_story(owner, status=S.APPROVED)
    body = owner_client.get(reverse("story_edit", args=[story.pk])).content.decode()
    assert "Your story is public now" in body
    assert 'name="consent_anonymous"' not in body


def test_an_edit_keeps_the_typed_text_when_it_is_refused(owner_client, story):
    response = edit(owner_client, story, title="", body="Kept text")
    assert response.status_code == 200
    assert "Kept text" in response.content.decode()
    story.refresh_from_db()
    assert story.body == "My shoulder felt weak for weeks."


def test_an_approved_story_can_be_withdrawn_and_disappears(owner_client, owner):
    reader = Client()
    story = make_story(owner, status=S.APPROVED, title="Public for now")
    assert "Public for now" in reader.get("/community/").content.decode()
    withdraw(owner_client, story)
    story.refresh_from_db()
    assert story.status == S.WITHDRAWN
    assert "Public for now" not in reader.get("/community/").content.decode()
    assert reader.get(story.get_absolute_url()).status_code == 404


def test_a_withdrawn_story_cannot_be_edited_or_withdrawn_again(owner_client, owner):
    story = make_story(owner, status=S.WITHDRAWN)
    response = edit(owner_client, story)
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.status, story.title) == (S.WITHDRAWN, "Weak shoulder after a deep tissue massage")
    assert "be changed any more" in owner_client.get(MINE).content.decode()
    assert reverse("story_edit", args=[story.pk]) not in owner_client.get(MINE).content.decode()


def test_a_moderator_cannot_approve_a_withdrawn_story(owner_client, story, moderator):
    from community.services import ModerationError

    withdraw(owner_client, story)
    story.refresh_from_db()
    with pytest.raises(ModerationError):
        decide(item=story, moderator=moderator, action="approve")


def test_the_whole_life_of_a_reply(owner_client, reply, moderator):
    reader = Client()
    story_page = reply.story.get_absolute_url()
    decide(item=reply, moderator=moderator, action="request_changes", reason="Be kinder.")
    response = owner_client.post(reverse("reply_edit", args=[reply.pk]), {"body": "Kinder now."})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert (reply.status, reply.body) == (S.PENDING, "Kinder now.")
    decide(item=reply, moderator=moderator, action="approve")
    assert "Kinder now." in reader.get(story_page).content.decode()
    owner_client.get(reverse("reply_withdraw", args=[reply.pk]))
    withdraw(owner_client, reply)
    reply.refresh_from_db()
    assert reply.status == S.WITHDRAWN
    assert "Kinder now." not in reader.get(story_page).content.decode()


# --- Who may make each change ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["story_edit", "story_withdraw"])
def test_another_person_gets_404_for_a_story(other_client, story, name):
    url = reverse(name, args=[story.pk])
    assert other_client.get(url).status_code == 404
    assert other_client.post(url, edit_data()).status_code == 404
    story.refresh_from_db()
    assert (story.status, story.title) == (S.PENDING, "Weak shoulder after a deep tissue massage")


@pytest.mark.parametrize("name", ["reply_edit", "reply_withdraw"])
def test_another_person_gets_404_for_a_reply(client, reply, make_user, name):
    client.force_login(make_user("third@example.com"))
    url = reverse(name, args=[reply.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Hijacked"}).status_code == 404
    reply.refresh_from_db()
    assert (reply.status, reply.body) == (S.PENDING, "Same here.")


@pytest.mark.parametrize("name", ["story_edit", "story_withdraw"])
def test_an_anonymous_visitor_is_sent_to_log_in_for_a_story(client, story, name):
    url = reverse(name, args=[story.pk])
    response = client.post(url, edit_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    story.refresh_from_db()
    assert story.status == S.PENDING


@pytest.mark.parametrize("name", ["reply_edit", "reply_withdraw"])
def test_an_anonymous_visitor_is_sent_to_log_in_for_a_reply(client, reply, name):
    response = client.post(reverse(name, args=[reply.pk]), {"body": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_withdrawing_needs_a_post(owner_client, story):
    body = owner_client.get(reverse("story_withdraw", args=[story.pk])).content.decode()
    story.refresh_from_db()
    assert story.status == S.PENDING
    assert "Withdraw your story?" in body
    assert 'method="post"' in body
    assert owner_client.put(reverse("story_withdraw", args=[story.pk])).status_code == 405
