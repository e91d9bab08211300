"""The answers of a check-in in progress, carried from stage to stage as a signed token.

A draft is a plain dict shaped like one ``log`` of spec/triage.md section 3 (plus the notes). It
travels in a hidden form field, signed so it can't be altered, and salted with the person, the
massage and the check-in, so a draft can't be replayed into another record. Nothing is stored
until the last stage is saved, and the form needs neither JavaScript nor server-side state.

A check-in is saved once and never lost (issue 13, point 5): each draft carries a one-time id
(``submission_id``) that the check-in it saves keeps, unique in the database, so the same draft
sent again shows that check-in instead of saving another; and a draft older than ``MAX_AGE`` is
not thrown away (see ``load_draft``).
"""

import uuid

from django.core import signing

from .models import MOVEMENT_FIELDS, SIGN_FIELDS

STAGES = ("emergency", "symptoms", "movement", "course")
STAGE_TITLES = {
    "emergency": "Emergency signs",
    "symptoms": "Where and what",
    "movement": "Movement",
    # The course ("since last time, is it…") is asked from the second check-in on; the step
    # also holds the day, the doctor, the EMG and the notes.
    "course": "Last details",
}
# A check-in left open longer (overnight) may be about another day: its date is asked again.
MAX_AGE = 60 * 60 * 12


class DraftExpired(Exception):
    """The draft is ours but older than ``MAX_AGE``; ``draft`` holds its answers."""

    def __init__(self, draft):
        super().__init__("draft older than MAX_AGE")
        self.draft = draft


def empty_draft(date):
    return {
        "submission_id": str(uuid.uuid4()),
        "red_flags": [],
        "symptoms": [],
        "functions": {},
        "weakness_type": "",
        "neck_move_or_cough_provokes_arm": False,
        "overhead_or_dangling_provokes": False,
        "course": "",
        "date": date.isoformat(),
        "seen_doctor": False,
        "emg_done": False,
        "notes": "",
        # Stage 3 starts from the last answers given (spec/triage.md 10.5) until the person
        # has answered or skipped it; a saved check-in starts from its own answers.
        "movement_done": False,
        # Stage 2 of a follow-up starts from the symptoms of the check-in before (issue 12)
        # until the person has sent it: nothing of last time is in the draft before that, so a
        # check-in saved at stage 1 (an emergency) holds only what was said today.
        "symptoms_done": False,
        # The person answered stage 1's "Has a doctor checked you for this?" (or stage 4's box).
        "seen_doctor_answered": False,
        # What was typed on a stage left with "Back" while it had an error, as sent
        # (``{stage: {field name: [values]}}``): shown again when the person comes back to it.
        "edits": {},
        # The draft outlived MAX_AGE: the last stage asks to confirm the date before saving.
        "confirm_date": False,
    }


def draft_from_checkin(checkin, *, date=None):
    """The answers of a saved check-in, as a draft (to edit it, or to copy it forward)."""
    draft = empty_draft(date or checkin.date)
    draft.update(
        red_flags=list(checkin.red_flags),
        symptoms=[
            {
                "kind": s.kind,
                "region": s.region,
                "side": s.side,
                "nprs": s.nprs,
                "at_rest": s.at_rest,
                "pressed_or_moved_only": s.pressed_or_moved_only,
                "sudden": s.sudden,
            }
            for s in checkin.symptoms.all()
        ],
        functions={f.side: function_answers(f) for f in checkin.functions.all()},
        weakness_type=checkin.weakness_type,
        neck_move_or_cough_provokes_arm=checkin.neck_move_or_cough_provokes_arm,
        overhead_or_dangling_provokes=checkin.overhead_or_dangling_provokes,
        course=checkin.course,
        movement_done=True,
        symptoms_done=True,
    )
    if date is None:
        draft.update(
            seen_doctor=checkin.seen_doctor,
            seen_doctor_answered=checkin.seen_doctor,
            emg_done=checkin.emg_done,
            notes=checkin.notes,
        )
    return draft


def function_answers(side_function):
    """One side's answers that were given: "no" (False) is an answer, "not asked or skipped"
    (None, "", an empty list) is left out (spec/triage.md 10.5)."""
    answers = {}
    for field in (*MOVEMENT_FIELDS, *SIGN_FIELDS, "blade_visible_when", "limb_swollen_with"):
        value = getattr(side_function, field)
        if value not in ("", None, []):
            answers[field] = value
    return answers


def draft_salt(user, massage, checkin=None):
    return f"checkin-draft:{user.pk}:{massage.pk}:{checkin.pk if checkin else 'new'}"


def sign_draft(draft, *, user, massage, checkin=None):
    return signing.dumps(draft, salt=draft_salt(user, massage, checkin), compress=True)


def load_draft(token, *, user, massage, checkin=None):
    """The draft in ``token``, or None when it is missing or altered (or made for another
    person, massage or check-in).

    A draft older than ``MAX_AGE`` raises ``DraftExpired`` with its answers: only its age is
    ignored, as its signature still proves it is the one this form gave this person for this
    record, and its one-time id still stops it saving twice. Throwing it away lost every
    answer of a check-in left open overnight; its date is what may be stale, so it is asked.
    """
    salt = draft_salt(user, massage, checkin)
    try:
        draft = signing.loads(token, salt=salt, max_age=MAX_AGE)
    except signing.SignatureExpired:
        draft = _complete(signing.loads(token, salt=salt))
        if draft is None:
            return None
        raise DraftExpired(draft) from None
    except signing.BadSignature:
        return None
    return _complete(draft)


def _complete(draft):
    """``draft`` with every key a draft has now, or None when it is not a draft."""
    if not isinstance(draft, dict):
        return None
    # A draft signed before its one-time id existed gets one now, kept from here on.
    try:
        draft["submission_id"] = str(uuid.UUID(str(draft.get("submission_id") or uuid.uuid4())))
    except ValueError:
        return None
    draft.setdefault("edits", {})
    draft.setdefault("confirm_date", False)
    # A draft signed before these keys existed: its stage 3, if any, holds the person's answers.
    draft.setdefault("movement_done", True)
    draft.setdefault("symptoms_done", True)
    draft.setdefault("seen_doctor_answered", bool(draft.get("seen_doctor")))
    return draft


def starting_symptoms(log):
    """A follow-up's stage 2 starts from the symptoms of ``log`` (the check-in before): the
    same feeling, place and pain, with a pair stored on your left and your right (as "both
    sides" is) shown again as one entry on both sides."""
    rows = [
        {
            "kind": s["kind"],
            "region": s["region"],
            "side": s["side"],
            "nprs": s.get("nprs"),
            "at_rest": bool(s.get("at_rest")),
            "pressed_or_moved_only": bool(s.get("pressed_or_moved_only")),
            "sudden": bool(s.get("sudden")),
        }
        for s in log["symptoms"]
    ]
    merged = []
    for row in rows:
        twin = {**row, "side": {"left": "right", "right": "left"}.get(row["side"], "")}
        if row["side"] == "right" and twin in rows:
            continue  # shown with its left twin
        if row["side"] == "left" and twin in rows:
            row = {**row, "side": "both"}
        merged.append(row)
    return merged


def involved_regions(draft, massage):
    """Body regions this check-in is about: its symptoms' and the massage's."""
    return {s["region"] for s in draft["symptoms"]} | massage.region_codes
