"""`make bench`: the seeder of its large data set (bench/seed.py), at a small scale."""

import datetime

import pytest
from django.contrib.auth.models import Group

from bench.seed import (
    CONVERSATION,
    DOMAIN,
    LONG_EMAIL,
    MODERATOR_EMAIL,
    PASSWORD,
    SeedError,
)
from bench.seed import seed as bench_seed
from community.models import ContentReport, ModerationDecision, ModerationStatus, Reply, Story
from community.permissions import MODERATORS
from tracker.assessments import STORED_FIELDS, reassess_massage
from tracker.models import CheckIn, Massage, User
from tracker.triage import ENGINE_VERSION
from tracker.triage import vocabulary as v

pytestmark = pytest.mark.django_db

SMALL = {"users": 6, "days": 12, "stories": 20, "pending": 5, "replies": 15, "reports": 4}


def seed(**options):
    out = []
    bench_seed(out=out.append, **{**SMALL, **options})
    return "\n".join(out)


def long_massage():
    user = User.objects.get(email=LONG_EMAIL)
    return max(user.massages.all(), key=lambda massage: massage.checkins.count())


# The data set ------------------------------------------------------------------------------


def test_it_makes_the_people_it_says_all_of_them_bench_accounts():
    seed()

    assert User.objects.count() == SMALL["users"]
    assert not User.objects.exclude(email__endswith=DOMAIN).exists()
    moderator = User.objects.get(email=MODERATOR_EMAIL)
    assert moderator.is_staff and not moderator.is_superuser
    assert moderator.groups.get() == Group.objects.get(name=MODERATORS)
    assert User.objects.get(email=LONG_EMAIL).check_password(PASSWORD)
    # Everyone but the moderator has a record of a massage.
    assert set(Massage.objects.values_list("owner__email", flat=True)) == set(
        User.objects.exclude(pk=moderator.pk).values_list("email", flat=True)
    )


def test_the_long_history_has_one_checkin_every_day_up_to_today(today):
    seed()

    massage = long_massage()
    dates = list(massage.checkins.order_by("date").values_list("date", flat=True))
    assert massage.date == today - datetime.timedelta(days=SMALL["days"])
    assert dates == [massage.date + datetime.timedelta(days=n) for n in range(1, SMALL["days"] + 1)]
    assert all(checkin.symptoms.exists() for checkin in massage.checkins.all())
    assert massage.checkins.filter(functions__side="left").distinct().count() == SMALL["days"]


def test_every_checkin_keeps_the_engines_real_result():
    seed()

    checkins = CheckIn.objects.all()
    assert checkins.count() > SMALL["days"]
    assert not checkins.filter(assessment__isnull=True).exists()
    assert set(checkins.values_list("engine_version", flat=True)) == {ENGINE_VERSION}
    assert set(checkins.values_list("level", flat=True)) <= set(v.LEVELS)
    # Working every result out again as the app does after a save changes nothing.
    before = list(checkins.order_by("id").values_list(*STORED_FIELDS))
    for massage in Massage.objects.all():
        reassess_massage(massage)
    assert list(checkins.order_by("id").values_list(*STORED_FIELDS)) == before


def test_it_makes_approved_and_pending_stories_replies_reports_and_the_decision_log():
    seed()

    moderator = User.objects.get(email=MODERATOR_EMAIL)
    approved = Story.objects.filter(status=ModerationStatus.APPROVED, hidden=False)
    assert approved.count() == SMALL["stories"]
    assert not approved.filter(decided_at__isnull=True).exists()
    assert set(approved.values_list("decided_by", flat=True)) == {moderator.pk}
    assert Story.objects.filter(status=ModerationStatus.PENDING).count() == SMALL["pending"]
    assert Story.objects.count() == SMALL["stories"] + SMALL["pending"]
    assert Reply.objects.filter(status=ModerationStatus.APPROVED).count() == SMALL["replies"]
    assert ContentReport.objects.count() == SMALL["reports"]
    assert ModerationDecision.objects.filter(action="approve").count() == (
        SMALL["stories"] + SMALL["replies"]
    )
    # The story page the bench reads has a conversation of its own.
    assert max(story.replies.count() for story in approved) == CONVERSATION


def test_it_refuses_a_database_that_holds_other_accounts(make_user):
    make_user("someone@example.com")

    with pytest.raises(SeedError, match="did not make"):
        seed()

    assert User.objects.count() == 1
    assert not Massage.objects.exists()


def test_a_second_run_refuses_without_reset_and_renews_with_it():
    seed()
    first_long_user = User.objects.get(email=LONG_EMAIL).pk

    with pytest.raises(SeedError, match="already seeded"):
        seed()
    assert Story.objects.count() == SMALL["stories"] + SMALL["pending"]

    output = seed(reset=True)

    assert f"Deleted {SMALL['users']} bench accounts" in output
    assert User.objects.count() == SMALL["users"]
    assert Story.objects.count() == SMALL["stories"] + SMALL["pending"]
    assert long_massage().checkins.count() == SMALL["days"]
    assert User.objects.get(email=LONG_EMAIL).pk != first_long_user


def test_reset_still_refuses_a_database_with_other_accounts(make_user):
    seed()
    make_user("someone@example.com")

    with pytest.raises(SeedError, match="did not make"):
        seed(reset=True)

    assert User.objects.filter(email__endswith=DOMAIN).count() == SMALL["users"]
