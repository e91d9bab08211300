"""What a moderator can find out in the admin beyond the queue's own pages: nothing.

A moderator (staff in the "Moderators" group) reads stories, replies, reports and the decision
log. Their lists answer only the filters they show: a filter on a person in the address
(``?author=12``) would link that person's anonymous stories, replies and reports together, and
one on the log's texts would ask whether a removed text held a guess. Django's "view on site"
shortcut (/admin/r/<type>/<id>/) leads only to what the moderator may see in the admin.
"""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from community import pii
from community.models import ContentReport, ModerationDecision, ModerationStatus, Reply, Story
from community.permissions import MODERATORS
from community.services import decide
from tracker.models import CheckIn, Massage

pytestmark = pytest.mark.django_db

PHONE_STORY = "It hurt for weeks. Call me on 555-0134 if the same happened to you."


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
def records(owner, other_user, moderator):
    """The owner's published story and reply, the other person's report, a scrub in the log."""
    story = Story.objects.create(
        author=owner, title="My shoulder", body=PHONE_STORY, consent_anonymous=True
    )
    decide(item=story, moderator=moderator, action="scrub", scrubbed_body=pii.scrub(PHONE_STORY))
    decide(item=story, moderator=moderator, action="approve")
    reply = Reply.objects.create(
        story=story,
        author=owner,
        body="Me too.",
        status=ModerationStatus.APPROVED,
        decided_at=timezone.now(),
    )
    ContentReport.objects.create(reporter=other_user, story=story, reason="spam")
    return {"story": story, "reply": reply}


# (list, the filters the page offers, a lookup Django answered until issue 13)
PERSON_LOOKUPS = [
    ("story", "status=all&reports=open&hidden__exact=0", "author={author}"),
    ("story", "status=all", "author_id={author}"),
    ("story", "status=all", "author__id__exact={author}"),
    ("story", "status=all", "author__in={author}"),
    ("story", "status=all", "decided_by={moderator}"),
    ("reply", "status=all&hidden__exact=0", "author={author}"),
    ("reply", "status=all", "author__id__exact={author}"),
    ("contentreport", "reason__exact=spam", "reporter={reporter}"),
    ("contentreport", "reason__exact=spam", "reporter__id__exact={reporter}"),
    ("contentreport", "reason__exact=spam", "reporter_id={reporter}"),
    ("moderationdecision", "action__exact=scrub", "moderator={moderator}"),
    ("moderationdecision", "action__exact=scrub", "moderator__id__exact={moderator}"),
]


@pytest.mark.parametrize(("model", "offered", "lookup"), PERSON_LOOKUPS)
def test_a_moderator_cannot_link_a_persons_stories_and_reports_through_the_address(
    moderator_client, owner, other_user, moderator, records, model, offered, lookup
):
    people = {"author": owner.pk, "reporter": other_user.pk, "moderator": moderator.pk}
    url = f"/admin/community/{model}/"

    assert moderator_client.get(f"{url}?{offered}").status_code == 200  # the page's own filters
    assert moderator_client.get(f"{url}?{lookup.format(**people)}").status_code == 400


@pytest.mark.parametrize("lookup", ["text_before__contains=555", "text_before__icontains=0134"])
def test_a_moderator_cannot_probe_a_removed_text_through_the_decision_log_address(
    moderator_client, records, lookup
):
    assert ModerationDecision.objects.filter(text_before__contains="555").exists()
    response = moderator_client.get(f"/admin/community/moderationdecision/?{lookup}")
    assert response.status_code == 400


def _view_on_site(model, pk):
    return f"/admin/r/{ContentType.objects.get_for_model(model).pk}/{pk}/"


@pytest.mark.parametrize("model", [Massage, CheckIn])
def test_view_on_site_tells_a_moderator_nothing_of_massages_and_checkins(
    moderator_client, checkin, records, model
):
    record = checkin if model is CheckIn else checkin.massage
    missing = model.objects.order_by("-pk").values_list("pk", flat=True).first() + 1

    # The same answer for a record that exists as for one that does not.
    assert moderator_client.get(_view_on_site(model, record.pk)).status_code == 404
    assert moderator_client.get(_view_on_site(model, missing)).status_code == 404
    # What a moderator may see in the admin still leads to its page.
    response = moderator_client.get(_view_on_site(Story, records["story"].pk))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == records["story"].get_absolute_url()
