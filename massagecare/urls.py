from django.contrib import admin
from django.urls import include, path

from tracker.admin_site import admin_index

urlpatterns = [
    path("", include("tracker.urls")),
    # Django's admin index with the moderation queue's counts on top; the rest is Django's admin.
    path("admin/", admin_index),
    path("admin/", admin.site.urls),
]
