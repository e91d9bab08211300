"""The assessment page, the stored result of each check-in, and "this doesn't fit me"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers import SAN_LEFT, assert_hides, assert_sent_to_log_in, assert_shows, save_checkin
from tracker import services
from tracker.checkin_draft import empty_draft
from tracker.models import CheckIn, PatternFeedback
from tracker.triage import ENGINE_VERSION
from tracker.triage.texts import DISCLAIMER, safety_net

pytestmark = pytest.mark.django_db


def test_each_checkin_stores_its_level_rules_and_engine_version(massage):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
    assert checkin.level == "SEE_DOCTOR_ASK_EMG"
    assert "PAT-SAN" in checkin.rule_ids
    assert checkin.engine_version == ENGINE_VERSION
    assert checkin.assessment["level"] == "SEE_DOCTOR_ASK_EMG"
    assert checkin.assessment["as_of"] == checkin.date.isoformat()


def test_a_red_flag_makes_the_stored_level_an_emergency(massage):
    checkin = save_checkin(massage, 1, red_flags=["face_droop"])
    assert checkin.level == "EMERGENCY_NOW"
    assert "RF-STROKE" in checkin.rule_ids


# A mild ache only when pressed or moved, and better: ordinary soreness, no pattern.
SORE_AND_BETTER = {
    "symptoms": [
        {
            "kind": "ache",
            "region": "shoulder_top",
            "side": "left",
            "nprs": 2,
            "pressed_or_moved_only": True,
        }
    ],
    "course": "better",
}


def _lift(grade):
    return {**SAN_LEFT, "functions": {"left": {"arm_side_lift": grade}}}


def test_editing_an_earlier_checkin_reassesses_the_later_ones(massage):
    first = save_checkin(massage, 1, **_lift("harder"))
    second = save_checkin(massage, 2, **_lift("cannot"))
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
    first = save_checkin(massage, 1, **_lift("harder"))
    second = save_checkin(massage, 2, **_lift("cannot"))
    assert "RF-PROGRESSIVE" in second.rule_ids
    services.checkin_delete(checkin=first)
    second.refresh_from_db()
    assert "RF-PROGRESSIVE" not in second.rule_ids
    assert second.level == "SEE_DOCTOR_ASK_EMG"


def test_saving_a_checkin_leads_to_its_assessment(owner_client, massage):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
    assert checkin.get_absolute_url() == reverse("checkin_assessment", args=[checkin.pk])


def test_the_page_explains_a_spinal_accessory_pattern_with_reasons_and_emg_timing(
    owner_client, massage
):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
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
    checkin = save_checkin(massage, 1, red_flags=["face_droop"], **SAN_LEFT)
    html = owner_client.get(checkin.get_absolute_url()).content.decode()
    banner = html.index("Call your local emergency number now.")
    assert banner < html.index("<h1")
    assert "Do not drive yourself." in html
    assert "See a doctor if" not in html


def test_ordinary_symptoms_without_a_pattern_still_get_the_safety_net(owner_client, massage):
    checkin = save_checkin(massage, 1, **SORE_AND_BETTER)
    html = owner_client.get(checkin.get_absolute_url()).content.decode()
    assert checkin.level == "MONITOR_SELF_CARE"
    assert "See a doctor if" in html
    assert "Check in again on" in html


def test_doesnt_fit_me_is_stored_shown_back_and_does_not_change_the_level(owner_client, massage):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
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
    checkin = save_checkin(massage, 5, **SAN_LEFT)
    url = reverse("assessment_feedback", args=[checkin.pk])
    response = owner_client.post(url, {"rule_id": "RF-CES", "side": "", "action": "add"})
    assert response.status_code == 302
    assert not PatternFeedback.objects.exists()


def test_a_too_long_note_is_named_and_kept(owner_client, massage):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
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
    save_checkin(massage, 1, **SAN_LEFT)
    latest = save_checkin(massage, 3, **SAN_LEFT)
    response = owner_client.get(reverse("massage_assessment", args=[massage.pk]))
    assert response["Location"] == reverse("checkin_assessment", args=[latest.pk])


def test_the_dashboard_shows_the_current_level_and_how_it_changed(owner_client, massage):
    save_checkin(massage, 1, **SORE_AND_BETTER)
    save_checkin(massage, 5, **SAN_LEFT)
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert "See a doctor, ask about an EMG" in html
    assert "How it changed" in html
    assert html.index("Self-care") < html.index("→ See a doctor, ask about an EMG")


@pytest.mark.parametrize("url_name", ["checkin_assessment"])
def test_it_checks_ownership(other_client, massage, url_name):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
    assert other_client.get(reverse(url_name, args=[checkin.pk])).status_code == 404
    response = other_client.post(
        reverse("assessment_feedback", args=[checkin.pk]),
        {"rule_id": "PAT-SAN", "side": "left", "action": "add"},
    )
    assert response.status_code == 404
    assert other_client.get(reverse("massage_assessment", args=[massage.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, massage):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
    url = reverse("checkin_assessment", args=[checkin.pk])
    assert_sent_to_log_in(client.get(url), url)


def test_feedback_by_get_is_not_allowed(owner_client, massage):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
    assert owner_client.get(reverse("assessment_feedback", args=[checkin.pk])).status_code == 405


@pytest.mark.parametrize("count", [10, 200])
def test_the_page_runs_the_same_queries_whatever_the_history(
    owner_client, massage, make_checkin, django_assert_num_queries, count
):
    for day in range(count):
        make_checkin(massage, date=massage.date + datetime.timedelta(days=day % 5))
    checkin = save_checkin(massage, 5, **SAN_LEFT)
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


# --- The course over weeks (spec/triage.md section 10) ----------------------------------------
# The page reads what the engine stored; these results are written by hand in the engine's
# revision-2 form, so that each reading of the page is tested on its own.


def _long(d):
    return f"{d.day} {d:%B %Y}"


def _short(d):
    return f"{d.day} {d:%B}"


def _entry(rule_id, level, evidence, *, side=None, action=None, sooner=False):
    return {
        "id": rule_id,
        "side": side,
        "level": level,
        "action": action,
        "sooner": sooner,
        "confidence": "strong",
        "evidence": evidence,
        "summary": f"Summary of {rule_id}.",
        "advice": f"Advice of {rule_id}.",
    }


def _store(checkin, level, fired=(), **fields):
    """Store a revision-2 result on ``checkin`` as if the engine had written it."""
    result = {
        "engine_version": "2",
        "as_of": checkin.date.isoformat(),
        "d_onset": (checkin.date - checkin.massage.date).days,
        "level": level,
        "action": None,
        "sooner": False,
        "fired": list(fired),
        "emg_timing": None,
        "recheck_on": None,
        "disclaimer": DISCLAIMER,
        "safety_net": None if level == "EMERGENCY_NOW" else safety_net(),
        "seen_doctor_on": None,
        "reported_before": [],
        **fields,
    }
    CheckIn.objects.filter(pk=checkin.pk).update(
        assessment=result,
        level=level,
        rule_ids=[entry["id"] for entry in result["fired"]],
        updated_at=timezone.now(),
    )
    checkin.refresh_from_db()
    return checkin


def _page(client, checkin):
    response = client.get(checkin.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


SAN_ENTRY = _entry(
    "PAT-SAN",
    "SEE_DOCTOR_ASK_EMG",
    ["logs[-1].function.left.arm_side_lift=great_effort"],
    side="left",
)


def test_after_a_doctor_s_visit_the_page_leads_with_the_plan(owner_client, massage):
    checkin = _store(
        save_checkin(massage, 5, **SAN_LEFT),
        "SEE_DOCTOR_ASK_EMG",
        [SAN_ENTRY],
        sooner=True,
        seen_doctor_on=(massage.date + datetime.timedelta(days=4)).isoformat(),
    )
    seen = massage.date + datetime.timedelta(days=4)

    html = _page(owner_client, checkin)

    lead = f"You saw a doctor on {_long(seen)}: follow the plan you were given."
    assert lead in html
    assert html.index(lead) < html.index("Patterns your answers match")
    assert "Book a doctor" not in html
    assert "Sooner is better here" not in html
    # The level stays (10.3): said as what the answers alone would call for.
    assert (
        "Your answers on their own would say: see a doctor within a few days, and ask about a "
        "nerve test (EMG)."
    ) in html
    assert "Keep checking in." in html
    assert "See a doctor again if…" in html
    assert "not a diagnosis" in html
    # The pattern's own advice stays, as what it calls for by itself, below the doctor's plan.
    usual = "What this pattern usually calls for (go over it with your doctor):"
    assert html.index(lead) < html.index(usual) < html.index(SAN_ENTRY["advice"])


def test_after_a_doctor_s_visit_self_care_keeps_its_own_words(owner_client, massage):
    seen = massage.date + datetime.timedelta(days=2)
    checkin = _store(
        save_checkin(massage, 5, **SAN_LEFT), "MONITOR_SELF_CARE", seen_doctor_on=seen.isoformat()
    )

    html = _page(owner_client, checkin)

    assert f"You saw a doctor on {_long(seen)}: follow the plan you were given." in html
    assert "This is likely to settle by itself." in html


def test_a_doctor_s_visit_never_hides_an_emergency(owner_client, massage):
    checkin = _store(
        save_checkin(massage, 5, **SAN_LEFT),
        "EMERGENCY_NOW",
        [
            _entry(
                "RF-STROKE",
                "EMERGENCY_NOW",
                ["logs[-1].red_flags[0]=face_droop"],
                action="CALL_EMERGENCY",
            )
        ],
        action="CALL_EMERGENCY",
        seen_doctor_on=(massage.date + datetime.timedelta(days=4)).isoformat(),
    )

    html = _page(owner_client, checkin)

    assert html.index("Call your local emergency number now.") < html.index("<h1")
    assert "You saw a doctor on" not in html
    assert "follow the plan you were given" not in html
    assert "not a diagnosis" in html


def test_a_warning_sign_after_a_doctor_s_visit_keeps_the_advice_to_see_one(owner_client, massage):
    seen = massage.date + datetime.timedelta(days=2)
    checkin = _store(
        save_checkin(massage, 5, **SAN_LEFT),
        "SEE_DOCTOR_DAYS",
        [
            _entry(
                "RF-SYSTEMIC",
                "SEE_DOCTOR_DAYS",
                ["logs[-1].red_flags[0]=fever"],
                sooner=True,
            )
        ],
        sooner=True,
        seen_doctor_on=seen.isoformat(),
    )

    html = _page(owner_client, checkin)

    assert f"You saw a doctor on {_long(seen)}: follow the plan you were given." in html
    assert (
        "If the doctor did not check you for it, see a doctor about it within the next few days."
    ) in html
    assert "Sooner is better here" in html  # the warning sign's own sooner
    assert "See a doctor again if…" in html


def test_carried_answers_and_red_flags_say_where_they_came_from(owner_client, massage):
    days = [1, 2, 3, 5]
    checkins = [save_checkin(massage, day, **SAN_LEFT) for day in days]
    first = massage.date + datetime.timedelta(days=1)
    checkin = _store(
        checkins[-1],
        "SEE_DOCTOR_ASK_EMG",
        [
            _entry(
                "PAT-SAN",
                "SEE_DOCTOR_ASK_EMG",
                [
                    "logs[-4].function.left.arm_side_lift=cannot",
                    f"carried from {first.isoformat()}",
                    "logs[-1].symptoms[0].nprs=3",
                ],
                side="left",
            ),
            _entry(
                "RF-STROKE",
                "SEE_DOCTOR_DAYS",
                [
                    "logs[-4].red_flags[0]=sudden_balance_loss_or_severe_dizziness",
                    f"reported {first.isoformat()}, no doctor since",
                ],
                sooner=True,
            ),
        ],
    )

    html = _page(owner_client, checkin)

    # The page escapes the apostrophe of "can't".
    assert (
        "Lifting your left arm out to the side: you can&#x27;t "
        f"(from your answer on {_short(first)})"
    ) in html
    assert "the last answer you gave, up to 14 days before, still counts" in html
    assert (
        f"Sudden loss of balance, or severe dizziness: you reported this on {_short(first)} and "
        "no doctor has checked you since"
    ) in html
    assert "A warning sign you reported still counts for four weeks" in html
    assert "Your latest check-in: pain 3/10" in html


def test_signs_reported_before_are_listed_with_whether_a_doctor_saw_them(owner_client, massage):
    checkin = _store(
        save_checkin(massage, 5, **SAN_LEFT),
        "SEE_DOCTOR_ASK_EMG",
        [SAN_ENTRY],
        reported_before=[
            {
                "code": "fever",
                "date": (massage.date + datetime.timedelta(days=1)).isoformat(),
                "seen_doctor_since": True,
            },
            {
                "code": "sudden_vision_change",
                "date": (massage.date + datetime.timedelta(days=3)).isoformat(),
                "seen_doctor_since": False,
            },
        ],
    )

    html = _page(owner_client, checkin)

    assert "Warning signs you reported before" in html
    fever = html.index("Fever or chills")
    vision = html.index("Sudden blurred, double or lost vision")
    assert fever < vision
    assert "a doctor has seen you since" in html[fever:vision]
    assert (
        "no doctor has checked you since, so it still counts in the advice above" in html[vision:]
    )
    assert _long(massage.date + datetime.timedelta(days=3)) in html[vision:]


def test_an_emg_done_says_to_go_over_the_result_with_the_doctor(owner_client, massage):
    checkin = _store(
        save_checkin(massage, 5, **SAN_LEFT), "SEE_DOCTOR_ASK_EMG", [SAN_ENTRY], emg_timing="done"
    )

    html = _page(owner_client, checkin)

    assert "you have had a nerve test (EMG)" in html
    assert "Go over the result with your doctor" in html


def test_a_stored_revision_1_result_still_renders(owner_client, massage):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
    old = {
        key: value
        for key, value in checkin.assessment.items()
        if key not in {"seen_doctor_on", "reported_before"}
    }
    old["engine_version"] = "1"
    for entry in old["fired"]:
        # Revision 1 named the older logs from the start and a code without its index.
        entry["evidence"] = [item.replace("logs[-1]", "logs[0]") for item in entry["evidence"]]
    if old.get("emg_timing") == "done":
        old["emg_timing"] = "in_window"
    CheckIn.objects.filter(pk=checkin.pk).update(assessment=old, engine_version="1")
    checkin.refresh_from_db()

    html = _page(owner_client, checkin)

    assert_shows(
        html,
        "See a doctor within a few days, and ask about a nerve test (EMG)",
        "Book a doctor",
        "not a diagnosis",
    )
    assert_hides(html, "Warning signs you reported before", "You saw a doctor on")


def test_a_result_without_its_disclaimer_still_says_it_is_not_a_diagnosis(owner_client, massage):
    checkin = _store(save_checkin(massage, 5, **SAN_LEFT), "SEE_DOCTOR_ASK_EMG", [SAN_ENTRY])
    result = dict(checkin.assessment)
    del result["disclaimer"]
    CheckIn.objects.filter(pk=checkin.pk).update(assessment=result)
    checkin.refresh_from_db()

    assert "not a diagnosis" in _page(owner_client, checkin)


def test_an_earlier_check_in_names_its_logs_from_itself_not_from_the_latest(owner_client, massage):
    first = save_checkin(massage, 1, **{**SAN_LEFT, "course": "worse"})
    second = save_checkin(massage, 2, **SAN_LEFT)
    save_checkin(massage, 3, **SAN_LEFT)  # a later check-in: not part of the second one's case
    second = _store(
        second,
        "SEE_DOCTOR_ASK_EMG",
        [{**SAN_ENTRY, "evidence": ["logs[-2].course=worse", "logs[-1].course=same"]}],
    )

    html = _page(owner_client, second)

    assert first.course == "worse"
    assert "Your check-in before that: you said it is worse" in html
    assert "Your latest check-in: you said it is about the same" in html


# With the engine itself (revision 2): the stored results of real check-ins.


def test_a_doctor_s_visit_ticked_at_a_check_in_leads_its_page(owner_client, massage):
    save_checkin(massage, 3, **SAN_LEFT)
    visit = save_checkin(massage, 4, **SAN_LEFT, seen_doctor=True)

    html = _page(owner_client, visit)

    assert visit.assessment["seen_doctor_on"] == visit.date.isoformat()
    assert f"You saw a doctor on {_long(visit.date)}: follow the plan you were given." in html
    assert "Book a doctor" not in html
    assert "See a doctor again if…" in html


def test_a_skipped_movement_stage_keeps_the_pattern_and_says_the_answer_was_carried(
    owner_client, massage
):
    first = save_checkin(massage, 2, **SAN_LEFT)
    skipped = save_checkin(
        massage,
        4,
        symptoms=SAN_LEFT["symptoms"],
        course="same",
    )

    html = _page(owner_client, skipped)

    assert "PAT-SAN" in skipped.rule_ids
    carried = f"(from your answer on {_short(first.date)})"
    # Each carried answer says so, not only the first of them (10.5).
    for words in (
        "Lifting your left arm out to the side: only by twisting your body or with great effort",
        "Shoulder blade sticks out on your left",
        "Your left shoulder blade sticks out most: when lifting the arm out to the side",
    ):
        assert f"{words} {carried}" in html


def test_a_red_flag_reported_before_is_carried_and_listed(owner_client, massage):
    flagged = save_checkin(massage, 1, red_flags=["fever"], **SAN_LEFT)
    later = save_checkin(massage, 3, **SAN_LEFT)

    html = _page(owner_client, later)

    assert "RF-SYSTEMIC" in later.rule_ids
    assert later.assessment["reported_before"] == [
        {"code": "fever", "date": flagged.date.isoformat(), "seen_doctor_since": False}
    ]
    assert (
        f"Fever or chills: you reported this on {_short(flagged.date)} and no doctor has "
        "checked you since"
    ) in html
    assert "Warning signs you reported before" in html
