"""The history of one massage from the database, already aggregated: the worst pain of each
region and side per day (or per week, month... when the history is long), the worst movement
grade per question and side, the doctor visits, the first EMG and the changes of advice. Its
cost does not grow with the number of check-ins: five queries, and at most ``MAX_POINTS``
points per line, so three years of daily check-ins still make a readable chart."""

from collections import defaultdict

from django.db.models import Case, IntegerField, Max, Value, When

from ..db import DaysSince
from ..history_cache import history_facts
from ..models import MOVEMENT_FIELDS, CheckIn, SideFunction, Symptom
from ..triage import vocabulary as v
from .sentences import (
    GRADE_AXIS,
    advice_sentence,
    intro_sentences,
    movement_sentence,
    pain_sentence,
)
from .shapes import MARKER_KINDS, Chart, History, Marker, Series

# Daily points up to four months; beyond that the smallest period that keeps a line under
# MAX_POINTS points (three years of daily check-ins: 157 weekly points).
DAILY_UP_TO_DAYS = 120


MAX_POINTS = 160


BUCKET_SIZES = (7, 14, 28, 91, 182, 364)


def choose_bucket_days(span_days):
    """1 (daily) for up to DAILY_UP_TO_DAYS days, else the smallest period that keeps a line
    under MAX_POINTS points."""
    if span_days < DAILY_UP_TO_DAYS:
        return 1
    for size in BUCKET_SIZES:
        if span_days // size + 1 <= MAX_POINTS:
            return size
    return BUCKET_SIZES[-1] * (span_days // (BUCKET_SIZES[-1] * MAX_POINTS) + 1)


def _day_bucket(date_field, start, bucket_days):
    """Days since ``start``, rounded down to the start of its period, computed in SQL."""
    days = DaysSince(date_field, start)
    if bucket_days == 1:
        return days
    return days / Value(bucket_days) * Value(bucket_days)


def history_for(massage, facts=None):
    """Everything the history page and the report show, in five queries whatever the history:
    the span and first EMG (``history_facts``, unless given), the pain points, the movement
    points, the doctor visits, and the changes of advice."""
    if facts is None:
        facts = history_facts(massage)
    span = (facts["last"] - massage.date).days if facts["last"] else 0
    bucket = choose_bucket_days(span)
    last_point = span // bucket * bucket
    pain = pain_chart(massage, bucket, x_max=span, last_point=last_point)
    movement = movement_chart(massage, bucket, x_max=span, last_point=last_point)
    changes = massage.checkins.level_changes().get(massage.pk, [])
    markers = history_markers(massage, bucket, facts["first_emg"], changes)
    intro = intro_sentences(facts["count"], span, bucket)
    advice = [advice_sentence(changes)] if changes else []
    return History(
        span_days=span,
        bucket_days=bucket,
        checkin_count=facts["count"],
        pain=pain,
        movement=movement,
        markers=markers,
        summary=intro + pain.summary + movement.summary + advice,
        overview=intro + advice,
        current_level=changes[-1]["level"] if changes else "",
    )


def pain_chart(massage, bucket_days, *, x_max, last_point):
    """The worst pain (0-10) per region and side and day (or period): one GROUP BY query."""
    rows = (
        Symptom.objects.filter(checkin__massage=massage, nprs__isnull=False)
        .annotate(day=_day_bucket("checkin__date", massage.date, bucket_days))
        .values("region", "side", "day")
        .annotate(worst=Max("nprs"))
        .order_by()
    )
    points = defaultdict(list)
    for row in rows:
        points[(row["region"], row["side"])].append((row["day"], row["worst"]))
    region_order = {code: i for i, code in enumerate(v.REGION_CODES)}
    side_order = {"left": 0, "right": 1, "midline": 2}
    keys = sorted(points, key=lambda k: (region_order.get(k[0], 999), side_order.get(k[1], 9)))
    series = [
        Series(f"{region}-{side}", v.where(region, side), sorted(points[(region, side)]))
        for region, side in keys
    ]
    return Chart(
        key="pain",
        title="Pain",
        series=series,
        bucket_days=bucket_days,
        x_max=x_max,
        y_max=10,
        y_labels={n: str(n) for n in range(0, 11, 2)},
        what="Pain from 0 (none) to 10 (worst imaginable)",
        summary=[pain_sentence(s, last_point) for s in series],
    )


def _grade(field_name):
    """A movement answer as its grade (easy 0 ... cannot 3); "not tried" and blank: none."""
    whens = [
        When(**{field_name: code}, then=Value(n)) for code, n in v.MOVEMENT_GRADE_ORDER.items()
    ]
    return Case(*whens, default=None, output_field=IntegerField())


def movement_chart(massage, bucket_days, *, x_max, last_point):
    """The worst grade of each movement question per side and day (or period): one query."""
    rows = (
        SideFunction.objects.filter(checkin__massage=massage)
        .annotate(day=_day_bucket("checkin__date", massage.date, bucket_days))
        .values("side", "day")
        .annotate(**{f"worst_{name}": Max(_grade(name)) for name in MOVEMENT_FIELDS})
        .order_by()
    )
    points = defaultdict(list)
    for row in rows:
        for name in MOVEMENT_FIELDS:
            if row[f"worst_{name}"] is not None:
                points[(name, row["side"])].append((row["day"], row[f"worst_{name}"]))
    keys = sorted(points, key=lambda k: (MOVEMENT_FIELDS.index(k[0]), k[1]))
    series = [
        Series(
            f"{name}-{side}",
            f"{v.MOVEMENT_SHORT[name]} ({v.label(v.SIDES, side)})",
            sorted(points[(name, side)]),
        )
        for name, side in keys
    ]
    return Chart(
        key="movement",
        title="Movement and strength",
        series=series,
        bucket_days=bucket_days,
        x_max=x_max,
        y_max=3,
        y_labels=GRADE_AXIS,
        value_labels=GRADE_AXIS,
        what="How hard each movement was, from easy to cannot",
        summary=[movement_sentence(s, last_point) for s in series],
    )


def history_markers(massage, bucket_days, first_emg, changes):
    """The massage (day 0), doctor visits (one per day or period: one query), the first EMG
    and each change of advice (the last one of a period when the points are periods)."""
    markers = [Marker(0, "massage", "Massage")]
    visits = (
        CheckIn.objects.filter(massage=massage, seen_doctor=True)
        .annotate(day=_day_bucket("date", massage.date, bucket_days))
        .values_list("day", flat=True)
        .distinct()
        .order_by("day")
    )
    markers += [Marker(day, "doctor", "Saw a doctor") for day in visits]
    if first_emg:
        markers.append(Marker((first_emg - massage.date).days, "emg", "EMG (nerve test) done"))
    levels = []
    for change in changes:
        day = (change["date"] - massage.date).days // bucket_days * bucket_days
        if levels and levels[-1].day == day:
            levels.pop()
        if levels and levels[-1].short == change["label"]:
            continue
        levels.append(Marker(day, "level", f"Advice: {change['label']}", change["label"]))
    markers += levels
    return sorted(markers, key=lambda m: (m.day, MARKER_KINDS.index(m.kind)))
