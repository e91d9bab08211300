"""The worked examples beside the contract (spec/examples/*.json, spec/triage.md section 9).

CI runs in a fresh clone with ``shared/`` beside the repository; without it these are skipped.
"""

import json
from pathlib import Path

import pytest

from tracker.triage import ENGINE_VERSION, assess
from tracker.triage.contract import validate_assessment

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec"
EXAMPLES = sorted((SPEC / "examples").glob("*.json"))

pytestmark = pytest.mark.skipif(
    not EXAMPLES,
    reason=f"no spec examples at {SPEC / 'examples'}: clone shared/ beside the repository",
)


def load(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["case"], data["expect"]


def test_the_three_examples_of_the_contract_are_there():
    assert {path.stem for path in EXAMPLES} >= {"ordinary-soreness", "san-early", "stroke-signs"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_each_example_gets_its_expected_level_and_rules(path):
    case, expect = load(path)
    result = assess(case)
    fired = {entry["id"] for entry in result["fired"]}
    assert result["level"] == expect["level"]
    for key in ("action", "sooner", "emg_timing"):
        if key in expect:
            assert result[key] == expect[key], key
    assert set(expect.get("fired_include", ())) <= fired
    assert not set(expect.get("fired_exclude", ())) & fired
    if expect.get("fired_any_of"):
        assert set(expect["fired_any_of"]) & fired


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_each_example_assessment_keeps_the_output_contract(path):
    case, _ = load(path)
    result = assess(case)
    assert validate_assessment(result, case) == []
    assert result["engine_version"] == ENGINE_VERSION
    assert json.loads(json.dumps(result)) == result


def test_the_san_example_names_the_answers_that_drove_it():
    case, _ = load(SPEC / "examples" / "san-early.json")
    (san,) = [entry for entry in assess(case)["fired"] if entry["id"] == "PAT-SAN"]
    assert san["side"] == "left"
    assert san["confidence"] == "strong"
    assert "logs[-1].function.left.arm_side_lift=great_effort" in san["evidence"]
    assert "logs[-1].function.left.blade_visible_when=lifting_sideways" in san["evidence"]
    assert "massage.regions[0]=neck_side:left" in san["evidence"]


def test_the_stroke_example_leads_with_the_call_and_shows_no_safety_net():
    case, _ = load(SPEC / "examples" / "stroke-signs.json")
    result = assess(case)
    assert result["fired"][0]["id"] == "RF-STROKE"
    assert result["fired"][0]["advice"].startswith("Call your local emergency number now.")
    assert "logs[-1].red_flags[0]=speech_trouble" in result["fired"][0]["evidence"]
    assert result["safety_net"] is None
    assert result["recheck_on"] is None


def test_the_soreness_example_is_rechecked_in_three_days_with_a_safety_net():
    case, _ = load(SPEC / "examples" / "ordinary-soreness.json")
    result = assess(case)
    assert result["as_of"] == "2026-03-02"
    assert result["recheck_on"] == "2026-03-05"
    assert result["safety_net"]
    assert any("stroke" in item for item in result["safety_net"])
