"""Which filters a moderator may put in a list's address: those the page offers, nothing else.

Django's admin filters a list by any field of its model given in the address, filters or not:
``?author=12`` on the stories, then on the replies and ``?reporter=12`` on the reports, links a
person's anonymous stories, replies and reports together; ``?moderator=12`` on the decision log
then puts an email address on that number; ``?text_before__contains=555`` asks the log whether
a text a scrub removed held a guess. With ``OnlyTheListFilters`` a list answers only the
filters it shows (its ``list_filter``), and never one that reaches a person; any other lookup
is Django's 400 (DisallowedModelAdminLookup, a SuspiciousOperation, logged as such).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP


def reaches_a_person(model, lookup):
    """True if ``lookup`` on ``model`` goes through a relation to an account (an author, a
    reporter, a moderator, whoever decided), however deep: ``author``, ``author_id``,
    ``story__author__email``, ``replies__author``, ``decisions__moderator``."""
    user_model = get_user_model()
    for part in lookup.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)  # a field's name or its column ("author_id")
        except FieldDoesNotExist:
            return False  # the rest is a transform or a lookup ("exact", "in", "isnull")
        if not field.is_relation:
            return False
        if field.related_model is user_model:
            return True
        model = field.related_model
    return False


def list_filter_names(filters):
    """The address parameters ``list_filter`` answers: a SimpleListFilter's parameter name, a
    field filter's field (its parameters start with it: ``hidden__exact``)."""
    for item in filters:
        if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
            yield item.parameter_name
        elif isinstance(item, (list, tuple)):
            yield item[0]
        else:
            yield item


class OnlyTheListFilters:
    """A ModelAdmin mixin: the list answers its own filters only, and none reaching a person."""

    def lookup_allowed(self, lookup, value, request=None):
        if reaches_a_person(self.model, lookup):
            return False
        filters = self.get_list_filter(request) if request is not None else self.list_filter
        offered = any(
            lookup == name or lookup.startswith(name + LOOKUP_SEP)
            for name in list_filter_names(filters)
        )
        return offered and super().lookup_allowed(lookup, value, request)
