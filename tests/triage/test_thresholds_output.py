"""The assessment around the rules: level, action, sooner, EMG timing, recheck date, order,
precedence and wording (spec/triage.md sections 2, 4, 7.1, 7.7, 7.9, 7.13, 8.14, 8.17, 8.18)."""

import itertools
import re

import pytest

from tracker.triage import assess
from tracker.triage import params as P
from tracker.triage.rules import RULE_IDS, Fired
from tracker.triage.texts import DISCLAIMER, EMG_TIMING_TEXTS, rule_texts

from .cases import VIGNETTES, case, entries, fired_ids, log, sym, the

SAN_SIGNS = {"arm_side_lift": "cannot", "shoulder_lower": True}


def san_at(days, *earlier, last_fields=None):
    last = log(days, sym("ache", "shoulder_top", "left", 3), left=SAN_SIGNS, **(last_fields or {}))
    return case(*earlier, last, regions=("neck_side:left",))


# --- Level ------------------------------------------------------------------------------------


def test_the_level_is_none_only_when_nothing_was_reported():
    result = assess(case(log(2, left={"arm_side_lift": "easy"}, course="better")))
    assert (result["level"], result["fired"], result["recheck_on"]) == ("NONE", [], None)
    assert result["safety_net"]


@pytest.mark.parametrize(
    "fields",
    [
        {"left": {"grip_weak": True}},
        {"right": {"arm_forward_overhead": "harder"}},
        {"left": {"limb_swollen": True}},
    ],
)
def test_an_abnormal_answer_alone_is_self_care_not_none(fields):
    # Judgement: these fire no rule on day 1, but a person who reports them is not "fine".
    result = assess(case(log(1, **fields)))
    assert result["level"] != "NONE"


def test_symptoms_that_fire_no_rule_are_self_care_with_a_recheck_in_three_days():
    result = assess(case(log(4, sym("itching", "calf", "left")), regions=("low_back:midline",)))
    assert (result["level"], result["fired"]) == ("MONITOR_SELF_CARE", [])
    assert result["recheck_on"] == "2026-03-08"
    assert result["safety_net"]


def test_the_level_is_the_highest_fired_and_fired_is_sorted_level_first():
    result = assess(san_at(5, last_fields={"red_flags": ["fever"]}))
    levels = [e["level"] for e in result["fired"]]
    assert result["level"] == "SEE_DOCTOR_ASK_EMG"
    order = ["EMERGENCY_NOW", "SEE_DOCTOR_ASK_EMG", "SEE_DOCTOR_DAYS", "MONITOR_SELF_CARE"]
    assert levels == sorted(levels, key=order.index)


def test_call_emergency_outranks_go_to_ed_now():
    result = assess(case(log(1, flags=("new_unsteady_walking", "face_droop"))))
    assert result["action"] == "CALL_EMERGENCY"
    assert result["fired"][0]["id"] == "RF-STROKE"


def test_sooner_comes_only_from_rules_at_the_case_level():
    # RF-SYSTEMIC is sooner at SEE_DOCTOR_DAYS, below PAT-SAN's level: the case is not sooner.
    result = assess(san_at(5, last_fields={"red_flags": ["fever"]}))
    assert the(result, "RF-SYSTEMIC")["sooner"] is True
    assert result["sooner"] is False


def test_as_of_may_be_later_than_the_last_log_and_days_count_from_it():
    data = case(log(2, sym("ache", "mid_back", "midline", 2)), regions=("mid_back:midline",))
    data["as_of"] = "2026-03-10"
    result = assess(data)
    assert (result["as_of"], result["d_onset"]) == ("2026-03-10", 9)


def test_the_onset_date_defaults_to_the_first_log_for_a_late_onset():
    data = case(log(4, sym("ache", "calf", "left", 2)), log(6), timing="1_to_7_days")
    assert assess(data)["d_onset"] == 2


# --- EMG timing (8.14) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "timing"),
    [(20, "before_window"), (21, "in_window"), (89, "in_window"), (90, "specialist_question")],
)
def test_emg_timing_follows_day_21_and_day_90(days, timing):
    assert assess(san_at(days))["emg_timing"] == timing


def test_emg_timing_is_improving_from_day_90_when_clearly_better():
    earlier = log(85, sym("ache", "shoulder_top", "left", 4), left=SAN_SIGNS)
    result = assess(san_at(90, earlier, last_fields={"course": "better"}))
    assert result["emg_timing"] == "improving"


def test_emg_timing_stays_before_the_window_even_when_improving():
    earlier = log(10, sym("ache", "shoulder_top", "left", 4), left=SAN_SIGNS)
    assert (
        assess(san_at(20, earlier, last_fields={"course": "better"}))["emg_timing"]
        == "before_window"
    )


def test_10_6_emg_timing_after_an_emg_in_the_window_is_improving_or_done():
    done = log(30, sym("ache", "shoulder_top", "left", 4), left=SAN_SIGNS, emg_done=True)
    better = assess(san_at(40, done, last_fields={"course": "better"}))
    same = assess(san_at(40, done, last_fields={"course": "same"}))
    assert better["emg_timing"] == "improving"
    assert same["emg_timing"] == "done"
    san = the(same, "PAT-SAN", "left")
    assert "go over the result with your doctor" in san["advice"]


def test_emg_timing_is_null_without_a_nerve_pattern():
    assert assess(case(log(3, sym("ache", "mid_back", "midline", 5))))["emg_timing"] is None


def test_emg_timing_text_ends_the_nerve_pattern_advice():
    result = assess(san_at(30))
    assert the(result, "PAT-SAN")["advice"].endswith(EMG_TIMING_TEXTS["in_window"])


# --- recheck_on (8.18) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "recheck"),
    [
        (case(log(3, sym("ache", "mid_back", "midline", 2))), "2026-03-07"),
        (san_at(5), "2026-03-09"),
        (case(log(1, flags=("fever",))), "2026-03-05"),
        (case(log(1, flags=("face_droop",))), None),
        (case(log(1)), None),
    ],
)
def test_recheck_on_is_three_days_after_as_of_below_an_emergency(data, recheck):
    assert assess(data)["recheck_on"] == recheck


# --- Precedence and wording -------------------------------------------------------------------


def test_a_red_flag_removes_the_reassurance_of_the_other_patterns():
    calm = the(assess(san_at(5)), "PAT-SAN")["summary"]
    alarmed = the(assess(san_at(5, last_fields={"red_flags": ["urine_dark"]})), "PAT-SAN")
    assert "It is rare" in calm
    assert "It is rare" not in alarmed["summary"]
    assert alarmed["summary"] in calm


def test_emergency_advice_is_short_and_first():
    result = assess(case(log(1, flags=("coughing_blood",))))
    advice = result["fired"][0]["advice"]
    assert advice.startswith("Call your local emergency number now. Do not drive yourself.")
    assert len(advice) < 200


def test_every_assessment_carries_the_disclaimer():
    for data in (case(log(1)), case(log(1, flags=("face_droop",))), san_at(5)):
        assert "not a diagnosis" in assess(data)["disclaimer"]
    assert "not a diagnosis" in DISCLAIMER


def _all_text_variants():
    """Every rule's texts for each branch, level, side, flag and note it can have."""
    notes = [
        "neuralgic", "call", "several", "meningitis", "imaging", "worse", "reassess", "wrist",
        "foot", "whole_leg", "arm", "leg", "nerve_type", "not_improving", "both_sides",
        "still_present", "lingering", "new_motor", "severe", "neck",
    ]  # fmt: skip
    levels = ["EMERGENCY_NOW", "SEE_DOCTOR_ASK_EMG", "SEE_DOCTOR_DAYS", "MONITOR_SELF_CARE"]
    for rule_id, branch, level, sooner, calm, timing in itertools.product(
        RULE_IDS,
        [None, "plexus", "tos", "motor", "sensory"],
        levels,
        [False, True],
        [False, True],
        [None, *EMG_TIMING_TEXTS],
    ):
        for chosen in ([], notes, ["worse"], ["call"]):
            fired = Fired(
                rule_id, level, side="left", sooner=sooner, branch=branch, notes=set(chosen)
            )
            yield fired, rule_texts(fired, calm=calm, emg_timing=timing)


def test_every_text_says_your_answers_match_and_never_you_have():
    for fired, (summary, advice) in _all_text_variants():
        assert summary.startswith("Your answers match"), (fired, summary)
        for text in (summary, advice):
            assert not re.search(r"\byou have (a|an|the|got)\b", text, re.IGNORECASE), text
            assert "surger" not in text.lower() and "operation" not in text.lower()
            assert "  " not in text and text.strip() == text


def test_nerve_texts_give_plain_words_first_and_the_technical_name_in_brackets():
    for rule_id, name in [
        ("PAT-SAN", "(the spinal accessory nerve"),
        ("PAT-LTN", "(the long thoracic nerve"),
        ("PAT-ROOT", "(cervical radiculopathy)"),
    ]:
        summary, _ = rule_texts(Fired(rule_id, "SEE_DOCTOR_DAYS", side="right"))
        assert name in summary
        assert summary.index("nerve") < summary.index(name)
        assert "your right" in summary


def test_texts_without_reassurance_are_the_calm_texts_with_sentences_left_out():
    for rule_id in RULE_IDS:
        for branch in (None, "plexus", "tos", "motor", "sensory"):
            fired = Fired(rule_id, P.MONITOR_SELF_CARE, side="left", branch=branch)
            calm, _ = rule_texts(fired, calm=True)
            alarmed, _ = rule_texts(fired, calm=False)
            assert calm.startswith(alarmed)


def test_the_safety_net_is_there_at_every_level_but_an_emergency():
    for v in VIGNETTES:
        result = assess(v["case"])
        if result["level"] == "EMERGENCY_NOW":
            assert result["safety_net"] is None
        else:
            assert result["safety_net"] and all(
                isinstance(item, str) for item in result["safety_net"]
            )


def test_both_sides_in_input_give_one_entry_per_side():
    result = assess(
        case(
            log(
                1,
                left={"limb_swollen": True, "limb_swollen_with": ["red"]},
                right={"limb_swollen": True, "limb_swollen_with": ["red"]},
            )
        )
    )
    assert [e["side"] for e in entries(result, "RF-DVT")] == ["left", "right"]


def test_evidence_points_at_original_indexes_of_both_side_entries():
    result = assess(
        case(log(1, sym("itching", "calf", "left"), sym("numbness", "hand_palm", "both")))
    )
    assert "logs[-1].symptoms[1].kind=numbness" in the(result, "RF-CORD")["evidence"]
    assert "RF-CORD" in fired_ids(result)
