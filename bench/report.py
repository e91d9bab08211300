"""The report of ``make bench``: a Markdown table of every page against the baseline, with the
machine it ran on and the load average around it."""

import os
import platform
from pathlib import Path


def machine(pg_version, wrk_line):
    import django
    import gunicorn

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        memory = "unknown memory"
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory}; {platform.system()} {platform.release()}; "
        f"PostgreSQL {pg_version}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, gunicorn {gunicorn.__version__}, {wrk_line}"
    )


def table(listed, baseline, goal):
    lines = [
        "| page | requests/s | p50 ms | p99 ms | queries/request | ratio to baseline | "
        "non-2xx/3xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in listed:
        result = page.result
        mark = "" if result["ratio"] >= goal or not page.goal else f" (below {goal})"
        lines.append(
            f"| {page.name} | {result['rps']:.1f} | {result['p50_us'] / 1000:.1f} | "
            f"{result['p99_us'] / 1000:.1f} | {result['queries_per_request']:.1f} | "
            f"{result['ratio']:.2f}{mark} | {result['non_2xx_3xx']} |"
        )
    lines.append(
        f"| baseline: a tiny template, no query (mean of {baseline['runs']} runs) | "
        f"{baseline['rps']:.1f} | {baseline['p50_us'] / 1000:.1f} | "
        f"{baseline['p99_us'] / 1000:.1f} | {baseline['queries_per_request']:.1f} | 1.00 | "
        f"{baseline['non_2xx_3xx']} |"
    )
    return "\n".join(lines)


def mean_baseline(runs):
    mean = {key: sum(run[key] for run in runs) / len(runs) for key in ("rps", "p50_us", "p99_us")}
    mean["queries_per_request"] = sum(run["queries"] for run in runs) / sum(
        max(1, run["responses"]) for run in runs
    )
    mean["non_2xx_3xx"] = sum(run["non_2xx_3xx"] for run in runs)
    mean["runs"] = len(runs)
    mean["min"] = min(run["rps"] for run in runs)
    mean["max"] = max(run["rps"] for run in runs)
    return mean


def report(listed, baselines, *, how, goal, baseline_duration, load_before, machine_line):
    """The whole report: ``how`` it ran (a sentence), the table, the baseline runs' spread, the
    load average before and now, the machine, and the pages below ``goal``."""
    baseline = mean_baseline(baselines)
    below = [page.name for page in listed if page.goal and page.result["ratio"] < goal]
    return "\n".join(
        [
            how,
            "",
            table(listed, baseline, goal),
            "",
            f"Each ratio is to a {baseline_duration} s baseline run just before the page; "
            f"those runs gave {baseline['min']:.0f} to {baseline['max']:.0f} requests/s. "
            f"Load average before: {' '.join(f'{x:.2f}' for x in load_before)}, after: "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}.",
            f"Machine: {machine_line}.",
            f"Below the goal of {goal}: {', '.join(below) if below else 'none'}.",
        ]
    )
