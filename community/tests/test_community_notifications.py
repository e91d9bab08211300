"""The person's messages about moderators' decisions, newest first, marked read once seen."""

import datetime

from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from community.models import Notification, Story
from community.services import decide
from community.views import unread_notifications
from tests.helpers import assert_sent_to_log_in

URL = "/community/messages/"


def test_the_url():
    assert reverse("notifications") == URL


def test_a_decision_becomes_a_message_that_is_marked_read_on_view(
    owner_client, owner, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    story = Story.objects.create(
        author=owner, title="My story", body="Text", consent_anonymous=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        decide(item=story, moderator=moderator, action="reject", reason="It names a clinic.")
    assert Notification.objects.filter(user=owner, read=False).count() == 1

    body = owner_client.get(URL).content.decode()
    assert "It names a clinic." in body
    assert "New" in body
    assert 'href="/community/mine/"' in body
    assert not Notification.objects.filter(user=owner, read=False).exists()
    assert ">New<" not in owner_client.get(URL).content.decode()
    assert len(mailoutbox) == 1


def test_messages_are_newest_first_and_only_the_persons_own(owner_client, owner, other_user):
    now = timezone.now()
    Notification.objects.create(user=owner, text="Older", created_at=now - datetime.timedelta(1))
    Notification.objects.create(user=owner, text="Newer", created_at=now)
    Notification.objects.create(user=other_user, text="Not yours")
    body = owner_client.get(URL).content.decode()
    assert body.index("Newer") < body.index("Older")
    assert "Not yours" not in body
    assert Notification.objects.get(text="Not yours").read is False


def test_the_text_is_escaped_and_only_own_paths_become_links(owner_client, owner):
    Notification.objects.create(user=owner, text="<b>Hi</b>", link="javascript:alert(1)")
    Notification.objects.create(user=owner, text="Elsewhere", link="//evil.example/")
    body = owner_client.get(URL).content.decode()
    assert "&lt;b&gt;Hi&lt;/b&gt;" in body
    assert "javascript:" not in body
    assert "evil.example" not in body


def test_without_messages_it_says_so(owner_client):
    assert "No messages yet." in owner_client.get(URL).content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert_sent_to_log_in(response, URL)


def test_it_takes_five_queries(owner_client, owner, django_assert_num_queries):
    Notification.objects.bulk_create(
        Notification(user=owner, text=f"Message {i}") for i in range(30)
    )
    # The session, the user, the count, the page of 20, marking those 20 read.
    with django_assert_num_queries(5):
        response = owner_client.get(URL)
    assert len(response.context["entries"]) == 20
    assert Notification.objects.filter(user=owner, read=False).count() == 10


def test_the_context_processor_counts_unread_messages_once_and_only_when_used(
    owner, other_user, django_assert_num_queries
):
    Notification.objects.create(user=owner, text="One")
    Notification.objects.create(user=owner, text="Two", read=True)
    request = RequestFactory().get("/")
    request.user = owner
    with django_assert_num_queries(0):
        context = unread_notifications(request)
    with django_assert_num_queries(1):
        assert context["unread_notifications"]() == 1
        assert context["unread_notifications"]() == 1
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    assert unread_notifications(request) == {}
