"""A chart drawn as inline SVG built with ``format_html`` (every text escaped), coloured with
presentation attributes only: the Content Security Policy forbids ``style=`` and ``<style>``,
and attributes also print and render in WeasyPrint."""

import math

from django.utils.html import format_html, format_html_join

from .labels import Line, place_labels

# Marker lines: each kind its own colour, dash and width, its label text in the same (dark
# enough) colour. An emergency is the one thick solid line, with a bold label: it differs from a
# doctor visit (thin, dashed) by more than colour.
MARKER_STYLES = {
    "massage": ("#212529", "", 1.5),
    "emergency": ("#c1121f", "", 3),
    "doctor": ("#0b5c6b", "5 3", 1.5),
    "emg": ("#6f42c1", "8 3 2 3", 1.5),
    "level": ("#8a5a00", "2 3", 1.5),
}


# Which of the markers of one day has its label placed first.
MARKER_PRIORITY = ("emergency", "massage", "doctor", "emg", "level")


BOLD = 1.1  # bold letters are about this much wider


def _bold(marker):
    return marker.kind == "emergency"


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


def marker_style(kind):
    """Colour, dash pattern and stroke width of a marker's line."""
    return MARKER_STYLES.get(kind, MARKER_STYLES["level"])


def series_offsets(points, max_spread, max_step=5.0):
    """Vertical offsets in pixels that draw lines sharing values side by side, not on top of
    one another (three "easy" lines would otherwise look like one).

    Lines that share a point (the same value on the same day) with another line, directly or
    through a third one, form a group; the lines of a group are spread evenly around their
    true position, ``max_step`` apart at most and ``max_spread`` across in all. A line that
    shares nothing stays exactly where its values are. The table gives the exact values.
    """
    count = len(points)
    group = list(range(count))

    def root(i):
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    sets = [set(p) for p in points]
    for i in range(count):
        for j in range(i + 1, count):
            if sets[i] & sets[j]:
                group[root(j)] = root(i)
    members = {}
    for i in range(count):
        members.setdefault(root(i), []).append(i)
    offsets = [0.0] * count
    for indexes in members.values():
        if len(indexes) > 1:
            step = min(max_step, max_spread / (len(indexes) - 1))
            middle = (len(indexes) - 1) / 2
            for slot, i in enumerate(indexes):
                offsets[i] = (slot - middle) * step
    return offsets


class ChartDrawing:
    """The geometry of one line chart at one size; every text goes through format_html."""

    MARKER_ROWS = 3
    ROW_HEIGHT = 15
    LABEL_SIZE = 11
    BOTTOM = 42
    RIGHT = 18
    LEGEND_ROW = 22
    PAD = 12  # inside the plot above the top value and below the lowest: room for the offsets
    MARKER_NUDGE = 3  # pixels between the lines of markers on the same day

    def __init__(self, chart, markers, width, height, id_prefix):
        self.chart = chart
        self.markers = list(markers)
        self.width = width
        self.id = id_prefix
        self.left = self.left_margin()
        self.plot_w = width - self.left - self.RIGHT
        self.x_max = max(chart.x_max, *(m.day for m in self.markers), 1)
        lines = [
            Line(
                x,
                marker.day,
                _text_width(marker.chart_label, self.LABEL_SIZE) * (BOLD if _bold(marker) else 1),
                must_show=marker.kind == "emergency",
                rank=MARKER_PRIORITY.index(marker.kind),
            )
            for marker, x in zip(self.markers, self.marker_positions(), strict=True)
        ]
        self.labels, self.marker_xs = place_labels(lines, width=width, rows=self.MARKER_ROWS)
        rows = max((label.row for label in self.labels), default=0) + 1
        self.top = rows * self.ROW_HEIGHT + 12
        self.layout(height)

    def left_margin(self):
        label_width = max((_text_width(t) for t in self.chart.y_labels.values()), default=12)
        return math.ceil(label_width) + 14

    def layout(self, height):
        self.plot_h = max(height - self.top - self.BOTTOM, 60)
        self.height = height
        unit = (self.plot_h - 2 * self.PAD) / self.chart.y_max
        self.offsets = series_offsets(
            [s.points for s in self.chart.series],
            max_spread=min(unit / 2, 2 * (self.PAD - 2)),
        )

    def x(self, day):
        return self.left + 8 + (self.plot_w - 16) * day / self.x_max

    def y(self, value):
        return self.top + self.PAD + (self.plot_h - 2 * self.PAD) * (1 - value / self.chart.y_max)

    def label_baseline(self, row):
        return self.top - 6 - row * self.ROW_HEIGHT

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
        parts.append(
            format_html(
                '<path d="M{l} {t} V{b}" fill="none" stroke="{c}" stroke-width="1"/>',
                l=self.left,
                t=self.top,
                b=self.top + self.plot_h,
                c=AXIS_COLOUR,
            )
        )
        return _join([*parts, self.x_axis()])

    def x_axis(self):
        """The axis of days below the plot, its ticks as far apart as their labels need."""
        parts = []
        bottom = self.top + self.plot_h
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
                '<path d="M{l} {b} H{r}" fill="none" stroke="{c}" stroke-width="1"/>'
                '<text x="{mid}" y="{ty}" text-anchor="middle" fill="{muted}">'
                "Days since the massage</text>",
                l=self.left,
                b=bottom,
                r=self.left + self.plot_w,
                c=AXIS_COLOUR,
                mid=_n(self.left + self.plot_w / 2),
                ty=bottom + 35,
                muted="#495057",
            )
        )
        return _join(parts)

    def marker_positions(self):
        """The x of each marker's line; the lines of one day stand a few pixels apart, so
        that a doctor visit on the day of an emergency shows as two lines, not one."""
        by_day = {}
        for index, marker in enumerate(self.markers):
            by_day.setdefault(marker.day, []).append(index)
        xs = [0.0] * len(self.markers)
        for day, indexes in by_day.items():
            middle = (len(indexes) - 1) / 2
            for slot, index in enumerate(indexes):
                x = self.x(min(max(day, 0), self.x_max)) + (slot - middle) * self.MARKER_NUDGE
                xs[index] = min(max(x, 1), self.width - 1)
        return xs

    def marker_lines(self):
        """A vertical line per marker, up to its label above the plot (or to the plot's top
        when its label was left out)."""
        labels = {label.index: label for label in self.labels}
        bottom = self.top + self.plot_h
        parts = []
        for index, marker in enumerate(self.markers):
            colour, dash, width = marker_style(marker.kind)
            label = labels.get(index)
            top = self.label_baseline(label.row) - 9 if label else self.top
            text = ""
            if label:
                text = format_html(
                    '<text x="{}" y="{}" text-anchor="{}" font-size="{}" font-weight="{}" '
                    'fill="{}">{}</text>',
                    _n(label.text_x),
                    _n(self.label_baseline(label.row)),
                    label.anchor,
                    self.LABEL_SIZE,
                    700 if _bold(marker) else 400,
                    colour,
                    marker.chart_label,
                )
            parts.append(
                format_html(
                    '<g class="marker" data-kind="{}">'
                    '<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}" stroke-width="{}" '
                    'stroke-dasharray="{}"><title>{}</title></line>{}</g>',
                    marker.kind,
                    _n(top),
                    bottom,
                    colour,
                    _n(width),
                    dash or "none",
                    f"Day {marker.day}: {marker.label}",
                    text,
                    x=_n(self.marker_xs[index]),
                )
            )
        return format_html('<g class="markers">{}</g>', _join(parts))

    def series_lines(self):
        # Shapes closer than 16px would blur into a thick band: they then sit on every n-th
        # point only (the line keeps them all).
        for index, series in enumerate(self.chart.series):
            colour, dash, shape = series_style(index)
            offset = self.offsets[index]
            coords = [(self.x(day), self.y(value) + offset) for day, value in series.points]
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
        entries = []
        for index, item in enumerate(series):
            colour, dash, shape = series_style(index)
            entries.append((item.label, _line_sample(colour, dash, shape)))
        return self.legend_entries(entries)

    def legend_entries(self, entries):
        """Legend entries ``(label, sample)``, where ``sample(x, y)`` draws a 32px sample."""
        entry_width = 44 + max(_text_width(label) for label, _ in entries)
        columns = max(1, min(len(entries), int((self.width - 16) // (entry_width + 12))))
        column_width = min((self.width - 16) / columns, entry_width + 28)
        rows = math.ceil(len(entries) / columns)
        top = self.height + 4
        parts = []
        for index, (label, sample) in enumerate(entries):
            x = 8 + (index % columns) * column_width
            y = top + (index // columns) * self.LEGEND_ROW + 10
            parts.append(
                format_html(
                    '{}<text x="{}" y="{}">{}</text>', sample(x, y), _n(x + 40), _n(y + 4), label
                )
            )
        return format_html('<g class="legend">{}</g>', _join(parts)), rows * self.LEGEND_ROW + 8


def _line_sample(colour, dash, shape):
    def sample(x, y):
        return format_html(
            '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="2.5" '
            'stroke-dasharray="{}" stroke-linecap="round"/>{}',
            _n(x),
            _n(x + 32),
            colour,
            dash or "none",
            _shape(shape, x + 16, y, colour),
            y=_n(y),
        )

    return sample


def marker_swatch(kind):
    """A short sample of a marker's line, for a list that explains the chart's lines."""
    colour, dash, width = marker_style(kind)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="marker-swatch" width="12" height="24" '
        'viewBox="0 0 12 24" aria-hidden="true" focusable="false">'
        '<line x1="6" y1="0" x2="6" y2="24" stroke="{}" stroke-width="{}" '
        'stroke-dasharray="{}"/></svg>',
        colour,
        _n(width + 0.5),
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
