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

Both speak to the person by default (``voice="patient"``: "your left", "you can't"). The doctor
report asks for ``voice="clinician"``: the same facts about the patient in the neutral third
person, sides as bare "left" and "right" (the report says once that they are the patient's
own), and a carried item as "carried from the answer of 4 March" or "reported 4 March, not yet
seen by a doctor".
"""

import datetime
import re
from dataclasses import dataclass
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
    SHORT_REGION_LABELS,
    SIDE_SIGNS_SHORT,
    SIDES,
    SYMPTOM_KINDS,
    TECHNIQUES,
    WEAKNESS_TYPES,
    label,
    region_label,
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

# The clinician's words for the same facts: the patient in the third person, sides bare.
CLINICIAN_SIDES = {"left": "left", "right": "right", "both": "both sides", "midline": "midline"}
# The red-flag labels ask the person ("your face"); these say the same of the patient.
CLINICIAN_RED_FLAGS = {
    **RED_FLAGS,
    "face_droop": "One side of the face drooping",
    "one_side_face_arm_leg_weak_or_numb": (
        "Sudden weakness or numbness of the face, arm or leg on one side"
    ),
    "worst_ever_headache": "A sudden, severe headache: the worst ever",
    "new_severe_one_sided_neck_or_head_pain": (
        "New, severe pain on one side of the neck or head, unlike the usual pain"
    ),
    "new_clumsy_hands": "New clumsiness of the hands (buttons, writing)",
    "saddle_numbness": (
        "Numbness between the legs or around the back passage, or a different feeling when "
        "wiping (saddle area)"
    ),
    "bladder_control_change": "New trouble starting or controlling urine",
    "bowel_control_change": "New trouble controlling the bowels",
    "chest_pain_on_breathing": "Chest pain on breathing in",
    "stiff_neck_all_over": "A stiff neck all over: cannot bend the chin to the chest",
    "vomiting_or_light_sensitivity": "Vomiting, or light hurting the eyes",
    "unexplained_weight_loss": "Unexplained weight loss",
    "night_pain_not_eased_by_rest": "Night pain that wakes the patient and does not ease with rest",
}
CLINICIAN_GRADES = {
    "easy": "easy, the same as the other side",
    "harder": "harder than the other side",
    "great_effort": "only with trunk compensation or great effort",
    "cannot": "unable",
    "not_tried": "not tried",
}
_CLINICIAN_MOVEMENT_WORDS = {
    "arm_side_lift": "lifting the {side} arm out to the side (abduction)",
    "arm_forward_overhead": "raising the {side} arm forward and overhead (flexion)",
    "wrist_finger_lift": "lifting the {side} wrist and fingers (extension)",
    "foot_lift": "lifting the front of the {side} foot (dorsiflexion)",
}
_CLINICIAN_COURSE_WORDS = {
    "better": "reported better",
    "same": "reported about the same",
    "worse": "reported worse",
    "comes_and_goes": "reported that it comes and goes",
}
_CLINICIAN_LOG_FLAGS = {
    "neck_move_or_cough_provokes_arm": "neck movement, coughing or sneezing sends symptoms "
    "down the arm",
    "overhead_or_dangling_provokes": "arm or hand symptoms worse with the arms overhead or "
    "hanging down",
    "emg_done": "has had a nerve test (EMG)",
    "seen_doctor": "has seen a doctor",
}
_CLINICIAN_SYMPTOM_FLAGS = {
    "at_rest": "present at rest too",
    "pressed_or_moved_only": "only when pressed or moved",
    "sudden": "sudden onset",
}
_CLINICIAN_ONSET = {**ONSET_TIMINGS, "not_sure": "Not sure"}
CLINICIAN_RISK_FACTORS = {**RISK_FACTORS, "cancer_history": "Has had cancer"}
_YOUR_SIDE = re.compile(r"\byour (left|right)\b")


def clinician_where(region: str, side: str) -> str:
    """A region with the patient's side, for a clinician: "Side of the neck (left)"."""
    name = SHORT_REGION_LABELS.get(region) or region_label(region)
    return f"{name} ({label(CLINICIAN_SIDES, side)})"


@dataclass(frozen=True)
class _Voice:
    """Who the words speak to: the person ("your left") or a clinician ("left")."""

    sides: dict
    where: object
    movements: dict
    grades: dict
    courses: dict
    log_flags: dict
    symptom_flags: dict
    red_flags: dict
    onset: dict
    risks: dict
    latest: str
    before: str
    of_date: str  # "{date}"
    earlier: str
    side_sign: str  # "{sign} on {side}"
    blade_most: str  # "{side}", "{when}"
    limb_swollen: str  # "{side}", "{what}"
    weakness: str  # "{quote}"
    neck_manipulation: str
    age: str
    background: str
    onset_lead: str
    onset_on: str
    days_onset: str  # "{days} {unit}"
    days_massage: str
    onset_today: str
    pain_change: str  # "{way}", "{before}", "{after}"
    new_since: str
    severe_since: str  # "{start}"
    severe_since_log: str  # "{date}"
    severe_since_earlier: str
    weakness_spread: str
    carried_alone: str  # "{date}"
    reported_alone: str
    carried_joined: str  # "{words}", "{date}"
    reported_joined: str


_PATIENT = _Voice(
    sides=SIDES,
    where=where,
    movements=_MOVEMENT_WORDS,
    grades=_GRADE_WORDS,
    courses=_COURSE_WORDS,
    log_flags=_LOG_FLAGS,
    symptom_flags=_SYMPTOM_FLAGS,
    red_flags=RED_FLAGS,
    onset=ONSET_TIMINGS,
    risks=RISK_FACTORS,
    latest="Your latest check-in",
    before="Your check-in before that",
    of_date="Your check-in of {date}",
    earlier="An earlier check-in",
    side_sign="{sign} on {side}",
    blade_most="your {side} shoulder blade sticks out most: {when}",
    limb_swollen="the swollen arm or leg on {side} is {what}",
    weakness="“{quote}”",
    neck_manipulation="Your neck was cracked, thrust or suddenly twisted during the treatment",
    age="Your age: {what}",
    background="Your background: {what}",
    onset_lead="The trouble started: {what}",
    onset_on="The trouble started on {date}",
    days_onset="It is {days} {unit} since the trouble started",
    days_massage="It is {days} {unit} since the massage",
    onset_today="The trouble started today",
    pain_change="Your pain {way} from {before}/10 to {after}/10 since your check-in before",
    new_since="New since your check-in before: ",
    severe_since="Severe pain (7/10 or more) in every check-in since {start}",
    severe_since_log="your check-in of {date}",
    severe_since_earlier="an earlier check-in",
    weakness_spread="The weakness has spread since your check-in before",
    carried_alone="An answer carried from your check-in of {date}",
    reported_alone="A warning sign you reported on {date}: no doctor has checked you since",
    carried_joined="{words} (from your answer on {date})",
    reported_joined=("{words}: you reported this on {date} and no doctor has checked you since"),
)
_CLINICIAN = _Voice(
    sides=CLINICIAN_SIDES,
    where=clinician_where,
    movements=_CLINICIAN_MOVEMENT_WORDS,
    grades=CLINICIAN_GRADES,
    courses=_CLINICIAN_COURSE_WORDS,
    log_flags=_CLINICIAN_LOG_FLAGS,
    symptom_flags=_CLINICIAN_SYMPTOM_FLAGS,
    red_flags=CLINICIAN_RED_FLAGS,
    onset=_CLINICIAN_ONSET,
    risks=CLINICIAN_RISK_FACTORS,
    latest="Latest check-in",
    before="Previous check-in",
    of_date="Check-in of {date}",
    earlier="An earlier check-in",
    side_sign="{sign} on the {side}",
    blade_most="the {side} shoulder blade sticks out most: {when}",
    limb_swollen="the swollen arm or leg on the {side} is {what}",
    weakness="weakness described as “{quote}”",
    neck_manipulation="Neck manipulation (crack, thrust or sudden twist) during the treatment",
    age="Age: {what}",
    background="Background: {what}",
    onset_lead="Onset: {what}",
    onset_on="Onset on {date}",
    days_onset="Day {days} since onset",
    days_massage="Day {days} since the massage",
    onset_today="Onset today",
    pain_change="Pain {way} from {before}/10 to {after}/10 since the previous check-in",
    new_since="New since the previous check-in: ",
    severe_since="Severe pain (7/10 or more) in every check-in since {start}",
    severe_since_log="the check-in of {date}",
    severe_since_earlier="an earlier check-in",
    weakness_spread="The weakness has spread since the previous check-in",
    carried_alone="An answer carried from the check-in of {date}",
    reported_alone="A warning sign reported on {date}, not yet seen by a doctor",
    carried_joined="{words} (carried from the answer of {date})",
    reported_joined="{words}: reported {date}, not yet seen by a doctor",
)
VOICES = {"patient": _PATIENT, "clinician": _CLINICIAN}


def _voice(name):
    """The words for ``name``; an unknown voice speaks to the person, as before voices."""
    return VOICES.get(name, _PATIENT)


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


def _side(side, w=_PATIENT):
    return w.sides.get(side, side) if isinstance(side, str) else ""


def _place(entry, w=_PATIENT):
    """Where a ``{region, side}`` entry is, in short words: "side of the neck (your left)"."""
    region, side = _get(entry, "region"), _get(entry, "side")
    if not isinstance(region, str):
        return ""
    return _lower_first(w.where(region, side)) if isinstance(side, str) else region


def _log_prefix(index, log, w=_PATIENT):
    if index == -1:
        return w.latest
    if index == -2:
        return w.before
    date = _get(log, "date")
    return w.of_date.format(date=_date_words(date)) if date else w.earlier


def _symptom_words(symptom, name, value, w=_PATIENT):
    place = _place(symptom, w)
    tail = f", {place}" if place else ""
    if name == "kind":
        return f"{_lower_first(SYMPTOM_KINDS.get(value, value))}{tail}"
    if name == "nprs":
        return f"pain {value}/10{tail}"
    if name == "region":
        return f"a symptom at the {place or value}"
    if name in w.symptom_flags and value == "true":
        kind = _get(symptom, "kind")
        what = _lower_first(SYMPTOM_KINDS.get(kind, "the symptom")) if kind else "the symptom"
        return f"{what}{tail}: {w.symptom_flags[name]}"
    return None


def _function_words(side, name, value, w=_PATIENT):
    side_words = _side(side, w).removeprefix("your ")
    if name in w.movements:
        return f"{w.movements[name].format(side=side_words)}: {w.grades.get(value, value)}"
    if name in SIDE_SIGNS_SHORT:
        sign = w.side_sign.format(sign=SIDE_SIGNS_SHORT[name], side=_side(side, w))
        return sign if value == "true" else f"no {sign}"
    if name == "blade_visible_when":
        when = _lower_first(BLADE_VISIBLE_WHEN.get(value, value))
        return w.blade_most.format(side=side_words, when=when)
    if name == "limb_swollen_with":
        return w.limb_swollen.format(side=_side(side, w), what=LIMB_SWOLLEN_WITH.get(value, value))
    return None


def _log_words(steps, value, case, *, bare=False, w=_PATIENT):
    """A log's item, after "Your latest check-in: " (or alone, capitalised, when ``bare``)."""
    (_, index), *rest = steps
    log = _get(case, "logs", index)
    names = [name for name, _ in rest]
    words = None
    if names == ["red_flags"]:
        words = _lower_first(w.red_flags.get(value, value))
    elif names == ["course"]:
        words = w.courses.get(value)
    elif names == ["weakness_type"]:
        words = w.weakness.format(quote=WEAKNESS_TYPES[value]) if value in WEAKNESS_TYPES else None
    elif len(names) == 1 and names[0] in w.log_flags:
        flag = w.log_flags[names[0]]
        words = flag if value == "true" else f"not: {flag}"
    elif names == ["date"]:
        words = f"dated {_date_words(value)}"
    elif len(names) == 2 and names[0] == "symptoms":
        symptom = _get(log, "symptoms", rest[0][1]) if rest[0][1] is not None else None
        words = _symptom_words(symptom, names[1], value, w)
    elif len(names) == 3 and names[0] == "function":
        words = _function_words(names[1], names[2], value, w)
    if not words:
        return None
    if bare:
        return words[:1].upper() + words[1:]
    return f"{_log_prefix(index, log, w)}: {words}"


def _massage_words(steps, value, case, w=_PATIENT):
    names = [name for name, _ in steps[1:]]
    massage = _get(case, "massage")
    if names == ["regions"]:
        region, _, side = value.partition(":")
        return f"The massage included: {_place({'region': region, 'side': side or None}, w)}"
    if names == ["pressure"]:
        return f"The massage pressure was {_lower_first(PRESSURES.get(value, value))}"
    if names == ["techniques"]:
        return f"The massage used: {_lower_first(TECHNIQUES.get(value, value))}"
    if names == ["types"]:
        return f"Type of massage: {_lower_first(MASSAGE_TYPES.get(value, value))}"
    if names == ["neck_manipulation"] and value == "true":
        return w.neck_manipulation
    if names == ["date"]:
        return f"The massage was on {_date_words(value)}"
    if len(names) == 2 and names[0] == "pain_during":
        place = _place(_get(massage, "pain_during"), w)
        at = f" at the {place}" if place else ""
        if names[1] == "quality":
            return f"Pain during the massage{at}: {_lower_first(PAIN_QUALITIES.get(value, value))}"
        if names[1] == "nprs":
            return f"Pain during the massage{at}: {value}/10"
        if names[1] in ("region", "side"):
            return f"Pain during the massage at the {place or value}"
    return None


def _other_words(steps, value, w=_PATIENT):
    names = [name for name, _ in steps]
    if names == ["onset", "timing"]:
        timing = w.onset.get(value, value).replace("after it", "after the massage")
        return w.onset_lead.format(what=_lower_first(timing))
    if names == ["onset", "date"]:
        return w.onset_on.format(date=_date_words(value))
    if names == ["risk", "age_band"]:
        return w.age.format(what=_lower_first(AGE_BANDS.get(value, value)))
    if len(names) == 2 and names[0] == "risk" and names[1] in w.risks and value == "true":
        return w.background.format(what=_lower_first(w.risks[names[1]]))
    if names == ["as_of"]:
        return f"Judged as of {_date_words(value)}"
    return None


def _days(value, what, w=_PATIENT):
    if not value.isdigit():
        return None
    days = int(value)
    if days == 0:
        return f"The {what} was today" if what == "massage" else w.onset_today
    unit = "day" if days == 1 else "days"
    template = w.days_massage if what == "massage" else w.days_onset
    return template.format(days=days, unit=unit)


def _phrase_words(item, case, w=_PATIENT):
    change = _CHANGE.fullmatch(item)
    if change:
        return w.pain_change.format(
            way=change["way"], before=change["before"], after=change["after"]
        )
    if item.startswith("new since the last check-in: "):
        rest = item.removeprefix("new since the last check-in: ")
        if w is _CLINICIAN:
            # The engine names the sign with the person's side ("shoulder lower (your left)").
            rest = _YOUR_SIDE.sub(r"\1", rest)
        return w.new_since + rest
    since = _SINCE_LOG.fullmatch(item)
    if since:
        log = _get(case, "logs", int(since["index"]))
        date = _get(log, "date")
        start = (
            w.severe_since_log.format(date=_date_words(date)) if date else w.severe_since_earlier
        )
        return w.severe_since.format(start=start)
    if item == "not clearly better":
        return "Not clearly better than before"
    if item == "weakness spread since the last check-in":
        return w.weakness_spread
    # Alone, a "where it came from" phrase names no answer; describe_reasons joins it to the
    # item before it, and these words are only for an item it could not join.
    carried = _CARRIED.fullmatch(item)
    if carried:
        return w.carried_alone.format(date=_short_date(carried["date"]))
    reported = _REPORTED.fullmatch(item)
    if reported:
        return w.reported_alone.format(date=_short_date(reported["date"]))
    return None


def _describe(item, case, *, bare=False, w=_PATIENT):
    match = _ITEM.fullmatch(item)
    if match is None:
        return _phrase_words(item, case, w)
    path, value = match["path"], match["value"]
    steps = [
        (step["name"], int(step["index"]) if step["index"] is not None else None)
        for step in _STEP.finditer(path)
    ]
    head = steps[0][0]
    if head == "d_onset" and len(steps) == 1:
        return _days(value, "trouble started", w)
    if head == "d_massage" and len(steps) == 1:
        return _days(value, "massage", w)
    if head == "logs" and steps[0][1] is not None:
        return _log_words(steps, value, case, bare=bare, w=w)
    if head == "massage":
        return _massage_words(steps, value, case, w)
    return _other_words(steps, value, w)


def describe_evidence(item: str, case: dict, *, voice: str = "patient") -> str:
    """One evidence item in plain words for the person (or, with ``voice="clinician"``, about
    the patient for a doctor); never raises."""
    if not isinstance(item, str):
        return _readable(item)
    try:
        words = _describe(item, case, w=_voice(voice))
    except Exception:  # the page must always get words, whatever the case holds
        words = None
    return words or _readable(item)


class Reason(NamedTuple):
    """One line of "Why am I seeing this?": its words, and what it carries, if anything."""

    text: str
    carried: str = ""  # CARRIED_ANSWER, CARRIED_RED_FLAG or ""


def _describe_carried(item, phrase, case, w=_PATIENT):
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
        words = _describe(item, case, bare=True, w=w)
    except Exception:  # the page must always get words, whatever the case holds
        words = None
    words = words or _readable(item)
    if carried:
        date = _short_date(carried["date"])
        return Reason(w.carried_joined.format(words=words, date=date), CARRIED_ANSWER)
    date = _short_date(reported["date"])
    return Reason(w.reported_joined.format(words=words, date=date), CARRIED_RED_FLAG)


def _carries(item):
    if not isinstance(item, str):
        return ""
    if _CARRIED.fullmatch(item):
        return CARRIED_ANSWER
    return CARRIED_RED_FLAG if _REPORTED.fullmatch(item) else ""


def describe_reasons(items, case, *, voice: str = "patient") -> list[Reason]:
    """A rule's evidence list in plain words, a carried item joined with where it came from.

    The engine follows a carried answer or code with a phrase naming its source (10.2, 10.5);
    the two become one line, so the page says the answer was carried right where it shows it.
    ``voice="clinician"`` says it about the patient, for the doctor report. Never raises.
    """
    w = _voice(voice)
    if not isinstance(items, list | tuple):
        return []
    reasons = []
    index = 0
    while index < len(items):
        item = items[index]
        following = items[index + 1] if index + 1 < len(items) else None
        joined = (
            _describe_carried(item, following, case, w)
            if isinstance(item, str) and isinstance(following, str) and _LOG_ITEM.match(item)
            else None
        )
        if joined:
            reasons.append(joined)
            index += 2
        else:
            reasons.append(Reason(describe_evidence(item, case, voice=voice), _carries(item)))
            index += 1
    return reasons
