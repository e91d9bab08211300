"""Case builders for the triage tests, and the 18 vignettes of clinical-research.md section 4.

``case(...)`` writes a case in the contract's input form (spec/triage.md section 3) with days
counted from ``MASSAGE_DAY``: ``log(5, ...)`` is a check-in 5 days after the massage.
"""

import datetime

from tracker.triage.vocabulary import RULE_IDS

MASSAGE_DAY = datetime.date(2026, 3, 1)


def day(n):
    return (MASSAGE_DAY + datetime.timedelta(days=n)).isoformat()


def sym(kind, region, side, nprs=None, **flags):
    """A symptom; ``flags`` are at_rest, pressed_or_moved_only and sudden."""
    entry = {"kind": kind, "region": region, "side": side}
    if nprs is not None:
        entry["nprs"] = nprs
    entry.update(flags)
    return entry


def log(n, *symptoms, left=None, right=None, flags=(), **fields):
    """A check-in on day ``n`` after the massage."""
    entry = {"date": day(n), "symptoms": list(symptoms), "red_flags": list(flags)}
    function = {}
    if left is not None:
        function["left"] = left
    if right is not None:
        function["right"] = right
    if function:
        entry["function"] = function
    entry.update(fields)
    return entry


def case(
    *logs, regions=(), timing="during_massage", onset_day=None, as_of=None, risk=None, **massage
):
    """A case: the massage on ``MASSAGE_DAY`` over ``regions`` (``"neck_side:left"``)."""
    result = {
        "massage": {
            "date": MASSAGE_DAY.isoformat(),
            "regions": [
                {"region": r.partition(":")[0], "side": r.partition(":")[2]} for r in regions
            ],
            **massage,
        },
        "onset": {"timing": timing},
        "logs": list(logs),
    }
    if onset_day is not None:
        result["onset"]["date"] = day(onset_day)
    if as_of is not None:
        result["as_of"] = day(as_of)
    if risk:
        result["risk"] = risk
    return result


# Every red-flag rule of the contract (section 2): the vignettes that must not alarm list them.
RED_FLAG_IDS = tuple(rule_id for rule_id in RULE_IDS if rule_id.startswith("RF-"))

# --- The vignettes (clinical-research.md section 4) -------------------------------------------
# Each gives the case, the level, the rules that must fire and must not fire, and the action,
# sooner flag and EMG timing where the vignette says. Where the story leaves an answer open,
# the case takes the most ordinary one and a comment says so.

SAN_MASSAGE = {
    "regions": ("neck_side:left", "shoulder_top:left"),
    "types": ["deep_tissue"],
    "pressure": "firm",
    "techniques": ["elbow_forearm"],
    "pain_during": {"region": "shoulder_top", "side": "left", "nprs": 7, "quality": "sharp"},
    "risk": {"age_band": "30-39"},
}
SAN_DAY_5 = log(
    5,
    sym("ache", "shoulder_top", "left", 3),
    left={
        "arm_forward_overhead": "easy",
        "arm_side_lift": "great_effort",
        "blade_sticks_out": True,
        "blade_visible_when": "lifting_sideways",
    },
    weakness_type="weak_even_when_pain_mild",
)
# Day 26: "slightly better", the shoulder "still" looks lower (so lower at day 5 as well).
SAN_DAY_5_LOWER = {
    **SAN_DAY_5,
    "function": {"left": {**SAN_DAY_5["function"]["left"], "shoulder_lower": True}},
}
SAN_DAY_26 = log(
    26,
    sym("ache", "shoulder_top", "left", 3),
    left={"arm_side_lift": "harder", "shoulder_lower": True},
    course="better",
    weakness_type="weak_even_when_pain_mild",
)

VIGNETTES = [
    {
        "name": "1 index-like SAN, early",
        "case": case(SAN_DAY_5, **SAN_MASSAGE),
        "level": "SEE_DOCTOR_ASK_EMG",
        "fires": {"PAT-SAN"},
        "not_fires": {"PAT-SORENESS", "PAT-ROOT", *RED_FLAG_IDS},
        "emg_timing": "before_window",
    },
    {
        "name": "2 SAN at the EMG window",
        "case": case(SAN_DAY_5_LOWER, SAN_DAY_26, **SAN_MASSAGE),
        "level": "SEE_DOCTOR_ASK_EMG",
        "fires": {"PAT-SAN", "PAT-PERSIST"},
        "not_fires": {"PAT-SORENESS"},
        "emg_timing": "in_window",
    },
    {
        "name": "3 SAN, no recovery at 4 months",
        "case": case(
            SAN_DAY_26,
            log(
                120,
                sym("ache", "shoulder_top", "left", 3, at_rest=True),
                left={
                    "arm_side_lift": "harder",
                    "shoulder_lower": True,
                    "neck_shoulder_line_flatter": True,
                },
                course="same",
                emg_done=True,
            ),
            **SAN_MASSAGE,
        ),
        "level": "SEE_DOCTOR_ASK_EMG",
        "fires": {"PAT-SAN", "PAT-PERSIST"},
        "not_fires": set(RED_FLAG_IDS),
        "emg_timing": "specialist_question",
    },
    {
        # "After manipulation therapy"; she looks up: neck movement sends the tingling down.
        "name": "4 SAN plus neck root",
        "case": case(
            log(
                6,
                sym("ache", "shoulder_top", "right", 5),
                sym("tingling", "finger_thumb", "right"),
                sym("tingling", "finger_index", "right"),
                right={"arm_side_lift": "harder", "blade_sticks_out": True},
                neck_move_or_cough_provokes_arm=True,
            ),
            regions=("neck_back:midline", "shoulder_top:right"),
            types=["neck_manipulation"],
            neck_manipulation=True,
            timing="within_24h",
            risk={"age_band": "40-49"},
        ),
        "level": "SEE_DOCTOR_ASK_EMG",
        "fires": {"PAT-SAN", "PAT-ROOT"},
        "not_fires": {"PAT-SORENESS"},
    },
    {
        "name": "5 ordinary soreness",
        "case": case(
            log(
                1,
                sym("ache", "between_shoulder_blades", "midline", 4, pressed_or_moved_only=True),
                left={"arm_side_lift": "easy", "arm_forward_overhead": "easy"},
                right={"arm_side_lift": "easy", "arm_forward_overhead": "easy"},
            ),
            log(
                3,
                sym("ache", "between_shoulder_blades", "midline", 2, pressed_or_moved_only=True),
                left={"arm_side_lift": "easy", "arm_forward_overhead": "easy"},
                right={"arm_side_lift": "easy", "arm_forward_overhead": "easy"},
                course="better",
            ),
            regions=("between_shoulder_blades:midline", "shoulder_blade:both"),
            types=["deep_tissue"],
            pressure="firm",
            timing="within_24h",
            risk={"age_band": "30-39"},
        ),
        "level": "MONITOR_SELF_CARE",
        "fires": {"PAT-SORENESS"},
        "not_fires": {"PAT-SAN", "PAT-PERSIST", *RED_FLAG_IDS},
    },
    {
        "name": "6 soreness that worsens",
        "case": case(
            log(
                1, sym("ache", "between_shoulder_blades", "midline", 4, pressed_or_moved_only=True)
            ),
            log(
                3,
                sym("ache", "between_shoulder_blades", "midline", 3, pressed_or_moved_only=True),
                course="better",
            ),
            log(
                5,
                sym("ache", "between_shoulder_blades", "midline", 6, pressed_or_moved_only=True),
                course="worse",
            ),
            regions=("between_shoulder_blades:midline",),
            types=["deep_tissue"],
            timing="within_24h",
        ),
        "level": "SEE_DOCTOR_DAYS",
        "fires": {"PAT-PERSIST"},
        "not_fires": {"PAT-SORENESS", "PAT-SAN"},
    },
    {
        # The sudden neck pain is entered on the side it was worse (vertebral dissection pain
        # is often one-sided, F72): a midline entry would not count as "one side only" (8.3).
        "name": "7 vertebral artery dissection",
        "case": case(
            log(0, sym("sharp", "neck_back", "left", 8, sudden=True)),
            log(
                2,
                sym("sharp", "neck_back", "left", 7),
                sym("headache", "head_back", "left", 6),
                flags=(
                    "sudden_balance_loss_or_severe_dizziness",
                    "vomiting_or_light_sensitivity",
                    "new_unsteady_walking",
                ),
                course="worse",
            ),
            regions=("neck_back:midline", "shoulder_top:both"),
            types=["thai"],
            risk={"age_band": "30-39"},
        ),
        "level": "EMERGENCY_NOW",
        "action": "CALL_EMERGENCY",
        "fires": {"RF-STROKE", "RF-DISSECTION-PAIN"},
        "not_fires": {"PAT-SORENESS"},
    },
    {
        "name": "8 carotid dissection with Horner sign",
        "case": case(
            log(
                7,
                sym("sharp", "neck_side", "right", 6),
                sym("headache", "head_side_temple", "right", 5),
            ),
            log(
                14,
                sym("sharp", "neck_side", "right", 6),
                sym("headache", "head_side_temple", "right", 7),
                flags=("eyelid_droop_small_pupil",),
                course="worse",
            ),
            regions=("neck_side:right",),
            types=["neck_manipulation"],
            neck_manipulation=True,
            timing="within_24h",
            risk={"age_band": "50-59"},
        ),
        "level": "EMERGENCY_NOW",
        "action": "CALL_EMERGENCY",
        "fires": {"RF-STROKE", "RF-DISSECTION-PAIN"},
        "not_fires": {"PAT-SORENESS"},
        "not_first": "PAT-ROOT",
    },
    {
        "name": "9 rhabdomyolysis",
        "case": case(
            log(
                1,
                sym("ache", "upper_arm_front", "both", 8, at_rest=True),
                sym("swelling", "upper_arm_front", "both", 8),
                flags=("urine_dark",),
                course="worse",
            ),
            regions=("upper_arm_front:both", "upper_arm_outer:both", "shoulder_top:both"),
            types=["deep_tissue"],
            pressure="very_firm",
            timing="within_24h",
            risk={"age_band": "40-49"},
        ),
        "level": "EMERGENCY_NOW",
        "action": "GO_TO_ED_NOW",
        "fires": {"RF-RHABDO"},
        "not_fires": {"PAT-SORENESS"},
    },
    {
        "name": "10 pulmonary embolism after leg massage",
        "case": case(
            log(
                0,
                sym("ache", "calf", "left", 5, at_rest=True),
                flags=("breathlessness", "chest_pain_on_breathing"),
            ),
            regions=("calf:left",),
            types=["other"],
            risk={"age_band": "30-39"},
        ),
        "level": "EMERGENCY_NOW",
        "action": "CALL_EMERGENCY",
        "fires": {"RF-PE"},
        "not_fires": {"PAT-SORENESS"},
    },
    {
        # "From day 2": the onset came a day or more after the massage.
        "name": "11 long thoracic nerve pattern",
        "case": case(
            log(
                4,
                sym("ache", "shoulder_blade", "right", 2),
                right={
                    "blade_sticks_out": True,
                    "blade_visible_when": "pushing_or_reaching_forward",
                    "arm_forward_overhead": "harder",
                    "arm_side_lift": "easy",
                },
            ),
            regions=("neck_side:right", "above_collarbone:right"),
            types=["deep_tissue"],
            timing="1_to_7_days",
            onset_day=2,
            risk={"age_band": "18-29", "intense_exercise_same_days": True},
        ),
        "level": "SEE_DOCTOR_ASK_EMG",
        "fires": {"PAT-LTN"},
        "not_fires": {"PAT-SAN", "PAT-SORENESS"},
        "emg_timing": "before_window",
    },
    {
        "name": "12 cervical nerve root alone",
        "case": case(
            log(
                2,
                sym("sharp", "neck_side", "right", 5),
                sym("shooting_or_electric", "forearm_thumb_side", "right", 6),
                sym("tingling", "finger_middle", "right"),
                right={"grip_weak": False, "arm_side_lift": "easy"},
                neck_move_or_cough_provokes_arm=True,
            ),
            regions=("neck_back:midline", "neck_side:right"),
            types=["relaxation"],
            timing="within_24h",
            risk={"age_band": "50-59"},
        ),
        "level": "SEE_DOCTOR_DAYS",
        "sooner": False,
        "fires": {"PAT-ROOT"},
        "not_fires": {"PAT-SAN", *RED_FLAG_IDS},
    },
    {
        "name": "13 radial nerve after upper-arm massage",
        "case": case(
            log(
                1,
                sym("numbness", "hand_back", "right"),
                right={"wrist_finger_lift": "cannot"},
            ),
            regions=("upper_arm_outer:right",),
            types=["deep_tissue"],
            timing="within_24h",
            risk={"age_band": "50-59"},
        ),
        "level": "SEE_DOCTOR_ASK_EMG",
        "fires": {"PAT-PERIPHERAL"},
        "branch": ("PAT-PERIPHERAL", "motor"),
        "not_fires": {"PAT-SAN", "PAT-SORENESS"},
        "emg_timing": "before_window",
    },
    {
        "name": "14 brachial plexus after chair massage",
        "case": case(
            log(
                1,
                sym("sharp", "shoulder_top", "left", 8, sudden=True),
                sym("numbness", "shoulder_outer", "left"),
                sym("numbness", "upper_arm_outer", "left"),
                sym("numbness", "forearm_thumb_side", "left"),
                left={"arm_side_lift": "cannot", "whole_limb_weak": True, "grip_weak": True},
                flags=("sudden_whole_arm_or_leg_weakness",),
            ),
            regions=("neck_back:midline", "shoulder_top:both"),
            types=["chair"],
            timing="within_24h",
            risk={"age_band": "50-59"},
        ),
        "level": "EMERGENCY_NOW",
        "action": "CALL_EMERGENCY",
        "fires": {"RF-STROKE", "PAT-PLEXUS-TOS"},
        "branch": ("PAT-PLEXUS-TOS", "plexus"),
        "not_fires": {"PAT-SAN", "PAT-SORENESS"},
    },
    {
        "name": "15 neuralgic amyotrophy mimic",
        "case": case(
            log(0, sym("sharp", "shoulder_top", "right", 10, sudden=True, at_rest=True)),
            log(
                2,
                sym("sharp", "shoulder_top", "right", 5),
                right={
                    "arm_forward_overhead": "harder",
                    "arm_side_lift": "harder",
                    "blade_sticks_out": True,
                    "blade_visible_when": "pushing_or_reaching_forward",
                },
                weakness_type="weak_even_when_pain_mild",
                course="better",
            ),
            regions=("shoulder_top:right", "shoulder_blade:right"),
            types=["sports"],
            timing="within_24h",
            risk={"age_band": "40-49", "intense_exercise_same_days": True},
        ),
        "level": "SEE_DOCTOR_ASK_EMG",
        "fires": {"PAT-LTN", "PAT-SAN", "PAT-PERSIST"},
        "not_fires": {"PAT-SORENESS"},
    },
    {
        "name": "16 cauda equina",
        "case": case(
            log(
                2,
                sym("ache", "low_back", "midline", 5),
                sym("numbness", "saddle_area", "midline"),
                flags=("saddle_numbness", "bladder_control_change"),
            ),
            regions=("low_back:midline",),
            types=["deep_tissue"],
            timing="within_24h",
            risk={"age_band": "40-49"},
        ),
        "level": "EMERGENCY_NOW",
        "action": "GO_TO_ED_NOW",
        "fires": {"RF-CES"},
        "not_fires": {"PAT-SORENESS"},
    },
    {
        "name": "17 DVT in pregnancy",
        "case": case(
            log(
                1,
                sym("tenderness", "calf", "left", 4),
                left={"limb_swollen": True, "limb_swollen_with": ["warm", "tender"]},
            ),
            regions=("calf:both", "foot_top:both", "sole:both"),
            types=["relaxation"],
            timing="within_24h",
            risk={"pregnant_or_recent_birth": True},
        ),
        "level": "EMERGENCY_NOW",
        "action": "GO_TO_ED_NOW",
        "fires": {"RF-DVT"},
        "not_fires": {"PAT-SORENESS"},
    },
    {
        "name": "18 sensory-only leg irritation",
        "case": case(
            log(0, sym("tingling", "foot_top", "right"), right={"foot_lift": "easy"}),
            log(
                3,
                sym("tingling", "foot_top", "right"),
                right={"foot_lift": "easy"},
                course="better",
            ),
            regions=("calf:right", "knee_outer:right"),
            types=["deep_tissue"],
            pressure="firm",
            timing="within_24h",
            risk={"age_band": "30-39"},
        ),
        "level": "MONITOR_SELF_CARE",
        "fires": {"PAT-PERIPHERAL"},
        "branch": ("PAT-PERIPHERAL", "sensory"),
        "not_fires": {"PAT-SAN", *RED_FLAG_IDS},
    },
]


# --- Reading results --------------------------------------------------------------------------


def fired_ids(result):
    return {entry["id"] for entry in result["fired"]}


def entries(result, rule_id, side="any"):
    """The fired entries of ``rule_id`` (on ``side`` when given)."""
    return [
        entry
        for entry in result["fired"]
        if entry["id"] == rule_id and (side == "any" or entry["side"] == side)
    ]


def the(result, rule_id, side="any"):
    """The one fired entry of ``rule_id`` (on ``side``); fails when there is not exactly one."""
    found = entries(result, rule_id, side)
    assert len(found) == 1, (
        f"{rule_id} on {side}: {[(e['id'], e['side']) for e in result['fired']]}"
    )
    return found[0]
