"""The bench's own PostgreSQL database, and what the pages are about, read from it.

The database is created, migrated and seeded by ``bench.seed`` once, then kept for the next
run and reused while its stamp matches: the same day (the seeder dates everything from today)
and the same seeder, models, migrations and triage engine. Django's ORM is set up by then
(bench/run.py), so the seeder runs in this process.
"""

import datetime
import hashlib
import time

import psycopg

from bench.harness import ROOT, manage, recreate_database

# What the seeded data depends on: a change to any of these seeds the database again.
STAMPED_FILES = [
    "bench/seed.py",
    "bench/people.py",
    "bench/histories.py",
    "bench/stories.py",
    "tracker/models/*.py",
    "tracker/migrations/*.py",
    "community/models.py",
    "community/migrations/*.py",
    "tracker/case_export.py",
    "tracker/checkin_draft.py",
    "tracker/triage/**/*.py",
]


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


def prepare_database(config, env, database_url, *, reseed, reuse, log):
    """The seeded database, made again unless its stamp matches (``reuse``: even when it does
    not; ``reseed``: made again whatever its stamp)."""
    wanted, stored = stamp(), stored_stamp(config)
    if not reseed and stored is not None and (stored == wanted or reuse):
        why = "stamp matches" if stored == wanted else "BENCH_REUSE, although its stamp differs"
        log(f"Database {config['NAME']}: reusing the seeded data ({why}).")
        return
    name = config["NAME"]
    log(f"Database {name}: fresh, migrate, seed (about a minute).")
    recreate_database(database_url)
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
    from bench.people import LONG_EMAIL

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
