"""GET /healthz: 200 when the database answers, 503 when it does not, never cached or private."""

import json
from unittest import mock

import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_it_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok"}


@pytest.mark.django_db
def test_it_answers_503_when_the_database_does_not(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("server closed")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable"}
    assert b"server closed" not in response.content


@pytest.mark.django_db
def test_it_is_public_even_for_an_anonymous_visitor(client):
    response = client.get("/healthz", follow=False)

    assert response.status_code == 200
    assert "Location" not in response


@pytest.mark.django_db
def test_it_shows_nothing_private_to_a_logged_in_person(owner_client, owner):
    response = owner_client.get("/healthz")

    assert json.loads(response.content) == {"status": "ok"}
    assert owner.email.encode() not in response.content


@pytest.mark.django_db
def test_it_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_answers_a_head_request(client):
    response = client.head("/healthz")

    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.django_db
def test_it_refuses_a_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_it_carries_the_security_headers(client):
    response = client.get("/healthz")

    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
