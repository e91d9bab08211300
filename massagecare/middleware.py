import zoneinfo

from django.conf import settings
from django.utils import timezone


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: the Content Security Policy and Permissions-Policy."""

    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response


class UserTimeZoneMiddleware:
    """Shows times and "today" in the person's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Keeps private pages out of every cache: browsers', proxies' and the back button's.

    A response is private when it varies on the session cookie or sets it (the session was read
    or changed: every page that looks at who is logged in), or when the person is logged in.
    A view that chose its own Cache-Control keeps it. Static files never get here: WhiteNoise,
    earlier in the chain, answers them with their long cache header.
    """

    HEADER = "private, no-store"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response and self._is_private(request, response):
            response["Cache-Control"] = self.HEADER
        return response

    @staticmethod
    def _is_private(request, response):
        if settings.SESSION_COOKIE_NAME in response.cookies:
            return True
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
        if "cookie" in vary:
            return True
        # Only a user already looked up: looking one up here could query a database that is down.
        user = getattr(request, "_cached_user", None)
        return user is not None and user.is_authenticated
