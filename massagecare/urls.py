from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from community.admin.index import admin_index, view_on_site
from tracker.views.health import healthz
from tracker.views.public import favicon

# A database that is away answers a friendly 503; any other error the plain 500 page.
handler500 = "massagecare.errors.server_error"

urlpatterns = [
    # For a load balancer or a monitor: is the database reachable (200) or not (503).
    path("healthz", healthz, name="healthz"),
    # Browsers ask for it whatever the page links (issue 12): not a 404 in every server log.
    path("favicon.ico", favicon, name="favicon"),
    path("", include("tracker.urls")),
    path("community/", include("community.urls")),
    # Django's admin index with the moderation queue's counts on top; the rest is Django's admin.
    path("admin/", admin_index),
    # Django's "view on site" shortcut, asked first: it leads only to what the person may see
    # in the admin (Django's own answered any member of staff about massages and check-ins).
    path("admin/r/<int:content_type_id>/<path:object_id>/", view_on_site),
    # The moderation pages were under /admin/tracker/ until the community got its own app:
    # a moderator's bookmark still finds them.
    re_path(
        r"^admin/tracker/(?P<page>(?:story|reply|contentreport|moderationdecision)/.*)$",
        login_not_required(
            RedirectView.as_view(url="/admin/community/%(page)s", permanent=True, query_string=True)
        ),
    ),
    path("admin/", admin.site.urls),
]
