from collections import defaultdict

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q, Window, prefetch_related_objects
from django.db.models.functions import Lag
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from ..history_cache import TIMEOUT, checkin_facts, version_key
from ..models import CheckIn
from ..triage import vocabulary as v

MASSAGES_PER_PAGE = 10
RECENT_CHECKINS = 3
LEVEL_CHANGES_SHOWN = 6


@never_cache
def dashboard(request):
    """The person's massages, newest first, each with its latest check-ins in plain words.

    Queries: session, user, the count of massages, the page of massages (with the count, last
    date and latest change of their check-ins): four while their check-ins stay the same.
    For a massage whose check-ins changed: its latest check-ins (one windowed query for all
    such massages of the page), their symptoms and movement answers, and the changes of
    triage level (another windowed query): eight, whatever the size of the history.
    """
    massages = request.user.massages.annotate(**checkin_facts()).order_by("-date", "-time", "-id")
    page = massage_page(request, massages)
    _add_latest(list(page))
    return render(request, "tracker/dashboard.html", {"page": page})


def massage_page(request, massages):
    """The page of ``massages`` (the person's, annotated) that ?page= asks for."""
    paginator = Paginator(massages, MASSAGES_PER_PAGE)
    # Counted without the annotations, which would join every check-in into the count.
    paginator.count = request.user.massages.count()
    return paginator.get_page(request.GET.get("page"))


def _add_latest(massages):
    """Each massage's latest check-ins and changes of advice, rendered and kept in the cache
    under the version of its check-ins (tracker/history_cache.py), so they are read and drawn
    again only after a change."""
    keys = {
        massage.pk: version_key(
            "dashboard", massage, massage.checkin_count, massage.checkins_changed
        )
        for massage in massages
    }
    found = cache.get_many(keys.values())
    missing = [massage for massage in massages if keys[massage.pk] not in found]
    if missing:
        fresh = {keys[pk]: latest for pk, latest in _latest(missing).items()}
        cache.set_many(fresh, TIMEOUT)
        found.update(fresh)
    for massage in massages:
        massage.latest = found[keys[massage.pk]]


def _latest(massages):
    """{massage id: its advice now and how it changed, and its latest check-ins, rendered}."""
    recent = CheckIn.objects.order_by("-date", "-created_at", "-id").prefetch_related(
        "symptoms", "functions"
    )
    prefetch_related_objects(
        massages,
        Prefetch("checkins", queryset=recent[:RECENT_CHECKINS], to_attr="recent_checkins"),
    )
    changes = level_changes([massage.pk for massage in massages])
    latest = {}
    for massage in massages:
        context = {
            "massage": massage,
            "recent_checkins": massage.recent_checkins,
            "level_changes": changes.get(massage.pk, [])[-LEVEL_CHANGES_SHOWN:],
        }
        latest[massage.pk] = {
            "advice": render_to_string("tracker/_dashboard_advice.html", context),
            "checkins": render_to_string("tracker/_dashboard_checkins.html", context),
            "shown": len(massage.recent_checkins),
        }
    return latest


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
