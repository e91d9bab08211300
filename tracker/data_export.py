"""A person's own copy of everything they recorded: JSON (complete) and CSV (for spreadsheets).

The JSON holds each massage as a triage case (spec/triage.md section 3), so that any one of them
can be fed as it is to ``manage.py assess``, plus what the case format does not hold: notes, the
provider, the time of the massage, when each check-in was made, the stored assessments and the
"doesn't fit me" feedback. The CSV is one row per symptom per check-in, codes as stored.

Both read the person's records in a fixed number of queries, whatever the length of their
history: the JSON with prefetching, the CSV as one joined query read in chunks.
"""

import csv
import json

from django.db.models import Prefetch
from django.utils import timezone

from .case_export import massage_case
from .models import CheckIn, Massage

EXPORT_FORMAT = "massagecare-export"
EXPORT_VERSION = 1

CSV_COLUMNS = (
    "massage_date",
    "massage_types",
    "checkin_date",
    "day_since_massage",
    "course",
    "symptom_kind",
    "region",
    "side",
    "pain_0_10",
    "at_rest",
    "pressed_or_moved_only",
    "sudden",
    "red_flags",
    "level",
    "notes",
)
# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection",
# OWASP); a leading apostrophe makes it plain text. Tab and carriage return are on OWASP's list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV file as UTF-8 only when it starts with the byte order mark.
BYTE_ORDER_MARK = "\ufeff"
CSV_CHUNK_SIZE = 2000


def _when(value):
    """A date and time in ISO 8601, in the person's own time zone (with its offset)."""
    return timezone.localtime(value).isoformat() if value else None


def _checkin_part(checkin):
    return {
        "date": checkin.date.isoformat(),
        "created_at": _when(checkin.created_at),
        "notes": checkin.notes,
        "assessment": {
            "level": checkin.level,
            "rule_ids": list(checkin.rule_ids),
            "engine_version": checkin.engine_version,
            # The engine's whole output as stored with the check-in (null if never assessed).
            "result": checkin.assessment,
        },
        "feedback": [
            {
                "rule_id": feedback.rule_id,
                "side": feedback.side,
                "note": feedback.note,
                "created_at": _when(feedback.created_at),
            }
            for feedback in checkin.feedback.all()
        ],
    }


def _massage_part(massage):
    checkins = list(massage.checkins.all())
    return {
        "id": massage.pk,
        # Without as_of the engine judges the case on its last check-in's day, as the
        # assessment page does. A massage with no check-in yet has no logs: assess refuses it
        # until there is one.
        "case": massage_case(massage, checkins),
        "notes": massage.notes,
        "provider_type": massage.provider_type,
        "time": massage.time.isoformat() if massage.time else None,
        "checkins": [_checkin_part(checkin) for checkin in checkins],
    }


def export_data(user):
    """Everything ``user`` recorded, as JSON-ready data, in seven queries.

    The massages; their check-ins oldest first; those check-ins' symptoms, movement answers
    and feedback (one query each); their community stories; their replies.
    """
    checkins = CheckIn.objects.order_by("date", "created_at", "id").prefetch_related(
        "symptoms", "functions", "feedback"
    )
    massages = (
        Massage.objects.owned_by(user)
        .order_by("date", "id")
        .prefetch_related(Prefetch("checkins", queryset=checkins))
    )
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _when(timezone.now()),
        "account": {
            "email": user.email,
            "time_zone": user.time_zone,
            "date_joined": _when(user.date_joined),
        },
        "massages": [_massage_part(massage) for massage in massages],
        "stories": [_story_part(story) for story in user.stories.order_by("created_at", "id")],
        "replies": [
            _reply_part(reply)
            for reply in user.replies.select_related("story").order_by("created_at", "id")
        ],
    }


def _moderated_part(item):
    return {
        "text": item.body,
        "status": item.status,
        "hidden": item.hidden,
        "moderator_note": item.moderator_note,
        "created_at": _when(item.created_at),
        "decided_at": _when(item.decided_at) if item.decided_at else None,
    }


def _story_part(story):
    return {
        "id": story.pk,
        "title": story.title,
        "massage_type": story.massage_type,
        "patterns": list(story.patterns),
        **_moderated_part(story),
    }


def _reply_part(reply):
    return {"id": reply.pk, "story_title": reply.story.title, **_moderated_part(reply)}


def export_json(user):
    return json.dumps(export_data(user), indent=2, ensure_ascii=False)


def csv_cell(value):
    """One value as CSV text: codes as they are, booleans as yes/no, lists joined by ";"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = ";".join(str(item) for item in value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_records(user):
    """One tuple per symptom per check-in, in CSV_COLUMNS order, from one query.

    The join to the symptoms is a left join: a check-in without symptoms still gives one row,
    with the symptom columns empty, so no check-in is lost.
    """
    rows = (
        CheckIn.objects.owned_by(user)
        .order_by("massage__date", "massage_id", "date", "created_at", "id", "symptoms__id")
        .values_list(
            "massage__date",
            "massage__types",
            "date",
            "course",
            "symptoms__kind",
            "symptoms__region",
            "symptoms__side",
            "symptoms__nprs",
            "symptoms__at_rest",
            "symptoms__pressed_or_moved_only",
            "symptoms__sudden",
            "red_flags",
            "level",
            "notes",
        )
    )
    for massage_date, types, date, course, *symptom, red_flags, level, notes in rows.iterator(
        chunk_size=CSV_CHUNK_SIZE
    ):
        day = (date - massage_date).days
        yield (
            massage_date.isoformat(),
            types,
            date.isoformat(),
            day,
            course,
            *symptom,
            red_flags,
            level,
            notes,
        )


class _Echo:
    """A file-like object whose write() gives back the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def export_csv_lines(user):
    """The CSV file, line by line: the byte order mark and header first, then the records."""
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK + writer.writerow(CSV_COLUMNS)
    for record in csv_records(user):
        yield writer.writerow([csv_cell(value) for value in record])
