"""Migrations: none missing, and each one named for what it does."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tracker.db_triggers import create_triggers, drop_triggers

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = [ROOT / "tracker" / "migrations", ROOT / "community" / "migrations"]
SIGNS = (
    "shrug_weaker",
    "shoulder_lower",
    "blade_sticks_out",
    "neck_shoulder_line_flatter",
    "grip_weak",
    "whole_limb_weak",
    "limb_swollen",
)


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(
            f"A migration is missing (makemigrations exited {exit_.code}):\n{out.getvalue()}"
        )


def test_every_migration_has_a_descriptive_name():
    names = sorted(path.stem for folder in MIGRATIONS for path in folder.glob("[0-9]*.py"))

    assert names, "no migration found"
    auto_named = [name for name in names if "_auto_" in name or name.split("_", 1)[-1] == "auto"]
    assert auto_named == [], f"Name these with makemigrations --name: {auto_named}"


@pytest.fixture
def triggers_aside():
    """The triggers step aside while migrations run, as ``manage.py migrate`` has them do
    (tracker/apps.py): an older schema lacks columns they name."""
    drop_triggers(connection)
    yield
    create_triggers(connection)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("triggers_aside")
def test_signs_that_may_be_left_unanswered_keep_every_stored_answer():
    """0005 lets a yes/no movement sign be NULL ("not asked or skipped"); rows stored before
    keep their true and false as they were (spec/triage.md 10.5)."""
    before = [("tracker", "0004_add_indexes_for_large_histories_and_story_lists")]
    after = [("tracker", "0005_sidefunction_signs_keep_not_answered_apart_from_no")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("tracker", "User").objects.create(email="kept@example.com")
    massage = old.get_model("tracker", "Massage").objects.create(
        owner=user, date=datetime.date(2026, 3, 1)
    )
    checkin = old.get_model("tracker", "CheckIn").objects.create(
        massage=massage, date=datetime.date(2026, 3, 3)
    )
    old.get_model("tracker", "SideFunction").objects.create(
        checkin=checkin, side="left", arm_side_lift="cannot", blade_sticks_out=True
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    SideFunction = new.get_model("tracker", "SideFunction")
    kept = SideFunction.objects.get()
    assert kept.arm_side_lift == "cannot"
    assert kept.blade_sticks_out is True
    assert [getattr(kept, name) for name in SIGNS if name != "blade_sticks_out"] == [False] * 6
    unanswered = SideFunction.objects.create(checkin_id=checkin.pk, side="right")
    unanswered.refresh_from_db()
    assert [getattr(unanswered, name) for name in SIGNS] == [None] * 7

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
