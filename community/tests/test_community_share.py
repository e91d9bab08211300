"""Sharing a story: plain text, optional type and patterns (never preselected), consent."""

import pytest
from django.urls import reverse

from community.models import ModerationStatus, Story
from tests.helpers import assert_sent_to_log_in, assert_shows, page_html
from tracker.triage.vocabulary import RULE_TITLES

pytestmark = pytest.mark.django_db
S = ModerationStatus
URL = "/community/share/"


def story_data(**overrides):
    data = {
        "title": "Weak shoulder after a deep tissue massage",
        "body": "It started the day after.\nMy physio helped.",
        "massage_type": "deep_tissue",
        "consent_anonymous": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_url_is_community_share():
    assert reverse("story_create") == URL


def test_it_shows_the_form_with_a_reminder_about_personal_details(owner_client):
    assert_shows(
        page_html(owner_client.get(URL)),
        'name="title"',
        'name="body"',
        'name="massage_type"',
        'name="consent_anonymous"',
        "leave out names, phone numbers, addresses",
        "clinics",
    )


def test_a_shared_story_is_saved_as_pending_and_the_author_sees_it(owner_client, owner):
    response = owner_client.post(URL, story_data(patterns=["PAT-SAN"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("story_mine")
    story = Story.objects.get()
    assert story.author == owner
    assert story.status == S.PENDING
    assert story.title == "Weak shoulder after a deep tissue massage"
    assert story.body == "It started the day after.\nMy physio helped."
    assert story.massage_type == "deep_tissue"
    assert story.patterns == ["PAT-SAN"]
    assert story.consent_anonymous is True
    page = owner_client.get(response["Location"]).content.decode()
    assert "Thank you for sharing your story" in page
    assert "Waiting for a moderator" in page


def test_type_and_patterns_are_optional(owner_client):
    response = owner_client.post(URL, story_data(massage_type=""))
    assert response.status_code == 302
    story = Story.objects.get()
    assert (story.massage_type, story.patterns) == ("", [])


def test_the_author_and_status_come_from_the_server(owner_client, owner, other_user):
    owner_client.post(URL, story_data(author=other_user.pk, status="approved", hidden="on"))
    story = Story.objects.get()
    assert story.author == owner
    assert story.status == S.PENDING
    assert story.hidden is False


def test_without_consent_it_is_not_saved_and_says_why_next_to_the_box(owner_client):
    response = owner_client.post(URL, story_data(consent_anonymous=None))
    assert response.status_code == 200
    form = response.context["form"]
    assert "Tick this box to share your story" in form.errors["consent_anonymous"][0]
    body = response.content.decode()
    assert "Weak shoulder after a deep tissue massage" in body
    assert "It started the day after." in body
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", ""), ("title", "x" * 121), ("body", "   "), ("body", "x" * 10001)],
)
def test_bad_text_is_refused_next_to_the_field_and_kept(owner_client, field, value):
    response = owner_client.post(URL, story_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Your story was not saved yet" in response.content.decode()
    if value.strip():
        assert value in response.content.decode()
    assert not Story.objects.exists()


def test_ten_thousand_characters_is_allowed(owner_client):
    assert owner_client.post(URL, story_data(body="x" * 10000)).status_code == 302


@pytest.mark.parametrize(
    ("field", "value"),
    [("massage_type", "hot_stones"), ("patterns", ["PAT-NOPE"]), ("patterns", ["RF-STROKE"])],
)
def test_unknown_choices_are_refused(owner_client, field, value):
    response = owner_client.post(URL, story_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Story.objects.exists()


def test_a_nul_character_is_refused_not_a_crash(owner_client):
    response = owner_client.post(URL, story_data(body="Hello\x00there"))
    assert response.status_code == 200
    assert "body" in response.context["form"].errors


def test_html_is_stored_as_plain_text(owner_client):
    owner_client.post(URL, story_data(body="<b>bold</b> & <script>x</script>"))
    assert Story.objects.get().body == "<b>bold</b> & <script>x</script>"


def test_it_offers_the_persons_own_matched_patterns_first_and_ticks_none(
    owner_client, massage, make_checkin, other_user, make_massage
):
    make_checkin(massage, rule_ids=["RF-SYSTEMIC", "PAT-ROOT", "PAT-SORENESS"])
    make_checkin(massage, rule_ids=["PAT-LTN"])
    make_checkin(make_massage(other_user), rule_ids=["PAT-SAN"])  # someone else's
    response = owner_client.get(URL)
    choices = [code for code, _ in response.context["form"].fields["patterns"].choices]
    assert choices[:3] == ["PAT-LTN", "PAT-ROOT", "PAT-SORENESS"]
    assert "PAT-SAN" in choices[3:]
    assert "RF-SYSTEMIC" not in choices
    body = response.content.decode()
    assert f"{RULE_TITLES['PAT-ROOT']} (matched in your check-ins)" in body
    assert f"{RULE_TITLES['PAT-SAN']} (matched" not in body
    assert "checked" not in body


def test_without_check_ins_every_pattern_is_offered_unticked(owner_client):
    response = owner_client.get(URL)
    choices = response.context["form"].fields["patterns"].choices
    assert len(choices) == 8
    assert "(matched in your check-ins)" not in response.content.decode()
    assert "checked" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert_sent_to_log_in(response, URL)
    assert client.post(URL, story_data()).status_code == 302
    assert not Story.objects.exists()


def test_the_form_is_never_cached(owner_client):
    assert "no-cache" in owner_client.get(URL)["Cache-Control"]
