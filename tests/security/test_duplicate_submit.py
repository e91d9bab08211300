"""A check-in is saved once (issue 13, point 5): each draft carries a one-time id that its
check-in keeps, unique in the database, so sending the last stage again, or replaying the draft
from a new session, shows the check-in already saved instead of making another. A draft carrying
the id of another person's check-in neither shows nor changes it."""

import uuid

import pytest
from django.urls import reverse

from tests.checkin_stages import hidden, post_stage, post_symptoms
from tracker.checkin_draft import empty_draft, sign_draft
from tracker.models import CheckIn

pytestmark = pytest.mark.django_db

ALREADY_SAVED = "This check-in was already saved."


@pytest.fixture
def url(massage):
    return reverse("checkin_create", args=[massage.pk])


def _last_stage(client, url):
    """The check-in walked to its last stage, not yet saved: the page of that stage."""
    response = post_symptoms(client, url)
    response = post_stage(client, url, response)  # movement: nothing answered
    assert hidden(response, "stage") == "course"
    return response


def _save(client, url, last_stage, massage):
    return post_stage(client, url, last_stage, action="save", date=massage.date.isoformat())


def test_sending_the_last_stage_three_times_saves_one_checkin(owner_client, url, massage):
    last_stage = _last_stage(owner_client, url)
    first = _save(owner_client, url, last_stage, massage)
    checkin = CheckIn.objects.get()
    assert first["Location"] == checkin.get_absolute_url()

    for _ in range(2):
        again = _save(owner_client, url, last_stage, massage)
        assert again.status_code == 302
        assert again["Location"] == checkin.get_absolute_url()
    assert CheckIn.objects.count() == 1
    page = owner_client.get(again["Location"]).content.decode()
    assert ALREADY_SAVED in page


def test_replaying_a_saved_draft_after_logging_in_again_saves_no_second_checkin(
    client, owner, url, massage
):
    client.force_login(owner)
    last_stage = _last_stage(client, url)
    _save(client, url, last_stage, massage)
    client.logout()

    client.force_login(owner)  # a new session
    replay = _save(client, url, last_stage, massage)
    assert replay["Location"] == CheckIn.objects.get().get_absolute_url()


def test_a_draft_carrying_another_persons_checkin_id_neither_shows_nor_changes_it(
    other_client, other_user, owner, massage, make_massage
):
    # Only someone holding the signing key could make this draft: a person's drafts are
    # signed for them, with a new id each.
    theirs = CheckIn.objects.create(
        massage=massage, date=massage.date, notes="Theirs", submission_id=uuid.uuid4()
    )
    mine = make_massage(other_user)
    url = reverse("checkin_create", args=[mine.pk])
    draft = empty_draft(mine.date)
    draft["submission_id"] = str(theirs.submission_id)
    token = sign_draft(draft, user=other_user, massage=mine)

    response = other_client.post(
        url, {"draft": token, "stage": "course", "action": "save", "date": mine.date.isoformat()}
    )
    assert response.status_code == 302
    assert response["Location"] == url  # a fresh form: nothing of theirs is named
    theirs.refresh_from_db()
    assert (theirs.massage, theirs.notes) == (massage, "Theirs")
    assert list(CheckIn.objects.all()) == [theirs]


def _no_change_form(client, page_url):
    """The one-time id of the "No change since last time" form on a page."""
    import re

    html = client.get(page_url).content.decode()
    found = re.search(r'name="submission_id" value="([0-9a-f-]{36})"', html)
    assert found, f"{page_url} has no one-time id in its no-change form"
    return found.group(1)


@pytest.mark.parametrize("page", ["massage_detail", "dashboard"])
def test_tapping_no_change_twice_saves_one_checkin(owner_client, massage, make_checkin, page):
    make_checkin(massage)
    page_url = reverse(page, args=[massage.pk]) if page == "massage_detail" else reverse(page)
    one_time = _no_change_form(owner_client, page_url)
    url = reverse("checkin_no_change", args=[massage.pk])

    first = owner_client.post(url, {"submission_id": one_time})
    again = owner_client.post(url, {"submission_id": one_time})

    assert CheckIn.objects.filter(massage=massage).count() == 2  # the first and its copy
    copy = CheckIn.objects.get(submission_id=one_time)
    assert first["Location"] == copy.get_absolute_url()
    assert again["Location"] == reverse("checkin_assessment", args=[copy.pk])
    assert ALREADY_SAVED in owner_client.get(again["Location"]).content.decode()
    # Each page shows a new id: the next tap on another day is a new check-in.
    assert _no_change_form(owner_client, page_url) != one_time


def test_a_no_change_tap_with_another_persons_id_neither_shows_nor_changes_it(
    owner_client, other_user, massage, make_massage, make_checkin
):
    theirs = make_checkin(make_massage(other_user))
    theirs.submission_id = uuid.uuid4()
    theirs.save(update_fields=["submission_id"])
    make_checkin(massage)

    response = owner_client.post(
        reverse("checkin_no_change", args=[massage.pk]),
        {"submission_id": str(theirs.submission_id)},
    )

    assert response.status_code == 302
    assert response["Location"] == massage.get_absolute_url()
    assert CheckIn.objects.filter(massage=massage).count() == 1
    assert CheckIn.objects.filter(massage=theirs.massage).count() == 1


def test_a_no_change_tap_with_a_malformed_id_still_saves(owner_client, massage, make_checkin):
    make_checkin(massage)
    response = owner_client.post(
        reverse("checkin_no_change", args=[massage.pk]), {"submission_id": "x" * 5000}
    )
    assert response.status_code == 302
    assert CheckIn.objects.filter(massage=massage).count() == 2
