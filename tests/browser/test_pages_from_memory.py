"""Pages served from memory (tracker/page_cache.py, issue 15) work in a browser as drawn ones do.

On a phone: the dashboard is opened twice (the second time from memory, with its own CSRF
token and one-time id); its "No change since last time" button saves a check-in, and the
dashboard, the history and the assessment show it at once; the check-in form, opened twice,
goes on to its second stage; the report's PDF downloads twice with the same bytes. Every page
is checked with axe-core, for requests to other hosts and for CSP violations. Screenshots go
to test-artifacts/screenshots/memory-*.png.
"""

import datetime
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, log_in
from tests.helpers import save_checkin
from tracker.models import CheckIn

ACHE = {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 4, "at_rest": True}


def test_pages_from_memory_post_and_change_like_drawn_ones(
    phone_page,
    screenshot,
    assert_accessible,
    csp_violations,
    foreign_requests,
    make_user,
    make_massage,
):
    page = phone_page
    violations, foreign = csp_violations(page), foreign_requests(page)
    person = make_user("memory@example.com", password=PASSWORD)
    massage = make_massage(person, days_ago=6)
    save_checkin(massage, 1, symptoms=[ACHE], course="same")
    save_checkin(massage, 2, symptoms=[{**ACHE, "nprs": 5}], course="worse")

    log_in(page, person.email)
    expect(page.get_by_role("heading", name="Your massages and check-ins")).to_be_visible()
    expect(page.locator("main")).to_contain_text("2 check-ins")
    first_id = page.locator("input[name=submission_id]").input_value()
    page.reload()  # from memory this time
    expect(page.locator("main")).to_contain_text("2 check-ins")
    assert page.locator("input[name=submission_id]").input_value() != first_id
    assert_accessible(page)

    page.get_by_role("button", name="No change since last time").click()
    expect(page.get_by_text("Saved: no change since your check-in")).to_be_visible()
    assert CheckIn.objects.filter(massage=massage).count() == 3
    assert_accessible(page)
    screenshot(page, "memory-01-assessment-after-no-change")

    page.goto("/dashboard/")
    expect(page.locator("main")).to_contain_text("3 check-ins")
    today = datetime.date.today()
    expect(page.locator("main")).to_contain_text(f"the latest on {today.day} {today:%B}")
    screenshot(page, "memory-02-dashboard-shows-it-at-once")

    page.goto(f"/massages/{massage.pk}/history/")
    expect(page.locator("main")).to_contain_text("3 check-ins")

    # The check-in form from memory signs its own draft: it goes on to the next stage.
    form = f"/massages/{massage.pk}/checkins/new/"
    page.goto(form)
    page.goto(form)
    page.locator("main button.btn-lg").click()
    expect(page.get_by_role("heading", name=re.compile("^Where do you feel it"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "memory-03-form-from-memory-goes-on")

    # The PDF, twice: the same file.
    page.goto(f"/massages/{massage.pk}/report/")
    files = []
    for _ in range(2):
        with page.expect_download() as download:
            page.get_by_role("button", name="Download PDF").click()
        files.append(Path(download.value.path()).read_bytes())
    assert files[0] == files[1] and files[0].startswith(b"%PDF")

    assert violations == [], violations
    assert foreign == [], foreign
