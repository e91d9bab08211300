"""The 18 vignettes of clinical-research.md section 4, as cases (data in cases.py)."""

import json

import pytest

from tracker.triage import assess
from tracker.triage.contract import validate_assessment

from .cases import RED_FLAG_IDS, VIGNETTES

LEVEL_RANK = {"MONITOR_SELF_CARE": 1, "SEE_DOCTOR_DAYS": 2, "SEE_DOCTOR_ASK_EMG": 3}


def by_name(name):
    return next(v for v in VIGNETTES if v["name"].startswith(name))


@pytest.fixture(params=VIGNETTES, ids=lambda v: v["name"])
def vignette(request):
    return request.param, assess(request.param["case"])


def test_there_are_eighteen_vignettes():
    assert len(VIGNETTES) == 18


def test_each_vignette_gets_its_level(vignette):
    v, result = vignette
    assert result["level"] == v["level"]


def test_each_vignette_fires_what_it_must_and_not_what_it_must_not(vignette):
    v, result = vignette
    fired = {entry["id"] for entry in result["fired"]}
    assert v["fires"] <= fired, f"missing {v['fires'] - fired}"
    assert not v["not_fires"] & fired, f"unexpected {v['not_fires'] & fired}"


def test_each_vignette_gets_its_action_sooner_and_emg_timing(vignette):
    v, result = vignette
    assert result["action"] == v.get("action")
    if "sooner" in v:
        assert result["sooner"] is v["sooner"]
    if "emg_timing" in v:
        assert result["emg_timing"] == v["emg_timing"]
    if "branch" in v:
        rule, branch = v["branch"]
        assert any(e["id"] == rule and e.get("branch") == branch for e in result["fired"])
    if "not_first" in v:
        assert result["fired"][0]["id"] != v["not_first"]


def test_each_vignette_keeps_the_output_contract(vignette):
    v, result = vignette
    assert validate_assessment(result, v["case"]) == []
    assert json.loads(json.dumps(result)) == result


def test_soreness_never_appears_with_a_red_flag_or_a_doctor_level(vignette):
    _, result = vignette
    fired = {entry["id"] for entry in result["fired"]}
    if "PAT-SORENESS" in fired:
        assert not fired & set(RED_FLAG_IDS)
        assert result["level"] == "MONITOR_SELF_CARE"


def test_the_index_san_case_is_strong_and_on_the_left():
    (san,) = [e for e in assess(by_name("1 ")["case"])["fired"] if e["id"] == "PAT-SAN"]
    assert (san["side"], san["confidence"]) == ("left", "strong")


def test_the_day_120_san_case_asks_about_a_specialist_without_promising_surgery():
    result = assess(by_name("3 ")["case"])
    texts = " ".join(e["summary"] + " " + e["advice"] for e in result["fired"])
    assert "nerve specialist" in texts
    assert "surg" not in texts.lower()


def test_san_and_root_coexist_on_the_same_side_without_suppressing_each_other():
    result = assess(by_name("4 ")["case"])
    sides = {(e["id"], e["side"]) for e in result["fired"]}
    assert {("PAT-SAN", "right"), ("PAT-ROOT", "right")} <= sides


def test_the_dissection_vignettes_call_an_ambulance_first():
    for name in ("7 ", "8 "):
        result = assess(by_name(name)["case"])
        assert result["fired"][0]["action"] == "CALL_EMERGENCY"
        assert result["fired"][0]["advice"].startswith("Call your local emergency number now.")


def test_the_dvt_vignette_says_not_to_massage_the_limb():
    (dvt,) = [e for e in assess(by_name("17 ")["case"])["fired"] if e["id"] == "RF-DVT"]
    assert dvt["side"] == "left"
    assert "Do not massage" in dvt["advice"]


def test_the_neuralgic_amyotrophy_note_is_on_both_shoulder_blade_patterns():
    result = assess(by_name("15 ")["case"])
    for entry in result["fired"]:
        if entry["id"] in ("PAT-SAN", "PAT-LTN"):
            assert "neuralgic amyotrophy" in entry["summary"]


def test_the_sensory_leg_vignette_escalates_when_not_improving_by_day_7():
    case = json.loads(json.dumps(by_name("18 ")["case"]))
    case["logs"][-1]["course"] = "same"
    case["as_of"] = "2026-03-08"  # day 7
    result = assess(case)
    assert result["level"] == "SEE_DOCTOR_DAYS"
    peripheral = [e for e in result["fired"] if e["id"] == "PAT-PERIPHERAL"]
    assert peripheral[0]["level"] == "SEE_DOCTOR_DAYS"


def test_the_radial_vignette_becomes_a_stroke_call_when_the_whole_arm_went_weak_suddenly():
    case = json.loads(json.dumps(by_name("13 ")["case"]))
    last = case["logs"][-1]
    last["function"]["right"]["whole_limb_weak"] = True
    last["symptoms"][0]["sudden"] = True
    result = assess(case)
    assert result["action"] == "CALL_EMERGENCY"
    assert result["fired"][0]["id"] == "RF-STROKE"
