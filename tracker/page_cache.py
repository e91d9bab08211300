"""A person's private pages, drawn once per version of their records and served from memory.

Drawing a private page costs several times what it costs to know who is asking (the session
and the user: the "logged-in floor" of ``make bench``), and most pages are read many times
between two changes. So a page is kept whole, in this process's memory (the default cache:
nothing private leaves the process, see massagecare/settings.py), under a key made of:

- the person's id and ``records_version``, which database triggers raise on every change to
  their massages, check-ins, symptoms, movement answers and feedback (tracker/db_triggers.py),
  and which arrives with the user the request loads anyway: a hit costs no query;
- what else a page shows of the person (email, time zone, country, reminders, staff), and
  their "today" (pages say "today" and count days);
- the page's path with its query string, and ``FORMAT``.

Any change makes a new key, so a stale page is never served: the old entry is simply not asked
for again and ages out. The version is read before the page is drawn, so a change in between
can only put newer content under an older key, which nobody asks for again.

What must differ between two requests is drawn again on each hit: the CSRF token (the same
masked value fills every form of one page, as Django draws it), each one-time form id
(``{% one_time_id %}``), and anything a view marks with ``renew`` (a check-in form's signed
draft carries a one-time id). A page with flash messages to show is drawn as usual (they are
read once), as is anything that is not a plain 200 HTML page.
"""

import functools
import hashlib
import re
import uuid

from django.contrib.messages import get_messages
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

# Raise when what is cached changes shape (or markup changes in a way a running process must
# not mix; a deploy restarts the processes, which empties their memory anyway).
FORMAT = 1
TIMEOUT = 60 * 60 * 24

# Off: every page is drawn (tests of the drawings' own cache underneath, history_cache.py).
ENABLED = True

CSRF = "\x00csrf\x00"
ONE_TIME = "\x00one-time\x00"
_CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_ONE_TIME_VALUE = re.compile(r'(name="submission_id" value=")[0-9a-f-]{36}(")')
_USER_FIELDS = ("email", "time_zone", "country", "reminders", "is_staff", "is_superuser")


def renew(response, text, kind, *args):
    """Have a cached copy of ``response`` draw ``text`` anew on each hit (``kind``: "draft",
    a check-in form's signed draft: ``args`` are the draft and its salt)."""
    if not hasattr(response, "page_cache_renew"):
        response.page_cache_renew = []
    response.page_cache_renew.append((text, kind, args))


def _renewed(kind, args):
    if kind == "draft":
        draft, salt = args
        return signing.dumps(
            {**draft, "submission_id": str(uuid.uuid4())}, salt=salt, compress=True
        )
    raise ValueError(f"Nothing renews {kind!r}.")


class Page:
    """A drawn page, its per-request parts replaced by markers."""

    def __init__(self, response):
        body = response.content.decode(response.charset)
        body = _CSRF_VALUE.sub(rf"\g<1>{CSRF}\g<2>", body)
        body = _ONE_TIME_VALUE.sub(rf"\g<1>{ONE_TIME}\g<2>", body)
        self.renew = []
        for number, (text, kind, args) in enumerate(getattr(response, "page_cache_renew", [])):
            marker = f"\x00renew-{number}\x00"
            body = body.replace(text, marker)
            self.renew.append((marker, kind, args))
        self.body = body
        self.content_type = response["Content-Type"]

    def response(self, request):
        body = self.body.replace(CSRF, get_token(request))
        if ONE_TIME in body:
            parts = body.split(ONE_TIME)
            body = "".join(
                part + (str(uuid.uuid4()) if index < len(parts) - 1 else "")
                for index, part in enumerate(parts)
            )
        for marker, kind, args in self.renew:
            body = body.replace(marker, _renewed(kind, args))
        return HttpResponse(body, content_type=self.content_type)


def _key(request, *extra):
    user = request.user
    parts = [
        FORMAT,
        user.pk,
        user.records_version,
        *(getattr(user, name) for name in _USER_FIELDS),
        timezone.localdate().isoformat(),
        request.get_full_path(),
        *extra,
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"massagecare:page:{user.pk}:{user.records_version}:{digest}"


def _cacheable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and response["Content-Type"].startswith("text/html")
        and not response.cookies
    )


def kept(request, options, build):
    """What ``build()`` returns for this page with these ``options`` (a tuple of what the
    person chose, e.g. a report's name), kept like a page until their records change: a PDF
    is built once, then handed out again. Only the key holds ``options``, hashed."""
    key = _key(request, *options)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def private_page(view):
    """Serve ``view``'s GET pages from memory until the person's records change.

    Put it under ``never_cache`` and the method decorators, so that a page served from memory
    gets the same headers as a drawn one.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            not ENABLED
            or request.method != "GET"
            or not request.user.is_authenticated
            or len(get_messages(request))
        ):
            return view(request, *args, **kwargs)
        key = _key(request)
        page = cache.get(key)
        if page is not None:
            return page.response(request)
        response = view(request, *args, **kwargs)
        if _cacheable(response):
            cache.set(key, Page(response), TIMEOUT)
        return response

    return wrapper
