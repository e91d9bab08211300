"""Running the triage engine on stored check-ins and keeping its result with each of them."""

import logging
import re
from collections import defaultdict, namedtuple

from django.db.models import Q
from django.utils import timezone

from .case_export import checkin_log, massage_case
from .models import CheckIn, SideFunction, Symptom
from .triage import ENGINE_VERSION, CaseError, assess

logger = logging.getLogger(__name__)

# Evidence names the last logs as logs[-1], logs[-2]; a plain index means an older log.
_OLDER_LOG = re.compile(r"logs\[\d+\]")

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
    deleted there changes the history of those only. A result that changed is stored with a
    new ``updated_at`` (the version cached pages are keyed by); one that came out the same is
    not written again. Returns the check-ins that were assessed.
    """
    history = history_logs(massage)
    due = [
        index
        for index, (at, _) in enumerate(history)
        if (since is None or at[0] >= since) and (after is None or at >= after)
    ]
    if not due:
        return []
    stored = CheckIn.objects.in_bulk([history[index][0][2] for index in due])
    base = massage_case(massage, [])
    logs = [log for _, log in history]
    now = timezone.now()
    assessed, changed = [], []
    for index in due:
        checkin = stored[history[index][0][2]]
        case = {**base, "logs": logs[: index + 1], "as_of": checkin.date.isoformat()}
        try:
            result = assess(case)
        except CaseError as error:
            # Stored records always make a valid case; if one does not, say so in the logs and
            # leave this check-in without a result rather than fail the person's request.
            logger.error("Check-in %s made an invalid case: %s", checkin.pk, error.errors)
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
    CheckIn.objects.bulk_update(changed, [*STORED_FIELDS, "updated_at"])
    return assessed


def checkins_for_evidence(checkin, evidence):
    """The check-ins up to this one (oldest first): the last two unless older ones are named."""
    history = checkin.massage.checkins.filter(
        Q(date__lt=checkin.date)
        | Q(date=checkin.date, created_at__lt=checkin.created_at)
        | Q(date=checkin.date, created_at=checkin.created_at, id__lte=checkin.id)
    ).order_by("-date", "-created_at", "-id")
    if not any(_OLDER_LOG.search(item) for item in evidence):
        history = history[:2]
    return list(history.prefetch_related("symptoms", "functions"))[::-1]
