"""wrk against the bench's server: each page after a baseline run of its own.

For each page: a short baseline run just before it (the machine's speed drifts when it is
shared), then one request that must answer as the page should, a warm-up, and a timed wrk run
through bench/page.lua, which counts the statuses and the query counts the server reports. The
page's ratio is to the baseline run just before it.
"""

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.harness import HOST, ROOT, Client
from bench.pages import BenchError

LUA = ROOT / "bench" / "page.lua"


def _run(command, check=True, **options):
    """A command of the bench's own (wrk), with fixed arguments, from the checkout."""
    return subprocess.run(command, cwd=ROOT, check=check, **options)  # noqa: S603


def wrk_version():
    done = _run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).split("\n")[0].split(" [")[0]


@dataclass
class Load:
    """wrk with ``threads`` and ``connections`` against the server on ``port``; wrk's own
    reports go to ``workdir``/wrk.log."""

    port: int
    workdir: Path
    threads: int
    connections: int

    def check_once(self, page):
        """One request before the load: it must answer what the page should (not a 403 or 400)."""
        client = page.client or Client(self.port)
        response = client.request(page.method, page.path, page.body or None, page.headers())
        if response.status != page.expect:
            raise BenchError(
                f"{page.name}: {page.method} {page.path} answered {response.status}, "
                f"not {page.expect}:\n{response.text[:600]}"
            )
        if page.method == "POST" and page.expect == 302:
            location = response.headers.get("Location", "")
            if page.redirect_to not in location:
                raise BenchError(f"{page.name}: saved, but redirected to {location!r}")
        if response.headers.get("X-Bench-Queries") is None:
            raise BenchError(f"{page.name}: no X-Bench-Queries header (bench.settings not in use?)")

    def wrk(self, page, seconds):
        connections = page.connections or self.connections
        env = dict(os.environ)
        env["BENCH_METHOD"] = page.method
        env["BENCH_EXPECT"] = str(page.expect)
        env["BENCH_HEADERS"] = "\n".join(f"{k}: {v}" for k, v in page.headers().items())
        env["BENCH_BODY_FILE"] = env["BENCH_OTHER_BODY_FILE"] = ""
        bodies = (("BENCH_BODY_FILE", page.body), ("BENCH_OTHER_BODY_FILE", page.other_body))
        for name, body in bodies:
            if body:
                body_file = self.workdir / name.lower()
                body_file.write_bytes(body)
                env[name] = str(body_file)
        command = [
            "wrk",
            f"--threads={min(self.threads, connections)}",
            f"--connections={connections}",
            f"--duration={seconds}s",
            "--timeout=30s",
            "--latency",
            f"--script={LUA}",
            f"http://{HOST}:{self.port}{page.path}",
        ]
        done = _run(command, env=env, capture_output=True, text=True, check=False)
        with (self.workdir / "wrk.log").open("a") as wrk_log:
            wrk_log.write(f"\n### {page.name} ({seconds} s)\n{done.stdout}{done.stderr}")
        for line in done.stdout.splitlines():
            if line.startswith("BENCH-RESULT "):
                return json.loads(line.removeprefix("BENCH-RESULT "))
        raise BenchError(f"wrk gave no result for {page.name}:\n{done.stdout}\n{done.stderr}")

    def measure(self, page, *, warmup, duration):
        self.check_once(page)
        if warmup:
            self.wrk(page, warmup)
        result = self.wrk(page, duration)
        statuses = {}
        for per_thread in result["statuses"]:
            for status, count in per_thread.items():
                statuses[status] = statuses.get(status, 0) + count
        result["statuses"] = statuses
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        result["queries_per_request"] = result["queries"] / max(1, result["responses"])
        page.result = result
        return result

    def every_page(self, listed, *, warmup, duration, baseline_duration, person, log):
        """Each page of ``listed`` after a run of its own floor (the minimal page, or the
        logged-in one as ``person``): the floors' results by path and what went wrong, in words
        (empty when every answer was right)."""
        # The machine is shared, so its speed drifts: each page is compared with a run of its
        # floor just before it, on the same server, rather than with one measured minutes apart.
        floors, failed = {}, []
        for page in listed:
            floor_page = page.floor_page(person)
            if floor_page.path not in floors:
                self.wrk(floor_page, warmup or 1)  # warm the floor's worker paths once
            floor = dict(self.measure(floor_page, warmup=0, duration=baseline_duration))
            failed += [f"{floor_page.name}: {problem}" for problem in problems(floor_page)]
            floors.setdefault(floor_page.path, []).append(floor)
            result = self.measure(page, warmup=warmup, duration=duration)
            result["floor_rps"] = floor["rps"]
            result["ratio"] = result["rps"] / floor["rps"]
            failed += [f"{page.name}: {problem}" for problem in problems(page)]
            log(
                f"  {page.name}: {result['rps']:.1f} requests/s, "
                f"p50 {result['p50_us'] / 1000:.1f} ms, p99 {result['p99_us'] / 1000:.1f} ms, "
                f"{result['queries_per_request']:.1f} queries; {floor_page.name} just before "
                f"{floor['rps']:.0f} requests/s: ratio {result['ratio']:.2f}"
            )
        return floors, failed


def problems(page):
    """What went wrong on a page's timed run, in words; empty when every answer was right."""
    result, found = page.result, []
    if result["unexpected"]:
        found.append(
            f"{result['unexpected']} responses not {page.expect} (by status: {result['statuses']})"
        )
    if result["non_2xx_3xx"]:
        found.append(f"{result['non_2xx_3xx']} non-2xx/3xx responses")
    errors = {k: n for k, n in result["socket_errors"].items() if n}
    if errors:
        found.append(f"socket errors {errors}")
    if result["without_count"]:
        found.append(f"{result['without_count']} responses without a query count")
    if not result["responses"]:
        # A page slower than the timed run measures nothing: say so rather than print 0/s.
        found.append("no request finished in the timed run (make BENCH_DURATION longer)")
    return found
