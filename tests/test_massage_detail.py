"""One massage in plain words, with its check-ins newest first."""

import datetime

import pytest
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in, assert_shows, page_html
from tracker.models import CheckIn, Symptom


def url(massage, page=None):
    address = reverse("massage_detail", args=[massage.pk])
    return f"{address}?page={page}" if page is not None else address


def make_checkins(massage, count):
    """``count`` check-ins with a symptom each, on days after the massage (fast: two inserts)."""
    checkins = CheckIn.objects.bulk_create(
        CheckIn(massage=massage, date=massage.date + datetime.timedelta(days=i % 5), notes=str(i))
        for i in range(count)
    )
    Symptom.objects.bulk_create(
        Symptom(checkin=c, kind="ache", region="neck_side", side="left", nprs=3) for c in checkins
    )
    return checkins


def test_it_shows_the_massage_in_plain_words(owner_client, make_massage, owner):
    massage = make_massage(
        owner,
        pain_during_region="neck_side",
        pain_during_side="left",
        pain_during_nprs=8,
        pain_during_quality="electric",
        provider_type="physio",
        notes="<script>alert(1)</script>",
    )
    body = page_html(owner_client.get(url(massage)))
    assert_shows(
        body,
        "Deep tissue",
        "Side of the neck, between ear and shoulder (your left)",
        "Very firm",
        "Elbow or forearm",
        "8 out of 10, electric",
        "Physiotherapist",
        "During the massage",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    )
    assert "<script>alert(1)" not in body


def test_it_offers_a_check_in_edit_and_delete(owner_client, massage):
    assert_shows(
        owner_client.get(url(massage)).content.decode(),
        f'href="{reverse("checkin_create", args=[massage.pk])}"',
        f'href="{reverse("massage_update", args=[massage.pk])}"',
        f'href="{reverse("massage_delete", args=[massage.pk])}"',
        "No check-ins yet.",
    )


def test_it_offers_no_change_only_after_a_first_check_in(owner_client, massage, make_checkin):
    no_change = reverse("checkin_no_change", args=[massage.pk])
    assert no_change not in owner_client.get(url(massage)).content.decode()
    make_checkin(massage)
    body = owner_client.get(url(massage)).content.decode()
    assert f'action="{no_change}"' in body
    assert "No change since last time" in body


def test_it_lists_check_ins_newest_first(owner_client, massage, make_checkin):
    older = make_checkin(massage, date=massage.date + datetime.timedelta(days=1))
    newer = make_checkin(massage, date=massage.date + datetime.timedelta(days=3))
    body = owner_client.get(url(massage)).content.decode()
    assert body.index(f"checkin-{newer.pk}-title") < body.index(f"checkin-{older.pk}-title")


def test_it_shows_20_check_ins_a_page(owner_client, massage):
    make_checkins(massage, 45)
    first = owner_client.get(url(massage))
    assert len(first.context["page"]) == 20
    assert "Page 1 of 3" in first.content.decode()
    last = owner_client.get(url(massage, 3))
    assert len(last.context["page"]) == 5


@pytest.mark.parametrize(("page", "number"), [("999", 3), ("abc", 1), ("-1", 3), ("", 1)])
def test_a_page_out_of_range_shows_the_nearest_page(owner_client, massage, page, number):
    make_checkins(massage, 45)
    response = owner_client.get(url(massage, page))
    assert response.status_code == 200
    assert response.context["page"].number == number


@pytest.mark.parametrize("count", [5, 200])
def test_its_queries_do_not_grow_with_check_ins(
    owner_client, massage, count, django_assert_num_queries
):
    make_checkins(massage, count)
    # 1 session, 2 user, 3 massage, 4 count of check-ins, 5 the page of check-ins,
    # 6 their symptoms, 7 their movement answers.
    with django_assert_num_queries(7):
        response = owner_client.get(url(massage))
    assert response.status_code == 200


def test_it_answers_404_to_another_person(other_client, massage):
    assert other_client.get(url(massage)).status_code == 404


def test_it_sends_anonymous_people_to_log_in(client, massage):
    response = client.get(url(massage))
    assert_sent_to_log_in(response, url(massage))


def test_it_answers_404_for_a_massage_that_does_not_exist(owner_client):
    assert owner_client.get("/massages/999999/").status_code == 404


def test_it_refuses_a_post(owner_client, massage):
    assert owner_client.post(url(massage)).status_code == 405
