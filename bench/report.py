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


FLOOR_NAMES = {
    "/bench/baseline/": "minimal page (a tiny template, no query)",
    "/bench/baseline/logged-in/": "logged-in floor (the session and the user, 2 queries)",
}


def table(listed):
    lines = [
        "| page | requests/s | p50 ms | p99 ms | queries/request | its floor | ratio to its floor "
        "| goal | non-2xx/3xx |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: |",
    ]
    for page in listed:
        result = page.result
        floor = "minimal" if page.floor == "/bench/baseline/" else "logged-in"
        if page.goal_p50_ms is not None:
            goal = f"p50 < {page.goal_p50_ms:.0f} ms"
        elif page.goal is not None:
            goal = f">= {page.goal}"
        else:
            goal = "none"
        missed = page.verdict()
        goal += f" (**missed**: {missed})" if missed else (" met" if goal != "none" else "")
        lines.append(
            f"| {page.name} | {result['rps']:.1f} | {result['p50_us'] / 1000:.1f} | "
            f"{result['p99_us'] / 1000:.1f} | {result['queries_per_request']:.1f} | {floor} | "
            f"{result['ratio']:.2f} | {goal} | {result['non_2xx_3xx']} |"
        )
    return "\n".join(lines)


def floor_lines(floors):
    """One line per floor: its runs' spread, mean and queries."""
    lines = []
    for path, runs in floors.items():
        rps = [run["rps"] for run in runs]
        queries = sum(run["queries"] for run in runs) / max(
            1, sum(run["responses"] for run in runs)
        )
        p50 = sum(run["p50_us"] for run in runs) / len(runs) / 1000
        lines.append(
            f"- {FLOOR_NAMES.get(path, path)}: {len(runs)} runs, {min(rps):.0f} to "
            f"{max(rps):.0f} requests/s (mean {sum(rps) / len(rps):.0f}), p50 {p50:.1f} ms, "
            f"{queries:.1f} queries."
        )
    return lines


def report(listed, floors, *, how, baseline_duration, load_before, machine_line):
    """The whole report: ``how`` it ran (a sentence), the table, what bounds each page, the
    floors' spread, the load average before and now, the machine, and the pages that missed
    their goal."""
    missed = [f"{page.name} ({page.verdict()})" for page in listed if page.verdict()]
    return "\n".join(
        [
            how,
            "",
            f"Machine: {machine_line}.",
            "",
            table(listed),
            "",
            "What bounds each page:",
            "",
            *(f"- {page.name}: {page.bounds}." for page in listed),
            "",
            f"Floors ({baseline_duration} s runs, one just before each page):",
            "",
            *floor_lines(floors),
            "",
            f"Load average before: {' '.join(f'{x:.2f}' for x in load_before)}, after: "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}.",
            f"Goals missed: {', '.join(missed) if missed else 'none'}.",
        ]
    )
