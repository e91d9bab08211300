"""The check-in over a course of weeks (spec/triage.md revision 2, issue 10 points 3 and 4).

Stage 1 asks about the time since the last check-in and lists the warning signs reported
before, with "has a doctor checked you for this?"; stage 3 starts from the last answers given,
marked with their date, and can be skipped so that the engine carries them.
"""

import datetime
import re

import pytest
from django.urls import reverse

from tests.checkin_stages import post_stage, post_symptoms, stage, symptom_rows
from tests.helpers import assert_sent_to_log_in
from tracker.case_export import chronological_checkins, massage_case
from tracker.models import CheckIn, SideFunction, Symptom
from tracker.triage.carry import AnswerMemory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
NO_SYMPTOM = symptom_rows({})


def _to_movement(client, url, **emergency):
    """From the start to stage 3, with no new sign and no symptom (the massage's regions ask
    the arm questions)."""
    response = post_symptoms(client, url, {}, **emergency)
    assert stage(response) == "movement"
    return response


def _save_from_course(client, url, response, date):
    assert stage(response) == "course"
    return post_stage(client, url, response, action="save", date=date.isoformat())


def _day(date):
    return f"{date:%-d %B}"


@pytest.fixture
def long_massage(owner, make_massage):
    """A neck and shoulder massage 40 days ago: room for answers older than 14 and 28 days."""
    return make_massage(owner, days_ago=40)


@pytest.fixture
def url(long_massage):
    return reverse("checkin_create", args=[long_massage.pk])


# --- Stage 1: since the last check-in, and what was reported before ---------------------------


def test_the_first_checkin_asks_since_the_massage(owner_client, url):
    html = owner_client.get(url).content.decode()
    assert "First: any of these since the massage?" in html
    assert "since the massage, even if it went away" in html
    assert "What you reported before" not in html
    assert 'name="seen_doctor"' not in html


def test_a_later_checkin_asks_since_the_last_checkin_on_its_date(
    owner_client, url, long_massage, make_checkin, today
):
    earlier = make_checkin(long_massage, date=today - 3 * DAY)
    html = owner_client.get(url).content.decode()
    assert f"First: any of these since your last check-in on {_day(earlier.date)}?" in html
    assert "since your last check-in, even if it went away" in html
    assert "since the massage" not in html


def test_it_names_the_latest_checkin_before_however_long_ago(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(long_massage, date=today - 39 * DAY)
    latest = make_checkin(long_massage, date=today - 35 * DAY)
    html = owner_client.get(url).content.decode()
    assert f"since your last check-in on {_day(latest.date)}?" in html
    # Nothing reported in the last 28 days: no list, no doctor question.
    assert "What you reported before" not in html


def test_signs_reported_before_are_listed_with_their_date_and_the_doctor_question(
    owner_client, url, long_massage, make_checkin, today
):
    reported = make_checkin(long_massage, date=today - 2 * DAY, red_flags=["fever"])
    html = owner_client.get(url).content.decode()
    assert "What you reported before" in html
    assert (
        f"<strong>Fever or chills</strong>, reported on {_day(reported.date)}: it still counts "
        "until a doctor has checked you." in html
    )
    assert "Has a doctor checked you for this?" in html
    assert re.search(r'<input type="radio" name="seen_doctor" value="yes"', html)
    assert re.search(r'<input type="radio" name="seen_doctor" value="no"', html)


def test_a_sign_that_still_counts_is_noted_and_not_asked_again(
    owner_client, url, long_massage, make_checkin, today
):
    reported = make_checkin(long_massage, date=today - 2 * DAY, red_flags=["fever"])
    html = owner_client.get(url).content.decode()
    assert (
        f"<strong>Already noted on {_day(reported.date)}</strong>: tick it only if it came "
        "back after a doctor checked you." in html
    )
    # Not ticked for the person: only a sign that came back after a doctor's visit is ticked.
    assert re.search(r'value="fever" id="rf-fever" [^>]*aria-describedby="rf-fever-noted">', html)
    assert not re.search(r'value="fever"[^>]* checked', html)
    # What to do about it comes with it: no doctor has checked it yet.
    assert "it still counts until a doctor has checked you. <strong>See a doctor today" in html
    # Every other sign is asked, with what the instant advice needs.
    assert re.search(r'value="face_droop" id="rf-face_droop" data-urgency="CALL_EMERGENCY"', html)
    assert 'value="stiff_neck_all_over"' in html


def test_several_signs_that_still_count_are_asked_about_together(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(long_massage, date=today - 5 * DAY, red_flags=["urine_dark"])
    make_checkin(long_massage, date=today - 2 * DAY, red_flags=["fever"])
    html = owner_client.get(url).content.decode()
    assert html.index("Urine turned dark") < html.index("<strong>Fever or chills</strong>")
    assert "Has a doctor checked you for these?" in html
    assert "They are already noted" in html


def test_a_sign_a_doctor_has_checked_since_can_be_ticked_again(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(long_massage, date=today - 4 * DAY, red_flags=["fever"])
    make_checkin(long_massage, date=today - 2 * DAY, seen_doctor=True)
    html = owner_client.get(url).content.decode()
    assert "<strong>Fever or chills</strong>" in html
    assert "a doctor has checked you since." in html
    assert 'name="seen_doctor"' not in html
    assert re.search(r'name="red_flags" value="fever"', html)


def test_a_sign_reported_more_than_28_days_ago_is_no_longer_listed(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(long_massage, date=today - 29 * DAY, red_flags=["fever"])
    make_checkin(long_massage, date=today - 10 * DAY)
    html = owner_client.get(url).content.decode()
    assert "What you reported before" not in html
    assert re.search(r'name="red_flags" value="fever"', html)


def test_yes_to_the_doctor_question_stores_seen_doctor_and_ticks_stage_4s_box(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(long_massage, date=today - 2 * DAY, red_flags=["fever"])
    response = _to_movement(owner_client, url, seen_doctor="yes")
    response = post_stage(owner_client, url, response, action="skip")
    assert re.search(r'name="seen_doctor"[^>]*checked', response.content.decode())
    post_stage(owner_client, url, response, action="save", date=today.isoformat(), seen_doctor="on")
    new = CheckIn.objects.get(date=today)
    assert new.seen_doctor is True
    assert new.red_flags == []


def test_no_to_the_doctor_question_is_kept_when_going_back(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(long_massage, date=today - 2 * DAY, red_flags=["fever"])
    response = owner_client.get(url)
    response = post_stage(owner_client, url, response, seen_doctor="no")
    response = post_stage(owner_client, url, response, action="back", **NO_SYMPTOM)
    html = response.content.decode()
    assert re.search(r'name="seen_doctor" value="no"[^>]*checked', html)
    assert not re.search(r'name="seen_doctor" value="yes"[^>]*checked', html)


def test_a_new_sign_is_still_asked_beside_one_already_noted(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(long_massage, date=today - 2 * DAY, red_flags=["fever"])
    response = _to_movement(owner_client, url, red_flags=["stiff_neck_all_over"])
    response = post_stage(owner_client, url, response, action="skip")
    _save_from_course(owner_client, url, response, today)
    assert CheckIn.objects.get(date=today).red_flags == ["stiff_neck_all_over"]


def test_editing_a_checkin_lists_only_the_signs_reported_before_it(
    owner_client, long_massage, make_checkin, today
):
    make_checkin(long_massage, date=today - 6 * DAY, red_flags=["urine_dark"])
    edited = make_checkin(long_massage, date=today - 4 * DAY, red_flags=["fever"])
    make_checkin(long_massage, date=today - 2 * DAY, red_flags=["breathlessness"])
    html = owner_client.get(reverse("checkin_update", args=[edited.pk])).content.decode()
    assert f"since your last check-in on {_day(today - 6 * DAY)}?" in html
    assert "<strong>Urine turned dark, like tea or cola</strong>" in html
    assert "New breathlessness</strong>" not in html
    # Its own sign stays a ticked box, so editing loses nothing.
    assert re.search(r'name="red_flags" value="fever"[^>]*checked', html)


def test_a_wrong_doctor_answer_is_named_and_the_ticked_signs_are_kept(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(long_massage, date=today - 2 * DAY, red_flags=["fever"])
    response = owner_client.get(url)
    response = post_stage(
        owner_client, url, response, seen_doctor="maybe", red_flags=["breathlessness"]
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice. maybe is not one of the available choices." in html
    assert re.search(r'value="breathlessness"[^>]*checked', html)


# --- Stage 3: the last answers, and skipping ----------------------------------------------------


def test_each_question_starts_from_the_last_answer_marked_with_its_date(
    owner_client, url, long_massage, make_checkin, today
):
    given = today - 3 * DAY
    make_checkin(
        long_massage,
        date=given,
        functions={"left": {"arm_side_lift": "cannot", "shrug_weaker": False}},
        weakness_type="pain_stops_me",
    )
    html = _to_movement(owner_client, url).content.decode()
    assert "Your last answers are filled in" in html
    assert (
        f'<p class="last-answer" id="left-arm_side_lift-last">Last answer, {_day(given)}: '
        "I can&#x27;t</p>" in html
    )
    assert re.search(
        r'name="left-arm_side_lift" class="form-select" '
        r'aria-describedby="left-arm_side_lift-last"[^>]*>.*?<option value="cannot" selected>',
        html,
        re.S,
    )
    assert f"Last answer, {_day(given)}: No" in html
    assert re.search(r'name="left-shrug_weaker" value="no"[^>]*checked', html)
    assert re.search(r'name="weakness_type" value="pain_stops_me"[^>]*checked', html)
    # Nothing was answered on the right: it starts unanswered, without a hint.
    assert "right-arm_side_lift-last" not in html
    assert re.search(r'name="right-shrug_weaker" value=""[^>]*checked', html)


def test_answers_older_than_14_days_are_not_offered(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(long_massage, date=today - 15 * DAY, functions={"left": {"grip_weak": True}})
    html = _to_movement(owner_client, url).content.decode()
    assert "Last answer" not in html
    assert re.search(r'name="left-grip_weak" value=""[^>]*checked', html)


def test_the_latest_answer_given_is_offered_not_a_later_skip(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(long_massage, date=today - 6 * DAY, functions={"left": {"arm_side_lift": "easy"}})
    make_checkin(
        long_massage, date=today - 4 * DAY, functions={"left": {"arm_side_lift": "harder"}}
    )
    make_checkin(long_massage, date=today - 2 * DAY)  # skipped the movement questions
    html = _to_movement(owner_client, url).content.decode()
    assert f"Last answer, {_day(today - 4 * DAY)}: Harder than the other side" in html


def test_a_follow_up_starts_filled_only_under_a_yes(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(
        long_massage,
        date=today - 5 * DAY,
        functions={"left": {"blade_sticks_out": True, "blade_visible_when": "at_rest"}},
    )
    make_checkin(
        long_massage, date=today - 3 * DAY, functions={"left": {"blade_sticks_out": False}}
    )
    html = _to_movement(owner_client, url).content.decode()
    assert re.search(r'name="left-blade_sticks_out" value="no"[^>]*checked', html)
    assert not re.search(r'<option value="at_rest" selected>', html)


def test_accepting_the_starting_values_stores_them_as_answers_given(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(
        long_massage,
        date=today - 3 * DAY,
        functions={"left": {"arm_side_lift": "cannot", "shrug_weaker": False}},
    )
    response = _to_movement(owner_client, url)
    response = post_stage(
        owner_client, url, response, **{"left-arm_side_lift": "cannot", "left-shrug_weaker": "no"}
    )
    _save_from_course(owner_client, url, response, today)
    left = SideFunction.objects.get(checkin__date=today)
    assert (left.arm_side_lift, left.shrug_weaker, left.grip_weak) == ("cannot", False, None)


def test_no_is_stored_as_false_and_not_answered_as_none(owner_client, url, today):
    response = _to_movement(owner_client, url)
    response = post_stage(
        owner_client,
        url,
        response,
        **{
            "left-grip_weak": "no",
            "left-shoulder_lower": "yes",
            "left-whole_limb_weak": "",
            "right-grip_weak": "no",
        },
    )
    _save_from_course(owner_client, url, response, today)
    left = SideFunction.objects.get(side="left")
    assert (left.grip_weak, left.shoulder_lower, left.whole_limb_weak) == (False, True, None)
    assert left.shrug_weaker is None
    assert left.arm_side_lift == ""
    assert SideFunction.objects.get(side="right").grip_weak is False


def test_no_is_exported_as_false_and_a_question_not_answered_is_left_out(
    owner_client, url, long_massage, today
):
    response = _to_movement(owner_client, url)
    response = post_stage(owner_client, url, response, **{"left-grip_weak": "no"})
    _save_from_course(owner_client, url, response, today)
    log = massage_case(long_massage, chronological_checkins(long_massage))["logs"][-1]
    assert log["function"] == {"left": {"grip_weak": False}}
    assert "weakness_type" not in log


def test_skipping_the_step_leaves_every_movement_answer_out_so_the_last_ones_carry(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(
        long_massage,
        date=today - 3 * DAY,
        functions={"left": {"arm_side_lift": "cannot"}},
        weakness_type="weak_even_when_pain_mild",
    )
    response = _to_movement(owner_client, url)
    # What was on the page (the starting values, or a change) is not kept.
    response = post_stage(
        owner_client, url, response, action="skip", **{"left-arm_side_lift": "easy"}
    )
    response = _save_from_course(owner_client, url, response, today)
    assert response.status_code == 302
    new = CheckIn.objects.get(date=today)
    assert not new.functions.exists()
    assert new.weakness_type == ""
    assert new.neck_move_or_cough_provokes_arm is False
    earlier, latest = massage_case(long_massage, chronological_checkins(long_massage))["logs"]
    assert "function" not in latest
    assert "weakness_type" not in latest
    # The engine's carried view of the new log takes the answers of three days before.
    memory = AnswerMemory()
    memory.remember(earlier, 0)
    view = memory.view(latest)
    assert view.function == {"left": {"arm_side_lift": "cannot"}}
    assert view.weakness_type == "weak_even_when_pain_mild"


def test_a_skipped_step_shows_not_answered_with_the_hints_when_coming_back(
    owner_client, url, long_massage, make_checkin, today
):
    make_checkin(long_massage, date=today - 3 * DAY, functions={"left": {"grip_weak": True}})
    response = _to_movement(owner_client, url)
    response = post_stage(owner_client, url, response, action="skip")
    response = post_stage(owner_client, url, response, action="back", date=today.isoformat())
    html = response.content.decode()
    assert stage(response) == "movement"
    assert re.search(r'name="left-grip_weak" value=""[^>]*checked', html)
    assert f"Last answer, {_day(today - 3 * DAY)}: Yes" in html
    assert "Your last answers are filled in" not in html


def test_answers_given_on_the_stage_are_kept_when_coming_back(owner_client, url, today):
    response = _to_movement(owner_client, url)
    response = post_stage(owner_client, url, response, **{"left-grip_weak": "no"})
    response = post_stage(owner_client, url, response, action="back", date=today.isoformat())
    assert re.search(r'name="left-grip_weak" value="no"[^>]*checked', response.content.decode())


def test_editing_starts_from_its_own_answers_with_the_ones_before_as_hints(
    owner_client, long_massage, make_checkin, today
):
    make_checkin(
        long_massage, date=today - 5 * DAY, functions={"left": {"arm_side_lift": "cannot"}}
    )
    edited = make_checkin(
        long_massage, date=today - 3 * DAY, functions={"left": {"arm_side_lift": "harder"}}
    )
    make_checkin(long_massage, date=today - 1 * DAY, functions={"left": {"arm_side_lift": "easy"}})
    url = reverse("checkin_update", args=[edited.pk])
    response = post_symptoms(
        owner_client, url, {"kind": "ache", "region": "shoulder_top", "side": "left"}
    )
    html = response.content.decode()
    assert re.search(r'<option value="harder" selected>', html)
    assert f"Last answer, {_day(today - 5 * DAY)}: I can&#x27;t" in html
    assert "Your last answers are filled in" not in html


def test_a_bad_answer_is_named_next_to_its_field_and_the_others_are_kept(owner_client, url):
    response = _to_movement(owner_client, url)
    response = post_stage(
        owner_client,
        url,
        response,
        **{"left-grip_weak": "maybe", "left-arm_side_lift": "harder", "right-grip_weak": "yes"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice. maybe is not one of the available choices." in html
    assert re.search(r'<option value="harder" selected>', html)
    assert re.search(r'name="right-grip_weak" value="yes"[^>]*checked', html)
    assert not CheckIn.objects.exists()


def test_a_when_under_a_question_not_answered_is_asked_about(owner_client, url):
    response = _to_movement(owner_client, url)
    response = post_stage(
        owner_client, url, response, **{"left-blade_visible_when": "lifting_sideways"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "You said when the shoulder blade sticks out: answer “Yes” here" in html
    assert re.search(r'<option value="lifting_sideways" selected>', html)


def test_a_when_under_no_is_dropped(owner_client, url, today):
    response = _to_movement(owner_client, url)
    response = post_stage(
        owner_client,
        url,
        response,
        **{"left-blade_sticks_out": "no", "left-blade_visible_when": "lifting_sideways"},
    )
    _save_from_course(owner_client, url, response, today)
    left = SideFunction.objects.get()
    assert (left.blade_sticks_out, left.blade_visible_when) == (False, "")


def test_answers_to_questions_no_longer_asked_are_dropped(owner_client, make_massage, owner, today):
    massage = make_massage(owner, days_ago=3, regions=[{"region": "low_back", "side": "midline"}])
    url = reverse("checkin_create", args=[massage.pk])
    response = post_symptoms(owner_client, url, {"kind": "ache", "region": "calf", "side": "right"})
    assert stage(response) == "movement"
    # Back from stage 3 with a leg answer: the calf symptom then goes, and with it the question.
    response = post_stage(
        owner_client, url, response, action="back", **{"right-foot_lift": "harder"}
    )
    assert stage(response) == "symptoms"
    response = post_stage(
        owner_client,
        url,
        response,
        **symptom_rows({"kind": "ache", "region": "abdomen", "side": "midline"}),
    )
    _save_from_course(owner_client, url, response, today)
    assert not SideFunction.objects.exists()
    assert Symptom.objects.get().region == "abdomen"


# --- People and queries -------------------------------------------------------------------------


def test_another_person_cannot_skip_on_this_massage(other_client, url):
    response = other_client.post(url, {"stage": "movement", "action": "skip"})
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in_from_the_movement_stage(client, url):
    response = client.post(url, {"stage": "movement", "action": "skip"})
    assert_sent_to_log_in(response, url)


def _history(massage, days, today):
    """One check-in a day for ``days`` days up to yesterday, each with a sign and answers."""
    checkins = CheckIn.objects.bulk_create(
        CheckIn(massage=massage, date=today - (days - i) * DAY, red_flags=["fever"])
        for i in range(days)
    )
    Symptom.objects.bulk_create(
        Symptom(checkin=c, kind="ache", region="shoulder_top", side="left", nprs=3)
        for c in checkins
    )
    SideFunction.objects.bulk_create(
        SideFunction(checkin=c, side="left", arm_side_lift="harder", grip_weak=False)
        for c in checkins
    )


@pytest.mark.parametrize("days", [5, 38])
def test_stage_1_reads_a_bounded_window_whatever_the_history(
    owner_client, url, long_massage, days, today, django_assert_num_queries
):
    _history(long_massage, days, today)
    # 1 session, 2 user, 3 the massage, 4 the date, warning signs and doctor's visits of the
    # check-ins of the 28 days before (the last of them is the check-in before).
    with django_assert_num_queries(4):
        response = owner_client.get(url)
    assert "Already noted on" in response.content.decode()


@pytest.mark.parametrize("days", [5, 38])
def test_stage_3_reads_a_bounded_window_whatever_the_history(
    owner_client, url, long_massage, days, today, django_assert_num_queries
):
    _history(long_massage, days, today)
    response = owner_client.get(url)
    response = post_stage(owner_client, url, response)
    # 1 session, 2 user, 3 the massage, 4 the check-ins of the 14 days before, 5 their
    # symptoms, 6 their movement answers.
    with django_assert_num_queries(6):
        response = post_stage(owner_client, url, response, **NO_SYMPTOM)
    assert "Last answer" in response.content.decode()
