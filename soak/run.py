"""`make soak`: MassageCare under gunicorn on PostgreSQL, under load and through a database restart.

1. A fresh PostgreSQL database (``massagecare_soak``), migrated, with 64 people who each have a
   massage and three weeks of check-ins, and published community stories.
2. gunicorn with the production settings (DEBUG off) on a free loopback port (bench.harness,
   shared with make bench).
3. The soak: 64 connections, one person each, for 60 s. Each person reads pages (dashboard,
   massage, history, assessment, community, a story, landing) and now and then writes a check-in
   through the whole staged form, its notes carrying a unique token. Every response must be the
   expected one (errors must be 0), and every check-in that got its success redirect must be in
   the database, whole (its symptoms and movement answers).
4. The restart: the same load again while PostgreSQL is stopped, kept down a few seconds and
   started. While it is down every page must answer the friendly 503 (never a traceback, never a
   500, never a refused connection); within 5 s of its return the app must serve again, without
   a restart of gunicorn. Check-ins that got their success redirect must again all be there.

The report names each check and PASS or FAIL; the exit status is 1 when one failed, 2 when the
soak could not run (no PostgreSQL, a bad setting).

Settings (environment): SOAK_DATABASE_URL, SOAK_SECONDS (60), SOAK_CONNECTIONS (64),
SOAK_WORKERS and SOAK_THREADS (gunicorn), SOAK_DOWN_SECONDS (how long PostgreSQL stays down, 4),
SOAK_PG_CLUSTER (the cluster to restart, "<version> main"; it must be the one serving
SOAK_DATABASE_URL).
"""

import collections
import contextlib
import datetime
import http.client
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import (
    HOST,
    Client,
    HarnessError,
    Server,
    admin_url,
    drop_database,
    find_form,
    manage,
    recreate_database,
    server_environment,
    setup_django,
)

PASSWORD = "soak test password 2026"
FRIENDLY_503 = "MassageCare is back in a moment"
RECOVERY_BUDGET_S = 5.0


def env_int(name, default):
    try:
        return int(os.environ.get(name) or default)
    except ValueError:
        sys.exit(f"soak: {name} must be a whole number")


def default_cluster():
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    return f"{versions[-1]} main" if versions else ""


DATABASE_URL = os.environ.get(
    "SOAK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/massagecare_soak"
)
SECONDS = env_int("SOAK_SECONDS", 60)
CONNECTIONS = env_int("SOAK_CONNECTIONS", 64)
WORKERS = env_int("SOAK_WORKERS", 2 * (os.cpu_count() or 1) + 1)
THREADS = env_int("SOAK_THREADS", 4)
DOWN_SECONDS = env_int("SOAK_DOWN_SECONDS", 4)
PG_CLUSTER = os.environ.get("SOAK_PG_CLUSTER") or default_cluster()


# --- the database ---------------------------------------------------------------------------


def pg_ctl(action):
    version, name = PG_CLUSTER.split()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action],
        check=True,
        stdin=subprocess.DEVNULL,
    )


def database_answers(url=DATABASE_URL):
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.OperationalError:
        return False


# --- the people ------------------------------------------------------------------------------


def seed():
    """64 people with a massage, three weeks of check-ins each, and 30 published stories."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from community.models import ModerationStatus, Story
    from tracker.assessments import reassess_massage
    from tracker.models import CheckIn, Massage, SideFunction, Symptom, User

    today = timezone.localdate()
    password = make_password(PASSWORD)  # one Argon2 hash, shared: seeding stays fast
    users = User.objects.bulk_create(
        User(email=f"soak-{n:02d}@example.com", password=password, time_zone="UTC")
        for n in range(CONNECTIONS)
    )
    people = []
    for user in users:
        massage = Massage.objects.create(
            owner=user,
            date=today - datetime.timedelta(days=22),
            types=["deep_tissue"],
            regions=[
                {"region": "neck_side", "side": "left"},
                {"region": "shoulder_top", "side": "left"},
            ],
            pressure="very_firm",
            techniques=["elbow_forearm"],
            onset_timing="during_massage",
        )
        checkins = CheckIn.objects.bulk_create(
            CheckIn(
                massage=massage,
                date=massage.date + datetime.timedelta(days=day),
                course="better" if day > 10 else "same",
            )
            for day in range(1, 22)
        )
        Symptom.objects.bulk_create(
            Symptom(
                checkin=c,
                kind="ache",
                region="shoulder_top",
                side="left",
                nprs=max(1, 7 - i // 4),
            )
            for i, c in enumerate(checkins)
        )
        SideFunction.objects.bulk_create(
            SideFunction(checkin=c, side="left", arm_side_lift="harder") for c in checkins
        )
        reassess_massage(massage)
        people.append({"email": user.email, "massage": massage.pk, "latest": checkins[-1].pk})
    stories = Story.objects.bulk_create(
        Story(
            author=users[n % len(users)],
            title=f"My shoulder after a deep tissue massage ({n})",
            body="The day after, lifting my arm to the side was hard. " * 8,
            consent_anonymous=True,
            status=ModerationStatus.APPROVED,
            decided_at=timezone.now(),
            submitted_at=timezone.now(),
        )
        for n in range(30)
    )
    return people, [s.pk for s in stories]


STAGE_ANSWERS = {
    "emergency": {},
    "symptoms": {
        "symptom-TOTAL_FORMS": "1",
        "symptom-INITIAL_FORMS": "0",
        "symptom-MIN_NUM_FORMS": "0",
        "symptom-MAX_NUM_FORMS": "40",
        "symptom-0-kind": "ache",
        "symptom-0-region": "shoulder_top",
        "symptom-0-side": "both",
        "symptom-0-nprs": "3",
    },
    "movement": {"left-arm_side_lift": "harder", "right-arm_side_lift": "easy"},
}


@dataclass
class Tally:
    """What one phase saw. Shared by the threads; every change under the lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    by_status: collections.Counter = field(default_factory=collections.Counter)
    errors: list = field(default_factory=list)
    latencies: list = field(default_factory=list)
    saved_tokens: list = field(default_factory=list)
    # (time, kind): kind "ok", "friendly_503", or an error; for the restart's timeline.
    events: list = field(default_factory=list)

    def record(self, started, status, expected, path, text):
        now = time.monotonic()
        with self.lock:
            self.requests += 1
            self.by_status[status] += 1
            self.latencies.append(now - started)
            if status in expected:
                kind = "ok"
            elif status == 503 and FRIENDLY_503 in text and "Traceback" not in text:
                kind = "friendly_503"
            else:
                kind = f"HTTP {status} {path}"
                self.errors.append((now, kind, text[:300]))
            self.events.append((now, kind, f"{status} {path}"))
            return kind

    def fail(self, path, error):
        now = time.monotonic()
        with self.lock:
            self.requests += 1
            self.by_status["no response"] += 1
            kind = f"{type(error).__name__} {path}"
            self.errors.append((now, kind, str(error)[:300]))
            self.events.append((now, kind, kind))


class Person(threading.Thread):
    """Reads pages and writes check-ins until told to stop."""

    READS = (
        ("/dashboard/", 4),
        ("/massages/{massage}/", 2),
        ("/massages/{massage}/history/", 2),
        ("/checkins/{latest}/assessment/", 3),
        ("/community/", 2),
        ("/community/{story}/", 2),
        ("/", 1),  # a logged-in person is sent on to their dashboard
        ("/healthz", 1),
    )
    EXPECTED = {"/": (302,)}
    WRITE_SHARE = 0.2

    def __init__(self, port, person, stories, tally, stop):
        super().__init__(daemon=True)
        self.client = Client(port, timeout=30)
        self.person = person
        self.stories = stories
        self.tally = tally
        self.stop_event = stop
        self.random = random.Random(person["email"])
        self.paths = [p for p, _ in self.READS]
        self.weights = [w for _, w in self.READS]

    def call(self, path, fields=None, expected=(200,)):
        """A GET, or a form's POST when ``fields`` are given: the response when it was the
        expected one, else None (the tally has counted it)."""
        started = time.monotonic()
        try:
            if fields is None:
                response = self.client.get(path)
            else:
                response = self.client.post_form(path, fields)
        except (OSError, http.client.HTTPException) as error:
            self.tally.fail(path, error)
            return None
        kind = self.tally.record(started, response.status, expected, path, response.text)
        return response if kind == "ok" else None

    def run(self):
        while not self.stop_event.is_set():
            if self.random.random() < self.WRITE_SHARE:
                self.write_checkin()
            else:
                path = self.random.choices(self.paths, self.weights)[0].format(
                    massage=self.person["massage"],
                    latest=self.person["latest"],
                    story=self.random.choice(self.stories),
                )
                self.call(path, expected=self.EXPECTED.get(path, (200,)))

    def write_checkin(self):
        """The whole staged form, as a person fills it in; the notes carry a unique token."""
        url = f"/massages/{self.person['massage']}/checkins/new/"
        answer = self.call(url)
        for _ in range(6):
            if answer is None:
                return  # the failure is counted; this check-in was not saved
            form = find_form(answer.text, "draft")
            stage = dict(form.fields).get("stage")
            if stage == "course":
                token = f"soak-{uuid.uuid4()}"
                answers = {"course": "better", "notes": token}
                fields = form.filled(answers, ("action", "save"))
                answer = self.call(url, fields, expected=(302,))
                if answer is not None and "/assessment/" in answer.location:
                    with self.tally.lock:
                        self.tally.saved_tokens.append(token)
                return
            fields = form.filled(STAGE_ANSWERS.get(stage, {}), ("action", "next"))
            answer = self.call(url, fields)


def run_load(port, people, stories, seconds, during=None):
    tally = Tally()
    stop = threading.Event()
    threads = [Person(port, p, stories, tally, stop) for p in people]
    for thread in threads:
        thread.client.cookies = dict(thread.person["cookies"])
        thread.start()
    started = time.monotonic()
    context = during() if during else None
    while time.monotonic() - started < seconds:
        time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return tally, time.monotonic() - started, context


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


# --- the report ------------------------------------------------------------------------------


class Report:
    def __init__(self):
        self.failures = 0

    def check(self, ok, text):
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
        self.failures += 0 if ok else 1

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


def restart_database(timeline):
    """Stop PostgreSQL 5 s into the load, keep it down, start it; note the times."""

    def run():
        time.sleep(5)
        timeline["stop_called"] = time.monotonic()
        pg_ctl("stop")
        timeline["down"] = time.monotonic()
        time.sleep(DOWN_SECONDS)
        timeline["start_called"] = time.monotonic()
        pg_ctl("start")
        while not database_answers():
            time.sleep(0.05)
        timeline["back"] = time.monotonic()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def main():
    if shutil.which("pg_ctlcluster") is None or not PG_CLUSTER:
        print("soak: pg_ctlcluster and a PostgreSQL cluster are needed", file=sys.stderr)
        return 2
    if not database_answers(admin_url(DATABASE_URL)):
        print(f"soak: PostgreSQL does not answer for {DATABASE_URL}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="massagecare-soak-"))
    env = server_environment(DATABASE_URL, work / "static", LOG_LEVEL="WARNING")
    # This process seeds the database and checks the saved check-ins.
    setup_django(env)

    print(f"MassageCare soak: {SECONDS} s at {CONNECTIONS} connections, then a restart of ", end="")
    print(f"PostgreSQL cluster '{PG_CLUSTER}' under load ({DOWN_SECONDS} s down)")
    recreate_database(DATABASE_URL)
    try:
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "collectstatic", "--no-input")
        people, stories = seed()
        print(f"Seeded {len(people)} people with 21 check-ins each and {len(stories)} stories")
        options = [f"--workers={WORKERS}", f"--threads={THREADS}", "--worker-class=gthread"]
        # Longer than the soak's idle gaps, so the server never closes a connection the client
        # is about to reuse.
        options += ["--keep-alive=75", "--backlog=2048"]
        with Server(env, work / "gunicorn.log", *options) as server:
            print(f"gunicorn on {HOST}:{server.port}: {WORKERS} workers x {THREADS} threads")
            for person in people:
                client = Client(server.port, timeout=30)
                client.log_in(person["email"], PASSWORD)
                person["cookies"] = client.cookies
            return soak(server, people, stories)
    finally:
        if not database_answers():
            pg_ctl("start")
        from django.db import connections

        connections.close_all()
        with contextlib.suppress(HarnessError):
            drop_database(DATABASE_URL)
        shutil.rmtree(work, ignore_errors=True)


def soak(server, people, stories):
    """The two phases and their checks; the exit status."""
    report = Report()

    # Phase 1: the soak.
    tally, elapsed, _ = run_load(server.port, people, stories, SECONDS)
    Report.phase("Soak", tally, elapsed)
    missing, partial = verify_saved(tally.saved_tokens)
    print()
    bad = [kind for _, kind, _ in tally.events if kind != "ok"]
    report.check(tally.requests > 0 and not bad, f"errors: {len(bad)}")
    report.check(
        tally.saved_tokens and not missing and not partial,
        f"every check-in with a success response is in the database, whole: "
        f"{len(tally.saved_tokens) - len(missing)} of {len(tally.saved_tokens)} found, "
        f"{len(partial)} partial",
    )

    # Phase 2: a restart of PostgreSQL under the same load.
    timeline = {}
    restart_seconds = 5 + DOWN_SECONDS + 15
    tally, elapsed, thread = run_load(
        server.port,
        people,
        stories,
        restart_seconds,
        during=lambda: restart_database(timeline),
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
    missing, partial = verify_saved(tally.saved_tokens)
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
    report.check(
        not missing and not partial,
        f"every check-in with a success response is in the database, whole: "
        f"{len(tally.saved_tokens) - len(missing)} of {len(tally.saved_tokens)} found",
    )
    print(
        f"\n{'SOAK PASSED' if not report.failures else 'SOAK FAILED'}: "
        f"{report.failures} failed checks"
    )
    return 1 if report.failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except HarnessError as error:
        print(f"soak: {error}", file=sys.stderr)
        sys.exit(2)
