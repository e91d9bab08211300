"""The community's models, taken over from the tracker app as they are (tracker 0006).

State only: their tables were made by tracker 0003 and 0004 and keep their names (``db_table``),
so an existing database changes nothing here and a fresh one gets the same tables from the
tracker's migrations.
"""

import django.db.models.deletion
import django.utils.timezone
import tracker.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('tracker', '0006_move_community_models_to_community_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Story',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(max_length=10000, verbose_name='text')),
                        ('status', models.CharField(choices=[('pending', 'Waiting for a moderator'), ('approved', 'Published'), ('rejected', 'Not published'), ('changes_requested', 'Changes requested'), ('withdrawn', 'Withdrawn by you')], db_index=True, default='pending', max_length=20)),
                        ('hidden', models.BooleanField(default=False)),
                        ('moderator_note', models.TextField(blank=True, max_length=2000, verbose_name='reason or note for the author')),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('title', models.CharField(max_length=120)),
                        ('massage_type', models.CharField(blank=True, choices=[('relaxation', 'Relaxation or Swedish'), ('deep_tissue', 'Deep tissue'), ('sports', 'Sports'), ('trigger_point', 'Trigger point'), ('thai', 'Thai'), ('shiatsu', 'Shiatsu'), ('chair', 'Chair massage'), ('self_massage', 'Self-massage'), ('device', 'Massage device (percussion gun, massage chair, handheld)'), ('neck_manipulation', 'Neck manipulation (“cracking”)'), ('stretching_traction', 'Assisted stretching or traction'), ('other', 'Other')], max_length=32, verbose_name='type of massage (optional)')),
                        ('patterns', models.JSONField(blank=True, default=list, validators=[tracker.models.CodeListValidator('PATTERN_IDS', 'pattern')], verbose_name='patterns your answers matched (optional)')),
                        ('consent_anonymous', models.BooleanField(default=False, verbose_name='I agree to publish this story anonymously, after a moderator has read it')),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stories', to=settings.AUTH_USER_MODEL)),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name_plural': 'stories',
                        'db_table': 'tracker_story',
                        'ordering': ['-decided_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Reply',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('pending', 'Waiting for a moderator'), ('approved', 'Published'), ('rejected', 'Not published'), ('changes_requested', 'Changes requested'), ('withdrawn', 'Withdrawn by you')], db_index=True, default='pending', max_length=20)),
                        ('hidden', models.BooleanField(default=False)),
                        ('moderator_note', models.TextField(blank=True, max_length=2000, verbose_name='reason or note for the author')),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('body', models.TextField(max_length=4000, verbose_name='reply')),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='replies', to=settings.AUTH_USER_MODEL)),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('story', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='community.story')),
                    ],
                    options={
                        'verbose_name_plural': 'replies',
                        'db_table': 'tracker_reply',
                        'ordering': ['submitted_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ModerationDecision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('moderator_email', models.EmailField(blank=True, max_length=254)),
                        ('action', models.CharField(choices=[('approve', 'Approved'), ('reject', 'Rejected'), ('request_changes', 'Asked for changes'), ('hide', 'Hidden after reports'), ('unhide', 'Shown again'), ('scrub', 'Personal details removed')], max_length=20)),
                        ('reason', models.TextField(blank=True)),
                        ('text_before', models.TextField(blank=True)),
                        ('text_after', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('moderator', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='moderation_decisions', to=settings.AUTH_USER_MODEL)),
                        ('reply', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='community.reply')),
                        ('story', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='community.story')),
                    ],
                    options={
                        'db_table': 'tracker_moderationdecision',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ContentReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(choices=[('personal_details', 'It shows personal details'), ('unkind', 'It is unkind or abusive'), ('harmful_advice', 'It gives harmful advice'), ('spam', 'It is spam or advertising'), ('other', 'Something else')], max_length=24)),
                        ('details', models.TextField(blank=True, max_length=1000)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('reporter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports_made', to=settings.AUTH_USER_MODEL)),
                        ('reply', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='community.reply')),
                        ('story', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='community.story')),
                    ],
                    options={
                        'db_table': 'tracker_contentreport',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField()),
                        ('link', models.CharField(blank=True, max_length=200)),
                        ('read', models.BooleanField(default=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'tracker_notification',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['user', 'read'], name='notification_unread_idx')],
                    },
                ),
                migrations.AddIndex(
                    model_name='story',
                    index=models.Index(condition=models.Q(('hidden', False), ('status', 'approved')), fields=['-decided_at', '-id'], name='story_public_order_idx'),
                ),
                migrations.AddIndex(
                    model_name='story',
                    index=models.Index(fields=['status', 'submitted_at'], name='story_queue_idx'),
                ),
                migrations.AddConstraint(
                    model_name='story',
                    constraint=models.CheckConstraint(condition=models.Q(('consent_anonymous', True)), name='story_consent_required'),
                ),
                migrations.AddConstraint(
                    model_name='story',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'approved', 'rejected', 'changes_requested', 'withdrawn'])), name='story_status_valid'),
                ),
                migrations.AddIndex(
                    model_name='reply',
                    index=models.Index(fields=['story', 'status', 'hidden'], name='reply_story_idx'),
                ),
                migrations.AddIndex(
                    model_name='reply',
                    index=models.Index(fields=['status', 'submitted_at'], name='reply_queue_idx'),
                ),
                migrations.AddConstraint(
                    model_name='reply',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'approved', 'rejected', 'changes_requested', 'withdrawn'])), name='reply_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='moderationdecision',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('story__isnull', False), ('reply__isnull', True)), models.Q(('story__isnull', True), ('reply__isnull', False)), _connector='OR'), name='moderationdecision_one_item'),
                ),
                migrations.AddConstraint(
                    model_name='contentreport',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('story__isnull', False), ('reply__isnull', True)), models.Q(('story__isnull', True), ('reply__isnull', False)), _connector='OR'), name='contentreport_one_item'),
                ),
                migrations.AddConstraint(
                    model_name='contentreport',
                    constraint=models.UniqueConstraint(condition=models.Q(('story__isnull', False)), fields=('reporter', 'story'), name='contentreport_once_per_story'),
                ),
                migrations.AddConstraint(
                    model_name='contentreport',
                    constraint=models.UniqueConstraint(condition=models.Q(('reply__isnull', False)), fields=('reporter', 'reply'), name='contentreport_once_per_reply'),
                ),
            ],
            database_operations=[],
        ),
    ]
