"""The doctor report: one massage, its current assessment and its course, on one page.

A clinician should read it in a minute, so everything is short and bounded: the timeline is
aggregated by the database (the last ``RECENT_DATES`` check-in dates one row each, the time
before them in at most ``OLDER_ROWS`` equal periods), whatever the length of the history.
"""

import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Case, Count, DateField, F, IntegerField, Max, Min, Value, When

from .assessment_display import present
from .assessments import checkins_for_evidence, reassess_massage
from .case_export import massage_case
from .charts import GRADE_AXIS
from .models import MOVEMENT_FIELDS, CheckIn, SideFunction, Symptom
from .triage import vocabulary as v
from .triage.texts import DISCLAIMER

RECENT_DATES = 14
OLDER_ROWS = 10

EMG_QUESTION = (
    "Question for the doctor: is a nerve test (EMG / nerve conduction study) indicated, and when?"
)
NO_NERVE_PATTERN = (
    "The latest answers match no nerve pattern for which the app suggests a nerve test; the "
    "doctor decides whether one is needed."
)


def massage_facts(massage):
    """The massage as (label, value) pairs, in plain words; unanswered questions left out."""
    facts = [
        ("Date", f"{massage.date:%-d %B %Y}" + (f", {massage.time:%H:%M}" if massage.time else ""))
    ]
    if massage.types:
        facts.append(("Type", ", ".join(massage.type_labels)))
    if massage.regions:
        facts.append(("Regions worked", "; ".join(massage.region_labels)))
    if massage.pressure:
        facts.append(("Pressure", v.label(v.PRESSURES, massage.pressure)))
    if massage.techniques:
        facts.append(("Techniques", ", ".join(massage.technique_labels)))
    if massage.pain_during_region and massage.pain_during_nprs is not None:
        pain = f"{v.where(massage.pain_during_region, massage.pain_during_side)}, "
        pain += f"{massage.pain_during_nprs}/10"
        if massage.pain_during_quality:
            pain += f", {v.label(v.PAIN_QUALITIES, massage.pain_during_quality).lower()}"
        facts.append(("Pain during it", pain))
    else:
        facts.append(("Pain during it", "None reported"))
    facts.append(("Neck manipulation", "Yes" if massage.neck_manipulation else "No"))
    if massage.provider_type:
        facts.append(("Given by", v.label(v.PROVIDER_TYPES, massage.provider_type)))
    onset = v.label(v.ONSET_TIMINGS, massage.onset_timing)
    if massage.onset_date:
        onset += f" ({massage.onset_date:%-d %B %Y})"
    facts.append(("Trouble started", onset))
    return facts


def person_facts(massage):
    """Age band and the risk context the person gave with this massage."""
    facts = []
    if massage.age_band:
        facts.append(("Age", v.label(v.AGE_BANDS, massage.age_band)))
    risks = [label for name, label in v.RISK_FACTORS.items() if getattr(massage, name)]
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
    grades per side.
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
            row.level = v.LEVEL_SHORT[v.LEVEL_ORDER[entry["level_rank"]]]
        if entry["doctor"]:
            row.events.append("Saw a doctor")
        if entry["emg"]:
            row.events.append("Nerve test (EMG) done")
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
        text = v.label(v.COURSES, entry["course"])
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
            label for label in map(v.RED_FLAGS.get, codes) if label and label not in row.red_flags
        )

    _add_symptoms(rows, massage, cutoff, periods)
    _add_movements(rows, massage, cutoff, periods)
    ordered = [rows[key] for key in sorted(rows)]
    return Timeline(
        rows=ordered,
        checkin_count=sum(row.checkins for row in ordered),
        has_periods=any(row.is_period for row in ordered),
        emg_done=any("Nerve test (EMG) done" in row.events for row in ordered),
        seen_doctor=any("Saw a doctor" in row.events for row in ordered),
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
            place[1].append(v.label(v.SYMPTOM_KINDS, entry["kind"]).lower())
    for (bucket, region, side), (worst, kinds) in places.items():
        text = v.where(region, side)
        if worst is not None:
            text += f" {worst}/10"
        if kinds:
            text += (", " if worst is not None else ": ") + ", ".join(kinds)
        rows[bucket].pains.append((-(worst or 0), text))
    for row in rows.values():
        row.pains = [text for _, text in sorted(row.pains, key=lambda pair: pair[0])]


def _add_movements(rows, massage, cutoff, periods):
    """Per row, each movement question with the worst grade given on each side."""
    grades = (
        SideFunction.objects.filter(checkin__massage=massage)
        .annotate(bucket=_bucket("checkin__", cutoff, periods))
        .values("bucket", "side")
        .annotate(**{name: Max(_rank(name, v.MOVEMENT_GRADE_ORDER)) for name in MOVEMENT_FIELDS})
        .order_by("bucket", "side")
    )
    answers = {}
    for entry in grades:
        for name in MOVEMENT_FIELDS:
            if entry[name] is not None:
                words = f"{GRADE_AXIS[entry[name]].lower()} on {v.label(v.SIDES, entry['side'])}"
                answers.setdefault(entry["bucket"], {}).setdefault(name, []).append(words)
    for bucket, by_question in answers.items():
        rows[bucket].movements = [
            f"{v.MOVEMENT_SHORT[name]}: {', '.join(by_question[name])}"
            for name in MOVEMENT_FIELDS
            if name in by_question
        ]


def grouped_reasons(reasons):
    """Reasons that share a lead ("Your latest check-in: ...") said once, in their order:
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


def latest_assessment(massage):
    """The latest check-in and what the assessment page shows for it (None without one)."""
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
    presented = present(latest.assessment, case, latest.feedback.all())
    for pattern in presented["patterns"]:
        pattern["reasons"] = grouped_reasons(pattern["reasons"])
    return latest, presented


def build_report(massage):
    """Everything the report shows, apart from the person's name and the charts."""
    latest, presented = latest_assessment(massage)
    timeline = build_timeline(massage)
    return {
        "massage": massage,
        "massage_facts": massage_facts(massage),
        "person_facts": person_facts(massage),
        "latest": latest,
        "p": presented,
        "timeline": timeline,
        "emg_question": EMG_QUESTION,
        "no_nerve_pattern": NO_NERVE_PATTERN,
        "disclaimer": presented["disclaimer"] if presented else DISCLAIMER,
    }
