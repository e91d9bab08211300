"""The moderation queue's work: the same queries for few and many stories, and Django's page.

The queue draws its rows in one pass and its filters and actions in its own template
(community/admin/queue_list.py, templates/admin/community/moderated_change_list.html); these
tests hold it to the queries it needs and to the HTML Django's change list draws.
"""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.models import Group
from django.utils import timezone

from community.admin.queue_list import QueueChangeList
from community.models import ContentReport, ModerationStatus, Reply, Story
from community.permissions import MODERATORS

pytestmark = pytest.mark.django_db

S = ModerationStatus
QUEUE = "/admin/community/story/"
REPLY_QUEUE = "/admin/community/reply/"
PERSONAL = "Dr. Smith at Serenity Spa did it, call 555-0134 if you want to complain too."


@pytest.fixture
def moderator(make_user):
    user = make_user("moderator@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS))  # made after every migrate and flush
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def stories(owner, other_user, make_user, moderator):
    """``count`` stories of every kind a moderator meets: waiting, some with personal details,
    a title to escape, published and reported (some twice), hidden, rejected."""

    def make(count):
        now = timezone.now()
        made = []
        for number in range(count):
            kind = number % 6
            story = Story.objects.create(
                author=owner,
                title=f'Story {number}: "pins" & <needles>' if kind == 1 else f"Story {number}",
                body=PERSONAL if kind in (0, 3) else "It hurt for a week, then it got better.",
                consent_anonymous=True,
                submitted_at=now - datetime.timedelta(hours=number, minutes=number),
                status=S.APPROVED if kind in (2, 3, 4) else S.PENDING,
                hidden=kind == 4,
                decided_by=moderator if kind in (2, 3, 4) else None,
                decided_at=now if kind in (2, 3, 4) else None,
            )
            if kind in (2, 3):
                ContentReport.objects.create(reporter=other_user, story=story, reason="unkind")
            if kind == 3:
                reporter = make_user(f"reader{number}@example.com")
                ContentReport.objects.create(reporter=reporter, story=story, reason="spam")
            made.append(story)
        if count > 5:
            made[5].status = S.REJECTED
            made[5].save()
        return made

    return make


@pytest.mark.parametrize("count", [5, 60])
@pytest.mark.parametrize(
    "query", ["", "?status=all", "?reports=any", "?status=all&reports=open", "?q=story"]
)
def test_the_queue_takes_the_same_queries_for_few_and_many_stories(
    moderator_client, stories, django_assert_num_queries, count, query
):
    stories(count)

    # 1 session, 2 the moderator, 3-4 their own and their group's permissions, 5 how many
    # stories the filters keep, 6 how many there are, 7 the page of stories with their count of
    # reports and who decided them. Drawing the rows reads nothing more.
    with django_assert_num_queries(7):
        response = moderator_client.get(QUEUE + query)

    assert response.status_code == 200
    assert isinstance(response.context["cl"], QueueChangeList)


@pytest.mark.parametrize("count", [5, 60])
def test_the_reply_queue_takes_the_same_queries_for_few_and_many_replies(
    moderator_client, stories, owner, django_assert_num_queries, count
):
    story = stories(3)[2]
    for number in range(count):
        Reply.objects.create(story=story, author=owner, body=f"Reply {number}: {PERSONAL}")

    # As for stories: the page's replies come with their story and who decided them.
    with django_assert_num_queries(7):
        response = moderator_client.get(REPLY_QUEUE)

    assert len(response.context["cl"].result_list) == min(count, 50)


def test_a_page_of_the_queue_reads_only_the_columns_it_shows(moderator_client, stories):
    stories(8)

    response = moderator_client.get(QUEUE)

    row = response.context["cl"].result_list[0]
    assert row.get_deferred_fields() >= {"body", "patterns", "moderator_note"}
    # What the actions work on keeps every field: a decision reads the text.
    assert not response.context["cl"].get_queryset(response.wsgi_request)[0].get_deferred_fields()


def _changelist(html):
    """The change list of a page (its search, actions, rows, pages and filters), with the
    whitespace and the CSRF token, which differ from page to page, taken out."""
    html = html[html.index('<div id="content-main">') : html.index('<footer id="footer"')]
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r"\s+", " ", html)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        (QUEUE, ""),
        (QUEUE, "?status=all"),
        (QUEUE, "?status=all&o=-3.2"),
        (QUEUE, "?status=all&p=2"),
        (QUEUE, "?reports=any"),
        (QUEUE, "?status=all&reports=open"),
        (QUEUE, "?q=needles&status=all"),
        (QUEUE, "?hidden__exact=1&status=approved"),
        (REPLY_QUEUE, "?status=all"),
    ],
)
def test_the_queue_is_the_change_list_django_draws(
    moderator_client, stories, owner, monkeypatch, url, query
):
    made = stories(60)
    Reply.objects.create(story=made[2], author=owner, body=f"A <reply> & {PERSONAL}")
    Reply.objects.create(story=made[3], author=owner, body="Same here.", status=S.APPROVED)
    queue = moderator_client.get(url + query)

    model_admin = admin.site.get_model_admin(Story if url == QUEUE else Reply)
    monkeypatch.setattr(model_admin, "get_changelist", lambda request, **kwargs: ChangeList)
    monkeypatch.setattr(model_admin, "change_list_template", "admin/community/change_list.html")
    django = moderator_client.get(url + query)

    assert _changelist(queue.content.decode()) == _changelist(django.content.decode())
    assert type(django.context["cl"]) is ChangeList  # the comparison compared two drawings


def test_the_page_shows_what_a_moderator_needs(moderator_client, stories, moderator):
    made = stories(12)

    html = moderator_client.get(QUEUE + "?status=all").content.decode()

    assert "Story 1: &quot;pins&quot; &amp; &lt;needles&gt;" in html  # escaped, not markup
    assert "<needles>" not in html
    assert made[0].personal_details_count
    assert f"{made[0].personal_details_count} found" in html and "none found" in html
    assert moderator.email in html  # who decided the published ones
    assert f'/admin/community/story/{made[0].pk}/change/?_changelist_filters=status%3Dall"' in html
    assert 'name="_selected_action"' in html and 'name="action"' in html
