"""The assessment page, the stored result of each check-in, and "this doesn't fit me"."""

import datetime
import re

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
    assert "See a doctor within a few days and ask about a nerve test (EMG)" in html
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
        "See a doctor within a few days and ask about a nerve test (EMG)",
        "Your answers match a pattern where a nerve test",
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


# --- One clear verdict (issue 12, point 5) -------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "fields", "headline"),
    [
        (
            "SEE_DOCTOR_ASK_EMG",
            {},
            "See a doctor within a few days and ask about a nerve test (EMG)",
        ),
        (
            "SEE_DOCTOR_ASK_EMG",
            {"sooner": True},
            "See a doctor within 1-2 days and ask about a nerve test (EMG)",
        ),
        ("SEE_DOCTOR_DAYS", {}, "See a doctor or physiotherapist within a few days"),
        ("SEE_DOCTOR_DAYS", {"sooner": True}, "See a doctor within 1-2 days"),
        ("NONE", {}, "You reported no symptoms: check in again if anything changes"),
    ],
)
def test_the_page_leads_with_one_headline_of_what_to_do_and_by_when(
    owner_client, massage, level, fields, headline
):
    checkin = _store(save_checkin(massage, 5, **SAN_LEFT), level, [SAN_ENTRY], **fields)

    html = _page(owner_client, checkin)

    lead = html.index('data-testid="next-step"')
    assert re.search(rf'<h2 id="level-title" class="h4">{re.escape(headline)}</h2>', html)
    assert lead < html.index("Patterns your answers match")
    # One headline: the level's own label is not said again beside it.
    assert html.count('<h2 id="level-title"') == 1
    assert "not a diagnosis" in html


def test_self_care_says_when_to_check_in_again(owner_client, massage):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
    recheck = checkin.date + datetime.timedelta(days=3)
    checkin = _store(checkin, "MONITOR_SELF_CARE", recheck_on=recheck.isoformat())

    html = _page(owner_client, checkin)

    assert (
        f"This is likely to settle: check in again on {recheck:%A} {recheck.day} {recheck:%B}"
    ) in html


def test_each_pattern_says_why_its_answers_point_to_that_nerve(owner_client, massage):
    checkin = save_checkin(massage, 5, **SAN_LEFT)

    html = _page(owner_client, checkin)

    assert (
        '<p class="mechanism" data-testid="mechanism">Lifting your left arm out to the side is '
        "hard and your left shoulder blade sticks out when you do: the trapezius muscle, powered "
        "by the spinal accessory nerve, does that work.</p>"
    ) in html


def test_an_answer_behind_several_patterns_is_shown_once(owner_client, massage):
    # Tingling in the fingers with neck pain and a weak sideways lift: the lift drives PAT-SAN,
    # PAT-PLEXUS-TOS and PAT-ROOT; the tingling both PAT-PLEXUS-TOS and PAT-ROOT.
    answers = {
        **SAN_LEFT,
        "symptoms": [
            *SAN_LEFT["symptoms"],
            {"kind": "tingling", "region": "finger_index", "side": "left"},
            {"kind": "ache", "region": "neck_side", "side": "left", "nprs": 4},
        ],
    }
    checkin = save_checkin(massage, 5, **answers)
    assert {"PAT-SAN", "PAT-PLEXUS-TOS", "PAT-ROOT"} <= set(checkin.rule_ids)

    html = _page(owner_client, checkin)

    lift = "lifting your left arm out to the side: only by twisting your body or with great effort"
    assert html.count(lift) == 1
    assert html.count("tingling or pins and needles, index finger (your left)") == 1
    shared = html[html.index('data-testid="shared-reasons"') :]
    assert "Answers behind more than one pattern" in shared
    assert lift in shared
    assert "Behind: The nerve that works the trapezius muscle" in shared
    assert "it shares with other patterns" in html


def test_at_an_emergency_no_self_care_or_physiotherapist_card_shows(owner_client, massage):
    soreness = _entry("PAT-SORENESS", "MONITOR_SELF_CARE", ["logs[-1].symptoms[0].kind=ache"])
    root = _entry("PAT-ROOT", "SEE_DOCTOR_DAYS", ["logs[-1].symptoms[0].kind=ache"], side="left")
    pe = _entry(
        "RF-PE", "EMERGENCY_NOW", ["logs[-1].red_flags[0]=breathlessness"], action="CALL_EMERGENCY"
    )
    checkin = _store(
        save_checkin(massage, 5, **SAN_LEFT),
        "EMERGENCY_NOW",
        [pe, root, soreness],
        action="CALL_EMERGENCY",
    )

    html = _page(owner_client, checkin)

    later = html.index('data-testid="for-later"')
    assert html.index("Why this is an emergency") < html.index("Advice of RF-PE.") < later
    assert "For later: 2 other patterns your answers match" in html
    assert "Advice of PAT-ROOT." not in html
    assert "Advice of PAT-SORENESS." not in html
    assert 'data-testid="next-step"' not in html


# --- The mechanism sentences, rule by rule ---------------------------------------------------


def _mechanism(rule_id, evidence, *, side="left", symptoms=(), **entry):
    from tracker.assessment_mechanisms import mechanism

    case = {"logs": [{"date": "2026-03-06", "symptoms": list(symptoms)}]}
    return mechanism({"id": rule_id, "side": side, "evidence": evidence, **entry}, case)


FN = "logs[-1].function.left."


@pytest.mark.parametrize(
    ("rule_id", "evidence", "symptoms", "entry", "expected"),
    [
        (
            "PAT-SAN",
            [f"{FN}arm_side_lift=cannot", f"{FN}blade_sticks_out=true"],
            [],
            {},
            "Lifting your left arm out to the side is hard and your left shoulder blade sticks "
            "out: the trapezius muscle",
        ),
        (
            "PAT-SAN",
            [f"{FN}arm_side_lift=harder"],
            [],
            {},
            "that lift needs the trapezius muscle to turn the shoulder blade upwards",
        ),
        (
            "PAT-SAN",
            [f"{FN}shoulder_lower=true", f"{FN}neck_shoulder_line_flatter=true"],
            [],
            {},
            "Your left shoulder hangs lower and the line from your neck to your left shoulder "
            "looks flatter: the trapezius muscle holds the shoulder up",
        ),
        ("PAT-SAN", [f"{FN}shrug_weaker=true"], [], {}, "Shrugging is weaker on your left"),
        (
            "PAT-LTN",
            [f"{FN}blade_sticks_out=true", f"{FN}blade_visible_when=pushing_or_reaching_forward"],
            [],
            {},
            "sticks out when you push against a wall or reach forward: the serratus anterior",
        ),
        (
            "PAT-LTN",
            [f"{FN}blade_sticks_out=true", f"{FN}arm_forward_overhead=great_effort"],
            [],
            {},
            "Raising your left arm forward over your head is hard",
        ),
        (
            "PAT-SCAPULA-NERVE",
            [f"{FN}blade_sticks_out=true"],
            [],
            {},
            "the trapezius (spinal accessory nerve) and the serratus anterior (long thoracic",
        ),
        (
            "PAT-ROOT",
            ["logs[-1].neck_move_or_cough_provokes_arm=true"],
            [],
            {},
            "Moving your neck, coughing or sneezing sends symptoms down your left arm",
        ),
        (
            "PAT-ROOT",
            ["logs[-1].symptoms[0].kind=tingling"],
            [{"kind": "tingling", "region": "finger_thumb", "side": "left"}],
            {},
            "Neck pain with tingling in your left hand or fingers fits a nerve root",
        ),
        (
            "PAT-PLEXUS-TOS",
            [f"{FN}whole_limb_weak=true"],
            [],
            {"branch": "plexus"},
            "A whole arm or leg on your left is weak",
        ),
        (
            "PAT-PLEXUS-TOS",
            [f"{FN}arm_side_lift=harder", "logs[-1].symptoms[0].kind=numbness"],
            [{"kind": "numbness", "region": "hand_palm", "side": "left"}],
            {"branch": "plexus"},
            "more than one part of your left arm don't fit a single nerve",
        ),
        (
            "PAT-PLEXUS-TOS",
            ["logs[-1].overhead_or_dangling_provokes=true"],
            [],
            {"branch": "tos"},
            "narrow the gap between the collarbone and the first rib",
        ),
        (
            "PAT-PERIPHERAL",
            [f"{FN}wrist_finger_lift=cannot"],
            [],
            {"branch": "motor"},
            "Lifting your left wrist and fingers is hard: the radial nerve",
        ),
        (
            "PAT-PERIPHERAL",
            [f"{FN}foot_lift=harder"],
            [],
            {"branch": "motor"},
            "Lifting the front of your left foot is hard: the peroneal nerve",
        ),
        (
            "PAT-PERIPHERAL",
            [f"{FN}grip_weak=true"],
            [],
            {"branch": "motor"},
            "Your grip is weak on your left",
        ),
        (
            "PAT-PERIPHERAL",
            ["logs[-1].symptoms[0].kind=burning"],
            [{"kind": "burning", "region": "upper_arm_outer", "side": "left"}],
            {"branch": "sensory", "level": "MONITOR_SELF_CARE"},
            "Burning where you were massaged on your left, without weakness",
        ),
        (
            "PAT-PERSIST",
            ["new since the last check-in: weakness"],
            [],
            {"level": "SEE_DOCTOR_ASK_EMG"},
            "Weakness that appears days after a massage",
        ),
        (
            "PAT-PERSIST",
            ["pain rose 3→6", "d_onset=5"],
            [],
            {"level": "SEE_DOCTOR_DAYS"},
            "pain that grows after that",
        ),
        (
            "PAT-PERSIST",
            ["logs[-1].symptoms[0].nprs=8"],
            [{"kind": "ache", "region": "calf", "side": "left", "nprs": 8}],
            {"level": "SEE_DOCTOR_DAYS"},
            "Pain of 7 out of 10 or more",
        ),
        (
            "PAT-PERSIST",
            ["d_onset=9", "not clearly better"],
            [],
            {"level": "SEE_DOCTOR_DAYS"},
            "gone within about a week",
        ),
        ("PAT-SORENESS", [], [], {}, "how muscles answer firm pressure"),
        (
            "RF-STROKE",
            ["logs[-1].red_flags[0]=speech_trouble"],
            [],
            {},
            "Trouble speaking comes from the brain",
        ),
        (
            "RF-STROKE",
            ["logs[-3].red_flags[0]=sudden_balance_loss_or_severe_dizziness"],
            [],
            {},
            "Sudden loss of balance or severe dizziness comes from the back of the brain",
        ),
        (
            "RF-STROKE",
            ["logs[-1].red_flags[0]=eyelid_droop_small_pupil"],
            [],
            {},
            "A drooping eyelid with a small pupil",
        ),
        (
            "RF-DISSECTION-PAIN",
            ["logs[-1].red_flags[0]=worst_ever_headache"],
            [],
            {"action": "CALL_EMERGENCY"},
            "A sudden, very severe headache",
        ),
        (
            "RF-DISSECTION-PAIN",
            ["logs[-1].red_flags[0]=new_severe_one_sided_neck_or_head_pain"],
            [],
            {"action": "GO_TO_ED_NOW"},
            "often the first sign, hours or days before any other",
        ),
        (
            "RF-CORD",
            ["logs[-1].red_flags[0]=new_unsteady_walking"],
            [],
            {},
            "Unsteady walking or clumsy hands come from the spinal cord",
        ),
        (
            "RF-CORD",
            [f"{FN}grip_weak=true", "logs[-1].function.right.grip_weak=true"],
            [],
            {},
            "both arms or both legs at once points to the spinal cord",
        ),
        (
            "RF-CES",
            ["logs[-1].red_flags[0]=saddle_numbness", "logs[-1].red_flags[1]=bowel_control_change"],
            [],
            {},
            "Numbness between your legs and new trouble with your bowels can come from the bundle",
        ),
        (
            "RF-PE",
            ["logs[-1].red_flags[0]=coughing_blood", "massage.regions[0]=calf:left"],
            [],
            {},
            "Coughing up blood after a massage of the legs",
        ),
        (
            "RF-DVT",
            ["logs[-1].symptoms[0].kind=pale_blue_or_cold_skin"],
            [{"kind": "pale_blue_or_cold_skin", "region": "hand_back", "side": "left"}],
            {},
            "A pale, blue or cold hand or foot on your left",
        ),
        (
            "RF-DVT",
            [f"{FN}limb_swollen=true", f"{FN}limb_swollen_with=warm"],
            [],
            {},
            "swollen and also painful, warm or red can mean a clot",
        ),
        (
            "RF-RHABDO",
            ["logs[-1].red_flags[0]=urine_dark", "logs[-1].symptoms[0].kind=ache"],
            [{"kind": "ache", "region": "thigh_back", "side": "left"}],
            {},
            "myoglobin",
        ),
        (
            "RF-RHABDO",
            ["logs[-1].symptoms[0].kind=swelling", "logs[-1].course=worse"],
            [{"kind": "swelling", "region": "calf", "side": "left", "nprs": 8}],
            {},
            "swells and hurts more and more",
        ),
        (
            "RF-PROGRESSIVE",
            ["weakness spread since the last check-in"],
            [],
            {},
            "spreads to another limb",
        ),
        (
            "RF-PROGRESSIVE",
            ["logs[-1].red_flags[0]=weakness_worse_or_spreading"],
            [],
            {},
            "gets worse from one check-in to the next",
        ),
        (
            "RF-SYSTEMIC",
            ["logs[-1].red_flags[0]=fever", "logs[-1].red_flags[1]=stiff_neck_all_over"],
            [],
            {"level": "EMERGENCY_NOW"},
            "meningitis",
        ),
        (
            "RF-SYSTEMIC",
            ["logs[-1].red_flags[0]=unexplained_weight_loss"],
            [],
            {"level": "SEE_DOCTOR_DAYS"},
            "Weight loss you can't explain doesn't come from pressure",
        ),
        (
            "RF-SYSTEMIC",
            ["risk.cancer_history=true", "logs[-1].symptoms[0].kind=ache"],
            [{"kind": "ache", "region": "mid_back", "side": "midline"}],
            {"level": "SEE_DOCTOR_DAYS"},
            "After cancer, or with a weakened immune system",
        ),
    ],
)
def test_the_mechanism_is_chosen_by_the_evidence(rule_id, evidence, symptoms, entry, expected):
    sentence = _mechanism(rule_id, evidence, symptoms=symptoms, **entry)
    assert expected in sentence
    # "Your answers match" or what the answers say, never "you have".
    assert "you have" not in sentence.lower()
    assert sentence.endswith(".")


def test_a_clot_in_the_lungs_after_a_leg_massage_says_so_from_the_case():
    from tracker.assessment_mechanisms import mechanism

    case = {"massage": {"regions": [{"region": "calf", "side": "left"}]}, "logs": [{}]}
    entry = {"id": "RF-PE", "evidence": ["logs[-1].red_flags[0]=breathlessness"]}
    assert mechanism(entry, case).startswith(
        "New breathlessness after a massage of the legs can mean a clot from a leg vein"
    )


def test_every_rule_has_a_mechanism_sentence_even_with_no_evidence():
    from tracker.assessment_mechanisms import _MECHANISMS
    from tracker.triage.vocabulary import RULE_IDS

    assert set(_MECHANISMS) == set(RULE_IDS)
    for rule_id in RULE_IDS:
        for side in ("left", None):
            sentence = _mechanism(rule_id, [], side=side)
            assert sentence.endswith("."), rule_id
            assert "you have" not in sentence.lower()


def test_a_mechanism_never_breaks_the_page_on_odd_evidence():
    assert _mechanism("PAT-SAN", ["logs[-9].symptoms[4].kind=ache", 7, None]) != ""
    assert _mechanism("PAT-SAN", "not a list") != ""
    assert _mechanism("NOT-A-RULE", []) == ""
