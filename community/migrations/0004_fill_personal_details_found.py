"""Every story and reply saved before 0003 is scanned once, so that the moderators' pages can
read what was found instead of scanning on every visit.

The scanner is pure Python (community/pii, no model), so the migration calls it as it is now.
"""

from django.db import migrations

from community import pii

BATCH = 500


def _fill(model, fields):
    changed = []
    for item in model.objects.order_by("pk").iterator(chunk_size=BATCH):
        item.pii_findings = {
            field: pii.as_rows(pii.find_personal_details(getattr(item, field))) for field in fields
        }
        changed.append(item)
        if len(changed) == BATCH:
            model.objects.bulk_update(changed, ["pii_findings"])
            changed = []
    model.objects.bulk_update(changed, ["pii_findings"])


def forwards(apps, schema_editor):
    _fill(apps.get_model("community", "Story"), ("title", "body"))
    _fill(apps.get_model("community", "Reply"), ("body",))


class Migration(migrations.Migration):

    dependencies = [
        ("community", "0003_add_personal_details_found_and_two_decisions"),
    ]

    # Backwards, 0003 drops the column: nothing to undo here.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
