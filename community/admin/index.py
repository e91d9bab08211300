"""The two admin pages served here rather than by Django's admin site (massagecare/urls.py).

Django's admin site stays as it is: every ModelAdmin is registered on ``admin.site`` as usual.
Its index page is served through ``admin_index``, which adds how many stories and replies wait
for a decision and how many reported items are still shown; its "view on site" shortcut
through ``view_on_site``, which leads only to what the person may see in the admin.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse

from ..models import IN_QUEUE, PUBLIC, Reply, Story
from .filters import open_reports, reported_ids


def moderation_counts(request):
    """One row per queue the person may see: [{label, count, url}], two queries at most."""
    rows = []
    for model in (Story, Reply):
        model_admin = admin.site.get_model_admin(model)
        if not model_admin.has_view_permission(request):
            continue
        # Both counts in one query: the queue's rule and the readers' rule as count filters.
        # An item's open reports are looked for only if it has any (a few hundred of the
        # thousands): the item's ids among the reports' are one hashed list.
        counts = model.objects.aggregate(
            pending=Count("pk", filter=IN_QUEUE),
            reported=Count(
                "pk", filter=PUBLIC & Q(pk__in=reported_ids(model)) & Q(open_reports(model))
            ),
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


@admin.site.admin_view
def view_on_site(request, content_type_id, object_id):
    """Django's "view on site" (``admin:view_on_site``), for an object the person may view or
    change in the admin; anything else is the same 404, whether it exists or not.

    Django's own shortcut answers any member of staff for any model: a redirect for a massage
    or a check-in that exists and a 404 for one that does not told a moderator, who has no
    right on health records, which ones there are (issue 13).
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model is None or not admin.site.is_registered(model):
        raise Http404
    model_admin = admin.site.get_model_admin(model)
    if not model_admin.has_view_or_change_permission(request):
        raise Http404
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
