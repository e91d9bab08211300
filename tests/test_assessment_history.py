"""Saving, editing and deleting a check-in reassesses exactly the check-ins whose history changed,
from plain rows, with the same results as assessing the whole history again."""

import datetime

import pytest
from django.utils import timezone

from tracker import services
from tracker.assessments import history_logs, reassess_massage
from tracker.case_export import checkin_log, chronological_checkins
from tracker.checkin_draft import empty_draft
from tracker.models import CheckIn

pytestmark = pytest.mark.django_db


def _draft(date, grade="harder", pain=4, **answers):
    draft = empty_draft(date)
    draft.update(
        symptoms=[
            {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": pain},
            {"kind": "tingling", "region": "forearm_thumb_side", "side": "both"},
        ],
        functions={
            "left": {
                "arm_side_lift": grade,
                "blade_sticks_out": True,
                "blade_visible_when": "lifting_sideways",
                "limb_swollen": True,
                "limb_swollen_with": ["warm", "red"],
            },
            "right": {"arm_side_lift": "easy"},
        },
        weakness_type="weak_even_when_pain_mild",
        course="same",
    )
    draft.update(answers)
    return draft


def _save(massage, day, **answers):
    date = massage.date + datetime.timedelta(days=day)
    return services.checkin_save(massage=massage, draft=_draft(date, **answers))


def _stored(massage):
    return list(
        massage.checkins.order_by("date", "created_at", "id").values_list(
            "id", "level", "rule_ids", "engine_version", "assessment", "updated_at"
        )
    )


def _results(massage):
    return [row[:5] for row in _stored(massage)]


def _assert_same_as_a_full_reassessment(massage):
    before = _results(massage)
    reassess_massage(massage)
    assert _results(massage) == before


@pytest.fixture
def history(massage):
    for day, grade in [(1, "harder"), (2, "harder"), (3, "great_effort"), (5, "cannot")]:
        _save(massage, day, grade=grade, red_flags=["fever"] if day == 3 else [])
    return massage


def test_the_logs_from_rows_are_the_logs_of_the_checkins(history):
    _save(history, 5, grade="easy", emg_done=True, seen_doctor=True, notes="x")
    expected = [checkin_log(checkin) for checkin in chronological_checkins(history)]
    assert [log for _, log in history_logs(history)] == expected
    assert any(log.get("function", {}).get("left", {}).get("limb_swollen_with") for log in expected)


def test_a_new_latest_checkin_is_the_only_one_assessed(history, django_assert_max_num_queries):
    before = _stored(history)
    draft = _draft(history.date + datetime.timedelta(days=5), grade="cannot")
    # 1 the insert, 2 its symptoms, 3 its movement answers, 4 the date of the check-in before
    # it, 5-6 what the check-ins before the window leave, 7-9 the window as rows (issue 15),
    # 10 the new check-in's stored fields, 11 its result (plus the savepoint and its release).
    with django_assert_max_num_queries(13):
        new = services.checkin_save(massage=history, draft=draft)
    after = _stored(history)
    assert after[:-1] == before
    assert after[-1][0] == new.pk
    assert new.level and new.assessment["as_of"] == new.date.isoformat()
    _assert_same_as_a_full_reassessment(history)


def test_a_checkin_saved_among_older_ones_reassesses_those_after_it(history):
    before = _stored(history)
    services.checkin_save(massage=history, draft=_draft(history.date + datetime.timedelta(days=2)))
    after = [row for row in _stored(history) if row[0] in {b[0] for b in before}]
    # Days 1 and 2 come before the new check-in (the day-2 one was saved earlier that day).
    assert after[:2] == before[:2]
    _assert_same_as_a_full_reassessment(history)


def test_a_checkin_of_the_same_day_made_later_in_the_day_is_reassessed(massage):
    today = timezone.localdate()
    later = CheckIn.objects.create(
        massage=massage, date=today, created_at=timezone.now() + datetime.timedelta(hours=1)
    )
    services.checkin_save(massage=massage, draft=_draft(today, grade="cannot"))
    later.refresh_from_db()
    # Its history now holds the check-in saved before it in the day: it has a result, the one
    # a full reassessment gives.
    assert later.assessment is not None
    _assert_same_as_a_full_reassessment(massage)


@pytest.mark.parametrize("new_day", [0, 4, 5])
def test_moving_a_checkin_reassesses_from_its_old_or_new_place(history, new_day):
    second = history.checkins.order_by("date").all()[1]
    services.checkin_save(
        massage=history,
        draft=_draft(history.date + datetime.timedelta(days=new_day), grade="cannot"),
        checkin=second,
    )
    _assert_same_as_a_full_reassessment(history)


def test_deleting_a_checkin_reassesses_what_follows_only(history):
    checkins = list(history.checkins.order_by("date", "created_at", "id"))
    before = _stored(history)
    services.checkin_delete(checkin=checkins[1])
    after = _stored(history)
    assert after[0] == before[0]
    _assert_same_as_a_full_reassessment(history)


def test_a_result_that_comes_out_the_same_is_not_written_again(history):
    before = _stored(history)
    assessed = reassess_massage(history)
    assert len(assessed) == len(before)
    assert _stored(history) == before  # same results: not even updated_at moved


def test_a_changed_result_gets_a_new_updated_at(history):
    latest = history.checkins.order_by("-date").first()
    CheckIn.objects.filter(pk=latest.pk).update(level="", assessment=None)
    reassess_massage(history, since=latest.date)
    fresh = CheckIn.objects.get(pk=latest.pk)
    assert fresh.level
    assert fresh.updated_at > latest.updated_at
