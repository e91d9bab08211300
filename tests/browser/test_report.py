"""The doctor report of the demo story on a desktop: printed to PDF by Chromium, downloaded as
the server's PDF, and without JavaScript.

Artifacts: test-artifacts/screenshots/report-page.png and test-artifacts/report-print.pdf.
"""

import io
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from tracker.management.commands.seed_demo import DEMO_EMAIL
from tracker.models import Massage
from tracker.report import EMG_QUESTION

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LEVEL = "See a doctor within a few days, and ask about a nerve test (EMG)"
NAME = "Ada <b>Lovelace</b>"


def _demo_massage():
    call_command("seed_demo", stdout=io.StringIO())
    # The demo's deep-tissue massage of 35 days ago, with its nerve story.
    return Massage.objects.filter(owner__email=DEMO_EMAIL).order_by("-date").first()


def _text(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return reader, text


def test_the_report_prints_on_a4_and_downloads_as_the_same_pdf(
    logged_in_context, screenshot, assert_accessible, csp_violations, foreign_requests
):
    massage = _demo_massage()
    context = logged_in_context(massage.owner, **DESKTOP)
    page = context.new_page()
    violations = csp_violations(page)
    foreign = foreign_requests(page)

    response = page.goto(f"/massages/{massage.pk}/report/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Symptoms after a massage: a report for the doctor"
    )
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # shown by print.js
    page.get_by_label("Name to print on the report (optional)").fill(NAME)
    page.get_by_role("button", name="Update the report").click()
    expect(page.get_by_test_id("report-name")).to_have_text(NAME)  # as text, not markup
    expect(page.get_by_test_id("report-level")).to_have_text(LEVEL)
    expect(page.get_by_role("table")).to_contain_text("Top of the shoulder (your left) 3/10")
    expect(page.get_by_role("img", name="Pain over the days since the massage")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    screenshot(page, "report-page")

    # Printed by the browser: the print stylesheet makes it one or two A4 pages.
    printed = ARTIFACTS / "report-print.pdf"
    page.pdf(path=str(printed), format="A4")
    reader, text = _text(printed.read_bytes())
    assert 1 <= len(reader.pages) <= 2
    assert LEVEL in text
    assert EMG_QUESTION in text
    assert "Ada <b>Lovelace</b>" in text
    assert "Download PDF" not in text  # the buttons and the navigation do not print
    assert "Log out" not in text

    # The server's PDF, downloaded through the link, with the same name.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"massagecare-report-{massage.date:%Y-%m-%d}.pdf"
    reader, text = _text(Path(download.path()).read_bytes())
    assert len(reader.pages) in (1, 2)
    assert LEVEL in text
    assert EMG_QUESTION in text
    assert "Ada <b>Lovelace</b>" in text

    assert violations == []
    assert foreign == []


def test_without_javascript_the_report_offers_the_pdf_and_hides_the_print_button(
    logged_in_context, csp_violations
):
    massage = _demo_massage()
    context = logged_in_context(massage.owner, java_script_enabled=False, **DESKTOP)
    page = context.new_page()
    page.goto(f"/massages/{massage.pk}/report/")
    expect(page.get_by_test_id("report-level")).to_have_text(LEVEL)
    expect(page.locator("#print-button")).to_be_hidden()
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
    # The name form works as a plain GET form.
    page.get_by_label("Name to print on the report (optional)").fill("Ada Lovelace")
    page.get_by_role("button", name="Update the report").click()
    expect(page.get_by_test_id("report-name")).to_have_text("Ada Lovelace")
    expect(page.get_by_role("link", name="Download PDF")).to_have_attribute(
        "href", f"/massages/{massage.pk}/report.pdf?name=Ada+Lovelace"
    )
