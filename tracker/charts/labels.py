"""Where the labels of a chart's markers go: each at the top of its own vertical line, in one
of a few rows above the plot, never overlapping another label and never crossed by a line.

Pure geometry (no drawing): ``place_labels`` takes the x of each marker's line and the width
of its label and answers which labels fit where; ``drawing.py`` draws them."""

from dataclasses import dataclass, replace

GAP = 3  # pixels between a line and its label
CLEAR = 2  # pixels a label keeps clear of a line
APART = 6  # pixels between two labels of one row


@dataclass(frozen=True)
class MarkerLabel:
    index: int  # of the marker in the chart's list
    x: float  # of the marker's line
    start: float  # left end of the text
    end: float  # right end of the text
    row: int  # 0 is the row just above the plot, 1 the one above it...

    @property
    def anchor(self):
        return "start" if self.start > self.x else "end"

    @property
    def text_x(self):
        return self.start if self.start > self.x else self.end


@dataclass(frozen=True)
class Line:
    """A marker's line as the placement sees it."""

    x: float
    day: int
    label_width: float
    must_show: bool = False  # an emergency: its label always stays
    rank: int = 0  # which of the lines of one place is labelled first


def place_labels(lines, *, width, rows):
    """Labels for as many of ``lines`` as fit in ``rows`` rows of a drawing ``width`` wide.

    A label starts just right of its line, or ends just left of it (when several lines stand
    on one day, right or left of them all); it never leaves the drawing, never overlaps
    another label, and no labelled line runs through it (a line reaches up to its own
    label's row). Labels are placed from right to left, each in the lowest row where it fits,
    so that a label which spans the lines after it stands above their labels, like steps; a
    label goes left of its line when that hides no other line, or when nothing else fits. A
    label that fits nowhere is left out (its line stays, ending at the plot), but a label
    that must show always stays: the labels in its way make room, unless one of those must
    show too. Then, among the lines of one day, those labelled on the left stand leftmost and
    those labelled on the right rightmost, so that each label is next to its own line.
    Returns the labels and the lines' x (in the same order as ``lines``).
    """
    spans = _day_spans(lines)
    order = sorted(range(len(lines)), key=lambda i: (-lines[i].x, lines[i].rank))
    placed = []
    for index in order:
        spots = _spots(lines, index, spans[index], width, rows)
        in_the_way = [
            conflicts(placed, lines[index].x, start, end, row) for row, start, end in spots
        ]
        if lines[index].must_show:
            best = _spot_that_makes_room(lines, index, spots, in_the_way)
        else:
            best = next((n for n, way in enumerate(in_the_way) if not way), None)
        if best is not None:
            row, start, end = spots[best]
            placed = [label for label in placed if label not in in_the_way[best]]
            placed.append(MarkerLabel(index, lines[index].x, start, end, row))
    return _next_to_their_own_lines(lines, placed)


def _spots(lines, index, span, width, rows):
    """Where a line's label may go, best first, as (row, start, end): right of its line, or
    left where that hides no other line, the lowest row first; then left anyway."""
    right, left = _sides(lines[index], span, width)
    hides_nothing = left and not any(
        _within(other.x, *left) for i, other in enumerate(lines) if i != index
    )
    sides = [(row, side) for row in range(rows) for side in (right, hides_nothing and left)]
    sides += [(row, left) for row in range(rows)]
    return [(row, *side) for row, side in sides if side]


def _spot_that_makes_room(lines, index, spots, in_the_way):
    """The spot of a label that must show: the one that pushes the fewest labels aside and
    hides no other line whose label must show; None if every spot would push one aside."""
    if not spots:
        return None

    def cost(n):
        _, start, end = spots[n]
        must = sum(lines[label.index].must_show for label in in_the_way[n])
        hides = sum(
            other.must_show and _within(other.x, start, end)
            for i, other in enumerate(lines)
            if i != index
        )
        return must, hides, len(in_the_way[n])

    best = min(range(len(spots)), key=cost)
    return None if cost(best)[0] else best


def conflicts(placed, x, start, end, row):
    """The placed labels that a label from ``start`` to ``end`` in ``row``, on a line at
    ``x``, would overlap or cross (a line reaches up through its label's row)."""
    return [
        other
        for other in placed
        if (other.row == row and start < other.end + APART and other.start < end + APART)
        or (other.row >= row and _within(other.x, start, end))
        or (other.row <= row and _within(x, other.start, other.end))
    ]


def _within(x, start, end):
    return start - CLEAR <= x <= end + CLEAR


def _day_spans(lines):
    """For each line, the leftmost and rightmost x of the lines of its day."""
    by_day = {}
    for line in lines:
        by_day.setdefault(line.day, []).append(line.x)
    return [(min(by_day[line.day]), max(by_day[line.day])) for line in lines]


def _sides(line, span, width):
    """The (start, end) of a label right of the lines of its day and left of them, each
    None where it would leave the drawing."""
    leftmost, rightmost = span
    sides = [
        (rightmost + GAP, rightmost + GAP + line.label_width),
        (leftmost - GAP - line.label_width, leftmost - GAP),
    ]
    return [
        (start, end) if start >= CLEAR and end <= width - CLEAR else None for start, end in sides
    ]


def _next_to_their_own_lines(lines, labels):
    """Swap the places of the lines of one day so that the left-labelled stand leftmost and
    the right-labelled rightmost. The labels do not move (they stand beside all the lines of
    their day); a swap is kept only if no line then crosses another day's label."""
    xs = [line.x for line in lines]
    by_index = {label.index: label for label in labels}
    groups = {}
    for index, line in enumerate(lines):
        groups.setdefault(line.day, []).append(index)
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        slots = sorted(xs[i] for i in indexes)
        side = dict.fromkeys(indexes, 1)
        side.update({i: 0 if by_index[i].anchor == "end" else 2 for i in indexes if i in by_index})
        ordered = sorted(indexes, key=lambda i: (side[i], xs[i]))
        moved = dict(by_index)
        for i, x in zip(ordered, slots, strict=True):
            if i in moved:
                moved[i] = replace(moved[i], x=x)
        others = list(moved.values())
        if all(
            not conflicts(
                [o for o in others if o is not label], label.x, label.start, label.end, label.row
            )
            for label in others
        ):
            by_index = moved
            for i, x in zip(ordered, slots, strict=True):
                xs[i] = x
    return [by_index[label.index] for label in labels], xs
