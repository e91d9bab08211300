"""Saving or deleting a check-in reads a window of the history, not all of it (issue 15): the
results are the whole history's, field for field, on generated histories, and the work is the
same after three weeks as after a year (the queries, and the check-ins read).

The histories are drawn from a seeded generator: gaps of the same day, a day, or up to 40 days;
red flags, doctor's visits and nerve tests now and then; sudden severe shoulder or arm pain;
runs of severe pain at rest that cross the window's first day; skipped and given movement
answers; several check-ins on one day. Each is judged from its last check-in and from one in
the middle, once through the engine alone (the window cut as ``window_start`` says, what came
before summed up by a whole-history ``Course``) and, for fewer of them, through the database
(``_before``'s SQL in place of the ``Course``).
"""

import datetime
import itertools
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tracker import assessments
from tracker.assessments import (
    _assessed,
    _before,
    history_logs,
    position,
    reassess_massage,
    window_start,
)
from tracker.case_export import chronological_checkins, massage_case
from tracker.models import CheckIn, Massage, SideFunction, Symptom
from tracker.triage import params as P
from tracker.triage import validate, validate_case
from tracker.triage import vocabulary as v
from tracker.triage.context import Before, Course
from tracker.triage.engine import judge

# --- A generated history ------------------------------------------------------------------------

REGIONS = sorted(P.SHOULDER_AND_ARM | v.NECK_REGIONS | {"neck_back", "low_back", "thigh_front"})
KINDS = ("ache", "sharp", "burning", "tingling", "numbness", "weakness", "swelling", "heaviness")
PAIN_KINDS = ("ache", "sharp", "burning", "throbbing")
MOVEMENTS = ("arm_side_lift", "arm_forward_overhead", "wrist_finger_lift", "foot_lift")
SIGNS = (
    "shrug_weaker",
    "shoulder_lower",
    "blade_sticks_out",
    "neck_shoulder_line_flatter",
    "grip_weak",
    "whole_limb_weak",
)
# Same day, the next day, a few days, weeks, up to 40 days: each gap with its weight.
GAPS = [(0, 15), (1, 35), (2, 10), (3, 8), (5, 7), (8, 6), (13, 5), (15, 4), (22, 4), (29, 3)]
GAPS += [(40, 3)]


def _gap(rng):
    days = rng.choices([d for d, _ in GAPS], [w for _, w in GAPS])[0]
    return days if days < 8 else rng.randint(days - 5, days)


def _side(rng, region):
    sides = ["left", "right", "both"] + (["midline"] if region in v.MIDLINE_REGIONS else [])
    return rng.choice(sides)


def _symptom(rng, sudden_rate):
    region = rng.choice(REGIONS)
    entry = {"kind": rng.choice(KINDS), "region": region, "side": _side(rng, region)}
    if rng.random() < 0.7:
        entry["nprs"] = rng.choice((rng.randint(0, 10), rng.randint(6, 10)))
    for flag, rate in (("at_rest", 0.4), ("pressed_or_moved_only", 0.15), ("sudden", sudden_rate)):
        if rng.random() < rate:
            entry[flag] = True
    return entry


def _function(rng):
    answers = {}
    for name in MOVEMENTS:
        if rng.random() < 0.3:
            answers[name] = rng.choice(tuple(v.MOVEMENT_GRADES))
    for name in SIGNS:
        if rng.random() < 0.12:
            answers[name] = rng.random() < 0.6
    if rng.random() < 0.1:
        answers["blade_visible_when"] = rng.choice(tuple(v.BLADE_VISIBLE_WHEN))
    if rng.random() < 0.05:
        answers["limb_swollen"] = True
    return answers


def _log(rng, date, rates, severe):
    log = {"date": date.isoformat()}
    if rng.random() < 0.7:
        log["course"] = rng.choice(tuple(v.COURSES))
    symptoms = [_symptom(rng, rates["sudden"]) for _ in range(rng.choice((0, 1, 1, 2, 3)))]
    if severe:
        region = rng.choice(REGIONS)
        symptoms.append(
            {
                "kind": rng.choice(PAIN_KINDS),
                "region": region,
                "side": _side(rng, region),
                "nprs": rng.randint(P.SEVERE_PAIN, 10),
                "at_rest": True,
                **({"sudden": True} if rng.random() < rates["sudden"] else {}),
            }
        )
    rng.shuffle(symptoms)
    log["symptoms"] = symptoms
    function = {side: _function(rng) for side in ("left", "right") if rng.random() < 0.5}
    function = {side: answers for side, answers in function.items() if answers}
    if function:
        log["function"] = function
    if rng.random() < 0.2:
        log["weakness_type"] = rng.choice(tuple(v.WEAKNESS_TYPES))
    for flag in ("neck_move_or_cough_provokes_arm", "overhead_or_dangling_provokes"):
        if rng.random() < 0.08:
            log[flag] = True
    for flag in ("emg_done", "seen_doctor"):
        if rng.random() < rates[flag]:
            log[flag] = True
    log["red_flags"] = (
        rng.sample(tuple(v.RED_FLAGS), rng.randint(1, 2)) if rng.random() < rates["red"] else []
    )
    return log


def generated(seed, today):
    """``(massage fields, logs)``: a massage and its check-ins as contract logs, oldest first,
    the last one dated no later than ``today``."""
    rng = random.Random(seed)
    count = rng.randint(2, 70)
    dense = rng.random() < 0.3  # a short history: its nerve tests fall in the EMG window
    gaps = [rng.choice((0, 1, 1, 2)) if dense else _gap(rng) for _ in range(count - 1)]
    back = rng.random()
    if back < 0.25 and count > 1:
        gaps[-1] = rng.randint(25, 60)  # back after weeks: the previous check-in is far away
    elif back < 0.45 and count > 2:
        # Back after weeks, twice in two days: a run of severe pain may reach the window's
        # first day with no check-in of it in the window at least 2 days before the last.
        gaps[-2], gaps[-1] = rng.randint(40, 60), rng.randint(0, 2)
    first = today - datetime.timedelta(days=sum(gaps) + rng.randint(0, 3))
    massage_date = first - datetime.timedelta(days=rng.randint(0, 3))
    rates = {
        "sudden": rng.choice((0, 0.02, 0.08)),
        "emg_done": rng.choice((0, 0.01, 0.05)),
        "seen_doctor": rng.choice((0, 0.03, 0.1)),
        "red": rng.choice((0, 0.03, 0.1)),
    }
    severe = rng.random() < 0.5
    logs, date = [], first
    for index in range(count):
        if index:
            date += datetime.timedelta(days=gaps[index - 1])
        if rng.random() < 0.12:
            severe = not severe  # runs of severe pain at rest, long and short
        logs.append(_log(rng, date, rates, severe))
    onset_date = None
    if rng.random() < 0.4:
        onset_date = min(massage_date + datetime.timedelta(days=rng.randint(0, 4)), today)
    regions = []
    for region in rng.sample(REGIONS, rng.randint(1, 3)):
        regions.append({"region": region, "side": _side(rng, region)})
    massage = {
        "date": massage_date,
        "types": rng.sample(("deep_tissue", "sports", "neck_manipulation"), rng.randint(1, 2)),
        "regions": regions,
        "pressure": rng.choice(("", "firm", "very_firm")),
        "techniques": rng.sample(("elbow_forearm", "thumbs_knuckles_points"), rng.randint(0, 2)),
        "neck_manipulation": rng.random() < 0.2,
        "onset_timing": rng.choice(tuple(v.ONSET_TIMINGS)),
        "onset_date": onset_date,
        "cancer_history": rng.random() < 0.1,
    }
    return massage, logs


def _points(seed, count):
    """The check-ins a save is judged from: the last one, and one earlier when there is one."""
    rng = random.Random(-seed)
    return sorted({count - 1, rng.randrange(count)})


# --- The engine alone ---------------------------------------------------------------------------


def summary(logs):
    """What a whole-history ``Course`` holds after ``logs`` (normalized), as the ``Before`` of a
    window after them: the run of severe pain by its last entry only, as ``_before`` gives it."""
    course = Course()
    for index, log in enumerate(logs):
        course.remember(log, course.push(log, index))
    return Before(
        count=len(logs),
        emg_done=course.emg_done,
        seen_doctor_on=course.seen_doctor_on,
        sudden_shoulder=dict(course.sudden_shoulder),
        severe_run=tuple(course.severe_run[-1:]),
        severe_run_from_start=course.severe_run_from_start,
    )


def windowed(case, first):
    """The results of ``judge`` from log ``first`` on, reading only the window that
    ``window_start`` gives and a summary of the logs before it."""
    logs = case["logs"]
    previous = logs[first - 1]["date"] if first else None
    start = window_start(logs[first]["date"], previous)
    cut = next(index for index, log in enumerate(logs) if log["date"] >= start)
    window = {**case, "logs": logs[cut:]}
    return list(judge(window, first=first - cut, before=summary(logs[:cut])))


@pytest.mark.parametrize("seed", range(300))
def test_a_window_judges_as_the_whole_history_does(seed):
    fields, logs = generated(seed, datetime.date(2026, 6, 1))
    case, errors = validate_case({**massage_case(Massage(**fields), []), "logs": logs})
    assert errors == []
    for first in _points(seed, len(logs)):
        expected = list(judge(case, first=first))
        assert windowed(case, first) == expected, f"seed {seed}, from log {first}"


def test_the_generated_histories_meet_what_the_window_must_get_right():
    # The generator draws what the window must carry: earlier check-ins, sudden severe shoulder
    # pain and runs of severe pain before the window, a previous check-in weeks back.
    found = {"before": 0, "sudden": 0, "run": 0, "emg": 0, "far": 0, "same_day": 0}
    for seed in range(300):
        fields, logs = generated(seed, datetime.date(2026, 6, 1))
        case, _ = validate_case({**massage_case(Massage(**fields), []), "logs": logs})
        logs = case["logs"]
        start = window_start(logs[-1]["date"], logs[-2]["date"] if len(logs) > 1 else None)
        before = summary([log for log in logs if log["date"] < start])
        found["before"] += before.count > 0
        found["sudden"] += bool(before.sudden_shoulder)
        found["run"] += bool(before.severe_run)
        found["emg"] += before.emg_done
        found["far"] += len(logs) > 1 and (logs[-1]["date"] - logs[-2]["date"]).days > 28
        found["same_day"] += any(a["date"] == b["date"] for a, b in itertools.pairwise(logs))
    assert min(found.values()) >= 20, found


def test_a_window_cut_too_short_fails_rather_than_read_another_log():
    fields, logs = generated(7, datetime.date(2026, 6, 1))
    case, _ = validate_case({**massage_case(Massage(**fields), []), "logs": logs})
    last = len(case["logs"]) - 1
    assert last > 0
    # The window holds the last log only: its previous one is not there to compare with.
    window = {**case, "logs": case["logs"][last:]}
    with pytest.raises(LookupError):
        list(judge(window, before=summary(case["logs"][:last])))


# --- Through the database -----------------------------------------------------------------------


def stored(owner, fields, logs):
    """The massage and check-ins of a generated history, saved as the app saves them (a
    symptom on both sides is a row per side)."""
    massage = Massage.objects.create(owner=owner, **fields)
    base = timezone.now() - datetime.timedelta(days=1)
    checkins = CheckIn.objects.bulk_create(
        CheckIn(
            massage=massage,
            date=datetime.date.fromisoformat(log["date"]),
            created_at=base + datetime.timedelta(seconds=order),
            course=log.get("course", ""),
            weakness_type=log.get("weakness_type", ""),
            red_flags=log["red_flags"],
            **{
                flag: log.get(flag, False)
                for flag in (
                    "neck_move_or_cough_provokes_arm",
                    "overhead_or_dangling_provokes",
                    "emg_done",
                    "seen_doctor",
                )
            },
        )
        for order, log in enumerate(logs)
    )
    symptoms, functions = [], []
    for checkin, log in zip(checkins, logs, strict=True):
        for entry in log.get("symptoms", ()):
            sides = ("left", "right") if entry["side"] == "both" else (entry["side"],)
            symptoms += [Symptom(checkin=checkin, **{**entry, "side": side}) for side in sides]
        for side, answers in log.get("function", {}).items():
            functions.append(SideFunction(checkin=checkin, side=side, **answers))
    Symptom.objects.bulk_create(symptoms)
    SideFunction.objects.bulk_create(functions)
    return massage


def whole_history(massage, first):
    """The check-ins from the ``first`` one on and their results, from the whole history read
    as model instances (not ``history_logs``) and judged as one case."""
    checkins = chronological_checkins(massage)
    case, errors = validate_case(massage_case(massage, checkins))
    assert errors == []
    return [c.pk for c in checkins[first:]], list(judge(case, first=first))


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(1000, 1030))
def test_a_save_reads_a_window_and_gets_the_whole_historys_results(owner, today, seed):
    massage = stored(owner, *generated(seed, today))
    checkins = chronological_checkins(massage)
    for first in _points(seed, len(checkins)):
        history, due, results = _assessed(massage, after=position(checkins[first]))
        assert ([history[index][0][2] for index in due], results) == whole_history(
            massage, first
        ), f"seed {seed}, from check-in {first}"


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(2000, 2012))
def test_a_deletion_reads_a_window_and_gets_the_whole_historys_results(owner, today, seed):
    massage = stored(owner, *generated(seed, today))
    checkins = chronological_checkins(massage)
    gone = checkins[random.Random(seed).randrange(len(checkins))]
    after = position(gone)
    gone.delete()
    history, due, results = _assessed(massage, after=after)
    first = sum(position(c) < after for c in checkins if c.pk != gone.pk)
    assert ([history[index][0][2] for index in due], results) == whole_history(massage, first)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(3000, 3020))
def test_what_the_older_checkins_leave_is_summed_up_in_sql_as_the_engine_would(owner, today, seed):
    massage = stored(owner, *generated(seed, today))
    logs = [log for _, log in history_logs(massage)]
    case, _ = validate_case({**massage_case(massage, []), "logs": logs})
    for cut in {0, 1, len(logs) // 2, len(logs) - 1, len(logs)}:
        # A bound just after a day's check-ins: every one of that day is before it.
        start = case["logs"][cut]["date"] if cut < len(logs) else today + datetime.timedelta(1)
        earlier = [log for log in case["logs"] if log["date"] < start]
        before, first_date = _before(massage, start)
        assert before == summary(earlier), f"seed {seed}, before {start}"
        assert first_date == (case["logs"][0]["date"] if earlier else None)


# What each kind of fact a window must carry looks like at its edge: the last check-in judged
# through the database and through the whole history, how many check-ins the window reads, and
# the fact seen in its result (the first two windows start on the first check-in's day: a day
# later and the results would differ).
LEFT_CANNOT = {"left": {"arm_side_lift": "cannot"}}
SEVERE = {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 8, "at_rest": True}
EDGES = {
    # 10.2 and 10.5: a code reported 28 days before the last check-in, whose check-in carried an
    # answer given 14 days before it (RF-RHABDO reads that weakness beside the code).
    "a report read through its carried view": (
        {0: {"function": LEFT_CANNOT}, 14: {"red_flags": ["urine_dark"]}, 40: {}, 42: {}},
        4,
        lambda result: "logs[-4].function.left.arm_side_lift=cannot" in str(result["fired"]),
    ),
    # 12.11: the previous check-in weeks before, read with the answer it carried: the same
    # answer in the last one is no new sign.
    "a previous check-in far back": (
        {0: {"function": LEFT_CANNOT}, 14: {}, 60: {"function": LEFT_CANNOT}},
        3,
        lambda result: "new since the last check-in" not in str(result["fired"]),
    ),
    # 8.12: the run of severe pain at rest reaches back before the window.
    "a run of severe pain from before the window": (
        {0: {"symptoms": [SEVERE]}, 50: {"symptoms": [SEVERE]}, 51: {"symptoms": [SEVERE]}},
        2,
        lambda result: "severe pain since logs[-3]" in str(result["fired"]),
    ),
    # 10.6: a nerve test in a check-in before the window.
    "a nerve test before the window": (
        {0: {"emg_done": True}, 40: {}, 45: {"function": {"left": {"grip_weak": True}}}},
        2,
        lambda result: result["emg_timing"] == "done",
    ),
    # F49-F51: the first sudden severe shoulder pain, named by its check-in and its number.
    "a sudden severe shoulder pain before the window": (
        {
            0: {"symptoms": [{**SEVERE, "nprs": 3}, {**SEVERE, "kind": "sharp", "sudden": True}]},
            50: {},
            51: {
                "function": {
                    "left": {
                        "arm_side_lift": "harder",
                        "blade_sticks_out": True,
                        "blade_visible_when": "lifting_sideways",
                    }
                }
            },
        },
        2,
        lambda result: "logs[-3].symptoms[1].sudden=true" in str(result["fired"]),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("edge", EDGES)
def test_a_window_carries_what_is_read_at_its_edge(owner, today, edge):
    days, read, seen = EDGES[edge]
    last = max(days)
    logs = [
        {"date": (today - datetime.timedelta(days=last - day)).isoformat(), "red_flags": [], **log}
        for day, log in days.items()
    ]
    fields = {
        **generated(1, today)[0],
        "date": today - datetime.timedelta(days=last),
        "regions": [{"region": "neck_side", "side": "left"}],
        "onset_timing": "during_massage",
        "onset_date": None,
    }
    massage = stored(owner, fields, logs)
    latest = massage.checkins.first()
    history, _, results = _assessed(massage, after=position(latest))
    assert len(history) == read
    assert results == whole_history(massage, len(logs) - 1)[1]
    assert seen(results[0]), results[0]["fired"]


# --- The work done, whatever the history's length ----------------------------------------------


@pytest.fixture
def daily(owner, today):
    """A massage with a check-in every day for ``days`` days, up to today."""

    def make(days):
        fields = {**generated(1, today)[0], "onset_date": None}
        logs = [
            {
                "date": (today - datetime.timedelta(days=day)).isoformat(),
                "symptoms": [
                    {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 7},
                    {"kind": "weakness", "region": "upper_arm_outer", "side": "left"},
                ],
                "function": {"left": {"arm_side_lift": "harder"}},
                "red_flags": ["fever"] if day % 30 == 0 else [],
                "emg_done": day == days - 3,
            }
            for day in range(days - 1, -1, -1)
        ]
        return stored(owner, {**fields, "date": today - datetime.timedelta(days=days)}, logs)

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("days", [60, 400])
def test_a_save_of_the_latest_checkin_reads_the_same_whatever_the_history(
    daily, days, django_assert_num_queries
):
    massage = daily(days)
    latest = massage.checkins.first()
    # 1 the date of the check-in before it, 2 what the check-ins before the window leave (one
    # row: aggregates of them and their first sudden severe shoulder pain on each side), 3-5 the
    # window's check-ins, symptoms and movement answers.
    with django_assert_num_queries(5):
        history, due, results = _assessed(massage, after=position(latest))
    # The window: the 42 days before the latest check-in, and the check-in itself.
    assert len(history) == P.RED_FLAG_CARRY_DAYS + P.CARRY_ANSWER_DAYS + 1
    assert [history[index][0][2] for index in due] == [latest.pk]
    assert results == whole_history(massage, days - 1)[1]


@pytest.mark.django_db
def test_reassessing_from_the_latest_checkin_costs_the_same_queries_after_a_year(daily):
    counts = []
    for days in (60, 400):
        massage = daily(days)
        with CaptureQueriesContext(connection) as queries:
            assessed = reassess_massage(massage, after=position(massage.checkins.first()))
        assert len(assessed) == 1
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_a_history_too_long_for_one_case_fails_as_the_whole_case_does(owner, today, monkeypatch):
    # More check-ins than a case may hold (10.8, made 100 here to keep the test small): the
    # whole history is not a valid case, so no check-in gets a result, read through a window or
    # not.
    monkeypatch.setattr(validate, "MAX_LOGS", 100)
    monkeypatch.setattr(assessments, "MAX_LOGS", 100)
    fields = {**generated(1, today)[0], "onset_date": None}
    fields["date"] = today - datetime.timedelta(days=400)
    logs = [
        {"date": (today - datetime.timedelta(days=index * 3)).isoformat(), "red_flags": []}
        for index in range(100, -1, -1)
    ]
    massage = stored(owner, fields, logs)
    latest = massage.checkins.first()
    history, due, results = _assessed(massage, after=position(latest))
    assert len(history) == 101
    assert [history[index][0][2] for index in due] == [latest.pk]
    assert "errors" in results[0]
