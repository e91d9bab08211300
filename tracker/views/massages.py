"""Massage sessions: add one, look at it with its check-ins, change it, delete it."""

import gc
from contextlib import contextmanager

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..assessments import reassess_massage
from ..forms.massages import MassageForm
from ..models import Massage
from ..ownership import get_massage_for_user
from ..page_cache import private_page

CHECKINS_PER_PAGE = 20


def _data(request):
    return request.POST if request.method == "POST" else None


@contextmanager
def _cycle_collector_paused():
    """Python's cycle collector off for a bulk job whose objects reference counting frees.

    Re-assessing three years of daily check-ins makes some 200,000 short-lived dicts and lists
    (the logs, the case, 1,100 results); the collector walks them over and over as they pile up
    (a third of the job's CPU time, ~100 ms) and finds next to nothing to free. Turned back on
    after (unless it was off already), it collects the few cycles left at its next pass.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _save(form):
    """Save, or put the database's refusal next to the date (a check-in saved meanwhile)."""
    try:
        with transaction.atomic(), _cycle_collector_paused():
            massage = form.save()
            # What the massage says (its regions, the onset) is part of every assessment. The
            # check-ins it returns are dropped here, before the collector runs again.
            reassess_massage(massage)
            return massage
    except IntegrityError:
        form.add_error(
            "date", "This date no longer fits your check-ins. Check the date and save again."
        )
        return None


@never_cache
@require_http_methods(["GET", "POST"])
def massage_create(request):
    # The owner comes from the session, never from the form.
    # Most people record the massage the day it happened: today is the starting answer.
    new = Massage(owner=request.user, date=timezone.localdate())
    form = MassageForm(_data(request), instance=new)
    if request.method == "POST" and form.is_valid() and (massage := _save(form)):
        messages.success(request, "Massage saved. Now tell us how you feel.")
        return redirect(massage)
    return render(request, "tracker/massage_form.html", {"form": form})


@never_cache
@require_http_methods(["GET"])
@private_page
def massage_detail(request, pk):
    massage = get_massage_for_user(request.user, pk)
    checkins = massage.checkins.prefetch_related("symptoms", "functions")
    page = Paginator(checkins, CHECKINS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tracker/massage_detail.html", {"massage": massage, "page": page})


@never_cache
@require_http_methods(["GET", "POST"])
def massage_update(request, pk):
    massage = get_massage_for_user(request.user, pk)
    form = MassageForm(_data(request), instance=massage)
    if request.method == "POST" and form.is_valid() and _save(form):
        messages.success(request, "Changes saved.")
        return redirect(massage)
    return render(request, "tracker/massage_form.html", {"form": form, "massage": massage})


@never_cache
@require_http_methods(["GET", "POST"])
def massage_delete(request, pk):
    massage = get_massage_for_user(request.user, pk)
    checkin_count = massage.checkins.count()
    if request.method == "POST":
        massage.delete()
        if checkin_count:
            plural = "" if checkin_count == 1 else "s"
            done = f"The massage and its {checkin_count} check-in{plural} were deleted."
        else:
            done = "The massage was deleted."
        messages.success(request, done)
        return redirect("dashboard")
    return render(
        request,
        "tracker/massage_confirm_delete.html",
        {"massage": massage, "checkin_count": checkin_count},
    )
