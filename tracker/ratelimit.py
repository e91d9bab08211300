"""Fixed-window rate limits, counted in the ``ratelimit`` cache (settings.CACHES).

``settings.RATE_LIMITS`` names each limit: how many in how many seconds. A window starts at a
multiple of its length, so a burst at the end of one window and the start of the next can reach
twice the limit: enough to stop a flood or a guessing run, and one cache entry per key.

Keys are hashed, so the cache holds no email address and every key suits every cache backend.
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

CACHE = "ratelimit"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends, when not allowed; else 0


def hit(name, key):
    """Count one request against the limit ``name`` for ``key``: allowed while within it."""
    limit, window = settings.RATE_LIMITS[name]
    cache_key, retry_after = _window(name, key, window)
    cache = caches[CACHE]
    # add() then incr(): atomic in Redis, so concurrent requests all count. The database cache's
    # incr() reads then writes: in a burst across workers a request or two more may pass.
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between the two calls
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    return Verdict(count <= limit, 0 if count <= limit else retry_after)


def check(name, key):
    """Whether one more would be within the limit, without counting it (for counting only
    failures: see ``hit``)."""
    limit, window = settings.RATE_LIMITS[name]
    cache_key, retry_after = _window(name, key, window)
    allowed = caches[CACHE].get(cache_key, 0) < limit
    return Verdict(allowed, 0 if allowed else retry_after)


def address_key(address):
    """An IPv6 client usually holds a whole /64, so its addresses count as one."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _window(name, key, window):
    now = int(time.time())
    start = now - now % window
    digest = hashlib.sha256(f"{name}\0{key}".encode()).hexdigest()[:32]
    return f"rl:{name}:{digest}:{start}", start + window - now
