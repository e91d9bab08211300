"""The history of one massage in charts, and the overview of all of a person's massages."""

from django.db.models import Count, Max, OuterRef, Prefetch, Subquery
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..charts import history_for, marker_swatch, trend_of
from ..history_cache import cached, history_facts
from ..models import CheckIn, Massage, Symptom
from ..ownership import get_massage_for_user
from ..page_cache import private_page
from ..triage import vocabulary as v

# Two drawings of each chart: the page shows the one that fits the screen (site.css), so the
# text stays readable on a 390px phone without shrinking a desktop-sized drawing.
WIDE = {"width": 720, "height": 280}
SMALL = {"width": 360, "height": 300}
EMPTY_TEXT = {
    "pain": "No pain scores logged yet: a chart appears once a check-in gives one (0 to 10).",
    "movement": (
        "No movement answers yet: they are asked when a symptom is in the shoulder, arm or leg."
    ),
    "signs": (
        "Nothing logged yet about weakness, numbness or tingling, a lower shoulder or a "
        "shoulder blade that sticks out."
    ),
}


@never_cache
@require_GET
@private_page
def massage_history(request, pk):
    """Charts of pain, movement and the signs to watch since the massage, each with its
    table and summary.

    Queries: session, user, the massage, the facts of its check-ins (their count, span, first
    EMG and latest change: the cache key): four while the history stays the same. After a
    change, history_for's other four (symptoms: pain and signs; answers of each side:
    movement and signs; doctor visits; changes of advice) draw it again: eight, whatever the
    length of the history.
    """
    massage = get_massage_for_user(request.user, pk)
    facts = history_facts(massage)
    body = cached("history", massage, facts, lambda: _history_body(massage, facts))
    return render(request, "tracker/history.html", {"massage": massage, "body": body})


def _history_body(massage, facts):
    history = history_for(massage, facts)
    panels = [
        {
            "chart": chart,
            "svg": chart.svg(history.markers, **WIDE, id_prefix=f"{chart.key}-wide"),
            "svg_small": chart.svg(history.markers, **SMALL, id_prefix=f"{chart.key}-small"),
            "empty_text": EMPTY_TEXT[chart.key],
        }
        for chart in history.charts
    ]
    markers = [(marker, marker_swatch(marker.kind)) for marker in history.markers]
    context = {"massage": massage, "history": history, "panels": panels, "markers": markers}
    return render_to_string("tracker/_history_body.html", context)


@never_cache
@require_GET
@private_page
def history_overview(request):
    """All the person's massages, newest first, each with its advice now and its trend.

    Queries: session, user, the page count, the page of massages (with their check-in count
    and last date), and their last two check-ins each with its worst pain (one windowed
    query for the whole page): five, whatever the number of check-ins.
    """
    worst_pain = (
        Symptom.objects.filter(checkin=OuterRef("pk"), nprs__isnull=False)
        .order_by("-nprs")
        .values("nprs")[:1]
    )
    latest_two = CheckIn.objects.annotate(worst_pain=Subquery(worst_pain)).order_by(
        "-date", "-created_at", "-id"
    )[:2]
    massages = (
        Massage.objects.owned_by(request.user)
        .annotate(checkin_count=Count("checkins"), last_checkin_date=Max("checkins__date"))
        .prefetch_related(Prefetch("checkins", queryset=latest_two, to_attr="latest_two"))
        .order_by("-date", "-time", "-id")
    )
    page = Massage.objects.page_for(request.user, massages, request.GET.get("page"))
    for massage in page:
        latest, previous = [*massage.latest_two, None, None][:2]
        massage.latest_checkin = latest
        massage.level_label = v.LEVEL_SHORT.get(latest.level, "") if latest else ""
        massage.trend = (
            trend_of(latest.worst_pain, previous.worst_pain if previous else None, latest.course)
            if latest
            else None
        )
    return render(request, "tracker/history_overview.html", {"page": page})
