"""The body map: front and back drawings of the body as inline SVG, a tap target per place.

Every place of the vocabulary (``vocabulary.REGIONS``) is a target on the person's own left and
right, and in the middle when the place lies on the body's middle line. A whole body drawn on a
390 px phone would make a finger or the side of the neck a few pixels wide, so the map is a set
of close-ups ("panels": head and neck, shoulders, arms, hands, ...), one shown at a time, each
with a front and a back view. On a phone one view shows at a time (a "Seen from the front /
from behind" switch); on a wider screen both show side by side.

The map only enhances plain form controls that work without it: the massage form's grouped
check-boxes (``mode="multi"``: a target is the box of the same value) and a symptom's place (a
region <select> and side radios, ``mode="place"``). The server draws the controls' state; the
script (static/js/body-map.js) makes the targets work and keeps both in step. Without
JavaScript the map is not shown at all (a stylesheet rule), so nothing on the page pretends to
be tappable. Every attribute is a presentation attribute or a class: the Content Security
Policy forbids ``style=`` and ``<style>``.

Coordinates: each view is 100 units wide. A lateral shape is drawn once, on the right half of
the picture, and mirrored. Seen from the front, the person's left is on the right of the
picture; seen from behind, it is on the left. That rule lives in ``_side_on_right``.
"""

import math
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .triage import vocabulary as v

VIEW_WIDTH = 100
SHAPE_FILL = "#ffffff"
SHAPE_STROKE = "#495057"
CONTEXT_FILL = "#e9ecef"
CONTEXT_STROKE = "#adb5bd"


# -- Shapes --------------------------------------------------------------------------------------


def _poly(*points):
    return tuple((float(x), float(y)) for x, y in points)


def _rect(x0, y0, x1, y1):
    return _poly((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _rounded(x0, y0, x1, y1, r, steps=4):
    """A rectangle with round corners, as a polygon."""
    corners = (
        (x1 - r, y0 + r, -90),
        (x1 - r, y1 - r, 0),
        (x0 + r, y1 - r, 90),
        (x0 + r, y0 + r, 180),
    )
    points = []
    for cx, cy, start in corners:
        for i in range(steps + 1):
            angle = math.radians(start + 90 * i / steps)
            points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return _poly(*points)


def _ellipse(cx, cy, rx, ry, steps=24):
    return _poly(
        *(
            (
                cx + rx * math.cos(2 * math.pi * i / steps),
                cy + ry * math.sin(2 * math.pi * i / steps),
            )
            for i in range(steps)
        )
    )


def _mirror(points):
    return tuple((VIEW_WIDTH - x, y) for x, y in reversed(points))


def _path(points):
    head, *rest = points
    return (
        "M{:g} {:g}".format(*_round(head))
        + "".join("L{:g} {:g}".format(*_round(p)) for p in rest)
        + "Z"
    )


def _round(point):
    return (round(point[0], 1), round(point[1], 1))


@dataclass(frozen=True)
class Target:
    """One place drawn on a view: ``mid`` (the middle strip of a middle-line place) or ``lat``
    (drawn on the right half and mirrored). Its shape is cut to the body's outline; ``hit``
    (True: the whole shape) is a larger area, outside the outline too, that takes the tap."""

    region: str
    kind: str
    shape: tuple
    hit: object = ()


@dataclass(frozen=True)
class View:
    name: str  # "front" or "back"
    height: int
    targets: tuple
    # The right half of the body's outline (an SVG path closed along the middle line), mirrored
    # for the left half; the places are cut to it. Empty: the shapes are the drawing.
    outline: str = ""
    context: tuple = ()  # shapes drawn under the body, for orientation only (lateral: mirrored)


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    views: tuple = field(default_factory=tuple)


def _lat(region, shape, hit=()):
    return Target(region, "lat", shape, hit)


def _mid(region, shape, hit=()):
    return Target(region, "mid", shape, hit)


# -- The drawings ----------------------------------------------------------------------------------
# Each outline is the right half of a close-up, drawn by hand; each place a block cut to it.

_HEAD_OUTLINE = (
    "M50 5C66.6 5 80 21.6 80 42C80 58 76 67 67 74L67 97C73 103 88 105 97 110L100 114L100 120"
    "L50 120Z"
)
_EAR = (_ellipse(80.5, 46, 4.5, 9),)
_TEMPLE = _lat("head_side_temple", _rect(71, 12, 100, 70), hit=True)
HEAD = Panel(
    "head",
    "Head and neck",
    (
        View(
            "front",
            120,
            outline=_HEAD_OUTLINE,
            context=_EAR,
            targets=(
                _mid("face", _rect(43, 15, 57, 80)),
                _lat("face", _rect(57, 15, 71, 78)),
                _TEMPLE,
                _mid("neck_front", _rect(43, 80, 57, 120)),
                _lat("neck_front", _rect(57, 74, 100, 104)),
                _lat("above_collarbone", _rect(57, 104, 100, 120)),
            ),
        ),
        View(
            "back",
            120,
            outline=_HEAD_OUTLINE,
            context=_EAR,
            targets=(
                _mid("head_back", _rect(41, 0, 59, 80)),
                _lat("head_back", _rect(59, 0, 71, 80)),
                _TEMPLE,
                _mid("neck_back", _rect(43, 80, 57, 120)),
                _lat("neck_back", _rect(57, 72, 100, 120)),
            ),
        ),
    ),
)

_SHOULDER_OUTLINE = (
    "M50 0L66 0C66 9 63 17 60 21L60 33C64 37 72 39 80 41C90 43 96 48 98 57C100 66 99 76 98 86"
    "L97 100L50 100Z"
)
_NECK_SIDE = _lat("neck_side", _rect(56, 12, 72, 46), hit=True)
_SHOULDER_TOP = _lat("shoulder_top", _rect(72, 22, 100, 52), hit=True)
_SHOULDER_OUTER = _lat("shoulder_outer", _rect(89, 52, 100, 86), hit=_rect(89, 52, 100, 86))
SHOULDERS = Panel(
    "shoulders",
    "Shoulders and upper back",
    (
        View(
            "front",
            100,
            outline=_SHOULDER_OUTLINE,
            targets=(
                _mid("neck_front", _rect(44, 18, 56, 44)),
                _NECK_SIDE,
                _SHOULDER_TOP,
                _lat("above_collarbone", _rect(56, 46, 77, 60)),
                _lat("shoulder_front", _rect(77, 52, 89, 82)),
                _SHOULDER_OUTER,
                _lat("armpit", _rect(76, 82, 89, 98)),
            ),
        ),
        View(
            "back",
            100,
            outline=_SHOULDER_OUTLINE,
            targets=(
                _mid("neck_back", _rect(44, 18, 56, 56)),
                _NECK_SIDE,
                _lat(
                    "shoulder_top",
                    _poly((56, 46), (72, 46), (72, 22), (100, 22), (100, 52), (89, 56), (56, 56)),
                    hit=True,
                ),
                _SHOULDER_OUTER,
                _lat("shoulder_back", _rect(79, 56, 89, 86)),
                _lat("shoulder_blade", _poly((64, 60), (79, 58), (79, 66), (78, 98), (65, 94))),
                _mid("between_shoulder_blades", _rect(45.5, 56, 54.5, 100)),
                _lat("between_shoulder_blades", _rect(54.5, 56, 64, 100)),
            ),
        ),
    ),
)

_ARM_OUTLINE = (
    "M61 0L91 0C95 2 97 8 96 16L95 60C95 66 94 72 93 80L91 126L66 126L64 80C63 72 61 66 61 60"
    "L59 14C59 6 59 2 61 0Z"
)
_ARM_CONTEXT = (_rounded(64, 124, 91, 140, 5),)


def _arm(upper):
    return (
        _lat(upper, _rect(56, 0, 82, 60)),
        _lat("upper_arm_outer", _rect(82, 0, 100, 60), hit=True),
        _lat("elbow", _rect(56, 60, 100, 80)),
        _lat("forearm_little_finger_side", _rect(56, 80, 78, 130)),
        _lat("forearm_thumb_side", _rect(78, 80, 100, 130)),
    )


ARMS = Panel(
    "arms",
    "Arms",
    (
        View(
            "front",
            140,
            outline=_ARM_OUTLINE,
            context=_ARM_CONTEXT,
            targets=_arm("upper_arm_front"),
        ),
        View(
            "back", 140, outline=_ARM_OUTLINE, context=_ARM_CONTEXT, targets=_arm("upper_arm_back")
        ),
    ),
)


def _hand(surface):
    """A hand hanging at the side, thumb outwards: its palm or back, and the fingers."""
    return (
        _lat("finger_index", _rounded(84, 38, 93, 80, 4)),
        _lat("finger_middle", _rounded(74, 38, 83, 86, 4)),
        _lat("finger_ring", _rounded(64, 38, 73, 82, 4)),
        _lat("finger_little", _rounded(54, 38, 63, 74, 4)),
        _lat(
            "finger_thumb",
            _poly(
                (90, 10), (95, 12), (99, 20), (100, 44), (97.5, 52), (94, 52), (93, 44), (91, 30)
            ),
            hit=_rect(93, 6, 100, 56),
        ),
        _lat(surface, _rounded(54, 4, 93, 46, 7)),
    )


HANDS = Panel(
    "hands",
    "Hands",
    (
        View("front", 90, targets=_hand("hand_palm")),
        View("back", 90, targets=_hand("hand_back")),
    ),
)

_TRUNK_OUTLINE = "M50 0L86 0C90 8 90 30 88 50C86 62 84 72 85 84C86 94 88 102 88 110L50 110Z"
_ARMS_BESIDE = (_rounded(90, 0, 100, 110, 4),)
_CHEST_SIDE = _lat("chest_side", _rect(77, 0, 100, 60))
TRUNK = Panel(
    "trunk",
    "Chest, belly and back",
    (
        View(
            "front",
            110,
            outline=_TRUNK_OUTLINE,
            context=_ARMS_BESIDE,
            targets=(
                _mid("chest_front", _rect(43, 0, 57, 48)),
                _lat("chest_front", _rect(57, 0, 77, 48)),
                _CHEST_SIDE,
                _mid("abdomen", _rect(43, 48, 57, 110)),
                _lat(
                    "abdomen", _poly((57, 48), (77, 48), (77, 60), (100, 60), (100, 110), (57, 110))
                ),
            ),
        ),
        View(
            "back",
            110,
            outline=_TRUNK_OUTLINE,
            context=_ARMS_BESIDE,
            targets=(
                _mid("mid_back", _rect(44, 0, 56, 54)),
                _lat("mid_back", _rect(56, 0, 77, 54)),
                _CHEST_SIDE,
                _mid("low_back", _rect(44, 54, 56, 110)),
                _lat(
                    "low_back",
                    _poly((56, 54), (77, 54), (77, 60), (100, 60), (100, 110), (56, 110)),
                ),
            ),
        ),
    ),
)

_HIPS_OUTLINE = (
    "M50 0L84 0C88 10 94 22 95 36C96 60 92 100 88 132L61 132C59 110 57 84 55 60C54 57 52 56 50 56Z"
)
HIPS = Panel(
    "hips",
    "Hips, buttocks and thighs",
    (
        View(
            "front",
            132,
            outline=_HIPS_OUTLINE,
            targets=(
                _lat("groin", _poly((56, 0), (80, 0), (84, 40), (66, 40), (56, 30))),
                _lat("hip_outer", _poly((80, 0), (100, 0), (100, 40), (84, 40)), hit=True),
                _mid("saddle_area", _rect(44, 30, 56, 60)),
                _lat("saddle_area", _poly((56, 30), (66, 40), (66, 60), (56, 60))),
                _lat("thigh_inner", _rect(50, 60, 66, 132)),
                _lat("thigh_front", _rect(66, 40, 84, 132)),
                _lat("thigh_outer", _rect(84, 40, 100, 132), hit=True),
            ),
        ),
        View(
            "back",
            132,
            outline=_HIPS_OUTLINE,
            targets=(
                _lat(
                    "buttock",
                    _poly((51, 0), (100, 0), (100, 44), (86, 48), (56, 48), (56, 40), (51, 40)),
                ),
                _mid("saddle_area", _rect(44, 40, 56, 60)),
                _lat("saddle_area", _poly((56, 48), (66, 50), (66, 66), (56, 66))),
                _lat("thigh_inner", _rect(50, 66, 66, 132)),
                _lat("thigh_back", _rect(66, 48, 86, 132)),
                _lat("thigh_outer", _poly((86, 48), (100, 44), (100, 132), (86, 132)), hit=True),
            ),
        ),
    ),
)

_LEGS_OUTLINE = (
    "M58 0L88 0C89 10 88 20 87 28C88 50 86 80 82 100L82 110C88 116 92 124 92 134"
    "C92 142 88 146 80 146L60 146C56 146 55 140 56 132L58 110L60 100C58 80 57 50 58 28Z"
)
LEGS = Panel(
    "legs",
    "Knees, lower legs and feet",
    (
        View(
            "front",
            146,
            outline=_LEGS_OUTLINE,
            targets=(
                _lat("knee_front", _rect(50, 0, 78, 28)),
                _lat("knee_outer", _rect(78, 0, 100, 28), hit=True),
                _lat("shin_front", _rect(50, 28, 72, 100)),
                _lat("shin_outer", _rect(72, 28, 100, 100), hit=_rect(72, 28, 94, 100)),
                _lat("ankle", _rect(50, 100, 100, 112)),
                _lat("foot_top", _rect(50, 112, 100, 132)),
                _lat("toes", _rect(50, 132, 100, 146)),
            ),
        ),
        View(
            "back",
            146,
            outline=_LEGS_OUTLINE,
            targets=(
                _lat("knee_back", _rect(50, 0, 100, 28)),
                _lat("calf", _rect(50, 28, 100, 100)),
                _lat("ankle", _rect(50, 100, 100, 112)),
                _lat("sole", _rect(50, 112, 100, 146)),
            ),
        ),
    ),
)

_WHOLE_OUTLINE = (
    "M50 2C56 2 61 7 61 14C61 21 57 26 55 27L55 31C62 33 74 34 79 37C84 40 85 46 86 52L92 84"
    "L86 86L79 56L77 78C78 90 78 98 76 104L72 154L70 158L56 158L53 106L50 104Z"
)
WHOLE = Panel(
    "whole",
    "All over the body",
    (
        View(
            "front",
            160,
            outline=_WHOLE_OUTLINE,
            targets=(
                _lat("whole_body", _rect(50, 0, 100, 160), hit=_rect(50, 0, 100, 160)),
                _mid("whole_body", _rounded(34, 50, 66, 84, 6), hit=_rounded(34, 50, 66, 84, 6)),
            ),
        ),
    ),
)

PANELS = (HEAD, SHOULDERS, ARMS, HANDS, TRUNK, HIPS, LEGS, WHOLE)
PANEL_BY_KEY = {panel.key: panel for panel in PANELS}
# Short names for the buttons that choose a close-up.
TAB_NAMES = {
    "head": "Head & neck",
    "shoulders": "Shoulders",
    "arms": "Arms",
    "hands": "Hands",
    "trunk": "Chest & belly",
    "hips": "Hips & thighs",
    "legs": "Knees & feet",
    "whole": "All over",
}
# The close-up that opens for a place: the shoulders' first, as they show the neck too.
PANEL_PREFERENCE = ("shoulders", "head", "arms", "hands", "trunk", "hips", "legs", "whole")
VIEW_TITLES = {"front": "Front", "back": "Back"}


def _side_on_right(view):
    """The person's side drawn on the right half of the picture: seen from the front it is
    their left (as in a photograph of them), seen from behind their right."""
    return "left" if view == "front" else "right"


def view_targets(view):
    """``(value, shape, hit)`` for every target of a view: value "region:side"."""
    right, left = _side_on_right(view.name), "right" if view.name == "front" else "left"
    for target in view.targets:
        hit = target.shape if target.hit is True else target.hit
        if target.kind == "mid":
            yield f"{target.region}:midline", target.shape, hit
        else:
            yield f"{target.region}:{right}", target.shape, hit
            yield f"{target.region}:{left}", _mirror(target.shape), _mirror(hit) if hit else ()


def panel_values(panel):
    return {value for view in panel.views for value, _, _ in view_targets(view)}


def all_values():
    """Every "region:side" the map can set."""
    return set().union(*(panel_values(panel) for panel in PANELS))


def place_label(value):
    region, _, side = value.partition(":")
    return f"{v.region_label(region)}, {v.SIDES[side]}"


def panel_for(values, default="shoulders"):
    """The close-up to open first: the first (in ``PANEL_PREFERENCE``) that shows one of
    ``values``; ``values`` may also be bare region codes."""
    wanted = set(values)
    for key in PANEL_PREFERENCE:
        shown = panel_values(PANEL_BY_KEY[key])
        regions = {value.partition(":")[0] for value in shown}
        if wanted & shown or wanted & regions:
            return key
    return default


def view_for(panel_key, values, default):
    """The view to show first on a phone: ``default`` unless only the other shows a value."""
    panel = PANEL_BY_KEY[panel_key]
    names = [view.name for view in panel.views]
    if default not in names:
        return names[0]
    shown = {view.name: {val for val, _, _ in view_targets(view)} for view in panel.views}
    if not set(values) & shown[default]:
        for name, vals in shown.items():
            if set(values) & vals:
                return name
    return default


# -- Rendering -------------------------------------------------------------------------------------


MIRROR = "matrix(-1 0 0 1 100 0)"


def _shape_path(points, css_class, fill, stroke, clip=""):
    return format_html(
        '<path class="{}" d="{}" fill="{}" stroke="{}" stroke-width="1.5" '
        'stroke-linejoin="round" vector-effect="non-scaling-stroke"{}/>',
        css_class,
        _path(points),
        fill,
        stroke,
        format_html(' clip-path="url(#{})"', clip) if clip else "",
    )


def _target(value, shape, hit, chosen, clip):
    label = place_label(value)
    hit_path = (
        format_html('<path class="bm-hit" d="{}" fill="transparent" stroke="none"/>', _path(hit))
        if hit
        else ""
    )
    return format_html(
        '<g class="bm-target" role="checkbox" tabindex="-1" aria-checked="{}" data-value="{}" '
        'aria-label="{}"><title>{}</title>{}{}</g>',
        "true" if value in chosen else "false",
        value,
        label,
        label,
        hit_path,
        _shape_path(shape, "bm-shape", SHAPE_FILL, SHAPE_STROKE, clip),
    )


def _body(view, clip_id):
    """The clip path of the body's outline, the body itself (the places lie on it), and the
    shapes drawn under it."""
    if not view.outline:
        return "", ""
    context = format_html_join(
        "",
        "{}{}",
        (
            (
                _shape_path(shape, "bm-context", CONTEXT_FILL, CONTEXT_STROKE),
                _shape_path(_mirror(shape), "bm-context", CONTEXT_FILL, CONTEXT_STROKE),
            )
            for shape in view.context
        ),
    )
    halves = format_html('<path d="{d}"/><path d="{d}" transform="{m}"/>', d=view.outline, m=MIRROR)
    defs = format_html('<defs><clipPath id="{}">{}</clipPath></defs>', clip_id, halves)
    body = format_html(
        '<g class="bm-body" fill="{}" stroke="#495057" stroke-width="3" '
        'vector-effect="non-scaling-stroke">'
        '<path d="{d}" vector-effect="non-scaling-stroke"/>'
        '<path d="{d}" transform="{m}" vector-effect="non-scaling-stroke"/></g>',
        CONTEXT_FILL,
        d=view.outline,
        m=MIRROR,
    )
    return defs, format_html("{}{}", context, body)


def _view(map_id, panel, view, chosen):
    left_at_right = _side_on_right(view.name) == "left"
    caption_left, caption_right = (
        ("your right", "your left") if left_at_right else ("your left", "your right")
    )
    clip_id = f"{map_id}-{panel.key}-{view.name}-clip" if view.outline else ""
    defs, body = _body(view, clip_id)
    targets = format_html_join(
        "",
        "{}",
        ((_target(val, shape, hit, chosen, clip_id),) for val, shape, hit in view_targets(view)),
    )
    label = (
        panel.title
        if panel.key == "whole"
        else f"{panel.title}, seen from the " + ("front" if view.name == "front" else "back")
    )
    return format_html(
        '<figure class="bm-view" data-view="{view}">'
        '<figcaption class="bm-caption"><span class="bm-side"><span aria-hidden="true">◀ </span>'
        "{caption_left}</span><strong>{title}</strong>"
        '<span class="bm-side">{caption_right}<span aria-hidden="true"> ▶</span></span>'
        "</figcaption>"
        '<svg class="bm-svg" viewBox="0 0 {width} {height}" role="group" aria-label="{label}">'
        "{defs}"
        '<line x1="50" y1="0" x2="50" y2="{height}" stroke="#adb5bd" stroke-width="1" '
        'stroke-dasharray="3 3" vector-effect="non-scaling-stroke"/>'
        "{body}{targets}{words}</svg></figure>",
        view=view.name,
        caption_left=caption_left,
        caption_right=caption_right,
        title=VIEW_TITLES[view.name],
        width=VIEW_WIDTH,
        height=view.height,
        label=label,
        defs=defs,
        body=body,
        targets=targets,
        words=_whole_words() if panel.key == "whole" else "",
    )


def _whole_words():
    """The words on the "all over" drawing: the middle box is the whole body."""
    return mark_safe(
        '<text x="50" y="70" text-anchor="middle" font-size="7" font-weight="700" '
        'fill="#212529" pointer-events="none" aria-hidden="true">All over</text>'
    )


def status_text(mode, chosen):
    if mode == "place":
        if not chosen:
            return "No place chosen yet."
        return "Place: " + "; ".join(place_label(value) for value in sorted(chosen))
    if not chosen:
        return "Nothing chosen yet."
    count = len(chosen)
    return f"{count} place{'' if count == 1 else 's'} chosen."


def render(*, map_id, mode, chosen=(), bind=None, default_view="front", hint_values=()):
    """The map's HTML.

    ``mode`` "multi" ticks check-boxes named ``bind["name"]`` (the massage's places); "place"
    sets a <select> (``bind["region"]``, its id) and radios (``bind["side"]``, their name).
    ``chosen`` are the "region:side" values to show as chosen; ``hint_values`` choose the
    close-up to open when nothing is chosen (the massage's places, for a symptom).
    """
    chosen = set(chosen)
    panel_key = panel_for(chosen or hint_values)
    view_key = view_for(panel_key, chosen, default_view)
    bind = bind or {}
    tabs = format_html_join(
        "",
        '<button type="button" class="bm-tab" data-panel="{}" aria-pressed="{}" '
        'aria-controls="{}-{}">{}<span class="bm-count">{}</span></button>',
        (
            (
                panel.key,
                "true" if panel.key == panel_key else "false",
                map_id,
                panel.key,
                TAB_NAMES[panel.key],
                _count(panel, chosen),
            )
            for panel in PANELS
        ),
    )
    panels = format_html_join(
        "",
        '<div class="bm-panel" id="{}-{}" data-panel="{}"{}>{}</div>',
        (
            (
                map_id,
                panel.key,
                panel.key,
                "" if panel.key == panel_key else " hidden",
                format_html_join(
                    "", "{}", ((_view(map_id, panel, view, chosen),) for view in panel.views)
                ),
            )
            for panel in PANELS
        ),
    )
    help_text = (
        "Tap where you feel it; the same place on the other side makes it both sides."
        if mode == "place"
        else "Tap each place on the body; tap again to untick it."
    )
    return format_html(
        '<div class="body-map" id="{id}" data-mode="{mode}" data-name="{name}" '
        'data-region="{region}" data-side="{side}" data-view="{view}" role="group" '
        'aria-labelledby="{id}-title">'
        '<p class="bm-title visually-hidden" id="{id}-title">Body map</p>'
        '<p class="bm-help form-text mt-0">{help}</p>'
        '<div class="bm-tabs" role="group" aria-label="Part of the body to show">{tabs}</div>'
        '<div class="bm-views" role="group" aria-label="Which way the body faces">'
        '<button type="button" class="bm-view-button" data-view="front" aria-pressed="{front}">'
        "From the front</button>"
        '<button type="button" class="bm-view-button" data-view="back" aria-pressed="{behind}">'
        "From behind</button></div>"
        "{panels}"
        '<p class="bm-status" aria-live="polite">{status}</p>'
        "</div>",
        id=map_id,
        mode=mode,
        name=bind.get("name", ""),
        region=bind.get("region", ""),
        side=bind.get("side", ""),
        view=view_key,
        help=help_text,
        tabs=tabs,
        front="true" if view_key == "front" else "false",
        behind="true" if view_key == "back" else "false",
        panels=panels,
        status=status_text(mode, chosen),
    )


def _count(panel, chosen):
    count = len(panel_values(panel) & chosen)
    return format_html(" ({})", count) if count else ""
