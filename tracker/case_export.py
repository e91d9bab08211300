"""From the database to the triage engine: a massage and its check-ins as one case.

The case is the contract's input (spec/triage.md section 3), as JSON-ready data: the same export
feeds the assessment page, ``manage.py export_case`` (and from there ``manage.py assess``) and
the person's own data export. Left out means "no" or "not asked" in the contract, so blank
answers and false booleans are left out rather than written as empty values.
"""

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
