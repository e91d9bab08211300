"""The decision log keeps the text a scrub removed from every moderator but the one who made
the decision (and superusers): the scrub took it off the page so that nobody reads it."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from community import pii
from community.models import ModerationStatus, Story
from community.permissions import MODERATORS
from community.services import decide

pytestmark = pytest.mark.django_db

PHONE_STORY = "It hurt for weeks. Call me on 555-0134 if the same happened to you."
SCRUBBED = pii.scrub(PHONE_STORY)
HIDDEN = "Hidden: it holds personal details a moderator removed."


@pytest.fixture
def make_moderator(make_user):
    def make(email):
        user = make_user(email, is_staff=True)
        user.groups.add(Group.objects.get(name=MODERATORS))
        return user

    return make


@pytest.fixture
def story(owner):
    return Story.objects.create(
        author=owner, title="My shoulder", body=PHONE_STORY, consent_anonymous=True
    )


def _detail(user, decision):
    client = Client()
    client.force_login(user)
    response = client.get(f"/admin/community/moderationdecision/{decision.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_another_moderator_cannot_read_the_text_a_scrub_removed(make_moderator, make_user, story):
    scrubber = make_moderator("scrubber@example.com")
    scrub = decide(item=story, moderator=scrubber, action="scrub", scrubbed_body=SCRUBBED)

    html = _detail(make_moderator("another@example.com"), scrub)
    assert "555-0134" not in html
    assert HIDDEN in html
    assert "[phone number removed]" in html  # the text after the scrub is not hidden
    # The moderator who removed it, and a superuser, still read it.
    assert "555-0134" in _detail(scrubber, scrub)
    root = make_user("root@example.com", is_staff=True, is_superuser=True)
    assert "555-0134" in _detail(root, scrub)


def test_another_moderator_cannot_read_the_removed_text_in_a_decision_before_the_scrub(
    make_moderator, story
):
    first = make_moderator("first@example.com")
    Story.objects.filter(pk=story.pk).update(status=ModerationStatus.APPROVED)
    story.refresh_from_db()
    hiding = decide(item=story, moderator=first, action="hide", reason="Readers reported it.")
    story.refresh_from_db()
    decide(
        item=story,
        moderator=make_moderator("scrubber@example.com"),
        action="scrub",
        scrubbed_body=SCRUBBED,
    )

    html = _detail(make_moderator("another@example.com"), hiding)
    assert "555-0134" not in html
    assert html.count(HIDDEN) == 2  # the text before and the text after
    assert "555-0134" in _detail(first, hiding)
