"""Public pages: what a visitor sees before logging in, and the site's icon."""

from functools import cache
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

FAVICON = "img/favicon.ico"


@login_not_required
@require_safe
def landing(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "tracker/landing.html")


@cache
def _favicon_bytes():
    # Found like the report's files (tracker/views/reports.py): in the static folders, with or
    # without collectstatic. Read once: it is 3 kB and never changes while the app runs.
    return Path(finders.find(FAVICON)).read_bytes()


@login_not_required
@require_safe
@cache_control(public=True, max_age=60 * 60 * 24)
def favicon(request):
    """/favicon.ico, which browsers and bookmark tools ask for whatever the page's <link rel=icon>
    says. The page itself links the SVG (static/img/favicon.svg); this is the same drawing."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")
