"""The community journey through moderation, in a real browser.

A person shares a story that names a doctor, a spa and a phone number; a moderator logs in to
the admin, opens the queue and the story, sees the personal details marked, applies the
suggested text and approves it; an anonymous reader then finds it on /community/ with the
details removed. Screenshots go to test-artifacts/screenshots/.

axe-core must pass on the community pages. The admin pages are Django's own: their axe findings
are printed (run with -s), not failed on. No admin page we customised may break the CSP.
"""

import re

from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from community.models import ModerationDecision, ModerationStatus, Story
from community.permissions import MODERATORS
from tests.browser.helpers import PASSWORD
from tracker.models import User

TITLE = "Two sore weeks after a deep tissue massage"
STORY = (
    "My neck was sore for two weeks after a deep tissue massage.\n"
    "I saw Dr. Smith at Serenity Spa, call 555-0134 if you went there too.\n"
    "A physiotherapist helped me most."
)


def _moderator(email):
    user = User.objects.create_user(email=email, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def _admin_axe_findings(page, found):
    """Django's admin pages are not ours to fix: note their serious axe findings, go on."""
    results = Axe().run(page, options={"resultTypes": ["violations"], "preload": False})
    for violation in results.response["violations"]:
        if violation["impact"] in {"serious", "critical"}:
            targets = [", ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            found.append(f"{page.url}: {violation['id']} ({violation['impact']}) at {targets}")


def test_a_shared_story_is_scrubbed_approved_and_read_anonymously(
    new_context, screenshot, assert_accessible, csp_violations, foreign_requests
):
    User.objects.create_user(email="author@example.com", password=PASSWORD)
    _moderator("moderator@example.com")
    admin_axe = []

    # A person shares their story.
    author = new_context().new_page()
    author_csp = csp_violations(author)
    author.goto("/accounts/login/")
    author.locator("input[name=username]").fill("author@example.com")
    author.locator("input[name=password]").fill(PASSWORD)
    author.locator("main").get_by_role("button", name="Log in").click()
    author.goto("/community/share/")
    author.get_by_label("Title").fill(TITLE)
    author.get_by_label("Your story").fill(STORY)
    author.get_by_label(re.compile("I agree to publish this story anonymously")).check()
    assert_accessible(author)
    author.get_by_role("button", name="Send my story to a moderator").click()
    expect(author.get_by_text("Thank you for sharing your story.")).to_be_visible()
    story = Story.objects.get(title=TITLE)
    assert story.status == ModerationStatus.PENDING
    assert author_csp == []

    # A moderator logs in to the admin and opens the queue from the index's counts.
    moderator = new_context().new_page()
    admin_csp = csp_violations(moderator)
    elsewhere = foreign_requests(moderator)
    moderator.goto("/admin/login/")
    moderator.locator("#id_username").fill("moderator@example.com")
    moderator.locator("#id_password").fill(PASSWORD)
    moderator.get_by_role("button", name="Log in").click()
    counts = moderator.locator(".moderation-counts")
    expect(counts.get_by_role("row", name=re.compile("Stories waiting"))).to_contain_text("1")
    _admin_axe_findings(moderator, admin_axe)
    screenshot(moderator, "moderation-index")
    counts.get_by_role("link", name="Stories waiting for a decision").click()
    expect(moderator.get_by_role("link", name=TITLE)).to_be_visible()
    expect(moderator.locator("#result_list")).to_contain_text("found")
    _admin_axe_findings(moderator, admin_axe)
    screenshot(moderator, "moderation-queue")

    # The story's page marks the personal details and suggests a text without them.
    moderator.get_by_role("link", name=TITLE).click()
    expect(moderator.get_by_role("heading", name="Personal details found")).to_be_visible()
    marked = moderator.locator(".pii-text mark.pii")
    expect(marked.filter(has_text="555-0134")).to_have_count(1)
    expect(marked.filter(has_text="Smith")).to_have_count(1)
    expect(marked.filter(has_text="Serenity Spa")).to_have_count(1)
    expect(moderator.locator(".pii-suggested")).to_contain_text("[phone number removed]")
    _admin_axe_findings(moderator, admin_axe)
    screenshot(moderator, "moderation-story")

    moderator.get_by_role("button", name="Apply the suggested text").click()
    expect(moderator.get_by_text("Personal details removed from the text")).to_be_visible()
    expect(moderator.get_by_role("heading", name="No personal details found")).to_be_visible()
    moderator.get_by_role("button", name="Approve").click()
    expect(moderator.get_by_text(f"Approved and published: “{TITLE}”.")).to_be_visible()
    story.refresh_from_db()
    assert story.status == ModerationStatus.APPROVED
    assert list(
        ModerationDecision.objects.filter(story=story).values_list("action", flat=True)
    ) == ["approve", "scrub"]

    # The decision log, a list without actions: Django's inline style would break the CSP.
    moderator.goto("/admin/community/moderationdecision/")
    expect(moderator.locator("#result_list")).to_contain_text("moderator@example.com")
    _admin_axe_findings(moderator, admin_axe)
    assert admin_csp == [], admin_csp
    assert elsewhere == []

    # An anonymous reader finds it, without the personal details.
    reader = new_context().new_page()
    reader_csp = csp_violations(reader)
    reader.goto("/community/")
    assert_accessible(reader)
    reader.get_by_role("link", name=TITLE).click()
    body = reader.locator("main")
    expect(body).to_contain_text("[name removed]")
    expect(body).to_contain_text("[place name removed]")
    expect(body).to_contain_text("[phone number removed]")
    for detail in ("555-0134", "Smith", "Serenity Spa", "author@example.com"):
        expect(body).not_to_contain_text(detail)
    assert_accessible(reader)
    screenshot(reader, "community-after-approval")
    assert reader_csp == []

    if admin_axe:
        print("axe on Django's admin pages (reported, not failed):", *admin_axe, sep="\n  ")


def test_a_moderator_rejects_stories_in_bulk_with_a_reason(new_context, screenshot, csp_violations):
    author = User.objects.create_user(email="author@example.com", password=PASSWORD)
    _moderator("moderator@example.com")
    for number in (1, 2):
        Story.objects.create(
            author=author, title=f"Advert {number}", body="Buy now!", consent_anonymous=True
        )
    page = new_context().new_page()
    violations = csp_violations(page)
    page.goto("/admin/login/")
    page.locator("#id_username").fill("moderator@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/admin/community/story/")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("reject_selected")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", name="Reject: 2 stories")).to_be_visible()
    # The browser itself asks for the reason first (the field is required).
    page.get_by_role("button", name="Reject 2 stories").click()
    expect(page.get_by_role("heading", name="Reject: 2 stories")).to_be_visible()
    page.get_by_label("Why it can't be published (the author sees this)").fill(
        "It is an advert, not a story."
    )
    screenshot(page, "moderation-reason")
    page.get_by_role("button", name="Reject 2 stories").click()

    expect(page.get_by_text("Rejected (the author sees your reason): 2 stories.")).to_be_visible()
    assert Story.objects.filter(status=ModerationStatus.REJECTED).count() == 2
    page.goto("/admin/community/contentreport/")
    expect(page.get_by_role("heading", name="Select content report to view")).to_be_visible()
    assert violations == [], violations
