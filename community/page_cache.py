"""The community's public pages from the shared cache (issue 15): as cheap as the landing page.

Everything here is public: approved stories and replies as readers see them, without their
authors (SharedStory keeps the authors' ids, never shown, to tell an author their own items).
It is kept in the shared cache (``caches["shared"]``: Redis when CACHE_URL is set, else this
process's memory) under one **community version**, a counter raised whenever anything public
may have changed:

- a Story or Reply saved or deleted (the receivers below, connected in apps.py; they also see
  the cascades of an account deletion), but for a new row that is not public, which no public
  page shows;
- every UPDATE that skips save(): the moderators' decisions and a withdrawal (services.py; the
  admin's actions all go through services.decide).

An entry holds the version it was drawn at, read *before* its queries; it is served only while
that is still the version. A bump is made at once, so that the rest of the same transaction
reads what it wrote, and again after the commit: a reader that drew the old rows in between
cached them under the first bump, which the second one drops.

Every entry also expires after ``TIMEOUT``: without CACHE_URL each process keeps its own
version, so another process sees a change only when its entries expire (at most ``TIMEOUT``
seconds late); with Redis a bump is seen at once everywhere. The timeout also bounds what
writes no receiver sees (``bulk_create``, raw SQL, a migration) may leave behind.

Two levels:

- an anonymous visitor's whole page (``anonymous_page``): a hit runs no query and renders
  nothing;
- fragments the same for every reader (``fragment``): the list of stories, a story with its
  approved replies, around which a logged-in reader's own parts (their menu, their reports, the
  forms with their CSRF token) are drawn per request.

Both are keyed by the time zone (dates are shown in the reader's) and by ``FORMAT``, raised
whenever the markup of a cached page or fragment changes. Only what is public is kept, so a
logged-in reader's whole page never is: base.html's menu may one day show something of theirs.

Beside them, whether a reader ever reported anything (``has_reported``): most never do, and
their story pages then need no query for their reports.
"""

import functools
import random
import re
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from tracker.triage import vocabulary as v

FORMAT = 1  # raise it when a cached template or SharedStory/SharedReply changes
TIMEOUT = 30  # seconds: how late another process may be without CACHE_URL (see above)
VERSION_KEY = "community:version"
PREFIX = f"community:{FORMAT}"


def _cache():
    return caches["shared"]


# The version -----------------------------------------------------------------------------------


def _fresh_version():
    # Random rather than 1: a version that was evicted (or the cache restarted) must not start
    # again at a number that entries still in the cache were drawn at.
    return random.randrange(1 << 40, 1 << 52)  # noqa: S311 (not a secret)


def bump():
    """Raise the community version now: every cached page and fragment is drawn again."""
    cache = _cache()
    for _ in range(3):
        try:
            cache.incr(VERSION_KEY)
            return
        except ValueError:  # no version yet (or evicted): any fresh one will do
            if cache.add(VERSION_KEY, _fresh_version(), timeout=None):
                return


def bump_on_commit(using=None):
    """Raise the version now and again once the transaction commits (see the module's text).

    Within a transaction the callback after the commit is registered once: deleting an account
    deletes each of its stories and replies, one signal each.
    """
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        bump()
        # run_on_commit holds (savepoint ids, callback, robust); a callback registered in a
        # savepoint that was rolled back is gone from it, so it is registered again.
        if any(entry[1] is bump for entry in connection.run_on_commit):
            return
    transaction.on_commit(bump, using=using)


def public_item_saved(sender, instance, created, using, **kwargs):
    """post_save of a Story or Reply. A new row that is not public is on no public page."""
    if created and not instance.is_public:
        return
    bump_on_commit(using)


def public_item_deleted(sender, instance, using, **kwargs):
    """post_delete of a Story or Reply, also in the cascade of an account deletion."""
    bump_on_commit(using)


# A reader's own reports -----------------------------------------------------------------------

# Most readers never report anything: knowing it spares their story pages the query for their
# reports. Kept for a day; a new report marks its reporter at once and again after the commit,
# and a reader's "never" is only ever added, so it cannot hide a report marked meanwhile.
REPORTER_TIMEOUT = 60 * 60 * 24


def _reporter_key(user_pk):
    return f"community:has-reported:{user_pk}"


def has_reported(user, ask):
    """Whether ``user`` ever reported anything: from the cache, else ``ask()`` (a query)."""
    cache = _cache()
    known = cache.get(_reporter_key(user.pk))
    if known is None:
        known = bool(ask())
        cache.add(_reporter_key(user.pk), known, REPORTER_TIMEOUT)
    return known


def report_saved(sender, instance, using, **kwargs):
    """post_save of a ContentReport: its reporter has reported something."""

    def mark():
        _cache().set(_reporter_key(instance.reporter_id), True, REPORTER_TIMEOUT)

    mark()
    transaction.on_commit(mark, using=using)


# Entries ---------------------------------------------------------------------------------------


def _lookup(key):
    """The current version and what ``key`` holds at that version (None if nothing), in one
    round trip to the cache."""
    cache = _cache()
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        return cache.get(VERSION_KEY), None
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return version, entry[1]
    return version, None


def _store(key, version, value):
    # One entry per key, replaced when the version moves on: old versions leave nothing behind.
    _cache().set(key, (version, value), TIMEOUT)


def fragment(key, draw):
    """What ``draw()`` returns, from the cache when it was drawn at the current version.

    ``draw()`` returns ``(value, keep)``: a value that must not be shared (a story its author
    sees before it is public, a page number that does not exist) is drawn with ``keep`` false.
    A ``key`` of None draws every time. Returns ``(value, kept)``: whether it is shared.
    """
    if key is None:
        return draw()
    version, value = _lookup(key)
    if value is not None:
        return value, True
    value, keep = draw()
    if keep:
        _store(key, version, value)
    return value, keep


# An anonymous visitor's whole page ------------------------------------------------------------


def not_for_anonymous(response):
    """Mark a response that must not be served to other visitors from the cache."""
    response.page_cache_keep = False
    return response


def _for_everyone(request):
    # Pending messages are this visitor's own ("You are logged out", say): a page that shows
    # them is theirs. Neither check runs a query for a visitor without a session.
    return not request.user.is_authenticated and not len(messages.get_messages(request))


def _shareable(request, response):
    """Whether a page drawn for this anonymous visitor may be served to any other."""
    return (
        response.status_code == 200
        and getattr(response, "page_cache_keep", True)
        and not response.streaming
        and not response.cookies
        and not request.session.modified
        # A CSRF token (a form) would set a cookie and must never be shared: anonymous pages
        # have no form (community/tests/test_public_cache.py holds them to it).
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and b"csrfmiddlewaretoken" not in response.content
    )


def anonymous_page(key_for):
    """Serve an anonymous visitor's GET from the cache, under ``key_for(request, **kwargs)``
    (None: this request is not cached). A hit runs no query and renders nothing."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            key = key_for(request, *args, **kwargs) if _for_everyone(request) else None
            if key is None:
                return view(request, *args, **kwargs)
            version, body = _lookup(key)
            if body is not None:
                return HttpResponse(body)
            response = view(request, *args, **kwargs)
            if _shareable(request, response):
                _store(key, version, response.content)
            return response

        return wrapped

    return decorator


# Keys ------------------------------------------------------------------------------------------

PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
LIST_PARAMETERS = {"page", "pattern"}


def list_query(request):
    """The list's query string if it may be cached, else None.

    The page links keep the query (``{% querystring %}``), so the page depends on all of it:
    only a plain one is cached (page and pattern once each, a known pattern, a page number
    written as the page links write it), and only when that page exists (the view says so).
    Any other query is drawn each time, so that nobody can fill the cache with made-up ones.
    """
    query = request.GET
    if not set(query) <= LIST_PARAMETERS or any(len(values) > 1 for _, values in query.lists()):
        return None
    if query.get("pattern", "") not in ("", *v.PATTERN_IDS):
        return None
    if "page" in query and not PAGE_NUMBER.fullmatch(query["page"]):
        return None
    return query.urlencode()


def requested_page(request):
    """The page number asked for, as the page links write it; None for anything else."""
    page = request.GET.get("page", "1")
    return int(page) if PAGE_NUMBER.fullmatch(page) else None


def _zone():
    return timezone.get_current_timezone_name()


def list_key(request, what="stories"):
    query = list_query(request)
    return None if query is None else f"{PREFIX}:{what}:{_zone()}:{query}"


def story_key(pk, what="story"):
    # A story's page reads nothing of the query: one entry per story, whatever is asked.
    return f"{PREFIX}:{what}:{_zone()}:{pk}"


def anonymous_list_key(request):
    return list_key(request, "list-page")


def anonymous_story_key(request, pk):
    return story_key(pk, "story-page")


# A story with its replies, as every reader sees it ---------------------------------------------


@dataclass
class SharedReply:
    """An approved reply drawn, around the place of each reader's own part: ``head`` and
    ``tail`` (_reply.html)."""

    pk: int
    author_id: int
    head: str
    tail: str


@dataclass
class SharedStory:
    """A story's page as every reader sees it: its text and its approved replies, drawn, with
    what a reader's own parts need (the ids, to tell an author their own items)."""

    pk: int
    title: str
    author_id: int
    is_public: bool
    html: str
    replies: list = field(default_factory=list)

    def get_absolute_url(self):
        return reverse("story_detail", args=[self.pk])
