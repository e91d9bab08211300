"""Writes that touch several models at once, each in one transaction."""

import datetime

from django.db import transaction

from .assessments import STORED_FIELDS, position, reassess_massage
from .checkin_draft import draft_from_checkin
from .models import CheckIn, SideFunction, Symptom


@transaction.atomic
def checkin_save(*, massage, draft, checkin=None):
    """Create or replace a check-in and its symptoms and movement answers from a draft.

    A symptom on "both" sides is stored as one entry per side (spec/triage.md section 3).
    Everything is saved or nothing is. A new check-in keeps the draft's one-time id: saving
    the same draft again raises IntegrityError (the database holds the id unique, so two
    saves racing each other make one check-in too), and the view shows the one saved.
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
        checkin = CheckIn(massage=massage, submission_id=draft.get("submission_id"))
    adding = checkin._state.adding
    moved_from = None if adding else position(checkin)
    for name, value in fields.items():
        setattr(checkin, name, value)
    # The models' CHECK constraints say what their fields' validators and clean() already
    # check, and the database enforces them on the write: validating them here again would
    # cost a query (and a savepoint) each. The massage is the one the view looked up.
    checkin.full_clean(exclude=["massage"], validate_constraints=False)
    checkin.save()
    if not adding:
        checkin.symptoms.all().delete()
        checkin.functions.all().delete()
    symptoms = []
    for entry in draft["symptoms"]:
        sides = ("left", "right") if entry["side"] == "both" else (entry["side"],)
        symptoms += [Symptom(checkin=checkin, **{**entry, "side": side}) for side in sides]
    for symptom in symptoms:
        symptom.full_clean(exclude=["checkin"], validate_constraints=False)
    Symptom.objects.bulk_create(symptoms)
    functions = [
        SideFunction(checkin=checkin, side=side, **answers)
        for side, answers in sorted(draft["functions"].items())
        if answers
    ]
    for function in functions:
        function.full_clean(exclude=["checkin"], validate_unique=False, validate_constraints=False)
    SideFunction.objects.bulk_create(functions)
    # The check-ins from its old place or its new one on (whichever comes first) have a new
    # history; the ones before both keep theirs, and their results.
    earliest = min(filter(None, [moved_from, position(checkin)]))
    assessed = {c.pk: c for c in reassess_massage(massage, after=earliest)}
    # The saved check-in is at or after ``earliest``, so it was assessed: take its result.
    for name in (*STORED_FIELDS, "updated_at"):
        setattr(checkin, name, getattr(assessed[checkin.pk], name))
    return checkin


@transaction.atomic
def checkin_delete(*, checkin):
    """Delete a check-in; the assessments after it lose a log, so they are worked out again."""
    massage, deleted_at = checkin.massage, position(checkin)
    checkin.delete()
    reassess_massage(massage, after=deleted_at)


def checkin_copy_previous(*, massage, date, submission_id=None):
    """The one-tap "no change since last time" check-in: the latest answers, dated ``date``.

    Returns ``(new, previous)``, or None when there is nothing to copy. Red flags are not
    copied: a check-in's red flags are the signs had since the check-in before it, and one
    reported earlier keeps counting until a doctor has seen the person (spec/triage.md 10.1
    and 10.2, which replace 8.6's copy). A nerve test once done stays done; a doctor visit and
    notes belong to their own day, so they are not copied. ``submission_id`` is the one-time
    id of the form that asked (IntegrityError when a check-in holds it already).
    """
    previous = (
        massage.checkins.prefetch_related("symptoms", "functions")
        .order_by("-date", "-created_at", "-id")
        .first()
    )
    if previous is None:
        return None
    draft = draft_from_checkin(previous, date=max(date, massage.date))
    draft.update(
        course="same", red_flags=[], emg_done=previous.emg_done, submission_id=submission_id
    )
    return checkin_save(massage=massage, draft=draft), previous
