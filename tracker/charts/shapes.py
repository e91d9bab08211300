"""What a history chart is: its lines (``Series``), the days it marks (``Marker``), the chart
with its data table and text alternative (``Chart``), and the whole history (``History``).
Drawing it is ``drawing.py``'s; the numbers come from ``query.py``."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from .drawing import ChartDrawing
from .sentences import period_heading, period_label
from .strip import StripDrawing

NO_VALUE = "\N{EM DASH}"  # nothing logged for this line on that day


# The order of markers on one day; "emergency" is a check-in whose advice was to get
# emergency help now, kept apart from the other changes of advice ("level").
MARKER_KINDS = ("massage", "emergency", "doctor", "emg", "level")


MARKER_SHORT = {"massage": "Massage", "emergency": "Emergency", "doctor": "Doctor", "emg": "EMG"}


MARKER_NAMES = {
    "massage": "the massage",
    "emergency": "emergency advice",
    "doctor": "doctor visits",
    "emg": "the EMG",
    "level": "changes of advice",
}


DESCRIBED_MARKERS = 8  # more are counted by kind in the chart's description


@dataclass(frozen=True)
class Marker:
    """Something that happened on a day: the massage, emergency advice, a doctor visit, the
    EMG, new advice."""

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
    """A chart of lines (``kind="lines"``: a value per day, higher is worse) or a strip chart
    (``kind="strip"``: a row per series, its values 1 for yes and 0 for no)."""

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
    kind: str = "lines"
    explanation: str = ""  # a sentence said before the chart, when it needs one

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
        if self.kind == "strip":
            return (
                f"{self.what}, {period}: Yes if it was there at any check-in, No if the answer "
                f"was no. {NO_VALUE} means it was not asked or not logged."
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
            f"one {'row' if self.kind == 'strip' else 'line'} each for: {names}."
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
        """The chart as a complete ``<svg>`` element (a SafeString): axes, one line (or row)
        per series, the markers as labelled vertical lines, and a legend below ``height`` (a
        strip chart is as tall as its rows need)."""
        drawing = StripDrawing if self.kind == "strip" else ChartDrawing
        return drawing(self, markers, width, height, id_prefix or f"chart-{self.key}").svg()


@dataclass
class History:
    span_days: int
    bucket_days: int
    checkin_count: int
    pain: Chart
    movement: Chart
    markers: list[Marker]
    summary: list[str]  # the intro, then each pain and movement line's sentence, the advice
    overview: list[str] = field(default_factory=list)  # how long, how often, the advice
    current_level: str = ""  # the code of the latest check-in's level ("" before any)
    # Weakness, numbness, a lower shoulder, a shoulder blade that sticks out: per side and day.
    # Its sentences are in signs.summary; summary keeps the ones it always had.
    signs: Chart | None = None

    @property
    def charts(self):
        return [self.pain, self.movement, *([self.signs] if self.signs else [])]
