"""The contract checks: strict JSON reading, and validate_assessment on good and broken outputs."""

import copy
import json
from pathlib import Path

import pytest

from tracker.triage import assess
from tracker.triage.contract import load_json, validate_assessment

from .strategies import SPEC_EXAMPLES

SPEC_DIR = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples"


def rule(rule_id="PAT-SAN", level="SEE_DOCTOR_ASK_EMG", **fields):
    return {
        "id": rule_id,
        "side": "left",
        "level": level,
        "action": None,
        "sooner": False,
        "confidence": "strong",
        "evidence": ["logs[-1].function.left.arm_side_lift=great_effort"],
        "summary": "Your answers match a pattern seen when a shoulder nerve is pressed.",
        "advice": "See a doctor within a few days.",
        **fields,
    }


def good_output(**fields):
    """Section 4's example, completed with the safety net of 8.18."""
    return {
        "engine_version": "2",
        "as_of": "2026-03-06",
        "d_onset": 5,
        "level": "SEE_DOCTOR_ASK_EMG",
        "action": None,
        "sooner": False,
        "fired": [rule()],
        "emg_timing": "before_window",
        "recheck_on": "2026-03-09",
        "seen_doctor_on": None,
        "reported_before": [],
        "disclaimer": "This is educational information, not a diagnosis.",
        "safety_net": ["Get emergency help if your face droops or your speech changes."],
        **fields,
    }


def emergency_output(**fields):
    stroke = rule("RF-STROKE", "EMERGENCY_NOW", side=None, action="CALL_EMERGENCY")
    emergency = {
        "level": "EMERGENCY_NOW",
        "action": "CALL_EMERGENCY",
        "fired": [stroke],
        "emg_timing": None,
        "recheck_on": None,
        "safety_net": None,
    }
    return good_output(**{**emergency, **fields})


def quiet_output(**fields):
    quiet = {"level": "NONE", "fired": [], "emg_timing": None, "recheck_on": None}
    return good_output(**{**quiet, **fields})


def paths(problems):
    return {problem.split(":", 1)[0] for problem in problems}


def test_a_well_formed_assessment_has_no_problems():
    assert validate_assessment(good_output()) == []
    assert validate_assessment(emergency_output()) == []
    assert validate_assessment(quiet_output()) == []


def test_an_assessment_that_is_not_an_object_is_refused():
    assert validate_assessment(["level"]) == [": an assessment is an object, not list"]


def test_missing_and_unknown_keys_are_both_named():
    output = good_output(verdict="fine")
    del output["safety_net"], output["sooner"]

    problems = validate_assessment(output)

    assert ": missing keys safety_net, sooner" in problems
    assert ": unknown keys verdict" in problems


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("engine_version", ""),
        ("as_of", "06/03/2026"),
        ("as_of", "20260306"),
        ("as_of", "2026-02-30"),
        ("d_onset", -1),
        ("d_onset", 5.0),
        ("d_onset", True),
        ("level", "URGENT"),
        ("action", "CALL_A_FRIEND"),
        ("sooner", "no"),
        ("fired", {}),
        ("emg_timing", "soon"),
        ("recheck_on", "next week"),
        ("disclaimer", "Educational information only."),
        ("safety_net", "see a doctor if it gets worse"),
        ("safety_net", ["", "call"]),
    ],
)
def test_each_badly_typed_field_is_reported_by_name(field, value):
    problems = validate_assessment(good_output(**{field: value}))

    assert paths(problems) == {field}, problems


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "PAT-NERVE"),
        ("side", "both"),
        ("side", "midline"),
        ("level", "NONE"),
        ("action", "GO_HOME"),
        ("sooner", None),
        ("confidence", "certain"),
        ("evidence", []),
        ("evidence", "logs[-1]"),
        ("evidence", ["ok", ""]),
        ("summary", " "),
        ("advice", None),
        ("branch", "root"),
    ],
)
def test_each_badly_typed_fired_field_is_reported_with_its_index(field, value):
    output = good_output(fired=[rule(), rule("PAT-LTN", **{field: value})])

    problems = validate_assessment(output)

    assert paths(problems) == {f"fired[1].{field}"}, problems


def test_a_fired_rule_with_missing_or_unknown_keys_is_reported():
    entry = rule(why="because")
    del entry["evidence"]

    problems = validate_assessment(good_output(fired=[entry]))

    assert problems == ["fired[0]: missing keys evidence", "fired[0]: unknown keys why"]


def test_a_fired_rule_that_is_not_an_object_is_reported():
    assert validate_assessment(good_output(fired=["PAT-SAN"])) == [
        "fired[0]: a fired rule is an object, not str"
    ]


def test_only_emergency_rules_carry_an_action():
    calm = rule(action="GO_TO_ED_NOW")
    silent = rule("RF-PE", "EMERGENCY_NOW", side=None)

    problems = validate_assessment(emergency_output(fired=[silent, calm]))

    assert paths(problems) == {"fired[0].action", "fired[1].action"}


def test_the_level_must_be_the_highest_fired_level():
    persist = rule("PAT-PERSIST", "SEE_DOCTOR_DAYS")

    problems = validate_assessment(good_output(level="SEE_DOCTOR_DAYS", fired=[rule(), persist]))

    assert "level: SEE_DOCTOR_DAYS, but the highest fired level is SEE_DOCTOR_ASK_EMG" in problems


def test_with_nothing_fired_the_level_is_none_or_self_care():
    assert (
        validate_assessment(quiet_output(level="MONITOR_SELF_CARE", recheck_on="2026-03-09")) == []
    )
    problems = validate_assessment(quiet_output(level="SEE_DOCTOR_DAYS", recheck_on="2026-03-09"))
    assert "level: SEE_DOCTOR_DAYS with no rule fired (only NONE or MONITOR_SELF_CARE)" in problems


def test_fired_rules_come_highest_level_first():
    persist = rule("PAT-PERSIST", "SEE_DOCTOR_DAYS")

    problems = validate_assessment(good_output(fired=[persist, rule()]))

    assert "fired: not sorted highest level first" in problems


def test_the_same_rule_on_the_same_side_fires_once():
    problems = validate_assessment(good_output(fired=[rule(), rule()]))

    assert "fired: the same rule fired twice on one side" in problems
    assert validate_assessment(good_output(fired=[rule(), rule(side="right")])) == []


def test_soreness_never_fires_with_a_red_flag_rule():
    systemic = rule("RF-SYSTEMIC", "SEE_DOCTOR_DAYS", side=None)
    soreness = rule("PAT-SORENESS", "MONITOR_SELF_CARE", side=None)
    output = good_output(level="SEE_DOCTOR_DAYS", fired=[systemic, soreness], emg_timing=None)

    assert validate_assessment(output) == [
        "fired: PAT-SORENESS fired together with a red-flag rule"
    ]


def test_an_emergency_needs_the_most_urgent_action_of_its_rules():
    stroke = rule("RF-STROKE", "EMERGENCY_NOW", side=None, action="CALL_EMERGENCY")
    clot = rule("RF-DVT", "EMERGENCY_NOW", action="GO_TO_ED_NOW")

    assert validate_assessment(emergency_output(fired=[clot, stroke])) == []
    assert validate_assessment(emergency_output(fired=[clot, stroke], action="GO_TO_ED_NOW")) == [
        "action: CALL_EMERGENCY is the most urgent fired action, not 'GO_TO_ED_NOW'"
    ]
    assert paths(validate_assessment(emergency_output(action=None))) == {"action"}


def test_no_action_below_an_emergency():
    assert validate_assessment(good_output(action="GO_TO_ED_NOW")) == [
        "action: only EMERGENCY_NOW has an action, not SEE_DOCTOR_ASK_EMG"
    ]


def test_sooner_follows_the_rules_fired_at_the_case_level():
    urgent = rule(sooner=True)
    lower_but_sooner = rule("PAT-PERSIST", "SEE_DOCTOR_DAYS", sooner=True)

    assert validate_assessment(good_output(fired=[urgent], sooner=True)) == []
    assert paths(validate_assessment(good_output(fired=[urgent]))) == {"sooner"}
    # A sooner rule below the case's level does not make the case sooner (7.13).
    assert validate_assessment(good_output(fired=[rule(), lower_but_sooner])) == []
    assert paths(
        validate_assessment(good_output(fired=[rule(), lower_but_sooner], sooner=True))
    ) == {"sooner"}


def test_a_nerve_pattern_needs_emg_timing():
    assert validate_assessment(good_output(emg_timing=None)) == [
        "emg_timing: a nerve pattern or SEE_DOCTOR_ASK_EMG needs it (8.14)"
    ]


@pytest.mark.parametrize(("branch", "needed"), [("plexus", True), ("tos", False)])
def test_plexus_tos_needs_emg_timing_only_on_its_plexus_branch(branch, needed):
    plexus = rule("PAT-PLEXUS-TOS", "SEE_DOCTOR_DAYS", branch=branch)
    output = good_output(level="SEE_DOCTOR_DAYS", fired=[plexus], emg_timing=None)

    problems = validate_assessment(output)

    assert bool(problems) is needed


def test_emg_timing_is_null_without_a_nerve_pattern():
    persist = rule("PAT-PERSIST", "SEE_DOCTOR_DAYS")
    output = good_output(level="SEE_DOCTOR_DAYS", fired=[persist])

    assert validate_assessment(output) == [
        "emg_timing: null when no nerve pattern fired (section 4)"
    ]


@pytest.mark.parametrize(
    ("d_onset", "timing", "ok"),
    [
        (5, "before_window", True),
        (20, "in_window", False),
        (21, "in_window", True),
        (21, "before_window", False),
        (40, "improving", True),
        (89, "specialist_question", False),
        (90, "specialist_question", True),
        (120, "improving", True),
        (120, "before_window", False),
    ],
)
def test_emg_timing_matches_the_day_count(d_onset, timing, ok):
    problems = validate_assessment(good_output(d_onset=d_onset, emg_timing=timing))

    assert (problems == []) is ok, problems


def test_recheck_on_is_three_days_on_below_an_emergency():
    persist = rule("PAT-PERSIST", "SEE_DOCTOR_DAYS")
    output = good_output(level="SEE_DOCTOR_DAYS", fired=[persist], emg_timing=None)

    assert validate_assessment(output) == []
    assert validate_assessment({**output, "recheck_on": "2026-03-13"}) == [
        "recheck_on: as_of + 3, not as_of + 7 (8.18)"
    ]
    assert validate_assessment({**output, "recheck_on": None}) == [
        "recheck_on: a date for SEE_DOCTOR_DAYS (8.18)"
    ]


def test_recheck_on_may_come_sooner_while_pat_san_is_damped():
    assert validate_assessment(good_output(recheck_on="2026-03-07")) == []
    assert validate_assessment(good_output(recheck_on="2026-03-06")) == [
        "recheck_on: 1 to 3 days after as_of, not 0 (8.18)"
    ]


@pytest.mark.parametrize("make", [emergency_output, quiet_output])
def test_recheck_on_is_null_for_an_emergency_and_for_none(make):
    assert paths(validate_assessment(make(recheck_on="2026-03-09"))) == {"recheck_on"}


def test_the_safety_net_is_there_for_every_level_but_an_emergency():
    assert validate_assessment(good_output(safety_net=[])) == [
        "safety_net: SEE_DOCTOR_ASK_EMG needs the 'see a doctor if' list"
    ]
    assert validate_assessment(emergency_output(safety_net=["See a doctor if..."])) == [
        "safety_net: EMERGENCY_NOW shows no safety net"
    ]


def test_with_its_case_the_day_count_and_date_are_checked():
    case = {
        "massage": {"date": "2026-03-01"},
        "onset": {"timing": "1_to_7_days"},
        "logs": [{"date": "2026-03-03"}, {"date": "2026-03-06"}],
    }

    assert validate_assessment(good_output(d_onset=3), case) == []
    assert validate_assessment(good_output(), case) == ["d_onset: the case gives 3, not 5"]
    assert validate_assessment(good_output(d_onset=4), {**case, "as_of": "2026-03-07"}) == [
        "as_of: the case is as of 2026-03-07, not 2026-03-06"
    ]


def test_with_its_case_emg_timing_is_in_window_until_an_emg_is_done():
    case = {"massage": {"date": "2026-01-01"}, "logs": [{"date": "2026-02-01"}]}
    improving = good_output(as_of="2026-02-01", recheck_on="2026-02-04", d_onset=31)
    improving["emg_timing"] = "improving"

    assert validate_assessment(improving, case) == [
        "emg_timing: in_window before day 90 while no EMG was done (8.14)"
    ]
    case["logs"][0]["emg_done"] = True
    assert validate_assessment(improving, case) == []


# The engine's own outputs.


@pytest.mark.parametrize("name", sorted(SPEC_EXAMPLES))
def test_the_engine_meets_the_contract_on_the_spec_examples(name):
    example = copy.deepcopy(SPEC_EXAMPLES[name])

    output = assess(copy.deepcopy(example["case"]))

    assert validate_assessment(output, example["case"]) == []
    expect = example["expect"]
    fired = {entry["id"] for entry in output["fired"]}
    assert output["level"] == expect["level"]
    assert set(expect.get("fired_include", ())) <= fired
    assert not set(expect.get("fired_exclude", ())) & fired
    for key in ("action", "sooner", "emg_timing"):
        if key in expect:
            assert output[key] == expect[key]


@pytest.mark.skipif(not SPEC_DIR.is_dir(), reason="../shared/spec is not beside the checkout")
def test_the_copied_examples_match_the_spec_files():
    files = {
        path.stem: json.loads(path.read_text(encoding="utf-8")) for path in SPEC_DIR.glob("*.json")
    }

    assert files == SPEC_EXAMPLES


# Strict JSON reading (the command and the API both use it).


def test_plain_json_is_read():
    assert load_json('{"logs": [1, 2.5, "x", null]}') == ({"logs": [1, 2.5, "x", None]}, [])
    assert load_json(b'{"a": "\xc3\xa9"}') == ({"a": "é"}, [])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{", "not valid JSON: Expecting property name enclosed in double quotes at line 1"),
        ('{"a": 1,}', "column 9"),
        ("", "not valid JSON"),
        ('{"nprs": NaN}', "NaN is not allowed"),
        ('{"nprs": Infinity}', "Infinity is not allowed"),
        ('{"nprs": -Infinity}', "-Infinity is not allowed"),
        ('{"nprs": 1e999}', "too large"),
        ('{"nprs": ' + "9" * 5000 + "}", "A number is too long"),
        ('{"as_of": "2026-03-01", "as_of": "2026-03-02"}', "The key 'as_of' appears twice"),
        ("[" * 100_000, "nested too deeply"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_json_no_case_can_mean_is_refused_with_a_reason(text, words):
    value, errors = load_json(text)

    assert value is None
    assert len(errors) == 1
    assert errors[0]["path"] == ""
    assert words in errors[0]["message"]


def test_an_early_recheck_during_the_san_damping_days_is_accepted():
    # Day 1, sideways lifting harder because it hurts: PAT-SAN is damped before day 3 and the
    # engine asks for a check-in on onset + 3 (spec/triage.md 8.11, 8.18), as_of + 2 here.
    case = {
        "massage": {"date": "2026-03-01", "regions": [{"region": "shoulder_top", "side": "left"}]},
        "onset": {"timing": "during_massage"},
        "logs": [
            {
                "date": "2026-03-02",
                "symptoms": [{"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 4}],
                "function": {"left": {"arm_side_lift": "harder"}},
                "weakness_type": "pain_stops_me",
            }
        ],
    }
    output = assess(case)
    assert output["recheck_on"] == "2026-03-04"
    assert validate_assessment(output, case) == []
