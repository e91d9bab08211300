"""History charts of one massage: pain, movement and the signs to watch (weakness, numbness or
tingling, a lower shoulder, a shoulder blade that sticks out) over the days since it, with
markers (the massage, emergency advice, doctor visits, the EMG, changes of advice).

Three parts, each doing one job: ``query`` asks the database for the history already
aggregated (a bounded number of queries whatever its length), ``sentences`` says it in plain
words, and ``drawing`` draws a chart as inline SVG; ``shapes`` holds what passes between them.
``history_for(massage)`` gives everything the history page and the report show.
"""

from .drawing import marker_swatch, series_style
from .query import choose_bucket_days, history_for
from .sentences import GRADE_AXIS, period_label, trend_of
from .shapes import NO_VALUE, Chart, History, Marker, Series

__all__ = [
    "GRADE_AXIS",
    "NO_VALUE",
    "Chart",
    "History",
    "Marker",
    "Series",
    "choose_bucket_days",
    "history_for",
    "marker_swatch",
    "period_label",
    "series_style",
    "trend_of",
]
