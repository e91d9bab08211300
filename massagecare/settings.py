"""Settings for MassageCare: one file, configured from the environment.

Development needs nothing set: DEBUG defaults to on, the database is the SQLite file
``db.sqlite3`` beside this project and mail goes to the console. Production sets
``DEBUG=false``, a real ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL`` (see README).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from massagecare.cache_url import cache_from_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# How many reverse proxies in front of the app append to X-Forwarded-For: the client's address
# is read that many entries from the right (tracker/client.py). 0: the header is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

INSTALLED_APPS = [
    "tracker",
    "community",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "massagecare.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session middleware, so that it sees the session's Vary and Set-Cookie.
    "massagecare.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "massagecare.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "massagecare.urls"
WSGI_APPLICATION = "massagecare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default cache holds what is drawn from health records: whole private pages keyed by the
# person's records version (tracker/page_cache.py) and, under them, the drawings of a history
# (tracker/history_cache.py, the dashboard's cards) keyed by a massage's check-in count and
# latest change, so a process can never serve a stale entry, only draw one again. It stays in each
# process's memory whatever CACHE_URL says: nothing private leaves the process, and code that
# caches without naming a cache can't send health data to Redis by accident. Any process can
# draw the same again from the database, so nothing a request needs lives only in one process.
# A history drawing or page is up to ~160 KB (three years of daily check-ins); 1,000 entries
# bound a process's memory for them (160 MB if every one were that large; the least recently
# used go first).
#
# CACHE_URL names the cache that every process shares (massagecare/cache_url.py): sessions,
# and the rate limits unless RATELIMIT_CACHE says otherwise. It holds no health record.
CACHE_URL = env_str("CACHE_URL", "")
_RATELIMIT_FROM = "RATELIMIT_CACHE" if env_str("RATELIMIT_CACHE", "") else "CACHE_URL"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "massagecare",
        "TIMEOUT": 60 * 60 * 24,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    "shared": cache_from_url("CACHE_URL", CACHE_URL, name="shared", max_entries=100_000),
    # The rate limits' counters (tracker/ratelimit.py): hashed keys and numbers, nothing private.
    # Counted where CACHE_URL points when RATELIMIT_CACHE is empty, since a count kept in each
    # process lets N processes allow N times the limit; with neither set, each process counts
    # on its own (README).
    "ratelimit": cache_from_url(
        _RATELIMIT_FROM, env_str(_RATELIMIT_FROM, ""), name="ratelimit", max_entries=100_000
    ),
}
# With a shared cache, sessions are kept in the database and read through that cache (a query
# less a request); a log-out deletes both, so it ends the session in every process at once. A
# per-process cache can't forget a session everywhere: without CACHE_URL, the database alone.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    else "django.contrib.sessions.backends.db"
)
SESSION_CACHE_ALIAS = "shared"

AUTH_USER_MODEL = "tracker.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "landing"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

# django-axes: five wrong passwords for one account from one address lock that account for that
# address for 15 minutes (log-in, change of password, deleting the account). The owner, from
# their own address, can still log in; and a stranger who keeps guessing does not make it last.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "tracker.client.client_address"
AXES_RESET_ON_SUCCESS = True
# Axes keeps the form of a failed attempt; these fields are masked in it, whatever the form.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "old_password",
    "new_password1",
    "new_password2",
    "password1",
    "password2",
]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# One counter per account whatever the case of the email typed.
AXES_USERNAME_CALLABLE = "tracker.views.accounts.axes_username"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Rate limits (tracker/ratelimit.py): name -> (how many, in how many seconds), per client address
# (tracker/client.py) or per email typed. Over a limit the answer is 429 with Retry-After.
RATE_LIMITS = {
    "api": (env_int("API_RATE_LIMIT", 60), 60),
    # Wrong passwords from one address across every account (axes counts each account apart).
    "login_address": (10, 15 * 60),
    "signup_address": (10, 60 * 60),
    "signup_email": (3, 60 * 60),
    "password_reset_address": (10, 60 * 60),
    "password_reset_email": (3, 60 * 60),
}

# Background tasks (django-tasks): mail is sent outside the request, so how long a request takes
# says nothing of whom it mailed. Development and tests run each task at once; production queues
# them in the database for `manage.py db_worker` (README).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "MassageCare <noreply@massagecare.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address links in mail start with (reminders are sent outside any request): a development
# default, none in production until it is set (tracker/reminders.py refuses to mail without it).
SITE_URL = env_str("SITE_URL", "http://localhost:8000" if DEBUG else "")

# Security. Sessions and CSRF cookies are HttpOnly and SameSite everywhere, Secure off DEBUG.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Only 'self': no CDN, web font or analytics, no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"database_unavailable": {"()": "massagecare.errors.DatabaseUnavailableLogFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["database_unavailable"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
