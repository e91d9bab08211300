from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_moderators_group(sender, using, **kwargs):
    from .permissions import ensure_moderators_group

    ensure_moderators_group(sender, using=using)


class CommunityConfig(AppConfig):
    """Stories, replies, reader reports and their moderation. Apart from the health records on
    purpose: nothing here reads a massage or a check-in, but the one module that offers a person
    their own matched patterns when they share a story (community/own_patterns.py)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = "Community stories"

    def ready(self):
        post_migrate.connect(
            _create_moderators_group, sender=self, dispatch_uid="community_moderators_group"
        )
