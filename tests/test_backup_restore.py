"""The README's backup and restore commands work on this schema, data, constraints and triggers.

PostgreSQL: `pg_dump --format=custom`, then `pg_restore` into a new empty database, which must
hold the same rows and still refuse bad data (its CHECK constraints and triggers came along).
SQLite: the online backup (`sqlite3.Connection.backup`, what `.backup` does) into a file.
"""

import datetime
import shutil
import sqlite3
import subprocess
import uuid

import pytest
from django.db import connection

from tracker.assessments import reassess_massage
from tracker.models import CheckIn, Massage, SideFunction, Symptom, User

# Real commits: pg_dump runs in another session and sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

TABLES = ["tracker_user", "tracker_massage", "tracker_checkin", "tracker_symptom"]


@pytest.fixture
def records(owner, massage, make_checkin):
    for day in range(3):
        make_checkin(
            massage,
            date=massage.date + datetime.timedelta(days=day),
            functions={"left": {"arm_side_lift": "harder"}},
        )
    reassess_massage(massage)
    return massage


def counts(cursor):
    result = {}
    for table in TABLES:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        result[table] = cursor.fetchone()[0]
    return result


def pg_url(name):
    settings = connection.settings_dict
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    user = settings["USER"] or "postgres"
    return f"postgres://{user}@{host}:{port}/{name}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL backup")
def test_pg_dump_and_pg_restore_bring_back_every_row_with_its_guards(records, tmp_path):
    import psycopg

    for program in ("pg_dump", "pg_restore"):
        assert shutil.which(program), f"{program} is needed (PostgreSQL's client programs)"
    dump = tmp_path / "massagecare.dump"
    source = pg_url(connection.settings_dict["NAME"])
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source], check=True
    )

    restored = f"mc_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={pg_url(restored)}", dump],
            check=True,
        )
        with psycopg.connect(pg_url(restored)) as copy, connection.cursor() as original:
            assert counts(copy.cursor()) == counts(original)
            level = copy.execute(
                "SELECT level FROM tracker_checkin ORDER BY date DESC, id DESC LIMIT 1"
            ).fetchone()[0]
            assert level == CheckIn.objects.order_by("-date", "-id").first().level
            # The guards came along: a check-in before its massage is refused by the trigger,
            # a pain score of 11 by the CHECK constraint.
            with pytest.raises(psycopg.errors.Error), copy.transaction():
                copy.execute(
                    "UPDATE tracker_checkin SET date = date - 400 WHERE massage_id = %s",
                    [records.pk],
                )
            with pytest.raises(psycopg.errors.CheckViolation), copy.transaction():
                copy.execute("UPDATE tracker_symptom SET nprs = 11")
    finally:
        with psycopg.connect(pg_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite backup")
def test_the_sqlite_online_backup_copies_every_row(records, tmp_path):
    target = tmp_path / "massagecare-backup.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    with sqlite3.connect(target) as copy, connection.cursor() as original:
        assert counts(copy.cursor()) == counts(original)
        assert counts(copy.cursor())["tracker_checkin"] == 3
        # The guards came along: the trigger refuses a check-in before its massage.
        with pytest.raises(sqlite3.DatabaseError):
            copy.execute("UPDATE tracker_checkin SET date = '2000-01-01'")
    assert User.objects.count() == 1
    assert Massage.objects.count() == 1
    assert Symptom.objects.count() == 3
    assert SideFunction.objects.count() == 3
