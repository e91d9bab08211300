"""Input validation (spec/triage.md section 3, 8.3): every bad field named by its path, unknown
keys refused, nulls read as left out, and any JSON value answered without raising."""

import copy
import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.triage import CaseError, assess, validate_case

from .cases import case, day, log, sym


def valid():
    return case(
        log(2, sym("ache", "neck_side", "left", 3), left={"arm_side_lift": "harder"}),
        log(4, sym("numbness", "hand_palm", "both"), course="same"),
        regions=("neck_side:left", "mid_back:midline"),
        pressure="firm",
        pain_during={"region": "neck_side", "side": "left", "nprs": 5, "quality": "sharp"},
        risk={"age_band": "30-39", "previous_blood_clot": False},
    )


def errors_of(data):
    normalized, errors = validate_case(data)
    assert normalized is None
    return {e["path"]: e["message"] for e in errors}


def test_a_valid_case_normalizes_with_its_defaults():
    normalized, errors = validate_case(valid())
    assert errors == []
    assert normalized["as_of"] == datetime.date(2026, 3, 5)
    assert normalized["onset"] == {"timing": "during_massage", "date": datetime.date(2026, 3, 1)}
    assert normalized["logs"][1]["symptoms"][0]["side"] == "both"


def test_the_normalized_case_is_itself_valid_and_assesses_the_same():
    normalized, _ = validate_case(valid())
    again, errors = validate_case(copy.deepcopy(normalized))
    assert errors == []
    assert again == normalized
    assert assess(normalized) == assess(valid())


@pytest.mark.parametrize(
    ("timing", "onset"),
    [
        ("not_sure", day(0)),
        ("within_24h", day(0)),
        ("1_to_7_days", day(2)),
        ("over_7_days", day(2)),
    ],
)
def test_the_onset_date_defaults_by_timing(timing, onset):
    normalized, _ = validate_case(case(log(2), log(5), timing=timing))
    assert normalized["onset"]["date"].isoformat() == onset


@pytest.mark.parametrize("junk", [None, [], [1, 2], "case", 7, 3.5, True, ""])
def test_a_case_that_is_not_an_object_is_one_error_at_the_root(junk):
    normalized, errors = validate_case(junk)
    assert normalized is None
    assert [e["path"] for e in errors] == [""]


def test_the_required_fields_are_named():
    assert errors_of({}) == {"massage": "is required", "logs": "is required"}
    assert set(errors_of({"massage": {}, "logs": [{}]})) == {"massage.date", "logs[0].date"}


def test_logs_need_at_least_one_check_in():
    data = valid()
    data["logs"] = []
    assert errors_of(data) == {"logs": "needs at least one check-in"}


def test_unknown_keys_are_errors_at_every_level():
    data = valid()
    data["extra"] = 1
    data["massage"]["pressur"] = "firm"
    data["logs"][0]["symptoms"][0]["npr"] = 3
    data["logs"][0]["function"]["left"]["arm_lift"] = "easy"
    data["logs"][1]["function"] = {"middle": {}}
    data["risk"]["smoker"] = True
    assert set(errors_of(data)) == {
        "extra",
        "massage.pressur",
        "logs[0].symptoms[0].npr",
        "logs[0].function.left.arm_lift",
        "logs[1].function.middle",
        "risk.smoker",
    }


def test_every_bad_field_is_named_at_once():
    data = valid()
    data["logs"][0]["symptoms"][0]["nprs"] = 11
    data["logs"][1]["symptoms"][0]["kind"] = "itchy"
    data["logs"][1]["red_flags"] = ["face_droop", "droopy"]
    data["massage"]["types"] = ["deep_tissue", 7]
    data["logs"][0]["course"] = "fine"
    assert set(errors_of(data)) == {
        "logs[0].symptoms[0].nprs",
        "logs[1].symptoms[0].kind",
        "logs[1].red_flags[1]",
        "massage.types[1]",
        "logs[0].course",
    }


@pytest.mark.parametrize("nprs", [11, -1, 3.5, 7.0, "7", True, [7]])
def test_nprs_is_a_whole_number_from_0_to_10(nprs):
    data = valid()
    data["logs"][0]["symptoms"][0]["nprs"] = nprs
    assert "whole number from 0 to 10" in errors_of(data)["logs[0].symptoms[0].nprs"]


@pytest.mark.parametrize("nprs", [0, 10])
def test_nprs_takes_0_and_10(nprs):
    data = valid()
    data["logs"][0]["symptoms"][0]["nprs"] = nprs
    assert validate_case(data)[1] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("at_rest", "yes"),
        ("at_rest", 1),
        ("sudden", 0),
        ("pressed_or_moved_only", "true"),
    ],
)
def test_booleans_must_be_true_or_false(field, value):
    data = valid()
    data["logs"][0]["symptoms"][0][field] = value
    assert errors_of(data) == {
        f"logs[0].symptoms[0].{field}": f"must be true or false, not {value!r}".replace("'", '"')
    }


@pytest.mark.parametrize(
    "date", ["2026-3-5", "20260305", "2026-02-30", "2026-W10-1", 20260305, "", None]
)
def test_dates_are_written_yyyy_mm_dd(date):
    data = valid()
    data["logs"][0]["date"] = date
    if date is None:
        assert errors_of(data) == {"logs[0].date": "is required"}
    else:
        assert "YYYY-MM-DD" in errors_of(data)["logs[0].date"]


def test_a_log_before_the_massage_is_refused():
    data = valid()
    data["logs"][0]["date"] = "2026-02-28"
    assert errors_of(data) == {"logs[0].date": "is before the massage date (2026-03-01)"}


def test_a_log_after_as_of_is_refused_but_as_of_may_be_later():
    data = valid()
    data["as_of"] = day(3)
    assert errors_of(data) == {"logs[1].date": "is after as_of (2026-03-04)"}
    data["as_of"] = day(30)
    assert validate_case(data)[1] == []


def test_as_of_before_the_massage_is_refused():
    data = valid()
    data["as_of"] = "2026-02-27"
    assert "as_of" in errors_of(data)


def test_logs_go_oldest_first_and_may_share_a_date():
    data = valid()
    data["logs"][1]["date"] = day(1)
    assert "oldest first" in errors_of(data)["logs[1].date"]
    data["logs"][1]["date"] = day(2)
    assert validate_case(data)[1] == []


@pytest.mark.parametrize(
    ("onset", "message"), [(day(-1), "before the massage"), (day(5), "after as_of")]
)
def test_the_onset_date_stays_between_the_massage_and_as_of(onset, message):
    data = valid()
    data["onset"]["date"] = onset
    assert message in errors_of(data)["onset.date"]


@pytest.mark.parametrize("region", ["neck_side", "calf", "shoulder_top", "hand_palm"])
def test_midline_on_a_lateral_region_is_refused_everywhere(region):
    data = valid()
    data["massage"]["regions"][0] = {"region": region, "side": "midline"}
    data["massage"]["pain_during"]["side"] = "midline"
    data["logs"][0]["symptoms"][0] = {"kind": "ache", "region": region, "side": "midline"}
    errors = errors_of(data)
    assert set(errors) == {
        "massage.regions[0].side",
        "massage.pain_during.side",
        "logs[0].symptoms[0].side",
    }
    assert "midline" in errors["massage.regions[0].side"]


@pytest.mark.parametrize("region", ["neck_back", "saddle_area", "whole_body", "face"])
def test_midline_is_accepted_on_middle_line_regions(region):
    data = valid()
    data["logs"][0]["symptoms"][0] = {"kind": "ache", "region": region, "side": "midline"}
    assert validate_case(data)[1] == []


def test_side_is_required_on_every_region_entry():
    data = valid()
    del data["massage"]["regions"][0]["side"]
    del data["massage"]["pain_during"]["side"]
    del data["logs"][0]["symptoms"][0]["side"]
    del data["logs"][1]["symptoms"][0]["kind"]
    assert errors_of(data) == {
        "massage.regions[0].side": "is required",
        "massage.pain_during.side": "is required",
        "logs[0].symptoms[0].side": "is required",
        "logs[1].symptoms[0].kind": "is required",
    }


def test_an_explicit_null_is_the_same_as_a_left_out_field():
    data = valid()
    data["as_of"] = None
    data["risk"] = None
    data["massage"]["pressure"] = None
    data["logs"][0]["symptoms"][0]["nprs"] = None
    data["logs"][0]["function"]["left"]["arm_side_lift"] = None
    data["logs"][1]["red_flags"] = None
    normalized, errors = validate_case(data)
    assert errors == []
    assert "risk" not in normalized and "pressure" not in normalized["massage"]
    assert "nprs" not in normalized["logs"][0]["symptoms"][0]
    assert normalized["as_of"] == datetime.date(2026, 3, 5)


def test_a_null_required_field_is_missing():
    data = valid()
    data["massage"] = None
    data["logs"][0]["symptoms"][0]["region"] = None
    assert errors_of(data) == {
        "massage": "is required",
        "logs[0].symptoms[0].region": "is required",
    }


@pytest.mark.parametrize(
    ("path", "junk", "where"),
    [
        (("massage",), [], "massage"),
        (("logs",), {}, "logs"),
        (("logs", 0), "log", "logs[0]"),
        (("logs", 0, "symptoms"), {"kind": "ache"}, "logs[0].symptoms"),
        (("logs", 0, "symptoms", 0), None, "logs[0].symptoms[0]"),
        (("logs", 0, "function"), [], "logs[0].function"),
        (("logs", 0, "function", "left"), "weak", "logs[0].function.left"),
        (("logs", 1, "red_flags"), "face_droop", "logs[1].red_flags"),
        (("massage", "regions", 1), ["neck_side", "left"], "massage.regions[1]"),
        (("onset",), "during", "onset"),
    ],
)
def test_wrong_types_are_named_where_they_are(path, junk, where):
    data = valid()
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = junk
    assert where in errors_of(data)


def test_a_long_bad_value_is_shortened_in_the_message():
    data = valid()
    data["logs"][0]["course"] = "x" * 10_000
    message = errors_of(data)["logs[0].course"]
    assert len(message) < 200


def test_assess_raises_case_error_carrying_the_same_errors():
    data = valid()
    data["logs"][0]["symptoms"][0]["nprs"] = "7"
    with pytest.raises(CaseError) as raised:
        assess(data)
    assert raised.value.errors == validate_case(data)[1]
    assert "logs[0].symptoms[0].nprs" in str(raised.value)


def test_an_unknown_non_string_key_is_named():
    data = valid()
    data["logs"][0][3] = "x"
    assert "logs[0].3" in errors_of(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)
near_keys = st.sampled_from(
    ["as_of", "massage", "logs", "date", "symptoms", "function", "left", "kind", "region", "side",
     "nprs", "red_flags", "regions", "onset", "timing", "risk", "course", "limb_swollen_with"]
)  # fmt: skip
near_cases = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-2, 12)
    | st.sampled_from(["2026-03-02", "left", "neck_side", "ache", "both", "midline"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(near_keys, children, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(json_values, near_cases))
def test_any_json_value_gets_errors_or_a_case_and_never_raises(value):
    normalized, errors = validate_case(value)
    assert (normalized is None) == bool(errors)
    for error in errors:
        assert set(error) == {"path", "message"}
        assert isinstance(error["path"], str) and error["message"]
    if normalized is not None:
        assess(value)
