from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Prefetch, Q, Window
from django.db.models.functions import Lag
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ..models import CheckIn
from ..triage import vocabulary as v

MASSAGES_PER_PAGE = 10
RECENT_CHECKINS = 3
LEVEL_CHANGES_SHOWN = 6


@never_cache
def dashboard(request):
    """The person's massages, newest first, each with its latest check-ins in plain words.

    Queries: session, user, the page count, the page of massages (with their check-in count),
    their latest check-ins (one windowed query for the whole page), those check-ins' symptoms
    and movement answers, and the changes of triage level (another windowed query): eight,
    whatever the size of the history.
    """
    recent = CheckIn.objects.order_by("-date", "-created_at", "-id").prefetch_related(
        "symptoms", "functions"
    )
    massages = (
        request.user.massages.annotate(
            checkin_count=Count("checkins"), last_checkin_date=Max("checkins__date")
        )
        .prefetch_related(
            Prefetch("checkins", queryset=recent[:RECENT_CHECKINS], to_attr="recent_checkins")
        )
        .order_by("-date", "-time", "-id")
    )
    page = Paginator(massages, MASSAGES_PER_PAGE).get_page(request.GET.get("page"))
    changes = level_changes([massage.pk for massage in page])
    for massage in page:
        massage.level_changes = changes.get(massage.pk, [])[-LEVEL_CHANGES_SHOWN:]
    return render(request, "tracker/dashboard.html", {"page": page})


def level_changes(massage_ids):
    """For each massage, the check-ins where the triage level changed, oldest first.

    The database compares each check-in's level with the one before it (a window function),
    so only the changes travel, however long the history.
    """
    order = [F("date").asc(), F("created_at").asc(), F("id").asc()]
    rows = (
        CheckIn.objects.filter(massage_id__in=massage_ids)
        .exclude(level="")
        .annotate(
            previous_level=Window(Lag("level"), partition_by=[F("massage_id")], order_by=order)
        )
        .filter(Q(previous_level__isnull=True) | ~Q(level=F("previous_level")))
        .order_by("massage_id", *order)
        .values("massage_id", "date", "level")
    )
    changes = defaultdict(list)
    for row in rows:
        row["label"] = v.LEVEL_SHORT.get(row["level"], row["level"])
        changes[row["massage_id"]].append(row)
    return changes
