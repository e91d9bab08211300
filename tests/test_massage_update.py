"""Changing a massage: only its owner can, and its date can't move after its check-ins."""

import datetime

from django.urls import reverse
from django.utils import formats

from tests.helpers import assert_sent_to_log_in
from tests.test_massage_create import is_checked, massage_post
from tracker.forms.massages import MassageForm


def url(massage):
    return reverse("massage_update", args=[massage.pk])


def test_it_shows_the_saved_answers(owner_client, massage):
    response = owner_client.get(url(massage))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'value="{massage.date.isoformat()}"' in body
    assert is_checked(body, "types", "deep_tissue")
    assert is_checked(body, "regions", "neck_side:left")
    assert is_checked(body, "regions", "shoulder_top:left")
    assert is_checked(body, "pressure", "very_firm")
    assert is_checked(body, "onset_timing", "during_massage")
    assert is_checked(body, "neck_manipulation", "False")
    assert is_checked(body, "pain_during_nprs", "")
    # The areas with a chosen region are open; the others stay closed.
    assert body.count('<details class="area" open>') == 2


def test_it_saves_the_changes(owner_client, massage, today):
    data = massage_post(today, regions=["low_back:midline"], pain_during_nprs="3")
    response = owner_client.post(url(massage), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("massage_detail", args=[massage.pk])
    massage.refresh_from_db()
    assert massage.regions == [{"region": "low_back", "side": "midline"}]
    assert massage.pain_during_nprs == 3


def test_it_takes_back_a_pain_answer(owner_client, make_massage, owner, today):
    massage = make_massage(
        owner, pain_during_region="calf", pain_during_side="right", pain_during_nprs=4
    )
    data = massage_post(
        today,
        pain_during_region="",
        pain_during_side="",
        pain_during_nprs="",
        pain_during_quality="",
    )
    assert owner_client.post(url(massage), data).status_code == 302
    massage.refresh_from_db()
    assert (massage.pain_during_region, massage.pain_during_nprs) == ("", None)


def test_it_keeps_the_massage_before_its_check_ins(owner_client, massage, make_checkin, today):
    first = massage.date + datetime.timedelta(days=1)
    make_checkin(massage, date=first)
    make_checkin(massage, date=first + datetime.timedelta(days=2))
    later = (first + datetime.timedelta(days=1)).isoformat()
    response = owner_client.post(url(massage), massage_post(today, date=later))
    assert response.status_code == 200
    body = response.content.decode()
    day = formats.date_format(first, "j F" if first.year == today.year else "j F Y")
    assert f"You have a check-in on {day}; the massage can&#x27;t be after it." in body
    assert f'value="{later}"' in body
    assert "She used her elbow." in body
    massage.refresh_from_db()
    assert massage.date == first - datetime.timedelta(days=1)


def test_the_massage_may_be_on_the_day_of_its_first_check_in(
    owner_client, massage, make_checkin, today
):
    first = massage.date + datetime.timedelta(days=2)
    make_checkin(massage, date=first)
    response = owner_client.post(url(massage), massage_post(today, date=first.isoformat()))
    assert response.status_code == 302
    massage.refresh_from_db()
    assert massage.date == first


def test_it_refuses_a_date_in_the_future(owner_client, massage, today):
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    response = owner_client.post(url(massage), massage_post(today, date=tomorrow))
    assert response.status_code == 200
    assert "This date is in the future." in response.content.decode()


def test_it_answers_404_to_another_person(other_client, massage, today):
    assert other_client.get(url(massage)).status_code == 404
    response = other_client.post(url(massage), massage_post(today, notes="Not mine"))
    assert response.status_code == 404
    massage.refresh_from_db()
    assert massage.notes == ""


def test_it_sends_anonymous_people_to_log_in(client, massage, today):
    response = client.get(url(massage))
    assert_sent_to_log_in(response, url(massage))
    response = client.post(url(massage), massage_post(today, notes="Anonymous"))
    assert response.status_code == 302
    massage.refresh_from_db()
    assert massage.notes == ""


def test_a_refusal_by_the_database_is_a_message_not_a_500(
    owner_client, massage, make_checkin, today, monkeypatch
):
    # As if a check-in had been saved between the form's check and the save.
    monkeypatch.setattr(MassageForm, "clean_date", lambda form: form.cleaned_data["date"])
    make_checkin(massage, date=massage.date)
    response = owner_client.post(url(massage), massage_post(today))
    assert response.status_code == 200
    assert "This date no longer fits your check-ins." in response.content.decode()
    massage.refresh_from_db()
    assert massage.date == today - datetime.timedelta(days=5)
