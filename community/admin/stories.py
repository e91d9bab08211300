"""The queues of stories and of replies, each with its review page (see moderated.py)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .. import pii
from ..models import Reply, Story
from .moderated import ModeratedAdmin

# What both queues show of an item's moderation, after what is their own.
QUEUE_COLUMNS = (
    "submitted_at",
    "status_display",
    "reports_display",
    "personal_details",
    "hidden",
    "decided_by_email",
)
# The fields those columns read: the list's rows bring no others (queue_list.py).
QUEUE_FIELDS = ("submitted_at", "status", "pii_findings", "hidden", "decided_by__email")
DECISION_FIELDS = ("moderator_note", "decided_by_email", "decided_at", "submitted_at")


@admin.register(Story)
class StoryAdmin(ModeratedAdmin):
    list_display = ("title", *QUEUE_COLUMNS)
    list_fields = ("title", *QUEUE_FIELDS)
    list_select_related = ("decided_by",)
    search_fields = ("title", "body")
    readonly_fields = (
        "title",
        "status_display",
        "hidden",
        "massage_type",
        "pattern_list",
        *DECISION_FIELDS,
    )

    @admin.display(description="patterns")
    def pattern_list(self, obj):
        return ", ".join(obj.pattern_titles) or "-"

    def _extra_review(self, item):
        # A title can't be scrubbed here (only the text can): the moderator asks for changes,
        # or publishes it as it is with a reason.
        title_findings = item.personal_details("title")
        return {
            "title_findings": len(title_findings),
            # Escaped by pii.highlight_html, character by character.
            "title_html": mark_safe(pii.highlight_html(item.title, title_findings)),  # noqa: S308
        }


@admin.register(Reply)
class ReplyAdmin(ModeratedAdmin):
    list_display = ("excerpt", "story_title", *QUEUE_COLUMNS)
    list_fields = ("body", "story__title", *QUEUE_FIELDS)
    list_select_related = ("story", "decided_by")
    search_fields = ("body", "story__title")
    related = ("story", "decided_by")
    readonly_fields = ("story_link", "status_display", "hidden", *DECISION_FIELDS)

    @admin.display(description="reply")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80)

    @admin.display(description="to the story", ordering="story__title")
    def story_title(self, obj):
        return obj.story.title

    @admin.display(description="story")
    def story_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:community_story_change", args=[obj.story_id]),
            obj.story.title,
        )
