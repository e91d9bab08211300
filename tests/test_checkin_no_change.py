import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in
from tracker.models import CheckIn

pytestmark = pytest.mark.django_db


def test_it_copies_the_latest_answers_to_today(owner_client, massage, checkin, today):
    checkin.red_flags = ["fever"]
    checkin.seen_doctor = True
    checkin.notes = "visit notes"
    checkin.save()
    response = owner_client.post(reverse("checkin_no_change", args=[massage.pk]))
    new = CheckIn.objects.exclude(pk=checkin.pk).get()
    assert response.status_code == 302
    assert response["Location"] == new.get_absolute_url()
    assert new.date == today
    assert new.course == "same"
    assert new.weakness_type == checkin.weakness_type
    # A red flag is a sign had since the check-in before (spec/triage.md 10.1): the earlier
    # report keeps counting on its own until a doctor has seen the person, so none is copied.
    assert new.red_flags == []
    # A doctor visit and notes belong to their own day.
    assert new.seen_doctor is False
    assert new.notes == ""
    assert [(s.kind, s.region, s.side, s.nprs) for s in new.symptoms.all()] == [
        (s.kind, s.region, s.side, s.nprs) for s in checkin.symptoms.all()
    ]
    left = new.functions.get(side="left")
    assert left.arm_side_lift == "great_effort"
    assert left.blade_sticks_out is True


def test_a_no_is_copied_as_a_no_and_a_question_left_out_stays_left_out(
    owner_client, massage, make_checkin
):
    make_checkin(massage, functions={"left": {"grip_weak": False, "arm_side_lift": "harder"}})
    owner_client.post(reverse("checkin_no_change", args=[massage.pk]))
    left = CheckIn.objects.order_by("-id").first().functions.get()
    assert (left.grip_weak, left.arm_side_lift, left.shoulder_lower) == (False, "harder", None)


def test_its_message_names_the_checkin_copied_and_nothing_more(owner_client, massage, checkin):
    checkin.red_flags = ["fever"]
    checkin.save()
    response = owner_client.post(reverse("checkin_no_change", args=[massage.pk]))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Saved: no change since your check-in of {checkin.date:%-d %B}. "
        "Edit it if anything is different."
    ]


def test_it_copies_the_newest_of_several(owner_client, massage, make_checkin):
    make_checkin(massage, date=massage.date, course="worse")
    newest = make_checkin(
        massage,
        date=massage.date + datetime.timedelta(days=1),
        symptoms=[{"kind": "tingling", "region": "hand_palm", "side": "left"}],
    )
    owner_client.post(reverse("checkin_no_change", args=[massage.pk]))
    copy = CheckIn.objects.order_by("-id").first()
    assert copy.pk != newest.pk
    assert list(copy.symptoms.values_list("kind", flat=True)) == ["tingling"]


def test_with_nothing_to_copy_it_opens_the_checkin_form(owner_client, massage):
    response = owner_client.post(reverse("checkin_no_change", args=[massage.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("checkin_create", args=[massage.pk])
    assert not CheckIn.objects.exists()


def test_today_follows_the_persons_time_zone(owner, owner_client, make_massage, make_checkin):
    owner.time_zone = "Pacific/Kiritimati"  # UTC+14: already 2 January there
    owner.save()
    with time_machine.travel(datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)):
        massage = make_massage(owner, date=datetime.date(2025, 12, 30))
        make_checkin(massage, date=massage.date)
        owner_client.post(reverse("checkin_no_change", args=[massage.pk]))
    assert CheckIn.objects.order_by("-id").first().date == datetime.date(2026, 1, 2)


def test_get_is_not_allowed(owner_client, massage):
    assert owner_client.get(reverse("checkin_no_change", args=[massage.pk])).status_code == 405


def test_it_checks_ownership(other_client, massage, checkin):
    response = other_client.post(reverse("checkin_no_change", args=[massage.pk]))
    assert response.status_code == 404
    assert CheckIn.objects.count() == 1


def test_an_anonymous_visitor_is_sent_to_log_in(client, massage):
    url = reverse("checkin_no_change", args=[massage.pk])
    assert_sent_to_log_in(client.post(url), url)
