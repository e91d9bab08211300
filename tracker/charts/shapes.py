"""What a history chart is: its lines (``Series``), the days it marks (``Marker``), the chart
with its data table and text alternative (``Chart``), and the whole history (``History``).
Drawing it is ``drawing.py``'s; the numbers come from ``query.py``."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from .drawing import ChartDrawing
from .sentences import period_heading, period_label

NO_VALUE = "\N{EM DASH}"  # nothing logged for this line on that day


MARKER_KINDS = ("massage", "doctor", "emg", "level")


MARKER_SHORT = {"massage": "Massage", "doctor": "Doctor", "emg": "EMG"}


MARKER_NAMES = {
    "massage": "the massage",
    "doctor": "doctor visits",
    "emg": "the EMG",
    "level": "changes of advice",
}


DESCRIBED_MARKERS = 8  # more are counted by kind in the chart's description


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
        return ChartDrawing(self, markers, width, height, id_prefix or f"chart-{self.key}").svg()


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
