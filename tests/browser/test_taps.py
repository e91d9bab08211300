"""Fewer taps, nothing lost (issue 12, points 2 and 3): the body map and the counted journeys.

A person whose arm will not lift out to the side after a deep massage of the neck and the top of
the shoulders records the massage, a first check-in and, two days later, a follow-up where one
thing changed. ``Taps`` does every click, tap, fill and select of the journey and counts each as
one, so the targets are pinned: the massage's common case, the first check-in in at most 25, a
follow-up with one change in at most 10. Each page is checked with axe-core, for Content
Security Policy violations and for requests to other hosts; screenshots go to
test-artifacts/screenshots/taps-*.png.
"""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, PHONE
from tracker.models import CheckIn, Massage

PHONE_HEIGHT = PHONE["viewport"]["height"]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
MASSAGE_TAPS = 8
FIRST_CHECKIN_TAPS = 25
FOLLOW_UP_TAPS = 10


class Taps:
    """The person's hands: every action is one tap or entry, counted."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, locator):
        locator.click()
        self.count += 1

    def go(self, locator):
        """A click that opens the next page: it is shown with its styles and scripts."""
        with self.page.expect_navigation(wait_until="load"):
            locator.click()
        self.count += 1

    def tap(self, locator):
        # A finger on a touch screen: touch events, then the click the map listens for.
        locator.tap()
        self.count += 1

    def fill(self, locator, value):
        locator.fill(value)
        self.count += 1

    def select(self, locator, value):
        locator.select_option(value)
        self.count += 1

    def check(self, locator):
        locator.check()
        self.count += 1

    def place(self, scope, value):
        """Tap a place on the body map shown in ``scope``: its one visible target."""
        self.tap(scope.locator(f'.bm-target[data-value="{value}"]:visible'))

    def show(self, scope, panel):
        self.tap(scope.locator(f'.bm-tab[data-panel="{panel}"]'))


class Checks:
    """On every page: axe-core, no Content Security Policy violation, no other host, nothing
    wider than the screen, and a screenshot of the whole page."""

    def __init__(self, page, screenshot, assert_accessible, csp_violations, foreign_requests):
        self.page = page
        self.screenshot = screenshot
        self.assert_accessible = assert_accessible
        self.violations = csp_violations(page)
        self.foreign = foreign_requests(page)

    def __call__(self, name):
        self.assert_accessible(self.page)
        assert self.violations == [], f"CSP violations on {self.page.url}: {self.violations}"
        assert self.foreign == [], f"requests to other hosts from {self.page.url}: {self.foreign}"
        width = self.page.evaluate("document.documentElement.scrollWidth")
        viewport = self.page.viewport_size["width"]
        assert width <= viewport, f"{self.page.url} is {width}px wide on a {viewport}px screen"
        self.screenshot(self.page, f"taps-{name}")


@pytest.fixture
def checks(screenshot, assert_accessible, csp_violations, foreign_requests):
    return lambda page: Checks(
        page, screenshot, assert_accessible, csp_violations, foreign_requests
    )


@pytest.fixture
def person(make_user):
    return make_user("arm@example.com", password=PASSWORD)


def _noon(date):
    return datetime.datetime.combine(date, datetime.time(12, 0), tzinfo=datetime.UTC)


def _day(date):
    return f"{date.day} {date:%B}"


def _bottom(page, locator):
    """How far down the page ``locator`` ends, in CSS pixels."""
    return locator.evaluate("e => e.getBoundingClientRect().bottom + window.scrollY")


def test_a_massage_takes_a_few_taps_on_two_phone_screens(
    logged_in_context, person, checks, screenshot
):
    page = logged_in_context(person, **PHONE).new_page()
    check = checks(page)
    page.goto("/massages/new/", wait_until="load")
    expect(page.get_by_role("heading", name="Add a massage")).to_be_visible()
    regions = page.locator("#id_regions-map")
    expect(regions).to_be_visible()
    # The common case ends on the second screen: the day, the kind, the places, the pressure.
    save = page.get_by_role("button", name="Save the massage")
    assert _bottom(page, save) <= 2 * PHONE_HEIGHT
    # The list the map enhances is there, folded under it; "More details" is folded too.
    expect(page.locator("details.region-list")).not_to_have_attribute("open", "")
    expect(page.locator("details.more-details")).not_to_have_attribute("open", "")
    check("01-massage-form")

    taps = Taps(page)
    three_days_ago = timezone.localdate() - datetime.timedelta(days=3)
    taps.fill(page.get_by_label("Day of the massage"), three_days_ago.isoformat())
    taps.check(page.get_by_label("Deep tissue"))
    # The shoulders' close-up opens first, from behind: a massage of the neck and shoulders
    # is given lying face down.
    expect(regions.locator(".bm-tab[aria-pressed=true]")).to_have_text("Shoulders")
    expect(regions.locator(".bm-view:visible .bm-caption")).to_contain_text("Back")
    for place in ("neck_side:left", "shoulder_top:left", "neck_side:right", "shoulder_top:right"):
        taps.place(regions, place)
    # The map ticked the list's boxes and shows them chosen.
    expect(page.locator('input[name="regions"]:checked')).to_have_count(4)
    expect(regions.locator('.bm-target[data-value="neck_side:left"]:visible')).to_have_attribute(
        "aria-checked", "true"
    )
    expect(regions.locator(".bm-status")).to_contain_text("4 places chosen")
    expect(page.locator("details.region-list > summary")).to_contain_text("(4 chosen)")
    taps.check(page.get_by_label("Very firm"))
    check("02-massage-filled")
    taps.go(save)

    expect(page.get_by_text("Massage saved")).to_be_visible()
    massage = Massage.objects.get(owner=person)
    assert massage.date == three_days_ago
    assert massage.types == ["deep_tissue"]
    assert massage.pressure == "very_firm"
    assert {(r["region"], r["side"]) for r in massage.regions} == {
        ("neck_side", "left"),
        ("neck_side", "right"),
        ("shoulder_top", "left"),
        ("shoulder_top", "right"),
    }
    # The questions under "More details" kept their starting answers.
    assert massage.neck_manipulation is False
    assert massage.onset_timing == "not_sure"
    assert taps.count <= MASSAGE_TAPS
    print(f"massage, common case: {taps.count} taps and entries")


def _first_checkin(page, taps, check, massage):
    """Day 1: an ache on top of the left shoulder, weak on its outer side; the arm will not lift
    out to the side, the shoulder is lower and its blade sticks out when lifting sideways."""
    page.goto(f"/massages/{massage.pk}/", wait_until="load")
    taps.go(page.get_by_role("link", name="Start a check-in").first)
    expect(page.get_by_text("First: any of these since the massage?")).to_be_visible()
    taps.go(page.get_by_role("button", name="Continue", exact=True))

    expect(page.get_by_role("heading", name=re.compile("Where do you feel it"))).to_be_visible()
    # A first check-in has nothing from last time.
    expect(page.locator("#symptoms-from-note")).to_have_count(0)
    first = page.locator(".symptom-card").nth(0)
    taps.select(first.get_by_label("What do you feel?"), "ache")
    # The massage was on the neck and shoulders: their close-up opens, seen from the front.
    expect(first.locator(".bm-tab[aria-pressed=true]")).to_have_text("Shoulders")
    taps.place(first, "shoulder_top:left")
    expect(first.get_by_label("Where?")).to_have_value("shoulder_top")
    expect(first.locator("#id_symptom-0-side_0")).to_be_checked()  # your left
    expect(first.locator(".bm-status")).to_have_text(
        "Place: Top of the shoulder, the ridge from neck to tip, your left"
    )
    taps.check(first.locator("#id_symptom-0-nprs_6"))
    taps.check(first.get_by_label("I feel it even when resting still"))
    taps.click(page.get_by_role("button", name="Add another symptom"))
    second = page.locator(".symptom-card").nth(1)
    taps.select(second.get_by_label("What do you feel?"), "weakness")
    taps.place(second, "shoulder_outer:left")
    expect(second.get_by_label("Where?")).to_have_value("shoulder_outer")
    check("03-first-symptoms")
    taps.go(page.get_by_role("button", name="Continue", exact=True))

    expect(page.get_by_role("heading", name="Movement and strength")).to_be_visible()
    lift = page.locator("fieldset", has_text="lift your arm out to the side").first
    taps.select(lift.get_by_label("Your left"), "cannot")
    taps.check(page.locator("#id_left-shrug_weaker"))
    taps.check(page.locator("#id_left-shoulder_lower"))
    taps.check(page.locator("#id_left-blade_sticks_out"))
    taps.select(page.locator("#id_left-blade_visible_when"), "lifting_sideways")
    taps.check(page.get_by_label("It feels weak even when the pain is mild"))
    check("04-first-movement")
    taps.go(page.get_by_role("button", name="Continue", exact=True))

    # The first check-in of the massage: "since last time" is not asked.
    expect(page.get_by_role("heading", name="Last details")).to_be_visible()
    expect(page.get_by_text("Since last time, is it")).to_have_count(0)
    check("05-first-last-details")
    taps.go(page.get_by_role("button", name="Save check-in"))
    expect(page.get_by_text("Check-in saved.")).to_be_visible()


def test_a_first_checkin_and_a_follow_up_with_one_change_in_a_few_taps(
    logged_in_context, person, make_massage, checks
):
    today = timezone.localdate()
    day1 = today - datetime.timedelta(days=2)
    massage = make_massage(
        person,
        date=day1 - datetime.timedelta(days=1),
        regions=[
            {"region": "neck_side", "side": "left"},
            {"region": "shoulder_top", "side": "left"},
            {"region": "neck_side", "side": "right"},
            {"region": "shoulder_top", "side": "right"},
        ],
    )
    page = logged_in_context(person, **PHONE).new_page()
    check = checks(page)

    with time_machine.travel(_noon(day1)):
        taps = Taps(page)
        _first_checkin(page, taps, check, massage)
        expect(
            page.get_by_role("heading", name=re.compile("spinal accessory nerve"))
        ).to_be_visible()
        check("06-first-assessment")
    first_count = taps.count
    first = CheckIn.objects.get(massage=massage)
    assert first.course == ""
    assert list(first.symptoms.order_by("id").values_list("kind", "region", "side", "nprs")) == [
        ("ache", "shoulder_top", "left", 6),
        ("weakness", "shoulder_outer", "left", None),
    ]
    left = first.functions.get(side="left")
    assert (left.arm_side_lift, left.shoulder_lower, left.blade_visible_when) == (
        "cannot",
        True,
        "lifting_sideways",
    )

    # Two days later the ache is a little better; nothing else changed.
    taps = Taps(page)
    page.goto(f"/massages/{massage.pk}/", wait_until="load")
    taps.go(page.get_by_role("link", name="Start a check-in").first)
    taps.go(page.get_by_role("button", name="Continue", exact=True))
    note = page.locator("#symptoms-from-note")
    expect(note).to_contain_text(f"From your check-in of {_day(day1)}")
    cards = page.locator(".symptom-card")
    expect(cards).to_have_count(2)
    ache = cards.nth(0)
    expect(ache.locator(".from-last")).to_have_text(f"· from your check-in of {_day(day1)}")
    expect(ache.get_by_label("Where?")).to_have_value("shoulder_top")
    expect(ache.locator("#id_symptom-0-nprs_6")).to_be_checked()
    expect(ache.locator(".last-answer")).to_have_text(f"Pain then, {_day(day1)}: 6 out of 10")
    # Its map is folded (the entry has its place) and shows last time's place.
    expect(ache.locator("details.bm-fold")).not_to_have_attribute("open", "")
    expect(ache.locator('.bm-target[data-value="shoulder_top:left"]').first).to_have_attribute(
        "aria-checked", "true"
    )
    check("07-follow-up-symptoms")
    taps.check(ache.locator("#id_symptom-0-nprs_4"))
    taps.go(page.get_by_role("button", name="Continue", exact=True))

    expect(page.locator(".last-answers-note")).to_be_visible()
    check("08-follow-up-movement")
    taps.go(page.get_by_role("button", name="Continue", exact=True))

    expect(page.get_by_role("heading", name="Since last time")).to_be_visible()
    taps.check(page.get_by_label("Better"))
    check("09-follow-up-since-last-time")
    taps.go(page.get_by_role("button", name="Save check-in"))
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    check("10-follow-up-assessment")

    follow_up = CheckIn.objects.get(massage=massage, date=today)
    assert follow_up.course == "better"
    assert list(
        follow_up.symptoms.order_by("id").values_list("kind", "region", "side", "nprs", "at_rest")
    ) == [
        ("ache", "shoulder_top", "left", 4, True),
        ("weakness", "shoulder_outer", "left", None, False),
    ]
    again = follow_up.functions.get(side="left")
    assert (again.arm_side_lift, again.shoulder_lower, again.blade_sticks_out) == (
        "cannot",
        True,
        True,
    )
    print(f"first check-in: {first_count} taps and entries; follow-up: {taps.count}")
    assert first_count <= FIRST_CHECKIN_TAPS
    assert taps.count <= FOLLOW_UP_TAPS


def test_without_javascript_the_lists_of_places_work(new_context, person, make_massage, checks):
    from tests.browser.helpers import log_in

    page = new_context(java_script_enabled=False, **PHONE).new_page()
    check = checks(page)
    log_in(page, person.email)
    page.goto("/massages/new/")
    # No map pretends to be tappable: the list is open, the only way to choose.
    expect(page.locator("#id_regions-map")).to_be_hidden()
    expect(page.locator("details.region-list")).to_have_attribute("open", "")
    page.get_by_label("Deep tissue").check()
    page.locator("details.area", has_text="Shoulder and upper back").locator("summary").click()
    page.locator('input[name="regions"][value="shoulder_top:left"]').check()
    check("11-no-javascript-massage")
    page.get_by_role("button", name="Save the massage").click()
    expect(page.get_by_text("Massage saved")).to_be_visible()
    massage = Massage.objects.get(owner=person)
    assert massage.regions == [{"region": "shoulder_top", "side": "left"}]

    page.get_by_role("link", name="Start a check-in").first.click()
    page.get_by_role("button", name="Continue", exact=True).click()
    card = page.locator(".symptom-card").first
    expect(card.locator(".body-map")).to_be_hidden()
    card.get_by_label("What do you feel?").select_option("ache")
    card.get_by_label("Where?").select_option("shoulder_top")
    card.locator("#id_symptom-0-side_0").check()  # your left
    check("12-no-javascript-symptom")
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_role("heading", name="Movement and strength")).to_be_visible()
    page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    symptom = CheckIn.objects.get(massage=massage).symptoms.get()
    assert (symptom.kind, symptom.region, symptom.side) == ("ache", "shoulder_top", "left")


def test_the_map_is_never_mirrored_and_both_views_show_on_a_desktop(
    logged_in_context, person, checks
):
    page = logged_in_context(person, **DESKTOP).new_page()
    check = checks(page)
    page.goto("/massages/new/", wait_until="load")
    regions = page.locator("#id_regions-map")
    # Both views at once: no front/back switch.
    expect(regions.locator(".bm-views")).to_be_hidden()
    front = regions.locator('.bm-panel:visible .bm-view[data-view="front"]')
    back = regions.locator('.bm-panel:visible .bm-view[data-view="back"]')
    expect(front).to_be_visible()
    expect(back).to_be_visible()
    # Seen from the front your left is on the right of the picture; from behind, on the left.
    expect(front.locator(".bm-caption .bm-side").last).to_have_text("your left ▶")
    expect(back.locator(".bm-caption .bm-side").first).to_have_text("◀ your left")
    for view, left_is_right in ((front, True), (back, False)):
        middle = _centre(view.locator("svg"))
        left = _centre(view.locator('.bm-target[data-value="shoulder_top:left"]'))
        right = _centre(view.locator('.bm-target[data-value="shoulder_top:right"]'))
        assert (left > middle > right) if left_is_right else (left < middle < right)
    # A tap on the back of the left shoulder ticks the same box, shown in both views.
    back.locator('.bm-target[data-value="shoulder_top:left"]').click()
    expect(page.locator('input[value="shoulder_top:left"]')).to_be_checked()
    expect(front.locator('.bm-target[data-value="shoulder_top:left"]')).to_have_attribute(
        "aria-checked", "true"
    )
    # Ticked in the list, it shows on the map; unticked on the map, it leaves the list.
    page.locator("details.region-list > summary").click()
    page.locator("details.area", has_text="Arm and hand").locator("summary").click()
    elbow = page.locator('input[name="regions"][value="elbow:right"]')
    elbow.check()
    regions.locator('.bm-tab[data-panel="arms"]').click()
    expect(
        regions.locator('.bm-panel:visible .bm-target[data-value="elbow:right"]').first
    ).to_have_attribute("aria-checked", "true")
    expect(regions.locator('.bm-tab[data-panel="arms"]')).to_contain_text("(1)")
    regions.locator('.bm-panel:visible .bm-target[data-value="elbow:right"]').first.click()
    expect(elbow).not_to_be_checked()
    check("13-desktop-massage-map")


def _centre(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2


def test_the_map_works_with_a_keyboard_and_shows_focus(logged_in_context, person, checks):
    page = logged_in_context(person, **PHONE).new_page()
    check = checks(page)
    page.goto("/massages/new/", wait_until="load")
    regions = page.locator("#id_regions-map")
    regions.locator('.bm-view-button[data-view="back"]').focus()
    # One tab stop for the whole map, then the arrow keys move from place to place.
    page.keyboard.press("Tab")
    focused = page.locator(".bm-target:focus")
    expect(focused).to_have_count(1)
    first = focused.get_attribute("data-value")
    page.keyboard.press("ArrowRight")
    second = page.locator(".bm-target:focus").get_attribute("data-value")
    assert second != first
    page.keyboard.press("Space")
    expect(page.locator(f'input[name="regions"][value="{second}"]')).to_be_checked()
    expect(page.locator(".bm-target:focus")).to_have_attribute("aria-checked", "true")
    # The focused place has the site's orange outline.
    stroke = page.locator(".bm-target:focus .bm-shape").evaluate("e => getComputedStyle(e).stroke")
    assert stroke == "rgb(211, 84, 0)"
    page.keyboard.press("Enter")
    expect(page.locator(f'input[name="regions"][value="{second}"]')).not_to_be_checked()
    page.keyboard.press("Space")
    check("14-keyboard-focus")
    # Tab leaves the map for the next control: the list of places.
    page.keyboard.press("Tab")
    expect(page.locator("details.region-list > summary")).to_be_focused()


def test_every_place_is_on_the_map_large_enough_for_a_thumb(logged_in_context, person):
    """Each place, in the close-up and view that shows it largest, is at least 24 by 24 CSS
    pixels on a 390 px phone (WCAG 2.2 AA target size), the places of the neck and shoulders
    that deep pressure injures at least 44 by 44; most are larger."""
    page = logged_in_context(person, **PHONE).new_page()
    page.goto("/massages/new/", wait_until="load")
    regions = page.locator("#id_regions-map")
    sizes = {}
    for tab in regions.locator(".bm-tab").all():
        tab.click()
        for view in ("front", "back"):
            regions.locator(f'.bm-view-button[data-view="{view}"]').click()
            for value, width, height in page.evaluate(
                """() => Array.from(document.querySelectorAll('#id_regions-map .bm-target'))
                    .filter(t => t.getClientRects().length)
                    .map(t => { const r = t.getBoundingClientRect();
                                return [t.dataset.value, r.width, r.height]; })"""
            ):
                if width and height:
                    sizes[value] = max(sizes.get(value, (0, 0)), (width, height), key=min)
    choices = set(page.locator('input[name="regions"]').evaluate_all("l => l.map(e => e.value)"))
    assert set(sizes) == choices
    small = {value: size for value, size in sizes.items() if min(size) < 24}
    assert small == {}
    for value in ("neck_side:left", "shoulder_top:left", "shoulder_top:right"):
        assert min(sizes[value]) >= 44, (value, sizes[value])
    thumb_sized = sum(1 for size in sizes.values() if min(size) >= 44)
    smallest = min(map(min, sizes.values()))
    print(f"{len(sizes)} places; {thumb_sized} at least 44x44 px; smallest {smallest:.0f} px")


def test_place_names_in_the_list_never_break_inside_a_word(logged_in_context, person):
    page = logged_in_context(person, **PHONE).new_page()
    page.goto("/massages/new/", wait_until="load")
    page.locator("details.region-list > summary").click()
    for summary in page.locator("details.area > summary").all():
        summary.click()
    broken = page.evaluate(
        """() => {
            const broken = [];
            for (const th of document.querySelectorAll('.region-grid th[scope=row]')) {
                const text = th.firstChild;
                let start = 0;
                // A compound may wrap after its hyphen ("little-" / "finger"), as print does.
                for (const word of text.textContent.split(/(?<=[ -])/)) {
                    const range = document.createRange();
                    range.setStart(text, start);
                    range.setEnd(text, start + word.trimEnd().length);
                    const lines = new Set(Array.from(range.getClientRects()).map(r => r.top));
                    if (word.trim() && lines.size > 1) broken.push(word);
                    start += word.length;
                }
            }
            return broken;
        }"""
    )
    assert broken == []
