"""Where a cache lives, read from one environment variable (``CACHE_URL``, ``RATELIMIT_CACHE``).

Both variables read the same way: empty is this process's own memory, ``database`` is a table
made by ``manage.py createcachetable``, and a ``redis://``, ``rediss://`` or ``unix://`` URL is
Django's Redis cache (which needs the ``redis`` package). Anything else stops the app with an
error naming the variable, rather than falling back to a cache that each process keeps apart.
"""

from django.core.exceptions import ImproperlyConfigured

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def cache_from_url(variable, url, *, name, max_entries):
    """The ``CACHES`` entry for ``url``, the value of the environment variable ``variable``.

    ``name`` tells this cache's memory or table apart from the others'; ``max_entries`` bounds
    the memory and database caches (Redis is bounded by its own ``maxmemory``).
    """
    if url == "":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"massagecare-{name}",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if url == "database":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": f"{name}_cache",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if url.startswith(REDIS_SCHEMES):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(
        f"{variable}={url!r}: leave it empty, or set database or a redis:// URL."
    )
