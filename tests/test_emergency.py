"""An emergency stops and saves (issue 12, point 4): a warning sign at the first stage of a
check-in saves it, assessed, and leads to a page with only the emergency and a call button
with the person's emergency number; the rest of the check-in can be added later. The person's
country, which chooses that number: guessed at sign-up, changed on the account page."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from tests.checkin_stages import post_stage, stage, symptom_rows
from tests.helpers import (
    SAN_LEFT,
    assert_hides,
    assert_sent_to_log_in,
    assert_shows,
    page_html,
    save_checkin,
)
from tracker.models import CheckIn, User
from tracker.triage import ENGINE_VERSION

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
CALL_NOW = "Call your local emergency number now."
SAVED = "Saved. You can add the rest later."


@pytest.fixture
def url(massage):
    return reverse("checkin_create", args=[massage.pk])


def _emergency_url(checkin):
    return reverse("checkin_emergency", args=[checkin.pk])


def _rest_url(checkin):
    return reverse("checkin_update", args=[checkin.pk]) + "?stage=symptoms"


def _send_first_stage(client, url, **fields):
    return post_stage(client, url, client.get(url), **fields)


# --- Stage 1 stops and saves ------------------------------------------------------------------


def test_a_red_flag_checkin_left_after_the_first_stage_is_stored_and_assessed(
    owner_client, url, today
):
    response = _send_first_stage(owner_client, url, red_flags=["face_droop"])

    checkin = CheckIn.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _emergency_url(checkin)
    # What is known: the sign and the date; no symptom, no movement answer, no course yet.
    assert checkin.red_flags == ["face_droop"]
    assert checkin.date == today
    assert not checkin.symptoms.exists()
    assert not checkin.functions.exists()
    assert checkin.course == ""
    # Assessed like any check-in, by the engine, and stored.
    assert checkin.level == "EMERGENCY_NOW"
    assert "RF-STROKE" in checkin.rule_ids
    assert checkin.engine_version == ENGINE_VERSION
    assert checkin.assessment["action"] == "CALL_EMERGENCY"
    assert checkin.assessment["as_of"] == today.isoformat()


def test_a_sign_for_the_emergency_department_stops_too(owner_client, url):
    response = _send_first_stage(owner_client, url, red_flags=["new_unsteady_walking"])

    checkin = CheckIn.objects.get()
    assert response["Location"] == _emergency_url(checkin)
    assert checkin.assessment["action"] == "GO_TO_ED_NOW"
    html = page_html(owner_client.get(_emergency_url(checkin)))
    assert_shows(html, "Go to an emergency department now.", 'href="tel:112"')


def test_a_sign_that_is_no_emergency_goes_on_to_the_next_stage(owner_client, url):
    response = _send_first_stage(owner_client, url, red_flags=["fever"])

    assert stage(response) == "symptoms"
    assert "See a doctor today or tomorrow." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_no_sign_saves_nothing_at_the_first_stage(owner_client, url):
    response = _send_first_stage(owner_client, url)

    assert stage(response) == "symptoms"
    assert not CheckIn.objects.exists()


def test_the_doctor_answer_of_the_first_stage_is_saved_with_the_signs(
    owner_client, url, massage, make_checkin, today
):
    # A sign reported yesterday still counts, so the first stage asks about a doctor.
    make_checkin(massage, date=today - DAY, red_flags=["fever"])

    _send_first_stage(owner_client, url, seen_doctor="yes", red_flags=["breathlessness"])

    saved = CheckIn.objects.get(date=today)
    assert saved.red_flags == ["breathlessness"]
    assert saved.seen_doctor is True
    assert saved.assessment["seen_doctor_on"] == today.isoformat()


def test_a_new_sign_while_editing_a_full_checkin_saves_it_with_its_answers(owner_client, massage):
    checkin = save_checkin(massage, 2, **SAN_LEFT)
    edit = reverse("checkin_update", args=[checkin.pk])

    response = post_stage(owner_client, edit, owner_client.get(edit), red_flags=["coughing_blood"])

    assert response["Location"] == _emergency_url(checkin)
    checkin.refresh_from_db()
    assert checkin.red_flags == ["coughing_blood"]
    assert checkin.level == "EMERGENCY_NOW"
    # Nothing else was lost: the symptoms and the movement answers stay.
    assert checkin.symptoms.count() == 1
    assert checkin.functions.get(side="left").arm_side_lift == "great_effort"
    assert checkin.course == "same"
    html = page_html(owner_client.get(_emergency_url(checkin)))
    assert "Go on with this check-in" in html


# --- The emergency page ----------------------------------------------------------------------


def test_the_page_shows_only_the_emergency_with_the_call_button(owner_client, url):
    _send_first_stage(owner_client, url, red_flags=["face_droop"])
    checkin = CheckIn.objects.get()

    html = page_html(owner_client.get(_emergency_url(checkin)))

    # The advice is the page's title and comes first, the call button right under it.
    assert re.search(rf"<h1[^>]*>{re.escape(CALL_NOW)}</h1>", html)
    assert html.index(CALL_NOW) < html.index('href="tel:112"') < html.index("Do not drive")
    assert 'data-testid="call-button"' in html
    # No country set: 112, and words to use the local number.
    assert "If your local emergency number is different, call that instead." in html
    assert_shows(
        html,
        "You told us: <strong>one side of your face drooping</strong>",
        "comes from the brain",  # why: one sentence of mechanism
        SAVED,
        f'href="{_rest_url(checkin)}"',
        "Add the rest of this check-in",
        "not a diagnosis",
    )
    assert_hides(html, "See a doctor if", "physiotherapist", "Check in again", "self-care")


def test_other_patterns_wait_under_for_later_without_their_advice(owner_client, massage):
    # The shoulder answers of two days before are carried into a check-in left at stage 1.
    save_checkin(massage, 3, **SAN_LEFT)
    url = reverse("checkin_create", args=[massage.pk])
    _send_first_stage(owner_client, url, red_flags=["breathlessness"])
    checkin = CheckIn.objects.latest("date", "id")
    assert {"RF-PE", "PAT-SAN"} <= set(checkin.rule_ids)

    html = page_html(owner_client.get(_emergency_url(checkin)))

    later = html[html.index('data-testid="for-later"') :]
    assert "<summary>For later: 1 other pattern your answers match</summary>" in later
    assert "The nerve that works the trapezius muscle" in later
    assert "The nerve that works the trapezius muscle" not in html[: html.index("For later")]
    # Its advice ("See a doctor within a few days ...") is not beside the emergency.
    assert "See a doctor within a few days" not in html


def test_the_page_of_a_checkin_that_is_no_emergency_is_its_assessment(owner_client, massage):
    checkin = save_checkin(massage, 2, **SAN_LEFT)

    response = owner_client.get(_emergency_url(checkin))

    assert response.status_code == 302
    assert response["Location"] == checkin.get_absolute_url()


def test_the_screen_s_emergency_shows_even_when_the_engine_says_less(owner_client, massage):
    # Fever with vomiting and no headache: the screen says emergency department, the engine's
    # RF-SYSTEMIC asks for a headache too. Safety first: the page shows the emergency.
    checkin = save_checkin(massage, 2, red_flags=["fever", "vomiting_or_light_sensitivity"])
    assert checkin.level != "EMERGENCY_NOW"

    html = page_html(owner_client.get(_emergency_url(checkin)))

    assert "Go to an emergency department now." in html


def test_add_the_rest_later_opens_the_saved_checkin_at_stage_2(owner_client, url, massage):
    _send_first_stage(owner_client, url, red_flags=["face_droop"])
    checkin = CheckIn.objects.get()

    response = owner_client.get(_rest_url(checkin))

    assert stage(response) == "symptoms"
    html = response.content.decode()
    assert f"Edit your check-in of {checkin.date:%-d %B}" in html
    assert html.index(CALL_NOW) < html.index("<h1")
    assert 'href="tel:112"' in html
    # Back to stage 1 and on again with the same sign: no second stop, nothing new saved.
    edit = reverse("checkin_update", args=[checkin.pk])
    back = post_stage(owner_client, edit, response, action="back", **symptom_rows({}))
    assert stage(back) == "emergency"
    again = post_stage(owner_client, edit, back, red_flags=["face_droop"])
    assert stage(again) == "symptoms"
    # A new emergency sign while adding the rest stops and saves again.
    back = post_stage(owner_client, edit, again, action="back", **symptom_rows({}))
    stop = post_stage(owner_client, edit, back, red_flags=["face_droop", "speech_trouble"])
    assert stop["Location"] == _emergency_url(checkin)
    assert CheckIn.objects.get().red_flags == ["face_droop", "speech_trouble"]


def test_the_rest_of_the_checkin_starts_stage_3_from_the_last_answers(owner_client, massage, today):
    save_checkin(massage, 3, **SAN_LEFT)
    url = reverse("checkin_create", args=[massage.pk])
    _send_first_stage(owner_client, url, red_flags=["face_droop"])
    checkin = CheckIn.objects.get(date=today)
    edit = reverse("checkin_update", args=[checkin.pk])

    response = owner_client.get(_rest_url(checkin))
    response = post_stage(owner_client, edit, response, **symptom_rows({}))

    assert stage(response) == "movement"
    assert "Your last answers are filled in" in response.content.decode()


def test_an_unknown_stage_opens_at_the_first(owner_client, url):
    _send_first_stage(owner_client, url, red_flags=["face_droop"])
    checkin = CheckIn.objects.get()
    edit = reverse("checkin_update", args=[checkin.pk])

    assert stage(owner_client.get(edit + "?stage=nonsense")) == "emergency"
    assert stage(owner_client.get(edit)) == "emergency"


def test_the_call_button_dials_the_number_of_the_person_s_country(client, make_user, make_massage):
    person = make_user("uk@example.com", country="GB")
    client.force_login(person)
    checkin = save_checkin(make_massage(person), 1, red_flags=["speech_trouble"])

    html = page_html(client.get(_emergency_url(checkin)))

    assert_shows(html, 'href="tel:999"', "Call 999", "The emergency number in United Kingdom.")
    assert 'href="tel:112"' not in html


def test_it_checks_ownership(other_client, massage):
    checkin = save_checkin(massage, 1, red_flags=["face_droop"])
    assert other_client.get(_emergency_url(checkin)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, massage):
    checkin = save_checkin(massage, 1, red_flags=["face_droop"])
    url = _emergency_url(checkin)
    assert_sent_to_log_in(client.get(url), url)


def test_a_post_is_refused(owner_client, massage):
    checkin = save_checkin(massage, 1, red_flags=["face_droop"])
    assert owner_client.post(_emergency_url(checkin)).status_code == 405


def test_the_page_has_no_inline_style_or_script(owner_client, massage):
    checkin = save_checkin(massage, 1, red_flags=["face_droop"])
    html = page_html(owner_client.get(_emergency_url(checkin)))
    assert "style=" not in html
    assert "<script>" not in html


# --- The call button wherever emergency advice shows ------------------------------------------


def test_the_assessment_page_banner_has_the_call_button(client, make_user, make_massage):
    person = make_user("au@example.com", country="AU")
    client.force_login(person)
    checkin = save_checkin(make_massage(person), 1, red_flags=["face_droop"], **SAN_LEFT)

    html = page_html(client.get(checkin.get_absolute_url()))

    banner = html[html.index('data-testid="emergency-advice"') : html.index("<h1")]
    assert 'href="tel:000"' in banner
    assert "Call 000" in banner


def test_the_checkin_form_s_instant_advice_has_the_call_button(client, make_user, make_massage):
    person = make_user("us@example.com", country="US")
    client.force_login(person)
    massage = make_massage(person)

    html = page_html(client.get(reverse("checkin_create", args=[massage.pk])))

    # The advice JavaScript reveals as boxes are ticked: each emergency one has the button.
    advice = html[html.index('id="instant-advice"') :]
    assert advice.count('href="tel:911"') == 2
    assert "Continue saves this check-in at once; you can add the rest later." in advice


def test_urgent_but_not_emergency_advice_has_no_call_button(owner_client, massage):
    checkin = save_checkin(massage, 1, red_flags=["unexplained_weight_loss"])
    html = page_html(owner_client.get(reverse("checkin_detail", args=[checkin.pk])))
    assert "See a doctor today or tomorrow." in html
    assert "tel:" not in html


def test_at_an_emergency_the_assessment_folds_the_other_patterns_for_later(owner_client, massage):
    checkin = save_checkin(massage, 2, red_flags=["breathlessness"], **SAN_LEFT)

    html = page_html(owner_client.get(checkin.get_absolute_url()))

    later = html.index('data-testid="for-later"')
    assert html.index("Warning signs of a blood clot in the lungs") < later
    assert html.index("The nerve that works the trapezius muscle") > later
    # No "see a doctor within a few days" card beside the emergency; the EMG waits too.
    assert "A doctor can examine your shoulder blade" not in html
    assert html.index("About a nerve test (EMG)") > later


# --- The person's country ----------------------------------------------------------------------


def _signup(client, **fields):
    """Both steps of sign-up: the email, then the password from the mailed link."""
    from django.core import mail

    data = {"email": "new@example.com", "time_zone": "UTC", **fields}
    response = client.post(reverse("signup"), data)
    if response.status_code != 302:
        return response
    link = re.search(r"http://testserver(/accounts/signup/\S+/)", mail.outbox[-1].body).group(1)
    password = "a long walk on the beach 42"
    return client.post(link, {"password1": password, "password2": password})


@pytest.mark.parametrize(
    ("time_zone", "country"),
    [("Europe/London", "GB"), ("Asia/Calcutta", "IN"), ("America/Toronto", "CA"), ("UTC", "")],
)
def test_sign_up_guesses_the_country_from_the_browser_s_time_zone(client, time_zone, country):
    response = _signup(client, time_zone=time_zone)

    assert response.status_code == 302
    assert User.objects.get().country == country


def test_a_country_chosen_at_sign_up_wins_over_the_time_zone(client):
    _signup(client, time_zone="Europe/Paris", country="CH")
    assert User.objects.get().country == "CH"


def test_a_country_that_is_not_one_is_refused_and_the_email_kept(client):
    response = _signup(client, country="XX")

    html = page_html(response)
    assert "Select a valid choice" in html
    assert 'value="new@example.com"' in html
    assert not User.objects.exists()


def test_sign_up_says_which_number_the_button_dials(client):
    response = _signup(client, time_zone="Europe/Berlin")
    html = page_html(client.get(response["Location"]))
    assert "Your country is set to Germany: in an emergency the call button dials 112." in html


def test_the_account_page_shows_and_changes_the_country(owner_client, owner):
    html = page_html(owner_client.get(reverse("account")))
    assert_shows(html, "Your country, for emergencies", 'name="country"', "calls <strong>112")

    response = owner_client.post(reverse("account_country"), {"country": "NZ"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account")
    owner.refresh_from_db()
    assert owner.country == "NZ"
    html = page_html(owner_client.get(reverse("account")))
    assert "Saved: New Zealand. The emergency call button dials 111." in html
    assert re.search(r'<option value="NZ" selected>New Zealand</option>', html)


def test_the_account_country_can_be_left_unsaid(owner_client, owner):
    owner.country = "FR"
    owner.save()
    owner_client.post(reverse("account_country"), {"country": ""})
    owner.refresh_from_db()
    assert owner.country == ""


def test_a_wrong_country_is_named_and_nothing_changes(owner_client, owner):
    response = owner_client.post(reverse("account_country"), {"country": "ZZ"})
    html = page_html(response, status=400)
    assert "Select a valid choice" in html
    owner.refresh_from_db()
    assert owner.country == ""


def test_the_country_view_needs_a_post_and_a_person(client, owner_client):
    url = reverse("account_country")
    assert owner_client.get(url).status_code == 405
    client.logout()
    assert_sent_to_log_in(client.post(url, {"country": "DE"}), url)


def test_people_who_signed_up_before_get_their_country_guessed(make_user):
    guessing = importlib.import_module("tracker.migrations.0008_guess_user_country_from_time_zone")
    berlin = make_user("berlin@example.com", time_zone="Europe/Berlin")
    utc = make_user("utc@example.com")
    chosen = make_user("chosen@example.com", time_zone="Europe/Berlin", country="AT")

    guessing.guess_countries(apps, None)

    assert [User.objects.get(pk=p.pk).country for p in (berlin, utc, chosen)] == ["DE", "", "AT"]
