"""Running the triage engine on stored check-ins and keeping its result with each of them."""

import logging
import re

from django.db.models import Q

from .case_export import checkin_log, chronological_checkins, massage_case
from .models import CheckIn
from .triage import ENGINE_VERSION, CaseError, assess

logger = logging.getLogger(__name__)

# Evidence names the last logs as logs[-1], logs[-2]; a plain index means an older log.
_OLDER_LOG = re.compile(r"logs\[\d+\]")

STORED_FIELDS = ["level", "rule_ids", "engine_version", "assessment"]


def reassess_massage(massage, *, since=None):
    """Assess every check-in of ``massage`` dated ``since`` or later, as of its own date.

    Each check-in is judged with the history up to it, so an edit changes the results from
    that day on; earlier ones stay as they were. Returns the check-ins that were updated.
    """
    checkins = chronological_checkins(massage)
    base = massage_case(massage, [])
    logs = [checkin_log(checkin) for checkin in checkins]
    updated = []
    for index, checkin in enumerate(checkins):
        if since is not None and checkin.date < since:
            continue
        case = {**base, "logs": logs[: index + 1], "as_of": checkin.date.isoformat()}
        try:
            result = assess(case)
        except CaseError as error:
            # Stored records always make a valid case; if one does not, say so in the logs and
            # leave this check-in without a result rather than fail the person's request.
            logger.error("Check-in %s made an invalid case: %s", checkin.pk, error.errors)
            result = None
        checkin.assessment = result
        checkin.level = result["level"] if result else ""
        checkin.rule_ids = [entry["id"] for entry in result["fired"]] if result else []
        checkin.engine_version = ENGINE_VERSION if result else ""
        updated.append(checkin)
    CheckIn.objects.bulk_update(updated, STORED_FIELDS)
    return updated


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
