"""The strip chart of the signs to watch: a row per sign and side over the days since the
massage, a bar where the sign was there, a thin grey line where the answer was no, nothing
where it was not asked. Its axis of days and its markers are the line chart's
(``drawing.ChartDrawing``)."""

from django.utils.html import format_html

from .drawing import AXIS_COLOUR, GRID_COLOUR, TEXT_COLOUR, ChartDrawing, _join, _n

# Each sign has its own colour (4.5:1 or more on white); the rows are apart and labelled, so
# colour is never the only clue.
SIGN_COLOURS = {
    "weakness": "#c4470a",
    "numbness": "#0072b2",
    "shoulder_lower": "#007a5a",
    "blade_sticks_out": "#aa3377",
}
NO_COLOUR = AXIS_COLOUR


class StripDrawing(ChartDrawing):
    """One row per sign and side over the days since the massage: its label above a track,
    a bar on each day (or period) it was there. ``height`` is ignored: the rows set it."""

    BAND = 38  # one row: its label, then its track
    TRACK = 27  # from the top of a row to the middle of its track
    YES_HEIGHT = 12
    NO_HEIGHT = 3
    MAX_BAR = 24

    def left_margin(self):
        return 10

    def layout(self, height):
        self.plot_h = max(len(self.chart.series), 1) * self.BAND + 4
        self.height = self.top + self.plot_h + self.BOTTOM
        self.offsets = [0.0] * len(self.chart.series)

    def track_y(self, row):
        return self.top + row * self.BAND + self.TRACK

    def grid(self):
        tracks = (
            format_html(
                '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="1"/>',
                self.left,
                self.left + self.plot_w,
                GRID_COLOUR,
                y=_n(self.track_y(row)),
            )
            for row in range(len(self.chart.series))
        )
        return _join([*tracks, self.x_axis()])

    def bar_width(self):
        per_period = (self.plot_w - 16) * self.chart.bucket_days / self.x_max
        return max(2.0, min(per_period, self.MAX_BAR))

    def series_lines(self):
        # Bars as wide as a day (or period), and one bar for a run of days with the same
        # answer, so that a sign that lasted reads as one bar, without seams.
        width = self.bar_width()
        for row, series in enumerate(self.chart.series):
            colour = sign_colour(series)
            y = self.track_y(row)
            bars = []
            for first, last, value in _runs(series.points, self.chart.bucket_days):
                height = self.YES_HEIGHT if value else self.NO_HEIGHT
                bars.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                        _n(self.x(first) - width / 2),
                        _n(y - height / 2),
                        _n(self.x(last) - self.x(first) + width),
                        height,
                        colour if value else NO_COLOUR,
                    )
                )
            # The label has a white outline, so a marker's line passing under it never
            # hides a letter.
            yield format_html(
                '<g class="series" data-series="{}"><title>{}</title>'
                '<text x="{}" y="{}" stroke="#fff" stroke-width="4" stroke-linejoin="round" '
                'paint-order="stroke">{}</text>{}</g>',
                series.key,
                series.label,
                self.left,
                _n(self.top + row * self.BAND + 13),
                series.label,
                _join(bars),
            )

    def legend(self):
        """What a thick bar, a thin line and nothing mean."""
        if not self.chart.series:
            return "", 0

        def yes(x, y):
            # A piece in each sign's colour: a bar takes its row's.
            return _join(
                format_html(
                    '<rect x="{}" y="{}" width="8" height="{}" fill="{}"/>',
                    _n(x + 8 * n),
                    _n(y - self.YES_HEIGHT / 2),
                    self.YES_HEIGHT,
                    colour,
                )
                for n, colour in enumerate(SIGN_COLOURS.values())
            )

        def no(x, y):
            return format_html(
                '<rect x="{}" y="{}" width="32" height="{}" fill="{}"/>',
                _n(x),
                _n(y - self.NO_HEIGHT / 2),
                self.NO_HEIGHT,
                NO_COLOUR,
            )

        return self.legend_entries(
            [
                ("Yes: felt, seen or answered yes", yes),
                ("No: answered no", no),
                ("Nothing drawn: not asked or not logged", lambda x, y: ""),
            ]
        )


def _runs(points, step):
    """Points as runs of neighbours (``step`` days apart) with one value: (first, last, value)."""
    runs = []
    for day, value in points:
        if runs and runs[-1][2] == value and runs[-1][1] + step == day:
            runs[-1][1] = day
        else:
            runs.append([day, day, value])
    return [tuple(run) for run in runs]


def sign_colour(series):
    """A sign's colour, from the sign in its key ("weakness-left")."""
    return SIGN_COLOURS.get(series.key.rsplit("-", 1)[0], TEXT_COLOUR)
