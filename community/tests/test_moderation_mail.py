"""The author hears of a moderator's decision by email, sent by a task (community/tasks.py) that
reads the decision again when it runs; and no view sends mail itself (issue 14, 1).

The tasks are queued, not run (DummyBackend): the mailbox stays empty until they run.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_tasks import default_task_backend

from community.models import ModerationStatus, Notification
from community.permissions import MODERATORS
from community.services import decide
from community.tests.helpers import make_reply, make_story
from tests.test_mail_tasks import DOWN, QUEUED_ONLY

pytestmark = pytest.mark.django_db

S = ModerationStatus


@pytest.fixture
def queued(settings):
    settings.TASKS = QUEUED_ONLY
    return default_task_backend.results


@pytest.fixture
def moderator_client(client, make_user):
    moderator = make_user("moderator@example.com", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    return client


@pytest.fixture
def pending_story(owner):
    return make_story(owner, status=S.PENDING, title="Sore neck")


def run_queued(queued):
    """Run every queued task, as a worker would."""
    while queued:
        result = queued.pop(0)
        result.task.call(*result.args, **result.kwargs)


def moderate(client, item, action, reason=""):
    url = reverse(f"admin:community_{item._meta.model_name}_moderate", args=[item.pk])
    data = {"action": action, "seen_version": item.version, "reason": reason}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()


def test_no_view_sends_mail_itself_each_mail_waits_for_its_task(
    owner, other_user, moderator_client, queued, mailoutbox, django_capture_on_commit_callbacks
):
    story = make_story(owner, status=S.PENDING, title="Sore neck")
    rejected_story = make_story(owner, status=S.PENDING, title="Advert")
    approved_story = make_story(owner, title="Weak arm")
    reply = make_reply(approved_story, other_user, status=S.PENDING, body="Same here.")
    rejected_reply = make_reply(approved_story, other_user, status=S.PENDING, body="Buy now.")

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("signup"), {"email": "new@example.com", "time_zone": "UTC"})
        Client().post(reverse("signup"), {"email": "owner@example.com", "time_zone": "UTC"})
        Client().post(reverse("password_reset"), {"email": "owner@example.com"})
        moderate(moderator_client, story, "approve")
        moderate(moderator_client, rejected_story, "reject", "It is an advert.")
        moderate(moderator_client, reply, "approve")
        moderate(moderator_client, rejected_reply, "reject", "It is an advert.")

    assert mailoutbox == []
    assert [result.task.name for result in queued] == [
        "send_signup_mail",
        "send_signup_mail",
        "send_password_reset",
        *["send_decision_notice"] * 4,
    ]

    run_queued(queued)

    assert [(sent.to, sent.subject) for sent in mailoutbox] == [
        (["new@example.com"], "Finish creating your MassageCare account"),
        (["owner@example.com"], "Someone tried to sign up with your email address"),
        (["owner@example.com"], "Your MassageCare password reset link"),
        (["owner@example.com"], "MassageCare: news about your story"),
        (["owner@example.com"], "MassageCare: news about your story"),
        (["other@example.com"], "MassageCare: news about your reply"),
        (["other@example.com"], "MassageCare: news about your reply"),
    ]
    assert "The moderator's reason: It is an advert." in mailoutbox[4].body


def test_the_task_is_given_the_decisions_id_only_and_mails_what_the_app_shows(
    owner,
    pending_story,
    moderator_client,
    queued,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.SITE_URL = "https://massagecare.example"
    with django_capture_on_commit_callbacks(execute=True):
        moderate(moderator_client, pending_story, "reject", "It names a clinic.")

    [result] = queued
    # No address, title or reason waits in the queue: they are read when the task runs.
    assert list(result.kwargs) == ["decision_id"]
    run_queued(queued)
    [sent] = mailoutbox
    notification = Notification.objects.get(user=owner)
    # A full address: a link in a mail has no page to be relative to.
    link = "https://massagecare.example/community/mine/"
    assert sent.body == f"{notification.text}\n\nSee your stories: {link}"
    assert "It names a clinic." in sent.body


@pytest.mark.parametrize(
    "gone",
    [
        pytest.param(lambda story, reply: story.delete(), id="the story"),
        pytest.param(lambda story, reply: story.author.delete(), id="the author"),
        pytest.param(lambda story, reply: reply.delete(), id="the reply"),
        pytest.param(lambda story, reply: reply.author.delete(), id="the reply's author"),
    ],
)
def test_nothing_is_sent_about_what_is_gone_when_the_task_runs(
    owner, other_user, moderator, queued, mailoutbox, django_capture_on_commit_callbacks, gone
):
    story = make_story(owner, status=S.PENDING)
    reply = make_reply(make_story(moderator), other_user, status=S.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        decide(item=story, moderator=moderator, action="approve")
        decide(item=reply, moderator=moderator, action="approve")

    gone(story, reply)
    run_queued(queued)

    assert len(mailoutbox) == 1  # about the other one


def test_nothing_is_sent_to_a_deactivated_account(
    owner, pending_story, moderator, queued, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(item=pending_story, moderator=moderator, action="approve")
    owner.is_active = False
    owner.save()

    run_queued(queued)

    assert mailoutbox == []


def test_a_decision_mail_that_fails_is_tried_again_and_the_decision_stands(
    pending_story, moderator, queued, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = DOWN
    with django_capture_on_commit_callbacks(execute=True):
        decide(item=pending_story, moderator=moderator, action="approve")

    first = queued.pop(0)
    first.task.call(**first.kwargs)

    [retry] = queued
    assert retry.kwargs == {**first.kwargs, "attempt": 2}
    assert retry.task.run_after is not None
    pending_story.refresh_from_db()
    assert pending_story.status == S.APPROVED
