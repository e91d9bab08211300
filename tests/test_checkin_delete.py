import pytest
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in
from tracker.models import CheckIn, SideFunction, Symptom

pytestmark = pytest.mark.django_db


def test_get_asks_for_confirmation_and_deletes_nothing(owner_client, checkin):
    response = owner_client.get(reverse("checkin_delete", args=[checkin.pk]))
    assert response.status_code == 200
    assert "This can't be undone." in response.content.decode()
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


def test_post_deletes_the_checkin_with_its_answers(owner_client, checkin):
    response = owner_client.post(reverse("checkin_delete", args=[checkin.pk]))
    assert response.status_code == 302
    assert response["Location"] == checkin.massage.get_absolute_url()
    assert not CheckIn.objects.exists()
    assert not Symptom.objects.exists()
    assert not SideFunction.objects.exists()


def test_it_checks_ownership(other_client, checkin):
    assert other_client.post(reverse("checkin_delete", args=[checkin.pk])).status_code == 404
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, checkin):
    url = reverse("checkin_delete", args=[checkin.pk])
    assert_sent_to_log_in(client.post(url), url)
    assert CheckIn.objects.filter(pk=checkin.pk).exists()
