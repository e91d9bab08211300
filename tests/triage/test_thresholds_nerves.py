"""Every threshold and branch of the nerve patterns (spec/triage.md 7.6, 7.10, 8.5, 8.10, 8.11,
8.16): days, sides, and left-out answers that never satisfy a condition (7.11)."""

import pytest

from tracker.triage import assess

from .cases import case, entries, fired_ids, log, sym, the

SAN_SITE = ("neck_side:left", "shoulder_top:left")


def san_case(days, answers, *symptoms, weakness_type=None, regions=SAN_SITE, **fields):
    extra = {"weakness_type": weakness_type} if weakness_type else {}
    return case(log(days, *symptoms, left=answers, **extra, **fields), regions=regions)


# --- PAT-SAN ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        {"arm_side_lift": "harder"},
        {"arm_side_lift": "great_effort"},
        {"arm_side_lift": "cannot"},
        {"shoulder_lower": True},
        {"shrug_weaker": True},
        {"blade_sticks_out": True, "blade_visible_when": "lifting_sideways"},
        {"blade_sticks_out": True, "blade_visible_when": "at_rest"},
    ],
)
def test_pat_san_fires_on_each_motor_sign_with_a_region(answers):
    result = assess(san_case(5, answers, sym("ache", "shoulder_top", "left", 3)))
    entry = the(result, "PAT-SAN", "left")
    assert entry["level"] == "SEE_DOCTOR_ASK_EMG"
    assert result["emg_timing"] == "before_window"


@pytest.mark.parametrize(
    "answers",
    [
        {"arm_side_lift": "easy"},
        {"arm_side_lift": "not_tried"},
        {"shoulder_lower": False},
        {"blade_sticks_out": True, "blade_visible_when": "pushing_or_reaching_forward"},
        {"neck_shoulder_line_flatter": True},
    ],
)
def test_pat_san_does_not_fire_without_a_san_motor_sign(answers):
    result = assess(san_case(5, answers, sym("ache", "shoulder_top", "left", 3)))
    assert not entries(result, "PAT-SAN")


def test_pat_san_never_reads_a_left_out_movement_answer_as_weak():
    result = assess(san_case(5, {}, sym("ache", "shoulder_top", "left", 3)))
    assert not entries(result, "PAT-SAN")


@pytest.mark.parametrize("region", ["neck_side", "shoulder_top", "shoulder_back", "shoulder_blade"])
def test_pat_san_takes_a_symptom_in_each_of_its_regions(region):
    result = assess(
        san_case(5, {"arm_side_lift": "cannot"}, sym("ache", region, "left", 2), regions=())
    )
    assert entries(result, "PAT-SAN", "left")


def test_pat_san_takes_a_heavy_arm_as_its_region():
    result = assess(
        san_case(
            5, {"arm_side_lift": "cannot"}, sym("heaviness", "upper_arm_outer", "left"), regions=()
        )
    )
    assert entries(result, "PAT-SAN", "left")


def test_pat_san_falls_back_to_the_massaged_region_when_the_log_names_none():
    result = assess(san_case(5, {"arm_side_lift": "cannot"}))
    assert "massage.regions[0]=neck_side:left" in the(result, "PAT-SAN")["evidence"]


def test_pat_san_needs_some_region_on_that_side():
    result = assess(san_case(5, {"arm_side_lift": "cannot"}, regions=("low_back:midline",)))
    assert not entries(result, "PAT-SAN")


def test_pat_san_keeps_left_and_right_apart():
    result = assess(
        case(
            log(5, sym("ache", "shoulder_top", "right", 3), left={"arm_side_lift": "cannot"}),
            regions=("shoulder_top:right",),
        )
    )
    assert not entries(result, "PAT-SAN")


def test_pat_san_fires_once_per_side_on_both_sides():
    result = assess(
        case(
            log(
                5,
                sym("ache", "shoulder_top", "both", 3),
                left={"shoulder_lower": True},
                right={"shoulder_lower": True},
            )
        )
    )
    assert {e["side"] for e in entries(result, "PAT-SAN")} == {"left", "right"}
    assert all(e["confidence"] != "strong" for e in entries(result, "PAT-SAN"))


def test_pat_san_is_excluded_by_a_whole_weak_limb():
    answers = {"arm_side_lift": "cannot", "whole_limb_weak": True}
    result = assess(san_case(5, answers, sym("ache", "shoulder_top", "left", 3)))
    assert not entries(result, "PAT-SAN")
    assert entries(result, "PAT-PLEXUS-TOS", "left")


def test_pat_san_reads_winging_without_when_as_not_sure_and_fires_the_scapula_pattern_too():
    result = assess(
        san_case(5, {"blade_sticks_out": True}, sym("ache", "shoulder_blade", "left", 2))
    )
    assert entries(result, "PAT-SAN", "left")
    assert entries(result, "PAT-SCAPULA-NERVE", "left")


PAIN_LIMITED = {"arm_side_lift": "harder"}


@pytest.mark.parametrize("days", [0, 1, 2])
def test_pat_san_damped_before_day_3(days):
    result = assess(
        san_case(
            days,
            PAIN_LIMITED,
            sym("ache", "shoulder_top", "left", 3, pressed_or_moved_only=True),
            weakness_type="pain_stops_me",
        )
    )
    assert not entries(result, "PAT-SAN")
    assert result["level"] == "MONITOR_SELF_CARE"
    assert "PAT-SORENESS" in fired_ids(result)  # a pain-limited lift is tolerated in 72 h
    assert result["safety_net"][0].startswith("Check in again on")


def test_pat_san_damping_rechecks_72_hours_after_the_onset():
    def recheck(days):
        return assess(san_case(days, PAIN_LIMITED, weakness_type="pain_stops_me"))["recheck_on"]

    assert recheck(0) == "2026-03-04"  # onset + 3 = as_of + 3
    assert recheck(1) == "2026-03-04"  # onset + 3, sooner than as_of + 3
    assert recheck(2) == "2026-03-04"  # at least as_of + 1


def test_pat_san_fires_from_day_3_when_damping_ends():
    result = assess(san_case(3, PAIN_LIMITED, weakness_type="pain_stops_me"))
    assert entries(result, "PAT-SAN", "left")
    assert result["recheck_on"] == "2026-03-07"


@pytest.mark.parametrize(
    ("answers", "weakness_type"),
    [
        ({"arm_side_lift": "harder"}, None),  # left out never satisfies the damping condition
        ({"arm_side_lift": "harder"}, "weak_even_when_pain_mild"),
        ({"arm_side_lift": "great_effort"}, "pain_stops_me"),
        ({"arm_side_lift": "harder", "shoulder_lower": True}, "pain_stops_me"),
        (
            {
                "arm_side_lift": "harder",
                "blade_sticks_out": True,
                "blade_visible_when": "pushing_or_reaching_forward",
            },
            "pain_stops_me",
        ),
        ({"arm_side_lift": "harder", "neck_shoulder_line_flatter": True}, "pain_stops_me"),
    ],
)
def test_pat_san_is_not_damped_by_anything_but_a_single_pain_limited_lift(answers, weakness_type):
    result = assess(san_case(1, answers, weakness_type=weakness_type))
    assert entries(result, "PAT-SAN", "left")


def test_pat_san_is_strong_with_two_raisers_and_moderate_with_one():
    strong = assess(san_case(5, {"arm_side_lift": "cannot", "shoulder_lower": True}))
    moderate = assess(san_case(5, {"arm_side_lift": "cannot"}, regions=("shoulder_blade:left",)))
    assert the(strong, "PAT-SAN")["confidence"] == "strong"
    assert the(moderate, "PAT-SAN")["confidence"] == "moderate"


def test_pat_san_confidence_drops_when_tingling_runs_past_the_elbow():
    plain = assess(san_case(5, {"arm_side_lift": "cannot", "shoulder_lower": True}))
    tingling = assess(
        san_case(
            5,
            {"arm_side_lift": "cannot", "shoulder_lower": True},
            sym("tingling", "finger_index", "left"),
        )
    )
    assert the(plain, "PAT-SAN")["confidence"] == "strong"
    assert the(tingling, "PAT-SAN")["confidence"] == "moderate"


# --- PAT-LTN and PAT-SCAPULA-NERVE ------------------------------------------------------------


def test_pat_ltn_fires_on_winging_when_pushing():
    result = assess(
        case(
            log(
                4,
                right={
                    "blade_sticks_out": True,
                    "blade_visible_when": "pushing_or_reaching_forward",
                },
            )
        )
    )
    entry = the(result, "PAT-LTN", "right")
    assert entry["level"] == "SEE_DOCTOR_ASK_EMG"
    assert not entries(result, "PAT-SAN")


@pytest.mark.parametrize(
    ("grade", "fires"), [("easy", False), ("not_tried", False), ("harder", True), ("cannot", True)]
)
def test_pat_ltn_fires_on_winging_with_a_forward_lift_that_is_not_easy(grade, fires):
    answers = {
        "blade_sticks_out": True,
        "blade_visible_when": "lifting_sideways",
        "arm_forward_overhead": grade,
    }
    assert bool(entries(assess(case(log(4, left=answers))), "PAT-LTN")) is fires


def test_pat_ltn_needs_the_blade_to_stick_out():
    answers = {"blade_sticks_out": False, "arm_forward_overhead": "cannot"}
    assert not entries(assess(case(log(4, left=answers))), "PAT-LTN")


def test_pat_ltn_is_stronger_after_massage_where_the_nerve_runs():
    answers = {"blade_sticks_out": True, "blade_visible_when": "pushing_or_reaching_forward"}
    site = assess(case(log(4, right=answers), regions=("armpit:right",)))
    assert the(site, "PAT-LTN")["confidence"] == "strong"


@pytest.mark.parametrize(
    ("when", "fires"),
    [("not_sure", True), (None, True), ("at_rest", False), ("lifting_sideways", False)],
)
def test_pat_scapula_nerve_fires_when_the_person_cannot_say_when_the_blade_sticks_out(when, fires):
    answers = {"blade_sticks_out": True}
    if when:
        answers["blade_visible_when"] = when
    result = assess(case(log(4, left=answers)))
    assert bool(entries(result, "PAT-SCAPULA-NERVE", "left")) is fires
    if fires:
        assert result["emg_timing"] == "before_window"


# --- PAT-ROOT ---------------------------------------------------------------------------------

NECK_PAIN = sym("ache", "neck_back", "midline", 4)


def test_pat_root_fires_on_neck_pain_with_tingling_in_the_fingers():
    result = assess(case(log(3, NECK_PAIN, sym("tingling", "finger_ring", "right"))))
    entry = the(result, "PAT-ROOT", "right")
    assert (entry["level"], entry["sooner"]) == ("SEE_DOCTOR_DAYS", False)
    assert not entries(result, "PAT-ROOT", "left")


def test_pat_root_fires_when_neck_movement_sends_symptoms_down_the_arm_without_neck_pain():
    result = assess(
        case(log(3, sym("numbness", "hand_palm", "left"), neck_move_or_cough_provokes_arm=True))
    )
    assert entries(result, "PAT-ROOT", "left")


def test_pat_root_needs_the_neck():
    result = assess(case(log(3, sym("tingling", "finger_ring", "right"))))
    assert not entries(result, "PAT-ROOT")


@pytest.mark.parametrize(
    ("region", "fires"),
    [
        ("upper_arm_outer", False),
        ("elbow", False),
        ("forearm_thumb_side", True),
        ("finger_little", True),
    ],
)
def test_pat_root_needs_symptoms_past_the_elbow(region, fires):
    result = assess(case(log(3, NECK_PAIN, sym("shooting_or_electric", region, "left", 5))))
    assert bool(entries(result, "PAT-ROOT")) is fires


def test_pat_root_does_not_count_a_plain_forearm_ache_unless_the_neck_provokes_it():
    plain = assess(case(log(3, NECK_PAIN, sym("ache", "forearm_thumb_side", "left", 3))))
    provoked = assess(
        case(
            log(
                3,
                NECK_PAIN,
                sym("ache", "forearm_thumb_side", "left", 3),
                neck_move_or_cough_provokes_arm=True,
            )
        )
    )
    assert not entries(plain, "PAT-ROOT")
    assert entries(provoked, "PAT-ROOT", "left")


@pytest.mark.parametrize(
    "answers", [{"grip_weak": True}, {"wrist_finger_lift": "harder"}, {"arm_side_lift": "cannot"}]
)
def test_pat_root_is_sooner_with_arm_weakness_and_mentions_a_test(answers):
    entry = the(
        assess(case(log(3, NECK_PAIN, sym("tingling", "finger_thumb", "left"), left=answers))),
        "PAT-ROOT",
    )
    assert entry["sooner"] is True
    assert "imaging or a nerve test" in entry["advice"]


def test_pat_root_stays_a_doctor_visit_while_improving():
    result = assess(
        case(
            log(3, NECK_PAIN, sym("tingling", "finger_thumb", "left", 4)),
            log(6, NECK_PAIN, sym("tingling", "finger_thumb", "left", 2), course="better"),
        )
    )
    assert the(result, "PAT-ROOT")["level"] == "SEE_DOCTOR_DAYS"


@pytest.mark.parametrize(("days", "note"), [(41, False), (42, True)])
def test_pat_root_asks_to_look_again_when_not_better_at_day_42(days, note):
    result = assess(case(log(days, NECK_PAIN, sym("tingling", "finger_thumb", "left"))))
    assert ("6 weeks" in the(result, "PAT-ROOT")["advice"]) is note


def test_pat_root_confidence_drops_when_the_arms_overhead_provoke_it():
    def root(**answers):
        arm = [
            sym("sharp", "forearm_thumb_side", "left", 5),
            sym("tingling", "finger_thumb", "left"),
        ]
        return assess(case(log(3, NECK_PAIN, *arm, **answers)))

    plain = root()
    overhead = root(overhead_or_dangling_provokes=True)
    assert the(plain, "PAT-ROOT")["confidence"] == "strong"
    assert the(overhead, "PAT-ROOT")["confidence"] == "moderate"
    assert entries(overhead, "PAT-PLEXUS-TOS", "left")


# --- PAT-PLEXUS-TOS ---------------------------------------------------------------------------


def plexus_case(onset_day, regions=("shoulder_top:left",)):
    return case(
        log(
            4,
            sym("numbness", "forearm_thumb_side", "left"),
            sym("tingling", "hand_palm", "left"),
            left={"arm_side_lift": "harder"},
        ),
        regions=regions,
        timing="1_to_7_days",
        onset_day=onset_day,
    )


@pytest.mark.parametrize(("onset_day", "fires"), [(0, True), (2, True), (3, False)])
def test_pat_plexus_tos_plexus_branch_needs_an_onset_within_2_days(onset_day, fires):
    found = [
        e
        for e in entries(assess(plexus_case(onset_day)), "PAT-PLEXUS-TOS", "left")
        if e.get("branch") == "plexus"
    ]
    assert bool(found) is fires
    if fires:
        assert (found[0]["level"], found[0]["sooner"]) == ("SEE_DOCTOR_ASK_EMG", True)


@pytest.mark.parametrize(
    ("regions", "fires"),
    [
        (("armpit:right",), True),
        (("neck_front:midline",), True),
        (("low_back:midline",), False),
        ((), False),
    ],
)
def test_pat_plexus_tos_plexus_branch_needs_a_neck_shoulder_or_armpit_massage(regions, fires):
    assert bool(entries(assess(plexus_case(0, regions)), "PAT-PLEXUS-TOS")) is fires


def test_pat_plexus_tos_plexus_branch_needs_weakness():
    result = assess(
        case(
            log(
                1,
                sym("numbness", "forearm_thumb_side", "left"),
                sym("tingling", "hand_palm", "left"),
            ),
            regions=("shoulder_top:left",),
        )
    )
    assert not entries(result, "PAT-PLEXUS-TOS")


def test_pat_plexus_tos_plexus_branch_takes_weakness_of_shoulder_and_hand():
    result = assess(
        case(log(1, left={"arm_side_lift": "harder", "grip_weak": True}), regions=("armpit:left",))
    )
    assert the(result, "PAT-PLEXUS-TOS", "left")["branch"] == "plexus"


def test_pat_plexus_tos_fires_on_a_whole_weak_arm_that_is_not_sudden_whatever_the_massage():
    result = assess(
        case(
            log(20, sym("ache", "upper_arm_front", "right", 3), right={"whole_limb_weak": True}),
            regions=("calf:left",),
            timing="over_7_days",
        )
    )
    entry = the(result, "PAT-PLEXUS-TOS", "right")
    assert (entry["branch"], entry["sooner"]) == ("plexus", True)
    assert result["sooner"] is True
    assert "RF-STROKE" not in fired_ids(result)


def test_pat_plexus_tos_tos_branch_fires_on_arm_symptoms_provoked_overhead():
    result = assess(
        case(log(5, sym("tingling", "finger_little", "right"), overhead_or_dangling_provokes=True))
    )
    entry = the(result, "PAT-PLEXUS-TOS", "right")
    assert (entry["branch"], entry["level"]) == ("tos", "SEE_DOCTOR_DAYS")
    assert result["emg_timing"] is None


def test_pat_plexus_tos_tos_branch_needs_the_provocation_answer():
    result = assess(case(log(5, sym("tingling", "finger_little", "right"))))
    assert not entries(result, "PAT-PLEXUS-TOS")


# --- PAT-PERIPHERAL ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "site"),
    [
        ({"wrist_finger_lift": "cannot"}, "upper_arm_back:left"),
        ({"foot_lift": "harder"}, "knee_outer:left"),
    ],
)
def test_pat_peripheral_motor_branch_fires_on_a_drop_and_is_strong_at_the_usual_site(answers, site):
    at_site = assess(case(log(1, left=answers), regions=(site,)))
    elsewhere = assess(case(log(1, left=answers), regions=("low_back:midline",)))
    entry = the(at_site, "PAT-PERIPHERAL", "left")
    assert (entry["branch"], entry["level"], entry["confidence"]) == (
        "motor",
        "SEE_DOCTOR_ASK_EMG",
        "strong",
    )
    assert the(elsewhere, "PAT-PERIPHERAL", "left")["confidence"] == "moderate"
    assert at_site["emg_timing"] == "before_window"


def test_pat_peripheral_motor_branch_ignores_not_tried_and_left_out_answers():
    assert not entries(assess(case(log(1, left={"foot_lift": "not_tried"}))), "PAT-PERIPHERAL")
    assert not entries(assess(case(log(1, left={}))), "PAT-PERIPHERAL")


def test_12_7_a_whole_weak_limb_fires_both_the_plexus_and_the_motor_branch_with_sooner():
    result = assess(
        case(log(2, sym("ache", "thigh_front", "left", 3), left={"whole_limb_weak": True}))
    )
    motor = the(result, "PAT-PERIPHERAL", "left")
    plexus = the(result, "PAT-PLEXUS-TOS", "left")
    assert (motor["branch"], motor["level"], motor["sooner"]) == (
        "motor",
        "SEE_DOCTOR_ASK_EMG",
        True,
    )
    assert (plexus["branch"], plexus["level"], plexus["sooner"]) == (
        "plexus",
        "SEE_DOCTOR_ASK_EMG",
        True,
    )
    assert result["sooner"] is True


def test_11_6_a_weakness_symptom_in_a_limb_fires_the_motor_branch_whatever_was_massaged():
    massaged = assess(
        case(
            log(1, sym("weakness", "forearm_thumb_side", "right")),
            regions=("forearm_thumb_side:right",),
        )
    )
    not_massaged = assess(
        case(log(1, sym("weakness", "forearm_thumb_side", "right")), regions=("calf:right",))
    )
    assert the(massaged, "PAT-PERIPHERAL", "right")["branch"] == "motor"
    assert the(massaged, "PAT-PERIPHERAL", "right")["confidence"] == "strong"
    assert the(not_massaged, "PAT-PERIPHERAL", "right")["branch"] == "motor"
    assert the(not_massaged, "PAT-PERIPHERAL", "right")["confidence"] == "moderate"
    assert not_massaged["emg_timing"] == "before_window"


def sensory_case(*logs):
    return case(*logs, regions=("calf:right",), timing="within_24h")


def tingling(days, **fields):
    return log(days, sym("tingling", "foot_top", "right"), **fields)


def test_pat_peripheral_sensory_branch_fires_further_along_the_massaged_limb():
    entry = the(assess(sensory_case(tingling(1))), "PAT-PERIPHERAL", "right")
    assert (entry["branch"], entry["level"]) == ("sensory", "MONITOR_SELF_CARE")
    assert "massage.regions[0]=calf:right" in entry["evidence"]


def test_pat_peripheral_sensory_branch_needs_the_massaged_limb_on_that_side():
    result = assess(case(log(1, sym("tingling", "foot_top", "left")), regions=("calf:right",)))
    assert not entries(result, "PAT-PERIPHERAL")


@pytest.mark.parametrize(("days", "level"), [(6, "MONITOR_SELF_CARE"), (7, "SEE_DOCTOR_DAYS")])
def test_pat_peripheral_sensory_branch_escalates_when_not_improving_at_day_7(days, level):
    result = assess(sensory_case(tingling(1), tingling(days, course="same")))
    assert the(result, "PAT-PERIPHERAL")["level"] == level


@pytest.mark.parametrize(("days", "level"), [(20, "MONITOR_SELF_CARE"), (21, "SEE_DOCTOR_DAYS")])
def test_pat_peripheral_sensory_branch_escalates_when_still_present_at_day_21(days, level):
    result = assess(sensory_case(tingling(days - 3), tingling(days, course="better")))
    assert the(result, "PAT-PERIPHERAL")["level"] == level


def test_pat_peripheral_sensory_branch_escalates_on_both_sides_and_when_worse():
    both = assess(
        case(
            log(1, sym("tingling", "foot_top", "both")), regions=("calf:both",), timing="within_24h"
        )
    )
    worse = assess(sensory_case(tingling(1), tingling(2, course="worse")))
    assert {e["level"] for e in entries(both, "PAT-PERIPHERAL")} == {"SEE_DOCTOR_DAYS"}
    assert the(worse, "PAT-PERIPHERAL")["level"] == "SEE_DOCTOR_DAYS"


def test_pat_peripheral_sensory_branch_gives_way_to_weakness_red_flags_and_root():
    weak = assess(
        sensory_case(log(1, sym("tingling", "foot_top", "right"), right={"foot_lift": "harder"}))
    )
    flagged = assess(sensory_case(log(1, sym("tingling", "foot_top", "right"), flags=("fever",))))
    root = assess(
        case(
            log(1, NECK_PAIN, sym("tingling", "finger_index", "left")),
            regions=("forearm_thumb_side:left",),
        )
    )
    assert not [e for e in entries(weak, "PAT-PERIPHERAL") if e.get("branch") == "sensory"]
    assert not entries(flagged, "PAT-PERIPHERAL")
    assert not entries(root, "PAT-PERIPHERAL")


def test_pat_peripheral_sensory_branch_names_nerve_type_feelings_from_three_descriptors():
    result = assess(
        sensory_case(
            log(
                1,
                sym("tingling", "foot_top", "right"),
                sym("burning", "foot_top", "right"),
                sym("numbness", "toes", "right"),
            )
        )
    )
    assert "typical of irritated nerves" in the(result, "PAT-PERIPHERAL")["summary"]
