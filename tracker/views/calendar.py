"""The dates of an assessment as a file to add to a calendar (issue 14, point 3)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..calendar_file import FILENAME, NAME_REASON, build_calendar, calendar_dates
from ..ownership import get_checkin_for_user


@never_cache
@require_GET
def checkin_calendar(request, pk):
    """The check-in's dates as an .ics file, with neutral titles unless the person ticked the
    box that names the reason (``?reason=1``; anything else keeps them neutral). A GET: the
    form works without JavaScript, and the address carries no more than that one choice."""
    checkin = get_checkin_for_user(request.user, pk)
    page = checkin.get_absolute_url()
    if checkin.assessment is None:
        # The page assesses the check-in first, and offers the file when it names a date.
        return redirect(page)
    dates = calendar_dates(checkin)
    if not dates:
        messages.info(request, "This check-in names no date to add to a calendar.")
        return redirect(page)
    ics = build_calendar(
        dates,
        checkin=checkin,
        link=request.build_absolute_uri(page),
        host=request.get_host(),
        name_reason=request.GET.get(NAME_REASON) == "1",
        stamp=timezone.now(),
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    return response
