"""Hypothesis strategies for valid triage cases, across the whole input contract (section 3).

Every optional field is sometimes left out and sometimes an explicit ``null`` (8.3: the same
thing); dates keep the contract's order (massage ≤ onset, logs oldest first, last log ≤ as_of);
``midline`` appears only on the regions that allow it. Red flags are kept rare so that most
cases reach the patterns instead of stopping at an emergency.
"""

import datetime

from hypothesis import strategies as st

from tracker.triage import vocabulary as v

FIRST_MASSAGE_DAY = datetime.date(2025, 1, 1)
RED_FLAG_CODES = tuple(v.RED_FLAGS)
# The regions most rules read (neck, shoulder, arm, leg); drawn more often than the rest.
BUSY_REGIONS = tuple(
    sorted(v.NECK_REGIONS | v.SHOULDER_REGIONS | v.ARM_REGIONS | v.LEG_REGIONS | {"saddle_area"})
)
MOVEMENTS = tuple(v.MOVEMENT_QUESTIONS)
SIDE_BOOLEANS = tuple(v.SIDE_SIGNS)
RISK_BOOLEANS = tuple(v.RISK_FACTORS)
LOG_BOOLEANS = (
    "neck_move_or_cough_provokes_arm",
    "overhead_or_dangling_provokes",
    "emg_done",
    "seen_doctor",
)

# How an optional field appears: usually given, sometimes left out, now and then an explicit null.
_GIVEN, _LEFT_OUT, _NULL = "given", "left_out", "null"
_presence = st.sampled_from((_GIVEN, _GIVEN, _LEFT_OUT, _LEFT_OUT, _NULL))


def _put(draw, target, key, strategy):
    presence = draw(_presence)
    if presence == _GIVEN:
        target[key] = draw(strategy)
    elif presence == _NULL:
        target[key] = None


def iso(day):
    return day.isoformat()


regions = st.one_of(st.sampled_from(BUSY_REGIONS), st.sampled_from(v.REGION_CODES))
nprs = st.integers(min_value=0, max_value=10)


def sides_for(region):
    if region in v.MIDLINE_REGIONS:
        return st.sampled_from(("left", "right", "both", "midline"))
    return st.sampled_from(("left", "right", "both"))


@st.composite
def placed(draw, region_strategy=regions):
    """A ``{region, side}`` pair, the side being one that region allows."""
    region = draw(region_strategy)
    return {"region": region, "side": draw(sides_for(region))}


@st.composite
def pain_during(draw):
    where = draw(placed())
    return {**where, "nprs": draw(nprs), "quality": draw(st.sampled_from(tuple(v.PAIN_QUALITIES)))}


@st.composite
def massages(draw, date):
    massage = {"date": iso(date)}
    _put(draw, massage, "types", st.lists(st.sampled_from(tuple(v.MASSAGE_TYPES)), unique=True))
    _put(
        draw,
        massage,
        "regions",
        st.lists(placed(), max_size=5, unique_by=lambda r: (r["region"], r["side"])),
    )
    _put(draw, massage, "pressure", st.sampled_from(tuple(v.PRESSURES)))
    _put(draw, massage, "techniques", st.lists(st.sampled_from(tuple(v.TECHNIQUES)), unique=True))
    _put(draw, massage, "pain_during", pain_during())
    _put(draw, massage, "neck_manipulation", st.booleans())
    return massage


@st.composite
def symptoms(draw):
    symptom = {"kind": draw(st.sampled_from(tuple(v.SYMPTOM_KINDS))), **draw(placed())}
    _put(draw, symptom, "nprs", nprs)
    for flag in ("at_rest", "pressed_or_moved_only", "sudden"):
        _put(draw, symptom, flag, st.booleans())
    return symptom


@st.composite
def side_functions(draw):
    answers = {}
    for movement in MOVEMENTS:
        _put(draw, answers, movement, st.sampled_from(tuple(v.MOVEMENT_GRADES)))
    for sign in SIDE_BOOLEANS:
        _put(draw, answers, sign, st.booleans())
    _put(draw, answers, "blade_visible_when", st.sampled_from(tuple(v.BLADE_VISIBLE_WHEN)))
    _put(
        draw,
        answers,
        "limb_swollen_with",
        st.lists(st.sampled_from(tuple(v.LIMB_SWOLLEN_WITH)), unique=True),
    )
    return answers


@st.composite
def functions(draw):
    function = {}
    for side in v.LATERAL_SIDES:
        _put(draw, function, side, side_functions())
    return function


# Most logs tick no red flag; a few tick one or more.
red_flag_lists = st.one_of(
    st.just([]),
    st.just([]),
    st.lists(st.sampled_from(RED_FLAG_CODES), min_size=1, max_size=3, unique=True),
)


@st.composite
def logs(draw, date):
    log = {"date": iso(date)}
    _put(draw, log, "course", st.sampled_from(tuple(v.COURSES)))
    _put(draw, log, "symptoms", st.lists(symptoms(), min_size=1, max_size=4))
    _put(draw, log, "function", functions())
    _put(draw, log, "weakness_type", st.sampled_from(tuple(v.WEAKNESS_TYPES)))
    for flag in LOG_BOOLEANS:
        _put(draw, log, flag, st.booleans())
    _put(draw, log, "red_flags", red_flag_lists)
    return log


@st.composite
def risks(draw):
    risk = {}
    _put(draw, risk, "age_band", st.sampled_from(tuple(v.AGE_BANDS)))
    for flag in RISK_BOOLEANS:
        _put(draw, risk, flag, st.booleans())
    return risk


@st.composite
def valid_cases(draw):
    """A case that section 3 accepts: 1 to 6 logs over up to 200 days, some past day 90."""
    massage_day = FIRST_MASSAGE_DAY + datetime.timedelta(days=draw(st.integers(0, 700)))
    # Spans around the thresholds: day 3 and 7 (soreness), 21 and 90 (the EMG window).
    span = draw(st.sampled_from((3, 10, 30, 120, 200)))
    offsets = sorted(draw(st.lists(st.integers(0, span), min_size=1, max_size=6)))
    log_days = [massage_day + datetime.timedelta(days=offset) for offset in offsets]
    case = {
        "massage": draw(massages(massage_day)),
        "logs": [draw(logs(day)) for day in log_days],
    }
    as_of = log_days[-1]
    presence = draw(_presence)
    if presence == _GIVEN:
        as_of += datetime.timedelta(days=draw(st.integers(0, 30)))
        case["as_of"] = iso(as_of)
    elif presence == _NULL:
        case["as_of"] = None

    if draw(st.booleans()):
        onset = {}
        _put(draw, onset, "timing", st.sampled_from(tuple(v.ONSET_TIMINGS)))
        span = (as_of - massage_day).days
        _put(
            draw,
            onset,
            "date",
            st.integers(0, span).map(lambda d: iso(massage_day + datetime.timedelta(days=d))),
        )
        case["onset"] = onset
    _put(draw, case, "risk", risks())
    return case


SORE_KINDS = ("ache", "tenderness", "stiffness", "bruising")


@st.composite
def sore_cases(draw):
    """Ordinary soreness (research 2.4, PAT-SORENESS), sometimes with one thing that spoils it.

    Random cases seldom meet every condition of soreness at once; these start from it, so that
    the soreness properties are tried on cases where it does fire and on its near misses.
    """
    massage_day = FIRST_MASSAGE_DAY + datetime.timedelta(days=draw(st.integers(0, 700)))
    worked = draw(
        st.lists(placed(), min_size=1, max_size=4, unique_by=lambda r: (r["region"], r["side"]))
    )
    case = {
        "massage": {"date": iso(massage_day), "regions": worked},
        "onset": {"timing": draw(st.sampled_from(("during_massage", "within_24h")))},
    }
    offsets = sorted(draw(st.lists(st.integers(0, 7), min_size=1, max_size=3)))
    case["logs"] = []
    for offset in offsets:
        sore = [
            {
                "kind": draw(st.sampled_from(SORE_KINDS)),
                **draw(st.sampled_from(worked)),
                "nprs": draw(st.integers(0, 6)),
                "pressed_or_moved_only": True,
            }
            for _ in range(draw(st.integers(1, 3)))
        ]
        log = {"date": iso(massage_day + datetime.timedelta(days=offset)), "symptoms": sore}
        _put(draw, log, "course", st.sampled_from(tuple(v.COURSES)))
        case["logs"].append(log)

    last = case["logs"][-1]
    spoiler = draw(st.sampled_from(("none", "none", "symptom", "flag", "function", "at_rest")))
    if spoiler == "symptom":
        last["symptoms"].append(draw(symptoms()))
    elif spoiler == "flag":
        last["red_flags"] = [draw(st.sampled_from(RED_FLAG_CODES))]
    elif spoiler == "function":
        last["function"] = draw(functions())
    elif spoiler == "at_rest":
        last["symptoms"][0]["at_rest"] = True
    return case


cases = st.one_of(valid_cases(), sore_cases())


def add_red_flag(case, code):
    """The same case with ``code`` also ticked in its last log."""
    changed = {**case, "logs": [dict(log) for log in case["logs"]]}
    last = changed["logs"][-1]
    last["red_flags"] = [*(last.get("red_flags") or []), code]
    return changed


# The contract's three examples (spec/examples/*.json, section 9), copied so that the tests also
# run in a checkout without ../shared/spec; test_contract checks that the copies still match.
SPEC_EXAMPLES = {
    "ordinary-soreness": {
        "case": {
            "massage": {
                "date": "2026-03-01",
                "types": ["deep_tissue"],
                "regions": [
                    {"region": "mid_back", "side": "midline"},
                    {"region": "shoulder_top", "side": "both"},
                ],
                "pressure": "firm",
            },
            "onset": {"timing": "within_24h"},
            "logs": [
                {
                    "date": "2026-03-02",
                    "course": "same",
                    "symptoms": [
                        {
                            "kind": "ache",
                            "region": "mid_back",
                            "side": "midline",
                            "nprs": 4,
                            "pressed_or_moved_only": True,
                        }
                    ],
                    "function": {
                        "left": {"arm_side_lift": "easy"},
                        "right": {"arm_side_lift": "easy"},
                    },
                }
            ],
        },
        "expect": {
            "level": "MONITOR_SELF_CARE",
            "fired_include": ["PAT-SORENESS"],
            "fired_exclude": [
                "RF-STROKE",
                "RF-DISSECTION-PAIN",
                "RF-CORD",
                "RF-CES",
                "RF-PE",
                "RF-DVT",
                "RF-RHABDO",
                "RF-PROGRESSIVE",
                "PAT-SAN",
                "PAT-PERSIST",
            ],
        },
    },
    "san-early": {
        "case": {
            "massage": {
                "date": "2026-03-01",
                "types": ["deep_tissue"],
                "regions": [
                    {"region": "neck_side", "side": "left"},
                    {"region": "shoulder_top", "side": "left"},
                ],
                "pressure": "very_firm",
                "techniques": ["elbow_forearm"],
                "pain_during": {
                    "region": "shoulder_top",
                    "side": "left",
                    "nprs": 8,
                    "quality": "sharp",
                },
            },
            "onset": {"timing": "during_massage"},
            "logs": [
                {
                    "date": "2026-03-06",
                    "course": "same",
                    "symptoms": [
                        {
                            "kind": "ache",
                            "region": "shoulder_top",
                            "side": "left",
                            "nprs": 3,
                            "at_rest": True,
                        }
                    ],
                    "function": {
                        "left": {
                            "arm_side_lift": "great_effort",
                            "shoulder_lower": False,
                            "blade_sticks_out": True,
                            "blade_visible_when": "lifting_sideways",
                        }
                    },
                    "weakness_type": "weak_even_when_pain_mild",
                    "red_flags": [],
                }
            ],
        },
        "expect": {
            "level": "SEE_DOCTOR_ASK_EMG",
            "fired_include": ["PAT-SAN"],
            "fired_exclude": [
                "PAT-SORENESS",
                "PAT-LTN",
                "RF-STROKE",
                "RF-DISSECTION-PAIN",
                "RF-CORD",
                "RF-CES",
                "RF-PE",
                "RF-DVT",
                "RF-RHABDO",
                "RF-PROGRESSIVE",
            ],
            "emg_timing": "before_window",
        },
    },
    "stroke-signs": {
        "case": {
            "massage": {
                "date": "2026-03-01",
                "types": ["deep_tissue"],
                "regions": [{"region": "neck_side", "side": "left"}],
                "pressure": "firm",
                "neck_manipulation": True,
            },
            "onset": {"timing": "within_24h"},
            "logs": [
                {
                    "date": "2026-03-02",
                    "course": "worse",
                    "symptoms": [
                        {"kind": "headache", "region": "head_back", "side": "left", "nprs": 6}
                    ],
                    "red_flags": ["speech_trouble"],
                }
            ],
        },
        "expect": {
            "level": "EMERGENCY_NOW",
            "action": "CALL_EMERGENCY",
            "fired_include": ["RF-STROKE"],
            "fired_exclude": ["PAT-SORENESS"],
        },
    },
}
SAN_EARLY = SPEC_EXAMPLES["san-early"]["case"]
STROKE_SIGNS = SPEC_EXAMPLES["stroke-signs"]["case"]
ORDINARY_SORENESS = SPEC_EXAMPLES["ordinary-soreness"]["case"]


# --- Courses over weeks (revision 2, section 10) ----------------------------------------------

# Movement answers a person might give; skipped ones are left out so the engine carries them.
_SIDE_ANSWERS = {
    **dict.fromkeys(MOVEMENTS, st.sampled_from(tuple(v.MOVEMENT_GRADES))),
    **dict.fromkeys(SIDE_BOOLEANS, st.booleans()),
    "blade_visible_when": st.sampled_from(tuple(v.BLADE_VISIBLE_WHEN)),
}


@st.composite
def course_side(draw):
    """A side's answers where most questions are skipped: the carried view has work to do."""
    answers = {}
    for name, strategy in _SIDE_ANSWERS.items():
        if draw(st.integers(0, 3)) == 0:
            answers[name] = draw(strategy)
    return answers


@st.composite
def course_logs(draw, date, first):
    log = {"date": iso(date)}
    _put(draw, log, "course", st.sampled_from(tuple(v.COURSES)))
    if draw(st.booleans()):
        log["symptoms"] = draw(st.lists(symptoms(), min_size=1, max_size=3))
    function = {side: draw(course_side()) for side in v.LATERAL_SIDES if draw(st.booleans())}
    if function:
        log["function"] = function
    if draw(st.integers(0, 3)) == 0:
        log["weakness_type"] = draw(st.sampled_from(tuple(v.WEAKNESS_TYPES)))
    if draw(st.integers(0, 4)) == 0:
        log["red_flags"] = draw(
            st.lists(st.sampled_from(RED_FLAG_CODES), min_size=1, max_size=2, unique=True)
        )
    if not first and draw(st.integers(0, 5)) == 0:
        log["seen_doctor"] = True
    if draw(st.integers(0, 6)) == 0:
        log["emg_done"] = True
    return log


@st.composite
def course_cases(draw):
    """A course over weeks: 2 to 10 logs up to 60 days apart in all, several on one day now and
    then, with skipped movement answers, red flags in earlier logs and doctor's visits, so the
    carried answers (10.5) and carried codes (10.2) meet their 14, 7 and 28 day limits."""
    massage_day = FIRST_MASSAGE_DAY + datetime.timedelta(days=draw(st.integers(0, 700)))
    span = draw(st.sampled_from((10, 20, 35, 60)))
    offsets = sorted(draw(st.lists(st.integers(0, span), min_size=2, max_size=10)))
    case = {"massage": draw(massages(massage_day))}
    case["logs"] = [
        draw(course_logs(massage_day + datetime.timedelta(days=offset), index == 0))
        for index, offset in enumerate(offsets)
    ]
    if draw(st.booleans()):
        case["onset"] = {"timing": draw(st.sampled_from(tuple(v.ONSET_TIMINGS)))}
    _put(draw, case, "risk", risks())
    return case


all_cases = st.one_of(valid_cases(), sore_cases(), course_cases())
