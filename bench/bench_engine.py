"""How long the triage engine takes to assess a case of 1, 30 and 365 check-ins.

Run with ``make bench`` (or ``.venv/bin/python -m bench.bench_engine``). Pure Python: no Django
setup. The time per assessment should grow linearly with the number of check-ins (the engine
judges the last two logs, and its trends scan the earlier ones once), and stay under 2 ms for
30 check-ins. Each case is a realistic one: a spinal accessory nerve pattern that slowly
improves, each log with three symptoms, both sides' movement answers and no red flag, so that
every rule runs to its end.
"""

import datetime
import statistics
import sys
import timeit

from tracker.triage import assess

SIZES = (1, 30, 365)
BUDGET_MS_AT_30 = 2.0
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


def time_per_assess(case, repeat=5):
    """The best of ``repeat`` runs of the mean time of one assessment, in microseconds."""
    assess(case)  # warm up
    number = max(20, 2000 // len(case["logs"]))
    runs = timeit.repeat(lambda: assess(case), number=number, repeat=repeat)
    return min(runs) / number * 1e6, statistics.median(runs) / number * 1e6


def main():
    print(f"{'logs':>5}  {'best µs/assess':>14}  {'median µs':>10}  {'µs per log':>10}")
    results = {}
    for size in SIZES:
        best, median = time_per_assess(make_case(size))
        results[size] = best
        print(f"{size:>5}  {best:>14.0f}  {median:>10.0f}  {best / size:>10.1f}")
    ms_at_30 = results[30] / 1000
    verdict = "ok" if ms_at_30 < BUDGET_MS_AT_30 else "OVER BUDGET"
    print(f"30 check-ins: {ms_at_30:.2f} ms (budget {BUDGET_MS_AT_30} ms): {verdict}")
    return 0 if ms_at_30 < BUDGET_MS_AT_30 else 1


if __name__ == "__main__":
    sys.exit(main())
