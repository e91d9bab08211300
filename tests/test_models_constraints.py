"""The database itself refuses what the forms refuse, whatever path the data takes."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from tracker.models import CheckIn, Massage, SideFunction, Symptom

pytestmark = pytest.mark.django_db


def _massage_with_pain_during(owner, date, region, side, nprs):
    return Massage.objects.create(
        owner=owner,
        date=date,
        pain_during_region=region,
        pain_during_side=side,
        pain_during_nprs=nprs,
    )


def test_it_refuses_a_massage_in_the_future(owner, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        Massage.objects.create(owner=owner, date=today + datetime.timedelta(days=3))


def test_it_refuses_moving_a_massage_into_the_future(massage, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        Massage.objects.filter(pk=massage.pk).update(date=today + datetime.timedelta(days=3))


def test_it_accepts_a_massage_today(owner, today):
    assert Massage.objects.create(owner=owner, date=today).pk


def test_it_refuses_a_pain_of_11_during_the_massage(owner, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        _massage_with_pain_during(owner, today, "calf", "left", nprs=11)


def test_it_refuses_a_symptom_with_a_pain_of_11(checkin):
    with pytest.raises(IntegrityError), transaction.atomic():
        Symptom.objects.create(checkin=checkin, kind="ache", region="calf", side="left", nprs=11)


def test_it_accepts_a_symptom_without_a_pain_number(checkin):
    symptom = Symptom.objects.create(checkin=checkin, kind="numbness", region="sole", side="left")
    assert symptom.nprs is None


def test_it_refuses_the_middle_of_the_side_of_the_neck(owner, checkin, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        Symptom.objects.create(checkin=checkin, kind="ache", region="neck_side", side="midline")
    with pytest.raises(IntegrityError), transaction.atomic():
        _massage_with_pain_during(owner, today, "neck_side", "midline", nprs=5)


def test_it_accepts_the_middle_of_the_back_of_the_neck(checkin):
    assert Symptom.objects.create(
        checkin=checkin, kind="ache", region="neck_back", side="midline"
    ).pk


def test_it_refuses_an_unknown_symptom_kind(checkin):
    with pytest.raises(IntegrityError), transaction.atomic():
        Symptom.objects.create(checkin=checkin, kind="gremlins", region="calf", side="left")


def test_it_refuses_a_check_in_before_its_massage(massage):
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(massage=massage, date=massage.date - datetime.timedelta(days=1))


def test_it_refuses_moving_a_check_in_before_its_massage(checkin):
    before = checkin.massage.date - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.filter(pk=checkin.pk).update(date=before)
    checkin.date = before
    with pytest.raises(IntegrityError), transaction.atomic():
        checkin.save()


def test_it_refuses_moving_a_massage_after_its_check_ins(massage, checkin):
    later = checkin.date + datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Massage.objects.filter(pk=massage.pk).update(date=later)
    massage.date = later
    with pytest.raises(IntegrityError), transaction.atomic():
        massage.save()
    massage.refresh_from_db()
    assert massage.date < checkin.date


def test_it_lets_a_massage_move_up_to_its_first_check_in(massage, checkin):
    Massage.objects.filter(pk=massage.pk).update(date=checkin.date)
    massage.refresh_from_db()
    assert massage.date == checkin.date


def test_it_keeps_a_sign_left_unanswered_apart_from_a_no(checkin):
    unanswered = SideFunction.objects.create(checkin=checkin, side="right")
    answered = checkin.functions.get(side="left")
    answered.grip_weak = False
    answered.save()
    unanswered.refresh_from_db()
    answered.refresh_from_db()
    assert (unanswered.grip_weak, unanswered.arm_side_lift) == (None, "")
    assert answered.grip_weak is False


def test_it_still_refuses_an_unknown_movement_grade(checkin):
    with pytest.raises(IntegrityError), transaction.atomic():
        SideFunction.objects.create(checkin=checkin, side="right", arm_side_lift="sort_of")
