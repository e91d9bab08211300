"""The doctor report of one massage: a printable page, and the same body as a PDF.

The name to print and the choice of notes come in the body of a POST, never in an address: an
address stays in the browser's history and in the logs of every proxy on the way, and the page
promises that nothing keeps the name (issue 13). No answer of either view is cached.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..charts import history_for
from ..forms.assessments import ReportNameForm
from ..history_cache import cached, history_facts
from ..ownership import get_massage_for_user
from ..page_cache import kept, private_page
from ..report import (
    DISCLAIMER,
    SIDES_NOTE,
    build_report,
    chart_markers,
    clinician_chart,
    person_facts,
    report_notes,
)

# WeasyPrint resolves the page's links against this address; nothing is ever fetched from it
# (the .invalid domain cannot exist): StaticFilesOnly answers from our own static files.
PDF_BASE_URL = "https://report.massagecare.invalid/"
# Drawn at this size, each chart is scaled by print.css into half the page's width and at most
# 36 mm of its height (legend included), so that both fit beside each other on the one A4 page;
# their 12-unit text then prints at about 5.5 pt, and the timeline below gives every number.
CHART_SIZE = {"width": 460, "height": 185}


class StaticFilesOnly(URLFetcher):
    """Serves WeasyPrint our own static files from disk and refuses every other address."""

    def __init__(self):
        super().__init__(allowed_protocols={"https"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        base = urlsplit(PDF_BASE_URL)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(
            settings.STATIC_URL
        ):
            raise ValueError(f"The report loads only its own static files, not {url}")
        name = unquote(parts.path.removeprefix(settings.STATIC_URL))
        found = finders.find(name) if ".." not in name.split("/") else None
        if not found:
            raise ValueError(f"No static file {name}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def _options(form):
    """The name and the notes choice of a valid options form (nothing of an invalid one)."""
    if not form.is_bound or not form.is_valid():
        return "", False
    return form.cleaned_data["name"], form.cleaned_data["notes"]


def _report_context(massage, name, include_notes):
    """The report's context: its record of the massage (cached until the history changes, see
    tracker/history_cache.py), the name typed for this report, the person's notes if they
    chose to include them (one query, never cached), and today's date."""
    facts = history_facts(massage)
    record = cached("report", massage, facts, lambda: _record(massage, facts))
    return {
        **record,
        "massage": massage,
        "person_facts": person_facts(massage),
        "name": name,
        "notes": report_notes(massage) if include_notes else None,
        "generated_on": timezone.localdate(),
        "sides_note": SIDES_NOTE,
        "disclaimer": DISCLAIMER,
    }


def _record(massage, facts):
    """The record rendered, with the emergency advice the page leads with (if any)."""
    history = history_for(massage, facts)
    markers = chart_markers(history.markers)
    charts = [clinician_chart(c) for c in (history.pain, history.movement) if not c.is_empty]
    report = build_report(massage)
    context = {
        **report,
        "charts": [
            (chart.title, chart.svg(markers, id_prefix=f"report-{chart.key}", **CHART_SIZE))
            for chart in charts
        ],
    }
    p = report["p"]
    return {
        "record": render_to_string("tracker/_report_record.html", context),
        "emergency": p["emergency"] if p else None,
    }


def _report_page(request, massage, form):
    """The report as a page, with the options form; the PDF button posts the same options."""
    name, include_notes = _options(form)
    context = {
        **_report_context(massage, name, include_notes),
        "form": form,
        "include_notes": include_notes,
    }
    return render(request, "tracker/report.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@private_page
def massage_report(request, pk):
    """The report as a page to read, print, or download as a PDF: without a name or notes
    (GET, whatever the address says), or with those the person chose (POST)."""
    massage = get_massage_for_user(request.user, pk)
    form = ReportNameForm(request.POST if request.method == "POST" else None)
    return _report_page(request, massage, form)


@never_cache
@require_POST
def massage_report_pdf(request, pk):
    """The same report as a PDF file, built from the same template body by WeasyPrint.

    Building it takes about a second, so the file is kept (tracker/page_cache.py) and handed
    out again while the person's records, settings, day and chosen options stay the same; the
    massage is looked up, its owner checked, and the file built only when it is not kept.
    """
    form = ReportNameForm(request.POST)
    if not form.is_valid():
        # The page says what is wrong next to the field, with what was typed (a redirect
        # would carry the name in its address).
        return _report_page(request, get_massage_for_user(request.user, pk), form)
    options = _options(form)

    def build():
        massage = get_massage_for_user(request.user, pk)
        context = _report_context(massage, *options)
        html = render_to_string("tracker/report_pdf.html", context, request=request)
        fetcher = StaticFilesOnly()
        pdf = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).write_pdf()
        return f"massagecare-report-{massage.date:%Y-%m-%d}.pdf", pdf

    filename, pdf = kept(request, options, build)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
