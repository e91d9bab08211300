"""The soak's two phases and what is checked in each: no errors under load; through a restart
of PostgreSQL, the friendly 503 while it is down and service again within a few seconds of its
return, without a restart of gunicorn; and after each, every check-in that got its success
redirect in the database, whole.
"""

import collections

from soak.load import run_load

RECOVERY_BUDGET_S = 5.0
STOP_AFTER_S = 5  # into the second phase's load, PostgreSQL is stopped


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def verify_saved(tokens):
    """Every check-in that got its success redirect is in the database, whole."""
    from django.db import connection
    from django.db.models import Count

    from tracker.models import CheckIn

    connection.close()  # the restart broke any connection this process held
    found = {
        row["notes"]: row
        for row in CheckIn.objects.filter(notes__in=tokens)
        .annotate(symptoms_n=Count("symptoms", distinct=True))
        .annotate(functions_n=Count("functions", distinct=True))
        .values("notes", "symptoms_n", "functions_n", "level")
    }
    missing = [t for t in tokens if t not in found]
    partial = [
        t
        for t, row in found.items()
        if (row["symptoms_n"], row["functions_n"]) != (2, 2) or not row["level"]
    ]
    return missing, partial


class Report:
    """Each check as PASS or FAIL, counted; each phase's numbers."""

    def __init__(self):
        self.failures = 0

    def check(self, ok, text):
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
        self.failures += 0 if ok else 1

    def saved(self, tally, *, some):
        """Every check-in with a success response is in the database, whole (``some``: and
        there was at least one)."""
        saved = tally.saved_tokens
        missing, partial = verify_saved(saved)
        self.check(
            (saved or not some) and not missing and not partial,
            f"every check-in with a success response is in the database, whole: "
            f"{len(saved) - len(missing)} of {len(saved)} found, {len(partial)} partial",
        )

    @staticmethod
    def phase(name, tally, elapsed):
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(tally.by_status.items(), key=str))
        print(f"\n{name}: {tally.requests} requests in {elapsed:.1f} s ", end="")
        print(f"({tally.requests / elapsed:.0f}/s); statuses {statuses}")
        print(
            f"  latency p50 {percentile(tally.latencies, 0.5) * 1000:.0f} ms, "
            f"p99 {percentile(tally.latencies, 0.99) * 1000:.0f} ms; "
            f"check-ins saved (success redirect): {len(tally.saved_tokens)}"
        )
        for _, kind, text in tally.errors[:5]:
            print(f"  error: {kind}: {text[:160]!r}")


def soak(report, server, people, stories, *, seconds, cluster, down_seconds):
    """The first run's two phases and their checks, into ``report``."""
    steady_load(report, server, people, stories, seconds)
    restart_under_load(report, server, people, stories, cluster, down_seconds)


def verdict(report):
    """The last line, and the exit status."""
    print(
        f"\n{'SOAK PASSED' if not report.failures else 'SOAK FAILED'}: "
        f"{report.failures} failed checks"
    )
    return 1 if report.failures else 0


def steady_load(report, server, people, stories, seconds):
    """Phase 1: the soak, ``seconds`` long; no errors, every saved check-in there."""
    tally, elapsed, _ = run_load(server.port, people, stories, seconds)
    Report.phase("Soak", tally, elapsed)
    print()
    bad = [kind for _, kind, _ in tally.events if kind != "ok"]
    report.check(tally.requests > 0 and not bad, f"errors: {len(bad)}")
    report.saved(tally, some=True)


def restart_under_load(report, server, people, stories, cluster, down_seconds):
    """Phase 2: a restart of PostgreSQL under the same load, down ``down_seconds``."""
    timeline = {}
    tally, elapsed, thread = run_load(
        server.port,
        people,
        stories,
        STOP_AFTER_S + down_seconds + 15,
        during=lambda: cluster.restart(timeline, after=STOP_AFTER_S, down=down_seconds),
    )
    thread.join(timeout=60)
    Report.phase("Restart under load", tally, elapsed)
    down, back = timeline.get("down"), timeline.get("back")
    events = sorted(tally.events)
    # Down for sure: from 1 s after the stop returned (answers in flight have arrived) to the
    # moment the start is asked for.
    up_again = timeline.get("start_called")
    window = [e for e in events if down and up_again and down + 1 <= e[0] <= up_again]
    outage = [k for _, k, _ in window]
    served = collections.Counter(what for _, k, what in window if k == "ok")
    after = [(t, k) for t, k, _ in events if back and t > back]
    last_unavailable = max((t for t, k in after if k != "ok"), default=back)
    late = collections.Counter(k for t, k in after if k != "ok" and t - back > 1)
    first_ok = min((t for t, k in after if k == "ok"), default=None)
    unfriendly = tally.errors  # anything but the expected answer or the friendly 503
    print(
        f"  PostgreSQL down for {back - down:.1f} s; in its {up_again - down - 1:.1f} s "
        f"for sure down, {len(outage)} responses, "
        f"{outage.count('friendly_503')} friendly 503"
    )
    if first_ok is not None:
        print(
            f"  after its return: first success +{first_ok - back:.2f} s, "
            f"last unavailable answer +{last_unavailable - back:.2f} s"
        )
    for what, count in served.most_common(5):
        print(f"  while down: {count} x {what}")
    for kind, count in late.most_common(5):
        print(f"  after +1 s: {count} x {kind}")
    print()
    report.check(
        bool(outage) and outage.count("friendly_503") > 0,
        "while PostgreSQL was down, pages answered the friendly 503",
    )
    report.check(
        not unfriendly,
        f"never a traceback, a 500 or a refused connection: {len(unfriendly)} such answers",
    )
    report.check(
        first_ok is not None and last_unavailable - back <= RECOVERY_BUDGET_S,
        f"served again within {RECOVERY_BUDGET_S:.0f} s of the database's return, "
        f"without restarting gunicorn (pid {server.process.pid} throughout)",
    )
    report.check(server.process.poll() is None, "gunicorn kept running")
    report.saved(tally, some=False)
