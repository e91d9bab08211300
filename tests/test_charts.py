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
    lines = group.findall(f"{SVG}line")
    assert len(lines) == 3
    assert lines[1].find(f"{SVG}title").text == "Day 9: Saw a doctor"
    assert [t.text for t in group.findall(f"{SVG}text")] == ["Massage", "Doctor", "Self-care"]
    # The line of day 9 stands between those of day 0 and day 21.
    xs = [float(line.get("x1")) for line in lines]
    assert xs[0] < xs[1] < xs[2]


def test_crowded_marker_labels_never_overlap_and_the_lines_all_stay():
    chart = _chart(Series("a", "Elbow (your left)", [(0, 2), (21, 3)]))
    markers = [Marker(day, "doctor", "Saw a doctor") for day in range(0, 8)]

    group = _parse(chart.svg(markers, width=360)).find(f".//{SVG}g[@class='markers']")

    assert len(group.findall(f"{SVG}line")) == 8
    labels = group.findall(f"{SVG}text")
    assert 3 <= len(labels) < 8
    rows = {}
    for label in labels:
        rows.setdefault(label.get("y"), []).append(float(label.get("x")))
    assert len(rows) == 3
    label_width = len("Doctor") * 11 * 0.58
    for xs in rows.values():
        assert all(b - a > label_width for a, b in itertools.pairwise(xs))


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
