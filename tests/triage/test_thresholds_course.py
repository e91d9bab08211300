"""PAT-PERSIST, PAT-SORENESS and the trends they read (spec/triage.md 7.5, 7.8, 8.12, 8.13,
8.15): day 3, 7, pain 4, 6, 7, 48 hours, and left-out answers."""

import pytest

from tracker.triage import assess

from .cases import case, entries, fired_ids, log, sym, the

BACK = ("mid_back:midline",)


def ache(nprs, **flags):
    return sym("ache", "mid_back", "midline", nprs, **flags)


def sore(nprs):
    return ache(nprs, pressed_or_moved_only=True)


def back_case(*logs, timing="within_24h", **kwargs):
    return case(*logs, regions=BACK, timing=timing, **kwargs)


# --- PAT-PERSIST: worsening from day 3 --------------------------------------------------------


@pytest.mark.parametrize(("days", "fires"), [(2, False), (3, True)])
def test_pat_persist_fires_on_worsening_from_day_3(days, fires):
    result = assess(back_case(log(1, sore(3)), log(days, sore(4), course="worse")))
    assert bool(entries(result, "PAT-PERSIST")) is fires
    if fires:
        assert the(result, "PAT-PERSIST")["level"] == "SEE_DOCTOR_DAYS"
        assert "logs[-1].course=worse" in the(result, "PAT-PERSIST")["evidence"]


@pytest.mark.parametrize(("rise", "fires"), [(1, False), (2, True)])
def test_pat_persist_reads_a_pain_rise_of_2_as_worsening(rise, fires):
    result = assess(back_case(log(2, sore(3)), log(4, sore(3 + rise), course="same")))
    assert bool(entries(result, "PAT-PERSIST")) is fires
    if fires:
        assert f"pain rose 3→{3 + rise}" in the(result, "PAT-PERSIST")["evidence"]


def test_pat_persist_reads_a_new_sign_as_worsening():
    result = assess(
        back_case(log(2, sore(3)), log(4, sore(3), sym("numbness", "mid_back", "midline")))
    )
    evidence = the(result, "PAT-PERSIST")["evidence"]
    assert "logs[-1].symptoms[1].kind=numbness" in evidence
    assert any(item.startswith("new since the last check-in: numbness") for item in evidence)


def test_pat_persist_reads_a_worse_course_on_a_single_log():
    assert entries(assess(back_case(log(3, sore(3), course="worse"))), "PAT-PERSIST")


# --- PAT-PERSIST: lingering from day 7 --------------------------------------------------------


@pytest.mark.parametrize(("nprs", "fires"), [(3, False), (4, True)])
def test_pat_persist_fires_on_pain_4_at_day_7_even_while_improving(nprs, fires):
    result = assess(back_case(log(4, sore(nprs + 2)), log(7, sore(nprs), course="better")))
    assert bool(entries(result, "PAT-PERSIST")) is fires


@pytest.mark.parametrize(("days", "fires"), [(6, False), (7, True)])
def test_pat_persist_fires_when_not_clearly_better_from_day_7(days, fires):
    result = assess(back_case(log(2, sore(2)), log(days, sore(2), course="same")))
    assert bool(entries(result, "PAT-PERSIST")) is fires


def test_pat_persist_fires_on_a_single_log_at_day_7_which_is_never_improving():
    result = assess(back_case(log(7, sore(1), course="better")))
    assert "not clearly better" in the(result, "PAT-PERSIST")["evidence"]


def test_pat_persist_does_not_fire_at_day_7_with_nothing_reported():
    result = assess(back_case(log(7)))
    assert result["level"] == "NONE"
    assert result["fired"] == []


# --- PAT-PERSIST: severe pain and 48 hours ----------------------------------------------------


@pytest.mark.parametrize(("nprs", "fires"), [(6, False), (7, True)])
def test_pat_persist_fires_on_nprs_7_on_any_day(nprs, fires):
    result = assess(back_case(log(0, sore(nprs))))
    assert bool(entries(result, "PAT-PERSIST")) is fires
    if fires:
        assert the(result, "PAT-PERSIST")["sooner"] is False


@pytest.mark.parametrize(("days", "sooner"), [(1, False), (2, True)])
def test_pat_persist_sooner_at_48h_with_a_single_log(days, sooner):
    result = assess(back_case(log(days, ache(8, at_rest=True))))
    entry = the(result, "PAT-PERSIST")
    assert entry["sooner"] is sooner
    assert result["sooner"] is sooner


def test_pat_persist_is_not_sooner_when_the_severe_pain_is_not_at_rest():
    result = assess(back_case(log(5, sore(8))))
    assert the(result, "PAT-PERSIST")["sooner"] is False


@pytest.mark.parametrize(("first", "sooner"), [(3, False), (2, True)])
def test_pat_persist_sooner_when_severe_pain_was_in_every_log_from_2_days_before(first, sooner):
    result = assess(
        back_case(
            log(0, sore(2)),
            log(first, ache(7, at_rest=True)),
            log(4, ache(8, at_rest=True)),
            timing="during_massage",
        )
    )
    assert the(result, "PAT-PERSIST")["sooner"] is sooner


def test_12_11_the_48_hours_need_severe_pain_at_rest_in_each_log_of_the_run():
    moving_only = assess(back_case(log(1, ache(8)), log(4, ache(8, at_rest=True))))
    at_rest = assess(back_case(log(1, ache(8, at_rest=True)), log(4, ache(8, at_rest=True))))
    assert the(moving_only, "PAT-PERSIST")["sooner"] is False
    assert the(at_rest, "PAT-PERSIST")["sooner"] is True


def test_pat_persist_streak_is_broken_by_a_milder_log():
    result = assess(back_case(log(1, ache(8)), log(3, ache(5)), log(4, ache(8, at_rest=True))))
    assert the(result, "PAT-PERSIST")["sooner"] is False


def test_pat_persist_streak_over_every_log_falls_back_on_the_days_since_onset():
    result = assess(back_case(log(3, ache(8, at_rest=True)), log(4, ache(9, at_rest=True))))
    assert the(result, "PAT-PERSIST")["sooner"] is True


# --- PAT-PERSIST: new motor signs -------------------------------------------------------------


def test_pat_persist_asks_about_an_emg_for_a_motor_sign_absent_from_the_previous_log():
    result = assess(
        back_case(log(2, sore(4)), log(9, sore(2), left={"shoulder_lower": True}, course="better"))
    )
    entry = the(result, "PAT-PERSIST")
    assert entry["level"] == "SEE_DOCTOR_ASK_EMG"
    assert result["level"] == "SEE_DOCTOR_ASK_EMG"
    assert result["emg_timing"] == "before_window"


@pytest.mark.parametrize(
    ("timing", "fires"),
    [
        ("during_massage", False),
        ("within_24h", False),
        ("not_sure", False),
        ("1_to_7_days", True),
        ("over_7_days", True),
    ],
)
def test_pat_persist_counts_a_single_log_motor_sign_as_new_only_after_a_late_onset(timing, fires):
    result = assess(back_case(log(9, right={"foot_lift": "harder"}), timing=timing))
    found = [e for e in entries(result, "PAT-PERSIST") if e["level"] == "SEE_DOCTOR_ASK_EMG"]
    assert bool(found) is fires


def test_pat_persist_does_not_count_a_sign_already_in_the_previous_log_as_new():
    result = assess(
        back_case(log(4, left={"shoulder_lower": True}), log(5, left={"shoulder_lower": True}))
    )
    assert not entries(result, "PAT-PERSIST")


# --- Trends (8.13) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "improving"),
    [(3, 2, True), (3, 3, False), (5, 4, False), (5, 3, True), (6, 4, True)],
)
def test_improving_needs_pain_down_by_1_or_by_2_from_5(before, after, improving):
    # From day 4 to 7 soreness fires only while improving (and before PAT-PERSIST's day 7).
    result = assess(back_case(log(3, sore(before)), log(6, sore(after), course="better")))
    assert ("PAT-SORENESS" in fired_ids(result)) is improving


def test_improving_needs_the_course_better():
    result = assess(back_case(log(4, sore(5)), log(6, sore(2), course="same")))
    assert "PAT-SORENESS" not in fired_ids(result)


def test_improving_without_ratings_goes_by_the_course_alone():
    no_rating = sym("stiffness", "mid_back", "midline")
    result = assess(back_case(log(4, no_rating), log(6, no_rating, course="better")))
    assert "PAT-SORENESS" in fired_ids(result)


# --- PAT-SORENESS -----------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "fires"), [(3, True), (4, False)])
def test_pat_soreness_ends_after_day_3_unless_improving(days, fires):
    result = assess(back_case(log(days, sore(3), course="same")))
    assert ("PAT-SORENESS" in fired_ids(result)) is fires
    assert result["level"] == "MONITOR_SELF_CARE"  # 7.7: symptoms, no rule: still self-care


@pytest.mark.parametrize(("days", "fires"), [(7, True), (8, False)])
def test_pat_soreness_lasts_to_day_7_while_improving(days, fires):
    result = assess(back_case(log(days - 2, sore(3)), log(days, sore(2), course="better")))
    assert ("PAT-SORENESS" in fired_ids(result)) is fires


@pytest.mark.parametrize(("nprs", "fires"), [(6, True), (7, False)])
def test_pat_soreness_allows_pain_up_to_6(nprs, fires):
    result = assess(back_case(log(1, sore(nprs))))
    assert ("PAT-SORENESS" in fired_ids(result)) is fires


@pytest.mark.parametrize(
    "symptom",
    [
        ache(3),  # an ache needs pressed_or_moved_only (8.15)
        ache(3, pressed_or_moved_only=True, at_rest=True),
        sym("numbness", "mid_back", "midline"),
        sym("swelling", "mid_back", "midline", 2),
        sym("ache", "low_back", "midline", 3, pressed_or_moved_only=True),  # not massaged
    ],
)
def test_pat_soreness_is_excluded_by_each_of_its_exclusions(symptom):
    assert "PAT-SORENESS" not in fired_ids(assess(back_case(log(1, symptom))))


@pytest.mark.parametrize("kind", ["tenderness", "stiffness", "bruising"])
def test_pat_soreness_takes_tenderness_stiffness_and_bruising(kind):
    assert "PAT-SORENESS" in fired_ids(
        assess(back_case(log(1, sym(kind, "mid_back", "midline", 2))))
    )


@pytest.mark.parametrize(
    ("timing", "fires"),
    [("during_massage", True), ("within_24h", True), ("1_to_7_days", False), ("not_sure", False)],
)
def test_pat_soreness_needs_an_onset_during_or_within_24h_of_the_massage(timing, fires):
    result = assess(back_case(log(1, sore(3)), timing=timing))
    assert ("PAT-SORENESS" in fired_ids(result)) is fires


def test_pat_soreness_reads_a_left_out_onset_as_not_sure():
    data = back_case(log(1, sore(3)))
    del data["onset"]
    assert "PAT-SORENESS" not in fired_ids(assess(data))


def test_pat_soreness_tolerates_a_pain_limited_harder_lift_in_the_first_72_hours():
    answers = {"left": {"arm_forward_overhead": "harder"}}
    early = assess(back_case(log(2, sore(3), weakness_type="pain_stops_me", **answers)))
    late = assess(back_case(log(3, sore(3), weakness_type="pain_stops_me", **answers)))
    unsaid = assess(back_case(log(2, sore(3), **answers)))
    assert "PAT-SORENESS" in fired_ids(early)
    assert "PAT-SORENESS" not in fired_ids(late)
    assert "PAT-SORENESS" not in fired_ids(unsaid)


@pytest.mark.parametrize(
    "answers",
    [
        {"arm_side_lift": "great_effort"},
        {"foot_lift": "harder"},
        {"shoulder_lower": True},
        {"blade_sticks_out": True},
        {"limb_swollen_with": ["warm"]},
    ],
)
def test_pat_soreness_is_excluded_by_an_abnormal_answer(answers):
    result = assess(back_case(log(1, sore(3), left=answers, weakness_type="pain_stops_me")))
    assert "PAT-SORENESS" not in fired_ids(result)


def test_pat_soreness_reads_left_out_and_easy_movement_answers_as_normal():
    result = assess(
        back_case(log(1, sore(3), left={"arm_side_lift": "easy"}, right={"foot_lift": "not_tried"}))
    )
    assert "PAT-SORENESS" in fired_ids(result)


def test_pat_soreness_is_blocked_by_any_red_flag_code():
    result = assess(back_case(log(1, sore(3), flags=("night_pain_not_eased_by_rest",))))
    assert "PAT-SORENESS" not in fired_ids(result)


def test_pat_soreness_matches_a_midline_massage_with_a_side_entry_of_the_same_region():
    result = assess(
        case(
            log(1, sym("ache", "neck_back", "left", 2, pressed_or_moved_only=True)),
            regions=("neck_back:midline",),
            timing="within_24h",
        )
    )
    assert "PAT-SORENESS" in fired_ids(result)


def test_pat_persist_keeps_the_48_hour_sooner_when_a_new_motor_sign_lifts_its_level():
    result = assess(
        back_case(
            log(1, ache(8, at_rest=True)),
            log(4, ache(8, at_rest=True), left={"grip_weak": True}),
        )
    )
    entry = the(result, "PAT-PERSIST")
    assert (entry["level"], entry["sooner"]) == ("SEE_DOCTOR_ASK_EMG", True)
    assert result["sooner"] is True
    assert entry["advice"].startswith("See a doctor within 1-2 days")
