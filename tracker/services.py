"""Writes that touch several models at once, each in one transaction."""

import datetime

from django.db import transaction

from .assessments import reassess_massage
from .checkin_draft import draft_from_checkin
from .models import CheckIn, SideFunction, Symptom


@transaction.atomic
def checkin_save(*, massage, draft, checkin=None):
    """Create or replace a check-in and its symptoms and movement answers from a draft.

    A symptom on "both" sides is stored as one entry per side (spec/triage.md section 3).
    Everything is saved or nothing is.
    """
    fields = {
        "date": datetime.date.fromisoformat(draft["date"]),
        "course": draft["course"],
        "weakness_type": draft["weakness_type"],
        "neck_move_or_cough_provokes_arm": draft["neck_move_or_cough_provokes_arm"],
        "overhead_or_dangling_provokes": draft["overhead_or_dangling_provokes"],
        "red_flags": list(draft["red_flags"]),
        "emg_done": draft["emg_done"],
        "seen_doctor": draft["seen_doctor"],
        "notes": draft["notes"],
    }
    if checkin is None:
        checkin = CheckIn(massage=massage)
    earliest_change = min(filter(None, [checkin.date, fields["date"]]))
    for name, value in fields.items():
        setattr(checkin, name, value)
    checkin.full_clean()
    checkin.save()
    checkin.symptoms.all().delete()
    checkin.functions.all().delete()
    symptoms = []
    for entry in draft["symptoms"]:
        sides = ("left", "right") if entry["side"] == "both" else (entry["side"],)
        symptoms += [Symptom(checkin=checkin, **{**entry, "side": side}) for side in sides]
    for symptom in symptoms:
        symptom.full_clean(exclude=["checkin"])
    Symptom.objects.bulk_create(symptoms)
    functions = [
        SideFunction(checkin=checkin, side=side, **answers)
        for side, answers in sorted(draft["functions"].items())
        if answers
    ]
    for function in functions:
        function.full_clean(exclude=["checkin"], validate_unique=False)
    SideFunction.objects.bulk_create(functions)
    reassess_massage(massage, since=earliest_change)
    checkin.refresh_from_db()
    return checkin


@transaction.atomic
def checkin_delete(*, checkin):
    """Delete a check-in; the assessments after it lose a log, so they are worked out again."""
    massage, date = checkin.massage, checkin.date
    checkin.delete()
    reassess_massage(massage, since=date)


def checkin_copy_previous(*, massage, date):
    """The one-tap "no change since last time" check-in: the latest answers, dated ``date``.

    Returns ``(new, previous)``, or None when there is nothing to copy. Red flags are copied
    too (spec/triage.md 8.6), and a nerve test once done stays done; a doctor visit and notes
    belong to their own day, so they are not copied.
    """
    previous = (
        massage.checkins.prefetch_related("symptoms", "functions")
        .order_by("-date", "-created_at", "-id")
        .first()
    )
    if previous is None:
        return None
    draft = draft_from_checkin(previous, date=max(date, massage.date))
    draft.update(course="same", emg_done=previous.emg_done)
    return checkin_save(massage=massage, draft=draft), previous
