"""The history page of a month of check-ins, on a phone and on a desktop, with JavaScript off,
and of three years of daily check-ins.

Screenshots go to test-artifacts/screenshots/ (history-phone, history-desktop, history-overview,
history-signs-phone, history-three-years-desktop, history-three-years-phone).
"""

import datetime

from playwright.sync_api import expect

from tests.browser.helpers import PHONE
from tracker.models import CheckIn, Massage, SideFunction, Symptom, User

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# Thirty days of recovery: shoulder pain easing, neck pain fading, the arm getting stronger;
# the right arm easy all along (three "easy" lines that share every value); an emergency on day
# 3 (a doctor seen that day too), the left shoulder blade sticking out in the first ten days.
DAYS = 30
ARM_LEFT = ["cannot"] * 4 + ["great_effort"] * 8 + ["harder"] * 10 + ["easy"] * 8
RIGHT_EASY = {"arm_side_lift": "easy", "arm_forward_overhead": "easy", "wrist_finger_lift": "easy"}


def _level(day):
    if day == 3:
        return "EMERGENCY_NOW"
    return "SEE_DOCTOR_ASK_EMG" if day < 17 else "MONITOR_SELF_CARE"


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
            seen_doctor=day in (3, 6, 20),
            emg_done=day >= 21,
            level=_level(day),
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
        side
        for day, (checkin, left) in enumerate(zip(checkins, ARM_LEFT, strict=True))
        for side in (
            SideFunction(
                checkin=checkin,
                side="left",
                arm_side_lift=left,
                blade_sticks_out=day < 10,
                shoulder_lower=day < 6,
            ),
            SideFunction(checkin=checkin, side="right", blade_sticks_out=False, **RIGHT_EASY),
        )
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
    expect(page.get_by_role("heading", name="Signs to watch")).to_be_visible()
    expect(
        page.get_by_role("img", name="Signs to watch over the days since the massage")
    ).to_be_visible()
    expect(
        page.get_by_text(
            "Shoulder blade sticks out (your left): yes on 10 days, from day 0 to day 9"
        )
    ).to_be_visible()
    expect(page.locator(".marker-list").get_by_text("Day 3: Emergency advice")).to_be_visible()
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
    page.get_by_text("Signs to watch: the numbers as a table").click()
    signs_table = page.locator("table:has(#signs-caption)")
    expect(signs_table.get_by_role("row", name="Day 9")).to_be_visible()
    expect(signs_table.get_by_role("columnheader", name="Weakness (your left)")).to_be_visible()
    assert_accessible(page)
    assert violations == []
    assert foreign == []
    _check_marker_labels_stay_on_their_lines(page)


def _check_marker_labels_stay_on_their_lines(page):
    """In the drawings shown, each marker label sits beside its own line, within the drawing."""
    for svg in page.locator("svg.chart-svg").all():
        if not svg.is_visible():
            continue
        box = svg.bounding_box()
        for group in svg.locator("g.marker").all():
            label = group.locator("text")
            if not label.count():
                continue
            line, text = group.locator("line").bounding_box(), label.bounding_box()
            assert (
                box["x"] - 1 <= text["x"]
                and text["x"] + text["width"] <= box["x"] + box["width"] + 1
            )
            gap = min(abs(text["x"] - line["x"]), abs(text["x"] + text["width"] - line["x"]))
            assert gap <= 12  # next to its line (or to the lines of its day)
            assert line["y"] <= text["y"] + text["height"]  # the line reaches up to it


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
    page.get_by_text("Signs to watch: the numbers as a table").click()
    path = screenshot(page, "history-phone")
    signs = page.locator("section.history-chart:has(#signs-heading)")
    signs.screenshot(path=str(path.with_name("history-signs-phone.png")))


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
    # The signs chart is drawn without a script too.
    signs = page.locator("#signs-heading ~ figure .chart-wide svg")
    expect(signs.locator("g.series")).to_have_count(6)


def _person_with_three_years_of_checkins():
    """Three years of daily check-ins, in bulk: pain easing, the arm weak for a year and a
    half, a doctor every hundred days, an emergency on day 40, the EMG on day 60."""
    days = 3 * 365 + 1
    person = User.objects.create_user(email="years@example.com", password="long enough pw 42")
    massage = Massage.objects.create(
        owner=person,
        date=datetime.date.today() - datetime.timedelta(days=days - 1),
        types=["deep_tissue"],
        regions=[{"region": "shoulder_top", "side": "left"}],
        pressure="very_firm",
    )
    checkins = CheckIn.objects.bulk_create(
        CheckIn(
            massage=massage,
            date=massage.date + datetime.timedelta(days=day),
            seen_doctor=day % 100 == 10,
            emg_done=day >= 60,
            level="EMERGENCY_NOW"
            if day == 40
            else "SEE_DOCTOR_ASK_EMG"
            if day < 500
            else "MONITOR_SELF_CARE",
        )
        for day in range(days)
    )
    Symptom.objects.bulk_create(
        Symptom(
            checkin=c, kind="ache", region="shoulder_top", side="left", nprs=max(8 - day // 120, 1)
        )
        for day, c in enumerate(checkins)
    )
    SideFunction.objects.bulk_create(
        side
        for day, c in enumerate(checkins)
        for side in (
            SideFunction(
                checkin=c,
                side="left",
                arm_side_lift="harder" if day < 540 else "easy",
                blade_sticks_out=day < 300,
            ),
            SideFunction(checkin=c, side="right", **RIGHT_EASY),
        )
    )
    return person, massage


def test_three_years_of_history_read_well_on_a_desktop_and_a_phone(
    logged_in_context, screenshot, assert_accessible, csp_violations, foreign_requests
):
    person, massage = _person_with_three_years_of_checkins()
    for name, context in (("desktop", DESKTOP), ("phone", PHONE)):
        page = logged_in_context(person, **context).new_page()
        violations = csp_violations(page)
        foreign = foreign_requests(page)
        page.goto(f"/massages/{massage.pk}/history/")
        expect(page.get_by_text("Each point shows the worst of a week.")).to_be_visible()
        expect(
            page.get_by_role("img", name="Signs to watch over the days since the massage")
        ).to_be_visible()
        expect(page.locator(".marker-list").get_by_text("Day 35: Emergency advice")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= context["viewport"]["width"]
        _check_marker_labels_stay_on_their_lines(page)
        assert_accessible(page)
        assert violations == []
        assert foreign == []
        screenshot(page, f"history-three-years-{name}")
