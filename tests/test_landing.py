"""The public landing page at /."""

import re

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_landing_page_is_public_and_says_it_is_not_a_diagnosis(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "MassageCare is not a diagnosis and does not replace a doctor." in html
    assert "In an emergency, call your local emergency number." in html
    assert html.count("<h1>") == 1


@pytest.mark.django_db
def test_the_landing_page_says_who_it_is_for_and_the_three_things_it_does(client):
    html = client.get("/").content.decode()

    assert "shoulder that drops" in html
    assert "numbness" in html
    assert "Log how you feel in two minutes." in html
    assert "when to ask for an EMG" in html
    assert "See the course and bring a report." in html


@pytest.mark.django_db
def test_the_landing_page_offers_sign_up_and_log_in(client):
    html = client.get("/").content.decode()

    assert f'href="{reverse("signup")}"' in html
    assert f'href="{reverse("login")}"' in html


@pytest.mark.django_db
def test_the_landing_page_loads_nothing_from_another_host(client):
    html = client.get("/").content.decode()

    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script>" not in html
    assert "style=" not in html


def test_a_logged_in_visitor_to_the_landing_page_goes_to_the_dashboard(owner_client):
    response = owner_client.get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


@pytest.mark.django_db
def test_the_landing_page_refuses_a_post(client):
    assert client.post("/").status_code == 405
