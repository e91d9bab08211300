from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate


def _drop_triggers(sender, using, **kwargs):
    from .db_triggers import drop_triggers

    drop_triggers(connections[using])


def _create_triggers(sender, using, **kwargs):
    from .db_triggers import create_triggers

    create_triggers(connections[using])


class TrackerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracker"
    verbose_name = "MassageCare"

    def ready(self):
        # The check-in date triggers step aside while migrations rebuild tables
        # (see tracker.db_triggers).
        pre_migrate.connect(_drop_triggers, sender=self, dispatch_uid="tracker_drop_triggers")
        post_migrate.connect(_create_triggers, sender=self, dispatch_uid="tracker_create_triggers")
