"""The engine's assessment, turned into what the assessment page shows a person."""

import datetime

from .triage import vocabulary as v
from .triage.evidence import describe_evidence
from .triage.screen import advice_for_action

RULE_TITLES = {
    "RF-STROKE": "Warning signs of a stroke",
    "RF-DISSECTION-PAIN": "Warning pain in the head or neck",
    "RF-CORD": "Warning signs from the spinal cord",
    "RF-CES": "Warning signs from the nerves low in the spine (cauda equina)",
    "RF-PE": "Warning signs of a blood clot in the lungs (pulmonary embolism)",
    "RF-DVT": "Warning signs of a blood clot in an arm or leg (deep vein thrombosis)",
    "RF-RHABDO": "Warning signs of muscle breakdown (rhabdomyolysis)",
    "RF-PROGRESSIVE": "Weakness that is getting worse or spreading",
    "RF-SYSTEMIC": "Signs of an illness of the whole body",
    "PAT-SAN": "The nerve that works the trapezius muscle (spinal accessory nerve)",
    "PAT-LTN": "The nerve that holds the shoulder blade to the chest (long thoracic nerve)",
    "PAT-SCAPULA-NERVE": "A nerve of the shoulder blade muscles",
    "PAT-ROOT": "A nerve root in the neck (cervical radiculopathy)",
    "PAT-PLEXUS-TOS": (
        "The nerves between the neck and the arm (brachial plexus or thoracic outlet)"
    ),
    "PAT-PERIPHERAL": "A nerve in the arm or leg (peripheral nerve)",
    "PAT-PERSIST": "Symptoms that last or get worse",
    "PAT-SORENESS": "Ordinary soreness after a massage",
}

NEXT_STEPS = {
    "EMERGENCY_NOW": "Get emergency help now.",
    "SEE_DOCTOR_ASK_EMG": (
        "Book a doctor's appointment within the next few days. Your answers match a pattern "
        "where a nerve test (EMG and nerve conduction study) is often used: ask about it."
    ),
    "SEE_DOCTOR_DAYS": "Book a doctor or a physiotherapist within the next few days.",
    "MONITOR_SELF_CARE": (
        "This is likely to settle by itself. Rest the sore area, keep moving gently, and check "
        "in again."
    ),
    "NONE": "You reported no symptoms. Check in again if anything changes.",
}
SOONER = "Sooner is better here: within one or two days, and at once if it gets worse."


def emg_explanation(assessment):
    """The EMG timing in plain words for this person's day since the trouble started."""
    timing, day = assessment.get("emg_timing"), assessment.get("d_onset")
    if not timing:
        return None
    as_of = datetime.date.fromisoformat(assessment["as_of"])
    if timing == "before_window":
        from_date = as_of + datetime.timedelta(days=21 - day)
        return (
            f"It is day {day} since the trouble started. A nerve test (EMG) shows a nerve injury "
            f"best from about three weeks after it began, so from around "
            f"{from_date:%-d %B}. Your doctor may see you before then, and decide when to test."
        )
    if timing == "in_window":
        return (
            f"It is day {day} since the trouble started: this is the time, from about three "
            "weeks to three months, when a nerve test (EMG) is most useful. Ask your doctor "
            "about it now."
        )
    if timing == "specialist_question":
        return (
            f"It is day {day}, more than three months since the trouble started, and it is not "
            "clearly better. Ask your doctor whether you should see a nerve specialist."
        )
    return (
        f"It is day {day} since the trouble started and your answers show it getting better. "
        "Ask your doctor whether a nerve test (EMG) is still needed."
    )


def present(assessment, case, feedback=()):
    """Everything the page shows, in the order it shows it."""
    given = {(f.rule_id, f.side): f for f in feedback}
    patterns = []
    for entry in assessment["fired"]:
        side = entry.get("side") or ""
        patterns.append(
            {
                "entry": entry,
                "title": RULE_TITLES.get(entry["id"], entry["id"]),
                "side_label": v.label(v.SIDES, side) if side else "",
                "reasons": [describe_evidence(item, case) for item in entry["evidence"]],
                "feedback": given.get((entry["id"], side)),
                "is_red_flag": entry["id"].startswith("RF-"),
                "anchor": f"pattern-{entry['id']}-{side or 'both'}".lower(),
            }
        )
    level = assessment["level"]
    return {
        "level": level,
        "level_label": v.LEVELS.get(level, level),
        "next_step": NEXT_STEPS.get(level, ""),
        "sooner": SOONER if assessment.get("sooner") and level != "EMERGENCY_NOW" else "",
        "emergency": advice_for_action(assessment["action"]) if assessment.get("action") else None,
        "patterns": patterns,
        "emg": emg_explanation(assessment),
        "recheck_on": (
            datetime.date.fromisoformat(assessment["recheck_on"])
            if assessment.get("recheck_on")
            else None
        ),
        "safety_net": assessment.get("safety_net") or [],
        "disclaimer": assessment["disclaimer"],
        "d_onset": assessment.get("d_onset"),
    }
