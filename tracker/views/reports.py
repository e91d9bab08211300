"""The doctor report of one massage: a printable page, and the same body as a PDF."""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..charts import history_for
from ..forms.assessments import ReportNameForm
from ..history_cache import cached, history_facts
from ..ownership import get_massage_for_user
from ..report import build_report, person_facts

# WeasyPrint resolves the page's links against this address; nothing is ever fetched from it
# (the .invalid domain cannot exist): StaticFilesOnly answers from our own static files.
PDF_BASE_URL = "https://report.massagecare.invalid/"
CHART_SIZE = {"width": 640, "height": 240}


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


def _report_context(massage, name):
    """The report's context: its record of the massage (cached until the history changes, see
    tracker/history_cache.py), the name typed for this report, and today's date."""
    facts = history_facts(massage)
    record = cached("report", massage, facts, lambda: _record(massage, facts))
    return {
        **record,
        "massage": massage,
        "person_facts": person_facts(massage),
        "name": name,
        "generated_on": timezone.localdate(),
    }


def _record(massage, facts):
    """The record rendered, with the emergency advice the page leads with (if any)."""
    history = history_for(massage, facts)
    charts = [chart for chart in (history.pain, history.movement) if not chart.is_empty]
    report = build_report(massage)
    context = {
        **report,
        "charts": [(chart.title, chart.svg(history.markers, **CHART_SIZE)) for chart in charts],
        "history_summary": history.summary,
    }
    p = report["p"]
    return {
        "record": render_to_string("tracker/_report_record.html", context),
        "emergency": p["emergency"] if p else None,
    }


@never_cache
@require_GET
def massage_report(request, pk):
    """The report as a page to read, print, or download as a PDF."""
    massage = get_massage_for_user(request.user, pk)
    form = ReportNameForm(request.GET or None)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    pdf_url = reverse("massage_report_pdf", args=[massage.pk])
    if name:
        pdf_url += "?" + urlencode({"name": name})
    context = {**_report_context(massage, name), "form": form, "pdf_url": pdf_url}
    return render(request, "tracker/report.html", context)


@never_cache
@require_GET
def massage_report_pdf(request, pk):
    """The same report as a PDF file, built from the same template body by WeasyPrint."""
    massage = get_massage_for_user(request.user, pk)
    form = ReportNameForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # The page shows what is wrong next to the field, with what was typed.
        return redirect(f"{reverse('massage_report', args=[massage.pk])}?{request.GET.urlencode()}")
    name = form.cleaned_data["name"] if form.is_bound else ""
    html = render_to_string(
        "tracker/report_pdf.html", _report_context(massage, name), request=request
    )
    pdf = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="massagecare-report-{massage.date:%Y-%m-%d}.pdf"'
    )
    return response
