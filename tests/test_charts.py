"""History charts: the data (points, worst of the day, periods, markers, summaries) first, then
the SVG drawing (it parses, holds the expected lines, escapes every text)."""

import datetime
import itertools
import xml.etree.ElementTree as ET

import pytest

from tracker.charts import (
    NO_VALUE,
    Chart,
    Marker,
    Series,
    choose_bucket_days,
    history_for,
    period_label,
    trend_of,
)
from tracker.charts.drawing import series_offsets
from tracker.db import DaysSince
from tracker.models import CheckIn, SideFunction, Symptom
from tracker.triage import vocabulary as v

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _day(massage, n):
    return massage.date + datetime.timedelta(days=n)


def _pain(region="shoulder_top", side="left", nprs=4, kind="ache"):
    return {"kind": kind, "region": region, "side": side, "nprs": nprs}


def _series(chart, key):
    return next(s for s in chart.series if s.key == key)


def _daily_history(massage, days, *, pain=lambda day: 5, grade=lambda day: "harder"):
    """One check-in a day, created in bulk: what three years of a patient's logging look like."""
    checkins = CheckIn.objects.bulk_create(
        CheckIn(massage=massage, date=_day(massage, day), seen_doctor=day % 100 == 50)
        for day in range(days)
    )
    Symptom.objects.bulk_create(
        Symptom(checkin=c, kind="ache", region="shoulder_top", side="left", nprs=pain(day))
        for day, c in enumerate(checkins)
    )
    SideFunction.objects.bulk_create(
        SideFunction(checkin=c, side="left", arm_side_lift=grade(day))
        for day, c in enumerate(checkins)
    )
    return checkins


# The data ----------------------------------------------------------------------------------


def test_the_pain_line_holds_the_worst_pain_of_each_day(massage, make_checkin):
    make_checkin(massage, date=_day(massage, 0), symptoms=[_pain(nprs=4)])
    make_checkin(massage, date=_day(massage, 0), symptoms=[_pain(nprs=7)])
    make_checkin(massage, date=_day(massage, 3), symptoms=[_pain(nprs=2), _pain(nprs=5)])

    history = history_for(massage)

    (series,) = history.pain.series
    assert series.label == "Top of the shoulder (your left)"
    assert series.points == [(0, 7), (3, 5)]
    assert history.span_days == 3
    assert history.bucket_days == 1


def test_each_region_and_side_is_its_own_line_in_body_order(massage, make_checkin):
    make_checkin(
        massage,
        date=_day(massage, 1),
        symptoms=[
            _pain("shoulder_top", "right", 3),
            _pain("shoulder_top", "left", 6),
            _pain("neck_side", "left", 2),
            {"kind": "numbness", "region": "finger_little", "side": "left", "nprs": None},
        ],
    )

    labels = [s.label for s in history_for(massage).pain.series]

    # A symptom without a pain score is no point on the pain chart.
    assert labels == [
        "Side of the neck (your left)",
        "Top of the shoulder (your left)",
        "Top of the shoulder (your right)",
    ]


def test_only_the_massages_own_checkins_count(owner, massage, make_massage, make_checkin):
    other = make_massage(owner, days_ago=3)
    make_checkin(other, symptoms=[_pain(nprs=9)], functions={"left": {"arm_side_lift": "cannot"}})
    make_checkin(massage, symptoms=[_pain(nprs=3)])

    history = history_for(massage)

    assert history.pain.series[0].points == [(0, 3)]
    assert history.movement.is_empty
    assert history.checkin_count == 1


def test_movement_answers_are_grades_and_the_worst_of_the_day_counts(massage, make_checkin):
    make_checkin(
        massage,
        date=_day(massage, 2),
        functions={
            "left": {"arm_side_lift": "harder", "wrist_finger_lift": "not_tried"},
            "right": {"arm_side_lift": "easy"},
        },
    )
    make_checkin(massage, date=_day(massage, 2), functions={"left": {"arm_side_lift": "cannot"}})
    make_checkin(
        massage, date=_day(massage, 5), functions={"left": {"arm_side_lift": "great_effort"}}
    )

    movement = history_for(massage).movement

    # "I haven't tried" and unanswered questions are no grade: no line for the wrist.
    assert [s.key for s in movement.series] == ["arm_side_lift-left", "arm_side_lift-right"]
    left = _series(movement, "arm_side_lift-left")
    assert left.label == "Lift arm out to the side (your left)"
    assert left.points == [(2, v.MOVEMENT_GRADE_ORDER["cannot"]), (5, 2)]
    assert _series(movement, "arm_side_lift-right").points == [(2, 0)]
    assert movement.table_columns == [
        "Day",
        "Lift arm out to the side (your left)",
        "Lift arm out to the side (your right)",
    ]
    assert movement.table_rows == [["Day 2", "Cannot", "Easy"], ["Day 5", "Great effort", NO_VALUE]]


def test_the_table_has_one_row_per_day_and_a_dash_where_nothing_was_logged(massage, make_checkin):
    make_checkin(massage, date=_day(massage, 0), symptoms=[_pain("neck_side", "left", 5)])
    make_checkin(massage, date=_day(massage, 4), symptoms=[_pain(nprs=6)])

    pain = history_for(massage).pain

    assert pain.table_rows == [["Day 0", "5", NO_VALUE], ["Day 4", NO_VALUE, "6"]]
    assert "the worst of each day" in pain.table_caption


@pytest.mark.parametrize(
    ("span", "bucket"),
    [(0, 1), (30, 1), (119, 1), (120, 7), (365, 7), (3 * 365, 7), (5 * 365, 14), (20 * 365, 91)],
)
def test_long_histories_are_shown_in_periods_of_a_week_or_more(span, bucket):
    assert choose_bucket_days(span) == bucket
    assert span // bucket + 1 <= 160


def test_three_years_of_daily_checkins_make_weekly_points_of_the_worst_day(owner, make_massage):
    days = 3 * 365 + 1
    massage = make_massage(owner, days_ago=days - 1)
    # Pain 3 on most days and 8 every tenth day; the arm harder, "cannot" on day 700.
    _daily_history(
        massage,
        days,
        pain=lambda day: 8 if day % 10 == 0 else 3,
        grade=lambda day: "cannot" if day == 700 else "harder",
    )

    history = history_for(massage)

    assert history.span_days == days - 1
    assert history.bucket_days == 7
    (pain,) = history.pain.series
    assert len(pain.points) == (days - 1) // 7 + 1 == 157
    assert all(day % 7 == 0 for day, _ in pain.points)
    # The week of day 70 holds day 70 (pain 8); the week of day 91 holds no tenth day.
    assert dict(pain.points)[70] == 8
    assert dict(pain.points)[91] == 3
    (arm,) = history.movement.series
    assert dict(arm.points)[700] == 3
    assert dict(arm.points)[693] == 1
    assert history.pain.table_rows[50][0] == "Week of day 350"
    assert len(history.pain.table_rows) == 157
    assert "Each point shows the worst of a week." in history.summary
    # Doctor visits, one a hundred days, each in its own week: one marker a week at most.
    doctor = [m.day for m in history.markers if m.kind == "doctor"]
    assert doctor == [day // 7 * 7 for day in range(50, days, 100)]


def test_period_labels_say_what_a_row_covers():
    assert period_label(21, 1) == "Day 21"
    assert period_label(350, 7) == "Week of day 350"
    assert period_label(364, 28) == "Days 364 to 391"


def test_markers_show_the_massage_doctor_visits_the_first_emg_and_changes_of_advice(
    owner, make_massage, make_checkin
):
    massage = make_massage(owner, days_ago=10)
    levels = ["SEE_DOCTOR_DAYS", "SEE_DOCTOR_DAYS", "SEE_DOCTOR_ASK_EMG", "MONITOR_SELF_CARE"]
    for day, level in zip((1, 3, 6, 9), levels, strict=True):
        make_checkin(
            massage,
            date=_day(massage, day),
            level=level,
            seen_doctor=day in (3, 6),
            emg_done=day >= 6,
        )

    markers = history_for(massage).markers

    assert markers == [
        Marker(0, "massage", "Massage"),
        Marker(1, "level", "Advice: See a doctor", "See a doctor"),
        Marker(3, "doctor", "Saw a doctor"),
        Marker(6, "doctor", "Saw a doctor"),
        Marker(6, "emg", "EMG (nerve test) done"),
        Marker(
            6,
            "level",
            "Advice: See a doctor, ask about an EMG",
            v.LEVEL_SHORT["SEE_DOCTOR_ASK_EMG"],
        ),
        Marker(9, "level", "Advice: Self-care", "Self-care"),
    ]
    assert [m.chart_label for m in markers[:3]] == ["Massage", "See a doctor", "Doctor"]


def test_an_emergency_is_its_own_marker_never_hidden_by_later_advice(owner, make_massage):
    massage = make_massage(owner, days_ago=200)
    # Daily check-ins for 200 days (weekly points): an emergency on day 150 that became
    # "see a doctor" two days later, in the same week; emergencies on days 3 and 4 make one.
    levels = {0: "SEE_DOCTOR_DAYS", 3: "EMERGENCY_NOW", 5: "SEE_DOCTOR_DAYS"}
    levels |= {150: "EMERGENCY_NOW", 152: "SEE_DOCTOR_DAYS", 160: "MONITOR_SELF_CARE"}
    level = ""
    checkins = []
    for day in range(200):
        level = levels.get(day, level)
        checkins.append(CheckIn(massage=massage, date=_day(massage, day), level=level))
    CheckIn.objects.bulk_create(checkins)

    history = history_for(massage)

    assert history.bucket_days == 7
    emergencies = [m for m in history.markers if m.kind == "emergency"]
    assert [(m.day, m.chart_label) for m in emergencies] == [(0, "Emergency"), (147, "Emergency")]
    assert emergencies[0].label == "Emergency advice: get emergency help now"
    # The other changes of advice are markers of their own kind, never "Emergency".
    levels_shown = [(m.day, m.short) for m in history.markers if m.kind == "level"]
    # (Week 147 ends with "see a doctor" again: no change to mark.)
    assert levels_shown == [(0, "See a doctor"), (154, "Self-care")]


def test_a_daily_emergency_and_a_doctor_visit_on_one_day_are_two_markers(massage, make_checkin):
    make_checkin(massage, date=_day(massage, 1), level="SEE_DOCTOR_DAYS")
    make_checkin(massage, date=_day(massage, 2), level="EMERGENCY_NOW", seen_doctor=True)
    make_checkin(massage, date=_day(massage, 2), level="EMERGENCY_NOW")

    markers = history_for(massage).markers

    assert [(m.day, m.kind) for m in markers] == [
        (0, "massage"),
        (1, "level"),
        (2, "emergency"),
        (2, "doctor"),
    ]


def _signs_course(massage, make_checkin):
    """Four check-ins of a left shoulder going wrong and then better."""
    make_checkin(
        massage,
        date=_day(massage, 0),
        symptoms=[_pain(nprs=6), {"kind": "tingling", "region": "hand_palm", "side": "left"}],
        functions={"left": {"arm_side_lift": "great_effort"}, "right": {"arm_side_lift": "easy"}},
    )
    make_checkin(
        massage,
        date=_day(massage, 3),
        symptoms=[{"kind": "weakness", "region": "upper_arm_outer", "side": "left"}],
        functions={
            "left": {"shoulder_lower": True, "blade_sticks_out": True, "grip_weak": False},
            "right": {"shoulder_lower": False, "blade_sticks_out": False},
        },
    )
    make_checkin(
        massage,
        date=_day(massage, 3),
        symptoms=[_pain(nprs=2)],
        functions={"left": {"shrug_weaker": False, "shoulder_lower": False}},
    )
    make_checkin(
        massage,
        date=_day(massage, 9),
        symptoms=[_pain(nprs=1)],
        functions={
            "left": {"arm_side_lift": "easy", "shrug_weaker": False, "blade_sticks_out": False},
            "right": {"arm_side_lift": "easy", "grip_weak": True},
        },
    )


def test_the_signs_chart_holds_each_sign_per_side_and_day(owner, make_massage, make_checkin):
    massage = make_massage(owner, days_ago=20)
    _signs_course(massage, make_checkin)

    signs = history_for(massage).signs

    assert signs.kind == "strip"
    assert {s.key: s.points for s in signs.series} == {
        # A harder movement, a weakness noted, then an easy lift and no weak shrug.
        "weakness-left": [(0, 1), (3, 1), (9, 0)],
        # Easy, then a weak grip on day 9.
        "weakness-right": [(0, 0), (9, 1)],
        "numbness-left": [(0, 1)],
        # Yes at one check-in of day 3 and no at the other: the day shows yes.
        "shoulder_lower-left": [(3, 1)],
        "shoulder_lower-right": [(3, 0)],
        "blade_sticks_out-left": [(3, 1), (9, 0)],
        "blade_sticks_out-right": [(3, 0)],
    }
    assert signs.table_columns == [
        "Day",
        "Weakness (your left)",
        "Weakness (your right)",
        "Numbness or tingling (your left)",
        "Shoulder lower than the other (your left)",
        "Shoulder lower than the other (your right)",
        "Shoulder blade sticks out (your left)",
        "Shoulder blade sticks out (your right)",
    ]
    assert signs.table_rows == [
        ["Day 0", "Yes", "No", "Yes", NO_VALUE, NO_VALUE, NO_VALUE, NO_VALUE],
        ["Day 3", "Yes", NO_VALUE, NO_VALUE, "Yes", "No", "Yes", "No"],
        ["Day 9", "No", "Yes", NO_VALUE, NO_VALUE, NO_VALUE, "No", NO_VALUE],
    ]
    assert "Yes if it was there at any check-in, No if the answer was no" in signs.table_caption
    assert signs.summary == [
        "Weakness (your left): yes on 2 days, from day 0 to day 3; no since day 9",
        "Weakness (your right): yes on day 9",
        "Numbness or tingling (your left): yes on day 0; not logged after day 0",
        "Shoulder lower than the other (your left): yes on day 3; not logged after day 3",
        "Shoulder lower than the other (your right): no each time it was asked",
        "Shoulder blade sticks out (your left): yes on day 3; no since day 9",
        "Shoulder blade sticks out (your right): no each time it was asked",
    ]


def test_the_history_keeps_its_shape_with_the_signs_chart_added(owner, make_massage, make_checkin):
    massage = make_massage(owner, days_ago=20)
    _signs_course(massage, make_checkin)

    history = history_for(massage)

    assert history.charts == [history.pain, history.movement, history.signs]
    # The report's sentences stay those of pain, movement and the advice.
    assert not any(sentence.startswith("Weakness") for sentence in history.summary)


def test_three_years_of_signs_make_weekly_points(owner, make_massage):
    days = 3 * 365 + 1
    massage = make_massage(owner, days_ago=days - 1)
    # The arm harder until day 400, easy after; a blade that sticks out in the first year.
    checkins = _daily_history(massage, days, grade=lambda day: "harder" if day < 400 else "easy")
    SideFunction.objects.filter(checkin__in=checkins[:365]).update(blade_sticks_out=True)

    signs = history_for(massage).signs

    weakness = _series(signs, "weakness-left")
    assert len(weakness.points) == 157
    assert dict(weakness.points)[399 // 7 * 7] == 1
    assert dict(weakness.points)[406] == 0
    blade = dict(_series(signs, "blade_sticks_out-left").points)
    assert blade[364] == 1 and 371 not in blade
    assert signs.table_rows[0][0] == "Week of day 0"
    assert signs.summary[0] == (
        "Weakness (your left): yes in 58 weeks, from day 0 to day 399; no since day 406"
    )


def test_the_summary_says_how_each_line_went_in_plain_words(owner, make_massage, make_checkin):
    massage = make_massage(owner, days_ago=30)
    make_checkin(
        massage,
        date=_day(massage, 0),
        symptoms=[_pain(nprs=6), _pain("neck_side", "left", 4), _pain("elbow", "left", 2)],
        functions={
            "left": {"arm_side_lift": "great_effort", "wrist_finger_lift": "harder"},
            "right": {"arm_side_lift": "easy", "wrist_finger_lift": "easy"},
        },
        level="SEE_DOCTOR_ASK_EMG",
    )
    make_checkin(
        massage,
        date=_day(massage, 14),
        symptoms=[_pain(nprs=5), _pain("neck_side", "left", 4)],
        level="SEE_DOCTOR_DAYS",
    )
    make_checkin(
        massage,
        date=_day(massage, 21),
        symptoms=[_pain(nprs=3), _pain("neck_side", "left", 4)],
        functions={
            "left": {"arm_side_lift": "harder", "wrist_finger_lift": "harder"},
            "right": {"arm_side_lift": "easy", "wrist_finger_lift": "cannot"},
        },
        level="MONITOR_SELF_CARE",
    )

    history = history_for(massage)

    assert history.summary == [
        "3 check-ins over 21 days since the massage.",
        "Side of the neck (your left): pain stayed at 4 over 21 days",
        "Top of the shoulder (your left): pain went from 6 to 3 over 21 days",
        "Elbow (your left): pain 2 on day 0; not logged after day 0",
        "Lift arm out to the side (your left): got easier, from great effort to harder",
        "Lift arm out to the side (your right): easy all along",
        "Lift wrist and fingers (your left): still harder than the other side",
        "Lift wrist and fingers (your right): got harder, from easy to not possible",
        "Advice now: Self-care (it changed twice).",
    ]
    assert history.overview == [history.summary[0], history.summary[-1]]
    assert history.pain.summary == history.summary[1:4]
    assert history.current_level == "MONITOR_SELF_CARE"


def test_a_massage_without_checkins_has_empty_charts(massage):
    history = history_for(massage)

    assert history.pain.is_empty
    assert history.movement.is_empty
    assert history.pain.table_rows == []
    assert history.summary == ["No check-ins yet."]
    assert history.markers == [Marker(0, "massage", "Massage")]
    assert history.span_days == 0


def test_days_since_counts_whole_days_in_the_database(massage, make_checkin):
    make_checkin(massage, date=_day(massage, 4))

    days = CheckIn.objects.annotate(days=DaysSince("date", massage.date)).get().days
    from_column = CheckIn.objects.annotate(days=DaysSince("date", "massage__date")).get().days

    assert days == from_column == 4


@pytest.mark.parametrize(
    ("latest", "previous", "course", "expected"),
    [
        (3, 6, "", "better"),
        (7, 4, "better", "worse"),  # the pain numbers come first
        (4, 4, "better", "better"),  # the same pain: the person's own answer says more
        (4, 4, "", "same"),
        (None, 5, "worse", "worse"),
        (5, None, "comes_and_goes", "comes_and_goes"),
    ],
)
def test_the_trend_comes_from_the_worst_pain_then_the_course_answer(
    latest, previous, course, expected
):
    trend = trend_of(latest, previous, course)
    assert trend.code == expected
    assert trend.word == v.COURSES[expected]


def test_there_is_no_trend_from_a_single_checkin_without_a_course_answer():
    assert trend_of(5, None, "") is None


# The drawing -------------------------------------------------------------------------------


def _parse(svg):
    return ET.fromstring(str(svg))


def _chart(*series, key="pain", x_max=21):
    return Chart(
        key=key,
        title="Pain",
        series=list(series),
        x_max=x_max,
        y_max=10,
        y_labels={n: str(n) for n in range(0, 11, 2)},
        what="Pain from 0 to 10",
    )


def test_the_svg_parses_and_holds_one_line_per_series_with_every_point():
    chart = _chart(
        Series("a", "Top of the shoulder (your left)", [(0, 6), (7, 5), (21, 3)]),
        Series("b", "Side of the neck (your left)", [(2, 4), (9, 1)]),
    )

    root = _parse(chart.svg([Marker(0, "massage", "Massage")]))

    assert root.tag == f"{SVG}svg"
    lines = root.findall(f".//{SVG}g[@class='series']/{SVG}polyline")
    assert [len(line.get("points").split()) for line in lines] == [3, 2]
    # Different colours and different dash patterns: never colour alone.
    assert len({line.get("stroke") for line in lines}) == 2
    assert len({line.get("stroke-dasharray") for line in lines}) == 2
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Top of the shoulder (your left)" in texts
    assert "Side of the neck (your left)" in texts
    assert {"day 0", "day 7", "day 14", "day 21"} <= set(texts)
    assert {"0", "10"} <= set(texts)


def test_the_svg_is_an_image_named_by_its_title_and_description():
    chart = _chart(Series("a", "Elbow (your left)", [(0, 2)]))

    root = _parse(chart.svg([], id_prefix="pain-wide"))

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "pain-wide-title pain-wide-desc"
    assert root.find(f"{SVG}title").get("id") == "pain-wide-title"
    description = root.find(f"{SVG}desc")
    assert description.get("id") == "pain-wide-desc"
    assert "Elbow (your left)" in description.text
    assert root.get("viewBox").startswith("0 0 640 ")
    assert root.get("width") == "100%"


def test_the_svg_uses_presentation_attributes_never_style():
    chart = _chart(Series("a", "Elbow (your left)", [(0, 2), (5, 3)]))
    svg = str(chart.svg([Marker(0, "massage", "Massage"), Marker(3, "doctor", "Saw a doctor")]))

    assert "style" not in svg
    assert "<script" not in svg
    assert 'stroke="#' in svg


def test_markers_are_vertical_lines_with_short_labels():
    chart = _chart(Series("a", "Elbow (your left)", [(0, 2), (21, 3)]))
    markers = [
        Marker(0, "massage", "Massage"),
        Marker(9, "doctor", "Saw a doctor"),
        Marker(14, "level", "Advice: Self-care", "Self-care"),
    ]

    root = _parse(chart.svg(markers))

    group = root.find(f".//{SVG}g[@class='markers']")
    lines = group.findall(f".//{SVG}line")
    assert len(lines) == 3
    assert lines[1].find(f"{SVG}title").text == "Day 9: Saw a doctor"
    assert [t.text for t in group.findall(f".//{SVG}text")] == ["Massage", "Doctor", "Self-care"]
    # The line of day 9 stands between those of day 0 and day 21.
    xs = [float(line.get("x1")) for line in lines]
    assert xs[0] < xs[1] < xs[2]


def _marker_parts(svg):
    """Each marker of a drawing as (kind, line, label or None), and the drawing's width."""
    root = _parse(svg)
    groups = root.findall(f".//{SVG}g[@class='marker']")
    parts = [(g.get("data-kind"), g.find(f"{SVG}line"), g.find(f"{SVG}text")) for g in groups]
    return parts, float(root.get("viewBox").split()[2])


def _label_span(label):
    """The left and right ends of a label's text, as the drawing measures it."""
    x, width = float(label.get("x")), len(label.text) * 11 * 0.58
    return (x, x + width) if label.get("text-anchor") == "start" else (x - width, x)


def _assert_labels_sit_on_their_lines(svg):
    parts, width = _marker_parts(svg)
    labelled = [(line, label) for _, line, label in parts if label is not None]
    for line, label in labelled:
        x, baseline = float(line.get("x1")), float(label.get("y"))
        start, end = _label_span(label)
        # Inside the drawing, next to its own line, and the line reaches up to it.
        assert start >= 0 and end <= width
        # (3 px from it, or from the last of the lines of its day, 3 px apart each).
        gap = float(label.get("x")) - x
        assert 3 <= (gap if label.get("text-anchor") == "start" else -gap) <= 3 + 3 * 2
        assert float(line.get("y1")) <= baseline - 8
        # No other marker's line runs through it, and it overlaps no other label.
        for other, other_label in ((line2, l2) for _, line2, l2 in parts if line2 is not line):
            if float(other.get("y1")) < baseline:
                assert not start - 1 <= float(other.get("x1")) <= end + 1
            if other_label is not None and other_label.get("y") == label.get("y"):
                other_start, other_end = _label_span(other_label)
                assert end < other_start or other_end < start
    return labelled


@pytest.mark.parametrize("width", [360, 720])
def test_marker_labels_stay_next_to_their_own_lines_inside_the_chart(width):
    chart = _chart(Series("a", "Elbow (your left)", [(0, 2), (28, 3)]), x_max=28)
    markers = [
        Marker(0, "massage", "Massage"),
        Marker(
            0, "level", "Advice: See a doctor, ask about an EMG", "See a doctor, ask about an EMG"
        ),
        Marker(3, "emergency", "Emergency advice: get emergency help now", "Emergency"),
        Marker(6, "doctor", "Saw a doctor"),
        Marker(17, "level", "Advice: Self-care", "Self-care"),
        Marker(20, "doctor", "Saw a doctor"),
        Marker(21, "emg", "EMG (nerve test) done"),
        Marker(28, "doctor", "Saw a doctor"),
    ]

    labelled = _assert_labels_sit_on_their_lines(chart.svg(markers, width=width))

    texts = [label.text for _, label in labelled]
    # The emergency's label always keeps its place; on a desktop every label fits.
    assert "Emergency" in texts
    if width == 720:
        assert len(texts) == len(markers)


def test_markers_of_one_day_are_drawn_side_by_side_each_with_its_label():
    chart = _chart(Series("a", "Elbow (your left)", [(0, 2), (21, 3)]))
    markers = [Marker(6, "doctor", "Saw a doctor"), Marker(6, "emg", "EMG (nerve test) done")]

    labelled = _assert_labels_sit_on_their_lines(chart.svg(markers))

    (left_line, left_label), (right_line, right_label) = sorted(
        labelled, key=lambda pair: float(pair[0].get("x1"))
    )
    assert 2 <= float(right_line.get("x1")) - float(left_line.get("x1")) <= 4
    # Each label on its own line's side of the pair, not past the other line.
    assert left_label.get("text-anchor") == "end"
    assert right_label.get("text-anchor") == "start"


def test_crowded_marker_labels_never_overlap_and_the_lines_all_stay():
    chart = _chart(Series("a", "Elbow (your left)", [(0, 2), (21, 3)]))
    markers = [Marker(day, "doctor", "Saw a doctor") for day in range(0, 8)]

    svg = chart.svg(markers, width=360)

    parts, _ = _marker_parts(svg)
    assert len(parts) == 8
    labelled = _assert_labels_sit_on_their_lines(svg)
    assert 2 <= len(labelled) < 8
    assert len({label.get("y") for _, label in labelled}) <= 3


def test_an_emergency_keeps_its_label_among_crowded_markers():
    chart = _chart(Series("a", "Elbow (your left)", [(0, 2), (21, 3)]))
    markers = [Marker(day, "doctor", "Saw a doctor") for day in range(22)]
    markers.insert(11, Marker(10, "emergency", "Emergency advice", "Emergency"))
    markers.insert(13, Marker(11, "emergency", "Emergency advice", "Emergency"))

    labelled = _assert_labels_sit_on_their_lines(chart.svg(markers, width=360))

    # An emergency pushes doctor labels aside, never the label (or the line) of another.
    emergencies = [label for line, label in labelled if label.text == "Emergency"]
    assert len(emergencies) == 2
    assert any(label.text == "Doctor" for _, label in labelled)


def test_an_emergency_marker_differs_from_a_doctor_visit_by_more_than_colour():
    chart = _chart(Series("a", "Elbow (your left)", [(0, 2), (21, 3)]))
    markers = [
        Marker(3, "emergency", "Emergency advice: get emergency help now", "Emergency"),
        Marker(9, "doctor", "Saw a doctor"),
    ]

    parts, _ = _marker_parts(chart.svg(markers))

    (_, emergency, emergency_label), (_, doctor, doctor_label) = parts
    assert emergency.get("stroke") != doctor.get("stroke")
    assert emergency.get("stroke-dasharray") == "none" != doctor.get("stroke-dasharray")
    assert float(emergency.get("stroke-width")) >= 2 * float(doctor.get("stroke-width"))
    assert (emergency_label.text, emergency_label.get("font-weight")) == ("Emergency", "700")
    assert (doctor_label.text, doctor_label.get("font-weight")) == ("Doctor", "400")


def _polyline_ys(svg):
    root = _parse(svg)
    return {
        group.get("data-series"): [
            float(point.split(",")[1])
            for point in group.find(f"{SVG}polyline").get("points").split()
        ]
        for group in root.findall(f".//{SVG}g[@class='series']")
    }


def test_lines_that_share_values_are_drawn_a_little_apart():
    days = [(0, 0), (7, 0), (14, 0)]
    chart = _chart(
        Series("lift-right", "Lift arm (your right)", days),
        Series("wrist-right", "Lift wrist (your right)", days),
        Series("overhead-right", "Raise arm (your right)", days),
        Series("lift-left", "Lift arm (your left)", [(0, 3), (7, 2), (14, 1)]),
        key="movement",
        x_max=14,
    )
    chart.y_max = 3

    for width, height in ((720, 280), (360, 300)):
        ys = _polyline_ys(chart.svg([], width=width, height=height))
        easy = [ys[key][0] for key in ("lift-right", "wrist-right", "overhead-right")]
        # Three distinct heights, each line level (the same offset all along), close together.
        assert len(set(easy)) == 3
        assert all(len(set(ys[key])) == 1 for key in ("lift-right", "wrist-right"))
        assert min(b - a for a, b in itertools.pairwise(sorted(easy))) >= 3
        assert max(easy) - min(easy) <= 20
        # The line that shares nothing keeps its exact place: a grade apart each week.
        left = ys["lift-left"]
        assert left[1] - left[0] == pytest.approx(left[2] - left[1], abs=0.2)
        assert sum(easy) / 3 == pytest.approx(left[0] + 3 * (left[1] - left[0]), abs=0.5)


def test_only_lines_that_meet_are_moved():
    assert series_offsets([[(0, 1)], [(0, 2)]], max_spread=10) == [0, 0]
    # a meets b, b meets c: one group of three around the true place, 5 px apart at most.
    offsets = series_offsets([[(0, 1), (1, 1)], [(1, 1), (2, 2)], [(2, 2)], [(5, 5)]], 8)
    assert offsets == [-4, 0, 4, 0]
    assert series_offsets([[(0, 0)], [(0, 0)]], max_spread=20) == [-2.5, 2.5]


def test_the_signs_chart_draws_a_row_per_sign_with_a_bar_for_yes_and_a_thin_line_for_no(
    owner, make_massage, make_checkin
):
    massage = make_massage(owner, days_ago=20)
    _signs_course(massage, make_checkin)
    history = history_for(massage)

    for width in (360, 720):
        svg = str(history.signs.svg(history.markers, width=width, id_prefix="signs"))
        root = _parse(svg)

        assert "style=" not in svg
        assert root.find(f"{SVG}title").text == "Signs to watch over the days since the massage"
        assert (
            "one row each for: Weakness (your left); Weakness (your right)"
            in root.find(f"{SVG}desc").text
        )
        rows = root.findall(f".//{SVG}g[@class='series']")
        assert [row.get("data-series") for row in rows] == [s.key for s in history.signs.series]
        weakness = rows[0]
        assert weakness.find(f"{SVG}text").text == "Weakness (your left)"
        bars = weakness.findall(f"{SVG}rect")
        # Days 0 and 3 yes (tall, in the sign's colour), day 9 no (thin, grey).
        assert [bar.get("height") for bar in bars] == ["12", "12", "3"]
        assert bars[0].get("fill") != bars[2].get("fill")
        xs = [float(bar.get("x")) for bar in bars]
        assert xs == sorted(xs)
        # Rows stand apart, top to bottom, and every bar stays inside the drawing.
        tracks = [float(row.find(f"{SVG}rect").get("y")) for row in rows]
        assert all(b - a >= 30 for a, b in itertools.pairwise(tracks))
        for bar in root.iter(f"{SVG}rect"):
            assert (
                float(bar.get("x")) >= 0 and float(bar.get("x")) + float(bar.get("width")) <= width
            )
        legend = [t.text for t in root.find(f".//{SVG}g[@class='legend']").iter(f"{SVG}text")]
        assert legend[:2] == ["Yes: felt, seen or answered yes", "No: answered no"]
        _assert_labels_sit_on_their_lines(svg)


def test_days_in_a_row_with_one_answer_make_one_bar():
    chart = Chart(
        key="signs",
        title="Signs to watch",
        series=[
            Series(
                "weakness-left",
                "Weakness (your left)",
                [(0, 1), (1, 1), (2, 1), (3, 0), (4, 0), (6, 1)],
            )
        ],
        x_max=6,
        y_max=1,
        kind="strip",
    )

    row = _parse(chart.svg([])).find(f".//{SVG}g[@class='series']")

    bars = [
        (float(r.get("x")), float(r.get("width")), r.get("height")) for r in row.iter(f"{SVG}rect")
    ]
    assert [height for *_, height in bars] == ["12", "3", "12"]
    # Days 0 to 2 are one bar, from the start of day 0 to the end of day 2: two days
    # longer than the single day 6; the "no" of days 3 and 4 one day longer.
    (x0, yes_run, _), (x1, no_run, _), (_, one_day, _) = bars
    day = no_run - one_day
    assert yes_run - one_day == pytest.approx(2 * day, abs=0.2)
    assert x1 - x0 == pytest.approx(3 * day, abs=0.2)


def test_an_empty_chart_still_draws_its_axes():
    root = _parse(_chart().svg([Marker(0, "massage", "Massage")]))

    assert root.findall(f".//{SVG}polyline") == []
    assert "day 0" in [t.text for t in root.iter(f"{SVG}text")]


def test_a_region_label_cannot_inject_markup(monkeypatch, massage, make_checkin):
    monkeypatch.setitem(v.SHORT_REGION_LABELS, "shoulder_top", '<script>alert("x")</script>')
    make_checkin(massage, symptoms=[_pain(nprs=5)])
    history = history_for(massage)

    svg = str(history.pain.svg(history.markers))

    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    root = _parse(svg)
    assert '<script>alert("x")</script> (your left)' in [t.text for t in root.iter(f"{SVG}text")]
    assert root.find(f".//{SVG}script") is None


def test_a_three_year_chart_stays_at_weekly_points(owner, make_massage):
    massage = make_massage(owner, days_ago=3 * 365)
    _daily_history(massage, 3 * 365 + 1)
    history = history_for(massage)

    root = _parse(history.pain.svg(history.markers, width=720, height=280))

    (line,) = root.findall(f".//{SVG}polyline")
    assert len(line.get("points").split()) == 157
    # Shapes sit on some points only, so the line stays readable.
    shapes = root.findall(f".//{SVG}g[@class='series']/{SVG}circle")
    assert 10 < len(shapes) < 157
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.text.startswith("day ")]
    assert len(ticks) <= 12


def test_a_description_counts_the_markers_when_there_are_many():
    chart = _chart(Series("a", "Elbow (your left)", [(0, 2), (200, 3)]), x_max=200)
    markers = [Marker(0, "massage", "Massage")]
    markers += [Marker(day, "doctor", "Saw a doctor") for day in range(10, 200, 10)]

    description = _parse(chart.svg(markers)).find(f"{SVG}desc").text

    assert "the massage (1), doctor visits (19)" in description
    assert "on day 190" not in description
