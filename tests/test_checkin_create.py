"""The staged check-in: emergency screen, where and what, movement, course, then saved."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.checkin_stages import hidden, post_stage, post_symptoms, stage, symptom_rows
from tests.helpers import assert_sent_to_log_in
from tracker.models import CheckIn, SideFunction, Symptom

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(massage):
    return reverse("checkin_create", args=[massage.pk])


def test_it_starts_with_the_emergency_screen(owner_client, url):
    response = owner_client.get(url)
    assert response.status_code == 200
    assert stage(response) == "emergency"
    html = response.content.decode()
    assert "since the massage, even if it went away" in html
    assert 'value="face_droop"' in html
    assert "One side of your face drooping" in html


def test_it_walks_through_every_stage_and_saves_a_shoulder_checkin(owner_client, url, massage):
    response = owner_client.get(url)
    response = post_stage(owner_client, url, response)  # no red flag
    assert stage(response) == "symptoms"
    assert "Call your local emergency number" not in response.content.decode()

    response = post_stage(
        owner_client,
        url,
        response,
        **symptom_rows(
            {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": "5", "at_rest": "on"}
        ),
    )
    assert stage(response) == "movement"
    html = response.content.decode()
    assert "lift your arm out to the side" in html
    assert "Your left" in html
    # Foot and wrist questions are only for leg and forearm regions.
    assert "foot_lift" not in html
    assert "wrist_finger_lift" not in html

    response = post_stage(
        owner_client,
        url,
        response,
        **{
            "left-arm_side_lift": "great_effort",
            "left-blade_sticks_out": "yes",
            "left-blade_visible_when": "lifting_sideways",
            "weakness_type": "weak_even_when_pain_mild",
        },
    )
    assert stage(response) == "course"

    # The first check-in of the massage: "since last time" is not asked, nor taken if sent.
    assert 'name="course"' not in response.content.decode()
    response = post_stage(
        owner_client,
        url,
        response,
        action="save",
        course="worse",
        date=massage.date.isoformat(),
        notes="Hard to lift a cup.",
    )
    checkin = CheckIn.objects.get()
    assert response.status_code == 302
    assert response["Location"] == checkin.get_absolute_url()
    assert checkin.massage == massage
    assert checkin.course == ""
    assert checkin.weakness_type == "weak_even_when_pain_mild"
    assert checkin.notes == "Hard to lift a cup."
    symptom = Symptom.objects.get()
    assert (symptom.kind, symptom.region, symptom.side, symptom.nprs, symptom.at_rest) == (
        "ache",
        "shoulder_top",
        "left",
        5,
        True,
    )
    left = SideFunction.objects.get()
    assert left.side == "left"
    assert left.arm_side_lift == "great_effort"
    assert left.blade_sticks_out is True
    assert left.blade_visible_when == "lifting_sideways"


def test_a_red_flag_saves_the_checkin_shows_the_emergency_and_still_lets_the_person_finish(
    owner_client, url, massage
):
    response = owner_client.get(url)
    response = post_stage(owner_client, url, response, red_flags=["face_droop"])
    # Stage 1 alone is saved and assessed, and the emergency page follows (issue 12, point 4).
    checkin = CheckIn.objects.get()
    assert checkin.red_flags == ["face_droop"]
    assert checkin.level == "EMERGENCY_NOW"
    assert response["Location"] == reverse("checkin_emergency", args=[checkin.pk])

    # "Add the rest later": the saved check-in opens at stage 2, the advice still first.
    edit = reverse("checkin_update", args=[checkin.pk])
    response = owner_client.get(f"{edit}?stage=symptoms")
    assert stage(response) == "symptoms"
    html = response.content.decode()
    assert html.index("Call your local emergency number now.") < html.index("<h1")
    assert "Do not drive yourself." in html

    response = post_stage(owner_client, edit, response, **symptom_rows({}))
    # The massage worked the neck and shoulder, so the movement stage is still asked.
    assert stage(response) == "movement"
    assert "Call your local emergency number now." in response.content.decode()
    response = post_stage(owner_client, edit, response)
    response = post_stage(
        owner_client, edit, response, action="save", date=massage.date.isoformat()
    )
    checkin = CheckIn.objects.get()
    assert checkin.red_flags == ["face_droop"]
    page = owner_client.get(checkin.get_absolute_url()).content.decode()
    assert page.index("Call your local emergency number now.") < page.index("<h1")


def test_a_general_red_flag_alone_gives_see_a_doctor_soon_advice(owner_client, url):
    response = owner_client.get(url)
    response = post_stage(owner_client, url, response, red_flags=["unexplained_weight_loss"])
    html = response.content.decode()
    assert "See a doctor today or tomorrow." in html
    assert "Call your local emergency number now." not in html


def test_the_movement_stage_is_skipped_when_no_limb_is_involved(owner_client, make_massage, owner):
    massage = make_massage(owner, regions=[{"region": "low_back", "side": "midline"}])
    url = reverse("checkin_create", args=[massage.pk])
    response = post_symptoms(
        owner_client, url, {"kind": "ache", "region": "abdomen", "side": "midline", "nprs": "2"}
    )
    assert stage(response) == "course"
    html = response.content.decode()
    assert "Movement" not in html


def test_a_leg_symptom_asks_the_foot_question_but_not_the_arm_ones(
    owner_client, make_massage, owner
):
    massage = make_massage(owner, regions=[{"region": "calf", "side": "right"}])
    url = reverse("checkin_create", args=[massage.pk])
    response = post_symptoms(
        owner_client, url, {"kind": "numbness", "region": "foot_top", "side": "right"}
    )
    html = response.content.decode()
    assert stage(response) == "movement"
    assert "right-foot_lift" in html
    assert "arm_side_lift" not in html


def test_a_symptom_on_both_sides_is_stored_once_per_side(owner_client, url, massage):
    response = post_symptoms(
        owner_client, url, {"kind": "tingling", "region": "hand_palm", "side": "both"}
    )
    response = post_stage(owner_client, url, response)
    post_stage(owner_client, url, response, action="save", date=massage.date.isoformat())
    assert sorted(Symptom.objects.values_list("side", flat=True)) == ["left", "right"]


def test_an_incomplete_symptom_is_named_next_to_the_field_and_the_input_is_kept(owner_client, url):
    response = post_symptoms(owner_client, url, {"kind": "burning", "nprs": "7"})
    assert response.status_code == 400
    assert stage(response) == "symptoms"
    html = response.content.decode()
    assert "This field is required." in html
    assert re.search(r'<option value="burning"\s+selected', html)
    assert re.search(r'value="7"[^>]*checked', html)


@pytest.mark.parametrize(
    ("symptom", "message"),
    [
        pytest.param(
            {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": "11"},
            "Choose a number from 0 to 10.",
            id="a_pain_of_eleven",
        ),
        pytest.param(
            {"kind": "ache", "region": "shoulder_top", "side": "midline"},
            "has a left and a right",
            id="midline_for_a_region_with_two_sides",
        ),
    ],
)
def test_an_impossible_symptom_is_refused(owner_client, url, symptom, message):
    response = post_symptoms(owner_client, url, symptom)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_future_date_or_one_before_the_massage_is_refused_and_kept(
    owner_client, url, massage, today
):
    response = post_symptoms(owner_client, url, {})
    response = post_stage(owner_client, url, response)
    future = (today + datetime.timedelta(days=2)).isoformat()
    answer = post_stage(owner_client, url, response, action="save", date=future, notes="kept")
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "This date is in the future." in html
    assert f'value="{future}"' in html
    assert "kept" in html
    before = (massage.date - datetime.timedelta(days=1)).isoformat()
    answer = post_stage(owner_client, url, response, action="save", date=before)
    assert "can&#x27;t be before it" in answer.content.decode()
    assert not CheckIn.objects.exists()


def test_add_another_symptom_keeps_the_first_and_adds_a_blank_row(owner_client, url):
    response = post_symptoms(
        owner_client,
        url,
        {"kind": "ache", "region": "neck_side", "side": "left", "nprs": "3"},
        action="add_symptom",
    )
    html = response.content.decode()
    assert stage(response) == "symptoms"
    assert 'name="symptom-TOTAL_FORMS" value="2"' in html
    assert re.search(r'<option value="neck_side"\s+selected', html)


def test_back_returns_to_the_previous_stage_with_its_answers(owner_client, url):
    response = post_symptoms(owner_client, url, action="back", red_flags=["fever"])
    assert stage(response) == "emergency"
    assert re.search(r'value="fever"[^>]*checked', response.content.decode())


def test_going_back_from_a_stage_with_an_error_keeps_the_edits_made_on_it(owner_client, url):
    response = post_symptoms(
        owner_client,
        url,
        {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": "5"},
        {"kind": "numbness", "region": "hand_palm", "side": "right", "nprs": "12"},
        action="back",
    )
    assert stage(response) == "emergency"

    response = post_stage(owner_client, url, response)
    assert stage(response) == "symptoms"
    html = response.content.decode()
    assert 'name="symptom-TOTAL_FORMS" value="2"' in html
    assert re.search(r'<option value="shoulder_top"\s+selected', html)
    assert re.search(r'<option value="hand_palm"\s+selected', html)
    assert "Choose a number from 0 to 10." in html  # the answer with the error, to correct


def test_going_back_from_the_last_stage_with_a_wrong_date_keeps_the_notes(owner_client, url, today):
    response = post_symptoms(owner_client, url)
    response = post_stage(owner_client, url, response)
    assert stage(response) == "course"
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    response = post_stage(
        owner_client, url, response, action="back", date=tomorrow, notes="Worse after work."
    )
    response = post_stage(owner_client, url, response)
    assert stage(response) == "course"
    assert "Worse after work." in response.content.decode()


def test_a_tampered_draft_starts_again_instead_of_failing(owner_client, url):
    response = owner_client.post(url, {"draft": "not-a-draft", "stage": "course"})
    assert response.status_code == 302
    assert response["Location"] == url


def test_a_draft_cannot_be_replayed_into_another_massage(owner_client, url, owner, make_massage):
    response = owner_client.get(url)
    other_massage = make_massage(owner, days_ago=1)
    other_url = reverse("checkin_create", args=[other_massage.pk])
    answer = owner_client.post(
        other_url, {"draft": hidden(response, "draft"), "stage": "emergency"}
    )
    assert answer.status_code == 302
    assert answer["Location"] == other_url


def test_it_checks_ownership(other_client, url):
    assert other_client.get(url).status_code == 404
    assert other_client.post(url, {}).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert_sent_to_log_in(response, url)
