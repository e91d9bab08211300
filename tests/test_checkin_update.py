import re

import pytest
from django.urls import reverse

from tests.checkin_stages import post_stage, post_symptoms, symptom_rows
from tests.helpers import assert_sent_to_log_in
from tracker.models import Symptom

pytestmark = pytest.mark.django_db


def test_editing_starts_from_the_saved_answers(owner_client, checkin):
    url = reverse("checkin_update", args=[checkin.pk])
    response = owner_client.get(url)
    assert response.status_code == 200
    response = post_stage(owner_client, url, response)
    html = response.content.decode()
    assert re.search(r'<option value="shoulder_top"\s+selected', html)
    response = post_stage(
        owner_client,
        url,
        response,
        **symptom_rows({"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": "2"}),
    )
    assert re.search(r'value="great_effort"\s+selected', response.content.decode())


def test_saving_an_edit_replaces_the_symptoms_and_keeps_one_checkin(owner_client, checkin):
    url = reverse("checkin_update", args=[checkin.pk])
    response = post_symptoms(
        owner_client, url, {"kind": "numbness", "region": "hand_palm", "side": "right"}
    )
    response = post_stage(owner_client, url, response)
    response = post_stage(
        owner_client, url, response, action="save", date=checkin.date.isoformat(), course="better"
    )
    assert response.status_code == 302
    checkin.refresh_from_db()
    # The massage's only check-in: "since last time" is not asked, and its answer is kept.
    assert checkin.course == "same"
    assert list(Symptom.objects.values_list("kind", "region", "side")) == [
        ("numbness", "hand_palm", "right")
    ]
    assert checkin.massage.checkins.count() == 1


def test_a_no_stays_a_no_and_a_question_left_out_stays_left_out_through_an_edit(
    owner_client, checkin
):
    left = checkin.functions.get()
    left.grip_weak = False
    left.save()
    url = reverse("checkin_update", args=[checkin.pk])
    response = post_symptoms(
        owner_client, url, {"kind": "ache", "region": "shoulder_top", "side": "left"}
    )
    html = response.content.decode()
    assert re.search(r'name="left-grip_weak" value="no"[^>]*checked', html)
    assert re.search(r'name="left-shoulder_lower" value=""[^>]*checked', html)
    response = post_stage(
        owner_client,
        url,
        response,
        **{
            "left-arm_side_lift": "great_effort",
            "left-grip_weak": "no",
            "left-blade_sticks_out": "yes",
        },
    )
    post_stage(owner_client, url, response, action="save", date=checkin.date.isoformat())
    left = checkin.functions.get()  # a save writes the answers anew
    assert (left.grip_weak, left.shoulder_lower, left.blade_sticks_out) == (False, None, True)


def test_going_back_from_an_edit_with_an_error_keeps_the_edits_made_on_it(owner_client, checkin):
    url = reverse("checkin_update", args=[checkin.pk])
    response = post_symptoms(
        owner_client,
        url,
        {"kind": "numbness", "region": "hand_palm", "side": "right", "nprs": "12"},
        action="back",
    )
    response = post_stage(owner_client, url, response)
    html = response.content.decode()
    assert re.search(r'<option value="hand_palm"\s+selected', html)
    assert not re.search(r'<option value="shoulder_top"\s+selected', html)


def test_it_checks_ownership(other_client, checkin):
    url = reverse("checkin_update", args=[checkin.pk])
    assert other_client.get(url).status_code == 404
    assert other_client.post(url, {}).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, checkin):
    url = reverse("checkin_update", args=[checkin.pk])
    assert_sent_to_log_in(client.get(url), url)
