"""The history page of one massage: charts, tables and summary, for its owner only."""

import datetime
import re
from collections import Counter

import pytest
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in, assert_shows, page_html
from tracker.models import CheckIn, SideFunction, Symptom
from tracker.triage import vocabulary as v

pytestmark = pytest.mark.django_db


def _url(massage):
    return reverse("massage_history", args=[massage.pk])


def _add_checkins(massage, count):
    """``count`` check-ins over a month, in bulk: pain, arm answers, doctor visits, levels."""
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
    SideFunction.objects.bulk_create(
        SideFunction(checkin=c, side=side, arm_side_lift=grade)
        for i, c in enumerate(checkins)
        for side, grade in (("left", ["harder", "cannot"][i % 2]), ("right", "easy"))
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
    # Each chart is drawn twice (wide, and narrow for phones) with its table once.
    assert html.count('role="img"') == 4
    assert html.count("<table") == 2
    assert '<th scope="col">Top of the shoulder (your left)</th>' in html
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
    assert "<svg" not in html
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


@pytest.mark.parametrize("count", [10, 1000])
def test_the_number_of_queries_does_not_grow_with_the_history(
    owner_client, month_old_massage, django_assert_num_queries, count
):
    _add_checkins(month_old_massage, count)
    # 1 session, 2 user, 3 the massage, 4 the span, count, first EMG and latest change of its
    # check-ins (the cache key), 5 the worst pain per region, side and day, 6 the worst
    # movement grade per question, side and day, 7 the changes of advice, 8 the days with a
    # doctor visit. A second look, with nothing changed, takes the first four only.
    with django_assert_num_queries(8):
        response = owner_client.get(_url(month_old_massage))
    assert response.status_code == 200
    assert f"{count} check-ins over" in response.content.decode()
