"""The database triggers that keep a check-in from being dated before its massage.

The rule spans two tables, which a CHECK constraint cannot see. SQLite rebuilds a table for many
schema changes (a copy under a new name), which would fail on, or silently drop, triggers that
name the table; so the triggers are dropped before every ``migrate`` and created again after it
(see ``TrackerConfig.ready``): they are not part of any migration. Both refuse the write with
an integrity error.
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

# Constant SQL only: the message is this module's own text, never anything from a request.
_SQLITE_CREATE = [sql.replace("@MESSAGE@", MESSAGE) for sql in _SQLITE_CREATE]
_POSTGRES_CREATE = [sql.replace("@MESSAGE@", MESSAGE) for sql in _POSTGRES_CREATE]

_STATEMENTS = {
    "sqlite": (_SQLITE_CREATE, _SQLITE_DROP),
    "postgresql": (_POSTGRES_CREATE, _POSTGRES_DROP),
}
TABLES = {"tracker_checkin", "tracker_massage"}


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
