"""Stories, replies, reports, decisions and notifications now belong to the community app.

State only: the tables keep their names (tracker_story and the others; the models set
``db_table``) and their rows. community 0001 takes the same models over in its state, and
community 0002 moves their content types (and so their permissions and admin log entries).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0005_sidefunction_signs_keep_not_answered_apart_from_no'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The models that point at others go first.
            state_operations=[
                migrations.DeleteModel(name='ContentReport'),
                migrations.DeleteModel(name='ModerationDecision'),
                migrations.DeleteModel(name='Notification'),
                migrations.DeleteModel(name='Reply'),
                migrations.DeleteModel(name='Story'),
            ],
            database_operations=[],
        ),
    ]
