"""Security tests, and the URL walk they share: every URL the project serves, admin aside."""

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("admin/", "static/", "media/")


def walk(patterns=None, prefix=""):
    """(route, name, callback) for every URL pattern, recursively, admin and static left out."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if route.lstrip("^").startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.name, entry.callback


def url_names():
    return sorted({name for _route, name, _callback in walk()})


def callback_of(name):
    return next(callback for _route, n, callback in walk() if n == name)
