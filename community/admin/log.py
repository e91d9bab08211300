"""Readers' reports and the decision log: read-only, each row linked to its story or reply.

Neither list answers a filter it does not show (lookups.py): nothing here links a person's
reports or stories together. A decision's texts that hold personal details a scrub removed are
shown to the moderator who made the decision and to superusers only (``hidden_texts``).
"""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from ..models import ContentReport, ModerationDecision
from .decisions import status_for_moderators
from .lookups import OnlyTheListFilters
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


REMOVED_TEXT_HIDDEN = (
    "Hidden: it holds personal details a moderator removed. Only the moderator who made this "
    "decision and the site's administrators can read it."
)


def hidden_texts(decision, user):
    """The texts of ``decision`` that ``user`` may not read: those holding personal details a
    scrub removed, unless ``user`` made the decision or is a superuser.

    A scrub's text before holds what it removed; so do both texts of every decision on the
    same item before a scrub (they are the text the scrub later changed). Every moderator
    reading them would spread the very details the scrub took off the page (issue 13).
    """
    if user.is_superuser or (decision.moderator_id and decision.moderator_id == user.pk):
        return set()
    later = Q(created_at__gt=decision.created_at) | Q(
        created_at=decision.created_at, pk__gt=decision.pk
    )
    scrubbed_later = ModerationDecision.objects.filter(
        later, story_id=decision.story_id, reply_id=decision.reply_id, action="scrub"
    ).exists()
    if scrubbed_later:
        return {"text_before", "text_after"}
    if decision.action == "scrub":
        return {"text_before"}
    return set()


class ReadOnlyAdmin(OnlyTheListFilters, NotDeletedHere, admin.ModelAdmin):
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

    # The texts that hold what a scrub removed, for the decision's author and superusers only.

    def get_fields(self, request, obj=None):
        hidden = set() if obj is None else self._hidden_texts(request, obj)
        return [f"{name}_hidden" if name in hidden else name for name in self.fields]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def _hidden_texts(self, request, obj):
        # Asked several times for one page (fieldsets, form, read-only fields): one query.
        cache = obj.__dict__.setdefault("_hidden_texts", {})
        if request.user.pk not in cache:
            cache[request.user.pk] = hidden_texts(obj, request.user)
        return cache[request.user.pk]

    @admin.display(description="text before")
    def text_before_hidden(self, obj):
        return REMOVED_TEXT_HIDDEN

    @admin.display(description="text after")
    def text_after_hidden(self, obj):
        return REMOVED_TEXT_HIDDEN
