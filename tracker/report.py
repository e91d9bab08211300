"""The doctor report: one massage, its current assessment and its course, on one A4 page.

It is written for a clinician who reads it in a minute: the patient in the neutral third
person, sides as bare "left" and "right" (said once, at the top, to be the patient's own), the
answers behind each pattern, the EMG question, and none of the to-do advice the patient's own
pages give. Everything is short and bounded: the timeline is aggregated by the database (the
last ``RECENT_DATES`` check-in dates one row each, the time before them in at most
``OLDER_ROWS`` equal periods), whatever the length of the history, so that a course of up to
12 check-ins fits one page with its charts.
"""

import datetime
import math
import re
from dataclasses import dataclass, field, replace
from datetime import timedelta

from django.db.models import Case, Count, DateField, F, IntegerField, Max, Min, Value, When

from .assessment_display import emg_window_opens
from .assessments import checkins_for_evidence, reassess_massage
from .case_export import massage_case
from .models import MOVEMENT_FIELDS, SIGN_FIELDS, CheckIn, SideFunction, Symptom
from .triage import vocabulary as v
from .triage.evidence import (
    CLINICIAN_RED_FLAGS,
    CLINICIAN_RISK_FACTORS,
    CLINICIAN_SIDES,
    clinician_where,
    describe_reasons,
)
from .triage.screen import advice_for_action

RECENT_DATES = 14
OLDER_ROWS = 10
# The person's own notes, when they choose to print them: the massage's and the latest few
# check-ins', each cut at a word near NOTE_CHARS and all of them within NOTES_BUDGET
# characters (about six lines of the page), so that a course of 12 check-ins with notes still
# fits one page.
NOTES_SHOWN = 8
NOTE_CHARS = 160
NOTES_BUDGET = 900

SIDES_NOTE = "Sides are the patient's own: “left” is the patient's left."
DISCLAIMER = (
    "Not a diagnosis: MassageCare compares the patient's answers with published patterns of "
    "nerve injury after massage and examines no one; the clinician decides."
)
# The app's levels as a clinician reads them: what the app told the patient, said of them.
CLINICIAN_LEVELS = {
    **v.LEVELS,
    "EMERGENCY_NOW": "Get emergency help now",
    "MONITOR_SELF_CARE": "Likely to settle: self-care, and check in again",
}
# The movement questions and the signs in a clinician's words, short enough for a table cell
# and a chart's legend (the patterns' answers say them in full).
CLINICIAN_MOVEMENTS = {
    "arm_side_lift": "Arm abduction",
    "arm_forward_overhead": "Arm flexion",
    "wrist_finger_lift": "Wrist/finger extension",
    "foot_lift": "Ankle dorsiflexion",
}
CLINICIAN_SIGNS = {
    "shrug_weaker": "weak shrug",
    "shoulder_lower": "shoulder droop",
    "blade_sticks_out": "scapular winging",
    "neck_shoulder_line_flatter": "flatter neck-shoulder line",
    "grip_weak": "weak grip",
    "whole_limb_weak": "whole-limb weakness",
    "limb_swollen": "swollen limb",
}
# The symptom kinds in a table cell: the vocabulary's first words, without its explanations.
TABLE_KINDS = {
    **{code: label.lower() for code, label in v.SYMPTOM_KINDS.items()},
    "shooting_or_electric": "shooting pain",
    "tingling": "tingling",
    "tenderness": "tender",
    "heaviness": "heaviness",
    "warmth": "warm",
    "pale_blue_or_cold_skin": "pale or cold skin",
    "tremor": "tremor",
}
TABLE_COURSES = {
    "better": "Better",
    "same": "Same",
    "worse": "Worse",
    "comes_and_goes": "Fluctuating",
}
DOCTOR_EVENT = "Doctor visit"
EMG_EVENT = "EMG done"
TABLE_LEVELS = {
    "EMERGENCY_NOW": "Emergency",
    "SEE_DOCTOR_ASK_EMG": "Doctor, ask EMG",
    "SEE_DOCTOR_DAYS": "Doctor",
    "MONITOR_SELF_CARE": "Self-care",
    "NONE": "No symptoms",
}
TABLE_GRADES = {
    "easy": "easy",
    "harder": "harder",
    "great_effort": "great effort",
    "cannot": "unable",
}
CLINICIAN_PROVIDERS = {**v.PROVIDER_TYPES, "unknown": "Not known"}
CLINICIAN_ONSET = {**v.ONSET_TIMINGS, "not_sure": "Not sure"}

EMG_QUESTION = (
    "Question for the doctor: is a nerve test (EMG / nerve conduction study) indicated, and when?"
)
NO_NERVE_PATTERN = (
    "The latest answers match no nerve pattern for which the app suggests a nerve test; the "
    "doctor decides whether one is needed."
)


def emg_timing_words(assessment):
    """The engine's EMG timing (T-EMG) said to a clinician, or None without one."""
    timing, day = assessment.get("emg_timing"), assessment.get("d_onset")
    if not timing or day is None:
        return None
    if timing == "before_window":
        from_date = emg_window_opens(assessment)
        return (
            f"Day {day} since onset. EMG shows denervation best from about three weeks after "
            f"the injury, so from around {from_date:%-d %B}."
        )
    if timing == "in_window":
        return (
            f"Day {day} since onset: within the window (about three weeks to three months) in "
            "which EMG is most informative."
        )
    if timing == "specialist_question":
        return (
            f"Day {day}, more than three months since onset, and not clearly better: is a "
            "referral to a nerve specialist indicated?"
        )
    if timing == "done":
        return (
            f"Day {day} since onset. The patient reports an EMG already done, and it is not "
            "clearly better: the result and the next step are the questions."
        )
    return f"Day {day} since onset; the answers show it improving: is an EMG still needed?"


def massage_facts(massage):
    """The massage as (label, value) pairs, in plain words about the patient; unanswered
    questions left out."""
    facts = [
        ("Date", f"{massage.date:%-d %B %Y}" + (f", {massage.time:%H:%M}" if massage.time else ""))
    ]
    if massage.types:
        facts.append(("Type", ", ".join(massage.type_labels)))
    if massage.regions:
        regions = [clinician_where(entry["region"], entry["side"]) for entry in massage.regions]
        facts.append(("Regions worked", "; ".join(regions)))
    if massage.pressure:
        facts.append(("Pressure", v.label(v.PRESSURES, massage.pressure)))
    if massage.techniques:
        facts.append(("Techniques", ", ".join(massage.technique_labels)))
    if massage.pain_during_region and massage.pain_during_nprs is not None:
        pain = f"{clinician_where(massage.pain_during_region, massage.pain_during_side)}, "
        pain += f"{massage.pain_during_nprs}/10"
        if massage.pain_during_quality:
            pain += f", {v.label(v.PAIN_QUALITIES, massage.pain_during_quality).lower()}"
        facts.append(("Pain during it", pain))
    else:
        facts.append(("Pain during it", "None reported"))
    facts.append(("Neck manipulation", "Yes" if massage.neck_manipulation else "No"))
    if massage.provider_type:
        facts.append(("Given by", v.label(CLINICIAN_PROVIDERS, massage.provider_type)))
    onset = v.label(CLINICIAN_ONSET, massage.onset_timing).replace("after it", "after the massage")
    if massage.onset_date:
        onset += f" ({massage.onset_date:%-d %B %Y})"
    facts.append(("Onset", onset))
    return facts


def person_facts(massage):
    """Age band and the risk context the person gave with this massage."""
    facts = []
    if massage.age_band:
        facts.append(("Age", v.label(v.AGE_BANDS, massage.age_band)))
    risks = [label for name, label in CLINICIAN_RISK_FACTORS.items() if getattr(massage, name)]
    if risks:
        facts.append(("Background", "; ".join(risks)))
    return facts


@dataclass
class TimelineRow:
    """One date (or, further back, one period) of the symptom timeline."""

    first: object
    last: object
    first_day: int
    last_day: int
    checkins: int
    is_period: bool
    level: str = ""
    pains: list = field(default_factory=list)
    movements: list = field(default_factory=list)
    signs: list = field(default_factory=list)
    courses: list = field(default_factory=list)
    red_flags: list = field(default_factory=list)
    events: list = field(default_factory=list)

    @property
    def days(self):
        if self.first_day == self.last_day:
            return str(self.first_day)
        return f"{self.first_day}\N{EN DASH}{self.last_day}"


@dataclass
class Timeline:
    rows: list
    checkin_count: int
    has_periods: bool
    emg_done: bool
    seen_doctor: bool


def _periods(start, cutoff):
    """Equal periods of whole weeks from ``start`` up to ``cutoff``, at most ``OLDER_ROWS``."""
    span = (cutoff - start).days
    if span <= 0:
        return []
    weeks = max(1, math.ceil(span / OLDER_ROWS / 7))
    width = timedelta(days=7 * weeks)
    periods, begin = [], start
    while begin < cutoff:
        end = min(begin + width, cutoff)
        periods.append((begin, end))
        begin = end
    return periods


def _bucket(prefix, cutoff, periods):
    """SQL for the row a check-in falls in: its own date, or the start of its period."""
    date = f"{prefix}date"
    if cutoff is None:
        return F(date)
    whens = [When(**{f"{date}__gte": cutoff}, then=F(date))]
    whens += [When(**{f"{date}__lt": end}, then=Value(begin)) for begin, end in periods]
    return Case(*whens, output_field=DateField())


def _rank(field_name, order):
    """SQL that turns a code into its rank in ``order`` (worse is higher), else null."""
    return Case(
        *[When(**{field_name: code}, then=Value(rank)) for code, rank in order.items()],
        output_field=IntegerField(),
    )


LEVEL_RANK = {level: rank for rank, level in enumerate(v.LEVEL_ORDER)}


def build_timeline(massage):
    """The symptom timeline in six queries, whatever the number of check-ins.

    1 the last check-in dates, 2 each row's dates, count, worst level, doctor and EMG,
    3 the course answers, 4 the red flags, 5 the worst pain per place, 6 the worst movement
    grades and the signs seen, per side.
    """
    checkins = CheckIn.objects.filter(massage=massage)
    recent = list(
        checkins.order_by("-date").values_list("date", flat=True).distinct()[:RECENT_DATES]
    )
    if not recent:
        return Timeline(
            rows=[], checkin_count=0, has_periods=False, emg_done=False, seen_doctor=False
        )
    cutoff = recent[-1] if len(recent) == RECENT_DATES else None
    periods = _periods(massage.date, cutoff) if cutoff else []

    rows = {}
    summary = (
        checkins.annotate(bucket=_bucket("", cutoff, periods))
        .values("bucket")
        .annotate(
            first=Min("date"),
            last=Max("date"),
            count=Count("id"),
            level_rank=Max(_rank("level", LEVEL_RANK)),
            emg=Max(Case(When(emg_done=True, then=Value(1)), default=Value(0))),
            doctor=Max(Case(When(seen_doctor=True, then=Value(1)), default=Value(0))),
        )
        .order_by("bucket")
    )
    for entry in summary:
        row = TimelineRow(
            first=entry["first"],
            last=entry["last"],
            first_day=(entry["first"] - massage.date).days,
            last_day=(entry["last"] - massage.date).days,
            checkins=entry["count"],
            is_period=cutoff is not None and entry["bucket"] < cutoff,
        )
        if entry["level_rank"] is not None:
            row.level = TABLE_LEVELS[v.LEVEL_ORDER[entry["level_rank"]]]
        if entry["doctor"]:
            row.events.append(DOCTOR_EVENT)
        if entry["emg"]:
            row.events.append(EMG_EVENT)
        rows[entry["bucket"]] = row

    courses = (
        checkins.exclude(course="")
        .annotate(bucket=_bucket("", cutoff, periods))
        .values("bucket", "course")
        .annotate(count=Count("id"))
        .order_by("bucket", "course")
    )
    for entry in courses:
        row = rows[entry["bucket"]]
        text = v.label(TABLE_COURSES, entry["course"])
        row.courses.append(f"{text} ({entry['count']})" if row.checkins > 1 else text)

    flags = (
        checkins.exclude(red_flags=[])
        .annotate(bucket=_bucket("", cutoff, periods))
        .values_list("bucket", "red_flags")
        .distinct()
    )
    for bucket, codes in flags:
        row = rows[bucket]
        row.red_flags.extend(
            label
            for label in map(CLINICIAN_RED_FLAGS.get, codes)
            if label and label not in row.red_flags
        )

    _add_symptoms(rows, massage, cutoff, periods)
    _add_movements(rows, massage, cutoff, periods)
    ordered = [rows[key] for key in sorted(rows)]
    return Timeline(
        rows=ordered,
        checkin_count=sum(row.checkins for row in ordered),
        has_periods=any(row.is_period for row in ordered),
        emg_done=any(EMG_EVENT in row.events for row in ordered),
        seen_doctor=any(DOCTOR_EVENT in row.events for row in ordered),
    )


def _add_symptoms(rows, massage, cutoff, periods):
    """Per row, each place's worst pain (0-10), or its kinds of symptom when none was scored."""
    symptoms = (
        Symptom.objects.filter(checkin__massage=massage)
        .annotate(bucket=_bucket("checkin__", cutoff, periods))
        .values("bucket", "region", "side", "kind")
        .annotate(worst=Max("nprs"))
        .order_by("bucket", "region", "side", "kind")
    )
    places = {}
    for entry in symptoms:
        place = places.setdefault((entry["bucket"], entry["region"], entry["side"]), [None, []])
        if entry["worst"] is not None:
            place[0] = max(place[0] or 0, entry["worst"])
        else:
            place[1].append(v.label(TABLE_KINDS, entry["kind"]))
    for (bucket, region, side), (worst, kinds) in places.items():
        text = clinician_where(region, side)
        if worst is not None:
            text += f" {worst}/10"
        if kinds:
            text += (", " if worst is not None else ": ") + ", ".join(kinds)
        rows[bucket].pains.append((-(worst or 0), text))
    for row in rows.values():
        row.pains = [text for _, text in sorted(row.pains, key=lambda pair: pair[0])]


GRADE_WORDS = {rank: TABLE_GRADES[code] for code, rank in v.MOVEMENT_GRADE_ORDER.items()}


def _add_movements(rows, massage, cutoff, periods):
    """Per row, each movement question with the worst grade given on each side ("Arm
    abduction: left unable, right easy"), then the signs seen on each side."""
    seen = {name: Max(Case(When(**{name: True}, then=Value(1)))) for name in SIGN_FIELDS}
    grades = (
        SideFunction.objects.filter(checkin__massage=massage)
        .annotate(bucket=_bucket("checkin__", cutoff, periods))
        .values("bucket", "side")
        .annotate(
            **{name: Max(_rank(name, v.MOVEMENT_GRADE_ORDER)) for name in MOVEMENT_FIELDS},
            **{f"sign_{name}": rule for name, rule in seen.items()},
        )
        .order_by("bucket", "side")
    )
    answers, signs = {}, {}
    for entry in grades:
        side = v.label(CLINICIAN_SIDES, entry["side"])
        for name in MOVEMENT_FIELDS:
            if entry[name] is not None:
                words = f"{side} {GRADE_WORDS[entry[name]]}"
                answers.setdefault(entry["bucket"], {}).setdefault(name, []).append(words)
        found = [CLINICIAN_SIGNS[name] for name in SIGN_FIELDS if entry[f"sign_{name}"]]
        if found:
            signs.setdefault(entry["bucket"], []).append(f"{side.capitalize()}: {', '.join(found)}")
    for bucket, by_question in answers.items():
        rows[bucket].movements = [
            f"{CLINICIAN_MOVEMENTS[name]}: {', '.join(by_question[name])}"
            for name in MOVEMENT_FIELDS
            if name in by_question
        ]
    for bucket, lines in signs.items():
        rows[bucket].signs = lines


def grouped_reasons(reasons):
    """Reasons that share a lead ("Latest check-in: ...") said once, in their order:
    ["A: x", "A: y", "B"] becomes ["A: x; y", "B"]."""
    groups = {}
    for reason in reasons:
        lead, colon, rest = reason.partition(": ")
        key = lead if colon else reason
        groups.setdefault(key, []).append(rest if colon else None)
    return [
        key if parts == [None] else f"{key}: {'; '.join(p for p in parts if p)}"
        for key, parts in groups.items()
    ]


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def clinician_assessment(assessment, case, feedback=()):
    """The assessment as the report shows it: the level, the patterns with the answers behind
    each (in the clinician's words), the doctor's visit and the warning signs reported before
    (revision 2, spec/triage.md 10.3, 10.4), and the EMG timing. No to-do advice."""
    given = {(f.rule_id, f.side): f for f in feedback}
    patterns = []
    for entry in assessment["fired"]:
        side = entry.get("side") or ""
        reasons = describe_reasons(entry["evidence"], case, voice="clinician")
        patterns.append(
            {
                "title": v.RULE_TITLES.get(entry["id"], entry["id"]),
                "side_label": v.label(CLINICIAN_SIDES, side) if side else "",
                "reasons": grouped_reasons([reason.text for reason in reasons]),
                "feedback": given.get((entry["id"], side)),
                "is_red_flag": entry["id"].startswith("RF-"),
            }
        )
    level = assessment["level"]
    return {
        "level": level,
        "level_label": CLINICIAN_LEVELS.get(level, level),
        "patterns": patterns,
        "seen_doctor_on": _date(assessment.get("seen_doctor_on")),
        "reported_before": [
            {
                "label": v.label(CLINICIAN_RED_FLAGS, entry.get("code")),
                "date": _date(entry.get("date")),
                "seen_doctor_since": bool(entry.get("seen_doctor_since")),
            }
            for entry in assessment.get("reported_before") or []
        ],
        "emg": emg_timing_words(assessment),
        "d_onset": assessment.get("d_onset"),
        # For the page's banner only (the person reads the page): the report itself says the
        # level, not what to do.
        "emergency": advice_for_action(assessment["action"]) if assessment.get("action") else None,
    }


def latest_assessment(massage):
    """The latest check-in and what the report shows of its assessment (None without one)."""
    latest = massage.checkins.order_by("-date", "-created_at", "-id").first()
    if latest is None:
        return None, None
    if latest.assessment is None:
        # The assessment page does the same: a check-in stored before its result was kept.
        reassess_massage(massage, since=latest.date)
        latest.refresh_from_db()
        if latest.assessment is None:
            return latest, None
    evidence = [item for entry in latest.assessment["fired"] for item in entry["evidence"]]
    latest.massage = massage
    case = massage_case(massage, checkins_for_evidence(latest, evidence), as_of=latest.date)
    return latest, clinician_assessment(latest.assessment, case, latest.feedback.all())


def build_report(massage):
    """Everything the report shows, apart from the person's name, notes and the charts."""
    latest, assessment = latest_assessment(massage)
    timeline = build_timeline(massage)
    return {
        "massage": massage,
        "massage_facts": massage_facts(massage),
        "latest": latest,
        "p": assessment,
        "timeline": timeline,
        "emg_question": EMG_QUESTION,
        "no_nerve_pattern": NO_NERVE_PATTERN,
    }


def _shortened(text, limit=NOTE_CHARS):
    """``text`` on one line, cut at a word before ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text, False
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(",;:.") + "\N{HORIZONTAL ELLIPSIS}", True


@dataclass
class Notes:
    """The person's own notes chosen for the report: the massage's, then the latest
    check-ins' (oldest first)."""

    massage: str
    checkins: list  # (date, day since the massage, text)
    earlier_left_out: bool
    shortened: bool

    def __bool__(self):
        return bool(self.massage or self.checkins)


def report_notes(massage):
    """The notes to print, in one query whatever the history: the massage's, then the latest
    check-in notes, at most ``NOTES_SHOWN`` of them and as many as ``NOTES_BUDGET`` holds
    (one more row is read to know whether earlier ones are left out)."""
    rows = list(
        CheckIn.objects.filter(massage=massage)
        .exclude(notes="")
        .order_by("-date", "-created_at", "-id")
        .values_list("date", "notes")[: NOTES_SHOWN + 1]
    )
    massage_words, shortened = _shortened(massage.notes) if massage.notes else ("", False)
    budget = NOTES_BUDGET - len(massage_words)
    checkins = []
    for date, text in rows[:NOTES_SHOWN]:
        words, cut = _shortened(text)
        if len(words) > budget:
            break
        budget -= len(words)
        shortened |= cut
        checkins.append((date, (date - massage.date).days, words))
    checkins.reverse()
    return Notes(
        massage=massage_words,
        checkins=checkins,
        earlier_left_out=len(rows) > len(checkins),
        shortened=shortened,
    )


# The report's charts name their lines as the timeline does, and mark only what a clinician
# reads beside the table (the massage, emergency advice, doctor visits, the EMG): the app's
# other changes of level are the timeline's last column, and on a chart half a page wide their
# labels would crowd.
CHART_MARKERS = ("massage", "emergency", "doctor", "emg")
_YOUR_SIDE = re.compile(r"\byour (left|right)\b")


def clinician_label(label):
    """A chart line's label in the report's words: "Arm abduction (left)"."""
    for name, short in v.MOVEMENT_SHORT.items():
        if label.startswith(f"{short} ("):
            label = CLINICIAN_MOVEMENTS[name] + label.removeprefix(short)
    return _YOUR_SIDE.sub(r"\1", label)


def clinician_chart(chart):
    """A copy of a history chart whose lines carry the report's labels."""
    return replace(
        chart, series=[replace(line, label=clinician_label(line.label)) for line in chart.series]
    )


def chart_markers(markers):
    return [marker for marker in markers if marker.kind in CHART_MARKERS]
