"""Deleting a massage: asked first, then gone with its check-ins."""

from django.contrib.messages import get_messages
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in
from tracker.models import CheckIn, Massage, Symptom


def url(massage):
    return reverse("massage_delete", args=[massage.pk])


def test_it_asks_first_and_says_how_many_check_ins_go_too(owner_client, massage, make_checkin):
    make_checkin(massage)
    make_checkin(massage)
    response = owner_client.get(url(massage))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Delete this massage?" in body
    assert "Its 2 check-ins will be deleted too." in body
    assert Massage.objects.filter(pk=massage.pk).exists()


def test_it_says_when_there_is_no_check_in(owner_client, massage):
    assert "It has no check-ins." in owner_client.get(url(massage)).content.decode()


def test_it_deletes_the_massage_and_its_check_ins(owner_client, massage, checkin):
    response = owner_client.post(url(massage))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert not Massage.objects.filter(pk=massage.pk).exists()
    assert not CheckIn.objects.exists()
    assert not Symptom.objects.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The massage and its 1 check-in were deleted."
    ]


def test_it_keeps_the_owners_other_massages(owner_client, owner, massage, make_massage):
    other_massage = make_massage(owner, days_ago=10)
    owner_client.post(url(massage))
    assert list(Massage.objects.all()) == [other_massage]


def test_it_answers_404_to_another_person(other_client, massage, checkin):
    assert other_client.get(url(massage)).status_code == 404
    assert other_client.post(url(massage)).status_code == 404
    assert Massage.objects.filter(pk=massage.pk).exists()
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


def test_it_sends_anonymous_people_to_log_in(client, massage):
    response = client.post(url(massage))
    assert_sent_to_log_in(response, url(massage))
    assert Massage.objects.filter(pk=massage.pk).exists()
