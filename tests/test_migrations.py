"""Migrations: none missing, and each one named for what it does."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

MIGRATIONS = Path(__file__).resolve().parent.parent / "tracker" / "migrations"


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
    names = sorted(path.stem for path in MIGRATIONS.glob("[0-9]*.py"))

    assert names, "no migration found"
    auto_named = [name for name in names if "_auto_" in name or name.split("_", 1)[-1] == "auto"]
    assert auto_named == [], f"Name these with makemigrations --name: {auto_named}"
