"""From the database to the triage engine: a massage and its check-ins as one case.

The case is the contract's input (spec/triage.md section 3), as JSON-ready data: the same export
feeds the assessment page, ``manage.py export_case`` (and from there ``manage.py assess``) and
the person's own data export. Left out means "no" or "not asked" in the contract, so blank
answers and a check-in's false booleans are left out rather than written as empty values. A
movement answer is the exception (spec/triage.md 10.5): there "no" (``false``) is an answer
given, which the engine never replaces, while one not asked or skipped is left out, so the
engine can carry the last answer given.
"""

import datetime

from django.db.models import Q

from .checkin_draft import function_answers
from .triage import vocabulary as v


def massage_part(massage):
    part = {
        "date": massage.date.isoformat(),
        "types": list(massage.types),
        "regions": [dict(entry) for entry in massage.regions],
        "techniques": list(massage.techniques),
        "neck_manipulation": massage.neck_manipulation,
    }
    if massage.pressure:
        part["pressure"] = massage.pressure
    if massage.pain_during_region and massage.pain_during_nprs is not None:
        part["pain_during"] = {
            "region": massage.pain_during_region,
            "side": massage.pain_during_side,
            "nprs": massage.pain_during_nprs,
        }
        if massage.pain_during_quality:
            part["pain_during"]["quality"] = massage.pain_during_quality
    return part


def onset_part(massage):
    onset = {"timing": massage.onset_timing}
    if massage.onset_date:
        onset["date"] = massage.onset_date.isoformat()
    return onset


def risk_part(massage):
    risk = {name: True for name in v.RISK_FACTORS if getattr(massage, name)}
    if massage.age_band:
        risk["age_band"] = massage.age_band
    return risk


def checkin_log(checkin):
    """One check-in as a ``log``; needs its symptoms and functions prefetched for lists."""
    log = {"date": checkin.date.isoformat()}
    if checkin.course:
        log["course"] = checkin.course
    log["symptoms"] = []
    for symptom in checkin.symptoms.all():
        entry = {"kind": symptom.kind, "region": symptom.region, "side": symptom.side}
        if symptom.nprs is not None:
            entry["nprs"] = symptom.nprs
        for flag in ("at_rest", "pressed_or_moved_only", "sudden"):
            if getattr(symptom, flag):
                entry[flag] = True
        log["symptoms"].append(entry)
    function = {f.side: function_answers(f) for f in checkin.functions.all()}
    function = {side: answers for side, answers in function.items() if answers}
    if function:
        log["function"] = function
    if checkin.weakness_type:
        log["weakness_type"] = checkin.weakness_type
    for flag in (
        "neck_move_or_cough_provokes_arm",
        "overhead_or_dangling_provokes",
        "emg_done",
        "seen_doctor",
    ):
        if getattr(checkin, flag):
            log[flag] = True
    log["red_flags"] = list(checkin.red_flags)
    return log


def massage_case(massage, checkins, *, as_of=None):
    """The case for ``massage`` with ``checkins`` (oldest first) as its logs."""
    case = {"massage": massage_part(massage), "onset": onset_part(massage)}
    risk = risk_part(massage)
    if risk:
        case["risk"] = risk
    case["logs"] = [checkin_log(checkin) for checkin in checkins]
    if as_of is not None:
        case["as_of"] = as_of.isoformat()
    return case


def chronological_checkins(massage):
    """The massage's check-ins oldest first, with what a log needs, in three queries."""
    return list(
        massage.checkins.order_by("date", "created_at", "id").prefetch_related(
            "symptoms", "functions"
        )
    )


def _before(checkins, *, date, checkin):
    """Those of ``checkins`` that come before a check-in dated ``date`` in a history's order
    (date, created_at, id): before ``checkin``, or before a new one, written after every other
    check-in of its day."""
    if checkin is None:
        return checkins.filter(date__lte=date)
    return checkins.exclude(pk=checkin.pk).filter(
        Q(date__lt=date)
        | Q(date=date, created_at__lt=checkin.created_at)
        | Q(date=date, created_at=checkin.created_at, pk__lt=checkin.pk)
    )


def earlier_logs(massage, *, date, days, checkin=None):
    """The logs of ``massage`` before a check-in dated ``date`` (``checkin``, or a new one),
    oldest first, from the ``days`` days before ``date`` only: what the check-in form needs to
    show the answers and warning signs of the recent past (an answer is carried for 14 days, a
    sign counts for 28: spec/triage.md 10.2, 10.5). Three queries, whatever the length of the
    history."""
    recent = massage.checkins.filter(date__gte=date - datetime.timedelta(days=days))
    checkins = (
        _before(recent, date=date, checkin=checkin)
        .order_by("date", "created_at", "id")
        .defer("assessment", "rule_ids", "notes")
        .prefetch_related("symptoms", "functions")
    )
    return [checkin_log(c) for c in checkins]


def earlier_red_flags(massage, *, date, days, checkin=None):
    """The warning signs of the check-ins before a check-in dated ``date``, from the ``days``
    days before it, oldest first, as logs holding only what 10.2 and 10.4 read (the date, the
    codes and the doctor's visit): one query, whatever the length of the history."""
    recent = massage.checkins.filter(date__gte=date - datetime.timedelta(days=days))
    rows = (
        _before(recent, date=date, checkin=checkin)
        .order_by("date", "created_at", "id")
        .values("date", "red_flags", "seen_doctor")
    )
    return [{**row, "red_flags": list(row["red_flags"])} for row in rows]


def previous_checkin_date(massage, *, date, checkin=None):
    """The date of the check-in just before a check-in dated ``date``, or None: one query."""
    earlier = _before(massage.checkins.all(), date=date, checkin=checkin)
    return earlier.order_by("-date", "-created_at", "-id").values_list("date", flat=True).first()
