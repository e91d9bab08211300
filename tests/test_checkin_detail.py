import pytest
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in, assert_shows, page_html

pytestmark = pytest.mark.django_db


def test_it_shows_the_answers_in_plain_words(owner_client, checkin):
    response = owner_client.get(reverse("checkin_detail", args=[checkin.pk]))
    assert_shows(
        page_html(response),
        "Top of the shoulder (your left)",
        "Aching pain, 4/10, also at rest",
        "Lift arm out to the side: Only by twisting my body or with great effort",
        "It feels weak even when the pain is mild",
        "not a diagnosis",
    )
    assert response["Cache-Control"].startswith("max-age=0")


def test_red_flags_put_the_emergency_advice_first(owner_client, checkin):
    checkin.red_flags = ["breathlessness"]
    checkin.save()
    html = owner_client.get(reverse("checkin_detail", args=[checkin.pk])).content.decode()
    assert html.index("Call your local emergency number now.") < html.index("<h1")
    assert "New breathlessness" in html


def test_notes_are_shown_as_inert_text(owner_client, checkin):
    checkin.notes = '<script>alert("x")</script>\nsecond line'
    checkin.save()
    html = owner_client.get(reverse("checkin_detail", args=[checkin.pk])).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>second line" in html
    assert '<script>alert("x")' not in html


def test_it_checks_ownership(other_client, checkin):
    assert other_client.get(reverse("checkin_detail", args=[checkin.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, checkin):
    url = reverse("checkin_detail", args=[checkin.pk])
    assert_sent_to_log_in(client.get(url), url)
