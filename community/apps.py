from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


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
        # The public pages' cache follows every story and reply saved or deleted (page_cache.py).
        from . import page_cache
        from .models import ContentReport, Reply, Story

        for model in (Story, Reply):
            name = model._meta.model_name
            post_save.connect(
                page_cache.public_item_saved, sender=model, dispatch_uid=f"page_cache_{name}_saved"
            )
            post_delete.connect(
                page_cache.public_item_deleted,
                sender=model,
                dispatch_uid=f"page_cache_{name}_deleted",
            )
        post_save.connect(
            page_cache.report_saved, sender=ContentReport, dispatch_uid="page_cache_report_saved"
        )
