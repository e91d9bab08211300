"""A check-in is saved once and never lost (issue 13, point 5).

Saved once: a draft's one-time id is kept by the check-in it saves, unique in the database (the
duplicate sends are in tests/security/test_duplicate_submit.py). Never lost: a draft older than
its 12 hours (``checkin_draft.MAX_AGE``) shows the stage that was sent again, with its answers
and the earlier stages', and asks to confirm the date before anything is saved.
"""

import datetime
import re
import uuid

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from tests.checkin_stages import post_stage, post_symptoms, stage
from tests.helpers import assert_shows
from tracker.checkin_draft import MAX_AGE
from tracker.models import CheckIn

pytestmark = pytest.mark.django_db

SHOULDER = {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": "5"}
OPEN_TOO_LONG = "This check-in was open for more than 12 hours"
CONFIRM_DATE = "Please confirm the date"


@pytest.fixture
def url(massage):
    return reverse("checkin_create", args=[massage.pk])


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def _overnight(clock):
    clock.shift(datetime.timedelta(seconds=MAX_AGE + 60 * 60))


def test_replaying_stage_1_after_an_emergency_save_shows_the_saved_checkin(owner_client, url):
    page = owner_client.get(url)
    post_stage(owner_client, url, page, red_flags=["face_droop"])
    checkin = CheckIn.objects.get()

    replay = post_stage(owner_client, url, page, red_flags=["face_droop"])
    assert replay["Location"] == checkin.get_absolute_url()
    assert CheckIn.objects.count() == 1


def test_two_checkins_cannot_hold_the_same_draft_id(massage):
    # Two saves of one draft racing past each other: the database keeps one.
    submission_id = uuid.uuid4()
    CheckIn.objects.create(massage=massage, date=massage.date, submission_id=submission_id)
    with pytest.raises(IntegrityError):
        CheckIn.objects.create(massage=massage, date=massage.date, submission_id=submission_id)


def test_a_stage_sent_after_the_draft_expired_shows_again_with_its_answers_and_none_is_lost(
    owner_client, url, clock
):
    response = post_symptoms(owner_client, url, SHOULDER)
    assert stage(response) == "movement"
    _overnight(clock)

    response = post_stage(owner_client, url, response, **{"left-arm_side_lift": "great_effort"})
    assert response.status_code == 200
    assert stage(response) == "movement"
    html = response.content.decode()
    assert_shows(html, OPEN_TOO_LONG)
    assert re.search(r'value="great_effort"\s+selected', html)

    response = post_stage(owner_client, url, response, **{"left-arm_side_lift": "great_effort"})
    assert stage(response) == "course"
    assert_shows(response.content.decode(), CONFIRM_DATE)
    date = timezone.localdate().isoformat()
    response = post_stage(owner_client, url, response, action="save", date=date)
    checkin = CheckIn.objects.get()
    assert response["Location"] == checkin.get_absolute_url()
    # Stage 2's answers, sent before the draft expired, are kept.
    assert list(checkin.symptoms.values_list("region", "nprs")) == [("shoulder_top", 5)]
    assert checkin.functions.get().arm_side_lift == "great_effort"


def test_a_last_stage_sent_after_the_draft_expired_is_saved_only_once_its_date_is_confirmed(
    owner_client, url, clock, massage
):
    response = post_symptoms(owner_client, url, SHOULDER)
    response = post_stage(owner_client, url, response)
    assert stage(response) == "course"
    _overnight(clock)

    sent = {"date": massage.date.isoformat(), "notes": "Stiff in the morning."}
    response = post_stage(owner_client, url, response, action="save", **sent)
    assert response.status_code == 200
    assert not CheckIn.objects.exists()
    assert stage(response) == "course"
    html = response.content.decode()
    assert_shows(html, OPEN_TOO_LONG, CONFIRM_DATE, "Stiff in the morning.")
    assert f'value="{massage.date.isoformat()}"' in html

    response = post_stage(owner_client, url, response, action="save", **sent)
    checkin = CheckIn.objects.get()
    assert response["Location"] == checkin.get_absolute_url()
    assert (checkin.date, checkin.notes) == (massage.date, "Stiff in the morning.")
    assert checkin.symptoms.get().region == "shoulder_top"


def test_an_emergency_sign_sent_after_the_draft_expired_still_stops_and_saves(
    owner_client, url, clock
):
    page = owner_client.get(url)
    _overnight(clock)

    response = post_stage(owner_client, url, page, red_flags=["face_droop"])
    checkin = CheckIn.objects.get()
    assert response["Location"] == reverse("checkin_emergency", args=[checkin.pk])
    assert checkin.red_flags == ["face_droop"]
