"""Revision 2's readings of the rules (spec/triage.md section 11, and 12.4-12.12, 12.15-12.18):
weakness and signs, whole weak limbs, dark urine, pain kinds, improving, weak hands and feet,
radiating pain, severe neck pain, the shoulder exemption, and the three cases of issue 10.

Each test is named after the contract item it shows and tests on both sides of its limits."""

import copy
import json

import pytest

from tracker.triage import assess

from .cases import case, entries, fired_ids, log, sym, the

# --- Issue 10: the three cases a differential test found ----------------------------------

ISSUE_CASE_CORD = json.loads(
    '{"massage":{"date":"2026-03-01","regions":[{"region":"thigh_outer","side":"right"},'
    '{"region":"finger_little","side":"left"}]},"logs":[{"date":"2026-03-03","function":'
    '{"left":{"whole_limb_weak":true},"right":{"whole_limb_weak":true}}}]}'
)
ISSUE_CASE_PROGRESSIVE = json.loads(
    '{"massage":{"date":"2026-03-01"},"logs":[{"date":"2026-03-05","function":{"right":'
    '{"arm_side_lift":"cannot"},"left":{"shoulder_lower":true}}},{"date":"2026-03-06",'
    '"function":{"left":{"arm_forward_overhead":"harder"}}}]}'
)
ISSUE_CASE_RHABDO = json.loads(
    '{"massage":{"date":"2026-03-01"},"logs":[{"date":"2026-03-03","function":{"left":'
    '{"grip_weak":true}},"red_flags":["urine_dark"]}]}'
)


def assert_emergency_by(data, rule_id):
    result = assess(copy.deepcopy(data))
    assert result["level"] == "EMERGENCY_NOW"
    assert the(result, rule_id)["level"] == "EMERGENCY_NOW"
    assert result["action"] is not None


def test_11_2_issue_10_case_whole_limb_weakness_on_both_sides_is_emergency_now_by_rf_cord():
    assert_emergency_by(ISSUE_CASE_CORD, "RF-CORD")


def test_11_1_issue_10_case_a_lower_shoulder_is_no_weakness_so_weakness_spread_rf_progressive():
    assert_emergency_by(ISSUE_CASE_PROGRESSIVE, "RF-PROGRESSIVE")


def test_11_3_issue_10_case_dark_urine_with_a_weak_grip_is_emergency_now_by_rf_rhabdo():
    assert_emergency_by(ISSUE_CASE_RHABDO, "RF-RHABDO")


def test_11_2_adding_left_arm_side_lift_harder_to_a_case_that_gave_emergency_now_never_lowers_it():
    data = copy.deepcopy(ISSUE_CASE_CORD)
    data["logs"][0]["function"]["left"]["arm_side_lift"] = "harder"
    result = assess(data)
    assert result["level"] == "EMERGENCY_NOW"
    assert the(result, "RF-CORD")["level"] == "EMERGENCY_NOW"


EMERGENCIES = [
    ISSUE_CASE_CORD,
    ISSUE_CASE_PROGRESSIVE,
    ISSUE_CASE_RHABDO,
    # 11.9's exemption holds here (day 2, both shoulders, pain stops me): whole weak limbs on
    # both sides still fire RF-CORD, and a `harder` added on either arm must not lower it.
    case(
        log(
            2,
            left={"whole_limb_weak": True},
            right={"whole_limb_weak": True},
            weakness_type="pain_stops_me",
        ),
        regions=("shoulder_top:both",),
    ),
    case(log(2, left={"grip_weak": True}, right={"arm_side_lift": "great_effort"})),
]


def answered(data, side, field):
    return any(field in entry.get("function", {}).get(side, {}) for entry in data["logs"])


# Every (case, side, field) where the case has no answer to the field on that side, so that
# `harder` is an added answer, not a changed one.
ADDED_HARDER = [
    (index, side, field)
    for index, data in enumerate(EMERGENCIES)
    for side in ("left", "right")
    for field in ("arm_side_lift", "arm_forward_overhead")
    if not answered(data, side, field)
]


@pytest.mark.parametrize(("index", "side", "field"), ADDED_HARDER)
def test_11_2_and_12_4_a_harder_arm_answer_added_to_the_last_log_never_lowers_an_emergency(
    index, side, field
):
    data = copy.deepcopy(EMERGENCIES[index])
    assert assess(copy.deepcopy(data))["level"] == "EMERGENCY_NOW"
    data["logs"][-1].setdefault("function", {}).setdefault(side, {})[field] = "harder"
    assert assess(data)["level"] == "EMERGENCY_NOW"


# --- 11.1: weakness, and signs that are not weakness --------------------------------------

WEAK_ARM = {
    "weakness symptom": ({}, [("weakness", "upper_arm_front")]),
    "grip_weak": ({"grip_weak": True}, []),
    "whole_limb_weak": ({"whole_limb_weak": True}, []),
    "side lift harder": ({"arm_side_lift": "harder"}, []),
    "side lift great_effort": ({"arm_side_lift": "great_effort"}, []),
    "side lift cannot": ({"arm_side_lift": "cannot"}, []),
    "forward harder": ({"arm_forward_overhead": "harder"}, []),
    "wrist harder": ({"wrist_finger_lift": "harder"}, []),
}


def both_sides(fields, kinds, day_n=5, **extra):
    symptoms = [sym(kind, region, side) for side in ("left", "right") for kind, region in kinds]
    return log(day_n, *symptoms, left=dict(fields), right=dict(fields), **extra)


@pytest.mark.parametrize("form", WEAK_ARM)
def test_11_1_every_form_of_weakness_in_both_arms_fires_rf_cord(form):
    fields, kinds = WEAK_ARM[form]
    result = assess(case(both_sides(fields, kinds)))
    assert the(result, "RF-CORD")["level"] == "EMERGENCY_NOW"


def test_11_1_two_different_forms_of_weakness_count_as_weakness_in_both_arms():
    result = assess(case(log(5, left={"grip_weak": True}, right={"arm_side_lift": "harder"})))
    assert "RF-CORD" in fired_ids(result)


def test_11_1_weak_feet_on_both_sides_fire_rf_cord():
    result = assess(case(both_sides({"foot_lift": "harder"}, [])))
    assert "RF-CORD" in fired_ids(result)


@pytest.mark.parametrize(
    "sign",
    [
        {"shoulder_lower": True},
        {"blade_sticks_out": True, "blade_visible_when": "lifting_sideways"},
        {"neck_shoulder_line_flatter": True},
        {"shrug_weaker": True},
    ],
    ids=["shoulder_lower", "blade_sticks_out", "flatter", "shrug_weaker"],
)
def test_11_1_and_12_5_signs_on_both_sides_are_not_weakness_for_rf_cord(sign):
    result = assess(case(both_sides(sign, [])))
    assert "RF-CORD" not in fired_ids(result)


def test_11_1_heaviness_in_both_arms_is_not_weakness_for_rf_cord():
    heavy = assess(case(both_sides({}, [("heaviness", "upper_arm_front")])))
    weak = assess(case(both_sides({}, [("weakness", "upper_arm_front")])))
    assert "RF-CORD" not in fired_ids(heavy)
    assert "RF-CORD" in fired_ids(weak)


def test_11_1_a_lower_shoulder_is_not_the_previous_logs_weakness_for_rf_progressive():
    # The side lift gets a grade worse, but the previous log had a sign and no weakness.
    result = assess(
        case(
            log(4, left={"arm_side_lift": "easy", "shoulder_lower": True}),
            log(6, left={"arm_side_lift": "harder", "shoulder_lower": True}),
        )
    )
    assert "RF-PROGRESSIVE" not in fired_ids(result)


def test_11_1_a_weak_grip_is_the_previous_logs_weakness_for_rf_progressive():
    result = assess(
        case(
            log(4, left={"arm_side_lift": "easy", "grip_weak": True}),
            log(6, left={"arm_side_lift": "harder", "grip_weak": True}),
        )
    )
    assert the(result, "RF-PROGRESSIVE")["level"] == "EMERGENCY_NOW"


def test_11_1_a_lower_shoulder_then_weakness_on_that_side_is_weakness_that_spread():
    # Issue 10's second case, spelled with the case helpers: right weak, then left weak too.
    result = assess(
        case(
            log(4, right={"arm_side_lift": "cannot"}, left={"shoulder_lower": True}),
            log(5, left={"arm_forward_overhead": "harder"}),
        )
    )
    assert the(result, "RF-PROGRESSIVE")["level"] == "EMERGENCY_NOW"


@pytest.mark.parametrize(
    "sign",
    [
        {"shoulder_lower": True},
        {"blade_sticks_out": True},
        {"neck_shoulder_line_flatter": True},
        {"shrug_weaker": True},
    ],
    ids=["shoulder_lower", "blade_sticks_out", "flatter", "shrug_weaker"],
)
def test_11_1_and_12_5_a_sign_appearing_on_the_other_side_is_no_spread(sign):
    result = assess(
        case(
            log(4, right={"arm_side_lift": "cannot"}),
            log(5, right={"arm_side_lift": "cannot"}, left=sign),
        )
    )
    assert "RF-PROGRESSIVE" not in fired_ids(result)


# --- 11.2 and 12.18: whole weak limbs ------------------------------------------------------


@pytest.mark.parametrize(
    "regions",
    [(), ("neck_side:left",), ("calf:both",), ("thigh_outer:right", "finger_little:left")],
)
def test_11_2_whole_limb_weakness_on_both_sides_fires_rf_cord_whatever_was_massaged(regions):
    both = {"left": {"whole_limb_weak": True}, "right": {"whole_limb_weak": True}}
    result = assess(case(log(2, **both), regions=regions))
    assert (result["level"], the(result, "RF-CORD")["level"]) == ("EMERGENCY_NOW", "EMERGENCY_NOW")


def test_11_2_whole_limb_weakness_on_both_sides_fires_rf_cord_whatever_the_other_answers_say():
    easy = {
        "arm_side_lift": "easy",
        "arm_forward_overhead": "easy",
        "wrist_finger_lift": "easy",
        "foot_lift": "easy",
        "grip_weak": False,
        "whole_limb_weak": True,
    }
    result = assess(case(log(2, left=easy, right=easy), regions=("calf:left",)))
    assert the(result, "RF-CORD")["level"] == "EMERGENCY_NOW"


@pytest.mark.parametrize(
    "other",
    [{"grip_weak": True}, {"foot_lift": "cannot"}, {"wrist_finger_lift": "harder"}],
    ids=["weak-grip-arm", "weak-foot-leg", "weak-wrist-arm"],
)
def test_12_18_a_whole_weak_limb_is_weakness_of_that_sides_arm_and_leg_for_rf_cord(other):
    result = assess(case(log(5, left={"whole_limb_weak": True}, right=other)))
    assert the(result, "RF-CORD")["level"] == "EMERGENCY_NOW"


def test_12_18_a_whole_weak_limb_blocks_the_sensory_branch_in_that_sides_leg():
    tingling = sym("tingling", "foot_top", "left")
    plain = assess(case(log(5, tingling), regions=("calf:left",)))
    weak = assess(case(log(5, tingling, left={"whole_limb_weak": True}), regions=("calf:left",)))
    assert [e.get("branch") for e in entries(plain, "PAT-PERIPHERAL", "left")] == ["sensory"]
    assert "sensory" not in [e.get("branch") for e in entries(weak, "PAT-PERIPHERAL", "left")]


# --- 12.7: whole-limb weakness that is not sudden ----------------------------------------


@pytest.mark.parametrize("regions", [(), ("shoulder_top:left",), ("calf:left",)])
def test_12_7_a_whole_weak_limb_fires_plexus_and_motor_branches_with_sooner(regions):
    result = assess(case(log(5, left={"whole_limb_weak": True}), regions=regions))
    plexus = the(result, "PAT-PLEXUS-TOS", "left")
    motor = the(result, "PAT-PERIPHERAL", "left")
    assert (plexus["branch"], plexus["level"], plexus["sooner"]) == (
        "plexus",
        "SEE_DOCTOR_ASK_EMG",
        True,
    )
    assert (motor["branch"], motor["level"], motor["sooner"]) == (
        "motor",
        "SEE_DOCTOR_ASK_EMG",
        True,
    )
    assert "RF-STROKE" not in fired_ids(result)
    assert (result["level"], result["sooner"]) == ("SEE_DOCTOR_ASK_EMG", True)
    assert result["emg_timing"] == "before_window"


def test_12_7_a_whole_weak_limb_with_a_sudden_symptom_on_that_side_is_rf_stroke():
    result = assess(
        case(
            log(
                5, sym("numbness", "hand_palm", "left", sudden=True), left={"whole_limb_weak": True}
            )
        )
    )
    assert the(result, "RF-STROKE")["action"] == "CALL_EMERGENCY"


# --- 11.3: RF-RHABDO ---------------------------------------------------------------------


RHABDO_WEAKNESS = {
    "grip_weak": ({"grip_weak": True}, None),
    "whole_limb_weak": ({"whole_limb_weak": True}, None),
    "side lift harder": ({"arm_side_lift": "harder"}, None),
    "forward great_effort": ({"arm_forward_overhead": "great_effort"}, None),
    "foot cannot": ({"foot_lift": "cannot"}, None),
    "wrist harder": ({"wrist_finger_lift": "harder"}, None),
    "weakness symptom": ({}, "weakness"),
}
MUSCLE_SYMPTOMS = ["ache", "sharp", "throbbing", "burning", "tenderness", "cramping",
                   "stiffness", "swelling", "weakness", "heaviness"]  # fmt: skip


@pytest.mark.parametrize("code", ["urine_dark", "urine_much_less"])
@pytest.mark.parametrize("form", RHABDO_WEAKNESS)
def test_11_3_dark_or_little_urine_with_any_weakness_fires_rf_rhabdo(code, form):
    fields, kind = RHABDO_WEAKNESS[form]
    symptoms = [sym(kind, "thigh_front", "left")] if kind else []
    result = assess(case(log(2, *symptoms, left=fields or None, flags=(code,))))
    assert (result["level"], the(result, "RF-RHABDO")["level"]) == (
        "EMERGENCY_NOW",
        "EMERGENCY_NOW",
    )


@pytest.mark.parametrize("kind", MUSCLE_SYMPTOMS)
def test_11_3_dark_urine_with_any_muscle_symptom_fires_rf_rhabdo(kind):
    result = assess(case(log(2, sym(kind, "calf", "right"), flags=("urine_dark",))))
    assert the(result, "RF-RHABDO")["level"] == "EMERGENCY_NOW"


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({}, "tingling"),
        ({}, "numbness"),
        ({"shoulder_lower": True}, None),
        ({"shrug_weaker": True}, None),
        ({"blade_sticks_out": True}, None),
        ({"neck_shoulder_line_flatter": True}, None),
        ({"arm_side_lift": "easy"}, None),
        ({"arm_side_lift": "not_tried"}, None),
    ],
    ids=[
        "tingling",
        "numbness",
        "shoulder_lower",
        "shrug_weaker",
        "blade",
        "flatter",
        "easy",
        "not_tried",
    ],
)
def test_11_3_dark_urine_without_weakness_or_muscle_symptom_is_not_rf_rhabdo(fields, kind):
    symptoms = [sym(kind, "calf", "left")] if kind else []
    result = assess(case(log(2, *symptoms, left=fields or None, flags=("urine_dark",))))
    assert "RF-RHABDO" not in fired_ids(result)


# --- 11.4 and 12.12: pain kinds, and RF-DVT's companion ------------------------------------

PAIN_KINDS = ["ache", "sharp", "shooting_or_electric", "burning", "throbbing", "painful_cold",
              "cramping", "headache"]  # fmt: skip


@pytest.mark.parametrize("kind", PAIN_KINDS)
def test_11_4_a_pain_kind_without_a_rating_is_a_pain_symptom(kind):
    # RF-SYSTEMIC: cancer history together with a pain symptom.
    result = assess(case(log(3, sym(kind, "mid_back", "midline")), risk={"cancer_history": True}))
    entry = the(result, "RF-SYSTEMIC")
    assert (entry["level"], entry["sooner"]) == ("SEE_DOCTOR_DAYS", True)


@pytest.mark.parametrize(("nprs", "fires"), [(None, False), (3, True)])
def test_11_4_any_symptom_with_a_rating_is_a_pain_symptom(nprs, fires):
    result = assess(
        case(log(3, sym("tingling", "mid_back", "midline", nprs)), risk={"immunosuppressed": True})
    )
    assert ("RF-SYSTEMIC" in fired_ids(result)) is fires


def swollen_left(*symptoms):
    return assess(case(log(2, *symptoms, left={"limb_swollen": True})))


@pytest.mark.parametrize(
    "companion",
    [
        sym("cramping", "calf", "left"),
        sym("painful_cold", "foot_top", "left"),
        sym("tingling", "calf", "left", 3),
        sym("tenderness", "calf", "left"),
        sym("warmth", "shin_front", "left"),
        sym("redness", "forearm_thumb_side", "left"),
        sym("ache", "calf", "left", 0),
    ],
    ids=["cramping", "painful_cold", "rated-tingling", "tenderness", "warmth", "redness", "pain-0"],
)
def test_11_4_and_12_12_a_pain_symptom_tenderness_warmth_or_redness_is_rf_dvts_companion(
    companion,
):
    entry = the(swollen_left(companion), "RF-DVT")
    assert (entry["level"], entry["action"]) == ("EMERGENCY_NOW", "GO_TO_ED_NOW")


@pytest.mark.parametrize(
    "other",
    [
        sym("tingling", "calf", "left"),
        sym("numbness", "calf", "left"),
        sym("ache", "calf", "right", 4),
        sym("ache", "chest_side", "left", 4),
        sym("ache", "shoulder_top", "left", 4),
        sym("ache", "buttock", "left", 4),
        sym("ache", "low_back", "midline", 4),
    ],
    ids=["tingling", "numbness", "other-side", "chest", "shoulder", "buttock", "midline"],
)
def test_12_12_rf_dvts_companion_must_be_a_pain_kind_in_a_limb_region_on_that_side(other):
    assert "RF-DVT" not in fired_ids(swollen_left(other))


@pytest.mark.parametrize(("nprs", "fires"), [(None, False), (1, True), (6, True)])
def test_11_4_a_swelling_rated_1_or_more_is_its_own_companion(nprs, fires):
    result = assess(case(log(2, sym("swelling", "calf", "left", nprs))))
    assert ("RF-DVT" in fired_ids(result)) is fires


def test_11_4_a_rated_swelling_of_the_knee_is_not_a_swollen_limb():
    result = assess(case(log(2, sym("swelling", "knee_front", "left", 4))))
    assert "RF-DVT" not in fired_ids(result)


# --- 11.5: improving needs a rating -----------------------------------------------------

WRIST = {"wrist_finger_lift": "cannot"}


def rated_then(last_nprs, *, first_nprs=4, course="better"):
    """A motor pattern at day 95 (past 90 days): emg_timing says whether it is improving."""
    return assess(
        case(
            log(90, sym("ache", "forearm_thumb_side", "left", first_nprs), left=WRIST),
            log(
                95, sym("ache", "forearm_thumb_side", "left", last_nprs), left=WRIST, course=course
            ),
        )
    )


def test_11_5_a_rated_symptom_listed_again_without_a_rating_is_not_improving():
    result = rated_then(None)
    assert the(result, "PAT-PERIPHERAL", "left")["level"] == "SEE_DOCTOR_ASK_EMG"
    assert result["emg_timing"] == "specialist_question"


def test_11_5_a_rated_symptom_rated_lower_with_course_better_is_improving():
    assert rated_then(2)["emg_timing"] == "improving"


def test_11_5_course_better_alone_is_improving_when_neither_log_rated_the_symptom():
    assert rated_then(None, first_nprs=None)["emg_timing"] == "improving"
    assert rated_then(None, first_nprs=None, course="same")["emg_timing"] == "specialist_question"


def test_11_5_one_rated_symptom_listed_without_a_rating_keeps_the_log_from_improving():
    result = assess(
        case(
            log(
                90,
                sym("ache", "forearm_thumb_side", "left", 4),
                sym("sharp", "hand_palm", "left", 4),
                left=WRIST,
            ),
            log(
                95,
                sym("ache", "forearm_thumb_side", "left"),
                sym("sharp", "hand_palm", "left", 2),
                left=WRIST,
                course="better",
            ),
        )
    )
    assert result["emg_timing"] == "specialist_question"


# --- 11.6 and 12.8: a weak hand, wrist or foot always fires a nerve pattern ---------------


WEAK_HAND_OR_FOOT = {
    "grip_weak": ({"grip_weak": True}, None),
    "wrist harder": ({"wrist_finger_lift": "harder"}, None),
    "wrist great_effort": ({"wrist_finger_lift": "great_effort"}, None),
    "wrist cannot": ({"wrist_finger_lift": "cannot"}, None),
    "foot harder": ({"foot_lift": "harder"}, None),
    "foot cannot": ({"foot_lift": "cannot"}, None),
    "weakness forearm": ({}, "forearm_little_finger_side"),
    "weakness finger": ({}, "finger_index"),
    "weakness upper arm": ({}, "upper_arm_back"),
    "weakness calf": ({}, "calf"),
    "weakness toes": ({}, "toes"),
}


@pytest.mark.parametrize("regions", [(), ("low_back:midline",), ("neck_side:right",)])
@pytest.mark.parametrize("form", WEAK_HAND_OR_FOOT)
def test_11_6_a_weak_hand_wrist_foot_or_limb_fires_the_motor_branch_whatever_was_massaged(
    form, regions
):
    fields, region = WEAK_HAND_OR_FOOT[form]
    symptoms = [sym("weakness", region, "left")] if region else []
    result = assess(case(log(5, *symptoms, left=fields or None), regions=regions))
    entry = the(result, "PAT-PERIPHERAL", "left")
    assert (entry["branch"], entry["level"]) == ("motor", "SEE_DOCTOR_ASK_EMG")
    assert result["emg_timing"] == "before_window"
    assert not entries(result, "PAT-PERIPHERAL", "right")


@pytest.mark.parametrize(
    "fields",
    [
        {"wrist_finger_lift": "easy"},
        {"wrist_finger_lift": "not_tried"},
        {"foot_lift": "easy"},
        {"foot_lift": "not_tried"},
        {"grip_weak": False},
    ],
)
def test_11_6_an_easy_or_untried_hand_or_foot_fires_no_motor_branch(fields):
    result = assess(case(log(5, left=fields)))
    assert not entries(result, "PAT-PERIPHERAL")


def test_11_6_a_weakness_symptom_outside_the_limbs_fires_no_motor_branch():
    result = assess(case(log(5, sym("weakness", "low_back", "midline"))))
    assert not [e for e in entries(result, "PAT-PERIPHERAL") if e.get("branch") == "motor"]


def sensory_branches(result, side="left"):
    return [e for e in entries(result, "PAT-PERIPHERAL", side) if e.get("branch") == "sensory"]


def late_onset(*logs, regions):
    # An onset 4 days after the massage keeps PAT-PLEXUS-TOS's plexus branch out (8.16).
    return case(*logs, regions=regions, timing="1_to_7_days", onset_day=4)


@pytest.mark.parametrize(
    ("tingling", "weak", "regions", "blocked"),
    [
        ("foot_top", {"foot_lift": "harder"}, ("calf:left",), True),
        pytest.param("foot_top", {"grip_weak": True}, ("calf:left",), False),
        ("hand_palm", {"grip_weak": True}, ("forearm_thumb_side:left",), True),
        pytest.param(
            "hand_palm",
            {"foot_lift": "harder"},
            ("forearm_thumb_side:left",),
            False,
        ),
        ("shoulder_top", {"grip_weak": True}, ("shoulder_top:left",), True),
        ("shoulder_outer", {"wrist_finger_lift": "cannot"}, ("shoulder_outer:left",), True),
        ("hip_outer", {"foot_lift": "harder"}, ("hip_outer:left",), True),
        ("groin", {"foot_lift": "cannot"}, ("groin:left",), True),
        pytest.param("hip_outer", {"grip_weak": True}, ("hip_outer:left",), False),
        pytest.param("neck_side", {"grip_weak": True}, ("neck_side:left",), False),
    ],
)
def test_11_6_and_12_8_weakness_in_the_same_limb_blocks_the_sensory_branch(
    tingling, weak, regions, blocked
):
    plain = assess(late_onset(log(5, sym("tingling", tingling, "left")), regions=regions))
    weakened = assess(
        late_onset(log(5, sym("tingling", tingling, "left"), left=weak), regions=regions)
    )
    assert sensory_branches(plain)
    assert bool(sensory_branches(weakened)) is not blocked
    assert the_motor(weakened)


def the_motor(result, side="left"):
    return [e for e in entries(result, "PAT-PERIPHERAL", side) if e.get("branch") == "motor"]


def test_12_8_pat_root_does_not_keep_the_motor_branch_from_firing():
    result = assess(
        case(
            log(
                5,
                sym("sharp", "neck_side", "left", 5),
                sym("tingling", "finger_thumb", "left"),
                left={"grip_weak": True},
                neck_move_or_cough_provokes_arm=True,
            ),
            regions=("neck_back:midline",),
        )
    )
    assert the(result, "PAT-ROOT", "left")
    assert the_motor(result)


def test_12_8_the_plexus_branch_on_that_side_keeps_the_motor_branch_from_firing():
    # Weakness of the hand and numbness of the forearm, within 2 days of a shoulder massage.
    result = assess(
        case(
            log(1, sym("numbness", "forearm_thumb_side", "left"), left={"grip_weak": True}),
            regions=("shoulder_top:left",),
            timing="within_24h",
        )
    )
    assert the(result, "PAT-PLEXUS-TOS", "left")["branch"] == "plexus"
    assert not the_motor(result)


def test_12_8_the_plexus_branch_on_the_other_side_does_not_keep_the_motor_branch_from_firing():
    result = assess(
        case(
            log(
                1,
                sym("numbness", "forearm_thumb_side", "left"),
                left={"grip_weak": True},
                right={"grip_weak": True},
            ),
            regions=("shoulder_top:left",),
            timing="within_24h",
        )
    )
    assert the(result, "PAT-PLEXUS-TOS", "left")["branch"] == "plexus"
    assert not entries(result, "PAT-PLEXUS-TOS", "right")
    assert the_motor(result, "right")


# --- 11.7: PAT-ROOT's radiating pain ---------------------------------------------------


def root_case(kind, region="forearm_thumb_side"):
    return assess(
        case(
            log(4, sym("ache", "neck_side", "right", 3), sym(kind, region, "right", 5)),
            regions=("neck_back:midline",),
        )
    )


@pytest.mark.parametrize("kind", ["sharp", "shooting_or_electric", "burning"])
@pytest.mark.parametrize("region", ["forearm_thumb_side", "hand_back", "finger_ring"])
def test_11_7_sharp_shooting_or_burning_pain_past_the_elbow_is_radiating_pain(kind, region):
    assert the(root_case(kind, region), "PAT-ROOT", "right")["level"] == "SEE_DOCTOR_DAYS"


@pytest.mark.parametrize("kind", ["ache", "throbbing", "cramping"])
def test_11_7_an_ache_past_the_elbow_is_not_radiating_pain(kind):
    assert "PAT-ROOT" not in fired_ids(root_case(kind))


@pytest.mark.parametrize("region", ["upper_arm_outer", "shoulder_outer"])
def test_11_7_sharp_pain_above_the_elbow_is_not_past_it(region):
    assert "PAT-ROOT" not in fired_ids(root_case("sharp", region))


# --- 11.8 and 12.9: severe neck or head pain after a neck massage ------------------------


@pytest.mark.parametrize(
    ("region", "side"),
    [
        ("neck_side", "left"),
        ("neck_side", "both"),
        ("neck_back", "midline"),
        ("head_back", "midline"),
        ("face", "midline"),
        ("head_side_temple", "both"),
    ],
)
def test_11_8_and_12_9_severe_neck_or_head_pain_fires_on_one_side_both_or_the_middle(region, side):
    result = assess(case(log(3, sym("sharp", region, side, 7)), regions=("neck_side:left",)))
    entry = the(result, "RF-DISSECTION-PAIN")
    assert (entry["level"], entry["action"]) == ("EMERGENCY_NOW", "GO_TO_ED_NOW")


@pytest.mark.parametrize(
    ("kind", "nprs", "last_day", "fires"),
    [
        ("headache", 7, 3, True),
        ("throbbing", 7, 3, True),
        ("shooting_or_electric", 7, 14, True),
        ("sharp", 6, 3, False),
        ("ache", 9, 3, False),
        ("sharp", 7, 15, False),
    ],
)
def test_11_8_on_both_sides_the_pain_still_needs_its_kind_rating_and_14_days(
    kind, nprs, last_day, fires
):
    result = assess(
        case(log(last_day, sym(kind, "neck_back", "both", nprs)), regions=("neck_side:left",))
    )
    assert ("RF-DISSECTION-PAIN" in fired_ids(result)) is fires


def test_11_8_both_sided_pain_needs_a_neck_massage():
    without = assess(case(log(3, sym("sharp", "neck_side", "both", 8)), regions=("calf:left",)))
    cracked = assess(
        case(
            log(3, sym("sharp", "neck_side", "both", 8)),
            regions=("calf:left",),
            neck_manipulation=True,
        )
    )
    assert "RF-DISSECTION-PAIN" not in fired_ids(without)
    assert "RF-DISSECTION-PAIN" in fired_ids(cracked)


@pytest.mark.parametrize(("nprs", "fires"), [(6, False), (7, True)])
@pytest.mark.parametrize("region", ["neck_back", "head_back", "face"])
def test_12_9_midline_severe_neck_or_head_pain_after_a_neck_massage_fires(region, nprs, fires):
    result = assess(
        case(log(2, sym("headache", region, "midline", nprs)), regions=("neck_back:midline",))
    )
    assert ("RF-DISSECTION-PAIN" in fired_ids(result)) is fires
    if fires:
        assert the(result, "RF-DISSECTION-PAIN")["action"] == "GO_TO_ED_NOW"


# --- 11.9 and 12.4: pain-limited lifting right after a massage of both shoulders ---------

HARDER_BOTH = {"left": {"arm_side_lift": "harder"}, "right": {"arm_side_lift": "harder"}}
BOTH_SHOULDERS = ("shoulder_top:left", "shoulder_top:right")


def shoulders_case(days=3, regions=BOTH_SHOULDERS, left=None, right=None, **fields):
    fields.setdefault("weakness_type", "pain_stops_me")
    return case(
        log(
            days,
            left=left or HARDER_BOTH["left"],
            right=right or HARDER_BOTH["right"],
            **fields,
        ),
        regions=regions,
    )


@pytest.mark.parametrize(("days", "fires"), [(0, False), (3, False), (4, True)])
def test_11_9_harder_on_both_arms_is_not_weakness_for_rf_cord_up_to_day_3(days, fires):
    result = assess(shoulders_case(days))
    assert ("RF-CORD" in fired_ids(result)) is fires


def test_11_9_the_days_are_d_massage_at_as_of():
    result = assess(shoulders_case(3) | {"as_of": "2026-03-05"})
    assert "RF-CORD" in fired_ids(result)


@pytest.mark.parametrize(
    ("regions", "fires"),
    [
        (("shoulder_top:both",), False),
        (("shoulder_front:left", "shoulder_back:right"), False),
        (("shoulder_outer:left", "shoulder_outer:right"), False),
        (("shoulder_top:left",), True),
        (("shoulder_blade:both",), True),
        (("neck_side:left", "neck_side:right"), True),
        (("armpit:both",), True),
        ((), True),
    ],
)
def test_11_9_and_12_4_the_exemption_needs_a_shoulder_region_on_both_sides(regions, fires):
    result = assess(shoulders_case(regions=regions))
    assert ("RF-CORD" in fired_ids(result)) is fires


@pytest.mark.parametrize(
    ("weakness_type", "fires"),
    [("pain_stops_me", False), ("weak_even_when_pain_mild", True), (None, True)],
)
def test_11_9_the_exemption_needs_pain_stops_me(weakness_type, fires):
    data = shoulders_case()
    if weakness_type is None:
        del data["logs"][0]["weakness_type"]
    else:
        data["logs"][0]["weakness_type"] = weakness_type
    assert ("RF-CORD" in fired_ids(assess(data))) is fires


def test_12_4_harder_to_the_forward_lift_is_exempt_too():
    forward = {"arm_forward_overhead": "harder"}
    assert "RF-CORD" not in fired_ids(assess(shoulders_case(left=forward, right=forward)))
    assert "RF-CORD" in fired_ids(assess(shoulders_case(5, left=forward, right=forward)))


@pytest.mark.parametrize(
    ("left", "right", "fires"),
    [
        # A `harder` lift counts as weakness on neither arm: one other weak arm is not both.
        ({"arm_side_lift": "harder"}, {"grip_weak": True}, False),
        ({"arm_side_lift": "great_effort"}, {"arm_side_lift": "harder"}, False),
        ({"arm_side_lift": "harder"}, {"arm_forward_overhead": "cannot"}, False),
        # Other answers and signs count as ever.
        ({"arm_side_lift": "great_effort"}, {"arm_side_lift": "great_effort"}, True),
        ({"arm_side_lift": "cannot"}, {"arm_forward_overhead": "cannot"}, True),
        ({"arm_side_lift": "harder", "grip_weak": True}, {"grip_weak": True}, True),
        ({"whole_limb_weak": True}, {"whole_limb_weak": True}, True),
        ({"wrist_finger_lift": "harder"}, {"wrist_finger_lift": "harder"}, True),
    ],
)
def test_12_4_while_exempt_harder_counts_on_neither_arm_and_other_answers_count(left, right, fires):
    assert ("RF-CORD" in fired_ids(assess(shoulders_case(left=left, right=right)))) is fires


@pytest.mark.parametrize(
    ("kind", "region"),
    [("weakness", "upper_arm_front"), ("numbness", "hand_palm")],
)
def test_11_9_weakness_and_numbness_symptoms_still_count_while_exempt(kind, region):
    data = shoulders_case()
    data["logs"][0]["symptoms"] = [sym(kind, region, "left"), sym(kind, region, "right")]
    assert the(assess(data), "RF-CORD")["level"] == "EMERGENCY_NOW"


def test_12_4_while_exempt_harder_still_counts_for_the_other_rules():
    # The exemption is RF-CORD's: dark urine with a `harder` lift is still RF-RHABDO.
    result = assess(shoulders_case(flags=("urine_dark",)))
    assert "RF-CORD" not in fired_ids(result)
    assert the(result, "RF-RHABDO")["level"] == "EMERGENCY_NOW"


# --- 12.5: shrug_weaker is a sign, not weakness -----------------------------------------


def test_12_5_a_weaker_shrug_stays_a_pat_san_sign():
    result = assess(
        case(
            log(5, sym("ache", "shoulder_top", "left", 3), left={"shrug_weaker": True}),
            regions=("neck_side:left",),
        )
    )
    assert "logs[-1].function.left.shrug_weaker=true" in the(result, "PAT-SAN", "left")["evidence"]


def test_12_5_a_weaker_shrug_is_not_weakness_for_pat_persists_motor_sign():
    result = assess(
        case(
            log(2, sym("ache", "mid_back", "midline", 4)),
            log(
                9,
                sym("ache", "mid_back", "midline", 2),
                left={"shrug_weaker": True},
                course="better",
            ),
            regions=("mid_back:midline",),
        )
    )
    assert the(result, "PAT-PERSIST")["level"] == "SEE_DOCTOR_DAYS"


# --- 12.6: RF-PROGRESSIVE's spread ----------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "fires"),
    [
        # whole_limb_weak counts as weakness of that side's arm and leg: no new limb.
        ({"left": {"whole_limb_weak": True}}, {"left": {"foot_lift": "harder"}}, False),
        ({"left": {"whole_limb_weak": True}}, {"left": {"grip_weak": True}}, False),
        # A weak arm, then a weak leg on that side: another limb.
        ({"left": {"grip_weak": True}}, {"left": {"foot_lift": "harder"}}, True),
        # A weak limb on one side, then weakness on the other side.
        ({"left": {"whole_limb_weak": True}}, {"right": {"grip_weak": True}}, True),
    ],
)
def test_12_6_whole_limb_weak_counts_as_weakness_of_that_sides_arm_and_leg(before, after, fires):
    last = {side: {**before.get(side, {}), **after.get(side, {})} for side in ("left", "right")}
    result = assess(
        case(
            log(3, **before),
            log(5, **{side: fields for side, fields in last.items() if fields}),
        )
    )
    assert ("RF-PROGRESSIVE" in fired_ids(result)) is fires


def test_12_6_earlier_weakness_without_a_side_or_limb_is_no_spread():
    result = assess(
        case(
            log(3, sym("weakness", "whole_body", "midline")),
            log(5, sym("weakness", "whole_body", "midline"), left={"grip_weak": True}),
        )
    )
    assert "RF-PROGRESSIVE" not in fired_ids(result)


def test_12_6_earlier_weakness_in_a_limb_that_spreads_to_another_limb_fires():
    result = assess(
        case(
            log(3, sym("weakness", "upper_arm_front", "left")),
            log(
                5,
                sym("weakness", "upper_arm_front", "left"),
                sym("weakness", "thigh_front", "left"),
            ),
        )
    )
    assert the(result, "RF-PROGRESSIVE")["level"] == "EMERGENCY_NOW"


# --- 12.10: headache codes for RF-SYSTEMIC --------------------------------------------


@pytest.mark.parametrize("code", ["worst_ever_headache", "new_severe_one_sided_neck_or_head_pain"])
def test_12_10_a_headache_code_with_fever_and_vomiting_is_rf_systemic_go_to_ed(code):
    result = assess(case(log(2, flags=("fever", "vomiting_or_light_sensitivity", code))))
    entry = the(result, "RF-SYSTEMIC")
    assert (entry["level"], entry["action"]) == ("EMERGENCY_NOW", "GO_TO_ED_NOW")


def test_12_10_fever_and_vomiting_with_a_headache_symptom_is_rf_systemic_go_to_ed():
    result = assess(
        case(
            log(
                2,
                sym("headache", "head_back", "midline", 3),
                flags=("fever", "vomiting_or_light_sensitivity"),
            )
        )
    )
    assert the(result, "RF-SYSTEMIC")["action"] == "GO_TO_ED_NOW"


@pytest.mark.parametrize("extra", [(), ("night_pain_not_eased_by_rest",)], ids=["alone", "night"])
def test_12_10_fever_and_vomiting_without_a_headache_is_see_doctor_days(extra):
    result = assess(case(log(2, flags=("fever", "vomiting_or_light_sensitivity", *extra))))
    entry = the(result, "RF-SYSTEMIC")
    assert (entry["level"], entry["sooner"]) == ("SEE_DOCTOR_DAYS", True)


# --- 12.11: trends --------------------------------------------------------------------


def back(*logs, **kwargs):
    return case(*logs, regions=("mid_back:midline",), timing="within_24h", **kwargs)


@pytest.mark.parametrize(("first", "fires"), [(None, True), (1, False)])
def test_12_11_an_unrated_logs_pain_is_0(first, fires):
    # Unrated then 2 is a rise of 2 (worsening from day 3); 1 then 2 is a rise of 1.
    result = assess(
        back(
            log(2, sym("ache", "mid_back", "midline", first)),
            log(4, sym("ache", "mid_back", "midline", 2)),
        )
    )
    assert ("PAT-PERSIST" in fired_ids(result)) is fires
    if fires:
        assert "pain rose 0→2" in the(result, "PAT-PERSIST")["evidence"]


@pytest.mark.parametrize(
    ("grade", "timing"), [("harder", "improving"), ("cannot", "specialist_question")]
)
def test_12_11_a_grade_worse_is_a_new_sign_however_far_apart_the_logs_are(grade, timing):
    # 40 days apart, pain down and course better: improving unless a new sign appeared.
    result = assess(
        case(
            log(60, sym("ache", "shoulder_top", "left", 4), left={"arm_side_lift": "harder"}),
            log(
                100,
                sym("ache", "shoulder_top", "left", 2),
                left={"arm_side_lift": grade},
                course="better",
            ),
            regions=("neck_side:left",),
        )
    )
    assert the(result, "PAT-SAN", "left")
    assert result["emg_timing"] == timing


@pytest.mark.parametrize(
    ("sign", "level"),
    [
        ({"shoulder_lower": True}, "SEE_DOCTOR_ASK_EMG"),
        ({"blade_sticks_out": True, "blade_visible_when": "at_rest"}, "SEE_DOCTOR_ASK_EMG"),
        ({"grip_weak": True}, "SEE_DOCTOR_ASK_EMG"),
        ({"arm_side_lift": "harder"}, "SEE_DOCTOR_ASK_EMG"),
        ({"neck_shoulder_line_flatter": True}, "SEE_DOCTOR_DAYS"),
        ({"shrug_weaker": True}, "SEE_DOCTOR_DAYS"),
    ],
    ids=["shoulder_lower", "blade", "grip_weak", "side_lift", "flatter", "shrug_weaker"],
)
def test_12_11_pat_persists_new_motor_sign_is_new_weakness_a_blade_or_a_lower_shoulder(sign, level):
    result = assess(
        back(
            log(2, sym("ache", "mid_back", "midline", 4)),
            log(9, sym("ache", "mid_back", "midline", 2), left=sign, course="better"),
        )
    )
    assert the(result, "PAT-PERSIST")["level"] == level


@pytest.mark.parametrize(
    ("last_left", "course", "fires"),
    [
        ({"arm_side_lift": "harder"}, "same", True),
        (None, "same", True),  # carried from day 3
        # Improving (course better, pain 3 -> 0, no new sign): "not clearly better" is judged
        # for such a log as for one with symptoms, and it is better. Read as "true whatever the
        # course", a log that adds a symptom would be judged improving and lower the level
        # (11.2: a worse answer never lowers it), so the check is made, not assumed.
        pytest.param({"arm_side_lift": "harder"}, "better", False),
        pytest.param(None, "better", False),
        ({"arm_side_lift": "easy"}, "better", False),
    ],
    ids=["given-same", "carried-same", "given-better", "carried-better", "easy-better"],
)
def test_12_11_not_clearly_better_at_day_7_is_judged_with_no_symptom_but_an_abnormal_answer(
    last_left, course, fires
):
    result = assess(
        back(
            log(3, sym("ache", "mid_back", "midline", 3), left={"arm_side_lift": "harder"}),
            log(8, left=last_left, course=course),
        )
    )
    assert ("PAT-PERSIST" in fired_ids(result)) is fires


@pytest.mark.parametrize(("first_at_rest", "sooner"), [(True, True), (False, False)])
def test_12_11_the_48_hours_read_any_symptom_of_7_at_rest_in_each_log_of_the_run(
    first_at_rest, sooner
):
    # Different symptoms in the two logs: any severe one at rest keeps the run going.
    result = assess(
        back(
            log(1, sym("ache", "mid_back", "midline", 8, at_rest=first_at_rest)),
            log(3, sym("sharp", "low_back", "midline", 9, at_rest=True)),
        )
    )
    assert the(result, "PAT-PERSIST")["sooner"] is sooner


# --- 12.15: safety_net, and the face on both sides --------------------------------------


@pytest.mark.parametrize(
    ("data", "level"),
    [
        (case(log(2)), "NONE"),
        (case(log(4, sym("itching", "calf", "left"))), "MONITOR_SELF_CARE"),
        (case(log(2, flags=("fever",))), "SEE_DOCTOR_DAYS"),
        (case(log(2, left={"grip_weak": True})), "SEE_DOCTOR_ASK_EMG"),
    ],
)
def test_12_15_safety_net_is_a_list_of_strings_below_emergency(data, level):
    result = assess(data)
    assert result["level"] == level
    assert isinstance(result["safety_net"], list)
    assert result["safety_net"]
    assert all(isinstance(item, str) and item for item in result["safety_net"])


def test_12_15_safety_net_is_null_at_emergency_now():
    result = assess(case(log(2, flags=("face_droop",))))
    assert result["level"] == "EMERGENCY_NOW"
    assert result["safety_net"] is None


@pytest.mark.parametrize("kind", ["numbness", "weakness"])
@pytest.mark.parametrize("side", ["left", "both"])
def test_12_15_numbness_or_weakness_of_the_face_on_one_or_both_sides_fires_rf_stroke(kind, side):
    result = assess(case(log(2, sym(kind, "face", side))))
    entry = the(result, "RF-STROKE")
    assert (entry["level"], entry["action"]) == ("EMERGENCY_NOW", "CALL_EMERGENCY")


def test_12_15_numbness_of_the_face_on_each_side_in_two_entries_fires_rf_stroke():
    result = assess(case(log(2, sym("numbness", "face", "left"), sym("numbness", "face", "right"))))
    assert the(result, "RF-STROKE")["level"] == "EMERGENCY_NOW"


# --- 12.16: winging without "when" ------------------------------------------------------


@pytest.mark.parametrize(
    ("forward", "ltn"),
    [
        (None, False),
        ("easy", False),
        ("not_tried", False),
        ("harder", True),
        ("great_effort", True),
        ("cannot", True),
    ],
)
def test_12_16_winging_without_when_fires_scapula_nerve_and_ltn_when_forward_lift_is_weak(
    forward, ltn
):
    fields = {"blade_sticks_out": True}
    if forward is not None:
        fields["arm_forward_overhead"] = forward
    result = assess(case(log(5, left=fields)))
    assert the(result, "PAT-SCAPULA-NERVE", "left")["level"] == "SEE_DOCTOR_ASK_EMG"
    assert bool(entries(result, "PAT-LTN", "left")) is ltn


# --- 12.17: PAT-PLEXUS-TOS's five arm areas ----------------------------------------------


@pytest.mark.parametrize(
    ("weak", "numb", "fires"),
    [
        ("hand_palm", "finger_index", False),  # the hand with its fingers: one area
        ("shoulder_outer", "armpit", False),  # shoulder and armpit: one area
        ("upper_arm_front", "upper_arm_back", False),  # the upper arm: one area
        ("hand_palm", "forearm_thumb_side", True),
        ("upper_arm_front", "elbow", True),  # the elbow is an area of its own
        ("elbow", "forearm_little_finger_side", True),
        ("armpit", "upper_arm_outer", True),
        ("shoulder_top", "finger_little", True),
    ],
)
def test_12_17_the_plexus_branch_counts_weakness_and_numbness_together_over_five_areas(
    weak, numb, fires
):
    result = assess(
        case(
            log(1, sym("weakness", weak, "left"), sym("numbness", numb, "left")),
            regions=("shoulder_top:left",),
            timing="within_24h",
        )
    )
    plexus = [e for e in entries(result, "PAT-PLEXUS-TOS", "left") if e.get("branch") == "plexus"]
    assert bool(plexus) is fires
    if fires:
        assert (plexus[0]["level"], plexus[0]["sooner"]) == ("SEE_DOCTOR_ASK_EMG", True)


def test_12_17_weakness_and_numbness_in_two_areas_need_both_kinds():
    # Numbness alone over two areas is not the plexus branch: it needs weakness too.
    result = assess(
        case(
            log(
                1, sym("numbness", "hand_palm", "left"), sym("numbness", "upper_arm_outer", "left")
            ),
            regions=("shoulder_top:left",),
            timing="within_24h",
        )
    )
    assert not [e for e in entries(result, "PAT-PLEXUS-TOS") if e.get("branch") == "plexus"]
