"""The "Moderators" group: staff who keep shared stories safe, with only the rights they need.

They may read and change stories and replies (to approve, reject, ask for changes, hide, or
remove personal details) and read reports and the decision log. They get no right on massages,
check-ins, symptoms, feedback, messages or people: moderators never see private health data.

The group is made after every ``migrate`` (and every test-database flush, which empties the
tables but sends the same signal), like Django's own permissions, so it is always there.
"""

MODERATORS = "Moderators"
MODERATOR_PERMISSIONS = (
    "view_story",
    "change_story",
    "view_reply",
    "change_reply",
    "view_contentreport",
    "view_moderationdecision",
)


def ensure_moderators_group(app_config, using="default"):
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # Django makes an app's permissions in its own post_migrate handler, which may run after
    # this one: make sure they exist first (it is idempotent).
    create_permissions(app_config, verbosity=0, using=using)
    group, _ = Group.objects.using(using).get_or_create(name=MODERATORS)
    group.permissions.set(
        Permission.objects.using(using).filter(
            content_type__app_label=app_config.label, codename__in=MODERATOR_PERMISSIONS
        )
    )
    return group
