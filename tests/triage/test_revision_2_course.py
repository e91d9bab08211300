"""Revision 2, the course over weeks (spec/triage.md section 10, and 12.1-12.3, 12.13, 12.14):
red flags carried until a doctor has seen the person, doctor's visits, earlier reports, carried
movement answers, EMG done, the series, the limits and the output.

Each test is named after the contract item it shows and tests on both sides of its limits."""

import pytest

from tracker.triage import CaseError, assess, assess_or_series, assess_series, validate_case

from .cases import case, day, entries, fired_ids, log, sym, the

WRIST = {"wrist_finger_lift": "cannot"}


def outline(result):
    """What a level depends on: the level, action, sooner and every fired entry's own."""
    return (
        result["level"],
        result["action"],
        result["sooner"],
        sorted(
            (e["id"], e["side"] or "", e["level"], e["action"] or "", e["sooner"], e["confidence"])
            for e in result["fired"]
        ),
    )


def reported(code, on, last, *, as_of=None, **last_fields):
    """``code`` ticked on day ``on``; the last check-in, on day ``last``, ticks nothing."""
    return case(log(on, flags=(code,)), log(last, **last_fields), as_of=as_of)


# --- 10.1: red-flag questions cover the time since the previous check-in -------------------


def test_10_1_a_sign_ticked_at_an_earlier_check_in_counts_without_being_ticked_again():
    result = assess(reported("face_droop", 1, 2))
    entry = the(result, "RF-STROKE")
    assert (result["level"], result["action"]) == ("EMERGENCY_NOW", "CALL_EMERGENCY")
    assert "logs[-2].red_flags[0]=face_droop" in entry["evidence"]


def test_10_1_no_change_check_ins_without_flags_do_not_clear_an_earlier_sign():
    result = assess(
        case(
            log(1, flags=("fever",)),
            log(2, course="same"),
            log(3, course="same"),
        )
    )
    entry = the(result, "RF-SYSTEMIC")
    assert "logs[-3].red_flags[0]=fever" in entry["evidence"]
    assert "reported 2026-03-02, no doctor since" in entry["evidence"]


def test_10_1_the_first_check_in_covers_the_time_since_the_massage():
    result = assess(case(log(9, flags=("face_droop",))))
    assert (result["level"], result["action"]) == ("EMERGENCY_NOW", "CALL_EMERGENCY")
    assert result["reported_before"] == []


# --- 10.2: an earlier red flag counts until a doctor has seen the person --------------------


@pytest.mark.parametrize("days", [0, 1, 7])
def test_10_2_a_flag_counts_at_its_own_level_and_action_up_to_7_days(days):
    result = assess(case(log(1, flags=("face_droop",)), log(1 + days)))
    entry = the(result, "RF-STROKE")
    assert (entry["level"], entry["action"]) == ("EMERGENCY_NOW", "CALL_EMERGENCY")
    assert (result["level"], result["action"]) == ("EMERGENCY_NOW", "CALL_EMERGENCY")


@pytest.mark.parametrize("days", [8, 20, 28])
def test_10_2_a_flag_counts_as_see_doctor_days_with_sooner_from_8_to_28_days(days):
    result = assess(case(log(1, flags=("face_droop",)), log(1 + days)))
    entry = the(result, "RF-STROKE")
    assert (entry["level"], entry["action"], entry["sooner"]) == ("SEE_DOCTOR_DAYS", None, True)
    assert (result["level"], result["action"], result["sooner"]) == ("SEE_DOCTOR_DAYS", None, True)


@pytest.mark.parametrize("days", [29, 60])
def test_10_2_a_flag_reported_29_days_or_more_ago_no_longer_fires(days):
    result = assess(case(log(1, flags=("face_droop",)), log(1 + days)))
    assert "RF-STROKE" not in fired_ids(result)
    assert result["level"] == "NONE"


def test_10_2_a_flag_counts_at_its_own_level_for_7_days_then_as_see_doctor_days_with_sooner_until_28():  # noqa: E501
    levels = {
        days: assess(case(log(1, flags=("face_droop",)), log(1 + days)))["level"]
        for days in (7, 8, 28, 29)
    }
    assert levels == {
        7: "EMERGENCY_NOW",
        8: "SEE_DOCTOR_DAYS",
        28: "SEE_DOCTOR_DAYS",
        29: "NONE",
    }


@pytest.mark.parametrize(
    ("as_of", "level"), [(8, "EMERGENCY_NOW"), (9, "SEE_DOCTOR_DAYS"), (30, None)]
)
def test_10_2_the_days_count_to_as_of_not_to_the_last_check_in(as_of, level):
    result = assess(reported("face_droop", 1, 2, as_of=as_of))
    if level is None:
        assert "RF-STROKE" not in fired_ids(result)
    else:
        assert the(result, "RF-STROKE")["level"] == level


@pytest.mark.parametrize(("days", "level"), [(7, "EMERGENCY_NOW"), (8, "SEE_DOCTOR_DAYS")])
def test_10_2_a_go_to_ed_flag_keeps_its_action_for_7_days_only(days, level):
    result = assess(reported("saddle_numbness", 1, 1 + days))
    entry = the(result, "RF-CES")
    assert entry["level"] == level
    assert entry["action"] == ("GO_TO_ED_NOW" if level == "EMERGENCY_NOW" else None)
    assert result["action"] == entry["action"]


def test_10_2_a_carried_flag_names_its_log_from_the_end_and_says_no_doctor_since():
    result = assess(case(log(3, flags=("fever",)), log(4), log(5)))
    evidence = the(result, "RF-SYSTEMIC")["evidence"]
    assert "logs[-3].red_flags[0]=fever" in evidence
    assert "reported 2026-03-04, no doctor since" in evidence


def test_10_2_a_carried_flag_is_named_by_its_place_in_the_log():
    result = assess(case(log(3, flags=("urine_dark", "face_droop")), log(4)))
    assert "logs[-2].red_flags[1]=face_droop" in the(result, "RF-STROKE")["evidence"]


def test_10_2_structured_answers_that_fired_a_red_flag_are_not_carried():
    saddle = sym("numbness", "saddle_area", "midline")
    earlier = assess(case(log(1, saddle)))
    later = assess(case(log(1, saddle), log(2)))
    assert "RF-CES" in fired_ids(earlier)
    assert "RF-CES" not in fired_ids(later)


def test_10_2_a_sudden_dizziness_symptom_is_not_carried():
    dizzy = sym("dizziness", "head_back", "midline", sudden=True)
    assert "RF-STROKE" in fired_ids(assess(case(log(1, dizzy))))
    assert "RF-STROKE" not in fired_ids(assess(case(log(1, dizzy), log(2))))


def test_10_2_the_grade_change_of_rf_progressive_is_not_carried():
    worse = (log(1, left={"arm_side_lift": "harder"}), log(2, left={"arm_side_lift": "cannot"}))
    assert "RF-PROGRESSIVE" in fired_ids(assess(case(*worse)))
    assert "RF-PROGRESSIVE" not in fired_ids(
        assess(case(*worse, log(3, left={"arm_side_lift": "cannot"})))
    )


def test_10_2_the_swelling_branch_of_rf_rhabdo_is_not_carried():
    swollen = log(2, sym("swelling", "upper_arm_front", "left", 8), course="worse")
    regions = ("upper_arm_front:left",)
    assert "RF-RHABDO" in fired_ids(assess(case(swollen, regions=regions)))
    assert "RF-RHABDO" not in fired_ids(assess(case(swollen, log(3), regions=regions)))


def test_10_2_a_doctors_visit_after_the_flag_ends_it():
    result = assess(case(log(1, flags=("face_droop",)), log(2, seen_doctor=True), log(3)))
    assert "RF-STROKE" not in fired_ids(result)
    assert result["level"] == "NONE"


def test_10_2_a_doctors_visit_at_the_last_check_in_ends_it():
    result = assess(case(log(1, flags=("face_droop",)), log(3, seen_doctor=True)))
    assert "RF-STROKE" not in fired_ids(result)


def test_10_2_a_doctors_visit_in_a_later_check_in_of_the_same_day_ends_it():
    result = assess(case(log(1, flags=("face_droop",)), log(1, seen_doctor=True), log(3)))
    assert "RF-STROKE" not in fired_ids(result)


def test_10_2_a_doctors_visit_in_an_earlier_check_in_of_the_same_day_does_not_end_it():
    result = assess(case(log(1, seen_doctor=True), log(1, flags=("face_droop",)), log(3)))
    assert the(result, "RF-STROKE")["level"] == "EMERGENCY_NOW"


def test_10_2_a_flag_reported_again_after_a_doctors_visit_is_carried_again():
    result = assess(
        case(
            log(1, flags=("face_droop",)),
            log(2, seen_doctor=True),
            log(4, flags=("face_droop",)),
            log(5),
        )
    )
    evidence = the(result, "RF-STROKE")["evidence"]
    assert "logs[-2].red_flags[0]=face_droop" in evidence
    assert "reported 2026-03-05, no doctor since" in evidence
    assert "logs[-4].red_flags[0]=face_droop" not in evidence


def test_10_2_a_rule_fired_by_the_last_log_and_a_carried_report_gives_one_entry_with_both():
    result = assess(case(log(1, flags=("face_droop",)), log(3, flags=("face_droop",))))
    entry = the(result, "RF-STROKE")
    assert entry["level"] == "EMERGENCY_NOW"
    assert "logs[-1].red_flags[0]=face_droop" in entry["evidence"]
    assert "logs[-2].red_flags[0]=face_droop" in entry["evidence"]
    assert "reported 2026-03-02, no doctor since" in entry["evidence"]


def test_10_2_one_entry_at_the_higher_level_when_the_carried_report_is_higher():
    result = assess(case(log(1, flags=("fever", "stiff_neck_all_over")), log(3, flags=("fever",))))
    entry = the(result, "RF-SYSTEMIC")
    assert (entry["level"], entry["action"]) == ("EMERGENCY_NOW", "GO_TO_ED_NOW")
    assert "logs[-1].red_flags[0]=fever" in entry["evidence"]
    assert "logs[-2].red_flags[1]=stiff_neck_all_over" in entry["evidence"]


def test_10_2_one_entry_at_the_higher_level_when_the_last_log_is_higher():
    # fever 10 days ago alone counts as SEE_DOCTOR_DAYS; the last log's fever with a stiff
    # neck is an emergency of its own.
    result = assess(case(log(1, flags=("fever",)), log(11, flags=("fever", "stiff_neck_all_over"))))
    entry = the(result, "RF-SYSTEMIC")
    assert (entry["level"], entry["action"]) == ("EMERGENCY_NOW", "GO_TO_ED_NOW")
    assert "logs[-2].red_flags[0]=fever" in entry["evidence"]
    assert "logs[-1].red_flags[0]=fever" in entry["evidence"]


def test_10_2_the_last_logs_own_codes_fire_at_their_own_level_however_late_as_of_is():
    # 10.2's days apply to codes in a log before the last; the last log is judged (8.6).
    result = assess(case(log(1, flags=("face_droop",)), as_of=20))
    assert (the(result, "RF-STROKE")["level"], result["action"]) == (
        "EMERGENCY_NOW",
        "CALL_EMERGENCY",
    )
    assert result["reported_before"] == []


# --- 10.3: a doctor's visit ---------------------------------------------------------------


def test_10_3_seen_doctor_on_is_null_without_a_visit():
    assert assess(case(log(1, flags=("fever",)), log(3)))["seen_doctor_on"] is None


def test_10_3_seen_doctor_on_is_the_latest_log_date_with_a_visit():
    result = assess(
        case(log(1, seen_doctor=True), log(3, seen_doctor=True), log(5, seen_doctor=False), log(6))
    )
    assert result["seen_doctor_on"] == day(3)


def test_10_3_seen_doctor_on_reads_the_last_log_too_and_not_as_of():
    result = assess(case(log(1), log(4, seen_doctor=True), as_of=10))
    assert result["seen_doctor_on"] == day(4)


def san_case(*earlier, **last_fields):
    last = log(
        5,
        sym("ache", "shoulder_top", "left", 3),
        left={"arm_side_lift": "cannot", "shoulder_lower": True},
        **last_fields,
    )
    return case(*earlier, last, regions=("neck_side:left",))


def test_10_3_a_doctors_visit_changes_no_level_of_the_last_log():
    without = assess(san_case())
    seen = assess(san_case(seen_doctor=True))
    assert without["level"] == "SEE_DOCTOR_ASK_EMG"
    assert outline(seen) == outline(without)
    assert seen["emg_timing"] == without["emg_timing"]
    assert (without["seen_doctor_on"], seen["seen_doctor_on"]) == (None, day(5))


def test_10_3_a_doctors_visit_does_not_lower_a_sign_in_the_same_check_in():
    result = assess(case(log(2, flags=("face_droop",), seen_doctor=True)))
    assert (result["level"], result["action"]) == ("EMERGENCY_NOW", "CALL_EMERGENCY")
    assert result["seen_doctor_on"] == day(2)


# --- 10.4: reported before ----------------------------------------------------------------


def test_10_4_reported_before_is_empty_with_a_single_log_even_with_flags():
    assert assess(case(log(1, flags=("fever",))))["reported_before"] == []


def test_10_4_reported_before_names_a_code_its_date_and_no_doctor_since():
    result = assess(reported("fever", 1, 3))
    assert result["reported_before"] == [
        {"code": "fever", "date": day(1), "seen_doctor_since": False}
    ]


def test_10_4_reported_before_leaves_out_the_last_logs_own_codes():
    result = assess(case(log(1, flags=("fever",)), log(2, flags=("urine_dark",))))
    assert [e["code"] for e in result["reported_before"]] == ["fever"]


@pytest.mark.parametrize(("days", "listed"), [(28, True), (29, False)])
def test_10_4_reported_before_takes_codes_within_28_days_of_as_of(days, listed):
    by_log = assess(reported("fever", 1, 1 + days))
    by_as_of = assess(reported("fever", 1, 2, as_of=1 + days))
    expected = [{"code": "fever", "date": day(1), "seen_doctor_since": False}] if listed else []
    assert by_log["reported_before"] == expected
    assert by_as_of["reported_before"] == expected


def test_10_4_reported_before_takes_the_latest_report_of_each_code():
    result = assess(case(log(1, flags=("fever",)), log(5, flags=("fever",)), log(8)))
    assert result["reported_before"] == [
        {"code": "fever", "date": day(5), "seen_doctor_since": False}
    ]


def test_10_4_seen_doctor_since_is_true_after_a_later_visit():
    result = assess(case(log(1, flags=("face_droop",)), log(3, seen_doctor=True)))
    assert result["reported_before"] == [
        {"code": "face_droop", "date": day(1), "seen_doctor_since": True}
    ]
    assert result["seen_doctor_on"] == day(3)


def test_10_4_and_12_2_seen_doctor_since_is_false_for_a_visit_in_the_reporting_log():
    result = assess(case(log(1, flags=("face_droop",), seen_doctor=True), log(3)))
    assert result["reported_before"] == [
        {"code": "face_droop", "date": day(1), "seen_doctor_since": False}
    ]


def test_10_4_a_visit_before_a_later_report_does_not_cover_it():
    result = assess(
        case(log(1, flags=("fever",)), log(2, seen_doctor=True), log(4, flags=("fever",)), log(5))
    )
    assert result["reported_before"] == [
        {"code": "fever", "date": day(4), "seen_doctor_since": False}
    ]


# --- 12.13: the order of reported_before --------------------------------------------------


def test_12_13_reported_before_is_ordered_by_date_then_log_then_code():
    result = assess(
        case(
            log(1, flags=("vomiting_or_light_sensitivity", "fever")),
            log(3, flags=("unexplained_weight_loss", "fever")),
            log(3, flags=("night_pain_not_eased_by_rest", "stiff_neck_all_over"), seen_doctor=True),
            log(5, flags=("urine_dark",)),
        )
    )
    assert result["reported_before"] == [
        {"code": "vomiting_or_light_sensitivity", "date": day(1), "seen_doctor_since": True},
        {"code": "unexplained_weight_loss", "date": day(3), "seen_doctor_since": True},
        {"code": "fever", "date": day(3), "seen_doctor_since": True},
        {"code": "night_pain_not_eased_by_rest", "date": day(3), "seen_doctor_since": False},
        {"code": "stiff_neck_all_over", "date": day(3), "seen_doctor_since": False},
    ]


# --- 12.1: carried codes combine ----------------------------------------------------------


def test_12_1_codes_from_different_check_ins_combine():
    result = assess(case(log(1, flags=("fever",)), log(3, flags=("stiff_neck_all_over",)), log(4)))
    entry = the(result, "RF-SYSTEMIC")
    assert (entry["level"], entry["action"]) == ("EMERGENCY_NOW", "GO_TO_ED_NOW")
    assert "logs[-3].red_flags[0]=fever" in entry["evidence"]
    assert "logs[-2].red_flags[0]=stiff_neck_all_over" in entry["evidence"]


@pytest.mark.parametrize(
    ("days", "level", "action"),
    [(7, "EMERGENCY_NOW", "GO_TO_ED_NOW"), (8, "SEE_DOCTOR_DAYS", None)],
)
def test_12_1_a_rule_that_fires_only_thanks_to_a_code_8_to_28_days_old_is_see_doctor_days(
    days, level, action
):
    result = assess(case(log(1, flags=("fever",)), log(1 + days, flags=("stiff_neck_all_over",))))
    entry = the(result, "RF-SYSTEMIC")
    assert (entry["level"], entry["action"]) == (level, action)
    if level == "SEE_DOCTOR_DAYS":
        assert entry["sooner"] is True
        assert result["level"] == "SEE_DOCTOR_DAYS"


def test_12_1_a_carried_code_takes_its_symptoms_from_the_reporting_log():
    result = assess(
        case(log(1, sym("ache", "thigh_front", "left", 5), flags=("urine_dark",)), log(2))
    )
    assert the(result, "RF-RHABDO")["level"] == "EMERGENCY_NOW"


def test_12_1_a_carried_code_takes_its_symptoms_from_the_last_log():
    result = assess(
        case(log(1, flags=("urine_dark",)), log(2, sym("ache", "thigh_front", "left", 5)))
    )
    entry = the(result, "RF-RHABDO")
    assert entry["level"] == "EMERGENCY_NOW"
    assert "logs[-2].red_flags[0]=urine_dark" in entry["evidence"]


def test_12_1_a_carried_code_takes_a_carried_weak_answer_of_the_last_log():
    result = assess(case(log(1, flags=("urine_dark",)), log(2, left={"grip_weak": True}), log(3)))
    assert the(result, "RF-RHABDO")["level"] == "EMERGENCY_NOW"


def test_12_1_a_carried_code_does_not_take_symptoms_of_a_log_in_between():
    result = assess(
        case(log(1, flags=("urine_dark",)), log(2, sym("ache", "thigh_front", "left", 5)), log(3))
    )
    assert "RF-RHABDO" not in fired_ids(result)
    assert result["level"] == "MONITOR_SELF_CARE"


def test_12_1_a_headache_symptom_beside_a_carried_fever_in_its_reporting_log_counts():
    result = assess(
        case(
            log(1, sym("headache", "head_back", "midline", 3), flags=("fever",)),
            log(3, flags=("vomiting_or_light_sensitivity",)),
        )
    )
    entry = the(result, "RF-SYSTEMIC")
    assert (entry["level"], entry["action"]) == ("EMERGENCY_NOW", "GO_TO_ED_NOW")


def test_12_1_a_headache_symptom_in_a_log_in_between_does_not_count():
    result = assess(
        case(
            log(1, flags=("fever",)),
            log(2, sym("headache", "head_back", "midline", 3)),
            log(3, flags=("vomiting_or_light_sensitivity",)),
        )
    )
    entry = the(result, "RF-SYSTEMIC")
    assert (entry["level"], entry["sooner"]) == ("SEE_DOCTOR_DAYS", True)


def bruise():
    return sym("bruising", "calf", "left")


def test_12_1_a_carried_code_that_fires_no_rule_still_blocks_soreness():
    regions = ("calf:left",)
    plain = assess(case(log(0), log(1, bruise()), regions=regions, timing="within_24h"))
    flagged = assess(
        case(log(0, flags=("urine_dark",)), log(1, bruise()), regions=regions, timing="within_24h")
    )
    assert "PAT-SORENESS" in fired_ids(plain)
    assert "PAT-SORENESS" not in fired_ids(flagged)
    assert "RF-RHABDO" not in fired_ids(flagged)
    assert flagged["level"] == "MONITOR_SELF_CARE"


def test_12_1_a_carried_code_that_fires_no_rule_keeps_the_level_at_self_care():
    result = assess(case(log(1, flags=("urine_much_less",)), log(2)))
    assert result["fired"] == []
    assert result["level"] == "MONITOR_SELF_CARE"


def test_12_1_a_code_no_longer_in_force_does_not_keep_the_level():
    result = assess(case(log(1, flags=("urine_much_less",)), log(30)))
    assert result["level"] == "NONE"


@pytest.mark.parametrize(
    ("days", "level"), [(7, "EMERGENCY_NOW"), (8, "SEE_DOCTOR_DAYS"), (28, "SEE_DOCTOR_DAYS")]
)
def test_12_1_rf_rhabdo_from_a_carried_code_and_its_reporting_logs_symptom_at_7_8_and_28_days(
    days, level
):
    result = assess(
        case(log(1, sym("ache", "thigh_front", "left", 5), flags=("urine_dark",)), log(1 + days))
    )
    entry = the(result, "RF-RHABDO")
    assert entry["level"] == level
    if level == "SEE_DOCTOR_DAYS":
        assert (entry["sooner"], entry["action"]) == (True, None)


def test_12_1_a_code_in_the_last_log_that_fires_no_rule_blocks_soreness_too():
    regions = ("calf:left",)
    flagged = assess(
        case(log(1, bruise(), flags=("urine_dark",)), regions=regions, timing="within_24h")
    )
    assert "PAT-SORENESS" not in fired_ids(flagged)
    assert flagged["level"] == "MONITOR_SELF_CARE"


# --- 12.2: the doctor's visit must come after the report -----------------------------------


def test_12_2_a_visit_on_the_same_log_as_the_code_does_not_end_its_carrying():
    result = assess(case(log(1, flags=("face_droop",), seen_doctor=True), log(3)))
    entry = the(result, "RF-STROKE")
    assert (entry["level"], entry["action"]) == ("EMERGENCY_NOW", "CALL_EMERGENCY")
    assert "reported 2026-03-02, no doctor since" in entry["evidence"]


def test_12_2_a_visit_on_the_same_log_still_counts_8_days_on_as_see_doctor_days():
    result = assess(case(log(1, flags=("face_droop",), seen_doctor=True), log(9)))
    entry = the(result, "RF-STROKE")
    assert (entry["level"], entry["sooner"]) == ("SEE_DOCTOR_DAYS", True)


# --- 10.5: skipped movement answers carry forward -----------------------------------------


@pytest.mark.parametrize(("days", "carried"), [(13, True), (14, True), (15, False)])
def test_10_5_a_skipped_answer_is_carried_at_14_days_not_at_15(days, carried):
    result = assess(case(log(1, left=WRIST), log(1 + days)))
    if carried:
        entry = the(result, "PAT-PERIPHERAL", "left")
        assert entry["level"] == "SEE_DOCTOR_ASK_EMG"
        assert "logs[-2].function.left.wrist_finger_lift=cannot" in entry["evidence"]
        assert "carried from 2026-03-02" in entry["evidence"]
        assert result["emg_timing"] is not None
    else:
        assert "PAT-PERIPHERAL" not in fired_ids(result)
        assert result["level"] == "NONE"


def test_10_5_a_carried_answer_names_its_source_log_from_the_end():
    result = assess(
        case(
            log(3, sym("ache", "shoulder_top", "left", 3), left={"arm_side_lift": "cannot"}),
            log(10, sym("ache", "shoulder_top", "left", 3)),
            log(17, sym("ache", "shoulder_top", "left", 3)),
            regions=("neck_side:left",),
        )
    )
    evidence = the(result, "PAT-SAN", "left")["evidence"]
    assert "logs[-3].function.left.arm_side_lift=cannot" in evidence
    assert "carried from 2026-03-04" in evidence


def test_10_5_the_14_days_count_to_the_logs_own_date_not_to_as_of():
    result = assess(case(log(1, left=WRIST), log(15), as_of=40))
    assert the(result, "PAT-PERIPHERAL", "left")["level"] == "SEE_DOCTOR_ASK_EMG"


def test_10_5_not_tried_takes_the_earlier_answer():
    result = assess(case(log(1, left=WRIST), log(3, left={"wrist_finger_lift": "not_tried"})))
    entry = the(result, "PAT-PERIPHERAL", "left")
    assert "logs[-2].function.left.wrist_finger_lift=cannot" in entry["evidence"]
    assert "carried from 2026-03-02" in entry["evidence"]


def test_10_5_the_latest_earlier_answer_is_carried():
    result = assess(
        case(
            log(1, left={"wrist_finger_lift": "cannot"}),
            log(5, left={"wrist_finger_lift": "harder"}),
            log(8),
        )
    )
    evidence = the(result, "PAT-PERIPHERAL", "left")["evidence"]
    assert "logs[-2].function.left.wrist_finger_lift=harder" in evidence
    assert "carried from 2026-03-06" in evidence
    assert "logs[-3].function.left.wrist_finger_lift=cannot" not in evidence


@pytest.mark.parametrize(
    "given", [{"wrist_finger_lift": "easy"}, {"grip_weak": False}], ids=["easy", "false"]
)
def test_10_5_an_answer_given_false_or_easy_included_is_never_replaced(given):
    field = next(iter(given))
    earlier = (
        {"wrist_finger_lift": "cannot"} if field == "wrist_finger_lift" else {"grip_weak": True}
    )
    result = assess(case(log(1, left=earlier), log(3, left=given)))
    assert "PAT-PERIPHERAL" not in fired_ids(result)
    assert result["level"] == "NONE"


def test_10_5_an_answer_is_carried_only_to_the_same_side():
    result = assess(case(log(1, left=WRIST), log(3)))
    assert entries(result, "PAT-PERIPHERAL", "left")
    assert not entries(result, "PAT-PERIPHERAL", "right")


# Per field: (the earlier log's answer on the left, the context both logs share, the rule it
# drives). The context makes the answer matter, so leaving it out changes the assessment.
CARRIED_FIELDS = [
    ("arm_side_lift", "cannot", {"right": {"arm_side_lift": "cannot"}}),
    ("arm_forward_overhead", "cannot", {"right": {"arm_forward_overhead": "cannot"}}),
    ("wrist_finger_lift", "cannot", {}),
    ("foot_lift", "cannot", {}),
    ("grip_weak", True, {}),
    ("whole_limb_weak", True, {}),
    ("shrug_weaker", True, {"symptoms": [sym("ache", "shoulder_top", "left", 3)]}),
    ("shoulder_lower", True, {"symptoms": [sym("ache", "shoulder_top", "left", 3)]}),
    ("blade_sticks_out", True, {}),
    ("blade_visible_when", "pushing_or_reaching_forward", {"left": {"blade_sticks_out": True}}),
    (
        "neck_shoulder_line_flatter",
        True,
        {
            "symptoms": [sym("ache", "shoulder_top", "left", 3)],
            "left": {"shoulder_lower": True},
        },
    ),
]


def with_field(context, field, value):
    """A check-in's fields: the context, plus ``field: value`` on the left when given."""
    fields = {key: dict(val) if isinstance(val, dict) else val for key, val in context.items()}
    symptoms = fields.pop("symptoms", [])
    if value is not None:
        fields["left"] = {**fields.get("left", {}), field: value}
    return symptoms, fields


def field_case(field, value, context, *, last_day=5, earlier=True, last=False):
    """Two check-ins sharing ``context``; ``field: value`` given in the earlier and/or last."""
    sym_e, fields_e = with_field(context, field, value if earlier else None)
    sym_l, fields_l = with_field(context, field, value if last else None)
    return case(
        log(1, *sym_e, **fields_e),
        log(last_day, *sym_l, **fields_l),
        regions=("neck_side:left",),
    )


@pytest.mark.parametrize(
    ("field", "value", "context"), CARRIED_FIELDS, ids=[f[0] for f in CARRIED_FIELDS]
)
def test_10_5_every_movement_field_is_carried_like_an_answer_given(field, value, context):
    given = assess(field_case(field, value, context, last=True))
    neither = assess(field_case(field, value, context, earlier=False))
    carried = assess(field_case(field, value, context))
    # The answer matters here: given, it changes the assessment.
    assert outline(given) != outline(neither)
    assert outline(carried) == outline(given)
    carried_evidence = [item for e in carried["fired"] for item in e["evidence"]]
    assert "carried from 2026-03-02" in carried_evidence
    assert any(item.startswith(f"logs[-2].function.left.{field}=") for item in carried_evidence)


@pytest.mark.parametrize(
    ("field", "value", "context"), CARRIED_FIELDS, ids=[f[0] for f in CARRIED_FIELDS]
)
def test_10_5_no_movement_field_is_carried_from_15_days_before(field, value, context):
    late = assess(field_case(field, value, context, last_day=16))
    late_neither = assess(field_case(field, value, context, last_day=16, earlier=False))
    late_given = assess(field_case(field, value, context, last_day=16, last=True))
    given_evidence = [item for e in late_given["fired"] for item in e["evidence"]]
    late_evidence = [item for e in late["fired"] for item in e["evidence"]]
    # Given on the last day, the answer drives a rule; given 15 days before, it drives none.
    assert any(item.startswith(f"logs[-1].function.left.{field}=") for item in given_evidence)
    assert outline(late) == outline(late_neither)
    assert not any(f".left.{field}=" in item for item in late_evidence)
    assert not any("carried from" in item for item in late_evidence)


def test_10_5_weakness_type_is_carried():
    # 11.9's exemption reads weakness_type: carried pain_stops_me keeps it, as if given.
    arms = {"left": {"arm_side_lift": "harder"}, "right": {"arm_side_lift": "harder"}}
    regions = ("shoulder_top:left", "shoulder_top:right")
    first = log(1, **arms, weakness_type="pain_stops_me")
    carried = assess(case(first, log(2, **arms), regions=regions))
    given = assess(case(first, log(2, **arms, weakness_type="pain_stops_me"), regions=regions))
    left_out = assess(case(log(1, **arms), log(2, **arms), regions=regions))
    assert "RF-CORD" in fired_ids(left_out)
    assert "RF-CORD" not in fired_ids(given)
    assert "RF-CORD" not in fired_ids(carried)


def test_10_5_limb_swollen_is_not_carried():
    swollen = log(1, left={"limb_swollen": True, "limb_swollen_with": ["warm", "tender"]})
    assert "RF-DVT" in fired_ids(assess(case(swollen)))
    later = assess(case(swollen, log(2, sym("tenderness", "calf", "left", 2))))
    assert "RF-DVT" not in fired_ids(later)


def test_10_5_limb_swollen_with_is_not_carried():
    result = assess(
        case(
            log(1, left={"limb_swollen": True, "limb_swollen_with": ["warm"]}),
            log(2, left={"limb_swollen": True}),
        )
    )
    assert "RF-DVT" not in fired_ids(result)


def test_10_5_symptoms_are_not_carried():
    result = assess(case(log(1, sym("numbness", "hand_palm", "left")), log(2)))
    assert result["level"] == "NONE"
    assert result["fired"] == []


def test_10_5_a_carried_answer_is_no_change_of_grade():
    result = assess(
        case(
            log(1, left={"arm_side_lift": "harder"}),
            log(3),
            log(5, left={"arm_side_lift": "harder"}),
        )
    )
    assert "RF-PROGRESSIVE" not in fired_ids(result)


def test_10_5_a_carried_answer_is_no_new_sign():
    # The answer given on day 1 is no new sign on day 3 (carried) or day 5 (given again): a
    # new sign would be worsening from day 3, and PAT-PERSIST would fire.
    sore = sym("ache", "mid_back", "midline", 2)
    result = assess(
        case(
            log(1, sore, left={"shoulder_lower": True}),
            log(3, sore),
            log(5, sore, left={"shoulder_lower": True}),
            regions=("mid_back:midline",),
        )
    )
    assert "PAT-PERSIST" not in fired_ids(result)


def test_10_5_the_previous_log_is_read_as_of_its_own_date():
    # Day 15 carries day 1's `harder` (14 days); day 17 is 16 days from day 1, yet its
    # previous log (day 15) had weakness, and `cannot` is a grade worse two days later.
    result = assess(
        case(
            log(1, left={"arm_side_lift": "harder"}),
            log(15),
            log(17, left={"arm_side_lift": "cannot"}),
        )
    )
    assert the(result, "RF-PROGRESSIVE")["level"] == "EMERGENCY_NOW"


def test_10_5_every_rule_reads_carried_views_even_a_red_flag_from_answers():
    both = {"left": {"whole_limb_weak": True}, "right": {"whole_limb_weak": True}}
    result = assess(case(log(1, **both), log(2)))
    assert the(result, "RF-CORD")["level"] == "EMERGENCY_NOW"
    assert "RF-CORD" not in fired_ids(assess(case(log(1, **both), log(16))))


def test_10_5_a_carried_whole_weak_limb_with_a_sudden_symptom_on_that_side_is_rf_stroke():
    result = assess(
        case(
            log(1, left={"whole_limb_weak": True}),
            log(2, sym("numbness", "hand_palm", "left", sudden=True)),
        )
    )
    assert the(result, "RF-STROKE")["action"] == "CALL_EMERGENCY"


@pytest.mark.parametrize(("days", "carried"), [(2, True), (14, True), (15, False)])
def test_10_5_a_carried_abnormal_answer_alone_keeps_the_level_above_none(days, carried):
    result = assess(case(log(1, left={"arm_forward_overhead": "harder"}), log(1 + days)))
    assert (result["level"] != "NONE") is carried
    # From day 7 the carried answer is also "not clearly better" (12.11): PAT-PERSIST.
    assert ("PAT-PERSIST" in fired_ids(result)) is (carried and days >= 7)


# --- 12.3: carried answers come from given answers only ------------------------------------


def test_12_3_a_carried_answer_is_never_carried_on():
    logs = (log(5, left=WRIST), log(10), log(20))
    assert the(assess(case(*logs[:2])), "PAT-PERIPHERAL", "left")
    result = assess(case(*logs))
    assert "PAT-PERIPHERAL" not in fired_ids(result)
    assert result["level"] == "NONE"


@pytest.mark.parametrize("skipped", ["not_tried", None], ids=["not_tried", "null"])
def test_12_3_not_tried_or_null_is_no_source_and_the_answer_before_it_is_carried(skipped):
    result = assess(case(log(1, left=WRIST), log(3, left={"wrist_finger_lift": skipped}), log(10)))
    evidence = the(result, "PAT-PERIPHERAL", "left")["evidence"]
    assert "logs[-3].function.left.wrist_finger_lift=cannot" in evidence
    assert "carried from 2026-03-02" in evidence


# --- 10.6: EMG done -----------------------------------------------------------------------


def emg_case(days, *, emg=False, improving=False, emg_on_last=False):
    earlier = log(days - 5, sym("ache", "forearm_thumb_side", "left", 4), left=WRIST)
    if emg and not emg_on_last:
        earlier["emg_done"] = True
    last = log(
        days,
        sym("ache", "forearm_thumb_side", "left", 2 if improving else 4),
        left=WRIST,
        course="better" if improving else "same",
    )
    if emg and emg_on_last:
        last["emg_done"] = True
    return case(earlier, last, regions=("upper_arm_outer:left",))


@pytest.mark.parametrize(
    ("days", "emg", "improving", "timing"),
    [
        (20, True, False, "before_window"),
        (20, True, True, "before_window"),
        (21, False, False, "in_window"),
        (21, False, True, "in_window"),
        (21, True, False, "done"),
        (21, True, True, "improving"),
        (89, False, True, "in_window"),
        (89, True, False, "done"),
        (89, True, True, "improving"),
        (90, False, False, "specialist_question"),
        (90, True, False, "specialist_question"),
        (90, False, True, "improving"),
        (90, True, True, "improving"),
    ],
)
def test_10_6_emg_timing_in_its_order_with_done_last(days, emg, improving, timing):
    result = assess(emg_case(days, emg=emg, improving=improving))
    assert the(result, "PAT-PERIPHERAL", "left")["level"] == "SEE_DOCTOR_ASK_EMG"
    assert result["emg_timing"] == timing


def test_10_6_an_emg_done_in_the_last_log_counts_too():
    assert assess(emg_case(30, emg=True, emg_on_last=True))["emg_timing"] == "done"


def test_10_6_done_comes_with_the_advice_to_go_over_the_result_with_the_doctor():
    done = assess(emg_case(30, emg=True))
    in_window = assess(emg_case(30))
    assert "go over the result" in the(done, "PAT-PERIPHERAL", "left")["advice"]
    assert "go over the result" not in the(in_window, "PAT-PERIPHERAL", "left")["advice"]


# --- 10.7: a series in one pass -----------------------------------------------------------


def series_case(**extra):
    return case(
        log(1, sym("ache", "shoulder_top", "left", 5), left={"arm_side_lift": "cannot"}),
        log(2, flags=("fever",)),
        log(2, sym("ache", "shoulder_top", "left", 6), course="worse"),
        log(4, seen_doctor=True),
        log(9, sym("numbness", "hand_palm", "left"), flags=("face_droop",)),
        log(12, left={"arm_side_lift": "not_tried", "shoulder_lower": True}),
        log(30, sym("ache", "shoulder_top", "left", 3), emg_done=True, course="better"),
        log(31, left={"limb_swollen": True, "limb_swollen_with": ["warm"]}),
        log(95, sym("ache", "shoulder_top", "left", 3), left={"arm_side_lift": "harder"}),
        regions=("neck_side:left", "shoulder_top:left"),
        **extra,
    )


def prefix(data, n):
    return {**data, "logs": data["logs"][:n]}


def test_10_7_the_series_equals_assess_on_each_prefix_field_for_field():
    data = series_case()
    series = assess_series(data)
    assert len(series) == len(data["logs"])
    for n, result in enumerate(series, start=1):
        assert result == assess(prefix(data, n)), f"prefix of {n} logs"
        assert result["as_of"] == data["logs"][n - 1]["date"]


def test_10_7_the_series_leaves_as_of_out():
    with_as_of = series_case(as_of=200)
    assert assess_series(with_as_of) == assess_series(series_case())
    assert assess_series(with_as_of)[-1] != assess(with_as_of)


def test_10_7_the_series_carries_flags_and_answers_as_each_prefix_does():
    series = assess_series(case(log(1, left=WRIST, flags=("fever",)), log(3), log(20)))
    assert [r["level"] for r in series] == [
        "SEE_DOCTOR_ASK_EMG",
        "SEE_DOCTOR_ASK_EMG",
        "SEE_DOCTOR_DAYS",
    ]
    assert "carried from 2026-03-02" in the(series[1], "PAT-PERIPHERAL", "left")["evidence"]
    assert "PAT-PERIPHERAL" not in fired_ids(series[2])


def long_case(n):
    logs = []
    for i in range(n):
        entry = log(
            i // 2,
            sym("ache", "shoulder_top", "left", 2 + i % 5),
            left={"arm_side_lift": "harder"} if i % 3 == 0 else {},
            flags=("fever",) if i % 7 == 0 else (),
            seen_doctor=i % 11 == 0,
        )
        logs.append(entry)
    return case(*logs, regions=("neck_side:left",))


class _Counting:
    """Counts how often the engine reads a log into a view and judges a prefix: the work of a
    series, pinned as steps rather than seconds (times belong in ``make bench``)."""

    def __init__(self, monkeypatch):
        from tracker.triage.context import Context
        from tracker.triage.logview import LogView

        self.views = self.contexts = 0
        view, context = LogView.__init__, Context.__init__

        def counted_view(*args, **kwargs):
            self.views += 1
            view(*args, **kwargs)

        def counted_context(*args, **kwargs):
            self.contexts += 1
            context(*args, **kwargs)

        monkeypatch.setattr(LogView, "__init__", counted_view)
        monkeypatch.setattr(Context, "__init__", counted_context)


@pytest.mark.parametrize("n", [250, 1095])
def test_10_7_the_series_reads_each_log_once_and_judges_each_prefix_once(monkeypatch, n):
    counting = _Counting(monkeypatch)
    series = assess_series(long_case(n))
    # One pass: a view per log and a judgement per prefix, never a prefix read again.
    assert len(series) == n
    assert (counting.views, counting.contexts) == (n, n)


def test_10_7_one_assessment_reads_each_log_once_and_judges_only_the_last(monkeypatch):
    counting = _Counting(monkeypatch)
    assess(long_case(1095))
    assert (counting.views, counting.contexts) == (1095, 1)


# --- 12.14: a series on the command line and the API, and invalid prefixes -----------------


def late_onset_case(**extra):
    return {
        **case(
            log(1, sym("tingling", "foot_top", "left")),
            log(2, sym("tingling", "foot_top", "left")),
            log(4, sym("tingling", "foot_top", "left"), left={"foot_lift": "harder"}),
            timing="1_to_7_days",
            onset_day=3,
        ),
        **extra,
    }


def test_12_14_a_prefix_that_ends_before_the_onset_date_gives_errors_in_its_place():
    data = late_onset_case()
    series = assess_series(data)
    assert len(series) == 3
    for invalid in series[:2]:
        assert list(invalid) == ["errors"]
        assert invalid["errors"]
        assert all(set(error) == {"path", "message"} for error in invalid["errors"])
    assert series[2] == assess(data)
    with pytest.raises(CaseError):
        assess(prefix(data, 2))


def test_12_14_series_true_is_the_top_level_key_that_asks_for_the_series():
    assert assess_or_series(late_onset_case(series=True)) == assess_series(late_onset_case())
    single = assess_or_series(late_onset_case())
    assert isinstance(single, dict)
    assert single == assess(late_onset_case())


def test_12_14_series_false_gives_the_single_assessment():
    assert assess_or_series(late_onset_case(series=False)) == assess(late_onset_case())


# --- 10.8: limits and the capped error list ------------------------------------------------


def errors_of(data):
    normalized, errors = validate_case(data)
    assert normalized is None
    return errors


def many_logs(n):
    return case(*[log(i // 2) for i in range(n)])


def test_10_8_a_case_holds_at_most_3660_logs():
    assert validate_case(many_logs(3660))[1] == []
    assert errors_of(many_logs(3661))
    with pytest.raises(CaseError):
        assess(many_logs(3661))


REGIONS = ("head_back", "head_side_temple", "face", "neck_back", "neck_side", "neck_front",
           "above_collarbone", "shoulder_top", "shoulder_front", "shoulder_outer",
           "shoulder_back", "shoulder_blade", "between_shoulder_blades", "armpit", "chest_side",
           "chest_front", "upper_arm_front", "upper_arm_back", "upper_arm_outer", "elbow",
           "forearm_thumb_side", "forearm_little_finger_side", "hand_back", "hand_palm",
           "finger_thumb", "finger_index", "finger_middle", "finger_ring", "finger_little",
           "mid_back", "low_back")  # fmt: skip


def symptoms(n):
    return [sym("ache", REGIONS[i % len(REGIONS)], ("left", "right")[i // 31], 2) for i in range(n)]


def test_10_8_a_log_holds_at_most_40_symptoms():
    assert validate_case(case(log(1, *symptoms(40))))[1] == []
    errors = errors_of(case(log(1, *symptoms(41))))
    assert any(e["path"].startswith("logs[0].symptoms") for e in errors)


def massage_regions(n):
    return [f"{REGIONS[i % len(REGIONS)]}:{('left', 'right')[i // 31]}" for i in range(n)]


def test_10_8_a_massage_holds_at_most_60_regions():
    assert validate_case(case(log(1), regions=massage_regions(60)))[1] == []
    errors = errors_of(case(log(1), regions=massage_regions(61)))
    assert any(e["path"].startswith("massage.regions") for e in errors)


TYPES = ["relaxation", "deep_tissue", "sports", "trigger_point", "thai", "shiatsu", "chair",
         "self_massage", "device", "neck_manipulation", "stretching_traction", "other"]  # fmt: skip
TECHNIQUES = ["palms", "thumbs_knuckles_points", "elbow_forearm", "tool_device"]
SWOLLEN_WITH = ["pain", "tender", "warm", "red"]
CODES = ["face_droop", "speech_trouble", "sudden_vision_change",
         "sudden_balance_loss_or_severe_dizziness", "one_side_face_arm_leg_weak_or_numb",
         "sudden_whole_arm_or_leg_weakness", "eyelid_droop_small_pupil",
         "new_hoarse_voice_or_swallowing_trouble", "confusion_or_fainting", "worst_ever_headache",
         "new_severe_one_sided_neck_or_head_pain", "both_arms_or_both_legs_weak_or_numb",
         "new_unsteady_walking", "new_clumsy_hands", "saddle_numbness",
         "genital_numbness_or_sexual_change", "bladder_control_change", "bowel_control_change",
         "breathlessness", "chest_pain_on_breathing", "coughing_blood", "urine_dark",
         "urine_much_less", "weakness_worse_or_spreading", "fever", "stiff_neck_all_over",
         "vomiting_or_light_sensitivity", "unexplained_weight_loss",
         "night_pain_not_eased_by_rest"]  # fmt: skip


def list_case(where, items):
    if where == "massage.types":
        return case(log(1), types=items)
    if where == "massage.techniques":
        return case(log(1), techniques=items)
    if where == "logs[0].red_flags":
        return case(log(1, flags=items))
    return case(log(1, left={"limb_swollen": True, "limb_swollen_with": items}))


@pytest.mark.parametrize(
    ("where", "vocabulary"),
    [
        ("massage.types", TYPES),
        ("massage.techniques", TECHNIQUES),
        ("logs[0].red_flags", CODES),
        ("logs[0].function.left.limb_swollen_with", SWOLLEN_WITH),
    ],
)
def test_10_8_a_list_field_holds_at_most_its_vocabularys_length(where, vocabulary):
    assert validate_case(list_case(where, list(vocabulary)))[1] == []
    errors = errors_of(list_case(where, [*vocabulary, vocabulary[0]]))
    assert any(e["path"].startswith(where) for e in errors)


def bad_courses(n):
    return case(*[log(1, course="sideways") for _ in range(n)])


def test_10_8_an_error_list_of_20_names_every_error():
    errors = errors_of(bad_courses(20))
    assert len(errors) == 20
    assert {e["path"] for e in errors} == {f"logs[{i}].course" for i in range(20)}


@pytest.mark.parametrize(("bad", "more"), [(21, 1), (25, 5), (300, 280)])
def test_10_8_an_error_list_names_20_errors_then_a_21st_entry_n_more_errors(bad, more):
    errors = errors_of(bad_courses(bad))
    assert len(errors) == 21
    assert all(e["path"].endswith(".course") for e in errors[:20])
    assert errors[20] == {"path": "", "message": f"{more} more errors"}
    with pytest.raises(CaseError) as raised:
        assess(bad_courses(bad))
    assert raised.value.errors == errors


# --- 10.9: output --------------------------------------------------------------------------


def test_10_9_engine_version_is_2_and_the_output_adds_seen_doctor_on_and_reported_before():
    result = assess(case(log(1, flags=("fever",)), log(2, seen_doctor=True)))
    assert result["engine_version"] == "2"
    assert result["seen_doctor_on"] == day(2)
    assert result["reported_before"] == [
        {"code": "fever", "date": day(1), "seen_doctor_since": True}
    ]


def test_10_9_every_assessment_of_a_series_is_version_2_with_the_new_fields():
    for result in assess_series(series_case()):
        assert result["engine_version"] == "2"
        assert "seen_doctor_on" in result
        assert isinstance(result["reported_before"], list)
