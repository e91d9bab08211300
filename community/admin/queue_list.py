"""The queues' list, drawn in one pass (QueueChangeList).

Django's change list draws every cell anew: it looks the column up again (a field or a method,
its empty value, whether it links), reverses the row's address and merges the list's filters
into it, formats a date through the locale's lookups and finds each yes/no icon in the static
files' manifest. For a page of 50 stories that was most of the queue page's time. Here how each
column is drawn is worked out once per page, and a row is plain string work.

The markup is Django's, cell for cell (community/tests/test_moderation_queue_queries.py holds
the page to the one Django draws). A column of a kind not handled here (a relation, a field with
choices, a property, a method returning a date) or a popup or editable list has its rows drawn
by Django, as before. It leans on helpers Django's admin keeps private (``_boolean_icon``,
``_coerce_field_name``, ``_get_non_gfk_field``): that test is what tells an upgrade broke them.
"""

import datetime
import functools
from html import escape  # django.utils.html.escape is this, behind a check for lazy text

from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags.admin_list import (
    _boolean_icon,
    _coerce_field_name,
    result_headers,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_value,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

# A stand-in for a row's primary key in its address, worked out once per page.
PK = "0pk0queue0"
CHECKBOX_LABEL = "Select this object for an action - {}"  # Django's own, translated by Django


class DrawnByDjango(Exception):
    """A column this module does not draw: the page's rows are drawn by Django."""


class QueueChangeList(ChangeList):
    """A change list that draws its rows in one pass (``rows``) and its filters in the page."""

    def get_results(self, request):
        # The page's rows bring only what the columns show (the admin's ``list_fields``): a
        # story's text, its patterns and its dates are most of its row. The actions' queryset
        # (get_queryset) keeps every field, since a decision reads the text.
        queryset = self.queryset
        fields = getattr(self.model_admin, "list_fields", None)
        if fields:
            self.queryset = queryset.only(*fields)
        try:
            super().get_results(request)
        finally:
            self.queryset = queryset

    def headers(self):
        """Django's column headers (result_headers); sets how many columns sort the list."""
        headers = list(result_headers(self))
        self.num_sorted_fields = sum(1 for h in headers if h["sortable"] and h["sorted"])
        return headers

    def filter_choices(self):
        """Each filter with its choices, for the page to draw (Django draws each filter through
        a template of its own: admin_list_filter)."""
        return [(spec, list(spec.choices(self))) for spec in self.filter_specs]

    def rows(self):
        """The page's rows as one piece of HTML; None when Django must draw them."""
        try:
            columns = self._columns()
            empty = self.model_admin.get_empty_value_display()
            rows = []
            for obj in self.result_list:
                cells = []
                for tag, attributes, draw in columns:
                    try:
                        content = draw(obj)
                    except ObjectDoesNotExist:  # as Django: a missing related object
                        content = empty
                    cells.append(f"<{tag}{attributes}>{content}</{tag}>")
                rows.append(f"<tr>{''.join(cells)}</tr>")
        except DrawnByDjango:
            return None
        return mark_safe("\n".join(rows))  # noqa: S308 (each value escaped as it was drawn)

    # Each column as items_for_result() (django/contrib/admin/templatetags/admin_list.py)
    # draws its cells: (tag, class attribute, draw(obj) -> escaped HTML).

    def _columns(self):
        if self.is_popup or getattr(self, "formset", None) is not None:
            raise DrawnByDjango
        columns = []
        first = True  # no column links to the row's page yet
        for index, name in enumerate(self.list_display):
            links = self.list_display_links is not None and (
                (first and not self.list_display_links) or name in self.list_display_links
            )
            draw, classes = self._column(index, name)
            tag = "td"
            if links:
                tag = "th" if first else "td"
                first = False
                draw = self._linked(draw)
            columns.append((tag, f' class="{" ".join(classes)}"', draw))
        return columns

    def _column(self, index, name):
        """How the column ``name`` draws a row's value, and its cells' classes (as
        django.contrib.admin.utils.lookup_field finds it: a field first, then a method)."""
        classes = [f"field-{_coerce_field_name(name, index)}"]
        try:
            field = _get_non_gfk_field(self.opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            if callable(name):
                method = name
            elif hasattr(self.model_admin, name) and name != "__str__":
                method = getattr(self.model_admin, name)
            else:
                raise DrawnByDjango from None  # a model's property or method
            if name == "action_checkbox":
                label = gettext(CHECKBOX_LABEL)  # translated once a page, not once a row
                return (lambda obj: _checkbox(obj, label)), ["action-checkbox"]
            return self._method(method), classes
        if isinstance(field, (models.DateField, models.TimeField)):
            classes.append("nowrap")
        return self._field(field), classes

    def _method(self, method):
        empty = getattr(method, "empty_value_display", self.model_admin.get_empty_value_display())
        if getattr(method, "boolean", False):
            icons = _icons()
            return lambda obj: icons[method(obj)]
        drawn = {}  # each value met on the page (a status, a count) is drawn once

        def draw(obj):
            value = method(obj)
            key = (type(value), value)  # True is not 1 here
            try:
                return drawn[key]
            except KeyError:
                pass
            except TypeError:  # not hashable
                key = None
            if isinstance(value, (datetime.date, datetime.time)):
                raise DrawnByDjango  # Django adds "nowrap" to such a cell
            if isinstance(value, str) and not value.strip():
                value = ""
            html = conditional_escape(display_for_value(value, empty))
            if key is not None:
                drawn[key] = html
            return html

        return draw

    def _field(self, field):
        if field.auto_created or field.is_relation or getattr(field, "flatchoices", None):
            raise DrawnByDjango
        attname = field.attname
        empty = self.model_admin.get_empty_value_display()
        if isinstance(field, models.BooleanField):
            icons = _icons()
            return lambda obj: icons[getattr(obj, attname)]
        if isinstance(field, models.DateTimeField):
            zone = timezone.get_current_timezone() if settings.USE_TZ else None
            date_format = formats.get_format("DATETIME_FORMAT")
            language = get_language()

            def draw_datetime(obj):
                value = getattr(obj, attname)
                if value is None:
                    return empty
                return _datetime_html(value, zone, date_format, language)

            return draw_datetime
        if type(field) in (models.CharField, models.TextField, models.SlugField):

            def draw_text(obj):
                value = getattr(obj, attname)
                return escape(value) if value and value.strip() else empty

            return draw_text
        raise DrawnByDjango

    def _linked(self, draw):
        # The row's page with the list's filters, worked out once for a stand-in primary key:
        # Django reverses it and merges the filters in for every row (url_for_result).
        if not isinstance(self.opts.pk, models.AutoField):
            raise DrawnByDjango  # a key that may need quoting in an address
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=(PK,),
            current_app=self.model_admin.admin_site.name,
        )
        url = add_preserved_filters(
            {"preserved_filters": self.preserved_filters, "opts": self.opts}, url
        )
        before, after = (escape(part) for part in url.split(PK, 1))

        def draw_link(obj):
            return f'<a href="{before}{obj.pk}{after}">{draw(obj)}</a>'

        return draw_link


def checkbox(obj):
    """A row's checkbox for the actions: Django's markup (ModelAdmin.action_checkbox) written
    out, where Django draws it through a form widget's template."""
    return mark_safe(_checkbox(obj, gettext(CHECKBOX_LABEL)))  # noqa: S308 (values escaped)


def _checkbox(obj, label):
    return (
        f'<input type="checkbox" name="{ACTION_CHECKBOX_NAME}" value="{escape(str(obj.pk))}"'
        f' class="action-select" aria-label="{label.format(escape(str(obj)))}">'
    )


@functools.lru_cache(maxsize=4096)
def _datetime_html(value, zone, date_format, language):
    """A date and time as the admin shows it in ``zone`` (display_for_field), escaped.

    Kept from one page to the next: it is the same text for the same instant, time zone,
    format and language (the arguments), and formatting it cost as much as drawing the rest of
    its row. A moderator comes back to the queue after each decision and finds the same rows.
    """
    if zone is not None and timezone.is_aware(value):
        value = timezone.localtime(value, zone)
    return escape(dateformat.format(value, date_format))


def _icons():
    """The yes/no/unknown icons, each looked up once in the static files' manifest."""
    return {value: _boolean_icon(value) for value in (True, False, None)}
