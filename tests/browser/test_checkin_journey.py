"""The first journey, on a phone: sign up, record the massage, a staged check-in, the dashboard.

A second run answers one red flag and must see the emergency advice before anything else.
Screenshots go to test-artifacts/screenshots/; axe-core checks every page on the way.
"""

import datetime
import re

from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, log_in
from tracker.models import CheckIn, Massage, Symptom, User


def _sign_up(page, email):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.locator("main").get_by_role("button", name=re.compile("sign up|create", re.I)).click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    # The link in the mail (the task ran at once, into the test outbox), then the password.
    page.goto(re.search(r"http\S+/accounts/signup/\S+/", mail.outbox[-1].body).group(0))
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("create", re.I)).click()


def _add_massage(page, days_ago):
    date = datetime.date.today() - datetime.timedelta(days=days_ago)
    page.locator("input[name=date]").fill(date.isoformat())
    page.get_by_label("Deep tissue").check()
    # The places as a list, folded under the body map (tests/browser/test_taps.py taps the map).
    page.locator("details.region-list > summary").click()
    page.locator("details.area", has_text="Head and neck").locator("summary").click()
    page.locator('input[value="neck_side:left"]').check()
    page.locator("details.area", has_text="Shoulder and upper back").locator("summary").click()
    page.locator('input[value="shoulder_top:left"]').check()
    page.get_by_role("button", name="Save the massage").click()


def _continue(page):
    page.locator("main button.btn-lg").click()


def test_a_new_person_signs_up_records_a_massage_and_checks_in(
    phone_page, screenshot, assert_accessible, csp_violations, foreign_requests
):
    page = phone_page
    violations = csp_violations(page)
    foreign = foreign_requests(page)

    _sign_up(page, "new.person@example.com")
    expect(page.get_by_role("heading", name="Add a massage")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey-01-add-massage")
    _add_massage(page, days_ago=6)

    expect(page.get_by_text("Massage saved")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey-02-massage-saved")
    page.get_by_role("link", name="Start a check-in").first.click()

    # Stage 1: the emergency screen comes first.
    expect(page.get_by_text("First: any of these since the massage?")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey-03-emergency-screen")
    _continue(page)

    # Stage 2: where and what.
    expect(page.get_by_role("heading", name=re.compile("Where do you feel it"))).to_be_visible()
    page.get_by_label("What do you feel?").select_option("ache")
    page.get_by_label("Where?").select_option("shoulder_top")
    page.locator("#id_symptom-0-side_0").check()  # your left
    page.locator("#id_symptom-0-nprs_5").check()
    page.get_by_label("I feel it even when resting still").check()
    assert_accessible(page)
    screenshot(page, "journey-04-where-and-what")
    _continue(page)

    # Stage 3: movement questions appear for a shoulder symptom.
    expect(page.get_by_role("heading", name="Movement and strength")).to_be_visible()
    lift = page.locator("fieldset", has_text="lift your arm out to the side").first
    expect(lift).to_be_visible()
    lift.get_by_label("Your left").select_option("great_effort")
    page.locator("#id_left-blade_sticks_out").check()
    # The follow-up appears once its question is ticked.
    expect(page.get_by_text("When does it stick out most?")).to_be_visible()
    page.locator("#id_left-blade_visible_when").select_option("lifting_sideways")
    page.locator("#id_weakness_type_2").check()
    assert_accessible(page)
    screenshot(page, "journey-05-movement")
    _continue(page)

    # Stage 4: the massage's first check-in does not ask "since last time" (issue 12).
    expect(page.get_by_role("heading", name="Last details")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey-06-course")
    page.get_by_role("button", name="Save check-in").click()

    # The assessment follows every check-in: this one matches the spinal accessory pattern.
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="What your answers show")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("spinal accessory nerve"))).to_be_visible()
    expect(page.get_by_role("heading", name="About a nerve test (EMG)", exact=True)).to_be_visible()
    why = page.locator("details.why").first
    why.locator("summary").click()
    expect(why.locator("li").first).to_be_visible()
    expect(why).to_contain_text("great effort")
    assert_accessible(page)
    screenshot(page, "journey-07-assessment")
    page.get_by_role("link", name="See the answers of this check-in").click()
    expect(page.get_by_text("Top of the shoulder (your left): Aching pain, 5/10")).to_be_visible()
    screenshot(page, "journey-07b-checkin-answers")

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_text("Lift arm out to the side: only by twisting")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey-08-dashboard")

    person = User.objects.get(email="new.person@example.com")
    checkin = CheckIn.objects.get(massage__owner=person)
    assert checkin.course == ""
    assert checkin.functions.get(side="left").arm_side_lift == "great_effort"
    assert Symptom.objects.filter(checkin=checkin, region="shoulder_top", nprs=5).exists()
    assert violations == []
    assert foreign == []


def test_a_red_flag_shows_the_emergency_advice_first(
    phone_page, screenshot, assert_accessible, csp_violations, make_user, make_massage
):
    page = phone_page
    violations = csp_violations(page)
    person = make_user("worried@example.com", password=PASSWORD)
    massage = make_massage(person, days_ago=2)
    log_in(page, person.email)
    page.goto(f"/massages/{massage.pk}/checkins/new/")

    # Ticking the box shows the advice at once, before the form is even sent.
    page.get_by_label("One side of your face drooping").check()
    advice = page.locator(".instant-advice:not([hidden])")
    expect(advice).to_contain_text("Call your local emergency number now.")
    expect(advice).to_contain_text("Do not drive yourself.")
    screenshot(page, "red-flag-01-instant-advice")
    _continue(page)

    # The check-in is saved at once and the emergency page follows (tests/browser/
    # test_emergency.py): it leads with the advice, the first thing in the main content.
    first = page.locator("main > *").first
    expect(first).to_have_attribute("data-testid", "emergency-advice")
    expect(first).to_contain_text("Call your local emergency number now.")
    assert_accessible(page)
    screenshot(page, "red-flag-02-emergency-first")

    # The person can still finish the check-in.
    page.get_by_role("link", name="Add the rest of this check-in").click()
    expect(page.locator("main > *").first).to_have_attribute("data-testid", "emergency-advice")
    _continue(page)
    _continue(page)
    page.get_by_role("button", name="Save changes").click()
    # The assessment page: its first content is the red banner, short, before anything else.
    first = page.locator("main > *").first
    expect(first).to_have_attribute("data-testid", "emergency-advice")
    expect(first).to_contain_text("Call your local emergency number now.")
    expect(first).to_contain_text("Do not drive yourself.")
    expect(page.get_by_role("heading", name="Warning signs of a stroke")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "red-flag-03-assessment")
    assert CheckIn.objects.get(massage=massage).red_flags == ["face_droop"]
    assert Massage.objects.count() == 1
    assert violations == []


def test_the_staged_checkin_works_with_javascript_turned_off(
    new_context, screenshot, make_user, make_massage
):
    page = new_context(java_script_enabled=False, viewport={"width": 390, "height": 844}).new_page()
    person = make_user("nojs@example.com", password=PASSWORD)
    massage = make_massage(person, days_ago=3)
    log_in(page, person.email)
    page.goto(f"/massages/{massage.pk}/checkins/new/")

    page.get_by_label("Fever or chills").check()
    _continue(page)
    # Without JavaScript the advice comes with the next page, still before anything else.
    expect(page.locator("main > *").first).to_contain_text("See a doctor today or tomorrow.")
    page.get_by_label("What do you feel?").select_option("weakness")
    page.get_by_label("Where?").select_option("upper_arm_outer")
    page.locator("#id_symptom-0-side_1").check()  # your right
    page.get_by_role("button", name="Add another symptom").click()
    # The server added a second, blank entry and kept the first.
    expect(page.locator("#id_symptom-1-kind")).to_be_visible()
    expect(page.locator("#id_symptom-0-kind")).to_have_value("weakness")
    _continue(page)
    # Follow-up questions are all shown when JavaScript can't reveal them.
    expect(page.get_by_text("When does it stick out most?")).to_be_visible()
    page.locator("fieldset", has_text="lift your arm out to the side").first.get_by_label(
        "Your right"
    ).select_option("cannot")
    _continue(page)
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    screenshot(page, "no-javascript-checkin-saved")
    checkin = CheckIn.objects.get(massage=massage)
    assert checkin.red_flags == ["fever"]
    assert checkin.functions.get(side="right").arm_side_lift == "cannot"
    assert list(checkin.symptoms.values_list("kind", "side")) == [("weakness", "right")]
