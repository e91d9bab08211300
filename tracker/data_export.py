"""A person's own copy of everything they recorded: JSON (complete) and CSV (for spreadsheets).

The JSON holds each massage as a triage case (spec/triage.md section 3), so that any one of them
can be fed as it is to ``manage.py assess``, plus what the case format does not hold: notes, the
provider, the time of the massage, when each check-in was made, the stored assessments and the
"doesn't fit me" feedback. The CSV is one row per symptom per check-in, with the movement
answers of each side, every code as stored and beside it a column of the same in plain words.

Both read the person's records in a fixed number of queries, whatever the length of their
history: the JSON with prefetching, the CSV as one joined query read in chunks (each side's
movement answers joined as a column group of their own, so they never multiply the rows).
"""

import csv
import json

from django.db.models import FilteredRelation, Prefetch, Q
from django.utils import timezone

from .case_export import massage_case
from .models import MOVEMENT_FIELDS, SIGN_FIELDS, CheckIn, Massage
from .triage import vocabulary as v

EXPORT_FORMAT = "massagecare-export"
EXPORT_VERSION = 1

REGION_LABELS = {region.code: region.label for region in v.REGIONS}
# The CSV's columns: (name, the plain words of its codes, or None where the value is already
# plain: a date, a number, yes/no, a note). A column with words is followed by
# "<name>_in_words". Lists of codes are joined by ";", their words by "; ".
CHECKIN_COLUMNS = (
    ("massage_date", None),
    ("massage_types", v.MASSAGE_TYPES),
    ("checkin_date", None),
    ("day_since_massage", None),
    ("course", v.COURSES),
    ("symptom_kind", v.SYMPTOM_KINDS),
    ("region", REGION_LABELS),
    ("side", v.SIDES),
    ("pain_0_10", None),
    ("at_rest", None),
    ("pressed_or_moved_only", None),
    ("sudden", None),
    ("red_flags", v.RED_FLAGS),
    ("level", v.LEVELS),
    ("weakness_type", v.WEAKNESS_TYPES),
    ("neck_move_or_cough_provokes_arm", None),
    ("overhead_or_dangling_provokes", None),
    ("seen_doctor", None),
    ("emg_done", None),
)
# The movement answers of one side (tracker.models.SideFunction): an empty cell is "not asked
# or not answered", kept apart from "no".
SIDE_COLUMNS = (
    *((name, v.MOVEMENT_GRADES) for name in MOVEMENT_FIELDS),
    *((name, None) for name in SIGN_FIELDS),
    ("blade_visible_when", v.BLADE_VISIBLE_WHEN),
    ("limb_swollen_with", v.LIMB_SWOLLEN_WITH),
)
COLUMNS = (
    *CHECKIN_COLUMNS,
    *((f"{side}_{name}", words) for side in v.LATERAL_SIDES for name, words in SIDE_COLUMNS),
    ("notes", None),
)
WORDS_SUFFIX = "_in_words"
CSV_COLUMNS = tuple(
    heading
    for name, words in COLUMNS
    for heading in ((name, name + WORDS_SUFFIX) if words else (name,))
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


def csv_words(words, value):
    """The plain words of a code, or of a list of codes joined by "; " ("" when not answered)."""
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        return "; ".join(v.label(words, code) for code in value)
    return v.label(words, value)


def csv_records(user):
    """One tuple per symptom per check-in, in CSV_COLUMNS order, from one query.

    The join to the symptoms is a left join: a check-in without symptoms still gives one row,
    with the symptom columns empty, so no check-in is lost. Each side's movement answers are a
    left join of their own, filtered to that side (at most one row each: a constraint), so they
    add columns, never rows.
    """
    side_values = [
        f"{side}_answers__{name}" for side in v.LATERAL_SIDES for name, _words in SIDE_COLUMNS
    ]
    rows = (
        CheckIn.objects.owned_by(user)
        .annotate(
            **{
                f"{side}_answers": FilteredRelation("functions", condition=Q(functions__side=side))
                for side in v.LATERAL_SIDES
            }
        )
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
            "weakness_type",
            "neck_move_or_cough_provokes_arm",
            "overhead_or_dangling_provokes",
            "seen_doctor",
            "emg_done",
            *side_values,
            "notes",
        )
    )
    for massage_date, types, date, *answers in rows.iterator(chunk_size=CSV_CHUNK_SIZE):
        values = (
            massage_date.isoformat(),
            types,
            date.isoformat(),
            (date - massage_date).days,
            *answers,
        )
        record = []
        for (_name, words), value in zip(COLUMNS, values, strict=True):
            record.append(value)
            if words:
                record.append(csv_words(words, value))
        yield tuple(record)


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
