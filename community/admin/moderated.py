"""The queue and the review page shared by stories and replies (ModeratedAdmin).

Moderators are staff in the "Moderators" group (community/permissions.py): they see stories,
replies, reports and the decision log, and nothing else. Every change of state goes through
community.services.decide(), which refuses a decision on an item someone changed first.
Nobody edits a text by hand here, not even a superuser: the log must tell every change.
"""

from collections import defaultdict

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from .. import pii
from ..models import ContentReport, ModerationStatus
from ..services import FOR_THE_AUTHOR, AlreadyDecided, ModerationError, decide
from .decisions import (
    BUTTONS,
    DONE,
    FINAL,
    HINTS,
    HOLDS_DETAILS,
    PII_KINDS,
    REASON_LABELS,
    ReasonForm,
    conflict_message,
    skip_reason,
    status_for_moderators,
)
from .filters import QueueStatusFilter, ReportsFilter
from .lookups import OnlyTheListFilters
from .queue_list import QueueChangeList, checkbox

S = ModerationStatus
SHOWN_IN_PANEL = 50  # decisions and reports listed on an item's page


class NotDeletedHere:
    """Nothing is deleted from this model's own admin pages, not even by a superuser.

    A superuser deleting a person in the User admin still takes that person's stories, replies,
    reports and their logs with them, as deleting one's own account does: Django asks every
    related model's admin for the right to delete, and that answer must stay yes.
    """

    def has_delete_permission(self, request, obj=None):
        match = request.resolver_match
        own_pages = f"{self.opts.app_label}_{self.opts.model_name}_"
        if match is None or (match.url_name or "").startswith(own_pages):
            return False
        return super().has_delete_permission(request, obj)


class ModeratedAdmin(OnlyTheListFilters, NotDeletedHere, admin.ModelAdmin):
    """The queue and review page shared by stories and replies."""

    change_form_template = "admin/community/moderated_change_form.html"
    change_list_template = "admin/community/moderated_change_list.html"
    list_filter = (QueueStatusFilter, ReportsFilter, "hidden")
    list_per_page = 50
    show_facets = admin.ShowFacets.NEVER  # facet counts would add a query per filter choice
    actions = [
        "approve_selected",
        "reject_selected",
        "request_changes_selected",
        "hide_selected",
        "unhide_selected",
    ]
    related = ("decided_by",)

    @property
    def media(self):
        # The admin's scripts these pages use: jQuery and core.js for the actions. Django adds
        # those for related-object popups and prepopulated fields, which no page here has
        # (every field of the review page is read-only): four fewer scripts to send and load.
        suffix = "" if settings.DEBUG else ".min"
        scripts = (f"vendor/jquery/jquery{suffix}.js", "jquery.init.js", "core.js", "actions.js")
        return forms.Media(js=[f"admin/js/{name}" for name in scripts])

    def view_on_site(self, obj):
        # Readers' pages show public items only: a link to anything else would be a 404.
        if obj.is_public and hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return None

    # Stories come from people and leave with them (account deletion); here they are decided.
    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        # As ModelAdmin.get_queryset, with the annotation before the ordering that may use it.
        # The report count as a subquery, not a join with GROUP BY: the queue's two counts
        # (the filtered one and the total) then need no join, and only the page's rows are
        # counted.
        field = self.model._meta.model_name  # a report's field for this model
        reports = (
            ContentReport.objects.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(count=Count("pk"))
            .values("count")
        )
        queryset = (
            self.model._default_manager.get_queryset()
            .select_related(*self.related)
            .annotate(report_count=Coalesce(Subquery(reports), 0))
        )
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        # Oldest first: nobody waits longer than they must. Reported items: most reported first.
        if request.GET.get(ReportsFilter.parameter_name):
            return ("-report_count", "submitted_at")
        return ("submitted_at",)

    # Columns and read-only fields.

    def get_changelist(self, request, **kwargs):
        return QueueChangeList  # draws the page's rows in one pass (queue_list.py)

    def action_checkbox(self, obj):
        # Django's markup, written out (queue_list.checkbox): its form widget renders a
        # template for every row (community/tests/test_moderation_admin.py compares the two).
        return checkbox(obj)

    @admin.display(description="status", ordering="status")
    def status_display(self, obj):
        return status_for_moderators(obj)

    @admin.display(description="reports", ordering="report_count")
    def reports_display(self, obj):
        return obj.report_count

    @admin.display(description="personal details?")
    def personal_details(self, obj):
        # Read from the row: the texts were scanned when they were saved (Moderated.save).
        found = obj.personal_details_count
        return f"{found} found" if found else "none found"

    @admin.display(description="decided by")
    def decided_by_email(self, obj):
        # Plain text: a link to the person's admin page would lead a moderator to a 403.
        return obj.decided_by.email if obj.decided_by else "-"

    # The review page.

    def get_fieldsets(self, request, obj=None):
        return [("Details", {"fields": self.readonly_fields})]

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_moderate"
        view = self.admin_site.admin_view(require_POST(self.moderate_view))
        return [path("<path:object_id>/moderate/", view, name=name), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            # Nothing here is edited by hand: decisions are posted to moderate_view.
            return HttpResponseNotAllowed(["GET"])
        item = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        if item is not None:
            extra_context["review"] = self._review(request, item)
            extra_context["title"] = f"Review a {self.opts.verbose_name}"
        return super().change_view(request, object_id, form_url, extra_context)

    def _decisions(self, item):
        """The decisions the review page offers for ``item`` as it is now."""
        if item.status == S.PENDING:
            # Text with personal details is published only on purpose, with a reason.
            publish = "approve_as_is" if item.personal_details_count else "approve"
            return [publish, "reject", "request_changes"]
        if item.status == S.APPROVED:
            if item.hidden:
                return ["unhide"]
            return ["hide", "keep"] if item.report_count else ["hide"]
        return []

    def _review(self, request, item):
        # The findings stored with the text: nothing is scanned on this page.
        findings = item.personal_details("body")
        kinds = defaultdict(int)
        for finding in findings:
            kinds[PII_KINDS.get(finding.kind, finding.kind)] += 1
        can_decide = self.has_change_permission(request, item)
        decisions = self._decisions(item)
        return {
            "item": item,
            "kind": self.opts.verbose_name,
            "status": status_for_moderators(item),
            # Escaped by pii.highlight_html, character by character.
            "body_html": mark_safe(pii.highlight_html(item.body, findings)),  # noqa: S308
            "findings": dict(kinds),
            "finding_count": len(findings),
            "holds_details": bool(item.personal_details_count),
            "suggested": pii.scrub(item.body, findings) if findings else "",
            "can_scrub": can_decide and findings and item.status in {S.PENDING, S.APPROVED},
            "decisions": [(a, BUTTONS[a], HINTS[a], REASON_LABELS.get(a)) for a in decisions]
            if can_decide
            else [],
            "moderate_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_moderate", args=[item.pk]
            ),
            "log": list(item.decisions.all()[:SHOWN_IN_PANEL]),
            "reports": list(item.reports.all()[:SHOWN_IN_PANEL]),
            "report_count": item.report_count,
            "report_reasons": ContentReport.REASONS,
            **self._extra_review(item),
        }

    def _extra_review(self, item):
        return {}

    def moderate_view(self, request, object_id):
        """One decision on one item, from its review page, with the version the page showed."""
        item = self.get_object(request, unquote(object_id))
        if item is None:
            raise Http404
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[item.pk]
        )
        action = request.POST.get("action", "")
        if action not in BUTTONS:
            messages.error(request, "Choose one of the decisions on the page.")
            return HttpResponseRedirect(change_url)
        form = ReasonForm(request.POST, action=action)
        valid = form.is_valid()
        seen_version = form.cleaned_data.get("seen_version")
        if seen_version is None:
            messages.error(request, "This page was out of date: look at the item again.")
            return HttpResponseRedirect(change_url)
        if not valid:
            return self._reason_page(
                request,
                [item],
                form,
                action,
                post_url=request.path,
                hidden=[("action", action), ("seen_version", seen_version)],
            )
        if seen_version != item.version:
            messages.error(request, conflict_message(item))
            return HttpResponseRedirect(change_url)
        try:
            decide(
                item=item,
                moderator=request.user,
                action=action,
                reason=form.cleaned_data["reason"],
                scrubbed_body=(
                    pii.scrub(item.body, item.personal_details("body"))
                    if action == "scrub"
                    else None
                ),
                seen_version=seen_version,
            )
        except AlreadyDecided as exc:
            messages.error(request, conflict_message(exc.current))
            return HttpResponseRedirect(change_url)
        except ModerationError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(change_url)
        messages.success(request, f"{DONE[action]}: “{item}”.")
        if action in FINAL:
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            )
        return HttpResponseRedirect(change_url)

    def _reason_page(self, request, items, form, action, *, post_url, hidden):
        """The page that asks for the reason the author will see, before anything changes."""
        count = len(items)
        noun = self.opts.verbose_name if count == 1 else self.opts.verbose_name_plural
        context = {
            **self.admin_site.each_context(request),
            "title": f"{BUTTONS[action]}: {count} {noun}",
            "opts": self.opts,
            "items": items[:SHOWN_IN_PANEL],
            "more": max(0, count - SHOWN_IN_PANEL),
            "form": form,
            "post_url": post_url,
            "hidden": hidden,
            "button": f"{BUTTONS[action]} {count} {noun}",
            "author_sees": action in FOR_THE_AUTHOR,
            "cancel_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/community/moderation_reason.html", context)

    # Actions on many selected items.

    def _selected(self, request, queryset):
        # The queue's filter (pending by default) would silently drop the items someone else
        # decided meanwhile; they are fetched by id so the moderator is told about them.
        if request.POST.get("select_across") in {"1", "True", "true"}:
            return list(queryset)
        ids = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        base = self.model.objects.select_related("author", *self.related)
        return list(base.filter(pk__in=ids).order_by("submitted_at", "pk"))

    def _decide_many(self, request, items, action, reason="", versions=None):
        """Apply ``action`` to each item through decide(); tell what was skipped and why."""
        versions = versions or {}
        applied = 0
        skipped = defaultdict(int)
        held = []  # passed over for their personal details: listed, each with its review page
        for item in items:
            why = skip_reason(item, action)
            if why == HOLDS_DETAILS:
                held.append(item)
                continue
            if why is None:
                try:
                    decide(
                        item=item,
                        moderator=request.user,
                        action=action,
                        reason=reason,
                        seen_version=versions.get(item.pk, item.version),
                    )
                except AlreadyDecided as exc:
                    why = skip_reason(exc.current, action) or "changed after you opened the page"
                except ModerationError as exc:
                    why = f"not changed ({exc})"
                else:
                    applied += 1
                    continue
            skipped[why] += 1
        if applied:
            noun = self.opts.verbose_name if applied == 1 else self.opts.verbose_name_plural
            messages.success(request, f"{DONE[action]}: {applied} {noun}.")
        for why, count in skipped.items():
            one = count == 1
            messages.warning(
                request,
                f"{count} {self.opts.verbose_name if one else self.opts.verbose_name_plural} "
                f"{'was' if one else 'were'} {why}; nothing changed for {'it' if one else 'them'}.",
            )
        if held:
            self._tell_held(request, held)

    def _tell_held(self, request, held):
        """The items a bulk approve passed over, as links: each needs its own decision."""
        change = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
        one = len(held) == 1
        messages.warning(
            request,
            format_html(
                "{} {} not approved: personal details are still in {} ({}). Open each to apply "
                "the suggested text, or to publish it as it is with a reason.",
                len(held),
                self.opts.verbose_name if one else self.opts.verbose_name_plural,
                "it" if one else "them",
                format_html_join(
                    ", ",
                    '<a href="{}">{}</a>',
                    ((reverse(change, args=[item.pk]), str(item)) for item in held),
                ),
            ),
        )

    def _decide_many_with_reason(self, request, queryset, action):
        items = self._selected(request, queryset)
        form = ReasonForm(request.POST if "apply" in request.POST else None, action=action)
        if form.is_bound and form.is_valid():
            versions = {}
            for item in items:
                seen = request.POST.get(f"version_{item.pk}", "")
                if seen.isdigit():
                    versions[item.pk] = int(seen)
            self._decide_many(request, items, action, form.cleaned_data["reason"], versions)
            return None
        hidden = [
            ("action", request.POST.get("action", "")),
            ("select_across", request.POST.get("select_across", "0")),
            ("apply", "yes"),
            *(
                (helpers.ACTION_CHECKBOX_NAME, pk)
                for pk in request.POST.getlist("_selected_action")
            ),
            *((f"version_{item.pk}", item.version) for item in items),
        ]
        return self._reason_page(
            request, items, form, action, post_url=request.get_full_path(), hidden=hidden
        )

    @admin.action(
        description="Approve the selected %(verbose_name_plural)s", permissions=["change"]
    )
    def approve_selected(self, request, queryset):
        self._decide_many(request, self._selected(request, queryset), "approve")

    @admin.action(
        description="Reject the selected %(verbose_name_plural)s…", permissions=["change"]
    )
    def reject_selected(self, request, queryset):
        return self._decide_many_with_reason(request, queryset, "reject")

    @admin.action(description="Ask for changes to the selected…", permissions=["change"])
    def request_changes_selected(self, request, queryset):
        return self._decide_many_with_reason(request, queryset, "request_changes")

    @admin.action(description="Hide the selected (after reports)…", permissions=["change"])
    def hide_selected(self, request, queryset):
        return self._decide_many_with_reason(request, queryset, "hide")

    @admin.action(description="Show the selected hidden items again", permissions=["change"])
    def unhide_selected(self, request, queryset):
        self._decide_many(request, self._selected(request, queryset), "unhide")
