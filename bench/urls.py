"""The site's URLs plus the bench's baseline: the cheapest page Django can serve here."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_safe

from massagecare import urls as site_urls

# A tiny template, no query: the same server, middleware and template engine as every page.
BASELINE = engines["django"].from_string(
    '<!doctype html>\n<html lang="en"><head><title>{{ title }}</title></head>'
    '<body><p>{{ title }}: {{ words|join:", " }}.</p></body></html>\n'
)


@login_not_required
@require_safe
def baseline(request):
    context = {"title": "Baseline", "words": ["a", "minimal", "Django", "page"]}
    return HttpResponse(BASELINE.render(context, request))


@require_safe
def baseline_logged_in(request):
    """The same page for a logged-in person: the floor of every private page (session, user)."""
    context = {"title": "Baseline", "words": ["logged", "in", request.user.email]}
    return HttpResponse(BASELINE.render(context, request))


urlpatterns = [
    path("bench/baseline/", baseline, name="bench_baseline"),
    path("bench/baseline/logged-in/", baseline_logged_in, name="bench_baseline_logged_in"),
    *site_urls.urlpatterns,
]

# The site's own error pages (Django looks for them in the root URLconf, which this is here).
for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(site_urls, _name):
        globals()[_name] = getattr(site_urls, _name)
