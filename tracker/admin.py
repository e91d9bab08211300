"""The back office's people: accounts, found by email. Their health records have no admin page:
nobody in the back office reads a massage or a check-in. The community's pages (stories,
replies, reports, the decision log) are in community/admin/."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .forms.accounts import UserAdminChangeForm, UserAdminCreationForm
from .models import User

admin.site.site_header = "MassageCare back office"
admin.site.site_title = "MassageCare back office"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """People log in by email: no user name, first or last name. Their records are not shown."""

    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Preferences", {"fields": ("time_zone", "country")}),
        (
            "Permissions",
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "time_zone", "is_active", "is_staff", "date_joined", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("email",)
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
