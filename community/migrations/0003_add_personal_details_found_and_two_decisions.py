"""Stories and replies keep what the personal-details scanner found in them (filled by 0004),
and the decision log gains "published with its personal details" and "kept: reports unfounded".
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0002_content_types_follow_the_models'),
    ]

    operations = [
        migrations.AddField(
            model_name='reply',
            name='pii_findings',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name='story',
            name='pii_findings',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AlterField(
            model_name='moderationdecision',
            name='action',
            field=models.CharField(choices=[('approve', 'Approved'), ('reject', 'Rejected'), ('request_changes', 'Asked for changes'), ('hide', 'Hidden after reports'), ('unhide', 'Shown again'), ('scrub', 'Personal details removed'), ('approve_as_is', 'Published with its personal details'), ('keep', 'Kept: reports unfounded')], max_length=20),
        ),
    ]
