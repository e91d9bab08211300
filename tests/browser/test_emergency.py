"""An emergency stops and saves (issue 12, point 4), in the browser: on a 390 x 844 phone and a
1280 px desktop, with JavaScript on and off. A stroke sign ticked at the first stage of a
check-in leads, once "Continue" is pressed, to a page with only the emergency and a large call
button dialling the person's emergency number; the check-in is stored and assessed at that
moment; "Add the rest of this check-in" leads back into it at stage 2. Also: the country is
guessed from the browser's time zone at sign-up, and can be chosen on the account page.

Every page is checked with axe-core, for Content Security Policy violations and for requests to
other hosts; screenshots go to test-artifacts/screenshots/emergency-*.png.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, PHONE, log_in
from tracker.models import CheckIn, User

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SCREENS = {"phone": PHONE, "desktop": DESKTOP}
STROKE_SIGN = "One side of your face drooping"
CALL_NOW = "Call your local emergency number now."


class Checks:
    """axe-core, no CSP violation, no other host, nothing wider than the screen, a screenshot."""

    def __init__(self, page, name, screenshot, assert_accessible, csp_violations, foreign):
        self.page, self.name = page, name
        self.screenshot, self.assert_accessible = screenshot, assert_accessible
        self.violations = csp_violations(page)
        self.foreign = foreign(page)

    def __call__(self, step):
        self.assert_accessible(self.page)
        assert self.violations == [], f"CSP violations on {self.page.url}: {self.violations}"
        assert self.foreign == [], f"requests to other hosts from {self.page.url}: {self.foreign}"
        wide = self.page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{self.page.url} scrolls sideways"
        self.screenshot(self.page, f"emergency-{self.name}-{step}")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_stroke_sign_stops_the_checkin_saves_it_and_offers_the_call_button(
    screen,
    javascript,
    new_context,
    make_user,
    make_massage,
    screenshot,
    assert_accessible,
    csp_violations,
    foreign_requests,
):
    name = f"{screen}-{'js' if javascript else 'no-js'}"
    page = new_context(**SCREENS[screen], java_script_enabled=javascript).new_page()
    check = Checks(page, name, screenshot, assert_accessible, csp_violations, foreign_requests)
    # On the desktop the person lives in the United Kingdom; on the phone nobody said where.
    country, number = ("GB", "999") if screen == "desktop" else ("", "112")
    person = make_user(f"{name}@example.com", password=PASSWORD, country=country)
    massage = make_massage(person, days_ago=2)
    log_in(page, person.email)
    page.goto(f"/massages/{massage.pk}/checkins/new/")

    page.get_by_label(STROKE_SIGN).check()
    if javascript:
        # The advice shows the moment the box is ticked, with the call button.
        advice = page.locator(".instant-advice:not([hidden])")
        expect(advice).to_contain_text(CALL_NOW)
        expect(advice.get_by_test_id("call-button")).to_have_attribute("href", f"tel:{number}")
        expect(advice).to_contain_text("Continue saves this check-in at once")
    check("01-sign-ticked")
    page.locator("main button.btn-lg").click()

    # Only the emergency: what to do, the call button, and "Saved".
    expect(page).to_have_url(re.compile(r"/checkins/\d+/emergency/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(CALL_NOW)
    call = page.get_by_test_id("call-button")
    expect(call).to_have_attribute("href", f"tel:{number}")
    expect(call).to_have_text(f"Call {number}")
    box = call.bounding_box()
    assert box["height"] >= 48, box  # a thumb's target, and more
    if screen == "phone":
        assert box["width"] >= 300, box
    # The call button is on the first screen, without scrolling.
    assert box["y"] + box["height"] <= SCREENS[screen]["viewport"]["height"]
    expect(page.get_by_role("heading", name="Saved. You can add the rest later.")).to_be_visible()
    expect(page.get_by_text("See a doctor if")).to_have_count(0)
    check("02-emergency-page")

    # Stored and assessed the moment the first stage was sent.
    checkin = CheckIn.objects.get(massage=massage)
    assert checkin.red_flags == ["face_droop"]
    assert checkin.level == "EMERGENCY_NOW"
    assert "RF-STROKE" in checkin.rule_ids
    assert checkin.assessment["action"] == "CALL_EMERGENCY"
    assert not checkin.symptoms.exists()

    # "Add the rest later": back into the same check-in, at stage 2, the advice still first.
    page.get_by_role("link", name="Add the rest of this check-in").click()
    expect(page).to_have_url(re.compile(rf"/checkins/{checkin.pk}/edit/\?stage=symptoms$"))
    expect(page.get_by_role("heading", name=re.compile("Where do you feel it"))).to_be_visible()
    expect(page.locator(".stage-progress [aria-current=step]")).to_contain_text("Where and what")
    expect(page.locator("main > *").first).to_have_attribute("data-testid", "emergency-advice")
    expect(page.get_by_test_id("call-button")).to_have_attribute("href", f"tel:{number}")
    check("03-add-the-rest")

    page.get_by_label("What do you feel?").select_option("ache")
    page.get_by_label("Where?").select_option("shoulder_top")
    page.locator("#id_symptom-0-side_0").check()  # your left
    page.locator("#id_symptom-0-nprs_4").check()
    page.locator("main button.btn-lg").click()
    page.get_by_role("button", name="Skip this step").click()
    same = page.get_by_label("About the same")
    if same.count():
        same.check()
    page.get_by_role("button", name="Save changes").click()

    # The assessment of the whole check-in still leads with the emergency and its button.
    expect(page.get_by_text("Check-in updated.")).to_be_visible()
    first = page.locator("main > *").first
    expect(first).to_have_attribute("data-testid", "emergency-advice")
    expect(first.get_by_test_id("call-button")).to_have_attribute("href", f"tel:{number}")
    expect(page.get_by_role("heading", name="Warning signs of a stroke")).to_be_visible()
    check("04-assessment")
    assert CheckIn.objects.filter(massage=massage).count() == 1
    checkin.refresh_from_db()
    assert checkin.red_flags == ["face_droop"]
    assert checkin.symptoms.get().region == "shoulder_top"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_country_is_guessed_from_the_time_zone_and_can_be_chosen(
    javascript, new_context, screenshot, assert_accessible, csp_violations, foreign_requests
):
    name = f"country-{'js' if javascript else 'no-js'}"
    page = new_context(
        **PHONE, java_script_enabled=javascript, timezone_id="Europe/London"
    ).new_page()
    check = Checks(page, name, screenshot, assert_accessible, csp_violations, foreign_requests)
    email = f"{name}@example.com"

    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    expect(page.get_by_label("Your country")).to_have_value("")  # "work it out"
    check("01-sign-up")
    page.locator("main").get_by_role("button", name=re.compile("create", re.I)).click()
    # The link in the mail (the task ran at once, into the test outbox), then the password.
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(re.search(r"http\S+/accounts/signup/\S+/", mail.outbox[-1].body).group(0))
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("create", re.I)).click()

    expect(page.get_by_role("heading", name="Add a massage")).to_be_visible()
    if javascript:
        # The browser said Europe/London: the United Kingdom, and 999.
        expect(page.get_by_text("Your country is set to United Kingdom")).to_be_visible()
        assert User.objects.get(email=email).country == "GB"
    else:
        # Without JavaScript the time zone is unknown: 112, and the person is asked to choose.
        expect(page.get_by_text("We could not tell which country you are in")).to_be_visible()
        assert User.objects.get(email=email).country == ""
    check("02-after-sign-up")

    page.goto("/accounts/")
    page.get_by_label("Your country", exact=True).select_option("NZ")
    page.get_by_role("button", name="Save my country").click()
    expect(
        page.get_by_text("Saved: New Zealand. The emergency call button dials 111.")
    ).to_be_visible()
    check("03-account-country")
    assert User.objects.get(email=email).country == "NZ"
