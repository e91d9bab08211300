"""The assessment page, the stored result of each check-in, and "this doesn't fit me"."""

import datetime

import pytest
from django.urls import reverse

from tracker import services
from tracker.checkin_draft import empty_draft
from tracker.models import PatternFeedback
from tracker.triage import ENGINE_VERSION

pytestmark = pytest.mark.django_db


def _save(massage, day, **answers):
    draft = empty_draft(massage.date + datetime.timedelta(days=day))
    draft.update(answers)
    return services.checkin_save(massage=massage, draft=draft)


SAN_LEFT = {
    "symptoms": [
        {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 3, "at_rest": True}
    ],
    "functions": {
        "left": {
            "arm_side_lift": "great_effort",
            "blade_sticks_out": True,
            "blade_visible_when": "lifting_sideways",
        }
    },
    "weakness_type": "weak_even_when_pain_mild",
    "course": "same",
}


def test_each_checkin_stores_its_level_rules_and_engine_version(massage):
    checkin = _save(massage, 5, **SAN_LEFT)
    assert checkin.level == "SEE_DOCTOR_ASK_EMG"
    assert "PAT-SAN" in checkin.rule_ids
    assert checkin.engine_version == ENGINE_VERSION
    assert checkin.assessment["level"] == "SEE_DOCTOR_ASK_EMG"
    assert checkin.assessment["as_of"] == checkin.date.isoformat()


def test_a_red_flag_makes_the_stored_level_an_emergency(massage):
    checkin = _save(massage, 1, red_flags=["face_droop"])
    assert checkin.level == "EMERGENCY_NOW"
    assert "RF-STROKE" in checkin.rule_ids


def _lift(grade):
    return {**SAN_LEFT, "functions": {"left": {"arm_side_lift": grade}}}


def test_editing_an_earlier_checkin_reassesses_the_later_ones(massage):
    first = _save(massage, 1, **_lift("harder"))
    second = _save(massage, 2, **_lift("cannot"))
    # Weakness a grade worse within a week: RF-PROGRESSIVE (spec/triage.md 8.7).
    assert "RF-PROGRESSIVE" in second.rule_ids
    assert second.level == "EMERGENCY_NOW"
    draft = empty_draft(first.date)
    draft.update(_lift("cannot"))
    services.checkin_save(massage=massage, draft=draft, checkin=first)
    second.refresh_from_db()
    assert "RF-PROGRESSIVE" not in second.rule_ids
    assert second.level == "SEE_DOCTOR_ASK_EMG"


def test_deleting_a_checkin_reassesses_what_follows(massage):
    first = _save(massage, 1, **_lift("harder"))
    second = _save(massage, 2, **_lift("cannot"))
    assert "RF-PROGRESSIVE" in second.rule_ids
    services.checkin_delete(checkin=first)
    second.refresh_from_db()
    assert "RF-PROGRESSIVE" not in second.rule_ids
    assert second.level == "SEE_DOCTOR_ASK_EMG"


def test_saving_a_checkin_leads_to_its_assessment(owner_client, massage):
    checkin = _save(massage, 5, **SAN_LEFT)
    assert checkin.get_absolute_url() == reverse("checkin_assessment", args=[checkin.pk])


def test_the_page_explains_a_spinal_accessory_pattern_with_reasons_and_emg_timing(
    owner_client, massage
):
    checkin = _save(massage, 5, **SAN_LEFT)
    response = owner_client.get(checkin.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "See a doctor within a few days, and ask about a nerve test (EMG)" in html
    assert "spinal accessory nerve" in html
    assert "Why am I seeing this?" in html
    assert "great effort" in html  # the answer that drove it, in plain words
    assert "About a nerve test (EMG)" in html
    assert f"It is day {checkin.assessment['d_onset']} since the trouble started" in html
    assert "Your next check-in" in html
    assert "See a doctor if" in html
    assert "not a diagnosis" in html
    assert "Call your local emergency number now." not in html.split("<footer")[0]


def test_an_emergency_leads_with_the_red_banner(owner_client, massage):
    checkin = _save(massage, 1, red_flags=["face_droop"], **SAN_LEFT)
    html = owner_client.get(checkin.get_absolute_url()).content.decode()
    banner = html.index("Call your local emergency number now.")
    assert banner < html.index("<h1")
    assert "Do not drive yourself." in html
    assert "See a doctor if" not in html


def test_ordinary_symptoms_without_a_pattern_still_get_the_safety_net(owner_client, massage):
    checkin = _save(
        massage,
        1,
        symptoms=[
            {
                "kind": "ache",
                "region": "shoulder_top",
                "side": "left",
                "nprs": 2,
                "pressed_or_moved_only": True,
            }
        ],
        course="better",
    )
    html = owner_client.get(checkin.get_absolute_url()).content.decode()
    assert checkin.level == "MONITOR_SELF_CARE"
    assert "See a doctor if" in html
    assert "Check in again on" in html


def test_doesnt_fit_me_is_stored_shown_back_and_does_not_change_the_level(owner_client, massage):
    checkin = _save(massage, 5, **SAN_LEFT)
    url = reverse("assessment_feedback", args=[checkin.pk])
    response = owner_client.post(
        url,
        {
            "rule_id": "PAT-SAN",
            "side": "left",
            "note": "My blade was always like this",
            "action": "add",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#pattern-pat-san-left")
    feedback = PatternFeedback.objects.get()
    assert (feedback.checkin, feedback.rule_id, feedback.side) == (checkin, "PAT-SAN", "left")
    html = owner_client.get(checkin.get_absolute_url()).content.decode()
    assert "You told us this doesn't fit you." in html
    assert "My blade was always like this" in html
    checkin.refresh_from_db()
    assert checkin.level == "SEE_DOCTOR_ASK_EMG"
    owner_client.post(url, {"rule_id": "PAT-SAN", "side": "left", "action": "remove"})
    assert not PatternFeedback.objects.exists()


def test_doesnt_fit_me_refuses_a_pattern_that_did_not_fire(owner_client, massage):
    checkin = _save(massage, 5, **SAN_LEFT)
    url = reverse("assessment_feedback", args=[checkin.pk])
    response = owner_client.post(url, {"rule_id": "RF-CES", "side": "", "action": "add"})
    assert response.status_code == 302
    assert not PatternFeedback.objects.exists()


def test_a_too_long_note_is_named_and_kept(owner_client, massage):
    checkin = _save(massage, 5, **SAN_LEFT)
    note = "x" * 2001
    response = owner_client.post(
        reverse("assessment_feedback", args=[checkin.pk]),
        {"rule_id": "PAT-SAN", "side": "left", "note": note, "action": "add"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this value has at most 2000 characters" in html
    assert note in html


def test_the_massage_assessment_is_its_latest_checkins(owner_client, massage):
    _save(massage, 1, **SAN_LEFT)
    latest = _save(massage, 3, **SAN_LEFT)
    response = owner_client.get(reverse("massage_assessment", args=[massage.pk]))
    assert response["Location"] == reverse("checkin_assessment", args=[latest.pk])


def test_the_dashboard_shows_the_current_level_and_how_it_changed(owner_client, massage):
    _save(
        massage,
        1,
        symptoms=[
            {
                "kind": "ache",
                "region": "shoulder_top",
                "side": "left",
                "nprs": 2,
                "pressed_or_moved_only": True,
            }
        ],
        course="better",
    )
    _save(massage, 5, **SAN_LEFT)
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert "See a doctor, ask about an EMG" in html
    assert "How it changed" in html
    assert html.index("Self-care") < html.index("→ See a doctor, ask about an EMG")


@pytest.mark.parametrize("url_name", ["checkin_assessment"])
def test_it_checks_ownership(other_client, massage, url_name):
    checkin = _save(massage, 5, **SAN_LEFT)
    assert other_client.get(reverse(url_name, args=[checkin.pk])).status_code == 404
    response = other_client.post(
        reverse("assessment_feedback", args=[checkin.pk]),
        {"rule_id": "PAT-SAN", "side": "left", "action": "add"},
    )
    assert response.status_code == 404
    assert other_client.get(reverse("massage_assessment", args=[massage.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, massage):
    checkin = _save(massage, 5, **SAN_LEFT)
    response = client.get(reverse("checkin_assessment", args=[checkin.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_feedback_by_get_is_not_allowed(owner_client, massage):
    checkin = _save(massage, 5, **SAN_LEFT)
    assert owner_client.get(reverse("assessment_feedback", args=[checkin.pk])).status_code == 405


@pytest.mark.parametrize("count", [10, 200])
def test_the_page_runs_the_same_queries_whatever_the_history(
    owner_client, massage, make_checkin, django_assert_num_queries, count
):
    for day in range(count):
        make_checkin(massage, date=massage.date + datetime.timedelta(days=day % 5))
    checkin = _save(massage, 5, **SAN_LEFT)
    # 1 session, 2 user, 3 the check-in with its massage, 4 the facts of the massage's
    # check-ins ("is it the latest?", and the cache key of what follows), 5 the last two
    # check-ins up to it, 6 their symptoms, 7 their movement answers, 8 the feedback.
    with django_assert_num_queries(8):
        response = owner_client.get(checkin.get_absolute_url())
    assert response.status_code == 200


def test_every_rule_has_a_plain_title_on_the_page():
    from tracker.assessment_display import RULE_TITLES
    from tracker.triage.vocabulary import RULE_IDS

    assert set(RULE_TITLES) == set(RULE_IDS)
