"""``make bench``: every page under load, on a large data set, against a minimal Django page.

1. A PostgreSQL database of its own (BENCH_DATABASE_URL; its name must contain "bench"): created,
   migrated and seeded by ``bench.seed`` (1,000 people, one with a check-in every day for three
   years, 10,000 approved stories, 1,000 waiting for a moderator). It is kept for the next run
   and reused while its stamp matches (same day, same seeder, models, migrations and triage
   engine); BENCH_RESEED=1 seeds it again.
2. collectstatic into a temporary folder, then gunicorn with production settings (DEBUG off) plus
   bench.settings (the baseline page, a query counter, loopback hosts, no HTTPS redirect), on a
   free loopback port (bench.harness, shared with make soak). It is stopped when this script
   ends, whatever happens.
3. Log-in as the three-year person and as the moderator; the check-in form is walked stage by
   stage like a browser, up to the final "Save changes".
4. Per page: a short baseline run just before it (the machine's speed drifts when it is shared),
   then one request that must answer as expected, a warm-up, and a timed wrk run. The page's
   ratio is to the baseline run just before it.
5. A Markdown table, printed and written to bench/last-run.md with the machine it ran on.

Exit status: 0 done, 1 a page answered an unexpected status or a socket error, 2 PostgreSQL or
wrk missing (or a database name without "bench").
"""

import datetime
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import dj_database_url
import psycopg

from bench.bench_engine import make_case
from bench.harness import (
    HOST,
    Client,
    HarnessError,
    Server,
    find_form,
    manage,
    recreate_database,
    server_environment,
    setup_django,
)

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "page.lua"
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
GOAL = 0.25
PRESSURES = ("firm", "very_firm")  # the two bodies of the massage edit
API_CASE_LOGS = 30  # the API's case: a month of daily check-ins (bench_engine.make_case)
SESSION_COOKIES = ("sessionid", "csrftoken")  # what wrk sends; never "messages"

# What the seeded data depends on: a change to any of these seeds the database again.
STAMPED_FILES = [
    "bench/seed.py",
    "tracker/models.py",
    "tracker/migrations/*.py",
    "community/models.py",
    "community/migrations/*.py",
    "tracker/case_export.py",
    "tracker/checkin_draft.py",
    "tracker/triage/**/*.py",
]


class BenchError(HarnessError):
    """Something the person running the bench must fix; ``status`` is the exit status."""


@dataclass
class Page:
    name: str
    path: str
    method: str = "GET"
    client: Client | None = None  # None: anonymous
    body: bytes = b""
    # A second body sent every other request: an edit that changes something each time.
    other_body: bytes = b""
    content_type: str = ""
    expect: int = 200
    redirect_to: str = "/assessment/"  # where a saved POST (302) must lead
    goal: bool = True  # False: shown for comparison, not a page of the site
    result: dict = field(default_factory=dict)

    def headers(self):
        headers = {}
        if self.client is not None:
            # Only the log-in and CSRF cookies: a flash message left by the check-in POST
            # would otherwise be shown (and cleared) on every later request.
            cookies = {k: v for k, v in self.client.cookies.items() if k in SESSION_COOKIES}
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in sorted(cookies.items()))
        if self.content_type:
            headers["Content-Type"] = self.content_type
        return headers


def log(message):
    print(message, flush=True)


def run(command, check=True, **options):
    """A command of the bench's own (wrk), with fixed arguments, from the checkout."""
    return subprocess.run(command, cwd=ROOT, check=check, **options)  # noqa: S603


# Preflight ---------------------------------------------------------------------------------


def database_settings():
    config = dj_database_url.parse(DATABASE_URL)
    if "postgres" not in config["ENGINE"]:
        raise BenchError(f"BENCH_DATABASE_URL must be a PostgreSQL URL, not {DATABASE_URL}", 2)
    if "bench" not in config["NAME"]:
        # The bench drops and creates its database: never one that may hold anything else.
        raise BenchError(f"The bench database's name must contain 'bench': {config['NAME']}", 2)
    return config


def connect(config, dbname):
    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
        connect_timeout=5,
    )


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


# The database ------------------------------------------------------------------------------


def stamp():
    # The seeder dates everything from today (UTC): a new day seeds again.
    today = datetime.datetime.now(datetime.UTC).date()
    digest = hashlib.sha256(today.isoformat().encode())
    for pattern in STAMPED_FILES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def stored_stamp(config):
    try:
        with connect(config, config["NAME"]) as connection:
            row = connection.execute("SELECT stamp FROM bench_stamp").fetchone()
    except psycopg.Error:
        return None  # no database yet, or never finished seeding
    return row[0] if row else None


def prepare_database(config, env):
    wanted, stored = stamp(), stored_stamp(config)
    if not RESEED and stored is not None and (stored == wanted or REUSE):
        why = "stamp matches" if stored == wanted else "BENCH_REUSE, although its stamp differs"
        log(f"Database {config['NAME']}: reusing the seeded data ({why}).")
        return
    name = config["NAME"]
    log(f"Database {name}: fresh, migrate, seed (about a minute).")
    recreate_database(DATABASE_URL)
    started = time.monotonic()
    manage(env, "migrate", "--no-input", "-v0")
    from django.db import connections

    from bench.seed import seed

    seed(out=log)
    connections.close_all()
    with connect(config, name) as connection:
        connection.execute("CREATE TABLE bench_stamp (stamp text NOT NULL)")
        connection.execute("INSERT INTO bench_stamp VALUES (%s)", [wanted])
        connection.execute("VACUUM ANALYZE")
    log(f"Seeded in {time.monotonic() - started:.0f} s.")


def lookups(config):
    """The records the pages are about: the three-year history, its latest check-in, a story."""
    from bench.seed import LONG_EMAIL

    with connect(config, config["NAME"]) as connection:
        massage_id, checkin_id, checkins = connection.execute(
            """
            SELECT m.id,
                   (SELECT c.id FROM tracker_checkin c WHERE c.massage_id = m.id
                    ORDER BY c.date DESC, c.created_at DESC, c.id DESC LIMIT 1),
                   (SELECT count(*) FROM tracker_checkin c WHERE c.massage_id = m.id) AS n
            FROM tracker_massage m JOIN tracker_user u ON u.id = m.owner_id
            WHERE u.email = %s ORDER BY n DESC LIMIT 1
            """,
            [LONG_EMAIL],
        ).fetchone()
        # The public story with the most public replies: the longest story page readers see.
        story_id, replies = connection.execute(
            """
            SELECT s.id, count(*) FROM tracker_story s JOIN tracker_reply r ON r.story_id = s.id
            WHERE s.status = 'approved' AND NOT s.hidden
              AND r.status = 'approved' AND NOT r.hidden
            GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 1
            """
        ).fetchone()
    return massage_id, checkin_id, checkins, story_id, replies


def count_checkins(config, massage_id):
    with connect(config, config["NAME"]) as connection:
        query = "SELECT count(*) FROM tracker_checkin WHERE massage_id = %s"
        return connection.execute(query, [massage_id]).fetchone()[0]


# The pages ---------------------------------------------------------------------------------


def checkin_post(client, checkin_id):
    """The body of the check-in form's last stage, "Save changes", reached stage by stage.

    The form carries the answers from stage to stage in a signed hidden field; each stage is
    submitted with its first button (Continue), as pressing Enter would, until the last one.
    """
    path = f"/checkins/{checkin_id}/edit/"
    page = client.get(path)
    for _ in range(8):
        if page.status != 200:
            raise BenchError(f"The check-in form answered {page.status} on {path}")
        form = find_form(page.text, "draft")
        action = form.buttons[0]
        if action == ("action", "save"):
            return path, [*form.fields, action]
        page = client.post_form(path, [*form.fields, action])
    raise BenchError("The check-in form never reached its last stage.")


def massage_edit(client, massage_id):
    """Two bodies of the massage's edit form, as a browser sends it, that differ in the
    pressure: each save changes what every assessment says (its evidence), so each request
    re-assesses the whole history and rewrites every stored result (spec/triage.md 10.7)."""
    path = f"/massages/{massage_id}/edit/"
    page = client.get(path)
    if page.status != 200:
        raise BenchError(f"The massage form answered {page.status} on {path}")
    form = find_form(page.text, "pressure")
    fields = [(name, value) for name, value in form.fields if name != "pressure"]
    bodies = [urlencode([*fields, ("pressure", pressure)]).encode() for pressure in PRESSURES]
    return path, bodies


def pages(port, config):
    massage_id, checkin_id, checkins, story_id, replies = lookups(config)
    from bench.seed import LONG_EMAIL, MODERATOR_EMAIL, PASSWORD

    person = Client(port)
    person.log_in(LONG_EMAIL, PASSWORD)
    moderator = Client(port)
    moderator.log_in(MODERATOR_EMAIL, PASSWORD)
    post_path, post_fields = checkin_post(person, checkin_id)
    edit_path, edit_bodies = massage_edit(person, massage_id)
    case = make_case(API_CASE_LOGS)
    form_type = "application/x-www-form-urlencoded"
    listed = [
        Page("landing `/` (anonymous)", "/"),
        Page("dashboard", "/dashboard/", client=person),
        Page("check-in form (first stage)", f"/massages/{massage_id}/checkins/new/", client=person),
        Page(
            "check-in POST (last stage, save)",
            post_path,
            method="POST",
            client=person,
            body=urlencode(post_fields).encode(),
            content_type=form_type,
            expect=302,
        ),
        Page(
            f"edit the massage (POST, {checkins} check-ins re-assessed)",
            edit_path,
            method="POST",
            client=person,
            body=edit_bodies[0],
            other_body=edit_bodies[1],
            content_type=form_type,
            expect=302,
            redirect_to=f"/massages/{massage_id}/",
        ),
        # Where the POST leads (and /massages/<id>/assessment/ redirects): the latest result.
        Page("assessment (latest check-in)", f"/checkins/{checkin_id}/assessment/", client=person),
        Page(f"history ({checkins} check-ins)", f"/massages/{massage_id}/history/", client=person),
        Page("report for the doctor", f"/massages/{massage_id}/report/", client=person),
        Page(
            "report for the doctor (PDF)",
            f"/massages/{massage_id}/report.pdf",
            client=person,
            expect=200,
        ),
        Page("/community/", "/community/", client=person),
        Page(f"a story ({replies} replies)", f"/community/{story_id}/", client=person),
        Page("admin moderation queue", "/admin/community/story/", client=moderator),
        Page(
            f"/api/assess (POST, {API_CASE_LOGS} check-ins)",
            "/api/assess",
            method="POST",
            body=json.dumps(case).encode(),
            content_type="application/json",
        ),
        # Not a page of the site: the floor under every private page, for the README.
        Page(
            "baseline logged in (not a site page)",
            "/bench/baseline/logged-in/",
            client=person,
            goal=False,
        ),
    ]
    return listed, massage_id, checkins


def check_once(page, port):
    """One request before the load: it must answer what the page should (not a 403 or 400)."""
    client = page.client or Client(port)
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


def wrk(page, port, seconds, workdir):
    env = dict(os.environ)
    env["BENCH_METHOD"] = page.method
    env["BENCH_EXPECT"] = str(page.expect)
    env["BENCH_HEADERS"] = "\n".join(f"{k}: {v}" for k, v in page.headers().items())
    env["BENCH_BODY_FILE"] = env["BENCH_OTHER_BODY_FILE"] = ""
    for name, body in (("BENCH_BODY_FILE", page.body), ("BENCH_OTHER_BODY_FILE", page.other_body)):
        if body:
            body_file = workdir / name.lower()
            body_file.write_bytes(body)
            env[name] = str(body_file)
    command = [
        "wrk",
        f"--threads={THREADS}",
        f"--connections={CONNECTIONS}",
        f"--duration={seconds}s",
        "--timeout=30s",
        "--latency",
        f"--script={LUA}",
        f"http://{HOST}:{port}{page.path}",
    ]
    done = run(command, env=env, capture_output=True, text=True, check=False)
    with (workdir / "wrk.log").open("a") as wrk_log:
        wrk_log.write(f"\n### {page.name} ({seconds} s)\n{done.stdout}{done.stderr}")
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            return json.loads(line.removeprefix("BENCH-RESULT "))
    raise BenchError(f"wrk gave no result for {page.name}:\n{done.stdout}\n{done.stderr}")


def measure(page, port, workdir, *, warmup=WARMUP, duration=DURATION):
    check_once(page, port)
    if warmup:
        wrk(page, port, warmup, workdir)
    result = wrk(page, port, duration, workdir)
    statuses = {}
    for per_thread in result["statuses"]:
        for status, count in per_thread.items():
            statuses[status] = statuses.get(status, 0) + count
    result["statuses"] = statuses
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["queries_per_request"] = result["queries"] / max(1, result["responses"])
    page.result = result
    return result


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
    return found


# Report ------------------------------------------------------------------------------------


def machine(pg_version):
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
    wrk_version = run(["wrk", "-v"], capture_output=True, text=True, check=False)
    wrk_line = (wrk_version.stdout or wrk_version.stderr).split("\n")[0].split(" [")[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory}; {platform.system()} {platform.release()}; "
        f"PostgreSQL {pg_version}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, gunicorn {gunicorn.__version__}, {wrk_line}"
    )


def table(listed, baseline):
    lines = [
        "| page | requests/s | p50 ms | p99 ms | queries/request | ratio to baseline | "
        "non-2xx/3xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in listed:
        result = page.result
        mark = "" if result["ratio"] >= GOAL or not page.goal else " (below 0.25)"
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


def main():
    config = database_settings()
    pg_version = preflight(config)
    workdir = Path(tempfile.mkdtemp(prefix="massagecare-bench-"))
    env = server_environment(DATABASE_URL, workdir / "static", settings="bench.settings")
    # This process seeds the database and reads the seeder's names (accounts, password).
    setup_django(env)

    load_before = os.getloadavg()
    prepare_database(config, env)
    manage(env, "collectstatic", "--no-input", "-v0")
    failed = []
    server = Server(env, workdir / "gunicorn.log", f"--workers={WORKERS}", "--timeout=120")
    with server:
        log(
            f"gunicorn {WORKERS} workers on {HOST}:{server.port}; wrk {THREADS} thread(s), "
            f"{CONNECTIONS} connections, {WARMUP} s warm-up + {DURATION} s per page."
        )
        listed, massage_id, checkins = pages(server.port, config)
        # The machine is shared, so its speed drifts: each page is compared with a baseline run
        # just before it, on the same server, rather than with one measured minutes apart.
        baseline_page = Page("baseline", "/bench/baseline/")
        baselines = []
        wrk(baseline_page, server.port, WARMUP or 1, workdir)
        for page in listed:
            baseline = dict(
                measure(baseline_page, server.port, workdir, warmup=0, duration=BASELINE_DURATION)
            )
            failed += [f"baseline: {problem}" for problem in problems(baseline_page)]
            baselines.append(baseline)
            result = measure(page, server.port, workdir)
            result["ratio"] = result["rps"] / baseline["rps"]
            failed += [f"{page.name}: {problem}" for problem in problems(page)]
            log(
                f"  {page.name}: {result['rps']:.1f} requests/s, "
                f"p50 {result['p50_us'] / 1000:.1f} ms, {result['queries_per_request']:.1f} "
                f"queries; baseline just before {baseline['rps']:.0f} requests/s: "
                f"ratio {result['ratio']:.2f}"
            )
        if count_checkins(config, massage_id) != checkins:
            failed.append("check-in POST: the number of check-ins changed (it must save in place)")
    baseline = mean_baseline(baselines)
    below = [page.name for page in listed if page.goal and page.result["ratio"] < GOAL]
    report = "\n".join(
        [
            f"`make bench` of {datetime.datetime.now():%Y-%m-%d %H:%M}: "
            f"gunicorn {WORKERS} sync workers (DEBUG off, PostgreSQL), wrk {THREADS} thread, "
            f"{CONNECTIONS} connections, {WARMUP} s warm-up then {DURATION} s per page, "
            "on loopback; a seeded database of 1,000 people (one with 1,095 daily check-ins), "
            "10,000 approved and 1,000 pending stories.",
            "",
            table(listed, baseline),
            "",
            f"Each ratio is to a {BASELINE_DURATION} s baseline run just before the page; "
            f"those runs gave {baseline['min']:.0f} to {baseline['max']:.0f} requests/s. "
            f"Load average before: {' '.join(f'{x:.2f}' for x in load_before)}, after: "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}.",
            f"Machine: {machine(pg_version)}.",
            f"Below the goal of {GOAL}: {', '.join(below) if below else 'none'}.",
        ]
    )
    print()
    print(report)
    OUTPUT.write_text(report + "\n")
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
