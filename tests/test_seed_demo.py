"""manage.py seed_demo: the demo data that `make run` loads."""

import io

import pytest
from django.core.management import call_command
from django.db.models import F

from tracker.management.commands.seed_demo import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    MODERATOR_EMAIL,
    MODERATOR_PASSWORD,
)
from tracker.models import CheckIn, Massage, SideFunction, Symptom, User

pytestmark = pytest.mark.django_db


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, Massage, CheckIn, Symptom, SideFunction)
    }


def test_it_prints_both_logins():
    output = seed()

    assert f"{DEMO_EMAIL} / {DEMO_PASSWORD}" in output
    assert f"{MODERATOR_EMAIL} / {MODERATOR_PASSWORD}" in output


def test_running_it_twice_changes_nothing():
    seed()
    first = counts()
    seed()

    assert counts() == first
    assert first["User"] == 6  # the person, the moderator and four community authors
    assert first["Massage"] == 2


def test_reset_recreates_the_same_amount_of_data():
    seed()
    first = counts()
    demo = User.objects.get(email=DEMO_EMAIL)
    demo.massages.first().checkins.first().delete()

    seed("--reset")

    assert counts() == first
    assert User.objects.get(email=DEMO_EMAIL).pk != demo.pk


def test_it_leaves_other_people_alone(make_user):
    stranger = make_user("stranger@example.com")

    seed()
    seed("--reset")

    assert User.objects.filter(pk=stranger.pk).exists()


def test_the_demo_person_can_log_in_with_the_printed_password(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    seed()
    demo = User.objects.get(email=DEMO_EMAIL)

    assert demo.check_password(DEMO_PASSWORD)
    assert demo.password.startswith("argon2")
    assert demo.is_active
    assert not demo.is_staff


def test_a_changed_demo_password_is_restored_so_the_printed_login_works():
    seed()
    demo = User.objects.get(email=DEMO_EMAIL)
    demo.set_password("something else entirely")
    demo.save()

    seed()

    demo.refresh_from_db()
    assert demo.check_password(DEMO_PASSWORD)


def test_the_moderator_is_staff_but_not_superuser():
    seed()
    moderator = User.objects.get(email=MODERATOR_EMAIL)

    assert moderator.check_password(MODERATOR_PASSWORD)
    assert moderator.is_staff
    assert not moderator.is_superuser


def test_the_moderator_gets_no_permission_on_private_health_records():
    seed()
    moderator = User.objects.get(email=MODERATOR_EMAIL)

    for model in ("massage", "checkin", "symptom", "sidefunction", "user"):
        assert not moderator.has_perm(f"tracker.view_{model}")


def test_check_ins_are_never_before_their_massage():
    seed()

    assert CheckIn.objects.count() >= 12
    assert not CheckIn.objects.filter(date__lt=F("massage__date")).exists()


def test_the_demo_person_has_a_nerve_story_and_an_ordinary_soreness():
    seed()
    demo = User.objects.get(email=DEMO_EMAIL)
    nerve, soreness = demo.massages.order_by("-date")

    assert nerve.types == ["deep_tissue"]
    assert nerve.pain_during_nprs == 8
    assert {"region": "shoulder_top", "side": "left"} in nerve.regions
    assert nerve.checkins.count() >= 10
    # The emergency department after day 5's warning, then the GP.
    assert nerve.checkins.filter(seen_doctor=True).count() == 2
    pains = list(
        Symptom.objects.filter(checkin__massage=nerve, kind="ache")
        .order_by("checkin__date")
        .values_list("nprs", flat=True)
    )
    assert pains[0] == 6
    assert pains[-1] == 3
    assert SideFunction.objects.filter(
        checkin__massage=nerve,
        side="left",
        blade_sticks_out=True,
        blade_visible_when="lifting_sideways",
    ).exists()
    assert soreness.types == ["relaxation"]
    assert soreness.date < nerve.date
    assert set(soreness.checkins.values_list("course", flat=True)) == {"better"}


def test_the_only_red_flag_is_the_night_pain_reported_once():
    seed()

    flags = [flags for flags in CheckIn.objects.values_list("red_flags", flat=True) if flags]
    assert flags == [["night_pain_not_eased_by_rest"]]


def _nerve_story():
    return Massage.objects.get(owner__email=DEMO_EMAIL, pressure="very_firm")


def _evidence(checkin):
    return [item for entry in checkin.assessment["fired"] for item in entry["evidence"]]


def test_a_check_in_that_skipped_the_movement_questions_carries_the_last_answers():
    seed()
    skipped = _nerve_story().checkins.get(functions__isnull=True)

    evidence = _evidence(skipped)

    assert skipped.weakness_type == ""
    assert "PAT-SAN" in skipped.rule_ids
    assert any(item.startswith("carried from ") for item in evidence)
    assert "logs[-2].function.left.arm_side_lift=great_effort" in evidence


def test_a_red_flag_is_carried_until_the_doctor_s_visit():
    seed()
    checkins = list(_nerve_story().checkins.order_by("date"))
    reported = next(c for c in checkins if c.red_flags)
    carried = [c for c in checkins if any("no doctor since" in i for i in _evidence(c))]
    visit = next(c for c in checkins if c.seen_doctor and c.date > reported.date)

    assert carried
    assert all(reported.date < c.date < visit.date for c in carried)
    assert f"reported {reported.date.isoformat()}, no doctor since" in _evidence(carried[0])
    assert "RF-SYSTEMIC" not in visit.rule_ids
    assert visit.assessment["reported_before"] == [
        {
            "code": "night_pain_not_eased_by_rest",
            "date": reported.date.isoformat(),
            "seen_doctor_since": True,
        }
    ]


def test_the_latest_result_knows_the_doctor_s_visit_and_its_page_leads_with_it(client):
    seed()
    nerve = _nerve_story()
    visit = nerve.checkins.filter(seen_doctor=True).latest("date")
    latest = nerve.checkins.latest("date")

    assert latest.assessment["seen_doctor_on"] == visit.date.isoformat()
    client.force_login(User.objects.get(email=DEMO_EMAIL))
    html = client.get(latest.get_absolute_url()).content.decode()
    assert f"You saw a doctor on {visit.date.day} {visit.date:%B %Y}" in html
    assert "Book a doctor" not in html


def test_every_demo_checkin_has_its_assessment_stored(db):
    call_command("seed_demo", stdout=io.StringIO())
    checkins = CheckIn.objects.filter(massage__owner__email="demo@example.com")
    assert checkins.exists()
    assert not checkins.filter(level="").exists()
    nerve_story = Massage.objects.get(owner__email="demo@example.com", pressure="very_firm")
    latest = checkins.filter(massage=nerve_story).order_by("-date").first()
    assert latest.level == "SEE_DOCTOR_ASK_EMG"
    assert "PAT-SAN" in latest.rule_ids


def test_the_moderator_is_a_moderator_and_the_community_has_stories(db):
    from community.models import ModerationStatus, Story

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    moderator = User.objects.get(email=MODERATOR_EMAIL)
    assert list(moderator.groups.values_list("name", flat=True)) == ["Moderators"]
    assert moderator.has_perm("community.change_story")
    assert Story.objects.filter(status=ModerationStatus.APPROVED).count() == 3
    assert Story.objects.filter(status=ModerationStatus.PENDING).count() == 1


def test_the_moderators_group_has_only_the_community_permissions(db):
    from django.contrib.auth.models import Group

    from community.permissions import MODERATOR_PERMISSIONS, MODERATORS

    group = Group.objects.get(name=MODERATORS)
    assert sorted(group.permissions.values_list("codename", flat=True)) == sorted(
        MODERATOR_PERMISSIONS
    )
