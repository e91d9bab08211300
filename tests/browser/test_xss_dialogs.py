"""Every XSS payload of tests/security/test_xss.py, in every free-text field, opens no dialog.

One person (a superuser, to read reports in the admin) owns a massage, a check-in and stories
whose text holds all the payloads; a real browser visits each page that shows them.
"""

from django.utils import timezone

from community.models import ContentReport, ModerationStatus, Reply, Story
from tests.browser.helpers import PASSWORD, log_in
from tests.helpers import SAN_LEFT
from tests.security.test_xss import PAYLOADS
from tracker import services
from tracker.checkin_draft import empty_draft
from tracker.models import PatternFeedback

ALL = "\n".join(PAYLOADS)


def _hostile_records(make_user, make_massage):
    person = make_user("reader@example.com", password=PASSWORD, is_staff=True, is_superuser=True)
    author = make_user("author@example.com")
    massage = make_massage(person, notes=ALL)
    draft = empty_draft(massage.date)
    draft.update({**SAN_LEFT, "notes": ALL})
    checkin = services.checkin_save(massage=massage, draft=draft)
    PatternFeedback.objects.create(checkin=checkin, rule_id="PAT-SAN", side="left", note=ALL)
    approved = {"status": ModerationStatus.APPROVED, "decided_at": timezone.now()}
    stories = []
    for payload in PAYLOADS:
        story = Story.objects.create(
            author=author, title=payload, body=ALL, consent_anonymous=True, **approved
        )
        Reply.objects.create(story=story, author=person, body=payload, **approved)
        ContentReport.objects.create(reporter=person, story=story, reason="unkind", details=payload)
        stories.append(story)
    return person, massage, checkin, stories


def test_no_payload_in_any_field_opens_a_dialog(page, make_user, make_massage):
    person, massage, checkin, stories = _hostile_records(make_user, make_massage)
    dialogs = []

    def record(dialog):
        dialogs.append((page.url, dialog.message))
        dialog.dismiss()

    page.on("dialog", record)
    log_in(page, person.email)
    page.wait_for_url("**/dashboard/")

    pages = [
        f"/massages/{massage.pk}/",
        f"/massages/{massage.pk}/edit/",
        f"/checkins/{checkin.pk}/",
        f"/checkins/{checkin.pk}/assessment/",
        f"/massages/{massage.pk}/report/",
        "/community/mine/",
        "/admin/community/contentreport/",
    ]
    pages += [f"/community/?page={number}" for number in range(1, len(stories) // 10 + 2)]
    pages += [f"/community/{story.pk}/" for story in stories]
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
    # The name to print on the report, posted by the page's own form (never in the address).
    page.goto(f"/massages/{massage.pk}/report/")
    for payload in PAYLOADS:
        page.get_by_label("Name to print on the report (optional)").fill(payload)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Update the report").click()
        assert navigation.value.status == 200, payload
    page.wait_for_timeout(300)  # time for anything that would have run late

    assert dialogs == []
    # The text is there, as text: the last page printed the name it was given.
    assert page.get_by_label("Name to print on the report (optional)").input_value() == PAYLOADS[-1]
