"""Moving the community's models out of the tracker app renamed and copied nothing.

A database made by the previous layout (tracker 0005, stories in the tracker app), with a row in
every moved table, is migrated to the head: every row is still there, the Moderators group keeps
its rights, the admin log still points at the story, and the schema is the one a fresh database
migrated to the head gets. Runs on SQLite and on PostgreSQL (DATABASE_URL).
"""

import contextlib
import copy

import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from tracker.db_triggers import create_triggers, drop_triggers

OLD_LAYOUT = [("tracker", "0005_sidefunction_signs_keep_not_answered_apart_from_no")]
MOVED_TABLES = {
    "tracker_story",
    "tracker_reply",
    "tracker_contentreport",
    "tracker_moderationdecision",
    "tracker_notification",
}
MOVED_MODELS = ("story", "reply", "contentreport", "moderationdecision", "notification")
FRESH = "fresh"


def migrate(conn, targets=None):
    """Migrate ``conn`` to ``targets`` (every app's latest migration by default) and return the
    models as the migrations applied then describe them."""
    executor = MigrationExecutor(conn)
    # The tracker's triggers step aside while the schema changes and come back on the latest
    # one, as ``manage.py migrate`` has them do (tracker/apps.py): older schemas lack columns
    # they name.
    drop_triggers(conn)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    if targets is None:
        create_triggers(conn)
    executor.loader.build_graph()  # reads again which migrations are applied
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def schema(conn):
    """Every table with its columns and constraints, as the database describes them."""
    found = {}
    with conn.cursor() as cursor:
        tables = [t.name for t in conn.introspection.get_table_list(cursor) if t.type == "t"]
        for table in sorted(tables):
            columns = conn.introspection.get_table_description(cursor, table)
            found[table] = {
                "columns": sorted(
                    (c.name, str(c.type_code), c.internal_size, c.null_ok) for c in columns
                ),
                "constraints": sorted(
                    (
                        name,
                        tuple(info["columns"]),
                        info["primary_key"],
                        info["unique"],
                        info["foreign_key"],
                        info["check"],
                        info["index"],
                    )
                    for name, info in conn.introspection.get_constraints(cursor, table).items()
                ),
            }
    return found


@contextlib.contextmanager
def fresh_database():
    """A second, empty database beside the test one: in memory on SQLite, a new database on the
    same PostgreSQL server, dropped afterwards."""
    settings = copy.deepcopy(connection.settings_dict)
    created = None
    if connection.vendor == "sqlite":
        settings["NAME"] = ":memory:"
    else:
        created = f"{settings['NAME']}_fresh"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{created}"')
            cursor.execute(f'CREATE DATABASE "{created}"')
        settings["NAME"] = created
    fresh = type(connections["default"])(settings, alias=FRESH)
    # Registered, so that a data migration's ``using(alias)`` finds it.
    connections[FRESH] = fresh
    try:
        yield fresh
    finally:
        fresh.close()
        del connections[FRESH]
        if created:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{created}"')


def fill_the_old_layout(old):
    """A row in every moved table, a content type, permission and admin log entry pointing at
    the old story model, and the Moderators group with its rights, as the old layout had them."""
    User = old.get_model("tracker", "User")
    author = User.objects.create(email="author@example.com")
    moderator = User.objects.create(email="moderator@example.com", is_staff=True)
    now = timezone.now()
    story = old.get_model("tracker", "Story").objects.create(
        author=author,
        title="Weak shoulder after a deep tissue massage",
        body="It took weeks.",
        patterns=["PAT-SAN"],
        consent_anonymous=True,
        status="approved",
        decided_by=moderator,
        decided_at=now,
    )
    reply = old.get_model("tracker", "Reply").objects.create(
        story=story, author=moderator, body="The same happened to me.", status="pending"
    )
    old.get_model("tracker", "ContentReport").objects.create(
        reporter=moderator, reply=reply, reason="unkind", details="Rude."
    )
    old.get_model("tracker", "ModerationDecision").objects.create(
        moderator=moderator,
        moderator_email=moderator.email,
        story=story,
        action="approve",
        text_before="It took weeks.",
        text_after="It took weeks.",
    )
    old.get_model("tracker", "Notification").objects.create(
        user=author, text="Your story was approved.", link="/community/mine/"
    )
    ContentType = old.get_model("contenttypes", "ContentType")
    story_type, _ = ContentType.objects.get_or_create(app_label="tracker", model="story")
    Permission = old.get_model("auth", "Permission")
    view_story, _ = Permission.objects.get_or_create(
        content_type=story_type, codename="view_story", defaults={"name": "Can view story"}
    )
    group, _ = old.get_model("auth", "Group").objects.get_or_create(name="Moderators")
    group.permissions.add(view_story)
    old.get_model("admin", "LogEntry").objects.create(
        action_time=now,
        user=moderator,
        content_type=story_type,
        object_id=str(story.pk),
        object_repr=story.title,
        action_flag=2,
    )
    return {"story": story.pk, "reply": reply.pk, "story_type": story_type.pk}


@pytest.mark.django_db(transaction=True)
def test_an_existing_database_keeps_every_row_and_ends_like_a_fresh_one():
    old = migrate(connection, OLD_LAYOUT)
    assert set(connection.introspection.table_names()) >= MOVED_TABLES
    assert "community" not in {model._meta.app_label for model in old.get_models()}
    ids = fill_the_old_layout(old)

    new = migrate(connection)

    Story = new.get_model("community", "Story")
    story = Story.objects.get()
    assert (story.pk, story.title, story.status, story.patterns) == (
        ids["story"],
        "Weak shoulder after a deep tissue massage",
        "approved",
        ["PAT-SAN"],
    )
    assert story.author.email == "author@example.com"
    assert story.decided_by.email == "moderator@example.com"
    reply = new.get_model("community", "Reply").objects.get()
    assert (reply.pk, reply.story_id, reply.body) == (
        ids["reply"],
        story.pk,
        "The same happened to me.",
    )
    report = new.get_model("community", "ContentReport").objects.get()
    assert (report.reply_id, report.story_id, report.reason, report.details) == (
        reply.pk,
        None,
        "unkind",
        "Rude.",
    )
    decision = new.get_model("community", "ModerationDecision").objects.get()
    assert (decision.story_id, decision.action, decision.moderator_email) == (
        story.pk,
        "approve",
        "moderator@example.com",
    )
    notification = new.get_model("community", "Notification").objects.get()
    assert (notification.user.email, notification.text) == (
        "author@example.com",
        "Your story was approved.",
    )
    # The story's content type moved with it: the same row, so the group's right to view
    # stories and the admin log entry still point at stories.
    ContentType = new.get_model("contenttypes", "ContentType")
    story_type = ContentType.objects.get(pk=ids["story_type"])
    assert (story_type.app_label, story_type.model) == ("community", "story")
    assert not ContentType.objects.filter(app_label="tracker", model__in=MOVED_MODELS).exists()
    group = new.get_model("auth", "Group").objects.get(name="Moderators")
    assert group.permissions.filter(codename="view_story", content_type=story_type).exists()
    entry = new.get_model("admin", "LogEntry").objects.get(object_id=str(story.pk))
    assert entry.content_type_id == story_type.pk

    with fresh_database() as fresh:
        migrate(fresh)
        fresh_schema = schema(fresh)
    assert set(fresh_schema) >= MOVED_TABLES
    assert schema(connection) == fresh_schema


@pytest.mark.django_db(transaction=True)
def test_going_back_to_the_old_layout_gives_the_tracker_its_models_again():
    migrate(connection)

    old = migrate(connection, OLD_LAYOUT)
    ContentType = old.get_model("contenttypes", "ContentType")
    assert ContentType.objects.filter(app_label="tracker", model="story").exists()
    assert not ContentType.objects.filter(app_label="community").exists()
    user = old.get_model("tracker", "User").objects.create(email="back@example.com")
    old.get_model("tracker", "Story").objects.create(
        author=user, title="Back", body="Again.", consent_anonymous=True
    )

    new = migrate(connection)
    assert new.get_model("community", "Story").objects.get().title == "Back"


def test_the_migrations_say_what_they_move():
    graph = MigrationLoader(None).graph
    moved_out = graph.nodes[("tracker", "0006_move_community_models_to_community_app")]
    taken_over = graph.nodes[("community", "0001_models_moved_from_tracker")]

    # State only: neither touches a table.
    for migration in (moved_out, taken_over):
        (operation,) = migration.operations
        assert operation.database_operations == []
    assert ("tracker", "0006_move_community_models_to_community_app") in taken_over.dependencies


def test_the_moved_models_keep_their_tables():
    from django.apps import apps

    tables = {model._meta.db_table for model in apps.get_app_config("community").get_models()}

    assert tables == MOVED_TABLES
