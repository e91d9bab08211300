from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from ..history_cache import TIMEOUT, checkin_facts, version_key
from ..models import CheckIn, Massage
from ..page_cache import private_page

RECENT_CHECKINS = 3
LEVEL_CHANGES_SHOWN = 6


@never_cache
@private_page
def dashboard(request):
    """The person's massages, newest first, each with its latest check-ins in plain words.

    Queries: session, user, the count of massages, the page of massages (with the count, last
    date and latest change of their check-ins): four while their check-ins stay the same.
    For a massage whose check-ins changed: its latest check-ins (one windowed query for all
    such massages of the page), their symptoms and movement answers, and the changes of
    triage level (another windowed query): eight, whatever the size of the history.
    """
    mine = Massage.objects.owned_by(request.user)
    massages = mine.annotate(**checkin_facts()).order_by("-date", "-time", "-id")
    page = Massage.objects.page_for(request.user, massages, request.GET.get("page"))
    _add_latest(list(page))
    return render(request, "tracker/dashboard.html", {"page": page})


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
    changes = CheckIn.objects.filter(massage__in=massages).level_changes()
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
