"""The triage engine: a case in, an assessment out (spec/triage.md sections 2-4, 7, 8, 10-12).

``assess`` validates the case and judges it as of its last log; ``assess_series`` judges every
prefix of its logs, each as of its own last log's date (10.7). Both walk the logs once, oldest
first, through the same ``Course``: it keeps what a course of check-ins carries forward (the
carried movement answers of 10.5, the red-flag reports of 10.2, the doctor's visits and nerve
tests, the run of severe pain of 8.12), so a prefix is judged by exactly the state ``assess``
would build for it, and the whole series costs time linear in the number of logs.

For each judged prefix a ``Context`` (context.py) holds the derived facts that the rules of
``rules/`` read, each log seen through its ``LogView`` (logview.py); this module runs the rules
and assembles the assessment from what fired. Pure Python: no Django, no database, no clock
("today" is ``as_of``).
"""

import datetime

from . import params as P
from . import texts
from .context import NOTHING_BEFORE, CaseFacts, Context, Course
from .rules import PATTERN_RULES, RED_FLAG_RULES, RULE_ORDER
from .validate import validate_case
from .vocabulary import LEVEL_ORDER

ENGINE_VERSION = "2"

_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVEL_ORDER)}
_CONFIDENCE_RANK = {confidence: rank for rank, confidence in enumerate(P.CONFIDENCE_ORDER)}
_SIDE_RANK = {None: 0, "left": 1, "right": 2}


class CaseError(Exception):
    """An invalid case; ``errors`` names every offending field as ``{"path", "message"}``
    (at most 20 of them and a last ``"N more errors"``, 10.8)."""

    def __init__(self, errors):
        self.errors = errors
        first = errors[0] if errors else {"path": "", "message": "invalid case"}
        super().__init__(
            f"Invalid case ({len(errors)} error(s)); first: {first['path'] or '(case)'}: "
            f"{first['message']}"
        )


# --- Assembling the assessment ----------------------------------------------------------------


def _sort_key(fired):
    return (
        -_LEVEL_RANK[fired.level],
        -_CONFIDENCE_RANK[fired.confidence],
        RULE_ORDER[fired.id],
        _SIDE_RANK[fired.side],
    )


def _emg_timing(ctx, fired, level):
    """10.6 (replacing 8.14's last branch), in its order; set when a nerve pattern fired or
    the level asks about an EMG."""
    nerve = any(texts.is_nerve_pattern(f.id, f.branch) for f in fired)
    if not nerve and level != P.SEE_DOCTOR_ASK_EMG:
        return None
    if ctx.d_onset < P.EMG_WINDOW_FROM_DAY:
        return "before_window"
    if ctx.d_onset < P.SPECIALIST_DAY and not ctx.emg_done:
        return "in_window"
    if ctx.improving:
        return "improving"
    if ctx.d_onset >= P.SPECIALIST_DAY:
        return "specialist_question"
    return "done"


def _recheck_on(ctx, level):
    """8.18: as_of + 3 for the three middle levels; during PAT-SAN's damping, onset + 3 if
    that is sooner, but at least as_of + 1; none for EMERGENCY_NOW and NONE."""
    if level in (P.EMERGENCY_NOW, P.NONE):
        return None
    recheck = ctx.as_of + datetime.timedelta(days=P.RECHECK_DAYS)
    if ctx.damped_sides:
        after_onset = ctx.onset_date + datetime.timedelta(days=P.DAMPING_RECHECK_AFTER_ONSET_DAYS)
        earliest = ctx.as_of + datetime.timedelta(days=P.RECHECK_MIN_DAYS)
        recheck = max(min(recheck, after_onset), earliest)
    return recheck


def _red_flag_rules(ctx):
    """Every red-flag rule, first with the codes that count at their own level (the last
    log's and those reported within 7 days), then, when older reports are in force, with
    those too (10.2, 12.1). A rule that fires only thanks to a report 8-28 days old fires at
    ``SEE_DOCTOR_DAYS`` with ``sooner``; one that fires both ways gives one entry, at the
    higher level, with both pieces of evidence."""
    ctx.scope_stale = False
    fired = []
    for rule in RED_FLAG_RULES:
        fired += rule(ctx, fired)
    if ctx.stale_codes:
        ctx.scope_stale = True
        known = {(f.id, f.side): f for f in fired}
        wider = []
        for rule in RED_FLAG_RULES:
            wider += rule(ctx, wider)
        for f in wider:
            same = known.get((f.id, f.side))
            if same is not None:
                same.evidence += [item for item in f.evidence if item not in same.evidence]
                continue
            f.level, f.action, f.sooner = P.SEE_DOCTOR_DAYS, None, True
            f.notes.add("reported_earlier")
            fired.append(f)
    carried = {c.ev() for c in ctx.codes if c.log is not ctx.last}
    for f in fired:
        if carried.intersection(f.evidence):
            f.notes.add("carried")
    return fired


def run_rules(ctx):
    """Every rule, red flags first (2.1 item 1), each seeing what fired before it."""
    fired = _red_flag_rules(ctx)
    ctx.rf_fired = bool(fired)
    for rule in PATTERN_RULES:
        fired += rule(ctx, fired)
    return fired


def _evidence(items, phrases):
    """The evidence, each item once, every carried one followed by where it came from (the
    same phrase may follow several items carried from one check-in)."""
    out, seen = [], set()
    for item in items:
        if item in seen:
            continue
        seen.add(item)
        out.append(item)
        phrase = phrases.get(item)
        if phrase is not None:
            out.append(phrase)
    return out


def _assessment(ctx):
    fired = sorted(run_rules(ctx), key=_sort_key)
    if fired:
        level = fired[0].level
    elif ctx.last.symptoms or ctx.codes or ctx.last.abnormal_answers:
        level = P.MONITOR_SELF_CARE  # 7.7, 8.17, 12.1
    else:
        level = P.NONE
    action = None
    if level == P.EMERGENCY_NOW:
        actions = {f.action for f in fired}
        action = P.CALL_EMERGENCY if P.CALL_EMERGENCY in actions else P.GO_TO_ED_NOW
    sooner = any(f.sooner for f in fired if f.level == level)  # 7.13
    emg_timing = _emg_timing(ctx, fired, level)
    recheck_on = _recheck_on(ctx, level)
    # 8.18: when a red flag fired, other patterns leave out their prognosis and reassurance.
    calm = not ctx.rf_fired
    phrases = ctx.phrases()
    entries = []
    for f in fired:
        summary, advice = texts.rule_texts(f, calm=calm, emg_timing=emg_timing)
        entry = {
            "id": f.id,
            "side": f.side,
            "level": f.level,
            "action": f.action,
            "sooner": f.sooner,
            "confidence": f.confidence,
            "evidence": _evidence(f.evidence, phrases),
            "summary": summary,
            "advice": advice,
        }
        if f.branch:
            entry["branch"] = f.branch
        entries.append(entry)
    return {
        "engine_version": ENGINE_VERSION,
        "as_of": ctx.as_of.isoformat(),
        "d_onset": ctx.d_onset,
        "level": level,
        "action": action,
        "sooner": sooner,
        "fired": entries,
        "emg_timing": emg_timing,
        "recheck_on": recheck_on.isoformat() if recheck_on else None,
        "seen_doctor_on": ctx.seen_doctor_on.isoformat() if ctx.seen_doctor_on else None,
        "reported_before": ctx.reported_before,
        "disclaimer": texts.DISCLAIMER,
        "safety_net": (
            None if level == P.EMERGENCY_NOW else texts.safety_net(ctx.damped_sides, recheck_on)
        ),
    }


def _onset_error(as_of):
    """The one way a prefix of a valid case can be invalid on its own (12.14): it ends
    before the onset date (the error ``validate_case`` gives that prefix)."""
    return [{"path": "onset.date", "message": f"is after as_of ({as_of.isoformat()})"}]


def judge(case, *, first=None, as_of=None, before=NOTHING_BEFORE):
    """Walk the logs of a normalized case once; yield the assessment of every prefix that
    ends at index ``first`` of its logs or later, as of ``as_of`` or, when None, its own last
    date.

    ``before`` says what the logs of a longer history before the case's ones left (context.py
    ``Before``, which says how far back the case's logs must reach for the results to be the
    whole history's): each log keeps its index in that history. A prefix that ends before the
    onset date yields ``{"errors": [...]}`` instead (12.14).
    """
    facts = CaseFacts(case)
    course = Course(before)
    logs = case["logs"]
    first = len(logs) - 1 if first is None else first
    for position, log in enumerate(logs):
        view = course.push(log, before.count + position)
        if position >= first:
            day = as_of or view.date
            if facts.onset_date > day:
                yield {"errors": _onset_error(day)}
            else:
                yield _assessment(Context(facts, course, view, day))
        course.remember(log, view)


def assess_case(case):
    """The assessment of a case that ``validate_case`` normalized (section 4)."""
    return next(judge(case, as_of=case["as_of"]))


def assess(data: object) -> dict:
    """Validate ``data`` (any JSON value) and assess it; raises ``CaseError`` when invalid."""
    case, errors = validate_case(data)
    if errors:
        raise CaseError(errors)
    return assess_case(case)


def assess_series(data: object) -> list[dict]:
    """10.7: the assessment of every prefix of the case's logs, oldest first, each as of its
    own last log's date (``as_of`` is not used), equal to ``assess`` on that prefix; a prefix
    that is not a valid case on its own gives ``{"errors": [...]}`` in its place (12.14).
    Raises ``CaseError`` when the case itself is invalid. One pass: linear in the logs."""
    case, errors = validate_case(data)
    if errors:
        raise CaseError(errors)
    return list(judge(case, first=0))


def assess_or_series(data: object, *, max_series: int | None = None) -> dict | list[dict]:
    """What the command line and the API answer (12.14): the assessment of the case, or the
    list of ``assess_series`` when the case says ``"series": true``. ``max_series`` bounds
    the logs of a series (each prefix's assessment is a whole answer: a series is the one way a
    small request could ask for a large one). Raises ``CaseError`` when invalid."""
    case, errors = validate_case(data)
    if errors:
        raise CaseError(errors)
    if not case.get("series"):
        return assess_case(case)
    if max_series is not None and len(case["logs"]) > max_series:
        raise CaseError(
            [
                {
                    "path": "logs",
                    "message": f"has {len(case['logs'])} check-ins; a series takes at most "
                    f"{max_series} here (send the later ones without the earlier, or no "
                    '"series")',
                }
            ]
        )
    return list(judge(case, first=0))


__all__ = ["ENGINE_VERSION", "CaseError", "assess", "assess_or_series", "assess_series"]
