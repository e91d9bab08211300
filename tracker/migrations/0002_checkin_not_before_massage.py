"""A check-in is never dated before its massage: enforced by the database itself.

The rule spans two tables, which a CHECK constraint cannot see, so it is a pair of triggers:
one refuses a check-in dated before its massage, the other refuses moving a massage's date
after one of its check-ins. Both raise an integrity error, on SQLite and on PostgreSQL.
"""

from django.db import migrations

MESSAGE = "checkin_not_before_massage: a check-in may not be dated before its massage"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER checkin_not_before_massage_{event.lower()}
    BEFORE {event} ON tracker_checkin
    FOR EACH ROW
    WHEN NEW.date < (SELECT date FROM tracker_massage WHERE id = NEW.massage_id)
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END;
    """
    for event in ("INSERT", "UPDATE")
] + [
    f"""
    CREATE TRIGGER massage_date_not_after_checkins
    BEFORE UPDATE OF date ON tracker_massage
    FOR EACH ROW
    WHEN EXISTS (SELECT 1 FROM tracker_checkin WHERE massage_id = NEW.id AND date < NEW.date)
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END;
    """
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS checkin_not_before_massage_insert;",
    "DROP TRIGGER IF EXISTS checkin_not_before_massage_update;",
    "DROP TRIGGER IF EXISTS massage_date_not_after_checkins;",
]

POSTGRES_FORWARD = [
    f"""
    CREATE FUNCTION tracker_checkin_not_before_massage() RETURNS trigger AS $$
    BEGIN
        IF NEW.date < (SELECT date FROM tracker_massage WHERE id = NEW.massage_id) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
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
    f"""
    CREATE FUNCTION tracker_massage_date_not_after_checkins() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM tracker_checkin
                   WHERE massage_id = NEW.id AND date < NEW.date) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
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
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS checkin_not_before_massage ON tracker_checkin;",
    "DROP FUNCTION IF EXISTS tracker_checkin_not_before_massage();",
    "DROP TRIGGER IF EXISTS massage_date_not_after_checkins ON tracker_massage;",
    "DROP FUNCTION IF EXISTS tracker_massage_date_not_after_checkins();",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


def _run(direction):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in STATEMENTS:
            raise NotImplementedError(f"No check-in date trigger for {vendor}.")
        for statement in STATEMENTS[vendor][direction]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("tracker", "0001_initial")]

    operations = [migrations.RunPython(_run(0), _run(1), elidable=False)]
