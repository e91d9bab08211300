"""A chart drawn as inline SVG built with ``format_html`` (every text escaped), coloured with
presentation attributes only: the Content Security Policy forbids ``style=`` and ``<style>``,
and attributes also print and render in WeasyPrint."""

import math

from django.utils.html import format_html, format_html_join

# Marker lines: thin, each kind its own dash, label text in the same (dark enough) colour.
MARKER_STYLES = {
    "massage": ("#212529", ""),
    "doctor": ("#0b5c6b", "5 3"),
    "emg": ("#6f42c1", "8 3 2 3"),
    "level": ("#8a5a00", "2 3"),
}


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


class ChartDrawing:
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
