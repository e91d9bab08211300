"""The overview of all of a person's massages: the advice now, the trend, a link to the charts."""

import datetime

import pytest
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in
from tracker.models import CheckIn, Symptom

pytestmark = pytest.mark.django_db

URL = reverse("history_overview")


def _pain(nprs, region="shoulder_top"):
    return [{"kind": "ache", "region": region, "side": "left", "nprs": nprs}]


def _later(massage, days):
    return massage.date + datetime.timedelta(days=days)


def test_each_massage_shows_its_advice_now_and_its_trend(
    owner_client, owner, make_massage, make_checkin
):
    easing = make_massage(owner, days_ago=20, types=["thai"])
    make_checkin(easing, date=easing.date, symptoms=_pain(7), level="SEE_DOCTOR_DAYS")
    make_checkin(
        easing,
        date=_later(easing, 5),
        symptoms=[*_pain(2), *_pain(4, "neck_side")],
        level="MONITOR_SELF_CARE",
    )
    worse = make_massage(owner, days_ago=10, types=["sports"])
    make_checkin(worse, date=worse.date, symptoms=_pain(3), level="MONITOR_SELF_CARE")
    make_checkin(worse, date=_later(worse, 2), symptoms=_pain(6), level="SEE_DOCTOR_ASK_EMG")

    response = owner_client.get(URL)

    assert response.status_code == 200
    shown = {m.pk: m for m in response.context["page"]}
    assert shown[easing.pk].level_label == "Self-care"
    assert shown[easing.pk].trend.word == "Better"
    assert shown[easing.pk].trend.reason == "worst pain from 7 to 4 since the check-in before"
    assert shown[worse.pk].trend.word == "Worse"
    html = response.content.decode()
    assert html.index(str(worse)) < html.index(str(easing))  # newest first
    assert "See a doctor, ask about an EMG" in html
    assert reverse("massage_history", args=[easing.pk]) in html
    assert reverse("massage_history", args=[worse.pk]) in html


def test_without_a_change_in_pain_the_persons_own_answer_gives_the_trend(
    owner_client, owner, make_massage, make_checkin
):
    massage = make_massage(owner, days_ago=10)
    make_checkin(massage, date=massage.date, symptoms=_pain(4))
    make_checkin(massage, date=_later(massage, 3), symptoms=_pain(4), course="better")

    html = owner_client.get(URL).content.decode()

    assert "Better" in html
    assert "your answer at the latest check-in" in html


def test_a_single_checkin_has_no_trend_yet_and_a_massage_without_checkins_says_so(
    owner_client, owner, make_massage, make_checkin
):
    make_checkin(make_massage(owner, days_ago=8), symptoms=_pain(5))
    make_massage(owner, days_ago=2, types=["relaxation"])

    html = owner_client.get(URL).content.decode()

    assert "Not known yet: check in again to see it" in html
    assert "No check-ins yet." in html


def test_it_only_lists_the_persons_own_massages(owner_client, other_user, make_massage):
    make_massage(other_user, types=["shiatsu"])

    html = owner_client.get(URL).content.decode()

    assert "Shiatsu" not in html
    assert "Record a massage" in html


def test_it_paginates_massages(owner_client, owner, make_massage):
    for days in range(12):
        make_massage(owner, days_ago=days + 1)

    first = owner_client.get(URL)

    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["page"].object_list) == 10
    assert len(owner_client.get(URL, {"page": "2"}).context["page"]) == 2
    assert owner_client.get(URL, {"page": "nonsense"}).status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert_sent_to_log_in(response, URL)


def test_it_only_answers_get_and_is_never_cached(owner_client):
    assert owner_client.post(URL).status_code == 405
    assert "no-store" in owner_client.get(URL)["Cache-Control"]


@pytest.mark.parametrize("count", [5, 300])
def test_the_number_of_queries_does_not_grow_with_the_history(
    owner_client, owner, make_massage, django_assert_num_queries, count
):
    for days in (3, 30, 60):
        massage = make_massage(owner, days_ago=days)
        checkins = CheckIn.objects.bulk_create(
            CheckIn(
                massage=massage,
                date=_later(massage, i % 3),
                level="SEE_DOCTOR_DAYS",
                course="same",
            )
            for i in range(count)
        )
        Symptom.objects.bulk_create(
            Symptom(checkin=c, kind="ache", region="neck_side", side="left", nprs=i % 10)
            for i, c in enumerate(checkins)
        )
    # 1 session, 2 user, 3 count of massages, 4 the page of massages with their check-in
    # counts, 5 the last two check-ins of each, with their worst pain.
    with django_assert_num_queries(5):
        response = owner_client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("See a doctor") == 3
    assert f"{count} check-ins" in response.content.decode()
