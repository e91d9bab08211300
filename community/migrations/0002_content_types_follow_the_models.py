"""The content types of the moved models follow them from "tracker" to "community".

A content type row is what permissions (the Moderators group's among them) and admin log
entries point at. Renamed in place, every one of them keeps pointing at the same model; left
behind, Django would make new rows for "community" and the old ones, with the group's rights,
would go stale. A fresh database has no such rows yet: Django makes them after migrating.
"""

from django.db import migrations

MODELS = ("story", "reply", "contentreport", "moderationdecision", "notification")


def _relabel(apps, schema_editor, old, new):
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    for model in MODELS:
        if content_types.filter(app_label=new, model=model).exists():
            continue  # already there: never two rows for one model
        content_types.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, "tracker", "community")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, "community", "tracker")


class Migration(migrations.Migration):

    dependencies = [
        ("community", "0001_models_moved_from_tracker"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
