"""The database triggers: a check-in never dated before its massage, and each person's
``records_version`` raised by every change to their health records.

The rule spans two tables, which a CHECK constraint cannot see. SQLite rebuilds a table for many
schema changes (a copy under a new name), which would fail on, or silently drop, triggers that
name the table; so the triggers are dropped before every ``migrate`` and created again after it
(see ``TrackerConfig.ready``): they are not part of any migration. The date triggers refuse the
write with an integrity error.

``tracker_user.records_version`` is the version of everything a person's private pages show of
their records (tracker/page_cache.py keys whole pages by it). Any insert, update or delete of
their massages, check-ins, symptoms, movement answers or "doesn't fit me" feedback raises it, in
the same transaction, however the write was made (a form, a bulk write of results, the admin, a
cascade, a restore), so no code path can forget it. PostgreSQL raises it once per statement
(transition tables: a bulk write of a thousand results is one raise); SQLite, which has only
row triggers, once per row. It never goes down: a ``user.save()`` of an instance loaded before a
raise writes the old number back, and the last trigger keeps the higher one.
"""

MESSAGE = "checkin_not_before_massage: a check-in may not be dated before its massage"

_SQLITE_CREATE = [
    *(
        """
        CREATE TRIGGER checkin_not_before_massage_@EVENT_NAME@
        BEFORE @EVENT@ ON tracker_checkin
        FOR EACH ROW
        WHEN NEW.date < (SELECT date FROM tracker_massage WHERE id = NEW.massage_id)
        BEGIN
            SELECT RAISE(ABORT, '@MESSAGE@');
        END;
        """.replace("@EVENT_NAME@", event.lower()).replace("@EVENT@", event)
        for event in ("INSERT", "UPDATE")
    ),
    """
    CREATE TRIGGER massage_date_not_after_checkins
    BEFORE UPDATE OF date ON tracker_massage
    FOR EACH ROW
    WHEN EXISTS (SELECT 1 FROM tracker_checkin WHERE massage_id = NEW.id AND date < NEW.date)
    BEGIN
        SELECT RAISE(ABORT, '@MESSAGE@');
    END;
    """,
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS checkin_not_before_massage_insert;",
    "DROP TRIGGER IF EXISTS checkin_not_before_massage_update;",
    "DROP TRIGGER IF EXISTS massage_date_not_after_checkins;",
]

_POSTGRES_CREATE = [
    """
    CREATE OR REPLACE FUNCTION tracker_checkin_not_before_massage() RETURNS trigger AS $$
    BEGIN
        IF NEW.date < (SELECT date FROM tracker_massage WHERE id = NEW.massage_id) THEN
            RAISE EXCEPTION '@MESSAGE@' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER checkin_not_before_massage
    BEFORE INSERT OR UPDATE OF date, massage_id ON tracker_checkin
    FOR EACH ROW EXECUTE FUNCTION tracker_checkin_not_before_massage();
    """,
    """
    CREATE OR REPLACE FUNCTION tracker_massage_date_not_after_checkins() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM tracker_checkin
                   WHERE massage_id = NEW.id AND date < NEW.date) THEN
            RAISE EXCEPTION '@MESSAGE@' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER massage_date_not_after_checkins
    BEFORE UPDATE OF date ON tracker_massage
    FOR EACH ROW EXECUTE FUNCTION tracker_massage_date_not_after_checkins();
    """,
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS checkin_not_before_massage ON tracker_checkin;",
    "DROP TRIGGER IF EXISTS massage_date_not_after_checkins ON tracker_massage;",
]

# records_version ---------------------------------------------------------------------------

# Each table whose rows a person's pages show, and how a row of it finds its owner.
_OWNER_BY = {
    "tracker_massage": "owner",
    "tracker_checkin": "massage",
    "tracker_symptom": "checkin",
    "tracker_sidefunction": "checkin",
    "tracker_patternfeedback": "checkin",
}
_EVENTS = ("INSERT", "UPDATE", "DELETE")


# The SQL below is put together from this module's own table and column names only (ruff's
# S608 cannot tell): nothing in it ever comes from a request.
def _sqlite_owner(by, row):
    if by == "owner":
        return f"{row}.owner_id"
    if by == "massage":
        return f"(SELECT owner_id FROM tracker_massage WHERE id = {row}.massage_id)"  # noqa: S608
    return (
        "(SELECT m.owner_id FROM tracker_massage m JOIN tracker_checkin c ON c.massage_id = m.id "  # noqa: S608
        f"WHERE c.id = {row}.checkin_id)"
    )


_SQLITE_CREATE += [
    f"""
    CREATE TRIGGER records_version_{table}_{event.lower()}
    AFTER {event} ON {table}
    FOR EACH ROW
    BEGIN
        UPDATE tracker_user SET records_version = records_version + 1
        WHERE id = {_sqlite_owner(by, "OLD" if event == "DELETE" else "NEW")};
    END;
    """  # noqa: S608
    for table, by in _OWNER_BY.items()
    for event in _EVENTS
]
_SQLITE_CREATE.append(
    """
    CREATE TRIGGER records_version_never_down
    AFTER UPDATE OF records_version ON tracker_user
    FOR EACH ROW
    WHEN NEW.records_version < OLD.records_version
    BEGIN
        UPDATE tracker_user SET records_version = OLD.records_version WHERE id = NEW.id;
    END;
    """
)
_SQLITE_DROP += [
    f"DROP TRIGGER IF EXISTS records_version_{table}_{event.lower()};"
    for table in _OWNER_BY
    for event in _EVENTS
]
_SQLITE_DROP.append("DROP TRIGGER IF EXISTS records_version_never_down;")

# One function per way of finding the owner; each reads the statement's rows as "changed".
_POSTGRES_OWNERS = {
    "owner": "SELECT owner_id FROM changed",
    "massage": "SELECT m.owner_id FROM tracker_massage m JOIN changed r ON r.massage_id = m.id",
    "checkin": (
        "SELECT m.owner_id FROM tracker_massage m JOIN tracker_checkin c ON c.massage_id = m.id "
        "JOIN changed r ON r.checkin_id = c.id"
    ),
}
_POSTGRES_CREATE += [
    f"""
    CREATE OR REPLACE FUNCTION tracker_records_changed_by_{by}() RETURNS trigger AS $$
    BEGIN
        UPDATE tracker_user SET records_version = records_version + 1
        WHERE id IN ({owners});
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql;
    """  # noqa: S608
    for by, owners in _POSTGRES_OWNERS.items()
]
_POSTGRES_CREATE += [
    f"""
    CREATE TRIGGER records_version_{event.lower()}
    AFTER {event} ON {table}
    REFERENCING {"OLD" if event == "DELETE" else "NEW"} TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION tracker_records_changed_by_{by}();
    """
    for table, by in _OWNER_BY.items()
    for event in _EVENTS
]
_POSTGRES_CREATE += [
    """
    CREATE OR REPLACE FUNCTION tracker_records_version_never_down() RETURNS trigger AS $$
    BEGIN
        NEW.records_version := GREATEST(NEW.records_version, OLD.records_version);
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER records_version_never_down
    BEFORE UPDATE OF records_version ON tracker_user
    FOR EACH ROW EXECUTE FUNCTION tracker_records_version_never_down();
    """,
]
_POSTGRES_DROP += [
    f"DROP TRIGGER IF EXISTS records_version_{event.lower()} ON {table};"
    for table in _OWNER_BY
    for event in _EVENTS
]
_POSTGRES_DROP.append("DROP TRIGGER IF EXISTS records_version_never_down ON tracker_user;")

# Constant SQL only: the message is this module's own text, never anything from a request.
_SQLITE_CREATE = [sql.replace("@MESSAGE@", MESSAGE) for sql in _SQLITE_CREATE]
_POSTGRES_CREATE = [sql.replace("@MESSAGE@", MESSAGE) for sql in _POSTGRES_CREATE]

_STATEMENTS = {
    "sqlite": (_SQLITE_CREATE, _SQLITE_DROP),
    "postgresql": (_POSTGRES_CREATE, _POSTGRES_DROP),
}
TABLES = {"tracker_user", *_OWNER_BY}


def _tables_exist(connection):
    return set(connection.introspection.table_names()) >= TABLES


def drop_triggers(connection):
    if connection.vendor not in _STATEMENTS or not _tables_exist(connection):
        return
    with connection.cursor() as cursor:
        for statement in _STATEMENTS[connection.vendor][1]:
            cursor.execute(statement)


def create_triggers(connection):
    if connection.vendor not in _STATEMENTS:
        raise NotImplementedError(f"No check-in date trigger for {connection.vendor}.")
    if not _tables_exist(connection):
        return
    drop_triggers(connection)
    with connection.cursor() as cursor:
        for statement in _STATEMENTS[connection.vendor][0]:
            cursor.execute(statement)
