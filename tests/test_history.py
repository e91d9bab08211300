"""The history page of one massage: charts, tables and summary, for its owner only."""

import datetime
import re
from collections import Counter

import pytest
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in, assert_shows, page_html
from tracker.charts import NO_VALUE
from tracker.models import CheckIn, SideFunction, Symptom
from tracker.triage import vocabulary as v

pytestmark = pytest.mark.django_db


def _url(massage):
    return reverse("massage_history", args=[massage.pk])


def _add_checkins(massage, count):
    """``count`` check-ins over a month, in bulk: pain, tingling in the hand, arm answers, a
    shoulder blade that sticks out in the first week, doctor visits, levels."""
    levels = ["SEE_DOCTOR_ASK_EMG", "SEE_DOCTOR_DAYS", "MONITOR_SELF_CARE"]
    checkins = CheckIn.objects.bulk_create(
        CheckIn(
            massage=massage,
            date=massage.date + datetime.timedelta(days=i % 30),
            seen_doctor=i % 7 == 3,
            emg_done=i % 30 > 20,
            level=levels[i % 3],
        )
        for i in range(count)
    )
    Symptom.objects.bulk_create(
        Symptom(checkin=c, kind="ache", region=region, side="left", nprs=(i + n) % 11)
        for i, c in enumerate(checkins)
        for n, region in enumerate(("neck_side", "shoulder_top"))
    )
    Symptom.objects.bulk_create(
        Symptom(checkin=c, kind="tingling", region="hand_palm", side="left")
        for i, c in enumerate(checkins)
        if i % 30 == 2
    )
    SideFunction.objects.bulk_create(
        SideFunction(
            checkin=c, side=side, arm_side_lift=grade, blade_sticks_out=blade and i % 30 < 7
        )
        for i, c in enumerate(checkins)
        for side, grade, blade in (
            ("left", ["harder", "cannot"][i % 2], True),
            ("right", "easy", False),
        )
    )


@pytest.fixture
def month_old_massage(owner, make_massage):
    return make_massage(owner, days_ago=40)


def test_the_owner_sees_the_charts_their_tables_and_the_summary(
    owner_client, month_old_massage, make_checkin
):
    massage = month_old_massage
    make_checkin(
        massage,
        date=massage.date,
        symptoms=[{"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 6}],
        functions={"left": {"arm_side_lift": "great_effort"}, "right": {"arm_side_lift": "easy"}},
        level="SEE_DOCTOR_ASK_EMG",
    )
    make_checkin(
        massage,
        date=massage.date + datetime.timedelta(days=21),
        symptoms=[{"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 3}],
        functions={"left": {"arm_side_lift": "harder"}, "right": {"arm_side_lift": "easy"}},
        seen_doctor=True,
        level="SEE_DOCTOR_DAYS",
    )

    html = page_html(owner_client.get(_url(massage)))

    assert_shows(
        html,
        "Top of the shoulder (your left): pain went from 6 to 3 over 21 days",
        "Lift arm out to the side (your left): got easier, from great effort to harder",
        "Advice now: See a doctor (it changed once).",
    )
    # Each chart (pain, movement, signs) is drawn twice (wide, and narrow for phones) with its
    # table once.
    assert html.count('role="img"') == 6
    assert html.count("<table") == 3
    assert '<th scope="col">Top of the shoulder (your left)</th>' in html
    assert '<h2 class="h4 mt-4" id="signs-heading">Signs to watch</h2>' in html
    assert '<th scope="col">Weakness (your left)</th>' in html
    assert "Weakness (your right): no each time it was asked" in html
    assert '<th scope="row">Day 21</th>' in html
    assert "Day 21: Saw a doctor" in html
    assert reverse("massage_report", args=[massage.pk]) in html
    assert massage.get_absolute_url() in html


def test_every_id_on_the_page_is_unique(owner_client, month_old_massage):
    _add_checkins(month_old_massage, 12)

    html = owner_client.get(_url(month_old_massage)).content.decode()

    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert ids
    assert [name for name, count in ids.items() if count > 1] == []
    for labelled_by in re.findall(r'aria-labelledby="([^"]+)"', html):
        assert all(ids[name] == 1 for name in labelled_by.split())


def test_the_page_has_no_inline_style_or_script(owner_client, month_old_massage):
    _add_checkins(month_old_massage, 12)

    html = owner_client.get(_url(month_old_massage)).content.decode()

    assert "<style" not in html
    assert " style=" not in html
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))


def test_a_chart_without_data_is_left_out_with_a_sentence(
    owner_client, month_old_massage, make_checkin
):
    make_checkin(month_old_massage)  # pain in the shoulder, no movement answers

    html = owner_client.get(_url(month_old_massage)).content.decode()

    assert html.count('role="img"') == 2
    assert "No movement answers yet" in html


def test_a_massage_without_checkins_says_how_the_charts_fill_in(owner_client, massage):
    response = owner_client.get(_url(massage))

    assert response.status_code == 200
    html = response.content.decode()
    assert "No check-ins yet" in html
    assert 'class="chart-svg"' not in html
    assert reverse("checkin_create", args=[massage.pk]) in html


def test_a_label_cannot_inject_markup_into_the_page(
    owner_client, month_old_massage, make_checkin, monkeypatch
):
    monkeypatch.setitem(v.SHORT_REGION_LABELS, "shoulder_top", "<script>alert(1)</script>")
    make_checkin(month_old_massage)

    html = owner_client.get(_url(month_old_massage)).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (your left)" in html


def test_another_person_gets_not_found(other_client, massage):
    assert other_client.get(_url(massage)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, massage):
    response = client.get(_url(massage))

    assert_sent_to_log_in(response, _url(massage))


def test_it_only_answers_get(owner_client, massage):
    assert owner_client.post(_url(massage)).status_code == 405


def test_the_page_is_never_cached(owner_client, massage):
    response = owner_client.get(_url(massage))

    assert "no-store" in response["Cache-Control"]


def test_an_emergency_is_marked_apart_from_doctor_visits(
    owner_client, month_old_massage, make_checkin
):
    massage = month_old_massage
    make_checkin(massage, date=massage.date, level="SEE_DOCTOR_DAYS")
    make_checkin(
        massage,
        date=massage.date + datetime.timedelta(days=4),
        level="EMERGENCY_NOW",
        seen_doctor=True,
    )

    html = page_html(owner_client.get(_url(massage)))

    assert_shows(
        html,
        "Day 4: Emergency advice: get emergency help now",
        "Day 4: Saw a doctor",
    )
    # On both drawings of the pain chart (the only chart: no movement answers, no signs).
    assert html.count('<g class="marker" data-kind="emergency">') == 2


@pytest.mark.parametrize("count", [10, 1000])
def test_the_number_of_queries_does_not_grow_with_the_history(
    owner_client, month_old_massage, django_assert_num_queries, count
):
    _add_checkins(month_old_massage, count)
    # 1 session, 2 user, 3 the massage, 4 the span, count, first EMG and latest change of its
    # check-ins (the cache key), 5 the worst pain per region, side and day with whether
    # weakness, numbness or tingling was felt, 6 the worst movement grade per question and the
    # yes/no signs per side and day, 7 the changes of advice, 8 the days with a doctor visit.
    # The signs chart has no query of its own. A second look, with nothing changed, takes the
    # first four only.
    with django_assert_num_queries(8):
        response = owner_client.get(_url(month_old_massage))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{count} check-ins over" in html
    # The signs chart, from the same two queries: the left arm weak every day; tingling on day
    # 2; the left shoulder blade out in the first week and not after, never the right one.
    columns = [
        "Weakness (your left)",
        "Weakness (your right)",
        "Numbness or tingling (your left)",
        "Shoulder blade sticks out (your left)",
        "Shoulder blade sticks out (your right)",
    ]
    assert "".join(f'<th scope="col">{c}</th>' for c in columns) in html
    assert _row(2, "Yes", "No", "Yes", "Yes", "No") in html
    assert _row(8, "Yes", "No", NO_VALUE, "No", "No") in html
    assert (
        "Shoulder blade sticks out (your left): yes on 7 days, from day 0 to day 6; no since day 7"
    ) in html


def _row(day, *cells):
    return f'<tr><th scope="row">Day {day}</th>' + "".join(f"<td>{c}</td>" for c in cells)
