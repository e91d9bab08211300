from django.contrib import admin
from django.urls import include, path

from tracker.admin_site import admin_index
from tracker.views.health import healthz

# A database that is away answers a friendly 503; any other error the plain 500 page.
handler500 = "massagecare.errors.server_error"

urlpatterns = [
    # For a load balancer or a monitor: is the database reachable (200) or not (503).
    path("healthz", healthz, name="healthz"),
    path("", include("tracker.urls")),
    # Django's admin index with the moderation queue's counts on top; the rest is Django's admin.
    path("admin/", admin_index),
    path("admin/", admin.site.urls),
]
