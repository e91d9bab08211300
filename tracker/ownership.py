"""Owner-scoped lookups: another person's record answers 404, exactly like a missing one."""

from django.shortcuts import get_object_or_404

from .models import CheckIn, Massage


def get_massage_for_user(user, pk):
    return get_object_or_404(Massage.objects.owned_by(user), pk=pk)


def get_checkin_for_user(user, pk):
    return get_object_or_404(CheckIn.objects.owned_by(user).select_related("massage"), pk=pk)
