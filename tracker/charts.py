"""History charts of one massage: pain and movement over the days since it, with markers.

``history_for(massage)`` asks the database for everything already aggregated: the worst pain of
each region and side per day (or per week, month... when the history is long), the worst
movement grade per question and side, the doctor visits, the first EMG and the changes of
advice. Its cost does not grow with the number of check-ins: five queries, and at most
``MAX_POINTS`` points per line, so three years of daily check-ins still make a readable chart.

``Chart.svg(markers)`` draws a chart as inline SVG built with ``format_html`` (every text
escaped), coloured with presentation attributes only: the Content Security Policy forbids
``style=`` and ``<style>``, and attributes also print and render in WeasyPrint.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Max, Value, When
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .db import DaysSince
from .history_cache import history_facts
from .models import MOVEMENT_FIELDS, CheckIn, SideFunction, Symptom
from .triage import vocabulary as v
from .views.dashboard import level_changes

# Daily points up to four months; beyond that the smallest period that keeps a line under
# MAX_POINTS points (three years of daily check-ins: 157 weekly points).
DAILY_UP_TO_DAYS = 120
MAX_POINTS = 160
BUCKET_SIZES = (7, 14, 28, 91, 182, 364)
PERIOD_WORDS = {
    7: "a week",
    14: "two weeks",
    28: "four weeks",
    91: "three months",
    182: "six months",
    364: "a year",
}

# Short grade names for the movement chart's axis; worse is higher, like pain.
GRADE_AXIS = {0: "Easy", 1: "Harder", 2: "Great effort", 3: "Cannot"}
GRADE_WORDS = {0: "easy", 1: "harder", 2: "great effort", 3: "not possible"}
GRADE_STILL = {
    1: "still harder than the other side",
    2: "still only with great effort",
    3: "still not possible",
}
NO_VALUE = "\N{EM DASH}"  # nothing logged for this line on that day

MARKER_KINDS = ("massage", "doctor", "emg", "level")
# Marker lines: thin, each kind its own dash, label text in the same (dark enough) colour.
MARKER_STYLES = {
    "massage": ("#212529", ""),
    "doctor": ("#0b5c6b", "5 3"),
    "emg": ("#6f42c1", "8 3 2 3"),
    "level": ("#8a5a00", "2 3"),
}
MARKER_SHORT = {"massage": "Massage", "doctor": "Doctor", "emg": "EMG"}
MARKER_NAMES = {
    "massage": "the massage",
    "doctor": "doctor visits",
    "emg": "the EMG",
    "level": "changes of advice",
}
DESCRIBED_MARKERS = 8  # more are counted by kind in the chart's description
# Okabe-Ito-like colours darkened to a contrast of 4.5:1 or more on white, each with its own
# dash pattern and point shape, so that lines differ by more than colour.
SERIES_COLOURS = ("#0072b2", "#c4470a", "#007a5a", "#aa3377", "#3d3d3d", "#8a6a00")
SERIES_DASHES = ("", "9 4", "2 4", "12 4 3 4", "6 3")
SERIES_SHAPES = ("circle", "square", "triangle", "diamond", "triangle_down", "cross")
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
TEXT_COLOUR = "#343a40"
AXIS_COLOUR = "#6c757d"
GRID_COLOUR = "#e3e6e8"
TEXT_SIZE = 12
CHAR_WIDTH = 0.58  # of the font size: a fair average for the sans-serif fonts above


@dataclass(frozen=True)
class Marker:
    """Something that happened on a day: the massage, a doctor visit, the EMG, new advice."""

    day: int
    kind: str
    label: str
    short: str = ""

    @property
    def chart_label(self):
        return self.short or MARKER_SHORT.get(self.kind, self.label)


@dataclass
class Series:
    key: str
    label: str
    points: list[tuple[int, int]]

    @property
    def first(self):
        return self.points[0]

    @property
    def last(self):
        return self.points[-1]


@dataclass
class Chart:
    key: str
    title: str
    series: list[Series]
    bucket_days: int = 1
    x_max: int = 0
    y_max: int = 10
    y_labels: dict[int, str] = field(default_factory=dict)
    value_labels: dict[int, str] = field(default_factory=dict)
    what: str = ""
    summary: list[str] = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.series

    @property
    def days(self):
        return sorted({day for series in self.series for day, _ in series.points})

    @property
    def table_columns(self):
        return [period_heading(self.bucket_days), *(s.label for s in self.series)]

    @property
    def table_rows(self):
        by_series = [dict(s.points) for s in self.series]
        rows = []
        for day in self.days:
            cells = [self._value_text(values.get(day)) for values in by_series]
            rows.append([period_label(day, self.bucket_days), *cells])
        return rows

    @property
    def table_caption(self):
        period = {1: "each day", 7: "each week"}.get(
            self.bucket_days, f"every {self.bucket_days} days"
        )
        return f"{self.what}: the worst of {period}. {NO_VALUE} means nothing was logged."

    def _value_text(self, value):
        if value is None:
            return NO_VALUE
        return self.value_labels.get(value, str(value))

    def description(self, markers=()):
        names = "; ".join(s.label for s in self.series) or "no lines"
        text = (
            f"{self.what} over the days since the massage, from day 0 to day {self.x_max}, "
            f"one line each for: {names}."
        )
        if 0 < len(markers) <= DESCRIBED_MARKERS:
            marks = "; ".join(f"{m.label} on day {m.day}" for m in markers)
            text += f" Vertical lines mark: {marks}."
        elif markers:
            counts = Counter(m.kind for m in markers)
            kinds = ", ".join(f"{MARKER_NAMES[kind]} ({counts[kind]})" for kind in counts)
            text += f" Vertical lines mark: {kinds}."
        return text + " The table with the chart gives every value."

    def svg(self, markers, *, width=640, height=240, id_prefix=None) -> SafeString:
        """The chart as a complete ``<svg>`` element (a SafeString): axes, one line per
        series, the markers as labelled vertical lines, and a legend below ``height``."""
        return _ChartDrawing(self, markers, width, height, id_prefix or f"chart-{self.key}").svg()


@dataclass
class History:
    span_days: int
    bucket_days: int
    checkin_count: int
    pain: Chart
    movement: Chart
    markers: list[Marker]
    summary: list[str]  # every sentence: the intro, then each line's, then the advice
    overview: list[str] = field(default_factory=list)  # how long, how often, the advice
    current_level: str = ""  # the code of the latest check-in's level ("" before any)

    @property
    def charts(self):
        return [self.pain, self.movement]


def choose_bucket_days(span_days):
    """1 (daily) for up to DAILY_UP_TO_DAYS days, else the smallest period that keeps a line
    under MAX_POINTS points."""
    if span_days < DAILY_UP_TO_DAYS:
        return 1
    for size in BUCKET_SIZES:
        if span_days // size + 1 <= MAX_POINTS:
            return size
    return BUCKET_SIZES[-1] * (span_days // (BUCKET_SIZES[-1] * MAX_POINTS) + 1)


def period_heading(bucket_days):
    return "Day" if bucket_days == 1 else ("Week" if bucket_days == 7 else "Days")


def period_label(day, bucket_days):
    """The table's name of one point: "Day 21", "Week of day 350", "Days 364 to 391"."""
    if bucket_days == 1:
        return f"Day {day}"
    if bucket_days == 7:
        return f"Week of day {day}"
    return f"Days {day} to {day + bucket_days - 1}"


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
    changes = level_changes([massage.pk]).get(massage.pk, [])
    markers = history_markers(massage, bucket, facts["first_emg"], changes)
    intro = _intro(facts["count"], span, bucket)
    advice = [_advice_sentence(changes)] if changes else []
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
        summary=[_pain_sentence(s, last_point) for s in series],
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
        summary=[_movement_sentence(s, last_point) for s in series],
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


@dataclass(frozen=True)
class Trend:
    code: str  # better, same, worse, comes_and_goes
    word: str
    reason: str


def trend_of(latest_pain, previous_pain, course):
    """How things go, from the worst pain of the latest check-in against the one before; when
    the pain did not change (or is missing), from the latest "since last time" answer."""
    if latest_pain is not None and previous_pain is not None and latest_pain != previous_pain:
        code = "better" if latest_pain < previous_pain else "worse"
        reason = f"worst pain from {previous_pain} to {latest_pain} since the check-in before"
        return Trend(code, v.COURSES[code], reason)
    if course in v.COURSES:
        return Trend(course, v.COURSES[course], "your answer at the latest check-in")
    if latest_pain is not None and previous_pain is not None:
        return Trend("same", v.COURSES["same"], f"worst pain stayed at {latest_pain}")
    return None


def _intro(count, span, bucket_days):
    if not count:
        return ["No check-ins yet."]
    checkins = f"{count} check-in{'s' if count != 1 else ''}"
    days = f"{span} day{'s' if span != 1 else ''}"
    sentences = [f"{checkins} over {days} since the massage."]
    if bucket_days > 1:
        period = PERIOD_WORDS.get(bucket_days, f"{bucket_days} days")
        sentences.append(f"Each point shows the worst of {period}.")
    return sentences


def _not_logged_since(series, last_point):
    day = series.last[0]
    return f"; not logged after day {day}" if day < last_point else ""


def _pain_sentence(series, last_point):
    """ "Top of the shoulder (your left): pain went from 6 to 3 over 21 days"."""
    (first_day, first), (last_day, last) = series.first, series.last
    if len(series.points) == 1:
        text = f"pain {first} on day {first_day}"
    else:
        days = last_day - first_day
        if first == last:
            text = f"pain stayed at {first} over {days} days"
        else:
            text = f"pain went from {first} to {last} over {days} days"
    return f"{series.label}: {text}{_not_logged_since(series, last_point)}"


def _movement_sentence(series, last_point):
    """ "Lift arm out to the side (your left): got easier, from great effort to harder"."""
    (first_day, first), (_, last) = series.first, series.last
    if len(series.points) == 1:
        text = f"{GRADE_WORDS[first]} on day {first_day}"
    elif last < first:
        text = f"got easier, from {GRADE_WORDS[first]} to {GRADE_WORDS[last]}"
    elif last > first:
        text = f"got harder, from {GRADE_WORDS[first]} to {GRADE_WORDS[last]}"
    elif last == 0:
        text = "easy all along"
    else:
        text = GRADE_STILL[last]
    return f"{series.label}: {text}{_not_logged_since(series, last_point)}"


def _advice_sentence(changes):
    latest = changes[-1]["label"]
    count = len(changes) - 1  # the first level is where the advice started, not a change
    if not count:
        return f"Advice: {latest}."
    times = {1: "once", 2: "twice"}.get(count, f"{count} times")
    return f"Advice now: {latest} (it changed {times})."


# Drawing ---------------------------------------------------------------------------------


def _join(parts):
    return format_html_join("", "{}", ((part,) for part in parts))


def _n(number):
    return f"{number:.1f}".rstrip("0").rstrip(".")


def _text_width(text, size=TEXT_SIZE):
    return len(text) * size * CHAR_WIDTH


def _nice_step(x_max, max_ticks):
    """Days between x axis labels: whole weeks once the chart spans two weeks."""
    steps = (1, 2, 5, 7) if x_max < 14 else (7, 14, 28, 56, 91, 182, 364, 728)
    for step in steps:
        if x_max // step + 1 <= max_ticks:
            return step
    return 364 * math.ceil(x_max / (364 * max(max_ticks - 1, 1)))


class _ChartDrawing:
    """The geometry of one chart at one size; every text goes through format_html."""

    MARKER_ROWS = 3
    ROW_HEIGHT = 15
    BOTTOM = 42
    RIGHT = 18
    LEGEND_ROW = 22

    def __init__(self, chart, markers, width, height, id_prefix):
        self.chart = chart
        self.markers = list(markers)
        self.width = width
        self.id = id_prefix
        label_width = max((_text_width(t) for t in chart.y_labels.values()), default=12)
        self.left = math.ceil(label_width) + 14
        self.plot_w = width - self.left - self.RIGHT
        self.x_max = max(chart.x_max, *(m.day for m in self.markers), 1)
        self.labels = self.place_marker_labels()
        rows = max((row for *_, row in self.labels), default=0) + 1
        self.top = rows * self.ROW_HEIGHT + 12
        self.plot_h = max(height - self.top - self.BOTTOM, 60)
        self.height = height

    def x(self, day):
        return self.left + 8 + (self.plot_w - 16) * day / self.x_max

    def y(self, value):
        return self.top + 8 + (self.plot_h - 16) * (1 - value / self.chart.y_max)

    def svg(self):
        legend, legend_height = self.legend()
        total_height = self.height + legend_height
        return format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
            'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
            'aria-labelledby="{id}-title {id}-desc" font-family="{font}" font-size="{size}" '
            'fill="{text}">'
            '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
            "{grid}{markers}{series}{legend}</svg>",
            w=self.width,
            h=_n(total_height),
            id=self.id,
            font=FONT,
            size=TEXT_SIZE,
            text=TEXT_COLOUR,
            title=f"{self.chart.title} over the days since the massage",
            desc=self.chart.description(self.markers),
            grid=self.grid(),
            markers=self.marker_lines(),
            series=_join(self.series_lines()),
            legend=legend,
        )

    def grid(self):
        parts = []
        right = self.left + self.plot_w
        bottom = self.top + self.plot_h
        for value, text in self.chart.y_labels.items():
            y = self.y(value)
            parts.append(
                format_html(
                    '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="1"/>'
                    '<text x="{}" y="{}" text-anchor="end">{}</text>',
                    self.left,
                    right,
                    GRID_COLOUR,
                    self.left - 6,
                    _n(y + 4),
                    text,
                    y=_n(y),
                )
            )
        label_width = _text_width(f"day {self.x_max}") + 10
        max_ticks = max(2, int((self.plot_w + label_width) // label_width))
        step = _nice_step(self.x_max, max_ticks)
        for day in range(0, self.x_max + 1, step):
            x = self.x(day)
            # A label never runs off the drawing: the last one moves left if it must.
            half = _text_width(f"day {day}") / 2
            text_x = min(max(x, half + 2), self.width - half - 2)
            parts.append(
                format_html(
                    '<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}" stroke-width="1"/>'
                    '<text x="{}" y="{}" text-anchor="middle">day {}</text>',
                    bottom,
                    bottom + 5,
                    AXIS_COLOUR,
                    _n(text_x),
                    bottom + 18,
                    day,
                    x=_n(x),
                )
            )
        parts.append(
            format_html(
                '<path d="M{l} {t} V{b} H{r}" fill="none" stroke="{c}" stroke-width="1"/>'
                '<text x="{mid}" y="{ty}" text-anchor="middle" fill="{muted}">'
                "Days since the massage</text>",
                l=self.left,
                t=self.top,
                b=bottom,
                r=right,
                c=AXIS_COLOUR,
                mid=_n(self.left + self.plot_w / 2),
                ty=bottom + 35,
                muted="#495057",
            )
        )
        return _join(parts)

    def place_marker_labels(self):
        """Each marker's label goes in the first of three rows above the plot where it does
        not overlap another; a label that fits nowhere is left out (its line stays, and the
        list beside the chart names every marker). Returns (text, colour, x, anchor, row)."""
        placed = []
        row_ends = [-math.inf] * self.MARKER_ROWS
        for marker in self.markers:
            colour, _ = MARKER_STYLES.get(marker.kind, MARKER_STYLES["level"])
            x = self.x(min(max(marker.day, 0), self.x_max))
            text = marker.chart_label
            width = _text_width(text, 11)
            if x + 3 + width <= self.width - 2:
                start, anchor, tx = x, "start", x + 3
            else:
                start, anchor, tx = x - 3 - width, "end", x - 3
            for row in range(self.MARKER_ROWS):
                if start >= row_ends[row] + 4:
                    row_ends[row] = start + width + 3
                    placed.append((text, colour, tx, anchor, row))
                    break
        return placed

    def marker_lines(self):
        """A vertical line per marker, labelled above the plot."""
        lines = []
        bottom = self.top + self.plot_h
        for marker in self.markers:
            colour, dash = MARKER_STYLES.get(marker.kind, MARKER_STYLES["level"])
            x = self.x(min(max(marker.day, 0), self.x_max))
            lines.append(
                format_html(
                    '<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}" stroke-width="1.5" '
                    'stroke-dasharray="{}"><title>{}</title></line>',
                    self.top - 4,
                    bottom,
                    colour,
                    dash or "none",
                    f"Day {marker.day}: {marker.label}",
                    x=_n(x),
                )
            )
        labels = (
            format_html(
                '<text x="{}" y="{}" text-anchor="{}" font-size="11" fill="{}">{}</text>',
                _n(tx),
                12 + row * self.ROW_HEIGHT,
                anchor,
                colour,
                text,
            )
            for text, colour, tx, anchor, row in self.labels
        )
        return format_html('<g class="markers">{}{}</g>', _join(lines), _join(labels))

    def series_lines(self):
        # Shapes closer than 16px would blur into a thick band: they then sit on every n-th
        # point only (the line keeps them all).
        for index, series in enumerate(self.chart.series):
            colour, dash, shape = series_style(index)
            coords = [(self.x(day), self.y(value)) for day, value in series.points]
            every = max(1, math.ceil(len(coords) * 16 / self.plot_w))
            shapes = _join(
                _shape(shape, x, y, colour) for i, (x, y) in enumerate(coords) if i % every == 0
            )
            yield format_html(
                '<g class="series" data-series="{}"><title>{}</title>'
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" '
                'stroke-dasharray="{}" stroke-linejoin="round" stroke-linecap="round"/>'
                "{}</g>",
                series.key,
                series.label,
                " ".join(f"{_n(x)},{_n(y)}" for x, y in coords),
                colour,
                dash or "none",
                shapes,
            )

    def legend(self):
        """One entry per series (line sample, point shape, label), in as many columns as fit."""
        series = self.chart.series
        if not series:
            return "", 0
        entry_width = 44 + max(_text_width(s.label) for s in series)
        columns = max(1, min(len(series), int((self.width - 16) // (entry_width + 12))))
        column_width = min((self.width - 16) / columns, entry_width + 28)
        rows = math.ceil(len(series) / columns)
        top = self.height + 4
        parts = []
        for index, item in enumerate(series):
            colour, dash, shape = series_style(index)
            x = 8 + (index % columns) * column_width
            y = top + (index // columns) * self.LEGEND_ROW + 10
            parts.append(
                format_html(
                    '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="2.5" '
                    'stroke-dasharray="{}" stroke-linecap="round"/>{}'
                    '<text x="{}" y="{}">{}</text>',
                    _n(x),
                    _n(x + 32),
                    colour,
                    dash or "none",
                    _shape(shape, x + 16, y, colour),
                    _n(x + 40),
                    _n(y + 4),
                    item.label,
                    y=_n(y),
                )
            )
        return format_html('<g class="legend">{}</g>', _join(parts)), rows * self.LEGEND_ROW + 8


def marker_swatch(kind):
    """A short sample of a marker's line, for a list that explains the chart's lines."""
    colour, dash = MARKER_STYLES.get(kind, MARKER_STYLES["level"])
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="marker-swatch" width="12" height="24" '
        'viewBox="0 0 12 24" aria-hidden="true" focusable="false">'
        '<line x1="6" y1="0" x2="6" y2="24" stroke="{}" stroke-width="2" '
        'stroke-dasharray="{}"/></svg>',
        colour,
        dash or "none",
    )


def series_style(index):
    """Colour, dash pattern and point shape of the n-th line: never colour alone."""
    return (
        SERIES_COLOURS[index % len(SERIES_COLOURS)],
        SERIES_DASHES[index % len(SERIES_DASHES)],
        SERIES_SHAPES[index % len(SERIES_SHAPES)],
    )


def _shape(shape, x, y, colour, size=4.5):
    s = size
    if shape == "circle":
        return format_html(
            '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#fff" stroke-width="1"/>',
            _n(x),
            _n(y),
            _n(s),
            colour,
        )
    if shape == "square":
        return format_html(
            '<rect x="{}" y="{}" width="{w}" height="{w}" fill="{}" stroke="#fff" '
            'stroke-width="1"/>',
            _n(x - s),
            _n(y - s),
            colour,
            w=_n(2 * s),
        )
    if shape == "cross":
        return format_html(
            '<path d="M{a} {b}L{c} {d}M{a} {d}L{c} {b}" stroke="{}" stroke-width="2.5"/>',
            colour,
            a=_n(x - s),
            b=_n(y - s),
            c=_n(x + s),
            d=_n(y + s),
        )
    corners = {
        "triangle": ((0, -1.25), (1.15, 0.85), (-1.15, 0.85)),
        "triangle_down": ((0, 1.25), (1.15, -0.85), (-1.15, -0.85)),
        "diamond": ((0, -1.35), (1.2, 0), (0, 1.35), (-1.2, 0)),
    }[shape]
    points = " ".join(f"{_n(x + dx * s)},{_n(y + dy * s)}" for dx, dy in corners)
    return format_html(
        '<polygon points="{}" fill="{}" stroke="#fff" stroke-width="1"/>', points, colour
    )
