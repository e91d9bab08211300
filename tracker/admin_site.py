"""The admin index with the moderation queue's counts at the top.

Django's admin site stays as it is: every ModelAdmin is registered on ``admin.site`` as usual.
Only its index page is served through ``admin_index`` (see massagecare/urls.py), which adds how
many stories and replies wait for a decision and how many reported items are still shown.
"""

from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from .models import ContentReport, ModerationDecision, ModerationStatus, Reply, Story


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


def shown_with_open_reports(model):
    """Items readers can see that have open reports: the ones a moderator should look at."""
    return Q(status=ModerationStatus.APPROVED, hidden=False) & Q(open_reports(model))


def moderation_counts(request):
    """One row per queue the person may see: [{label, count, url}], two queries at most."""
    rows = []
    for model in (Story, Reply):
        model_admin = admin.site.get_model_admin(model)
        if not model_admin.has_view_permission(request):
            continue
        counts = model.objects.aggregate(
            pending=Count("pk", filter=Q(status=ModerationStatus.PENDING)),
            reported=Count("pk", filter=shown_with_open_reports(model)),
        )
        queue = reverse(f"admin:tracker_{model._meta.model_name}_changelist")
        name = model._meta.verbose_name_plural
        rows.append(
            {
                "label": f"{name.capitalize()} waiting for a decision",
                "count": counts["pending"],
                "url": f"{queue}?status=pending",
            }
        )
        rows.append(
            {
                "label": f"Reported {name} still shown",
                "count": counts["reported"],
                "url": f"{queue}?status=all&reports=open",
            }
        )
    return rows


@admin.site.admin_view
def admin_index(request):
    """Django's admin index, with the moderation counts (templates/admin/index.html)."""
    return admin.site.index(
        request, extra_context={"moderation_counts": moderation_counts(request)}
    )
