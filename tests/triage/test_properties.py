"""Properties of the engine over generated valid cases (strategies.py), not just chosen examples.

Each holds for every case the contract accepts: the engine never raises; the level is the
highest fired level; a red flag never lowers it; ordinary soreness never sits beside a red flag
or a doctor's level; and the output always meets the contract (section 4, 8.18).
"""

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.triage import assess, validate_case
from tracker.triage.contract import validate_assessment
from tracker.triage.vocabulary import LEVEL_ORDER

from .strategies import RED_FLAG_CODES, add_red_flag, cases

RANK = {level: rank for rank, level in enumerate(LEVEL_ORDER)}

# deadline=None: the first examples pay for imports and warm-up; the file stays well under 20 s.
many = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@many
@given(cases)
def test_every_generated_case_is_valid(case):
    normalised, errors = validate_case(case)

    assert errors == []
    assert normalised is not None


@many
@given(cases)
def test_the_engine_never_raises_and_always_meets_the_contract(case):
    before = copy.deepcopy(case)

    output = assess(case)

    assert validate_assessment(output, case) == []
    assert case == before  # the caller's case is left as it was


@many
@given(cases)
def test_the_level_is_the_highest_level_of_the_fired_rules(case):
    output = assess(case)

    if output["fired"]:
        assert RANK[output["level"]] == max(RANK[entry["level"]] for entry in output["fired"])
    else:
        assert output["level"] in ("NONE", "MONITOR_SELF_CARE")


@many
@given(cases, st.data())
def test_adding_a_red_flag_never_lowers_the_level(case, data):
    ticked = set(case["logs"][-1].get("red_flags") or ())
    code = data.draw(st.sampled_from([c for c in RED_FLAG_CODES if c not in ticked]))

    before = assess(case)["level"]
    after = assess(add_red_flag(case, code))

    assert RANK[after["level"]] >= RANK[before]
    # A red-flag code is never "nothing reported", and never plain soreness (8.15, 8.17).
    assert RANK[after["level"]] >= RANK["MONITOR_SELF_CARE"]
    assert "PAT-SORENESS" not in {entry["id"] for entry in after["fired"]}


@many
@given(cases)
def test_soreness_never_fires_with_a_red_flag_rule_or_a_doctors_level(case):
    output = assess(case)
    fired = {entry["id"] for entry in output["fired"]}

    if "PAT-SORENESS" in fired:
        assert not any(rule.startswith("RF-") for rule in fired), fired
        assert RANK[output["level"]] < RANK["SEE_DOCTOR_DAYS"], output["level"]
