"""The engine's assessment, turned into what the assessment page shows a person.

It reads results of both engine revisions: a stored revision-1 result (spec/triage.md 10.9) has
no ``seen_doctor_on`` or ``reported_before`` and shows as it did.
"""

import datetime
from collections import Counter

from .assessment_mechanisms import mechanism
from .triage import vocabulary as v
from .triage.evidence import CARRIED_ANSWER, CARRIED_RED_FLAG, describe_reasons
from .triage.params import EMG_WINDOW_FROM_DAY
from .triage.screen import advice_for_action
from .triage.texts import DISCLAIMER

# The rules' plain titles live with the other words for codes (the community shows them too).
RULE_TITLES = v.RULE_TITLES

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

# Issue 12, point 5: one headline says what to do and by when; the emergency's own headline
# (the banner) leads at EMERGENCY_NOW, and the doctor's plan after a visit (10.3).
HEADLINES = {
    "SEE_DOCTOR_ASK_EMG": "See a doctor within a few days and ask about a nerve test (EMG)",
    "SEE_DOCTOR_DAYS": "See a doctor or physiotherapist within a few days",
    "NONE": "You reported no symptoms: check in again if anything changes",
}
SOONER_HEADLINES = {
    "SEE_DOCTOR_ASK_EMG": "See a doctor within 1-2 days and ask about a nerve test (EMG)",
    "SEE_DOCTOR_DAYS": "See a doctor within 1-2 days",
}
SELF_CARE_HEADLINE = "This is likely to settle: check in again on {date}"
SELF_CARE_HEADLINE_NO_DATE = "This is likely to settle: check in again in 2-3 days"
HEADLINE_DETAILS = {
    "SEE_DOCTOR_ASK_EMG": (
        "Your answers match a pattern where a nerve test (EMG and nerve conduction study) is "
        "often used. Go sooner if it gets worse."
    ),
    "SEE_DOCTOR_DAYS": "Go sooner if it gets worse.",
    "MONITOR_SELF_CARE": (
        "Rest the sore area and keep moving gently. The list below says when to see a doctor "
        "instead."
    ),
}
SOONER_DETAIL = "Go at once if it gets worse."

# 10.3: after a doctor's visit the page leads with the plan, not with booking a visit.
DOCTOR_VISIT = "You saw a doctor on {date}: follow the plan you were given."
DOCTOR_VISIT_FOLLOW_UP = (
    "Keep checking in. If it gets worse, or does not get better as your doctor expected, see a "
    "doctor again."
)
# A warning sign (an RF-* rule) at this check-in may be one the doctor never heard of: a
# carried code was reported after the visit (10.2), and the last log's signs are since the
# previous check-in. Safety first: keep the advice to see a doctor, said as a condition.
DOCTOR_VISIT_WARNING = (
    "Your answers include a warning sign. If the doctor did not check you for it, see a doctor "
    "about it within the next few days."
)
DOCTOR_VISIT_LEVEL = "Your answers on their own would say: {label}."
# The next-step texts that carry on after a doctor's visit: they book nothing.
AFTER_VISIT_LEVELS = ("MONITOR_SELF_CARE", "NONE")

CARRIED_NOTES = {
    CARRIED_ANSWER: (
        "“From your answer on …” marks a question you left out this time: the last answer you "
        "gave, up to 14 days before, still counts until you answer it again."
    ),
    CARRIED_RED_FLAG: (
        "A warning sign you reported still counts for four weeks, until a doctor has checked "
        "you for it."
    ),
}


def emg_window_opens(assessment):
    """The day a nerve test (EMG) becomes most useful, about three weeks after the trouble
    started (F30-F34; 8.14), while that day is still ahead (``before_window``); else None.
    The page's words and the calendar file (tracker/calendar_file.py) both say this date."""
    if assessment.get("emg_timing") != "before_window" or assessment.get("d_onset") is None:
        return None
    as_of = datetime.date.fromisoformat(assessment["as_of"])
    return as_of + datetime.timedelta(days=EMG_WINDOW_FROM_DAY - assessment["d_onset"])


def emg_explanation(assessment):
    """The EMG timing in plain words for this person's day since the trouble started."""
    timing, day = assessment.get("emg_timing"), assessment.get("d_onset")
    if not timing:
        return None
    if timing == "before_window":
        from_date = emg_window_opens(assessment)
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
    if timing == "done":
        # 10.6: an EMG was done before day 90 and it is not clearly better.
        return (
            f"It is day {day} since the trouble started, and you have had a nerve test (EMG). "
            "Go over the result with your doctor: what it shows, and what comes next."
        )
    return (
        f"It is day {day} since the trouble started and your answers show it getting better. "
        "Ask your doctor whether a nerve test (EMG) is still needed."
    )


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _lower_first(text):
    return text[:1].lower() + text[1:]


def next_steps(assessment):
    """The lead of the page: what to do now, given the level and any doctor's visit.

    10.3: once a doctor has seen the person (``seen_doctor_on``), the page leads with "follow
    the plan you were given" instead of telling them to book a visit they already had; the
    level stays, and is said as what the answers alone would call for. Section 7.1 (safety
    first) sets two limits: an emergency still leads (the banner, never the visit), and a
    warning sign (an ``RF-*`` rule) keeps the advice to see a doctor, with its own ``sooner``,
    for the case the doctor never checked it. Returns ``(doctor_visit, level_words, next_step,
    sooner)``.
    """
    level = assessment["level"]
    next_step = NEXT_STEPS.get(level, "")
    sooner = SOONER if assessment.get("sooner") and level != "EMERGENCY_NOW" else ""
    seen_on = _date(assessment.get("seen_doctor_on"))
    if seen_on is None or level == "EMERGENCY_NOW":
        return None, "", next_step, sooner
    visit = DOCTOR_VISIT.format(date=f"{seen_on.day} {seen_on:%B %Y}")
    if level in AFTER_VISIT_LEVELS:
        return visit, "", next_step, sooner
    label = DOCTOR_VISIT_LEVEL.format(label=_lower_first(v.LEVELS.get(level, level)))
    warning = next(
        (entry for entry in assessment.get("fired", []) if entry["id"].startswith("RF-")), None
    )
    if warning is not None:
        return visit, label, DOCTOR_VISIT_WARNING, SOONER if warning.get("sooner") else ""
    # "Book a visit" and its "sooner" were for the visit now had.
    return visit, label, DOCTOR_VISIT_FOLLOW_UP, ""


def headline(assessment, recheck_on=None):
    """What to do and by when, in one line, for a level other than an emergency (whose banner
    leads instead): ``(headline, detail)``."""
    level = assessment["level"]
    sooner = bool(assessment.get("sooner"))
    if level == "MONITOR_SELF_CARE":
        if recheck_on is None:
            return SELF_CARE_HEADLINE_NO_DATE, HEADLINE_DETAILS[level]
        when = f"{recheck_on:%A} {recheck_on.day} {recheck_on:%B}"
        return SELF_CARE_HEADLINE.format(date=when), HEADLINE_DETAILS[level]
    if sooner and level in SOONER_HEADLINES:
        return SOONER_HEADLINES[level], SOONER_DETAIL
    if level in HEADLINES:
        return HEADLINES[level], HEADLINE_DETAILS.get(level, "")
    return v.LEVELS.get(level, level), NEXT_STEPS.get(level, "")


def shared_reasons(patterns):
    """Evidence that drove more than one pattern, said once (issue 12, point 5): each such
    reason with the titles of the patterns it is behind, in the order the page first meets it.
    Each pattern keeps the rest as its ``own_reasons`` and counts what it shares."""
    behind = Counter()
    for pattern in patterns:
        behind.update({reason.text for reason in pattern["_reasons"]})
    shared = {}
    for pattern in patterns:
        title = pattern["title"] + (f", {pattern['side_label']}" if pattern["side_label"] else "")
        own = []
        for reason in pattern["_reasons"]:
            if behind[reason.text] > 1:
                entry = shared.setdefault(reason.text, {"reason": reason, "patterns": []})
                if title not in entry["patterns"]:
                    entry["patterns"].append(title)
            elif reason.text not in (r.text for r in own):
                own.append(reason)
        pattern["own_reasons"] = [reason.text for reason in own]
        pattern["shared_count"] = len({r.text for r in pattern["_reasons"]} & set(shared))
        pattern["carried_notes"] = _carried_notes(own)
    entries = list(shared.values())
    notes = _carried_notes([entry["reason"] for entry in entries])
    return [
        {"text": entry["reason"].text, "patterns": entry["patterns"]} for entry in entries
    ], notes


def _carried_notes(reasons):
    carried = {reason.carried for reason in reasons}
    return [text for kind, text in CARRIED_NOTES.items() if kind in carried]


def reported_before(assessment):
    """10.4's list in plain words: each sign reported earlier, when, and if a doctor saw it."""
    entries = []
    for entry in assessment.get("reported_before") or []:
        date = _date(entry.get("date"))
        entries.append(
            {
                "label": v.label(v.RED_FLAGS, entry.get("code")),
                "date": date,
                "seen_doctor_since": bool(entry.get("seen_doctor_since")),
            }
        )
    return entries


def present(assessment, case, feedback=()):
    """Everything the page shows, in the order it shows it.

    ``case`` holds the logs up to the assessed check-in (its last log), so that the evidence's
    ``logs[-k]`` name the same check-ins as they did for the engine.
    """
    given = {(f.rule_id, f.side): f for f in feedback}
    level = assessment["level"]
    patterns = []
    for entry in assessment["fired"]:
        side = entry.get("side") or ""
        reasons = describe_reasons(entry["evidence"], case)
        patterns.append(
            {
                "entry": entry,
                "title": RULE_TITLES.get(entry["id"], entry["id"]),
                "side_label": v.label(v.SIDES, side) if side else "",
                # Why these answers point there: one sentence (issue 12, point 5).
                "mechanism": mechanism(entry, case),
                # Plain strings: the report groups them by their lead (report.grouped_reasons).
                "reasons": [reason.text for reason in reasons],
                "_reasons": reasons,
                "feedback": given.get((entry["id"], side)),
                "is_red_flag": entry["id"].startswith("RF-"),
                # At an emergency only its own rules show; the rest wait under "For later",
                # without their advice (no self-care or physiotherapist card beside it).
                "for_later": level == "EMERGENCY_NOW" and entry.get("level") != "EMERGENCY_NOW",
                "anchor": f"pattern-{entry['id']}-{side or 'both'}".lower(),
            }
        )
    shared, shared_notes = shared_reasons(patterns)
    anchors = Counter()
    for pattern in patterns:
        del pattern["_reasons"]
        # Two branches of one rule can fire on one side: each element id stays unique.
        anchors[pattern["anchor"]] += 1
        count = anchors[pattern["anchor"]]
        pattern["dom_id"] = pattern["anchor"] + (f"-{count}" if count > 1 else "")
    doctor_visit, level_words, next_step, sooner = next_steps(assessment)
    recheck_on = _date(assessment.get("recheck_on"))
    lead, lead_detail = headline(assessment, recheck_on)
    return {
        "level": level,
        "level_label": v.LEVELS.get(level, level),
        "doctor_visit": doctor_visit,
        "level_words": level_words,
        "next_step": next_step,
        "sooner": sooner,
        # The one headline: what to do and by when (after a visit, the doctor's plan).
        "headline": doctor_visit or lead,
        "headline_detail": "" if doctor_visit else lead_detail,
        "emergency": advice_for_action(assessment["action"]) if assessment.get("action") else None,
        "patterns": patterns,
        "patterns_now": [pattern for pattern in patterns if not pattern["for_later"]],
        "patterns_later": [pattern for pattern in patterns if pattern["for_later"]],
        "shared_reasons": shared,
        "shared_carried_notes": shared_notes,
        "reported_before": reported_before(assessment),
        "emg": emg_explanation(assessment),
        "emg_from": emg_window_opens(assessment),
        "recheck_on": recheck_on,
        "safety_net": assessment.get("safety_net") or [],
        # 10.3: the "see a doctor if…" list stays after a visit, as "again".
        "safety_net_title": "See a doctor again if…" if doctor_visit else "See a doctor if…",
        # Every assessment says it is not a diagnosis, whatever the stored result holds.
        "disclaimer": assessment.get("disclaimer") or DISCLAIMER,
        "d_onset": assessment.get("d_onset"),
    }
