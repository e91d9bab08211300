"""The doctor report of the demo story on a desktop and a phone: printed to PDF by Chromium,
downloaded as the server's one-page PDF, with and without the person's notes, and without
JavaScript.

Artifacts: test-artifacts/screenshots/report-page.png (desktop, with the notes),
report-phone.png, and test-artifacts/report-print.pdf (Chromium's print) and
report-download.pdf (the server's PDF).
"""

import io
import re
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.helpers import PHONE
from tracker.management.commands.seed_demo import DEMO_EMAIL
from tracker.models import Massage
from tracker.report import EMG_QUESTION, SIDES_NOTE

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LEVEL = "See a doctor within a few days, and ask about a nerve test (EMG)"
NAME = "Ada <b>Lovelace</b>"
A_NOTE = "Woke twice in the night with the shoulder aching"
SECOND_PERSON = re.compile(r"\byou(r|rs|rself)?\b", re.IGNORECASE)


def _demo_massage():
    call_command("seed_demo", stdout=io.StringIO())
    # The demo's deep-tissue massage of 35 days ago, with its nerve story: 12 check-ins.
    return Massage.objects.filter(owner__email=DEMO_EMAIL).order_by("-date").first()


def _text(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return reader, text


def _is_a4(page):
    box = page.mediabox
    return abs(float(box.width) - 595.28) < 1 and abs(float(box.height) - 841.89) < 1


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
    expect(page.get_by_test_id("report-notes")).to_have_count(0)  # off by default
    page.get_by_label("Name to print on the report (optional)").fill(NAME)
    page.get_by_label("Include my notes").check()
    page.get_by_role("button", name="Update the report").click()
    expect(page.get_by_test_id("report-name")).to_have_text(NAME)  # as text, not markup
    # Posted: the name is in no address, the browser's history keeps none of it.
    expect(page).to_have_url(re.compile(rf"/massages/{massage.pk}/report/$"))
    expect(page.get_by_test_id("report-level")).to_have_text(LEVEL)
    expect(page.get_by_test_id("report-notes")).to_contain_text(A_NOTE)
    expect(page.get_by_label("Include my notes")).to_be_checked()
    expect(page.get_by_role("table")).to_contain_text("Top of the shoulder (left) 3/10")
    expect(page.get_by_role("img", name="Pain over the days since the massage")).to_be_visible()
    report = page.locator("article.report")
    expect(report).to_contain_text(SIDES_NOTE)
    expect(report).not_to_contain_text("your left")
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    screenshot(page, "report-page")

    # Printed by the browser: the print stylesheet lays it out on A4.
    printed = ARTIFACTS / "report-print.pdf"
    page.pdf(path=str(printed), format="A4")
    reader, text = _text(printed.read_bytes())
    assert 1 <= len(reader.pages) <= 2  # a browser's fonts vary; the server's PDF is exact
    assert LEVEL in text
    assert EMG_QUESTION in text
    assert "Ada <b>Lovelace</b>" in text
    assert "Download PDF" not in text  # the buttons and the navigation do not print
    assert "Log out" not in text

    # The server's PDF, downloaded through its button, with the same name and the notes.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"massagecare-report-{massage.date:%Y-%m-%d}.pdf"
    pdf = Path(download.path()).read_bytes()
    (ARTIFACTS / "report-download.pdf").write_bytes(pdf)
    reader, text = _text(pdf)
    assert len(reader.pages) == 1 and _is_a4(reader.pages[0])
    assert LEVEL in text
    assert EMG_QUESTION in text
    assert "Ada <b>Lovelace</b>" in text
    assert A_NOTE in text
    before_notes = text.split("In the patient's own words", 1)[0]
    assert SECOND_PERSON.findall(before_notes) == []

    assert violations == []
    assert foreign == []


def test_the_report_reads_on_a_phone(logged_in_context, screenshot, assert_accessible):
    massage = _demo_massage()
    context = logged_in_context(massage.owner, **PHONE)
    page = context.new_page()
    page.goto(f"/massages/{massage.pk}/report/")
    page.get_by_label("Include my notes").check()
    page.get_by_role("button", name="Update the report").click()
    expect(page.get_by_test_id("report-level")).to_have_text(LEVEL)
    expect(page.get_by_test_id("report-notes")).to_contain_text(A_NOTE)
    # The page itself never scrolls sideways; the wide timeline scrolls in its own region.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"]
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    screenshot(page, "report-phone")


def test_without_javascript_the_report_offers_the_pdf_and_hides_the_print_button(
    logged_in_context, csp_violations
):
    massage = _demo_massage()
    context = logged_in_context(massage.owner, java_script_enabled=False, **DESKTOP)
    page = context.new_page()
    page.goto(f"/massages/{massage.pk}/report/")
    expect(page.get_by_test_id("report-level")).to_have_text(LEVEL)
    expect(page.locator("#print-button")).to_be_hidden()
    expect(page.get_by_role("button", name="Download PDF")).to_be_visible()
    # The options form works as a plain form, posted; the PDF's button posts the same options.
    page.get_by_label("Name to print on the report (optional)").fill("Ada Lovelace")
    page.get_by_label("Include my notes").check()
    page.get_by_role("button", name="Update the report").click()
    expect(page.get_by_test_id("report-name")).to_have_text("Ada Lovelace")
    expect(page).to_have_url(re.compile(rf"/massages/{massage.pk}/report/$"))
    pdf_form = page.locator("form.report-pdf-form")
    expect(pdf_form).to_have_attribute("action", f"/massages/{massage.pk}/report.pdf")
    expect(pdf_form.locator('input[name="name"]')).to_have_value("Ada Lovelace")
    expect(pdf_form.locator('input[name="notes"]')).to_have_value("on")
    with page.expect_download() as download_info:
        pdf_form.get_by_role("button", name="Download PDF").click()
    _, text = _text(Path(download_info.value.path()).read_bytes())
    assert "Ada Lovelace" in text
