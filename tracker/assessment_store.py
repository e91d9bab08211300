"""Keeping the triage engine's results of many check-ins at once (issue 15).

Editing a massage re-assesses every check-in of its history: three years of daily check-ins
are some 1,100 results of about 2 kB each. ``bulk_update`` writes them as one ``CASE WHEN
id = ...`` per field, which PostgreSQL works through row by row for every row of a batch
(quadratic: some 500 ms for 1,100 rows), and ``in_bulk`` reads whole rows to compare with.
Here each chunk of check-ins costs two statements whatever its size: one read of the stored
result and ``updated_at``, then one ``UPDATE ... FROM`` of those whose result changed, their
values bound as parameters, never written into the SQL: on PostgreSQL the chunk as one jsonb
document (``jsonb_to_recordset``), on SQLite a VALUES list. Either stores what ``bulk_update``
would (tests/test_assessment_store.py reads both back, on both databases).
"""

import json
import sqlite3

from django.db import connection, transaction
from django.utils import timezone

from .models import CheckIn

# The engine's result as a check-in keeps it (tracker/assessments.py ``STORED_FIELDS``).
FIELDS = ("level", "rule_ids", "engine_version", "assessment")
# Rows a statement reads or writes: SQLite's VALUES list takes 5 parameters a row, 2,501 in all,
# far below its limit (32,766 from SQLite 3.32; UPDATE ... FROM needs 3.33).
CHUNK = 500


def store_results(results, *, now=None):
    """Store each check-in's result and return the check-ins, in the order of ``results``.

    ``results`` maps a check-in's id to its values of ``FIELDS``. A result equal to the stored
    one is not written; one that changed is written with ``updated_at`` set to ``now`` (the
    version cached pages are keyed by: tracker/history_cache.py), by default the present. The
    check-ins returned hold their id, massage, ``FIELDS`` and ``updated_at``, with the new
    values (other fields are deferred: read when asked for). One deleted meanwhile is left out.
    """
    now = now or timezone.now()
    items = list(results.items())
    checkins = []
    with transaction.atomic(savepoint=False):
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            stored = _stored([pk for pk, _ in chunk])
            changed = []
            for pk, values in chunk:
                checkin = stored.get(pk)
                if checkin is None:
                    continue
                if any(getattr(checkin, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(checkin, name, value)
                    checkin.updated_at = now
                    changed.append(checkin)
                checkins.append(checkin)
            _write(changed, now)
    return checkins


def _stored(ids):
    """The check-ins of ``ids`` by id, with only what ``store_results`` compares and returns."""
    rows = CheckIn.objects.filter(pk__in=ids).order_by().only("massage", *FIELDS, "updated_at")
    return {checkin.pk: checkin for checkin in rows}


def _write(checkins, now):
    """One UPDATE for ``checkins`` (at most a chunk): ``FIELDS`` from each, ``updated_at=now``."""
    if not checkins:
        return
    if connection.vendor == "postgresql":
        sql, params = _postgresql_update(checkins, now)
    elif connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 33):
        sql, params = _sqlite_update(checkins, now)
    else:
        # Another database, or an SQLite before UPDATE ... FROM (Django 5.2 runs on 3.31):
        # Django's own way, slower but the same result.
        CheckIn.objects.bulk_update(checkins, [*FIELDS, "updated_at"])
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _names():
    """The quoted table, primary key, ``FIELDS`` and ``updated_at`` columns, and the fields."""
    meta, quote = CheckIn._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in FIELDS]
    columns = [quote(field.column) for field in fields]
    updated_at = quote(meta.get_field("updated_at").column)
    return quote(meta.db_table), quote(meta.pk.column), columns, updated_at, fields


def _postgresql_update(checkins, now):
    """The chunk as one jsonb parameter, its rows read by ``jsonb_to_recordset``: a constant
    statement, where a VALUES list would hold five parameters a row for PostgreSQL to parse.

    A JSON field's value is its JSON as nested in the document (``json.dumps``, as Django
    writes it: the fields have no encoder of their own), parsed into the same jsonb; None is
    SQL NULL, as ``bulk_update`` stores it.
    """
    table, pk, columns, updated_at, fields = _names()
    rows = [{"id": c.pk, **{f.column: getattr(c, f.attname) for f in fields}} for c in checkins]
    record = ", ".join(
        f"{column} {field.db_type(connection)}"
        for column, field in zip(columns, fields, strict=True)
    )
    assignments = ", ".join(f"{column} = v.{column}" for column in columns)
    sql = (
        f"UPDATE {table} AS c SET {assignments}, {updated_at} = %s "  # noqa: S608
        f"FROM jsonb_to_recordset(%s::jsonb) AS v (id bigint, {record}) WHERE c.{pk} = v.id"
    )
    now = CheckIn._meta.get_field("updated_at").get_db_prep_save(now, connection)
    return sql, [now, json.dumps(rows)]


def _sqlite_update(checkins, now):
    """``UPDATE ... FROM`` a VALUES list (SQLite 3.33 and later), named by a CTE: each value
    prepared by its model field, as ``bulk_update`` prepares it (JSON as ``json.dumps`` text)."""
    table, pk, columns, updated_at, fields = _names()
    params = []
    for checkin in checkins:
        params.append(checkin.pk)
        params.extend(
            field.get_db_prep_save(getattr(checkin, field.attname), connection) for field in fields
        )
    params.append(CheckIn._meta.get_field("updated_at").get_db_prep_save(now, connection))
    row = "({})".format(", ".join(["%s"] * (len(fields) + 1)))
    assignments = ", ".join(f"{column} = v.{column}" for column in columns)
    sql = (
        f"WITH v (id, {', '.join(columns)}) AS (VALUES {', '.join([row] * len(checkins))}) "  # noqa: S608
        f"UPDATE {table} AS c SET {assignments}, {updated_at} = %s FROM v WHERE c.{pk} = v.id"
    )
    return sql, params
