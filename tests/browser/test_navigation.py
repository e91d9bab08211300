"""The main menu in a real browser (issue 12): on a 390 x 844 phone a short row on top and the
four things people do in a bar at the bottom; on a 1280 px desktop one line; every item reachable
by keyboard, with and without JavaScript; axe-core clean. Also the invalid-select icon under the
Content Security Policy, and the favicon.

Screenshots: test-artifacts/screenshots/nav-*.png.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
BAR_ITEMS = ["Check in", "History", "Report", "More"]
MORE_ITEMS = ["Dashboard", "Add a massage", "Stories", "Account", "Log out"]
WIDE_ITEMS = ["Dashboard", "Check in", "History", "Report", "Add a massage", "Stories", "Account"]
MIN_TARGET = 44
TOP_ROW_MAX = 64

FOCUSED = r"""() => {
    const el = document.activeElement;
    return {
        text: (el.textContent || "").replace(/\s+/g, " ").trim(),
        inNav: !!el.closest("nav[aria-label=Main]"),
        inMain: !!el.closest("main"),
    };
}"""


def _box(locator):
    return locator.bounding_box()


def _bar(page):
    return page.get_by_role("navigation", name="Main").locator(".nav-bar")


def _bar_item(page, name):
    if name == "More":
        return _bar(page).locator("summary")
    return _bar(page).get_by_role("link", name=name, exact=True)


def _tab_through_menu(page):
    """The texts focused by Tab from the top of the page until the page's own content."""
    page.locator("body").focus()
    seen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        where = page.evaluate(FOCUSED)
        if where["inMain"]:
            break
        if where["inNav"]:
            seen.append(where["text"])
    return seen


@pytest.fixture
def person(make_user, make_massage, make_checkin):
    person = make_user("menu@example.com")
    make_checkin(make_massage(person, days_ago=4))
    return person


def test_on_a_phone_the_menu_is_a_short_row_and_a_bar_of_four_at_the_bottom(
    person, logged_in_context, screenshot, assert_accessible, csp_violations
):
    page = logged_in_context(person, **PHONE).new_page()
    violations = csp_violations(page)
    page.goto("/dashboard/")

    header = _box(page.locator("header.site-header"))
    assert header["height"] <= TOP_ROW_MAX
    bar = _box(_bar(page))
    assert bar["y"] + bar["height"] == pytest.approx(844, abs=1)  # on the bottom edge
    assert bar["height"] <= TOP_ROW_MAX
    for name in BAR_ITEMS:
        item = _bar_item(page, name)
        expect(item).to_be_visible()
        box = _box(item)
        assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, name
        assert box["y"] >= bar["y"] - 1, f"{name} is not in the bottom bar"
    for name in MORE_ITEMS:  # under "More" until it is opened
        expect(
            page.get_by_role("navigation").get_by_role("link", name=name, exact=True)
        ).to_have_count(0)
    no_sideways_scroll = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_sideways_scroll)
    # The page's last words are not hidden behind the bar.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    footer = _box(page.locator("footer.site-footer"))
    assert footer["y"] + footer["height"] <= _box(_bar(page))["y"] + 1
    assert_accessible(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "nav-phone-dashboard")
    assert violations == []


def test_on_a_phone_every_item_is_reachable_by_keyboard_and_more_opens_above_the_bar(
    person, logged_in_context, screenshot, assert_accessible
):
    page = logged_in_context(person, **PHONE).new_page()
    page.goto("/history/")

    assert _tab_through_menu(page) == ["MassageCare: your dashboard", *BAR_ITEMS]
    expect(_bar_item(page, "History")).to_have_attribute("aria-current", "page")

    # Enter on "More" opens it; its items follow it in the tab order.
    _bar_item(page, "More").focus()
    page.keyboard.press("Enter")
    panel = page.locator(".nav-more-panel")
    expect(panel).to_be_visible()
    names = []
    for _ in MORE_ITEMS:
        page.keyboard.press("Tab")
        names.append(page.evaluate(FOCUSED)["text"])
    assert names == MORE_ITEMS
    assert _box(panel)["y"] + _box(panel)["height"] <= _box(_bar(page))["y"]
    for name in MORE_ITEMS:
        role = "button" if name == "Log out" else "link"
        box = _box(panel.get_by_role(role, name=name, exact=True))
        assert box["height"] >= MIN_TARGET and box["width"] >= MIN_TARGET, name
    assert_accessible(page)
    screenshot(page, "nav-phone-more-open")

    # Escape closes it and gives the focus back to "More" (static/js/nav.js); so does a tap
    # elsewhere.
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(_bar_item(page, "More")).to_be_focused()
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()
    page.locator("main h1").click()
    expect(panel).to_be_hidden()
    _bar_item(page, "More").click()
    panel.get_by_role("button", name="Log out").focus()
    page.keyboard.press("Shift+Tab")  # from "Log out" back to "Account"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(_bar_item(page, "More")).to_have_class("nav-link-tap is-current")
    page.locator("summary", has_text="More").click()
    expect(page.locator(".nav-more-panel").get_by_role("link", name="Account")).to_have_attribute(
        "aria-current", "page"
    )


def test_the_focus_ring_shows_on_the_bar_inside_the_screen(person, logged_in_context, screenshot):
    page = logged_in_context(person, **PHONE).new_page()
    page.goto("/dashboard/")
    page.locator("body").focus()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the name
    page.keyboard.press("Tab")  # Check in
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineOffset]; }"
    )
    assert outline == ["solid", "3px", "-4px"]
    screenshot(page, "nav-phone-focus")


def test_check_in_and_report_go_to_the_latest_massage_and_mark_their_section(
    person, logged_in_context
):
    page = logged_in_context(person, **PHONE).new_page()
    page.goto("/dashboard/")

    massage = person.massages.get()
    _bar_item(page, "Check in").click()
    expect(page).to_have_url(re.compile(f"/massages/{massage.pk}/checkins/new/$"))
    expect(_bar_item(page, "Check in")).to_have_attribute("aria-current", "true")

    _bar_item(page, "Report").click()
    expect(page).to_have_url(re.compile(f"/massages/{massage.pk}/report/$"))
    expect(_bar_item(page, "Report")).to_have_attribute("aria-current", "true")


def test_the_menu_works_without_javascript(person, new_context, live_server, screenshot):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(person)
    context = new_context(**PHONE, java_script_enabled=False)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto("/dashboard/")

    page.locator("summary", has_text="More").click()
    expect(page.locator(".nav-more-panel")).to_be_visible()
    screenshot(page, "nav-phone-more-no-javascript")
    page.locator(".nav-more-panel").get_by_role("link", name="Stories").click()
    expect(page).to_have_url(f"{live_server.url}/community/")
    page.locator("summary", has_text="More").click()
    page.locator(".nav-more-panel").get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_on_a_desktop_the_whole_menu_is_one_line(
    person, logged_in_context, screenshot, assert_accessible, csp_violations
):
    page = logged_in_context(person, **DESKTOP).new_page()
    violations = csp_violations(page)
    page.goto("/dashboard/")

    nav = page.get_by_role("navigation", name="Main")
    items = [nav.get_by_role("link", name=name, exact=True) for name in WIDE_ITEMS]
    items.append(nav.get_by_role("button", name="Log out"))
    boxes = [_box(item) for item in items]
    tops = [box["y"] for box in boxes]
    assert max(tops) - min(tops) <= 1, f"the menu wraps: tops {tops}"
    assert boxes[-1]["height"] < 2 * 28, "Log out wraps"
    assert all(box["height"] >= MIN_TARGET for box in boxes)
    expect(nav.locator("summary", has_text="More")).to_be_hidden()
    assert _box(page.locator("header.site-header"))["height"] <= TOP_ROW_MAX
    expect(nav.get_by_role("link", name="Dashboard", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)
    screenshot(page, "nav-desktop-dashboard")
    assert violations == []


def test_a_visitor_has_one_short_row_on_a_phone(phone_page, screenshot, assert_accessible):
    phone_page.goto("/accounts/login/")
    screenshot(phone_page, "nav-phone-visitor")

    header = _box(phone_page.locator("header.site-header"))
    assert header["height"] <= TOP_ROW_MAX
    nav = phone_page.get_by_role("navigation", name="Main")
    tops = {
        round(_box(nav.get_by_role("link", name=name, exact=True))["y"])
        for name in ("MassageCare", "Stories", "Log in", "Sign up")
    }
    assert len(tops) <= 2 and max(tops) - min(tops) <= 8
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone_page)
    screenshot(phone_page, "nav-phone-visitor")


def test_an_invalid_select_shows_bootstraps_icon_without_breaking_the_policy(
    person, logged_in_context, screenshot, csp_violations
):
    # The story form's "type of massage" is a select; a value it does not offer is refused and
    # the select comes back marked is-invalid, with Bootstrap's red icon.
    page = logged_in_context(person, **PHONE).new_page()
    violations = csp_violations(page)
    page.goto("/community/share/")
    page.get_by_label("Title").fill("My shoulder")
    page.get_by_label("Your story").fill("It felt weak for weeks.")
    page.get_by_label("I agree to publish this story anonymously", exact=False).check()
    select = page.get_by_label("Type of massage (optional)")
    select.evaluate("el => { el.options[1].value = 'not-a-type'; el.selectedIndex = 1; }")
    page.get_by_role("button", name="Send my story to a moderator").click()

    select = page.get_by_label("Type of massage (optional)")
    expect(select).to_have_class("select form-select is-invalid")
    page.wait_for_load_state("networkidle")
    assert violations == []  # Chromium reports a blocked data: image on the console
    icons = select.evaluate("el => getComputedStyle(el).backgroundImage")
    assert "/static/img/bs/invalid.svg" in icons
    assert "data:" not in icons
    screenshot(page, "nav-invalid-select")


def test_the_favicon_loads_from_the_site(page, live_server):
    response = page.goto("/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] == "image/x-icon"
