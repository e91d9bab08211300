"""Running the triage engine on stored check-ins and keeping its result with each of them."""

import logging
import re
from collections import defaultdict, namedtuple

from django.db.models import Q
from django.utils import timezone

from .case_export import checkin_log, massage_case
from .models import CheckIn, SideFunction, Symptom
from .triage import ENGINE_VERSION, validate_case
from .triage.engine import judge

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


def history_logs(massage):
    """``(position, log)`` for every check-in of ``massage``, oldest first, in three queries.

    The same logs as ``checkin_log`` on each check-in with its symptoms and movement answers
    prefetched (tests/test_assessment_history.py compares them), read from plain rows (named
    tuples: a column checkin_log would need and the query did not read fails loudly): three
    years of daily check-ins are some 6,000 rows, and model instances with prefetching cost
    several times more than the engine run that needs them.
    """
    symptoms = _by_checkin(
        Symptom.objects.filter(checkin__massage=massage).order_by("checkin_id", "id"), Symptom
    )
    functions = _by_checkin(
        SideFunction.objects.filter(checkin__massage=massage).order_by("checkin_id", "side"),
        SideFunction,
    )
    rows = (
        CheckIn.objects.filter(massage=massage)
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


def reassess_massage(massage, *, since=None, after=None):
    """Assess every check-in of ``massage`` dated ``since`` or later, as of its own date.

    Each check-in is judged with the history up to it, so an edit changes the results from
    that day on; earlier ones stay as they were. ``after`` narrows it to the check-ins that
    come after a ``position`` in that history (the one at it included): a check-in saved or
    deleted there changes the history of those only. The engine walks the history once
    (``judge``, spec/triage.md 10.7), so three years of daily check-ins cost one pass, not one
    pass per check-in. A result that changed is stored with a new ``updated_at`` (the version
    cached pages are keyed by); one that came out the same is not written again. Returns the
    check-ins that were assessed.
    """
    history = history_logs(massage)
    due = [
        index
        for index, (at, _) in enumerate(history)
        if (since is None or at[0] >= since) and (after is None or at >= after)
    ]
    if not due:
        return []
    # The history is in order and both bounds are "from here on": the due ones are its tail.
    first = due[0]
    stored = CheckIn.objects.in_bulk([history[index][0][2] for index in due])
    results = _results(massage, [log for _, log in history], first)
    now = timezone.now()
    assessed, changed = [], []
    for index, result in zip(due, results, strict=True):
        checkin = stored[history[index][0][2]]
        if "errors" in result:
            # Stored records always make a valid case; if one does not, say so in the logs and
            # leave this check-in without a result rather than fail the person's request.
            logger.error("Check-in %s made an invalid case: %s", checkin.pk, result["errors"])
            result = None
        values = {
            "assessment": result,
            "level": result["level"] if result else "",
            "rule_ids": [entry["id"] for entry in result["fired"]] if result else [],
            "engine_version": ENGINE_VERSION if result else "",
        }
        if any(getattr(checkin, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(checkin, name, value)
            checkin.updated_at = now
            changed.append(checkin)
        assessed.append(checkin)
    CheckIn.objects.bulk_update(changed, [*STORED_FIELDS, "updated_at"], batch_size=500)
    return assessed


def _results(massage, logs, first):
    """The engine's result for each prefix of ``logs`` from the one ending at ``first`` on, or
    ``{"errors": [...]}`` where the case is not valid."""
    case, errors = validate_case({**massage_case(massage, []), "logs": logs})
    if errors:
        return [{"errors": errors}] * (len(logs) - first)
    return list(judge(case, first=first))


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
