"""Adding a massage: the form, its checks, and who owns what is saved."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in
from tracker.models import Massage

URL = "/massages/new/"


def massage_post(today, **changes):
    """A complete, valid answer to the massage form; ``changes`` replace single answers."""
    data = {
        "date": (today - datetime.timedelta(days=2)).isoformat(),
        "time": "14:30",
        "types": ["deep_tissue", "sports"],
        "provider_type": "licensed_therapist",
        "neck_manipulation": "False",
        "regions": ["neck_side:left", "neck_back:midline"],
        "pressure": "very_firm",
        "techniques": ["elbow_forearm"],
        "pain_during_region": "neck_side",
        "pain_during_side": "left",
        "pain_during_nprs": "7",
        "pain_during_quality": "sharp",
        "onset_timing": "during_massage",
        "onset_date": "",
        "notes": "She used her elbow.",
    }
    data.update(changes)
    return data


def is_checked(body, name, value):
    """Whether the page's checkbox or radio ``name=value`` is ticked."""
    for tag in re.findall(r"<input[^>]*>", body):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return re.search(r"\schecked[\s>]", tag) is not None
    raise AssertionError(f"No input {name}={value} on the page.")


def test_it_sends_anonymous_people_to_log_in(client):
    response = client.get(URL)
    assert_sent_to_log_in(response, URL)


def test_it_shows_the_form_with_today_as_the_latest_date(owner_client, today):
    response = owner_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Add a massage" in body
    assert f'max="{today.isoformat()}"' in body
    assert "Your left is the side of your left hand." in body
    assert "Was your neck cracked, thrust or suddenly twisted?" in body
    # One csrf token: the template's form has it, crispy does not add another.
    form = body.split('class="massage-form"')[1].split("</form>")[0]
    assert form.count("csrfmiddlewaretoken") == 1


def test_it_saves_the_massage_and_sends_the_person_to_it(owner_client, owner, today):
    response = owner_client.post(URL, massage_post(today))
    massage = Massage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("massage_detail", args=[massage.pk])
    assert massage.owner == owner
    assert massage.date == today - datetime.timedelta(days=2)
    assert massage.time == datetime.time(14, 30)
    assert massage.types == ["deep_tissue", "sports"]
    assert massage.regions == [
        {"region": "neck_back", "side": "midline"},
        {"region": "neck_side", "side": "left"},
    ]
    assert massage.pain_during_nprs == 7
    assert massage.neck_manipulation is False
    assert massage.notes == "She used her elbow."


def test_it_says_what_to_do_next(owner_client, today):
    response = owner_client.post(URL, massage_post(today), follow=True)
    body = response.content.decode()
    assert "Massage saved. Now tell us how you feel." in body
    assert "Start a check-in" in body


def test_it_saves_a_massage_with_only_a_date(owner_client, today):
    response = owner_client.post(
        URL, {"date": today.isoformat(), "neck_manipulation": "True", "onset_timing": "not_sure"}
    )
    assert response.status_code == 302
    massage = Massage.objects.get()
    assert massage.neck_manipulation is True
    assert massage.regions == []
    assert massage.pain_during_nprs is None


def test_it_ignores_an_owner_in_the_post(owner_client, owner, other_user, today):
    owner_client.post(URL, massage_post(today, owner=str(other_user.pk)))
    assert Massage.objects.get().owner == owner
    assert not other_user.massages.exists()


def test_it_refuses_a_date_in_the_future_and_keeps_the_answers(owner_client, today):
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    response = owner_client.post(URL, massage_post(today, date=tomorrow))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This date is in the future." in body
    assert f'value="{tomorrow}"' in body
    assert is_checked(body, "regions", "neck_side:left")
    assert is_checked(body, "regions", "neck_back:midline")
    assert not is_checked(body, "regions", "neck_side:right")
    assert "She used her elbow." in body
    assert not Massage.objects.exists()


def test_it_refuses_a_pain_of_11(owner_client, today):
    response = owner_client.post(URL, massage_post(today, pain_during_nprs="11"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose a number from 0 to 10." in body
    assert '<option value="neck_side" selected>' in body
    assert not Massage.objects.exists()


def test_it_needs_where_which_side_and_how_much_together(owner_client, today):
    response = owner_client.post(URL, massage_post(today, pain_during_side="", pain_during_nprs=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Say where it hurt, on which side, and how much (0-10).") == 2
    assert '<option value="neck_side" selected>' in body
    assert not Massage.objects.exists()


def test_it_needs_more_than_a_pain_quality(owner_client, today):
    response = owner_client.post(
        URL,
        massage_post(today, pain_during_region="", pain_during_side="", pain_during_nprs=""),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Say where it hurt, on which side, and how much (0-10)." in body
    assert is_checked(body, "pain_during_quality", "sharp")


def test_it_refuses_the_middle_for_a_place_with_two_sides(owner_client, today):
    response = owner_client.post(URL, massage_post(today, pain_during_side="midline"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This part of the body has a left and a right side." in body
    assert is_checked(body, "pain_during_side", "midline")
    assert is_checked(body, "pain_during_nprs", "7")
    assert not Massage.objects.exists()


def test_it_refuses_the_middle_of_a_region_worked_with_two_sides(owner_client, today):
    response = owner_client.post(URL, massage_post(today, regions=["neck_side:midline"]))
    assert response.status_code == 200
    assert "Side of the neck, between ear and shoulder has a left and a right side" in (
        response.content.decode()
    )
    assert not Massage.objects.exists()


def test_it_refuses_a_start_of_trouble_before_the_massage(owner_client, today):
    before = (today - datetime.timedelta(days=3)).isoformat()
    response = owner_client.post(URL, massage_post(today, onset_date=before))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The trouble can&#x27;t have started before the massage." in body
    assert f'value="{before}"' in body
    assert not Massage.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"date": "banana"},
        {"date": "2024-02-30"},
        {"time": "25:99"},
        {"regions": ["nowhere:left", "neck_side"]},
        {"types": ["not_a_type"]},
        {"pain_during_nprs": "-1"},
        {"pain_during_nprs": "seven"},
        {"pain_during_region": "tail"},
        {"neck_manipulation": "maybe"},
        {"onset_timing": "soon"},
        {"notes": "x" * 5001},
        {"date": "9999-12-31"},
        {"onset_date": "9999-12-31"},
    ],
)
def test_bad_input_gets_a_message_never_a_500(owner_client, today, changes):
    data = massage_post(today, **changes) if changes else {}
    response = owner_client.post(URL, data)
    assert response.status_code == 200
    assert "Some answers need another look" in response.content.decode()
    assert not Massage.objects.exists()


def test_today_is_the_persons_own_today(client, make_user):
    """At 20:00 UTC it is already the next day in Kiritimati (UTC+14)."""
    kiritimati = make_user("east@example.com", time_zone="Pacific/Kiritimati")
    london = make_user("west@example.com", time_zone="Europe/London")
    data = {"date": "2025-03-11", "neck_manipulation": "False", "onset_timing": "not_sure"}
    with time_machine.travel(datetime.datetime(2025, 3, 10, 20, 0, tzinfo=datetime.UTC)):
        client.force_login(london)
        response = client.post(URL, data)
        assert "This date is in the future." in response.content.decode()
        client.force_login(kiritimati)
        assert 'max="2025-03-11"' in client.get(URL).content.decode()
        assert client.post(URL, data).status_code == 302
    assert Massage.objects.get().owner == kiritimati
