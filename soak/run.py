"""`make soak`: MassageCare under gunicorn on PostgreSQL, under load and through a database restart.

1. A fresh PostgreSQL database (``massagecare_soak``), migrated, with 64 people who each have a
   massage and three weeks of check-ins, and published community stories (soak/seed.py).
2. gunicorn with the production settings (DEBUG off) on a free loopback port (bench.harness,
   shared with make bench).
3. The soak: 64 connections, one person each, for 60 s. Each person reads pages (dashboard,
   massage, history, assessment, community, a story, landing) and now and then writes a check-in
   through the whole staged form, its notes carrying a unique token (soak/load.py). Every
   response must be the expected one (errors must be 0), and every check-in that got its success
   redirect must be in the database, whole (its symptoms and movement answers).
4. The restart: the same load again while PostgreSQL is stopped, kept down a few seconds and
   started (soak/cluster.py). While it is down every page must answer the friendly 503 (never a
   traceback, never a 500, never a refused connection); within 5 s of its return the app must
   serve again, without a restart of gunicorn. Check-ins that got their success redirect must
   again all be there (soak/checks.py).
5. Two servers (soak/two_servers.py): two gunicorns and two task workers on the same database
   and one Redis database (flushed first), the load spread over both, reminders falling due
   while ``reminders --send`` runs on both sides: no error, every saved check-in there, each
   reminder mailed exactly once, a session begun on one server served by the other.

The report names each check and PASS or FAIL; the exit status is 1 when one failed, 2 when the
soak could not run (no PostgreSQL, a bad setting). This module reads the settings and runs the
steps in order.

Settings (environment): SOAK_DATABASE_URL, SOAK_SECONDS (60), SOAK_CONNECTIONS (64),
SOAK_WORKERS and SOAK_THREADS (gunicorn), SOAK_DOWN_SECONDS (how long PostgreSQL stays down, 4),
SOAK_PG_CLUSTER (the cluster to restart, "<version> main"; it must be the one serving
SOAK_DATABASE_URL), SOAK_TWO_SERVER_SECONDS (30), SOAK_REMINDERS (40), SOAK_CACHE_URL
(redis://127.0.0.1:6379/13, flushed by the soak).
"""

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench.harness import (
    HOST,
    Client,
    HarnessError,
    Server,
    admin_url,
    drop_database,
    manage,
    recreate_database,
    server_environment,
    setup_django,
)
from soak.checks import Report, soak, verdict, verify_saved
from soak.cluster import Cluster
from soak.load import Person, Tally
from soak.seed import PASSWORD, seed
from soak.two_servers import two_servers

# The entry point, and the parts tests/test_bench_harness.py reaches here.
__all__ = ["Person", "Tally", "main", "verify_saved"]


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
TWO_SERVER_SECONDS = env_int("SOAK_TWO_SERVER_SECONDS", 30)
REMINDERS = env_int("SOAK_REMINDERS", 40)
CACHE_URL = os.environ.get("SOAK_CACHE_URL", "redis://127.0.0.1:6379/13")
PG_CLUSTER = os.environ.get("SOAK_PG_CLUSTER") or default_cluster()


def main():
    cluster = Cluster(PG_CLUSTER, DATABASE_URL)
    if shutil.which("pg_ctlcluster") is None or not PG_CLUSTER:
        print("soak: pg_ctlcluster and a PostgreSQL cluster are needed", file=sys.stderr)
        return 2
    if not cluster.answers(admin_url(DATABASE_URL)):
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
        people, stories = seed(CONNECTIONS)
        print(f"Seeded {len(people)} people with 21 check-ins each and {len(stories)} stories")
        options = [f"--workers={WORKERS}", f"--threads={THREADS}", "--worker-class=gthread"]
        # Longer than the soak's idle gaps, so the server never closes a connection the client
        # is about to reuse.
        options += ["--keep-alive=75", "--backlog=2048"]
        report = Report()
        with Server(env, work / "gunicorn.log", *options) as server:
            print(f"gunicorn on {HOST}:{server.port}: {WORKERS} workers x {THREADS} threads")
            for person in people:
                client = Client(server.port, timeout=30)
                client.log_in(person["email"], PASSWORD)
                person["cookies"] = client.cookies
            soak(
                report,
                server,
                people,
                stories,
                seconds=SECONDS,
                cluster=cluster,
                down_seconds=DOWN_SECONDS,
            )
        print(
            f"\nMassageCare on two servers: {TWO_SERVER_SECONDS} s at {CONNECTIONS} connections "
            f"spread over two gunicorns, two task workers, one PostgreSQL, Redis at {CACHE_URL}"
        )
        # Half the workers each: the two servers share this machine's CPUs as one did.
        half = max(2, WORKERS // 2)
        two_options = [f"--workers={half}", *options[1:]]
        two_env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "soak.settings",
            "CACHE_URL": CACHE_URL,
            "SITE_URL": f"http://{HOST}",
            "SOAK_MAIL_DIR": str(work / "mail"),
        }
        two_servers(
            report,
            two_env,
            work,
            people,
            stories,
            seconds=TWO_SERVER_SECONDS,
            reminders=REMINDERS,
            options=two_options,
        )
        return verdict(report)
    finally:
        if not cluster.answers():
            cluster.ctl("start")
        from django.db import connections

        connections.close_all()
        with contextlib.suppress(HarnessError):
            drop_database(DATABASE_URL)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except HarnessError as error:
        print(f"soak: {error}", file=sys.stderr)
        sys.exit(2)
