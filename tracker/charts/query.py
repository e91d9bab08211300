"""The history of one massage from the database, already aggregated: the worst pain of each
region and side per day (or per week, month... when the history is long), the worst movement
grade per question and side, the signs that matter for the nerves per side (weakness, numbness
or tingling, a lower shoulder, a shoulder blade that sticks out), the doctor visits, the first
EMG, the changes of advice and the emergencies. Its cost does not grow with the number of
check-ins: five queries, and at most ``MAX_POINTS`` points per line, so three years of daily
check-ins still make a readable chart."""

from collections import defaultdict

from django.db.models import Case, IntegerField, Max, Q, Value, When

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
    sign_sentence,
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


# The signs drawn on the signs chart, in its order, with their row names.
SIGNS = {
    "weakness": "Weakness",
    "numbness": "Numbness or tingling",
    "shoulder_lower": "Shoulder lower than the other",
    "blade_sticks_out": "Shoulder blade sticks out",
}


# Symptoms that are signs, by sign.
SIGN_SYMPTOMS = {"weakness": ("weakness",), "numbness": ("numbness", "tingling")}


# Yes/no answers of a side that say it is weak (a weak movement answer says so too).
WEAKNESS_ANSWERS = ("shrug_weaker", "grip_weak", "whole_limb_weak")


SIDE_ORDER = {"left": 0, "right": 1, "midline": 2}


EMERGENCY = "EMERGENCY_NOW"


EMERGENCY_LABEL = f"Emergency advice: {v.LEVELS[EMERGENCY].lower()}"


def history_for(massage, facts=None):
    """Everything the history page and the report show, in five queries whatever the history:
    the span and first EMG (``history_facts``, unless given), the symptoms (pain and signs),
    the answers of each side (movement and signs), the doctor visits, and the changes of
    advice."""
    if facts is None:
        facts = history_facts(massage)
    span = (facts["last"] - massage.date).days if facts["last"] else 0
    bucket = choose_bucket_days(span)
    last_point = span // bucket * bucket
    symptoms = symptom_rows(massage, bucket)
    sides = side_rows(massage, bucket)
    pain = pain_chart(symptoms, bucket, x_max=span, last_point=last_point)
    movement = movement_chart(sides, bucket, x_max=span, last_point=last_point)
    signs = signs_chart(symptoms, sides, bucket, x_max=span, last_point=last_point)
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
        signs=signs,
    )


def _flag(condition):
    """1 where ``condition`` holds, else none: its Max over a group says "yes at least once"."""
    return Case(When(condition, then=Value(1)), default=None, output_field=IntegerField())


def _yes_no(field_name):
    """A yes/no answer as 1 or 0; not answered: none."""
    return Case(
        When(**{field_name: True}, then=Value(1)),
        When(**{field_name: False}, then=Value(0)),
        default=None,
        output_field=IntegerField(),
    )


def symptom_rows(massage, bucket_days):
    """Per region, side and day (or period), the worst pain and whether weakness, numbness or
    tingling was felt: one GROUP BY query for the pain chart and the signs chart."""
    kinds = [kind for group in SIGN_SYMPTOMS.values() for kind in group]
    return list(
        Symptom.objects.filter(checkin__massage=massage)
        .filter(Q(nprs__isnull=False) | Q(kind__in=kinds))
        .annotate(day=_day_bucket("checkin__date", massage.date, bucket_days))
        .values("region", "side", "day")
        .annotate(
            worst=Max("nprs"),
            **{sign: Max(_flag(Q(kind__in=group))) for sign, group in SIGN_SYMPTOMS.items()},
        )
        .order_by()
    )


def pain_chart(rows, bucket_days, *, x_max, last_point):
    """The worst pain (0-10) per region and side and day (or period)."""
    points = defaultdict(list)
    for row in rows:
        if row["worst"] is not None:
            points[(row["region"], row["side"])].append((row["day"], row["worst"]))
    region_order = {code: i for i, code in enumerate(v.REGION_CODES)}
    keys = sorted(points, key=lambda k: (region_order.get(k[0], 999), SIDE_ORDER.get(k[1], 9)))
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


def side_rows(massage, bucket_days):
    """Per side and day (or period), the worst grade of each movement question and each sign
    answered yes or no: one GROUP BY query for the movement chart and the signs chart."""
    signs = (*WEAKNESS_ANSWERS, "shoulder_lower", "blade_sticks_out")
    return list(
        SideFunction.objects.filter(checkin__massage=massage)
        .annotate(day=_day_bucket("checkin__date", massage.date, bucket_days))
        .values("side", "day")
        .annotate(
            **{f"worst_{name}": Max(_grade(name)) for name in MOVEMENT_FIELDS},
            **{f"sign_{name}": Max(_yes_no(name)) for name in signs},
        )
        .order_by()
    )


def movement_chart(rows, bucket_days, *, x_max, last_point):
    """The worst grade of each movement question per side and day (or period)."""
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


def signs_chart(symptoms, sides, bucket_days, *, x_max, last_point):
    """Per sign and side, 1 for each day (or period) it was there and 0 where the only
    answers were no: weakness (a weakness symptom, a weaker shrug, a weak grip, a weak arm or
    leg, or a movement harder than easy), numbness or tingling, a lower shoulder, a shoulder
    blade that sticks out. From the rows of the pain and movement charts: no query of its own.
    """
    values = defaultdict(dict)

    def note(sign, side, day, value):
        if value is not None:
            days = values[(sign, side)]
            days[day] = max(days.get(day, value), value)

    for row in symptoms:
        for sign in SIGN_SYMPTOMS:
            note(sign, row["side"], row["day"], row[sign])
    for row in sides:
        grades = [row[f"worst_{name}"] for name in MOVEMENT_FIELDS]
        answers = [row[f"sign_{name}"] for name in WEAKNESS_ANSWERS]
        weak = [min(grade, 1) for grade in grades if grade is not None]
        weak += [answer for answer in answers if answer is not None]
        note("weakness", row["side"], row["day"], max(weak, default=None))
        for sign in ("shoulder_lower", "blade_sticks_out"):
            note(sign, row["side"], row["day"], row[f"sign_{sign}"])
    order = list(SIGNS)
    keys = sorted(values, key=lambda k: (order.index(k[0]), SIDE_ORDER.get(k[1], 9)))
    series = [
        Series(
            f"{sign}-{side}",
            f"{SIGNS[sign]} ({v.label(v.SIDES, side)})",
            sorted(values[(sign, side)].items()),
        )
        for sign, side in keys
    ]
    return Chart(
        key="signs",
        title="Signs to watch",
        series=series,
        bucket_days=bucket_days,
        x_max=x_max,
        y_max=1,
        value_labels={1: "Yes", 0: "No"},
        what="Weakness, numbness or tingling, a lower shoulder, a shoulder blade that sticks out",
        summary=[sign_sentence(s, bucket_days, last_point) for s in series],
        kind="strip",
        explanation=(
            "Signs that can point to an injured nerve, on each side. Weakness counts a "
            "weakness you noted, a weaker shrug, a weak grip, a weak arm or leg, and any "
            "movement that was harder than easy."
        ),
    )


def history_markers(massage, bucket_days, first_emg, changes):
    """The massage (day 0), doctor visits (one per day or period: one query), the first EMG,
    each change of advice (the last one of a period when the points are periods), and each
    time the advice became "get emergency help now": never hidden by a later change in the
    same period, and drawn unlike the others."""
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
    emergencies = []
    for change in changes:
        day = (change["date"] - massage.date).days // bucket_days * bucket_days
        if change["level"] == EMERGENCY and not (emergencies and emergencies[-1].day == day):
            emergencies.append(Marker(day, "emergency", EMERGENCY_LABEL, change["label"]))
        if levels and levels[-1].day == day:
            levels.pop()
        if levels and levels[-1].short == change["label"]:
            continue
        levels.append(Marker(day, "level", f"Advice: {change['label']}", change["label"]))
    # The changes to and from an emergency decide what the other advice markers say; the
    # emergencies themselves are their own markers.
    markers += [m for m in levels if m.short != v.LEVEL_SHORT[EMERGENCY]] + emergencies
    return sorted(markers, key=lambda m: (m.day, MARKER_KINDS.index(m.kind)))
