"""How long the triage engine takes: one assessment, and the series of every prefix (10.7).

Run with ``make bench`` (or ``.venv/bin/python -m bench.bench_engine``). Pure Python: no Django
setup. Each case is a realistic one: a spinal accessory nerve pattern that slowly improves, each
log with three symptoms, both sides' movement answers and no red flag, so that every rule runs
to its end.

1. ``assess`` on 1, 30, 365 and 1,095 daily check-ins: its time grows linearly with the number
   of check-ins (the engine walks the history once), and stays under 2 ms for 30.
2. ``assess_series`` on 30, 365 and 1,095 check-ins next to ``assess`` on the same whole case:
   the series judges every prefix in the same one walk, so it costs a bounded multiple of the
   single assessment (at most 3 times, spec/triage.md 10.7 and issue 10), not the sum of a
   thousand assessments.

Exit status 1 when either budget is missed.
"""

import datetime
import statistics
import sys
import timeit

from tracker.triage import assess, assess_series

SIZES = (1, 30, 365, 1095)
SERIES_SIZES = (30, 365, 1095)
BUDGET_MS_AT_30 = 2.0
SERIES_BUDGET_RATIO = 3.0
MASSAGE_DAY = datetime.date(2025, 3, 1)


def make_case(logs):
    """A case with ``logs`` daily check-ins, the pain easing from 6 to 2 over the first weeks."""
    entries = []
    for day in range(logs):
        pain = max(2, 6 - day // 7)
        entries.append(
            {
                "date": (MASSAGE_DAY + datetime.timedelta(days=day + 1)).isoformat(),
                "course": "better" if day % 7 == 6 else "same",
                "symptoms": [
                    {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": pain},
                    {"kind": "heaviness", "region": "upper_arm_outer", "side": "left"},
                    {"kind": "stiffness", "region": "neck_back", "side": "midline", "nprs": 2},
                ],
                "function": {
                    "left": {
                        "arm_side_lift": "great_effort",
                        "shoulder_lower": True,
                        "blade_sticks_out": True,
                        "blade_visible_when": "lifting_sideways",
                    },
                    "right": {"arm_side_lift": "easy", "foot_lift": "easy"},
                },
                "weakness_type": "weak_even_when_pain_mild",
                "red_flags": [],
            }
        )
    return {
        "massage": {
            "date": MASSAGE_DAY.isoformat(),
            "types": ["deep_tissue"],
            "regions": [
                {"region": "neck_side", "side": "left"},
                {"region": "shoulder_top", "side": "both"},
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
        "risk": {"age_band": "30-39"},
        "logs": entries,
    }


def best_and_median(work, logs, repeat=5):
    """The best and the median of ``repeat`` runs of the mean time of one call, in µs."""
    work()  # warm up
    number = max(3, 2000 // logs)
    runs = timeit.repeat(work, number=number, repeat=repeat)
    return min(runs) / number * 1e6, statistics.median(runs) / number * 1e6


def side_by_side(first, second, logs, repeat=9):
    """The best mean time of each of two calls, in µs, timed in turns: the machine's speed
    drifts (it is shared), and a ratio of runs taken minutes apart would drift with it."""
    first(), second()  # warm up
    number = max(3, 1000 // logs)
    times = ([], [])
    for _ in range(repeat):
        for work, found in zip((first, second), times, strict=True):
            found.append(timeit.timeit(work, number=number) / number * 1e6)
    return min(times[0]), min(times[1])


def main():
    print("assess: one assessment of the whole case")
    print(f"{'logs':>5}  {'best µs':>10}  {'median µs':>10}  {'µs per log':>10}")
    results = {}
    for size in SIZES:
        case = make_case(size)
        best, median = best_and_median(lambda case=case: assess(case), size)
        results[size] = best
        print(f"{size:>5}  {best:>10.0f}  {median:>10.0f}  {best / size:>10.1f}")
    ms_at_30 = results[30] / 1000
    ok = ms_at_30 < BUDGET_MS_AT_30
    print(
        f"30 check-ins: {ms_at_30:.2f} ms (budget {BUDGET_MS_AT_30} ms): "
        f"{'ok' if ok else 'OVER BUDGET'}"
    )
    print()
    print("assess_series: every prefix, each as of its own last check-in (10.7)")
    print(f"{'logs':>5}  {'series ms':>10}  {'assess ms':>10}  {'ratio':>6}")
    for size in SERIES_SIZES:
        case = make_case(size)
        series, single = side_by_side(
            lambda case=case: assess_series(case), lambda case=case: assess(case), size
        )
        ratio = series / single
        ok = ok and ratio <= SERIES_BUDGET_RATIO
        print(f"{size:>5}  {series / 1000:>10.1f}  {single / 1000:>10.1f}  {ratio:>6.2f}")
    print(
        f"series budget: at most {SERIES_BUDGET_RATIO:.0f} times one assessment: "
        f"{'ok' if ok else 'OVER BUDGET'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
