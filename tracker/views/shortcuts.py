"""The menu's "Check in" and "Report": addresses that find the person's massage when followed.

The menu is on every page; looking up the latest massage there would add a query to each of
them. These views do it only when the link is followed: one query, then a redirect.
"""

from django.contrib import messages
from django.db.models import F
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..models import CheckIn, Massage

NO_MASSAGE_TO_CHECK_IN = "First tell us about the massage you had: then you can check in."
NO_MASSAGE_TO_REPORT = (
    "The report for your doctor is made from a massage and your check-ins after it: "
    "add the massage first."
)


def _latest_massage_id(user):
    # The newest massage, as on the dashboard; on the same day one with a time before one
    # without (SQLite and PostgreSQL put NULL at opposite ends unless told).
    return (
        Massage.objects.owned_by(user)
        .order_by("-date", F("time").desc(nulls_last=True), "-id")
        .values_list("pk", flat=True)
        .first()
    )


@never_cache
@require_GET
def checkin_latest(request):
    """A check-in for the newest massage; with no massage yet, the massage form comes first."""
    massage_id = _latest_massage_id(request.user)
    if massage_id is None:
        messages.info(request, NO_MASSAGE_TO_CHECK_IN)
        return redirect("massage_create")
    return redirect("checkin_create", pk=massage_id)


@never_cache
@require_GET
def report_latest(request):
    """The report of the massage the person last checked in about (the one they are following),
    else of the newest massage; with no massage yet, the dashboard says what a report needs."""
    massage_id = (
        CheckIn.objects.owned_by(request.user)
        .order_by("-date", "-created_at", "-id")
        .values_list("massage_id", flat=True)
        .first()
    ) or _latest_massage_id(request.user)
    if massage_id is None:
        messages.info(request, NO_MASSAGE_TO_REPORT)
        return redirect("dashboard")
    return redirect("massage_report", pk=massage_id)
