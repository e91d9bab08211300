"""Settings for ``make bench``: production's, plus only what measuring on loopback needs.

- ``bench.urls``: the site's own URLs plus ``/bench/baseline/``, a minimal page to compare with;
- a first middleware that counts each request's SQL queries into a response header;
- ALLOWED_HOSTS for loopback, and no redirect to HTTPS (there is no TLS proxy on loopback, as
  in .ci/smoke.sh);
- no rate limit on the JSON API, whose answers are what is timed.

Everything else (DEBUG off from the environment, the database, sessions, caches, security
middleware, WhiteNoise's manifest storage) is exactly what massagecare.settings gives production.
"""

from massagecare.settings import *  # noqa: F403
from massagecare.settings import MIDDLEWARE, RATE_LIMITS

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
# wrk is one client asking thousands of times a second: the API's answers are timed, not its 429.
RATE_LIMITS = {**RATE_LIMITS, "api": (10**9, 60)}
