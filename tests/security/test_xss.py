"""Hostile text in every free-text field is shown as the characters typed, never as markup.

Each payload is stored through the ORM (fast) and every page that shows the field is fetched:
the page holds the escaped text and never the raw payload.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from community.models import ContentReport, ModerationStatus, Reply, Story
from tests.helpers import SAN_LEFT, save_checkin
from tracker.models import PatternFeedback

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(\'x\')">',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    "<a href='jav&#x09;ascript:alert(1)'>x</a>",
    "javascript:alert(document.cookie)",
    '<div style="width: expression(alert(1))">x</div>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "{{ 7|add:42 }}",
    "{% load static %}{% debug %}",
    "{{ request.user.password }}",
    "${7*7}<%= 7*7 %>",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
]


def _approved():
    return {"status": ModerationStatus.APPROVED, "decided_at": timezone.now()}


def _story(author, **fields):
    defaults = {"title": "A story", "body": "A body", "consent_anonymous": True, **_approved()}
    return Story.objects.create(author=author, **{**defaults, **fields})


def _checkin(massage, **answers):
    return save_checkin(massage, 2, **{**SAN_LEFT, **answers})


def massage_notes(payload, owner, other_user, massage):
    massage.notes = payload
    massage.save()
    return owner, [
        reverse("massage_detail", args=[massage.pk]),
        reverse("massage_update", args=[massage.pk]),
    ]


def checkin_notes(payload, owner, other_user, massage):
    checkin = _checkin(massage, notes=payload)
    return owner, [reverse("checkin_detail", args=[checkin.pk])]


def story_title(payload, owner, other_user, massage):
    story = _story(owner, title=payload)
    return owner, [
        reverse("story_list"),
        reverse("story_detail", args=[story.pk]),
        reverse("story_mine"),
        reverse("story_edit", args=[story.pk]),
    ]


def story_text(payload, owner, other_user, massage):
    story = _story(owner, body=payload)
    return owner, [
        reverse("story_list"),
        reverse("story_detail", args=[story.pk]),
        reverse("story_edit", args=[story.pk]),
    ]


def reply_text(payload, owner, other_user, massage):
    story = _story(other_user)
    reply = Reply.objects.create(story=story, author=owner, body=payload, **_approved())
    return owner, [
        reverse("story_detail", args=[story.pk]),
        reverse("reply_edit", args=[reply.pk]),
    ]


def report_details(payload, owner, other_user, massage):
    # A report's details are read by moderators only, in the admin.
    story = _story(other_user)
    report = ContentReport.objects.create(
        reporter=owner, story=story, reason="unkind", details=payload
    )
    owner.is_staff = owner.is_superuser = True
    owner.save()
    return owner, [reverse("admin:community_contentreport_change", args=[report.pk])]


def doesnt_fit_note(payload, owner, other_user, massage):
    checkin = _checkin(massage)
    PatternFeedback.objects.create(checkin=checkin, rule_id="PAT-SAN", side="left", note=payload)
    return owner, [
        reverse("checkin_assessment", args=[checkin.pk]),
        reverse("massage_report", args=[massage.pk]),
    ]


def report_name(payload, owner, other_user, massage):
    # Posted by the report's own form: the name never travels in an address.
    _checkin(massage)
    return owner, [(reverse("massage_report", args=[massage.pk]), {"name": payload})]


FIELDS = [
    massage_notes,
    checkin_notes,
    story_title,
    story_text,
    reply_text,
    report_details,
    doesnt_fit_note,
    report_name,
]


def test_there_are_at_least_30_payloads_all_different():
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 30


def assert_inert(html, payload):
    assert escape(payload) in html
    if escape(payload) != payload:
        assert payload not in html


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field", FIELDS, ids=lambda field: field.__name__)
def test_the_payload_is_shown_as_text(client, owner, other_user, massage, field, payload):
    user, pages = field(payload, owner, other_user, massage)
    client.force_login(user)
    for page in pages:
        # A page given with data is the answer to its form's POST.
        path, data = page if isinstance(page, tuple) else (page, None)
        response = client.post(path, data) if data else client.get(path)
        assert response.status_code == 200, path
        assert_inert(response.content.decode(), payload)
