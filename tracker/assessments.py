"""Running the triage engine on stored check-ins and keeping its result with each of them."""

import datetime
import logging
import re
from collections import defaultdict, namedtuple

from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone

from .assessment_store import store_results
from .case_export import checkin_log, massage_case
from .models import CheckIn, SideFunction, Symptom
from .triage import ENGINE_VERSION, validate_case
from .triage import params as P
from .triage.context import NOTHING_BEFORE, Before
from .triage.engine import judge
from .triage.validate import MAX_LOGS

logger = logging.getLogger(__name__)

STORED_FIELDS = ["level", "rule_ids", "engine_version", "assessment"]
HISTORY_ORDER = ("date", "created_at", "id")


class _Related(list):
    """The rows of a check-in's symptoms or movement answers, read like a related manager."""

    def all(self):
        return self


def _columns(model):
    return [f.attname for f in model._meta.concrete_fields if f.name not in {"id", "checkin"}]


# What checkin_log reads of a check-in, and where the check-in stands in the history.
LOG_COLUMNS = [
    "date",
    "course",
    "weakness_type",
    "neck_move_or_cough_provokes_arm",
    "overhead_or_dangling_provokes",
    "emg_done",
    "seen_doctor",
    "red_flags",
]
_CheckInRow = namedtuple("_CheckInRow", ["id", "created_at", *LOG_COLUMNS, "symptoms", "functions"])


def _by_checkin(queryset, model):
    rows = defaultdict(_Related)
    for row in queryset.values_list("checkin_id", *_columns(model), named=True):
        rows[row.checkin_id].append(row)
    return rows


def history_logs(massage, *, since=None):
    """``(position, log)`` for every check-in of ``massage`` (dated ``since`` or later, when
    given), oldest first, in three queries.

    The same logs as ``checkin_log`` on each check-in with its symptoms and movement answers
    prefetched (tests/test_assessment_history.py compares them), read from plain rows (named
    tuples: a column checkin_log would need and the query did not read fails loudly): three
    years of daily check-ins are some 6,000 rows, and model instances with prefetching cost
    several times more than the engine run that needs them.
    """
    dated = Q() if since is None else Q(checkin__date__gte=since)
    symptoms = _by_checkin(
        Symptom.objects.filter(dated, checkin__massage=massage).order_by("checkin_id", "id"),
        Symptom,
    )
    functions = _by_checkin(
        SideFunction.objects.filter(dated, checkin__massage=massage).order_by("checkin_id", "side"),
        SideFunction,
    )
    rows = (
        CheckIn.objects.filter(massage=massage)
        .filter(Q() if since is None else Q(date__gte=since))
        .order_by(*HISTORY_ORDER)
        .values_list("id", "created_at", *LOG_COLUMNS)
    )
    history = []
    for row in rows:
        checkin = _CheckInRow(*row, symptoms[row[0]], functions[row[0]])
        history.append(((checkin.date, checkin.created_at, checkin.id), checkin_log(checkin)))
    return history


def position(checkin):
    """Where a check-in stands in its massage's history: the order of the case's logs."""
    return (checkin.date, checkin.created_at, checkin.pk)


def _before_position(at):
    """The check-ins that come before the position ``at`` (``position``) in a history."""
    date, created_at, pk = at
    return (
        Q(date__lt=date)
        | Q(date=date, created_at__lt=created_at)
        | Q(date=date, created_at=created_at, id__lt=pk)
    )


# A red-flag report counts for 28 days (10.2), and the rules read the check-in that reported it
# through its carried view, with the answers given in the 14 days before it (10.5).
WINDOW_DAYS = P.RED_FLAG_CARRY_DAYS + P.CARRY_ANSWER_DAYS


def window_start(after, previous):
    """The first date of a window of check-ins that judges each check-in dated ``after`` or
    later exactly as the whole history does, ``previous`` being the date of the check-in just
    before the first one judged (None when there is none).

    What a judged check-in reads of the past (spec/triage.md 10, 12): its own carried view, the
    answers given in the 14 days before it (10.5, 12.3); the previous check-in, however far back
    (8.13, 12.11), with its carried view, 14 days before that; the latest report of each
    red-flag code within 28 days (10.2, 10.4, 12.1) with the reporting check-in read through its
    carried view (RF-RHABDO reads its weakness), 28 + 14 days; whether a doctor was seen since
    a report, in a later check-in, so in the window too. A window from 42 days before ``after``,
    or from 14 days before ``previous`` when that is earlier, holds all of these for every
    check-in judged (the previous one of a later check-in judged is judged too). What it reads
    of older check-ins comes from ``_before``; those being more than 42 days before every
    check-in judged, the last of them is the only one of a run of severe pain that can matter
    (8.12 reads the latest log of the run at least 2 days before the judged one).
    """
    start = after - datetime.timedelta(days=WINDOW_DAYS)
    if previous is not None:
        start = min(start, previous - datetime.timedelta(days=P.CARRY_ANSWER_DAYS))
    return start


# The check-ins of a massage dated before a day, summed up in one statement (``_before``): one
# scan of them (numbered in history order), the distinct ones with severe pain at rest, and the
# first sudden severe shoulder or arm pain on each side. Parameters: the massage, the day, the
# severe nprs (twice), the shoulder and arm regions, the two sides.
_SUDDEN_REGIONS = tuple(sorted(P.SHOULDER_AND_ARM))
_REGION_PARAMS = ", ".join(["%s"] * len(_SUDDEN_REGIONS))
BEFORE_SQL = """
WITH older AS (
    SELECT c.id, c.date, c.emg_done, c.seen_doctor,
           ROW_NUMBER() OVER (ORDER BY c.date, c.created_at, c.id) - 1 AS idx
    FROM tracker_checkin c
    WHERE c.massage_id = %s AND c.date < %s
),
severe AS (
    SELECT DISTINCT o.idx
    FROM older o JOIN tracker_symptom s ON s.checkin_id = o.id
    WHERE s.nprs >= %s AND s.at_rest
),
sudden AS (
    SELECT s.side, o.idx,
           (SELECT COUNT(*) FROM tracker_symptom t
            WHERE t.checkin_id = s.checkin_id AND t.id < s.id) AS number,
           ROW_NUMBER() OVER (PARTITION BY s.side ORDER BY o.idx, s.id) AS place
    FROM older o JOIN tracker_symptom s ON s.checkin_id = o.id
    WHERE s.sudden AND s.nprs >= %s AND s.region IN (REGIONS)
),
summary AS (
    SELECT COUNT(*) AS n,
           MIN(o.date) AS first_date,
           MAX(CASE WHEN o.emg_done THEN 1 ELSE 0 END) AS emg_done,
           MAX(CASE WHEN o.seen_doctor THEN o.date END) AS seen_doctor_on,
           MAX(o.date) AS latest_date,
           (SELECT COUNT(*) FROM severe) AS n_severe,
           (SELECT MAX(idx) FROM severe) AS latest_severe
    FROM older o
)
SELECT m.n, m.first_date, m.emg_done, m.seen_doctor_on, m.latest_date, m.n_severe,
       m.latest_severe, l.idx, l.number, r.idx, r.number
FROM summary m
LEFT JOIN sudden l ON l.side = %s AND l.place = 1
LEFT JOIN sudden r ON r.side = %s AND r.place = 1
""".replace("REGIONS", _REGION_PARAMS)


def _date(value):
    """A date read through a raw cursor: SQLite gives its text."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _before(massage, start):
    """``(Before, first date)``: what the check-ins of ``massage`` dated before ``start`` leave
    to the engine's course (triage/context.py), and the date of its first check-in (the
    default onset date, section 3), in one statement (``BEFORE_SQL``) of one row however many
    there are.

    Its facts: how many there are (the window's logs keep their places in the whole history);
    whether any had a nerve test (10.6) and the latest day a doctor was seen (10.3); whether
    every one had severe pain at rest (the distinct ones with it counted against all of them)
    and whether the latest did, at what date (the run of severe pain, 8.12); and the first
    sudden shoulder or arm pain of nprs >= 7 on each side (F49-F51), as ``{side: (check-in
    index, symptom number)}``: its check-in's index in the history (the check-ins before it)
    and its number in the check-in's list (the check-in's symptoms with a smaller id), a
    "left" and a "right" one at most (no shoulder or arm region is on the midline, 8.3).
    """
    params = [massage.pk, start, P.SEVERE_PAIN, P.SEVERE_PAIN, *_SUDDEN_REGIONS, "left", "right"]
    with connection.cursor() as cursor:
        cursor.execute(BEFORE_SQL, params)
        (
            count,
            first_date,
            emg_done,
            seen_doctor_on,
            latest_date,
            severe,
            latest_severe,
            *sudden,
        ) = cursor.fetchone()
    # Only the last check-in of a run of severe pain before the window can matter
    # (``window_start``).
    run = ((_date(latest_date), count - 1),) if count and latest_severe == count - 1 else ()
    sides = zip(("left", "right"), (sudden[0:2], sudden[2:4]), strict=True)
    before = Before(
        count=count,
        emg_done=bool(emg_done),
        seen_doctor_on=_date(seen_doctor_on),
        sudden_shoulder={side: tuple(at) for side, at in sides if at[0] is not None},
        severe_run=run,
        severe_run_from_start=severe == count,
    )
    return before, _date(first_date)


def _window(massage, after):
    """``(history, Before, first date)`` for judging the check-ins from position ``after``
    on: the history from ``window_start`` on, as ``history_logs`` reads it, and what the
    check-ins before it leave. Five queries, and as many rows as the window holds, however
    long the history (issue 15)."""
    previous = (
        CheckIn.objects.filter(massage=massage)
        .filter(_before_position(after))
        .aggregate(date=Max("date"))["date"]
    )
    start = window_start(after[0], previous)
    before, first_date = _before(massage, start)
    return history_logs(massage, since=start), before, first_date


def reassess_massage(massage, *, since=None, after=None):
    """Assess every check-in of ``massage`` dated ``since`` or later, as of its own date.

    Each check-in is judged with the history up to it, so an edit changes the results from
    that day on; earlier ones stay as they were. ``after`` narrows it to the check-ins that
    come after a ``position`` in that history (the one at it included): a check-in saved or
    deleted there changes the history of those only, and only a window of it is read
    (``window_start``), with what the older check-ins leave summed up in SQL: saving the latest
    check-in costs the same after three years as after three weeks. The engine walks what it
    reads once (``judge``, spec/triage.md 10.7), so three years of daily check-ins cost one
    pass, not one pass per check-in. A result that changed is stored with a new
    ``updated_at`` (the version cached pages are keyed by); one that came out the same is not
    written again. Returns the check-ins that were assessed.
    """
    history, due, results = _assessed(massage, since=since, after=after)
    if not due:
        return []
    values = {}
    for index, result in zip(due, results, strict=True):
        pk = history[index][0][2]
        if "errors" in result:
            # Stored records always make a valid case; if one does not, say so in the logs and
            # leave this check-in without a result rather than fail the person's request.
            logger.error("Check-in %s made an invalid case: %s", pk, result["errors"])
            result = None
        values[pk] = {
            "assessment": result,
            "level": result["level"] if result else "",
            "rule_ids": [entry["id"] for entry in result["fired"]] if result else [],
            "engine_version": ENGINE_VERSION if result else "",
        }
    # Two statements per 500 check-ins: their stored results, then those that changed.
    return store_results(values, now=timezone.now())


def _assessed(massage, *, since=None, after=None):
    """``(history, due, results)``: the history read (``(position, log)``, oldest first: a
    window of it when ``after`` is given), the indices in it of the check-ins due, and the
    engine's result for each of them."""
    history = None
    if after is not None:
        history, before, first_date = _window(massage, after)
        if before.count + len(history) > MAX_LOGS:
            # Too long for one case (10.8): read it whole, to fail as the whole case does.
            history = None
    if history is None:
        history, before, first_date = history_logs(massage), NOTHING_BEFORE, None
    due = [
        index
        for index, (at, _) in enumerate(history)
        if (since is None or at[0] >= since) and (after is None or at >= after)
    ]
    if not due:
        return history, due, []
    # The history is in order and both bounds are "from here on": the due ones are its tail.
    logs = [log for _, log in history]
    return history, due, _results(massage, logs, due[0], before, first_date)


def _results(massage, logs, first, before=NOTHING_BEFORE, first_date=None):
    """The engine's result for each prefix of ``logs`` from the one ending at ``first`` on, or
    ``{"errors": [...]}`` where the case is not valid; ``before`` (with the date of the
    history's first check-in) says what came before ``logs`` when they are a window."""
    case = {**massage_case(massage, []), "logs": logs}
    onset = case["onset"]
    if before.count and "date" not in onset and onset["timing"] not in P.ONSET_AT_MASSAGE:
        # Section 3: the onset is then the first check-in's date, which is before the window.
        case["onset"] = {**onset, "date": first_date.isoformat()}
    case, errors = validate_case(case)
    if errors:
        return [{"errors": errors}] * (len(logs) - first)
    return list(judge(case, first=first, before=before))


# A revision-1 result names older check-ins from the start (logs[3]); revision 2 from the end.
_LOG_INDEX = re.compile(r"logs\[(-?\d+)\]")


def _logs_named(evidence):
    """How many check-ins up to this one the evidence reads (at least the last two), or None
    when it names one from the start of the history."""
    needed = 2
    for item in evidence:
        for match in _LOG_INDEX.finditer(item):
            index = int(match[1])
            if index >= 0:
                return None
            needed = max(needed, -index)
    return needed


def checkins_for_evidence(checkin, evidence):
    """The check-ins up to this one (oldest first) that its evidence names: the last two, or as
    many as the oldest ``logs[-k]`` it names, so that the case's logs line up with its paths."""
    history = checkin.massage.checkins.filter(
        Q(date__lt=checkin.date)
        | Q(date=checkin.date, created_at__lt=checkin.created_at)
        | Q(date=checkin.date, created_at=checkin.created_at, id__lte=checkin.id)
    ).order_by("-date", "-created_at", "-id")
    needed = _logs_named(evidence)
    if needed is not None:
        history = history[:needed]
    return list(history.prefetch_related("symptoms", "functions"))[::-1]
