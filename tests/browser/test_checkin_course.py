"""A course of check-ins over several days, on a phone (spec/triage.md section 10, issue 10).

Day 1: a check-in with a warning sign (sudden dizziness) and a left shoulder that can't lift the
arm out to the side; the assessment leads with the emergency advice. Day 2: the first stage asks
about the time since that check-in, shows the sign reported before with "Has a doctor checked
you for this?" (No), and the movement stage is skipped; the nerve pattern stays, its reason says
the answer was carried, and the sign still counts. Day 5, after a doctor's visit: the
assessment leads with "You saw a doctor on …: follow the plan you were given" and keeps the "see
a doctor again if…" list.

The days pass with time-machine, which the live server's thread sees too (it patches the clock
of the whole process): each check-in is made on its own day, as a person would. The journey
ends on the real today, because the database checks that no check-in is dated in the future
against its own clock, which time-machine does not move; the session cookie set on the first
day lasts two weeks, so the browser keeps it to the end. Screenshots go to
test-artifacts/screenshots/course-*.png; every page is checked with axe-core, for requests to
other hosts and for Content Security Policy violations.
"""

import datetime
import re

import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, log_in
from tracker.models import CheckIn

PHONE_WIDTH = 390
DIZZINESS = "Sudden loss of balance, or severe dizziness"
PAT_SAN_TITLE = "The nerve that works the trapezius muscle (spinal accessory nerve)"
STROKE_TITLE = "Warning signs of a stroke"
SAW_A_DOCTOR = "I saw a doctor, or emergency care, about this"


def _day(date):
    """A date as the pages write it without a year: "4 March"."""
    return f"{date.day} {date:%B}"


def _noon(date):
    return datetime.datetime.combine(date, datetime.time(12, 0), tzinfo=datetime.UTC)


def _continue(page):
    page.locator("main button.btn-lg").click()


class Checks:
    """Every page of the journey: axe-core, no other host, no CSP violation, nothing wider than
    the phone's screen, and a screenshot of the whole page."""

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
        assert width <= PHONE_WIDTH, f"{self.page.url} is {width}px wide on a {PHONE_WIDTH}px phone"
        self.screenshot(self.page, f"course-{name}")


def _new_checkin_after(page, massage, last, dizzy_on):
    """Start a check-in: it asks since the last one (on ``last``) and lists the dizziness
    reported on ``dizzy_on`` as reported before; returns that list."""
    page.goto(f"/massages/{massage.pk}/checkins/new/")
    heading = f"First: any of these since your last check-in on {_day(last)}?"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    reported = page.locator("section.reported-before")
    expect(reported).to_contain_text(f"{DIZZINESS}, reported on {_day(dizzy_on)}")
    return reported


def _pattern(page, title):
    """A pattern of the assessment, by its title, with its "Why am I seeing this?" opened (at an
    emergency the other patterns wait under "For later": that is opened first)."""
    # A heading in a closed <details> is hidden, and get_by_role leaves hidden ones out.
    heading = page.get_by_role("heading", name=title, include_hidden=True)
    article = page.locator("article.pattern", has=heading)
    later = page.locator("details.for-later", has=article)
    if later.count() and later.get_attribute("open") is None:
        later.locator("summary").first.click()
    article.locator("details.why summary").click()
    expect(article.locator("details.why li").first).to_be_visible()
    return article


def _left_shoulder_ache(page):
    expect(page.get_by_role("heading", name=re.compile("Where do you feel it"))).to_be_visible()
    page.get_by_label("What do you feel?").select_option("ache")
    page.get_by_label("Where?").select_option("shoulder_top")
    page.locator("#id_symptom-0-side_0").check()  # your left
    page.locator("#id_symptom-0-nprs_5").check()


def _side_lift(page):
    """The left answer to "Can you lift your arm out to the side?"."""
    question = page.locator("fieldset", has_text="lift your arm out to the side").first
    return question.get_by_label("Your left")


def _last_answer(page):
    """The last answer shown under that question, which the question names for screen readers."""
    expect(_side_lift(page)).to_have_attribute("aria-describedby", "left-arm_side_lift-last")
    return page.locator("#left-arm_side_lift-last")


def test_a_course_of_checkins_carries_answers_and_signs_until_a_doctor_sees_the_person(
    phone_page,
    screenshot,
    assert_accessible,
    csp_violations,
    foreign_requests,
    make_user,
    make_massage,
):
    page = phone_page
    check = Checks(page, screenshot, assert_accessible, csp_violations, foreign_requests)
    person = make_user("course@example.com", password=PASSWORD)
    day5 = timezone.localdate()
    day1 = day5 - datetime.timedelta(days=4)
    day2 = day1 + datetime.timedelta(days=1)
    # Deep tissue on the left side of the neck and the top of the left shoulder, two days before.
    massage = make_massage(person, date=day1 - datetime.timedelta(days=2))

    # Day 1: a warning sign, and the left arm can't be lifted out to the side.
    with time_machine.travel(_noon(day1)):
        log_in(page, person.email)
        expect(page.get_by_role("link", name="Dashboard").first).to_be_visible()
        page.goto(f"/massages/{massage.pk}/checkins/new/")
        expect(page.get_by_text("First: any of these since the massage?")).to_be_visible()
        expect(page.locator("section.reported-before")).to_have_count(0)
        page.get_by_label(DIZZINESS).check()
        expect(page.locator(".instant-advice:not([hidden])")).to_contain_text(
            "Call your local emergency number now."
        )
        check("01-day1-warning-sign")
        _continue(page)

        # The check-in is saved with the sign; the rest is added from the emergency page.
        expect(page.get_by_test_id("emergency-saved")).to_be_visible()
        page.get_by_role("link", name="Add the rest of this check-in").click()
        _left_shoulder_ache(page)
        check("02-day1-symptoms")
        _continue(page)

        expect(page.get_by_role("heading", name="Movement and strength")).to_be_visible()
        # Nothing was answered before: no "last answer" to start from.
        expect(page.locator(".last-answers-note")).to_have_count(0)
        expect(page.locator(".last-answer")).to_have_count(0)
        _side_lift(page).select_option(label="I can't")
        check("03-day1-movement")
        _continue(page)

        # The massage's first check-in: "since last time" is not asked (issue 12).
        expect(page.get_by_role("heading", name="Last details")).to_be_visible()
        expect(page.get_by_text("Since last time, is it")).to_have_count(0)
        check("04-day1-last-details")
        page.get_by_role("button", name="Save changes").click()

        expect(page.get_by_text("Check-in updated.")).to_be_visible()
        first = page.locator("main > *").first
        expect(first).to_have_attribute("data-testid", "emergency-advice")
        expect(first).to_contain_text("Call your local emergency number now.")
        expect(_pattern(page, PAT_SAN_TITLE)).to_be_visible()
        check("05-day1-assessment")

    first_checkin = CheckIn.objects.get(massage=massage)
    assert first_checkin.date == day1
    assert first_checkin.red_flags == ["sudden_balance_loss_or_severe_dizziness"]
    assert first_checkin.functions.get(side="left").arm_side_lift == "cannot"

    # Day 2: the sign is shown, not asked again; no doctor yet; the movement step is skipped.
    with time_machine.travel(_noon(day2)):
        reported = _new_checkin_after(page, massage, last=day1, dizzy_on=day1)
        expect(reported).to_contain_text("it still counts until a doctor has checked you")
        doctor = reported.get_by_role("group", name="Has a doctor checked you for this?")
        expect(doctor).to_be_visible()
        # The sign is noted: the person is not asked to tick it again.
        expect(page.locator("#rf-sudden_balance_loss_or_severe_dizziness-noted")).to_contain_text(
            re.compile(f"already noted on {_day(day1)}", re.I)
        )
        expect(page.locator("input[name=red_flags]:checked")).to_have_count(0)
        doctor.get_by_label("No", exact=True).check()
        check("06-day2-reported-before")
        _continue(page)

        _left_shoulder_ache(page)
        _continue(page)

        expect(page.get_by_role("heading", name="Movement and strength")).to_be_visible()
        expect(page.locator(".last-answers-note")).to_be_visible()
        # The question starts from the last answer, marked with its date.
        expect(_side_lift(page)).to_have_value("cannot")
        expect(_last_answer(page)).to_have_text(f"Last answer, {_day(day1)}: I can't")
        check("07-day2-movement-last-answers")
        page.get_by_role("button", name="Skip this step").click()

        expect(page.get_by_role("heading", name="Since last time")).to_be_visible()
        expect(page.get_by_label(SAW_A_DOCTOR)).not_to_be_checked()
        page.get_by_label("About the same").check()
        page.get_by_role("button", name="Save check-in").click()

        expect(page.get_by_text("Check-in saved.")).to_be_visible()
        # The sign reported yesterday still counts: the emergency advice still leads.
        first = page.locator("main > *").first
        expect(first).to_have_attribute("data-testid", "emergency-advice")
        # The stroke warning counts from yesterday's report, and says so.
        stroke = _pattern(page, STROKE_TITLE)
        expect(stroke.locator("details.why")).to_contain_text(
            f"you reported this on {_day(day1)} and no doctor has checked you since"
        )
        # The nerve pattern stays, from the answer carried over the skipped step.
        san = _pattern(page, PAT_SAN_TITLE)
        expect(san.locator("details.why li", has_text="from your answer on")).to_have_text(
            f"Lifting your left arm out to the side: you can't (from your answer on {_day(day1)})"
        )
        expect(page.get_by_test_id("reported-before")).to_contain_text(DIZZINESS)
        check("08-day2-assessment-carried")

    second = CheckIn.objects.get(massage=massage, date=day2)
    assert second.red_flags == []
    assert second.seen_doctor is False
    # Skipped: left out, not "easy", so the engine carried the last answer.
    assert not second.functions.exclude(arm_side_lift="").exists()

    # Day 5: the person saw a doctor.
    with time_machine.travel(_noon(day5)):
        reported = _new_checkin_after(page, massage, last=day2, dizzy_on=day1)
        reported.get_by_role("group", name="Has a doctor checked you for this?").get_by_label(
            "Yes", exact=True
        ).check()
        check("09-day5-doctor-checked")
        _continue(page)

        _left_shoulder_ache(page)
        _continue(page)

        # Day 2 was skipped: the last answer given is still day 1's.
        expect(_side_lift(page)).to_have_value("cannot")
        expect(_last_answer(page)).to_have_text(f"Last answer, {_day(day1)}: I can't")
        _continue(page)

        expect(page.get_by_role("heading", name="Since last time")).to_be_visible()
        # The answer of the first stage is kept.
        expect(page.get_by_label(SAW_A_DOCTOR)).to_be_checked()
        page.get_by_label("About the same").check()
        check("10-day5-since-last-time")
        page.get_by_role("button", name="Save check-in").click()

        expect(page.get_by_text("Check-in saved.")).to_be_visible()
        expect(page.get_by_test_id("emergency-advice")).to_have_count(0)
        lead = page.get_by_test_id("next-step")
        expect(lead).to_contain_text(
            f"You saw a doctor on {day5.day} {day5:%B %Y}: follow the plan you were given."
        )
        # It leads: the first section of the page, right after the title and its line.
        expect(page.locator("main section").first).to_have_attribute("data-testid", "next-step")
        expect(page.get_by_role("heading", name=PAT_SAN_TITLE)).to_be_visible()
        safety = page.locator("section.safety-net")
        expect(safety.get_by_role("heading", name="See a doctor again if…")).to_be_visible()
        expect(safety.locator("li").first).to_be_visible()
        expect(page.get_by_test_id("reported-before")).to_contain_text(
            "a doctor has seen you since"
        )
        check("11-day5-assessment-after-doctor")

    third = CheckIn.objects.get(massage=massage, date=day5)
    assert third.seen_doctor is True
    assert third.functions.get(side="left").arm_side_lift == "cannot"
