"""Deleting an account: the password first, then nothing of the person stays in the database."""

import datetime
from importlib import import_module

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from community import services
from community.models import (
    ContentReport,
    ModerationDecision,
    ModerationStatus,
    Notification,
    Reply,
    Story,
)
from tests.helpers import assert_sent_to_log_in, assert_shows, page_html
from tracker.models import (
    CheckIn,
    Massage,
    PatternFeedback,
    Reminder,
    SideFunction,
    Symptom,
    User,
)
from tracker.tasks import send_password_reset
from tracker.views.account_data import STORY_TITLES_SHOWN

pytestmark = pytest.mark.django_db

URL = reverse("account_delete")
PASSWORD = "correct horse battery"
DELETED = "Your account and all your records were deleted."

# Tables that hold no one's records: the permission and content-type catalogues, and groups.
NOBODYS = {Permission, Group, Group.permissions.through, ContentType}


class Person:
    """What identifies a person's rows, noted before the deletion (which clears user.pk)."""

    def __init__(self, user):
        self.pk = user.pk
        self.email = user.email
        self.ids = {
            User: [user.pk],
            Massage: list(Massage.objects.filter(owner=user).values_list("pk", flat=True)),
            CheckIn: list(CheckIn.objects.filter(massage__owner=user).values_list("pk", flat=True)),
        }

    def rows(self, model):
        """This person's rows in ``model``'s table, or None if it never holds anyone's."""
        owned_checkin = Q(checkin__massage__owner_id=self.pk)
        by_email = Q(username__iexact=self.email)
        lookups = {
            User: Q(pk=self.pk),
            Massage: Q(owner_id=self.pk),
            CheckIn: Q(massage__owner_id=self.pk),
            Symptom: owned_checkin,
            SideFunction: owned_checkin,
            PatternFeedback: owned_checkin,
            User.groups.through: Q(user_id=self.pk),
            User.user_permissions.through: Q(user_id=self.pk),
            LogEntry: Q(user_id=self.pk) | self._log_entries_about(),
            AccessAttempt: by_email,
            AccessFailureLog: by_email,
            AccessLog: by_email,
            AccessAttemptExpiration: Q(access_attempt__username__iexact=self.email),
            Story: Q(author_id=self.pk),
            Reply: Q(author_id=self.pk) | Q(story__author_id=self.pk),
            ContentReport: Q(reporter_id=self.pk)
            | Q(story__author_id=self.pk)
            | Q(reply__author_id=self.pk),
            ModerationDecision: Q(moderator_id=self.pk)
            | Q(moderator_email__iexact=self.email)
            | Q(story__author_id=self.pk)
            | Q(reply__author_id=self.pk),
            Notification: Q(user_id=self.pk),
            Reminder: Q(user_id=self.pk) | Q(massage__owner_id=self.pk),
            DBTaskResult: Q(args_kwargs__kwargs__email__iexact=self.email),
        }
        if model is Session:
            return len(self.session_keys())
        if model in NOBODYS:
            return None
        return model.objects.filter(lookups[model]).count()

    def _log_entries_about(self):
        about = Q(pk__in=[])
        for model, ids in self.ids.items():
            content_type = ContentType.objects.get_for_model(model)
            about |= Q(content_type=content_type, object_id__in=[str(pk) for pk in ids])
        return about

    def session_keys(self):
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        return [
            session.session_key
            for session in Session.objects.all()
            if store.decode(session.session_data).get(SESSION_KEY) == str(self.pk)
        ]


def every_model():
    return apps.get_models(include_auto_created=True)


def counts(person):
    return {model._meta.label: person.rows(model) for model in every_model()}


def totals():
    return {model._meta.label: model.objects.count() for model in every_model()}


@pytest.fixture
def admin_user(make_user):
    return make_user("admin@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def fill(make_massage, make_checkin, admin_user, settings):
    """Give a person a row in every table that can hold one."""

    def fill(user):
        massage = make_massage(user)
        checkin = make_checkin(
            massage, functions={"left": {"arm_side_lift": "harder"}}, notes="Sore."
        )
        PatternFeedback.objects.create(checkin=checkin, rule_id="PAT-SAN", side="left")
        make_massage(user, days_ago=30)  # one without check-ins
        Reminder.objects.create(
            user=user,
            massage=massage,
            kind="recheck",
            due_on=checkin.date,
            send_at=timezone.now(),
        )
        # The community: a story with a reply, a report, a decision and a message about it; a
        # reply and a report of theirs on someone else's story; a decision they made as a
        # moderator on someone else's story.
        story = Story.objects.create(
            author=user, title="Mine", body="My story", consent_anonymous=True
        )
        services.decide(item=story, moderator=admin_user, action="approve")
        elsewhere = Story.objects.create(
            author=admin_user, title="Theirs", body="Their story", consent_anonymous=True
        )
        Reply.objects.create(story=elsewhere, author=user, body="Me too")
        ContentReport.objects.create(reporter=user, story=elsewhere, reason="spam")
        other_story = Story.objects.create(
            author=admin_user, title="To decide", body="Text", consent_anonymous=True
        )
        services.decide(item=other_story, moderator=user, action="approve")
        group = Group.objects.get_or_create(name="Testers")[0]
        user.groups.add(group)
        user.user_permissions.add(Permission.objects.get(codename="view_massage"))
        for author, model, pk in [
            (user, User, user.pk),  # their own change, were they ever staff
            (admin_user, User, user.pk),  # a staff member's change to their account
            (admin_user, Massage, massage.pk),
            (admin_user, CheckIn, checkin.pk),
        ]:
            LogEntry.objects.create(
                user=author,
                content_type=ContentType.objects.get_for_model(model),
                object_id=str(pk),
                object_repr=str(model.objects.get(pk=pk)),
                action_flag=CHANGE,
            )
        # Logged in on another device (an AccessLog row), and a wrong password typed on a
        # third one (an AccessAttempt and an AccessFailureLog).
        device = Client().post(reverse("login"), {"username": user.email, "password": PASSWORD})
        assert device.status_code == 302
        Client().post(reverse("login"), {"username": user.email.upper(), "password": "nope"})
        attempt = AccessAttempt.objects.get(username__iexact=user.email)
        AccessAttemptExpiration.objects.create(
            access_attempt=attempt, expires_at=timezone.now() + datetime.timedelta(minutes=15)
        )
        # Rows written before log-in names were lower-cased still count as theirs.
        AccessFailureLog.objects.create(
            username=user.email.upper(), user_agent="old", http_accept="*/*", path_info="/"
        )
        # A reset mail for them still in production's queue (tracker/tasks.py).
        settings.TASKS = {**settings.TASKS, "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        send_password_reset.using(backend="queue").enqueue(
            email=user.email.upper(), domain="testserver", use_https=False
        )

    return fill


def test_deleting_leaves_no_row_of_the_person_in_any_table_and_every_other_row_as_it_was(
    client, owner, other_user, admin_user, fill
):
    fill(owner)
    fill(other_user)
    # Someone else's anonymous visit leaves a session that is nobody's.
    anonymous = import_module(settings.SESSION_ENGINE).SessionStore()
    anonymous["seen_landing"] = True
    anonymous.create()
    client.force_login(owner)
    deleted, kept = Person(owner), Person(other_user)
    before_deleted, before_kept, before_totals = counts(deleted), counts(kept), totals()
    # Decisions the person made as a moderator on other people's stories stay in the log,
    # anonymised: the rows remain, nothing in them is the person's any more.
    anonymised = set(
        ModerationDecision.objects.filter(moderator=owner)
        .exclude(story__author=owner)
        .values_list("pk", flat=True)
    )
    assert anonymised

    response = client.post(URL, {"password": PASSWORD})

    assert response.status_code == 302
    after_deleted, after_kept, after_totals = counts(deleted), counts(kept), totals()
    # Every table the person had rows in, including two sessions (this one and another
    # device) and the log-in records, django-axes' included.
    had_rows = {label for label, count in before_deleted.items() if count}
    assert had_rows == {label for label, count in before_totals.items() if count} - {
        "auth.Permission",
        "auth.Group",
        "auth.Group_permissions",  # the Moderators group's rights (community/permissions.py)
        "contenttypes.ContentType",
    }
    assert before_deleted["sessions.Session"] == 2
    assert before_deleted["admin.LogEntry"] == 4
    assert all(not count for count in after_deleted.values()), after_deleted
    assert after_kept == before_kept
    for label, total in before_totals.items():
        kept_anonymised = len(anonymised) if label == "community.ModerationDecision" else 0
        assert after_totals[label] == total - (before_deleted[label] or 0) + kept_anonymised, label
    assert list(
        ModerationDecision.objects.filter(pk__in=anonymised).values_list(
            "moderator", "moderator_email"
        )
    ) == [(None, "")] * len(anonymised)
    assert User.objects.filter(pk=admin_user.pk).exists()


def test_every_table_is_either_someones_or_nobodys():
    """A new model must be added to Person.rows, so that the test above looks at it."""
    owner = Person.__new__(Person)
    owner.pk, owner.email, owner.ids = 0, "x@example.com", {}
    for model in every_model():
        assert model in NOBODYS or isinstance(owner.rows(model), int), model._meta.label


def test_it_logs_the_person_out_and_says_so_on_the_landing_page(owner_client, owner, checkin):
    response = owner_client.post(URL, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("landing")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [DELETED]
    landing = owner_client.get(reverse("landing"))
    assert landing.status_code == 200
    assert DELETED in landing.content.decode()
    assert SESSION_KEY not in owner_client.session
    assert not User.objects.filter(email="owner@example.com").exists()
    assert not CheckIn.objects.exists()


def test_the_person_is_logged_out_on_their_other_devices_too(owner_client, owner):
    phone = Client()
    phone.force_login(owner)
    assert phone.get(reverse("dashboard")).status_code == 200

    phone_session = phone.session.session_key
    owner_client.post(URL, {"password": PASSWORD})

    assert not Session.objects.filter(session_key=phone_session).exists()
    assert_sent_to_log_in(phone.get(reverse("dashboard")), reverse("dashboard"))


def test_it_asks_for_the_password_and_says_what_will_be_deleted(
    owner_client, massage, checkin, make_checkin, make_massage, owner
):
    make_checkin(massage)
    make_massage(owner, days_ago=40)

    response = owner_client.get(URL)

    html = page_html(response)
    assert_shows(
        html,
        "Delete your account?",
        "2 massages and 2 check-ins",
        'type="password" name="password"',
        'autocomplete="current-password"',
        "csrfmiddlewaretoken",
    )
    assert "no-store" in response["Cache-Control"]
    assert "style=" not in html
    assert User.objects.filter(pk=owner.pk).exists()


def test_a_wrong_password_is_refused_next_to_the_field_and_nothing_is_deleted(
    owner_client, owner, checkin
):
    response = owner_client.post(URL, {"password": "not my password"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "This is not your password. Type it again." in html
    assert 'id="error_1_id_password"' in html
    assert "not my password" not in html
    assert response.context["form"].errors == {
        "password": ["This is not your password. Type it again."]
    }
    assert User.objects.filter(pk=owner.pk).exists()
    assert CheckIn.objects.filter(pk=checkin.pk).exists()
    assert owner_client.session[SESSION_KEY] == str(owner.pk)


@pytest.mark.parametrize("data", [{}, {"password": ""}, {"password": "x" * 10_000}])
def test_a_missing_or_odd_password_is_refused_without_an_error_page(owner_client, owner, data):
    response = owner_client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert User.objects.filter(pk=owner.pk).exists()


def test_another_persons_password_does_not_delete_the_account(client, owner, make_user):
    make_user("someone@example.com", password="someone else's password")
    client.force_login(owner)

    response = client.post(URL, {"password": "someone else's password"})

    assert response.status_code == 200
    assert User.objects.filter(pk=owner.pk).exists()


def test_five_wrong_passwords_lock_the_check_like_the_log_in(owner_client, owner, checkin):
    for _ in range(4):
        assert owner_client.post(URL, {"password": "guess"}).status_code == 200

    fifth = owner_client.post(URL, {"password": "guess"})
    sixth = owner_client.post(URL, {"password": PASSWORD})

    assert fifth.status_code == 429
    assert sixth.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in sixth.templates]
    assert User.objects.filter(pk=owner.pk).exists()
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


def test_another_persons_account_is_not_touched(other_client, other_user, owner, checkin):
    response = other_client.post(URL, {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=other_user.pk).exists()
    assert User.objects.filter(pk=owner.pk).exists()
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


def test_the_form_is_protected_against_cross_site_requests(owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)

    response = browser.post(URL, {"password": PASSWORD})

    assert response.status_code == 403
    assert User.objects.filter(pk=owner.pk).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, owner):
    for response in (client.get(URL), client.post(URL, {"password": PASSWORD})):
        assert_sent_to_log_in(response, URL)
    assert User.objects.filter(pk=owner.pk).exists()


def test_other_methods_are_refused(owner_client, owner):
    assert owner_client.put(URL).status_code == 405
    assert owner_client.delete(URL).status_code == 405
    assert User.objects.filter(pk=owner.pk).exists()


# What of the community goes too, said before (issue 12)


def _stories(author, count, **fields):
    return [
        Story.objects.create(
            author=author, title=f"Story {i}", body="Text", consent_anonymous=True, **fields
        )
        for i in range(1, count + 1)
    ]


def test_it_names_the_persons_stories_and_counts_the_replies_that_go_with_them(
    owner_client, owner, other_user
):
    _stories(owner, 1)  # waiting for a moderator
    published = Story.objects.create(
        author=owner,
        title="Weak <b>shoulder</b> after a deep massage",
        body="Text",
        consent_anonymous=True,
        status=ModerationStatus.APPROVED,
    )
    [theirs] = _stories(other_user, 1)
    Reply.objects.create(story=published, author=other_user, body="Same here")
    Reply.objects.create(story=published, author=other_user, body="Get well")
    Reply.objects.create(story=published, author=owner, body="Thank you")
    Reply.objects.create(story=theirs, author=owner, body="Me too")

    html = page_html(owner_client.get(URL))

    assert_shows(
        html,
        "your 2 community stories, with the 2 replies other people wrote to them:",
        "“Weak &lt;b&gt;shoulder&lt;/b&gt; after a deep massage”</span> "
        '<span class="muted">(published)</span>',
        '“Story 1”</span> <span class="muted">(waiting for a moderator)</span>',
        "your 2 replies to community stories,",
        "any messages from the moderators, and any report you made",
    )
    assert html.index("Weak &lt;b&gt;") < html.index("Story 1")  # newest first


def test_it_shows_the_first_titles_and_how_many_more(owner_client, owner):
    _stories(owner, STORY_TITLES_SHOWN + 3)

    html = page_html(owner_client.get(URL))

    assert f"your {STORY_TITLES_SHOWN + 3} community stories:" in html
    assert html.count('<span class="muted">(waiting for a moderator)</span>') == STORY_TITLES_SHOWN
    assert "<li>and 3 more</li>" in html


def test_with_no_story_and_no_reply_it_lists_none(owner_client, owner, other_user):
    _stories(other_user, 2)  # someone else's

    html = page_html(owner_client.get(URL))

    assert "community stor" not in html
    assert "replies to community stories" not in html
    assert "Story 1" not in html


@pytest.mark.parametrize("stories", [1, STORY_TITLES_SHOWN + 5])
def test_the_page_takes_the_same_few_queries_however_many_stories(
    owner_client, owner, other_user, stories, django_assert_num_queries
):
    for story in _stories(owner, stories):
        Reply.objects.create(story=story, author=other_user, body="Same here")
    # 1 session, 2 user, 3 the counts of massages and check-ins, 4 the newest stories' titles,
    # 5 (only with more stories than titles shown) how many stories, 6 the replies' counts.
    with django_assert_num_queries(5 if stories <= STORY_TITLES_SHOWN else 6):
        owner_client.get(URL)
