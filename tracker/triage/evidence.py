"""One evidence item of an assessment, in plain words for the person it is about.

The engine's ``evidence`` items are paths into the case as given (``logs[-1].symptoms[0].nprs=7``,
``massage.regions[1]=neck_side:left``) or short phrases for derived facts (``d_onset=26``,
``pain rose 3→6``). ``describe_evidence`` turns one of them into a sentence using the
vocabulary's labels and the person's own side, reading the case for what the path points at
(the region of a symptom, the date of a check-in). A log is named by its index from the end
(``logs[-3]``, revision 2) or, in a result stored by revision 1, from the start (``logs[0]``);
either reads against the case's logs, which end at the assessed check-in.

``describe_reasons`` reads a rule's whole evidence list: a carried answer or red-flag code
(spec/triage.md 10.5, 10.2) is followed by a phrase saying where it came from (``carried from
2026-03-04``, ``reported 2026-03-04, no doctor since``), and the two read as one sentence.

Neither raises: a form it does not know, or a path the case does not hold, falls back to a
readable version of the item itself.
"""

import datetime
import re
from typing import NamedTuple

from .vocabulary import (
    AGE_BANDS,
    BLADE_VISIBLE_WHEN,
    LIMB_SWOLLEN_WITH,
    MASSAGE_TYPES,
    ONSET_TIMINGS,
    PAIN_QUALITIES,
    PRESSURES,
    RED_FLAGS,
    RISK_FACTORS,
    SIDE_SIGNS_SHORT,
    SIDES,
    SYMPTOM_KINDS,
    TECHNIQUES,
    WEAKNESS_TYPES,
    where,
)

_ITEM = re.compile(r"(?P<path>[a-z_]+(?:\[-?\d+\])?(?:\.[a-z_]+(?:\[-?\d+\])?)*)=(?P<value>.*)")
_STEP = re.compile(r"(?P<name>[a-z_]+)(?:\[(?P<index>-?\d+)\])?")
_CHANGE = re.compile(r"pain (?P<way>rose|fell) (?P<before>\d+)→(?P<after>\d+)")
_SINCE_LOG = re.compile(r"severe pain since logs\[(?P<index>-?\d+)\]")
# Only a log's answer or code is carried (10.2, 10.5).
_LOG_ITEM = re.compile(r"logs\[-?\d+\]\.[a-z_]+.*=")
_CARRIED = re.compile(r"carried from (?P<date>\d{4}-\d{2}-\d{2})")
_REPORTED = re.compile(r"reported (?P<date>\d{4}-\d{2}-\d{2}), no doctor since")

# What a carried item is (Reason.carried): a movement answer (10.5) or a red-flag code (10.2).
CARRIED_ANSWER = "answer"
CARRIED_RED_FLAG = "red_flag"

# Movement answers as "lifting your left arm out to the side: ...", in the second person.
_MOVEMENT_WORDS = {
    "arm_side_lift": "lifting your {side} arm out to the side",
    "arm_forward_overhead": "raising your {side} arm forward and over your head",
    "wrist_finger_lift": "lifting your {side} wrist and fingers",
    "foot_lift": "lifting the front of your {side} foot",
}
# vocabulary.MOVEMENT_GRADES speaks as the person ("my body"); these speak to them.
_GRADE_WORDS = {
    "easy": "easy, the same as the other side",
    "harder": "harder than the other side",
    "great_effort": "only by twisting your body or with great effort",
    "cannot": "you can't",
    "not_tried": "not tried",
}
_COURSE_WORDS = {
    "better": "you said it is better",
    "same": "you said it is about the same",
    "worse": "you said it is worse",
    "comes_and_goes": "you said it comes and goes",
}
_LOG_FLAGS = {
    "neck_move_or_cough_provokes_arm": "moving your neck, coughing or sneezing sends symptoms "
    "down your arm",
    "overhead_or_dangling_provokes": "your arm or hand symptoms get worse with your arms "
    "overhead or hanging down",
    "emg_done": "you have had a nerve test (EMG)",
    "seen_doctor": "you have seen a doctor",
}
_SYMPTOM_FLAGS = {
    "at_rest": "it hurts at rest too",
    "pressed_or_moved_only": "it hurts only when pressed or moved",
    "sudden": "it started suddenly",
}


def _lower_first(text):
    if text.startswith(("I ", "I'")):
        return text
    return text[:1].lower() + text[1:]


def _readable(item):
    """The fallback: the item itself, with words instead of codes' underscores."""
    text = str(item).replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else ""


def _get(container, name, index=None):
    """``container[name][index]`` when it is there, else None (the case may be anything)."""
    value = container.get(name) if isinstance(container, dict) else None
    if index is None:
        return value
    if isinstance(value, list) and -len(value) <= index < len(value):
        return value[index]
    return None


def _date_words(value):
    try:
        date = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{date.day} {date:%B %Y}"


def _short_date(value):
    """A date without its year: "4 March" (a carried item is at most four weeks old)."""
    try:
        date = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{date.day} {date:%B}"


def _side(side):
    return SIDES.get(side, side) if isinstance(side, str) else ""


def _place(entry):
    """Where a ``{region, side}`` entry is, in short words: "side of the neck (your left)"."""
    region, side = _get(entry, "region"), _get(entry, "side")
    if not isinstance(region, str):
        return ""
    return _lower_first(where(region, side)) if isinstance(side, str) else region


def _log_prefix(index, log):
    if index == -1:
        return "Your latest check-in"
    if index == -2:
        return "Your check-in before that"
    date = _get(log, "date")
    return f"Your check-in of {_date_words(date)}" if date else "An earlier check-in"


def _symptom_words(symptom, name, value):
    place = _place(symptom)
    tail = f", {place}" if place else ""
    if name == "kind":
        return f"{_lower_first(SYMPTOM_KINDS.get(value, value))}{tail}"
    if name == "nprs":
        return f"pain {value}/10{tail}"
    if name == "region":
        return f"a symptom at the {place or value}"
    if name in _SYMPTOM_FLAGS and value == "true":
        kind = _get(symptom, "kind")
        what = _lower_first(SYMPTOM_KINDS.get(kind, "the symptom")) if kind else "the symptom"
        return f"{what}{tail}: {_SYMPTOM_FLAGS[name]}"
    return None


def _function_words(side, name, value):
    side_words = _side(side).removeprefix("your ")
    if name in _MOVEMENT_WORDS:
        return f"{_MOVEMENT_WORDS[name].format(side=side_words)}: {_GRADE_WORDS.get(value, value)}"
    if name in SIDE_SIGNS_SHORT:
        sign = SIDE_SIGNS_SHORT[name]
        return f"{sign} on {_side(side)}" if value == "true" else f"no {sign} on {_side(side)}"
    if name == "blade_visible_when":
        when = _lower_first(BLADE_VISIBLE_WHEN.get(value, value))
        return f"your {side_words} shoulder blade sticks out most: {when}"
    if name == "limb_swollen_with":
        return f"the swollen arm or leg on {_side(side)} is {LIMB_SWOLLEN_WITH.get(value, value)}"
    return None


def _log_words(steps, value, case, *, bare=False):
    """A log's item, after "Your latest check-in: " (or alone, capitalised, when ``bare``)."""
    (_, index), *rest = steps
    log = _get(case, "logs", index)
    names = [name for name, _ in rest]
    words = None
    if names == ["red_flags"]:
        words = _lower_first(RED_FLAGS.get(value, value))
    elif names == ["course"]:
        words = _COURSE_WORDS.get(value)
    elif names == ["weakness_type"]:
        words = f"“{WEAKNESS_TYPES[value]}”" if value in WEAKNESS_TYPES else None
    elif len(names) == 1 and names[0] in _LOG_FLAGS:
        words = _LOG_FLAGS[names[0]] if value == "true" else f"not: {_LOG_FLAGS[names[0]]}"
    elif names == ["date"]:
        words = f"dated {_date_words(value)}"
    elif len(names) == 2 and names[0] == "symptoms":
        symptom = _get(log, "symptoms", rest[0][1]) if rest[0][1] is not None else None
        words = _symptom_words(symptom, names[1], value)
    elif len(names) == 3 and names[0] == "function":
        words = _function_words(names[1], names[2], value)
    if not words:
        return None
    if bare:
        return words[:1].upper() + words[1:]
    return f"{_log_prefix(index, log)}: {words}"


def _massage_words(steps, value, case):
    names = [name for name, _ in steps[1:]]
    massage = _get(case, "massage")
    if names == ["regions"]:
        region, _, side = value.partition(":")
        return f"The massage included: {_place({'region': region, 'side': side or None})}"
    if names == ["pressure"]:
        return f"The massage pressure was {_lower_first(PRESSURES.get(value, value))}"
    if names == ["techniques"]:
        return f"The massage used: {_lower_first(TECHNIQUES.get(value, value))}"
    if names == ["types"]:
        return f"Type of massage: {_lower_first(MASSAGE_TYPES.get(value, value))}"
    if names == ["neck_manipulation"] and value == "true":
        return "Your neck was cracked, thrust or suddenly twisted during the treatment"
    if names == ["date"]:
        return f"The massage was on {_date_words(value)}"
    if len(names) == 2 and names[0] == "pain_during":
        place = _place(_get(massage, "pain_during"))
        at = f" at the {place}" if place else ""
        if names[1] == "quality":
            return f"Pain during the massage{at}: {_lower_first(PAIN_QUALITIES.get(value, value))}"
        if names[1] == "nprs":
            return f"Pain during the massage{at}: {value}/10"
        if names[1] in ("region", "side"):
            return f"Pain during the massage at the {place or value}"
    return None


def _other_words(steps, value):
    names = [name for name, _ in steps]
    if names == ["onset", "timing"]:
        timing = ONSET_TIMINGS.get(value, value).replace("after it", "after the massage")
        return f"The trouble started: {_lower_first(timing)}"
    if names == ["onset", "date"]:
        return f"The trouble started on {_date_words(value)}"
    if names == ["risk", "age_band"]:
        return f"Your age: {_lower_first(AGE_BANDS.get(value, value))}"
    if len(names) == 2 and names[0] == "risk" and names[1] in RISK_FACTORS and value == "true":
        return f"Your background: {_lower_first(RISK_FACTORS[names[1]])}"
    if names == ["as_of"]:
        return f"Judged as of {_date_words(value)}"
    return None


def _days(value, what):
    if not value.isdigit():
        return None
    days = int(value)
    if days == 0:
        return f"The {what} was today" if what == "massage" else "The trouble started today"
    unit = "day" if days == 1 else "days"
    return f"It is {days} {unit} since the {what}"


def _phrase_words(item, case):
    change = _CHANGE.fullmatch(item)
    if change:
        return (
            f"Your pain {change['way']} from {change['before']}/10 to {change['after']}/10 "
            "since your check-in before"
        )
    if item.startswith("new since the last check-in: "):
        return "New since your check-in before: " + item.removeprefix(
            "new since the last check-in: "
        )
    since = _SINCE_LOG.fullmatch(item)
    if since:
        log = _get(case, "logs", int(since["index"]))
        date = _get(log, "date")
        start = f"your check-in of {_date_words(date)}" if date else "an earlier check-in"
        return f"Severe pain (7/10 or more) in every check-in since {start}"
    if item == "not clearly better":
        return "Not clearly better than before"
    if item == "weakness spread since the last check-in":
        return "The weakness has spread since your check-in before"
    # Alone, a "where it came from" phrase names no answer; describe_reasons joins it to the
    # item before it, and these words are only for an item it could not join.
    carried = _CARRIED.fullmatch(item)
    if carried:
        return f"An answer carried from your check-in of {_short_date(carried['date'])}"
    reported = _REPORTED.fullmatch(item)
    if reported:
        return (
            f"A warning sign you reported on {_short_date(reported['date'])}: no doctor has "
            "checked you since"
        )
    return None


def _describe(item, case, *, bare=False):
    match = _ITEM.fullmatch(item)
    if match is None:
        return _phrase_words(item, case)
    path, value = match["path"], match["value"]
    steps = [
        (step["name"], int(step["index"]) if step["index"] is not None else None)
        for step in _STEP.finditer(path)
    ]
    head = steps[0][0]
    if head == "d_onset" and len(steps) == 1:
        return _days(value, "trouble started")
    if head == "d_massage" and len(steps) == 1:
        return _days(value, "massage")
    if head == "logs" and steps[0][1] is not None:
        return _log_words(steps, value, case, bare=bare)
    if head == "massage":
        return _massage_words(steps, value, case)
    return _other_words(steps, value)


def describe_evidence(item: str, case: dict) -> str:
    """One evidence item in plain words for the person; never raises."""
    if not isinstance(item, str):
        return _readable(item)
    try:
        words = _describe(item, case)
    except Exception:  # the page must always get words, whatever the case holds
        words = None
    return words or _readable(item)


class Reason(NamedTuple):
    """One line of "Why am I seeing this?": its words, and what it carries, if anything."""

    text: str
    carried: str = ""  # CARRIED_ANSWER, CARRIED_RED_FLAG or ""


def _describe_carried(item, phrase, case):
    """An item joined with the phrase after it, or None when the phrase is not a carry.

    10.5: ``logs[-3].function.left.arm_side_lift=cannot`` then ``carried from 2026-03-04``
    reads "Lifting your left arm out to the side: you can't (from your answer on 4 March)".
    10.2: ``logs[-3].red_flags[0]=fever`` then ``reported 2026-03-04, no doctor since`` reads
    "A fever: you reported this on 4 March and no doctor has checked you since". The log's
    own name is left out: the phrase's date says which check-in it was.
    """
    carried, reported = _CARRIED.fullmatch(phrase), _REPORTED.fullmatch(phrase)
    if not (carried or reported):
        return None
    try:
        words = _describe(item, case, bare=True)
    except Exception:  # the page must always get words, whatever the case holds
        words = None
    words = words or _readable(item)
    if carried:
        return Reason(
            f"{words} (from your answer on {_short_date(carried['date'])})", CARRIED_ANSWER
        )
    return Reason(
        f"{words}: you reported this on {_short_date(reported['date'])} and no doctor has "
        "checked you since",
        CARRIED_RED_FLAG,
    )


def _carries(item):
    if not isinstance(item, str):
        return ""
    if _CARRIED.fullmatch(item):
        return CARRIED_ANSWER
    return CARRIED_RED_FLAG if _REPORTED.fullmatch(item) else ""


def describe_reasons(items, case) -> list[Reason]:
    """A rule's evidence list in plain words, a carried item joined with where it came from.

    The engine follows a carried answer or code with a phrase naming its source (10.2, 10.5);
    the two become one line, so the page says the answer was carried right where it shows it.
    Never raises.
    """
    if not isinstance(items, list | tuple):
        return []
    reasons = []
    index = 0
    while index < len(items):
        item = items[index]
        following = items[index + 1] if index + 1 < len(items) else None
        joined = (
            _describe_carried(item, following, case)
            if isinstance(item, str) and isinstance(following, str) and _LOG_ITEM.match(item)
            else None
        )
        if joined:
            reasons.append(joined)
            index += 2
        else:
            reasons.append(Reason(describe_evidence(item, case), _carries(item)))
            index += 1
    return reasons
