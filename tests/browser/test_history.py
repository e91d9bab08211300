"""The history page of a month of check-ins, on a phone and on a desktop, with JavaScript off.

Screenshots go to test-artifacts/screenshots/ (history-phone, history-desktop, history-overview).
"""

import datetime

from playwright.sync_api import expect

from tests.browser.helpers import PHONE
from tracker.models import CheckIn, Massage, SideFunction, Symptom, User

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# Thirty days of recovery: shoulder pain easing, neck pain fading, the arm getting stronger.
DAYS = 30
ARM_LEFT = ["cannot"] * 4 + ["great_effort"] * 8 + ["harder"] * 10 + ["easy"] * 8


def _person_with_a_month_of_checkins():
    person = User.objects.create_user(email="history@example.com", password="long enough pw 42")
    massage = Massage.objects.create(
        owner=person,
        date=datetime.date.today() - datetime.timedelta(days=DAYS),
        types=["deep_tissue"],
        regions=[{"region": "shoulder_top", "side": "left"}],
        pressure="very_firm",
    )
    checkins = CheckIn.objects.bulk_create(
        CheckIn(
            massage=massage,
            date=massage.date + datetime.timedelta(days=day),
            course="better" if day else "",
            seen_doctor=day in (6, 20),
            emg_done=day >= 21,
            level="SEE_DOCTOR_ASK_EMG" if day < 17 else "MONITOR_SELF_CARE",
        )
        for day in range(DAYS)
    )
    symptoms = []
    for day, checkin in enumerate(checkins):
        symptoms.append(
            Symptom(
                checkin=checkin,
                kind="ache",
                region="shoulder_top",
                side="left",
                nprs=max(7 - day // 4, 1),
            )
        )
        if day < 18:
            symptoms.append(
                Symptom(
                    checkin=checkin,
                    kind="tingling",
                    region="neck_side",
                    side="left",
                    nprs=max(5 - day // 3, 0),
                )
            )
    Symptom.objects.bulk_create(symptoms)
    SideFunction.objects.bulk_create(
        SideFunction(checkin=checkin, side=side, arm_side_lift=grade)
        for checkin, left in zip(checkins, ARM_LEFT, strict=True)
        for side, grade in (("left", left), ("right", "easy"))
    )
    return person, massage


def _check_history_page(page, massage, csp_violations, foreign_requests, assert_accessible):
    violations = csp_violations(page)
    foreign = foreign_requests(page)
    response = page.goto(f"/massages/{massage.pk}/history/")
    page.wait_for_load_state("networkidle")
    assert response.status == 200
    expect(page.get_by_role("heading", name="Pain", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Movement and strength")).to_be_visible()
    # Exactly one drawing of each chart shows, as an image named by its <title>.
    charts = page.get_by_role("img", name="Pain over the days since the massage")
    expect(charts).to_have_count(1)
    expect(charts).to_be_visible()
    expect(
        page.get_by_text("Top of the shoulder (your left): pain went from 7 to 1")
    ).to_be_visible()
    table = page.get_by_text("Pain: the numbers as a table")
    table.click()
    expect(page.get_by_role("row", name="Day 29")).to_be_visible()
    assert_accessible(page)
    assert violations == []
    assert foreign == []


def test_the_history_page_reads_well_on_a_phone(
    logged_in_context, screenshot, assert_accessible, csp_violations, foreign_requests
):
    person, massage = _person_with_a_month_of_checkins()
    page = logged_in_context(person, **PHONE).new_page()
    _check_history_page(page, massage, csp_violations, foreign_requests, assert_accessible)
    chart = page.locator(".chart-small svg").first
    expect(chart).to_be_visible()
    # The phone drawing fits the screen: no sideways scrolling of the page.
    assert chart.bounding_box()["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_text("Pain: the numbers as a table").click()  # folded again for the picture
    screenshot(page, "history-phone")


def test_the_history_page_on_a_desktop(
    logged_in_context, screenshot, assert_accessible, csp_violations, foreign_requests
):
    person, massage = _person_with_a_month_of_checkins()
    page = logged_in_context(person, **DESKTOP).new_page()
    _check_history_page(page, massage, csp_violations, foreign_requests, assert_accessible)
    expect(page.locator(".chart-wide svg").first).to_be_visible()
    expect(page.locator(".chart-small svg").first).to_be_hidden()
    screenshot(page, "history-desktop")

    page.get_by_role("link", name="All your massages").click()
    expect(page.get_by_role("heading", name="How your massages went")).to_be_visible()
    expect(page.get_by_text("Self-care")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "history-overview")


def test_the_charts_show_with_javascript_off(logged_in_context):
    person, massage = _person_with_a_month_of_checkins()
    page = logged_in_context(person, java_script_enabled=False, **DESKTOP).new_page()
    page.goto(f"/massages/{massage.pk}/history/")
    svg = page.locator(".chart-wide svg").first
    expect(svg).to_be_visible()
    assert svg.bounding_box()["height"] > 200
    expect(svg.locator("polyline")).to_have_count(2)
