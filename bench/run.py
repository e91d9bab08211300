"""``make bench``: every page under load, on a large data set, against a minimal Django page.

1. A PostgreSQL database of its own (BENCH_DATABASE_URL; its name must contain "bench"): created,
   migrated and seeded by ``bench.seed`` (1,000 people, one with a check-in every day for three
   years, 10,000 approved stories, 1,000 waiting for a moderator). It is kept for the next run
   and reused while its stamp matches (same day, same seeder, models, migrations and triage
   engine); BENCH_RESEED=1 seeds it again (bench/database.py).
2. collectstatic into a temporary folder, then gunicorn with production settings (DEBUG off) plus
   bench.settings (the baseline page, a query counter, loopback hosts, no HTTPS redirect), on a
   free loopback port (bench.harness, shared with make soak). It is stopped when this script
   ends, whatever happens.
3. Log-in as the three-year person and as the moderator; the check-in form is walked stage by
   stage like a browser, up to the final "Save changes" (bench/pages.py).
4. Per page: a short run of its own floor just before it (the minimal page for a public page,
   the logged-in floor for a private one; the machine's speed drifts when it is shared), then
   one request that must answer as expected, a warm-up, and a timed wrk run. The page's ratio
   is to that floor run, and its goal (bench/pages.py) is met or missed (bench/load.py).
5. A Markdown table with what bounds each page, printed and written to bench/last-run.md with
   the machine it ran on (bench/report.py).

BENCH_CACHE_URL sets the server's CACHE_URL (e.g. redis://127.0.0.1:6379/14: sessions and the
community's pages in Redis, as a scaled-out deployment runs); empty by default, as on one
machine.

This module reads the settings from the environment, checks that what the bench needs is
there, and runs the steps in order. Exit status: 0 done, 1 a page answered an unexpected status
or a socket error, 2 PostgreSQL or wrk missing (or a database name without "bench").
"""

import datetime
import os
import shutil
import sys
import tempfile
from pathlib import Path

import dj_database_url
import psycopg

from bench.database import connect, count_checkins, prepare_database
from bench.harness import (
    HOST,
    ROOT,
    HarnessError,
    Server,
    manage,
    server_environment,
    setup_django,
)
from bench.load import Load, wrk_version
from bench.pages import BenchError, checkin_post, pages
from bench.report import machine, report

# The entry point and its checks, and the check-in walk tests/test_bench_harness.py reaches here.
__all__ = ["BenchError", "checkin_post", "database_settings", "main"]

OUTPUT = Path(os.environ.get("BENCH_OUTPUT") or ROOT / "bench" / "last-run.md")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/massagecare_bench"
)
DURATION = int(os.environ.get("BENCH_DURATION", "10"))  # seconds of each timed run
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))  # seconds before it (fills caches)
BASELINE_DURATION = int(os.environ.get("BENCH_BASELINE_DURATION", "3"))  # before each page
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
RESEED = os.environ.get("BENCH_RESEED", "") not in ("", "0", "false", "no")
# Reuse a seeded database even when its stamp differs: quicker re-runs while changing views.
REUSE = os.environ.get("BENCH_REUSE", "") not in ("", "0", "false", "no")
# The scaled-out deployment's shared cache (sessions, the community's pages), e.g.
# redis://127.0.0.1:6379/14; empty: each process its own memory, as on one machine.
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "")
# Only the pages whose names hold one of these words (comma-separated): a quick look at a few.
ONLY = [word.strip() for word in os.environ.get("BENCH_ONLY", "").split(",") if word.strip()]


def log(message):
    print(message, flush=True)


# Preflight ---------------------------------------------------------------------------------


def database_settings():
    config = dj_database_url.parse(DATABASE_URL)
    if "postgres" not in config["ENGINE"]:
        raise BenchError(f"BENCH_DATABASE_URL must be a PostgreSQL URL, not {DATABASE_URL}", 2)
    if "bench" not in config["NAME"]:
        # The bench drops and creates its database: never one that may hold anything else.
        raise BenchError(f"The bench database's name must contain 'bench': {config['NAME']}", 2)
    return config


def preflight(config):
    if shutil.which("wrk") is None:
        raise BenchError("wrk is missing: apt-get install -y wrk (make bench does it).", 2)
    try:
        with connect(config, "postgres") as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
    except psycopg.OperationalError as error:
        raise BenchError(
            f"PostgreSQL does not answer at {config['HOST']}:{config['PORT']}: {error}".strip(), 2
        ) from None
    return version


# The run -----------------------------------------------------------------------------------


def main():
    config = database_settings()
    pg_version = preflight(config)
    workdir = Path(tempfile.mkdtemp(prefix="massagecare-bench-"))
    env = server_environment(
        DATABASE_URL, workdir / "static", settings="bench.settings", CACHE_URL=CACHE_URL
    )
    # This process seeds the database and reads the seeder's names (accounts, password).
    setup_django(env)

    load_before = os.getloadavg()
    prepare_database(config, env, DATABASE_URL, reseed=RESEED, reuse=REUSE, log=log)
    manage(env, "collectstatic", "--no-input", "-v0")
    server = Server(env, workdir / "gunicorn.log", f"--workers={WORKERS}", "--timeout=120")
    with server:
        log(
            f"gunicorn {WORKERS} workers on {HOST}:{server.port}; wrk {THREADS} thread(s), "
            f"{CONNECTIONS} connections, {WARMUP} s warm-up + {DURATION} s per page."
        )
        listed, massage_id, checkins, person = pages(server.port, config)
        if ONLY:
            listed = [page for page in listed if any(word in page.name for word in ONLY)]
        load = Load(server.port, workdir, threads=THREADS, connections=CONNECTIONS)
        floors, failed = load.every_page(
            listed,
            warmup=WARMUP,
            duration=DURATION,
            baseline_duration=BASELINE_DURATION,
            person=person,
            log=log,
        )
        if count_checkins(config, massage_id) != checkins:
            failed.append("check-in POST: the number of check-ins changed (it must save in place)")
    text = report(
        listed,
        floors,
        how=(
            f"`make bench` of {datetime.datetime.now():%Y-%m-%d %H:%M}: "
            f"gunicorn {WORKERS} sync workers (DEBUG off, PostgreSQL), wrk {THREADS} thread, "
            f"{CONNECTIONS} connections (1 where a page says one person), {WARMUP} s warm-up "
            f"then {DURATION} s per page, on loopback; a seeded database of 1,000 people (one "
            "with 1,095 daily check-ins), 10,000 approved and 1,000 pending stories; "
            f"the shared cache: {CACHE_URL or 'each process its own memory (no CACHE_URL)'}."
        ),
        baseline_duration=BASELINE_DURATION,
        load_before=load_before,
        machine_line=machine(pg_version, wrk_version()),
    )
    print()
    print(text)
    OUTPUT.write_text(text + "\n")
    print(f"\nWritten to {OUTPUT}.")
    if failed:
        print("\nBENCH FAILED: pages answered errors:\n  " + "\n  ".join(failed))
        print(f"gunicorn log (last lines):\n{server.log_tail()}")
        shutil.rmtree(workdir / "static", ignore_errors=True)
        print(f"wrk's own reports and gunicorn's log are kept in {workdir}")
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except HarnessError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(error.status)
