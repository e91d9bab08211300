"""A hostile story and reply, approved by a moderator, are shown as inert text in a real browser.

Script tags, event handlers and javascript: links must reach the reader as the characters the
author typed: no dialog opens, and no element the browser built from them can run anything.
"""

import pytest
from playwright.sync_api import expect

from community.models import Reply, Story
from community.services import decide
from tests.browser.helpers import PASSWORD, log_in

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
LINK = '<a href="javascript:alert(3)">x</a>'
HOSTILE = f"{SCRIPT} {IMG} {LINK}"


@pytest.fixture
def hostile_story(make_user):
    author = make_user("author@example.com")
    replier = make_user("replier@example.com")
    moderator = make_user("moderator@example.com", is_staff=True)
    story = Story.objects.create(
        author=author,
        title=HOSTILE,
        body=f"First line\n{HOSTILE}\nLast line",
        massage_type="deep_tissue",
        patterns=["PAT-SAN"],
        consent_anonymous=True,
    )
    decide(item=story, moderator=moderator, action="approve")
    reply = Reply.objects.create(story=story, author=replier, body=f"Reply: {HOSTILE}")
    decide(item=reply, moderator=moderator, action="approve")
    return story


def watch_dialogs(page):
    opened = []

    def record(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def assert_inert(page):
    scripts = page.locator("script").evaluate_all("els => els.map(e => e.textContent)")
    assert not [text for text in scripts if "alert(" in text]
    assert page.locator("img[onerror]").count() == 0
    assert page.locator("img[src=x]").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert page.locator("[onerror], [onclick], [onload]").count() == 0


def test_a_hostile_story_is_inert_text_on_the_list_and_its_page(
    page, hostile_story, csp_violations, assert_accessible, screenshot
):
    dialogs = watch_dialogs(page)
    violations = csp_violations(page)

    page.goto("/community/")
    page.wait_for_load_state("networkidle")
    card = page.locator("article.story-card")
    expect(card).to_have_count(1)
    expect(card.locator("h2")).to_have_text(HOSTILE)
    expect(card).to_contain_text(SCRIPT)
    expect(card).to_contain_text("1 reply")
    assert_inert(page)
    assert_accessible(page)
    screenshot(page, "community-list")

    card.get_by_role("link").click()
    expect(page).to_have_url(f"{page.url.split('/community/')[0]}/community/{hostile_story.pk}/")
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text(HOSTILE)
    text = page.locator(".story-text")
    expect(text).to_contain_text(IMG)
    expect(text).to_contain_text(LINK)
    # The line breaks the author typed are kept.
    assert text.inner_text().split("\n") == ["First line", HOSTILE, "Last line"]
    expect(page.locator(".reply-text")).to_have_text(f"Reply: {HOSTILE}")
    assert_inert(page)
    assert_accessible(page)
    screenshot(page, "community-story")

    page.wait_for_timeout(200)  # time for anything that would have run
    assert dialogs == []
    assert violations == []


def test_a_logged_in_reader_sees_the_forms_and_they_are_accessible(
    phone_page, hostile_story, make_user, assert_accessible, screenshot, csp_violations
):
    page = phone_page
    dialogs = watch_dialogs(page)
    violations = csp_violations(page)
    reader = make_user("reader@example.com", password=PASSWORD)
    log_in(page, reader.email, then=f"/community/{hostile_story.pk}/")

    expect(page.get_by_role("heading", name="Write a reply")).to_be_visible()
    page.locator("details.report summary").first.click()
    page.locator("details.report summary").last.click()
    assert_inert(page)
    assert_accessible(page)
    screenshot(page, "community-story-logged-in")

    # A report with no reason: the message is next to the choices, the report form stays open.
    page.locator("details.report").first.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Choose the reason that fits best.")).to_be_visible()
    assert_accessible(page)

    page.goto("/community/share/")
    expect(page.get_by_role("heading", name="Share your story")).to_be_visible()
    page.get_by_label("Title").fill(HOSTILE)
    page.get_by_role("button", name="Send my story to a moderator").click()
    expect(page.get_by_text("Tick this box to share your story")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(HOSTILE)
    assert_accessible(page)
    screenshot(page, "community-share-error")

    page.get_by_label("Your story").fill(f"Typed on a phone.\n{HOSTILE}")
    page.get_by_label("I agree to publish this story anonymously").check()
    page.get_by_role("button", name="Send my story to a moderator").click()
    expect(page.get_by_text("Thank you for sharing your story")).to_be_visible()
    expect(page.locator(".mine-card h3")).to_have_text(HOSTILE)
    expect(page.locator(".mine-card")).to_contain_text("Waiting for a moderator")
    assert_inert(page)
    assert_accessible(page)
    screenshot(page, "community-mine")

    page.goto("/community/messages/")
    expect(page.get_by_role("heading", name="Your messages")).to_be_visible()
    assert_accessible(page)

    assert dialogs == []
    assert violations == []
