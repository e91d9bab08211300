"""The admin index with the moderation queue's counts at the top.

Django's admin site stays as it is: every ModelAdmin is registered on ``admin.site`` as usual.
Only its index page is served through ``admin_index`` (see massagecare/urls.py), which adds how
many stories and replies wait for a decision and how many reported items are still shown.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse

from ..models import IN_QUEUE, PUBLIC, Reply, Story
from .filters import open_reports


def moderation_counts(request):
    """One row per queue the person may see: [{label, count, url}], two queries at most."""
    rows = []
    for model in (Story, Reply):
        model_admin = admin.site.get_model_admin(model)
        if not model_admin.has_view_permission(request):
            continue
        # Both counts in one query: the queue's rule and the readers' rule as count filters.
        counts = model.objects.aggregate(
            pending=Count("pk", filter=IN_QUEUE),
            reported=Count("pk", filter=PUBLIC & Q(open_reports(model))),
        )
        opts = model._meta
        queue = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        name = opts.verbose_name_plural
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
