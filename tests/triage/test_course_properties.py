"""Properties of revision 2 (spec/triage.md sections 10-12) over generated courses of check-ins.

- ``assess_series`` equals ``assess`` on every prefix, field for field (10.7);
- adding a red flag, a symptom or a worse movement answer to the last log never lowers the
  level (11.2: safety first);
- a carried view never replaces an answer that was given (10.5, 12.3);
- every assessment of a course meets the contract.
"""

import copy
import datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tracker.triage import assess, assess_series, validate_case
from tracker.triage import params as P
from tracker.triage.carry import CARRIED_SIDE_FIELDS, AnswerMemory, is_given
from tracker.triage.contract import validate_assessment
from tracker.triage.vocabulary import (
    LEVEL_ORDER,
    MOVEMENT_GRADE_ORDER,
    MOVEMENT_QUESTIONS,
    SIDE_SIGNS,
)

from .strategies import RED_FLAG_CODES, add_red_flag, all_cases, course_cases, symptoms

RANK = {level: rank for rank, level in enumerate(LEVEL_ORDER)}
many = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def prefix(case, count):
    """The case of the first ``count`` logs, judged as of its last log (10.7)."""
    cut = {key: value for key, value in case.items() if key not in ("as_of", "series")}
    cut["logs"] = case["logs"][:count]
    return cut


@many
@given(st.one_of(course_cases(), all_cases))
def test_assess_series_equals_assess_on_every_prefix_field_for_field(case):
    series = assess_series(copy.deepcopy(case))

    assert len(series) == len(case["logs"])
    for count, result in enumerate(series, start=1):
        part = prefix(case, count)
        if "errors" in result:
            assert validate_case(part)[1] == result["errors"]
        else:
            assert result == assess(part)


@many
@given(course_cases())
def test_every_assessment_of_a_course_meets_the_contract(case):
    for count, result in enumerate(assess_series(case), start=1):
        assert validate_assessment(result, prefix(case, count)) == []


@many
@given(st.one_of(course_cases(), all_cases), st.data())
def test_adding_a_red_flag_to_the_last_log_never_lowers_the_level(case, data):
    ticked = set(case["logs"][-1].get("red_flags") or ())
    code = data.draw(st.sampled_from([c for c in RED_FLAG_CODES if c not in ticked]))

    before = assess(case)["level"]
    after = assess(add_red_flag(case, code))["level"]

    assert RANK[after] >= max(RANK[before], RANK["MONITOR_SELF_CARE"])


def _one_sided_swelling_spoiled(case, symptom):
    """8.4 reads a swelling as a swollen limb only "on one side only": a swelling added on the
    other side of the same limb can take RF-DVT's symptom branch away. It is the contract's one
    exception to "a new symptom never lowers the level", and stays as the contract says."""
    if symptom["kind"] != "swelling" or symptom["region"] not in P.LIMB_OF:
        return False
    limb = P.LIMB_OF[symptom["region"]]
    return any(
        s.get("kind") == "swelling" and P.LIMB_OF.get(s.get("region")) == limb
        for s in case["logs"][-1].get("symptoms") or ()
    )


@many
@given(st.one_of(course_cases(), all_cases), symptoms())
def test_adding_a_symptom_to_the_last_log_never_lowers_the_level(case, symptom):
    assume(not _one_sided_swelling_spoiled(case, symptom))
    changed = copy.deepcopy(case)
    last = changed["logs"][-1]
    last["symptoms"] = [*(last.get("symptoms") or []), symptom]

    assert RANK[assess(changed)["level"]] >= RANK[assess(case)["level"]]


_WORSE = {"easy": "harder", "harder": "great_effort", "great_effort": "cannot"}


@many
@given(
    st.one_of(course_cases(), all_cases),
    st.sampled_from(("left", "right")),
    st.sampled_from((*MOVEMENT_QUESTIONS, *(s for s in SIDE_SIGNS if s != "limb_swollen"))),
)
def test_a_worse_movement_answer_in_the_last_log_never_lowers_the_level(case, side, name):
    changed = copy.deepcopy(case)
    last = changed["logs"][-1]
    function = last.setdefault("function", {}) or {}
    last["function"] = function
    answers = function.setdefault(side, {}) or {}
    function[side] = answers
    was = answers.get(name)
    if name in MOVEMENT_QUESTIONS:
        worse = _WORSE.get(was, "harder") if was != "cannot" else None
    else:
        worse = True if was is not True else None
    assume(worse is not None)
    answers[name] = worse

    assert RANK[assess(changed)["level"]] >= RANK[assess(case)["level"]]


@many
@given(course_cases())
def test_a_carried_view_never_replaces_an_answer_that_was_given(case):
    normalised, _ = validate_case(case)
    memory = AnswerMemory()
    for index, log in enumerate(normalised["logs"]):
        view = memory.view(log)
        for side, answers in (log.get("function") or {}).items():
            for name, value in answers.items():
                if name in CARRIED_SIDE_FIELDS and is_given(value):
                    assert view.function[side][name] == value
                    assert (side, name) not in view.carried
        if is_given(log.get("weakness_type")):
            assert view.weakness_type == log["weakness_type"]
        for (side, name), source in view.carried.items():
            days = (log["date"] - source.date).days
            assert 0 <= days <= P.CARRY_ANSWER_DAYS
            assert source.index < index
        memory.remember(log, index)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.sampled_from(tuple(MOVEMENT_GRADE_ORDER)))
def test_a_carried_answer_reaches_exactly_14_days(days, grade):
    start = datetime.date(2026, 3, 1)
    case = {
        "massage": {"date": start.isoformat()},
        "logs": [
            {"date": start.isoformat(), "function": {"left": {"arm_side_lift": grade}}},
            {"date": (start + datetime.timedelta(days=days)).isoformat()},
        ],
    }
    normalised, _ = validate_case(case)
    memory = AnswerMemory()
    memory.remember(normalised["logs"][0], 0)
    view = memory.view(normalised["logs"][1])

    carried = view.function.get("left", {}).get("arm_side_lift")
    assert carried == (grade if days <= 14 else None)
