"""The soak's second run: two servers on one PostgreSQL and one Redis, as a deployment with two
machines behind a load balancer runs the app, here on one machine.

Two gunicorn instances on two ports and two task workers (``manage.py db_worker``) share the
soak's database and a Redis database flushed first (``CACHE_URL``: sessions, rate limits). The
load is spread over both servers, every other person on each, with the sessions they were given
by the first run's server; while it runs, ``manage.py reminders --send`` runs from both sides at
once every few seconds, so the queueing races as well as the sending, and a set of people outside
the load have a reminder falling due during the run. Then: no error, every check-in with a
success response in the database, each due reminder mailed exactly once (each worker writes its
mail to files, soak/settings.py) and none left pending, and a session begun on one server
answered on the other.
"""

import collections
import datetime
import email
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.harness import HOST, ROOT, Client, HarnessError, Server
from soak.checks import Report
from soak.load import run_load
from soak.seed import PASSWORD, seed_reminders

SEND_EVERY_S = 4  # how often both sides run `reminders --send` during the load
DRAIN_S = 15  # after the load, how long the workers have to send what is still queued


def flush_redis(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        raise HarnessError(f"Redis does not answer at {url}: {error}", 2) from None


class Workers:
    """``count`` task workers (``manage.py db_worker``), each its output in a log of its own."""

    def __init__(self, env, work, count):
        self.processes = []
        self.logs = []
        for n in range(count):
            log_path = work / f"db_worker-{n}.log"
            self.logs.append(log_path)
            with log_path.open("w") as log:
                # Fixed arguments, from this tool; a session of its own, to stop it whole.
                self.processes.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            str(ROOT / "manage.py"),
                            "db_worker",
                            "--interval=0.2",
                            "--no-startup-delay",
                            f"--worker-id=soak-{n}",
                        ],
                        cwd=ROOT,
                        env=env,
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )

    def running(self):
        return all(p.poll() is None for p in self.processes)

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def send_due(env, results):
    """``manage.py reminders --send`` from both sides at once; each exit status in ``results``."""

    def one():
        command = [sys.executable, str(ROOT / "manage.py"), "reminders", "--send"]
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        results.append((done.returncode, done.stderr[-300:]))

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def sender(env, results, seconds):
    """A thread that runs ``send_due`` every SEND_EVERY_S seconds for ``seconds``."""

    def run():
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            send_due(env, results)
            time.sleep(SEND_EVERY_S)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def mails_by_recipient(mail_dir, subject):
    """How many mails with ``subject`` each address got, from the file backend's files (one
    file a connection; messages apart by a line of 79 dashes)."""
    counts = collections.Counter()
    for path in Path(mail_dir).glob("*.log"):
        for text in path.read_text().split("\n" + "-" * 79 + "\n"):
            if not text.strip():
                continue
            message = email.message_from_string(text)
            if message["Subject"] == subject:
                counts[message["To"]] += 1
    return counts


def reminder_states(ids):
    from django.db import connection

    from tracker.models import Reminder

    connection.close()
    rows = Reminder.objects.filter(pk__in=ids).values_list("user__email", "state", "reason")
    return {email_: (state, reason) for email_, state, reason in rows}


def reminder_tasks():
    """How many sending tasks were queued, and how many of them ran to the end."""
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(task_path__endswith="send_reminder")
    return tasks.count(), tasks.filter(status="SUCCESSFUL").count()


def session_across(port_a, port_b, person):
    """Log in on one server, then a private page on the other: its status."""
    client = Client(port_a, timeout=30)
    client.log_in(person, PASSWORD)
    other = Client(port_b, timeout=30)
    other.cookies = dict(client.cookies)
    return other.get("/dashboard/").status


def two_servers(report, env, work, people, stories, *, seconds, reminders, options):
    """The run and its checks, into ``report``."""
    from django.utils import timezone

    from tracker.reminders import SUBJECT

    flush_redis(env["CACHE_URL"])
    start = timezone.now()
    # Due from a few seconds in to a few before the load ends: sent while the load goes on.
    first = start + datetime.timedelta(seconds=8)
    last = start + datetime.timedelta(seconds=max(10, seconds - 8))
    ids = seed_reminders(reminders, first=first, last=last)
    print(f"\nSeeded {len(ids)} people outside the load, each a reminder due during the run")
    workers = Workers(env, work, 2)
    results = []
    try:
        with (
            Server(env, work / "gunicorn-a.log", *options) as a,
            Server(env, work / "gunicorn-b.log", *options) as b,
        ):
            print(f"gunicorn on {HOST}:{a.port} and {HOST}:{b.port}, 2 task workers, Redis cache")
            tally, elapsed, thread = run_load(
                [a.port, b.port],
                people,
                stories,
                seconds,
                during=lambda: sender(env, results, seconds),
            )
            thread.join(timeout=60)
            # The last reminders fell due near the end: one more round, then the workers' turn.
            send_due(env, results)
            deadline = time.monotonic() + DRAIN_S
            while time.monotonic() < deadline:
                states = reminder_states(ids)
                if not any(state == "pending" for state, _ in states.values()):
                    break
                time.sleep(0.5)
            time.sleep(1)  # a claimed reminder is mailed just after its claim
            across = [
                session_across(a.port, b.port, "soak-00@example.com"),
                session_across(b.port, a.port, "soak-01@example.com"),
            ]
            servers_up = a.process.poll() is None and b.process.poll() is None
            workers_up = workers.running()
    finally:
        workers.stop()

    Report.phase("Two servers", tally, elapsed)
    states = reminder_states(ids)
    mails = mails_by_recipient(env["SOAK_MAIL_DIR"], SUBJECT)
    counted = collections.Counter(state for state, _ in states.values())
    rounds = len(results)
    queued, ran = reminder_tasks()
    failed_rounds = [err for code, err in results if code != 0]
    print(
        f"  reminders due during the run: {len(ids)}; {dict(sorted(counted.items()))}; "
        f"mails {sum(mails.values())} to {len(mails)} people; "
        f"`reminders --send` ran {rounds} times, two at once"
    )
    print(f"  sending tasks queued {queued} (the same reminder from both sides), {ran} ran")
    for err in failed_rounds[:3]:
        print(f"  reminders --send failed: {err!r}")
    print()
    bad = [kind for _, kind, _ in tally.events if kind != "ok"]
    report.check(tally.requests > 0 and not bad, f"errors: {len(bad)}")
    report.saved(tally, some=True)
    twice = [to for to, n in mails.items() if n > 1]
    unmailed = [to for to, (state, _) in states.items() if mails[to] == 0]
    report.check(
        counted.get("sent", 0) == len(ids) and not twice and not unmailed,
        f"each reminder due during the run mailed exactly once: {len(ids)} due, "
        f"{counted.get('sent', 0)} sent, {len(twice)} mailed twice, {len(unmailed)} not mailed, "
        f"{counted.get('pending', 0)} still pending",
    )
    report.check(
        rounds > 2 and not failed_rounds,
        f"`reminders --send` from both sides: {rounds} runs, {len(failed_rounds)} failed",
    )
    report.check(
        across == [200, 200],
        f"a session begun on one server answers on the other: {across}",
    )
    report.check(servers_up and workers_up, "both gunicorns and both task workers kept running")
