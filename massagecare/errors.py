"""Error pages: a friendly 503 while the database is away, and a 500 that never shows a traceback.

Django turns an exception raised anywhere in a request (a view, a middleware, the session saved
on the way out) into a call of ``handler500`` from inside its ``except`` block, so the exception
is still ``sys.exc_info()`` here. A database that cannot be reached (PostgreSQL restarting, the
network to it down) raises ``OperationalError`` or ``InterfaceError``: that is not a bug of the
page but a moment of unavailability, so the answer is 503 with ``Retry-After``, and the page says
that nothing was lost but what was being sent. With ``CONN_HEALTH_CHECKS`` on, the next request
after the database returns opens a new connection: no restart of the app is needed.

Both pages are rendered without the request: context processors would read the session and the
user from the very database that is away.
"""

import logging
import sys

import redis.exceptions
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger("massagecare.errors")

RETRY_AFTER_SECONDS = 5
# A shared cache that is away (Redis restarting, with CACHE_URL set: sessions and rate limits
# live there) is the same moment of unavailability as the database.
UNAVAILABLE = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)


def database_unavailable(exc):
    return isinstance(exc, UNAVAILABLE)


class DatabaseUnavailableLogFilter(logging.Filter):
    """Logs a request that met an unreachable database in one line, without its traceback.

    While PostgreSQL restarts, every request fails the same way; a traceback each would bury the
    log. Other errors keep their traceback.
    """

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        if database_unavailable(exc):
            record.msg = f"{record.getMessage()} (database unavailable: {exc})".replace("\n", " ")
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


def server_error(request):
    """handler500: 503 when the database is unavailable, else the plain 500 page."""
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponseServerError(loader.render_to_string("500.html"))
    # An error page is never kept by a browser or a proxy: the next try must reach the server.
    response["Cache-Control"] = "no-store"
    return response
