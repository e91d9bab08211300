import datetime

import pytest
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in
from tracker.models import CheckIn, Symptom

pytestmark = pytest.mark.django_db


def _add_checkins(massage, count):
    checkins = CheckIn.objects.bulk_create(
        CheckIn(massage=massage, date=massage.date + datetime.timedelta(days=i % 5), course="same")
        for i in range(count)
    )
    Symptom.objects.bulk_create(
        Symptom(checkin=c, kind="ache", region="neck_side", side="left", nprs=3) for c in checkins
    )


def test_it_shows_massages_newest_first_with_their_latest_checkins(
    owner_client, owner, make_massage, make_checkin
):
    older = make_massage(owner, days_ago=40, types=["relaxation"])
    newer = make_massage(owner, days_ago=4)
    make_checkin(newer, date=newer.date, course="worse")
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert html.index(str(newer)) < html.index(str(older))
    assert "Worse since last time." in html
    assert "Side of the neck (your left)" in html
    assert "1 check-in" in html


def test_it_only_lists_the_persons_own_massages(owner_client, other_user, make_massage):
    make_massage(other_user, types=["thai"])
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert "Thai" not in html
    assert "Record a massage" in html


def test_it_paginates_massages(owner_client, owner, make_massage):
    for days in range(12):
        make_massage(owner, days_ago=days + 1)
    first = owner_client.get(reverse("dashboard"))
    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["page"].object_list) == 10
    assert len(owner_client.get(reverse("dashboard"), {"page": "2"}).context["page"]) == 2
    assert owner_client.get(reverse("dashboard"), {"page": "nonsense"}).status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_the_number_of_queries_does_not_grow_with_the_history(
    owner_client, owner, make_massage, django_assert_num_queries, count
):
    for days in (3, 30):
        _add_checkins(make_massage(owner, days_ago=days), count)
    # 1 session, 2 user, 3 count of massages, 4 the page of massages with their counts (and
    # the cache key), 5 their latest check-ins, 6 those check-ins' symptoms, 7 their movement
    # answers, 8 the changes of triage level. A second look takes the first four only.
    with django_assert_num_queries(8):
        response = owner_client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert f"See all {count} check-ins" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("dashboard"))
    assert_sent_to_log_in(response, "/dashboard/")
