"""The queue's filters: by status (waiting for a decision by default) and by reader reports."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ..models import ContentReport, ModerationDecision, ModerationStatus
from .decisions import STATUS_FOR_MODERATORS

S = ModerationStatus


def reported_ids(model):
    """The ids of the items of ``model`` (Story or Reply) with at least one reader report."""
    field = model._meta.model_name  # "story" or "reply": the report's field
    return ContentReport.objects.filter(**{f"{field}__isnull": False}).values(field)


def open_reports(model):
    """True for an item with a reader report made after the item's latest moderation decision.

    A moderator who hides an item, shows it again or removes details from it has dealt with the
    reports made before; only later ones are still open.
    """
    field = model._meta.model_name  # "story" or "reply": the report's and decision's field
    latest_decision = (
        ModerationDecision.objects.filter(**{field: OuterRef(OuterRef("pk"))})
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return Exists(
        ContentReport.objects.filter(
            **{field: OuterRef("pk")},
            created_at__gt=Coalesce(Subquery(latest_decision), OuterRef("submitted_at")),
        )
    )


class QueueStatusFilter(admin.SimpleListFilter):
    """The queue opens on what waits for a decision; "All" shows every state.

    With a reports filter chosen it opens on every state, since reported items are published.
    """

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def __init__(self, request, params, model, model_admin):
        self.default = self.ALL if ReportsFilter.parameter_name in params else S.PENDING
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [*STATUS_FOR_MODERATORS.items(), (self.ALL, "All")]

    def value(self):
        chosen = super().value()
        return chosen if chosen in {*S.values, self.ALL} else self.default

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        if self.value() == S.PENDING:
            return queryset.queue()
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class ReportsFilter(admin.SimpleListFilter):
    title = "reader reports"
    parameter_name = "reports"

    def lookups(self, request, model_admin):
        return [
            ("open", "Reported since the last decision, still shown"),
            ("any", "Reported at least once"),
        ]

    def queryset(self, request, queryset):
        if self.value() not in {"open", "any"}:
            return queryset
        # The reported items first, from the reports (a few hundred), rather than a count of
        # reports worked out for each of the thousands of stories.
        reported = queryset.filter(pk__in=reported_ids(queryset.model))
        if self.value() == "open":
            return reported.public().filter(open_reports(queryset.model))
        return reported
