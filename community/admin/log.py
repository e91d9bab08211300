"""Readers' reports and the decision log: read-only, each row linked to its story or reply."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from ..models import ContentReport, ModerationDecision
from .decisions import status_for_moderators
from .moderated import NotDeletedHere


def _item_link(obj):
    """A link to the story or reply a report or a decision is about, with its state."""
    item = obj.story or obj.reply
    model = "story" if obj.story_id else "reply"
    state = status_for_moderators(item) + (", hidden" if item.hidden else "")
    return format_html(
        '<a href="{}">{}</a> ({})',
        reverse(f"admin:community_{model}_change", args=[item.pk]),
        f"Story “{item.title}”" if obj.story_id else str(item),
        state,
    )


class ReadOnlyAdmin(NotDeletedHere, admin.ModelAdmin):
    """Rows about a story or a reply, newest first, each linked to its item. Nobody adds,
    changes or deletes these rows here, not even a superuser."""

    show_facets = admin.ShowFacets.NEVER
    list_select_related = ("story", "reply__story")
    ordering = ("-created_at", "-id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="about")
    def item(self, obj):
        return _item_link(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("story", "reply__story")


@admin.register(ContentReport)
class ContentReportAdmin(ReadOnlyAdmin):
    """Readers' reports, newest first; each links to its item, where it can be hidden."""

    list_display = ("created_at", "reason", "item", "details_excerpt")
    list_filter = ("reason",)
    fields = readonly_fields = ("created_at", "reason", "item", "details")

    @admin.display(description="details")
    def details_excerpt(self, obj):
        return Truncator(obj.details).chars(80) or "-"


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(ReadOnlyAdmin):
    """The log of every decision: who, when, what, why, and the text before and after."""

    list_display = ("created_at", "moderator_email", "action", "item", "reason_excerpt")
    list_filter = ("action",)
    search_fields = ("moderator_email", "reason")
    fields = readonly_fields = (
        "created_at",
        "moderator_email",
        "action",
        "item",
        "reason",
        "text_before",
        "text_after",
    )

    @admin.display(description="reason")
    def reason_excerpt(self, obj):
        return Truncator(obj.reason).chars(80) or "-"
