"""The account page: who is logged in, the password, the downloads and the way out."""

import re

import pytest
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in

pytestmark = pytest.mark.django_db

URL = reverse("account")


def test_it_shows_the_email_and_links_to_password_downloads_and_deletion(owner_client):
    response = owner_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "owner@example.com" in html
    assert f'href="{reverse("password_change")}"' in html
    assert f'href="{reverse("export_json")}" download' in html
    assert f'href="{reverse("export_csv")}" download' in html
    assert "This is your own copy" in html
    assert re.search(rf'class="btn btn-outline-danger" href="{reverse("account_delete")}"', html)
    assert "no-store" in response["Cache-Control"]


def test_it_shows_each_person_their_own_account(other_client):
    html = other_client.get(URL).content.decode()
    assert "other@example.com" in html
    assert "owner@example.com" not in html


def test_it_has_no_inline_style_or_script(owner_client):
    html = owner_client.get(URL).content.decode()
    assert "style=" not in html
    assert "<style" not in html
    assert "<script>" not in html


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert_sent_to_log_in(response, URL)


def test_a_post_is_refused(owner_client):
    assert owner_client.post(URL).status_code == 405
