"""From the database to the engine: one function (massage_case), tested both ways."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.cases import EXAMPLES, case_to_db, load_example, without_blanks
from tracker.case_export import chronological_checkins, massage_case
from tracker.triage import assess, validate_case

pytestmark = pytest.mark.django_db
needs_spec = pytest.mark.skipif(
    not EXAMPLES, reason="../shared/spec/examples/ is not beside the repo"
)


def test_a_stored_massage_becomes_a_valid_case(owner, massage, checkin):
    case = massage_case(massage, chronological_checkins(massage))
    _, errors = validate_case(case)
    assert errors == []
    assert case["massage"]["date"] == massage.date.isoformat()
    assert case["massage"]["regions"] == massage.regions
    assert case["onset"] == {"timing": "during_massage"}
    log = case["logs"][0]
    assert log["date"] == checkin.date.isoformat()
    assert log["symptoms"] == [
        {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 4, "at_rest": True}
    ]
    assert log["function"] == {"left": {"arm_side_lift": "great_effort", "blade_sticks_out": True}}
    assert log["weakness_type"] == "weak_even_when_pain_mild"


def test_a_no_to_a_movement_sign_is_exported_as_false_and_one_not_answered_is_left_out(
    massage, make_checkin
):
    """spec/triage.md 10.5: "no" is an answer given, which the engine never replaces; a
    question not asked or skipped is left out, so the engine can carry the last answer."""
    make_checkin(
        massage,
        functions={
            "left": {"arm_side_lift": "easy", "grip_weak": False, "shoulder_lower": None},
            "right": {"whole_limb_weak": False},
        },
    )
    log = massage_case(massage, chronological_checkins(massage))["logs"][0]
    assert log["function"] == {
        "left": {"arm_side_lift": "easy", "grip_weak": False},
        "right": {"whole_limb_weak": False},
    }


def test_a_side_whose_answers_are_all_left_out_is_left_out(massage, make_checkin):
    make_checkin(
        massage,
        functions={
            "left": {"arm_side_lift": "", "grip_weak": None, "limb_swollen_with": []},
            "right": {"arm_side_lift": "not_tried"},
        },
    )
    log = massage_case(massage, chronological_checkins(massage))["logs"][0]
    assert log["function"] == {"right": {"arm_side_lift": "not_tried"}}
    make_checkin(massage, functions={"left": {"grip_weak": None}})
    assert "function" not in massage_case(massage, chronological_checkins(massage))["logs"][1]


def test_risk_answers_and_pain_during_are_exported(owner, make_massage):
    massage = make_massage(
        owner,
        age_band="40-49",
        previous_blood_clot=True,
        pain_during_region="neck_side",
        pain_during_side="left",
        pain_during_nprs=8,
        pain_during_quality="sharp",
    )
    case = massage_case(massage, [])
    assert case["risk"] == {"age_band": "40-49", "previous_blood_clot": True}
    assert case["massage"]["pain_during"] == {
        "region": "neck_side",
        "side": "left",
        "nprs": 8,
        "quality": "sharp",
    }


@needs_spec
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_spec_example_survives_the_round_trip_and_keeps_its_level(owner, path):
    example = load_example(path)
    massage = case_to_db(example["case"], owner)
    exported = massage_case(massage, chronological_checkins(massage))
    original = dict(example["case"])
    original.pop("as_of", None)
    assert without_blanks(exported) == without_blanks(original)
    assert assess(exported)["level"] == example["expect"]["level"]


def test_export_case_feeds_the_assess_command(owner, massage, checkin):
    exported = io.StringIO()
    call_command("export_case", str(massage.pk), stdout=exported)
    case_file = io.StringIO(exported.getvalue())
    assessed = io.StringIO()
    call_command("assess", "-", stdin=case_file, stdout=assessed)
    checkin.refresh_from_db()
    assert (
        json.loads(assessed.getvalue())["level"] == assess(json.loads(exported.getvalue()))["level"]
    )


def test_export_case_takes_an_as_of_date(owner, massage, checkin):
    out = io.StringIO()
    later = checkin.date + datetime.timedelta(days=30)
    call_command("export_case", str(massage.pk), "--as-of", later.isoformat(), stdout=out)
    assert json.loads(out.getvalue())["as_of"] == later.isoformat()


def test_export_case_refuses_an_unknown_massage():
    with pytest.raises(CommandError, match="There is no massage 999"):
        call_command("export_case", "999")
