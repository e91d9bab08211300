from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ..models import CheckIn

MASSAGES_PER_PAGE = 10
RECENT_CHECKINS = 3


@never_cache
def dashboard(request):
    """The person's massages, newest first, each with its latest check-ins in plain words.

    Queries: session, user, the page count, the page of massages (with their check-in count),
    their latest check-ins (one windowed query for the whole page), and those check-ins'
    symptoms and movement answers: seven, whatever the size of the history.
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
    return render(request, "tracker/dashboard.html", {"page": page})
