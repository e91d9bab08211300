"""The site's icon (issue 12): /favicon.ico answers with the icon, not a 404, to anyone; pages
link the SVG drawing of the same icon."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

URL = "/favicon.ico"
ICO_HEADER = b"\x00\x00\x01\x00"  # reserved 0, type 1 (icon)

pytestmark = pytest.mark.django_db


def test_it_is_at_the_address_browsers_ask_for():
    assert reverse("favicon") == URL


def test_anyone_gets_the_icon_file(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content.startswith(ICO_HEADER)
    assert response.content == Path(finders.find("img/favicon.ico")).read_bytes()
    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]


def test_it_holds_the_sizes_a_tab_and_a_bookmark_use(client):
    from PIL import Image

    path = finders.find("img/favicon.ico")
    with Image.open(path) as icon:
        assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])


def test_a_logged_in_person_gets_it_with_no_query_of_its_own(
    owner_client, django_assert_num_queries
):
    # 1 session, 2 user: what the middleware reads on every request; the icon is read once.
    with django_assert_num_queries(2):
        response = owner_client.get(URL)
    assert response.status_code == 200


def test_head_works_and_a_post_is_refused(client):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_pages_link_the_svg_icon(client):
    html = client.get(reverse("login")).content.decode()

    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("img/favicon.svg")
