"""Settings for the soak's two-server run: production's, plus what counting the mail needs.

- every reminder mail is written to a file in ``SOAK_MAIL_DIR`` (one file a connection, per
  process), so that the soak can count how many times each person was mailed;
- no rate limit on the JSON API, as in bench/settings.py (the soak's load doesn't call it, but
  one client address asking thousands of times must be measured, not refused).

Everything else (the shared cache from CACHE_URL, sessions through it, the task queue in the
database, DEBUG off) is exactly what massagecare.settings gives production.
"""

import os

from massagecare.settings import *  # noqa: F403
from massagecare.settings import RATE_LIMITS

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["SOAK_MAIL_DIR"]
RATE_LIMITS = {**RATE_LIMITS, "api": (10**9, 60)}
