"""Every threshold and branch of the red-flag rules (spec/triage.md 7.2-7.4, 8.1, 8.2, 8.7-8.9)."""

import pytest

from tracker.triage import assess
from tracker.triage.vocabulary import RED_FLAG_GROUPS

from .cases import case, entries, fired_ids, log, sym, the

CODES = {group.key: tuple(group.codes) for group in RED_FLAG_GROUPS}


def neck_case(*logs, **massage):
    return case(*logs, regions=("neck_side:left",), **massage)


# --- RF-STROKE --------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES["stroke"])
def test_rf_stroke_fires_on_every_stroke_code_with_a_call(code):
    result = assess(case(log(1, flags=(code,))))
    entry = the(result, "RF-STROKE")
    assert (entry["level"], entry["action"], entry["side"]) == (
        "EMERGENCY_NOW",
        "CALL_EMERGENCY",
        None,
    )
    assert f"logs[-1].red_flags[0]={code}" in entry["evidence"]
    assert result["action"] == "CALL_EMERGENCY"


def test_rf_stroke_fires_on_a_whole_weak_limb_with_a_sudden_symptom_on_that_side():
    result = assess(
        case(
            log(
                1, sym("numbness", "hand_palm", "left", sudden=True), left={"whole_limb_weak": True}
            )
        )
    )
    assert "logs[-1].symptoms[0].sudden=true" in the(result, "RF-STROKE")["evidence"]


def test_rf_stroke_counts_a_sudden_midline_symptom_with_a_whole_weak_limb():
    result = assess(
        case(
            log(
                1,
                sym("headache", "head_back", "midline", 3, sudden=True),
                right={"whole_limb_weak": True},
            )
        )
    )
    assert "RF-STROKE" in fired_ids(result)


def test_rf_stroke_ignores_a_sudden_symptom_on_the_other_side_of_the_weak_limb():
    result = assess(
        case(log(1, sym("ache", "calf", "right", 2, sudden=True), left={"whole_limb_weak": True}))
    )
    assert "RF-STROKE" not in fired_ids(result)


def test_rf_stroke_needs_the_limb_weakness_to_be_sudden():
    result = assess(
        case(log(1, sym("ache", "hand_palm", "left", 2), left={"whole_limb_weak": True}))
    )
    assert "RF-STROKE" not in fired_ids(result)


def test_rf_stroke_fires_on_sudden_dizziness_but_not_on_dizziness_left_unsaid():
    assert "RF-STROKE" in fired_ids(
        assess(case(log(1, sym("dizziness", "head_back", "midline", sudden=True))))
    )
    assert "RF-STROKE" not in fired_ids(
        assess(case(log(1, sym("dizziness", "head_back", "midline"))))
    )


@pytest.mark.parametrize("kind", ["numbness", "weakness"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_rf_stroke_fires_on_face_numbness_or_weakness_on_one_side(kind, side):
    assert "RF-STROKE" in fired_ids(assess(case(log(1, sym(kind, "face", side)))))


def test_rf_stroke_does_not_read_a_midline_face_entry_as_one_side():
    assert "RF-STROKE" not in fired_ids(assess(case(log(1, sym("numbness", "face", "midline")))))


def test_rf_stroke_is_strong_after_neck_treatment_and_moderate_otherwise():
    after_neck = assess(neck_case(log(1, flags=("speech_trouble",))))
    after_back = assess(case(log(1, flags=("speech_trouble",)), regions=("low_back:midline",)))
    assert the(after_neck, "RF-STROKE")["confidence"] == "strong"
    assert the(after_back, "RF-STROKE")["confidence"] == "moderate"


# --- RF-DISSECTION-PAIN -----------------------------------------------------------------------


def test_rf_dissection_pain_calls_for_the_worst_ever_headache_any_day_without_neck_context():
    result = assess(case(log(60, flags=("worst_ever_headache",)), regions=("calf:left",)))
    entry = the(result, "RF-DISSECTION-PAIN")
    assert entry["action"] == "CALL_EMERGENCY"


@pytest.mark.parametrize(("nprs", "fires"), [(6, False), (7, True)])
def test_rf_dissection_pain_calls_for_a_sudden_headache_from_nprs_7(nprs, fires):
    result = assess(case(log(1, sym("headache", "head_back", "midline", nprs, sudden=True))))
    assert ("RF-DISSECTION-PAIN" in fired_ids(result)) is fires
    if fires:
        assert the(result, "RF-DISSECTION-PAIN")["action"] == "CALL_EMERGENCY"


def test_rf_dissection_pain_code_sends_to_the_ed_on_its_own_any_day():
    result = assess(case(log(60, flags=("new_severe_one_sided_neck_or_head_pain",))))
    assert the(result, "RF-DISSECTION-PAIN")["action"] == "GO_TO_ED_NOW"
    assert result["action"] == "GO_TO_ED_NOW"


@pytest.mark.parametrize(("nprs", "fires"), [(6, False), (7, True), (10, True)])
def test_rf_dissection_pain_symptom_branch_needs_nprs_7(nprs, fires):
    result = assess(neck_case(log(2, sym("sharp", "neck_side", "left", nprs))))
    assert ("RF-DISSECTION-PAIN" in fired_ids(result)) is fires


@pytest.mark.parametrize(("days", "fires"), [(14, True), (15, False)])
def test_rf_dissection_pain_symptom_branch_ends_after_day_14(days, fires):
    result = assess(neck_case(log(days, sym("headache", "head_side_temple", "right", 8))))
    assert ("RF-DISSECTION-PAIN" in fired_ids(result)) is fires
    if fires:
        assert "d_massage=14" in the(result, "RF-DISSECTION-PAIN")["evidence"]


@pytest.mark.parametrize("kind", ["headache", "sharp", "shooting_or_electric", "throbbing"])
def test_rf_dissection_pain_symptom_branch_counts_severe_pain_kinds(kind):
    result = assess(neck_case(log(2, sym(kind, "head_back", "right", 7))))
    assert the(result, "RF-DISSECTION-PAIN")["action"] == "GO_TO_ED_NOW"


@pytest.mark.parametrize("kind", ["ache", "stiffness"])
def test_rf_dissection_pain_symptom_branch_ignores_a_plain_ache_or_stiffness(kind):
    result = assess(neck_case(log(2, sym(kind, "neck_side", "left", 9))))
    assert "RF-DISSECTION-PAIN" not in fired_ids(result)
    assert "PAT-PERSIST" in fired_ids(result)  # severe aching is PAT-PERSIST's (7.2)


@pytest.mark.parametrize("side", ["midline", "both", "left"])
def test_11_8_and_12_9_severe_neck_pain_fires_on_one_side_both_or_the_middle(side):
    result = assess(neck_case(log(2, sym("sharp", "neck_back", side, 9))))
    assert "RF-DISSECTION-PAIN" in fired_ids(result)
    assert (result["level"], result["action"]) == ("EMERGENCY_NOW", "GO_TO_ED_NOW")


def test_rf_dissection_pain_symptom_branch_ignores_other_regions():
    result = assess(neck_case(log(2, sym("sharp", "shoulder_top", "left", 9))))
    assert "RF-DISSECTION-PAIN" not in fired_ids(result)


def test_rf_dissection_pain_symptom_branch_never_reads_a_left_out_nprs():
    result = assess(neck_case(log(2, sym("sharp", "neck_side", "left"))))
    assert "RF-DISSECTION-PAIN" not in fired_ids(result)


def test_rf_dissection_pain_symptom_branch_needs_neck_context():
    result = assess(
        case(log(2, sym("sharp", "neck_side", "left", 9)), regions=("low_back:midline",))
    )
    assert "RF-DISSECTION-PAIN" not in fired_ids(result)


@pytest.mark.parametrize(
    "massage",
    [
        {"regions": ("above_collarbone:right",)},
        {"regions": ("neck_front:midline",)},
        {"regions": ("low_back:midline",), "neck_manipulation": True},
        {"regions": ("low_back:midline",), "types": ["neck_manipulation"]},
    ],
)
def test_rf_dissection_pain_symptom_branch_takes_each_kind_of_neck_context(massage):
    result = assess(case(log(3, sym("throbbing", "face", "right", 8)), **massage))
    assert the(result, "RF-DISSECTION-PAIN")["action"] == "GO_TO_ED_NOW"


def test_rf_dissection_pain_symptom_branch_still_counts_one_side_when_both_hurt():
    result = assess(neck_case(log(2, sym("sharp", "neck_side", "both", 8))))
    assert "RF-DISSECTION-PAIN" in fired_ids(result)


def test_rf_dissection_pain_call_outranks_the_ed_branch():
    result = assess(
        neck_case(log(2, sym("sharp", "neck_side", "left", 8), flags=("worst_ever_headache",)))
    )
    assert the(result, "RF-DISSECTION-PAIN")["action"] == "CALL_EMERGENCY"


# --- RF-CORD ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES["cord"])
def test_rf_cord_fires_on_each_cord_code(code):
    entry = the(assess(case(log(1, flags=(code,)))), "RF-CORD")
    assert (entry["level"], entry["action"]) == ("EMERGENCY_NOW", "GO_TO_ED_NOW")


@pytest.mark.parametrize(
    ("left", "right", "symptoms"),
    [
        ({"grip_weak": True}, {"grip_weak": True}, ()),
        ({"arm_side_lift": "harder"}, {"wrist_finger_lift": "cannot"}, ()),
        ({"foot_lift": "great_effort"}, {"foot_lift": "harder"}, ()),
        ({}, {}, (sym("numbness", "hand_palm", "both"),)),
        ({}, {}, (sym("weakness", "thigh_front", "left"), sym("numbness", "sole", "right"))),
        ({"whole_limb_weak": True}, {"grip_weak": True}, ()),
    ],
)
def test_rf_cord_fires_on_weakness_or_numbness_in_both_arms_or_both_legs(left, right, symptoms):
    assert "RF-CORD" in fired_ids(assess(case(log(1, *symptoms, left=left, right=right))))


@pytest.mark.parametrize(
    ("left", "right", "symptoms"),
    [
        ({"grip_weak": True}, {}, ()),
        ({"grip_weak": True}, {"foot_lift": "harder"}, ()),
        ({"arm_side_lift": "not_tried"}, {"arm_side_lift": "not_tried"}, ()),
        ({"arm_side_lift": "easy"}, {"arm_side_lift": "easy"}, ()),
        ({}, {}, (sym("tingling", "hand_palm", "both"),)),
        ({}, {}, (sym("burning", "sole", "both"),)),
        ({}, {}, (sym("numbness", "shoulder_top", "both"),)),
    ],
)
def test_rf_cord_does_not_fire_on_one_side_one_limb_each_or_tingling(left, right, symptoms):
    assert "RF-CORD" not in fired_ids(assess(case(log(1, *symptoms, left=left, right=right))))


def test_rf_cord_reads_weakness_all_over_the_body_as_both_arms_and_legs():
    result = assess(case(log(1, sym("weakness", "whole_body", "midline"))))
    assert "RF-CORD" in fired_ids(result)


# --- RF-CES -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES["cauda_equina"])
def test_rf_ces_fires_on_each_cauda_equina_code(code):
    entry = the(assess(case(log(1, flags=(code,)))), "RF-CES")
    assert entry["action"] == "GO_TO_ED_NOW"
    assert entry["confidence"] == "moderate"


@pytest.mark.parametrize("kind", ["numbness", "tingling"])
def test_rf_ces_fires_on_numbness_or_tingling_between_the_legs(kind):
    assert "RF-CES" in fired_ids(assess(case(log(1, sym(kind, "saddle_area", "midline")))))


def test_rf_ces_does_not_fire_on_an_ache_between_the_legs():
    assert "RF-CES" not in fired_ids(assess(case(log(1, sym("ache", "saddle_area", "midline", 3)))))


def test_rf_ces_is_strong_with_two_signs():
    result = assess(case(log(1, flags=("saddle_numbness", "bladder_control_change"))))
    entry = the(result, "RF-CES")
    assert entry["confidence"] == "strong"
    assert "More than one" in entry["summary"]


# --- RF-PE ------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES["lungs"])
def test_rf_pe_calls_on_each_lung_code(code):
    entry = the(assess(case(log(1, flags=(code,)))), "RF-PE")
    assert entry["action"] == "CALL_EMERGENCY"


def test_rf_pe_is_strong_after_a_leg_massage_and_moderate_otherwise():
    leg = assess(case(log(0, flags=("breathlessness",)), regions=("calf:left",)))
    back = assess(case(log(0, flags=("breathlessness",)), regions=("low_back:midline",)))
    assert the(leg, "RF-PE")["confidence"] == "strong"
    assert the(back, "RF-PE")["confidence"] == "moderate"


def test_rf_pe_does_not_read_fainting():
    result = assess(case(log(0, flags=("confusion_or_fainting",))))
    assert "RF-PE" not in fired_ids(result)
    assert "RF-STROKE" in fired_ids(result)


# --- RF-DVT -----------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["left", "right"])
def test_rf_dvt_fires_on_the_side_of_a_swollen_limb_with_a_qualifier(side):
    answers = {"limb_swollen": True, "limb_swollen_with": ["warm"]}
    result = assess(case(log(1, **{side: answers})))
    entry = the(result, "RF-DVT")
    assert (entry["side"], entry["action"]) == (side, "GO_TO_ED_NOW")
    assert f"logs[-1].function.{side}.limb_swollen_with=warm" in entry["evidence"]


def test_rf_dvt_needs_more_than_a_swollen_limb():
    result = assess(case(log(1, left={"limb_swollen": True})))
    assert "RF-DVT" not in fired_ids(result)
    assert result["level"] == "MONITOR_SELF_CARE"


def test_rf_dvt_takes_a_painful_symptom_of_a_limb_on_the_same_side_as_the_qualifier():
    same = assess(case(log(1, sym("ache", "calf", "left", 3), left={"limb_swollen": True})))
    other = assess(case(log(1, sym("ache", "calf", "right", 3), left={"limb_swollen": True})))
    assert entries(same, "RF-DVT", "left")
    assert not entries(other, "RF-DVT")


def test_rf_dvt_reads_a_one_sided_swelling_symptom_with_pain_as_a_swollen_limb():
    result = assess(
        case(log(1, sym("swelling", "calf", "right"), sym("tenderness", "calf", "right")))
    )
    assert the(result, "RF-DVT")["side"] == "right"


def test_rf_dvt_counts_a_rated_swelling_as_painful():
    assert "RF-DVT" in fired_ids(
        assess(case(log(1, sym("swelling", "forearm_thumb_side", "left", 3))))
    )


def test_rf_dvt_does_not_count_a_swelling_rated_0_as_painful():
    assert "RF-DVT" not in fired_ids(assess(case(log(1, sym("swelling", "calf", "left", 0)))))


def test_rf_dvt_does_not_count_a_swollen_knee_alone():
    result = assess(
        case(log(1, sym("swelling", "knee_front", "left", 5), sym("warmth", "knee_front", "left")))
    )
    assert "RF-DVT" not in fired_ids(result)


def test_rf_dvt_does_not_count_swelling_on_both_sides_as_one_swollen_limb():
    result = assess(case(log(1, sym("swelling", "calf", "both", 4))))
    assert "RF-DVT" not in fired_ids(result)


@pytest.mark.parametrize("region", ["hand_palm", "toes", "calf"])
def test_rf_dvt_fires_on_pale_blue_or_cold_skin_of_a_limb(region):
    result = assess(case(log(1, sym("pale_blue_or_cold_skin", region, "right"))))
    assert the(result, "RF-DVT")["side"] == "right"


def test_rf_dvt_fires_once_per_side_when_both_sides_qualify():
    answers = {"limb_swollen": True, "limb_swollen_with": ["red"]}
    result = assess(case(log(1, left=answers, right=answers)))
    assert {e["side"] for e in entries(result, "RF-DVT")} == {"left", "right"}


# --- RF-RHABDO --------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["urine_dark", "urine_much_less"])
def test_rf_rhabdo_fires_on_a_urine_change_with_a_muscle_symptom(code):
    entry = the(
        assess(case(log(1, sym("ache", "thigh_front", "left", 3), flags=(code,)))), "RF-RHABDO"
    )
    assert entry["action"] == "GO_TO_ED_NOW"


def test_rf_rhabdo_fires_on_a_urine_change_with_a_weak_movement_answer():
    result = assess(case(log(1, left={"arm_side_lift": "harder"}, flags=("urine_dark",))))
    assert "RF-RHABDO" in fired_ids(result)


def test_rf_rhabdo_does_not_fire_on_a_urine_change_alone():
    result = assess(case(log(1, sym("headache", "head_back", "midline", 3), flags=("urine_dark",))))
    assert "RF-RHABDO" not in fired_ids(result)


def swollen_calf(days, nprs, *earlier, course="worse", regions=("calf:left",)):
    last = log(days, sym("swelling", "calf", "left", nprs), course=course)
    return case(*earlier, last, regions=regions)


@pytest.mark.parametrize(("days", "fires"), [(1, False), (2, True)])
def test_rf_rhabdo_swelling_branch_starts_at_day_2(days, fires):
    assert ("RF-RHABDO" in fired_ids(assess(swollen_calf(days, 7)))) is fires


@pytest.mark.parametrize(("nprs", "fires"), [(6, False), (7, True)])
def test_rf_rhabdo_swelling_branch_needs_nprs_7(nprs, fires):
    assert ("RF-RHABDO" in fired_ids(assess(swollen_calf(3, nprs)))) is fires


def test_rf_rhabdo_swelling_branch_takes_nprs_7_from_a_pain_symptom_of_the_same_spot():
    result = assess(
        case(
            log(3, sym("swelling", "calf", "left"), sym("ache", "calf", "left", 8), course="worse"),
            regions=("calf:left",),
        )
    )
    assert "RF-RHABDO" in fired_ids(result)


def test_rf_rhabdo_swelling_branch_needs_a_massaged_region():
    assert "RF-RHABDO" not in fired_ids(assess(swollen_calf(3, 8, regions=("thigh_front:left",))))


def test_rf_rhabdo_swelling_branch_needs_it_worse_rising_or_new():
    same = log(2, sym("swelling", "calf", "left", 8))
    steady = swollen_calf(3, 8, same, course="same")
    rising = swollen_calf(3, 8, log(2, sym("swelling", "calf", "left", 7)), course="same")
    worse = swollen_calf(3, 8, same, course="worse")
    new = swollen_calf(3, 8, log(2, sym("ache", "calf", "left", 8)), course="same")
    assert "RF-RHABDO" not in fired_ids(assess(steady))
    assert "RF-RHABDO" in fired_ids(assess(rising))
    assert "RF-RHABDO" in fired_ids(assess(worse))
    assert "RF-RHABDO" in fired_ids(assess(new))


def test_rf_rhabdo_swelling_branch_counts_a_first_check_in_swelling_as_new():
    assert "RF-RHABDO" in fired_ids(assess(swollen_calf(2, 7, course="same")))


# --- RF-PROGRESSIVE ---------------------------------------------------------------------------


def test_rf_progressive_fires_on_its_code():
    entry = the(assess(case(log(1, flags=("weakness_worse_or_spreading",)))), "RF-PROGRESSIVE")
    assert entry["action"] == "GO_TO_ED_NOW"


@pytest.mark.parametrize(("gap", "fires"), [(7, True), (8, False)])
def test_rf_progressive_compares_logs_at_most_7_days_apart(gap, fires):
    result = assess(
        case(
            log(2, left={"arm_side_lift": "harder"}),
            log(2 + gap, left={"arm_side_lift": "cannot"}),
        )
    )
    assert ("RF-PROGRESSIVE" in fired_ids(result)) is fires


def test_rf_progressive_needs_weakness_in_the_previous_log():
    result = assess(
        case(log(2, left={"arm_side_lift": "easy"}), log(4, left={"arm_side_lift": "harder"}))
    )
    assert "RF-PROGRESSIVE" not in fired_ids(result)
    assert the(result, "PAT-PERSIST")["level"] == "SEE_DOCTOR_ASK_EMG"  # a new motor sign


def test_rf_progressive_counts_a_grade_worse_when_weakness_was_elsewhere():
    result = assess(
        case(
            log(2, left={"arm_side_lift": "easy", "grip_weak": True}),
            log(3, left={"arm_side_lift": "harder", "grip_weak": True}),
        )
    )
    assert "RF-PROGRESSIVE" in fired_ids(result)


def test_rf_progressive_ignores_not_tried_which_has_no_grade():
    result = assess(
        case(
            log(2, left={"arm_side_lift": "not_tried", "grip_weak": True}),
            log(3, left={"arm_side_lift": "cannot", "grip_weak": True}),
        )
    )
    assert "RF-PROGRESSIVE" not in fired_ids(result)


def test_rf_progressive_ignores_a_grade_that_got_better():
    result = assess(
        case(log(2, left={"foot_lift": "cannot"}), log(3, left={"foot_lift": "harder"}))
    )
    assert "RF-PROGRESSIVE" not in fired_ids(result)


@pytest.mark.parametrize(
    "last",
    [
        {"left": {"arm_side_lift": "harder"}, "right": {"grip_weak": True}},
        {"left": {"arm_side_lift": "harder", "foot_lift": "harder"}},
        {"left": {"arm_side_lift": "harder", "whole_limb_weak": True}},
    ],
)
def test_rf_progressive_fires_when_weakness_spreads_to_the_other_side_or_another_limb(last):
    result = assess(case(log(2, left={"arm_side_lift": "harder"}), log(4, **last)))
    assert "RF-PROGRESSIVE" in fired_ids(result)


def test_rf_progressive_does_not_fire_when_the_same_weakness_stays():
    result = assess(
        case(
            log(2, left={"arm_side_lift": "harder", "shoulder_lower": True}),
            log(4, left={"arm_side_lift": "harder", "blade_sticks_out": True}),
        )
    )
    assert "RF-PROGRESSIVE" not in fired_ids(result)


# --- RF-SYSTEMIC ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "symptoms"),
    [
        (("fever", "stiff_neck_all_over"), ()),
        (("fever", "vomiting_or_light_sensitivity"), (sym("headache", "head_back", "midline", 4),)),
        (("fever", "vomiting_or_light_sensitivity", "worst_ever_headache"), ()),
    ],
)
def test_rf_systemic_sends_fever_with_meningitis_signs_to_the_ed(flags, symptoms):
    entry = the(assess(case(log(1, *symptoms, flags=flags))), "RF-SYSTEMIC")
    assert (entry["level"], entry["action"]) == ("EMERGENCY_NOW", "GO_TO_ED_NOW")


def test_rf_systemic_fever_and_vomiting_without_a_headache_is_a_doctor_within_days():
    entry = the(
        assess(case(log(1, flags=("fever", "vomiting_or_light_sensitivity")))), "RF-SYSTEMIC"
    )
    assert (entry["level"], entry["sooner"], entry["action"]) == ("SEE_DOCTOR_DAYS", True, None)


@pytest.mark.parametrize("code", CODES["general"])
def test_rf_systemic_any_general_code_alone_is_a_doctor_within_1_to_2_days(code):
    result = assess(case(log(1, flags=(code,))))
    entry = the(result, "RF-SYSTEMIC")
    assert (entry["level"], entry["sooner"]) == ("SEE_DOCTOR_DAYS", True)
    assert result["sooner"] is True


@pytest.mark.parametrize("risk", ["cancer_history", "immunosuppressed"])
def test_rf_systemic_fires_on_a_risk_history_with_a_pain_symptom(risk):
    with_pain = assess(case(log(1, sym("ache", "low_back", "midline", 3)), risk={risk: True}))
    without = assess(case(log(1, sym("stiffness", "low_back", "midline")), risk={risk: True}))
    assert the(with_pain, "RF-SYSTEMIC")["level"] == "SEE_DOCTOR_DAYS"
    assert "RF-SYSTEMIC" not in fired_ids(without)


def test_rf_systemic_at_its_lower_level_still_blocks_soreness():
    soreness = log(1, sym("ache", "low_back", "midline", 3, pressed_or_moved_only=True))
    plain = assess(case(soreness, regions=("low_back:midline",), timing="within_24h"))
    flagged = assess(
        case(
            {**soreness, "red_flags": ["fever"]}, regions=("low_back:midline",), timing="within_24h"
        )
    )
    assert "PAT-SORENESS" in fired_ids(plain)
    assert "PAT-SORENESS" not in fired_ids(flagged)
