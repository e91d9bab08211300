"""CACHE_URL: the cache every process shares (sessions, rate limits), and what stays in each.

The settings are read once per process, so the settings file is run again here under other
environment variables (``runpy``), and ``check --deploy`` runs manage.py in a subprocess. The
tests at the end talk to a real Redis (``TEST_REDIS_URL``, by default database 15 on
127.0.0.1:6379) and are skipped, saying so, when none answers.
"""

import os
import runpy
import subprocess
import sys
from pathlib import Path
from uuid import uuid4

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from massagecare.cache_url import cache_from_url
from tests.test_production_settings import manage, production_env

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ROOT / "massagecare" / "settings.py"
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"
DATABASE = "django.core.cache.backends.db.DatabaseCache"
CACHED_DB = "django.contrib.sessions.backends.cached_db"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def read_settings(monkeypatch):
    """The settings module's values under the given environment variables (others unset)."""

    def read(**env):
        for name in ("CACHE_URL", "RATELIMIT_CACHE"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return read


def test_without_cache_url_every_cache_is_in_the_process_and_sessions_in_the_database(
    read_settings,
):
    values = read_settings()

    assert {alias: cache["BACKEND"] for alias, cache in values["CACHES"].items()} == {
        "default": LOCMEM,
        "shared": LOCMEM,
        "ratelimit": LOCMEM,
    }
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def test_a_redis_cache_url_shares_sessions_and_rate_limits_through_redis(read_settings):
    values = read_settings(CACHE_URL="redis://127.0.0.1:6379/1")

    caches_ = values["CACHES"]
    assert caches_["shared"] == {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/1"}
    assert values["SESSION_ENGINE"] == CACHED_DB
    assert values["SESSION_CACHE_ALIAS"] == "shared"
    # Without RATELIMIT_CACHE the rate limits count in the shared cache: counted in each
    # process, N processes would allow N times each limit.
    assert caches_["ratelimit"] == {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/1"}


def test_the_drawings_of_health_records_stay_in_the_process_with_a_shared_cache(read_settings):
    values = read_settings(CACHE_URL="redis://127.0.0.1:6379/1")

    # tracker/history_cache.py and the dashboard use the default cache: never sent to Redis.
    assert values["CACHES"]["default"]["BACKEND"] == LOCMEM


def test_rate_limit_cache_when_set_wins_over_cache_url(read_settings):
    values = read_settings(CACHE_URL="redis://127.0.0.1:6379/1", RATELIMIT_CACHE="database")

    assert values["CACHES"]["ratelimit"]["BACKEND"] == DATABASE
    assert values["CACHES"]["ratelimit"]["LOCATION"] == "ratelimit_cache"
    assert values["CACHES"]["shared"]["BACKEND"] == REDIS


def test_rate_limit_cache_alone_reads_as_before(read_settings):
    values = read_settings(RATELIMIT_CACHE="rediss://cache.example.org:6380/0")

    assert values["CACHES"]["ratelimit"] == {
        "BACKEND": REDIS,
        "LOCATION": "rediss://cache.example.org:6380/0",
    }
    assert values["CACHES"]["shared"]["BACKEND"] == LOCMEM
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


@pytest.mark.parametrize("variable", ["CACHE_URL", "RATELIMIT_CACHE"])
def test_an_unknown_cache_scheme_stops_the_app_naming_the_variable(read_settings, variable):
    with pytest.raises(ImproperlyConfigured, match=rf"^{variable}='memcached://cache:11211'"):
        read_settings(**{variable: "memcached://cache:11211"})


def test_both_variables_read_a_url_the_same_way():
    for url in ("", "database", "redis://h:6379/0", "rediss://h:6380/0", "unix:///run/r.sock"):
        assert cache_from_url("CACHE_URL", url, name="x", max_entries=9) == cache_from_url(
            "RATELIMIT_CACHE", url, name="x", max_entries=9
        )


def test_check_deploy_reports_no_warning_with_a_shared_cache():
    env = production_env(CACHE_URL="redis://127.0.0.1:6379/1")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stdout + result.stderr

    assert result.returncode == 0, output
    assert "System check identified no issues" in output


# With a real Redis.


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError as error:
        pytest.skip(
            f"no Redis answers at {TEST_REDIS_URL} ({error}); start one or set TEST_REDIS_URL"
        )


@pytest.fixture
def shared_redis(settings):
    """This process configured as with CACHE_URL set to the test Redis."""
    _redis_or_skip()
    settings.CACHES = {
        **settings.CACHES,
        "shared": cache_from_url("CACHE_URL", TEST_REDIS_URL, name="shared", max_entries=100),
    }
    settings.SESSION_ENGINE = CACHED_DB
    settings.SESSION_CACHE_ALIAS = "shared"
    return caches["shared"]


def in_another_process(script, tmp_path):
    """Run ``script`` after django.setup() in a new process with CACHE_URL set to the test
    Redis, and a database with no tables: what it finds can only come from Redis."""
    env = {key: value for key, value in os.environ.items() if key != "RATELIMIT_CACHE"}
    env.update(
        CACHE_URL=TEST_REDIS_URL,
        DATABASE_URL=f"sqlite:///{tmp_path / 'no-tables.sqlite3'}",
        DJANGO_SETTINGS_MODULE="massagecare.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django\ndjango.setup()\n{script}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_value_set_in_one_process_is_read_in_another(shared_redis, tmp_path):
    key = f"test-cache-settings:{uuid4().hex}"
    shared_redis.set(key, {"answer": 42}, 60)
    try:
        script = f"from django.core.cache import caches; print(caches['shared'].get({key!r}))"
        assert in_another_process(script, tmp_path) == "{'answer': 42}"
    finally:
        shared_redis.delete(key)


@pytest.mark.django_db
def test_a_session_is_read_by_another_process_and_a_logout_ends_it_there(
    shared_redis, client, owner, tmp_path
):
    client.force_login(owner)
    key = client.session.session_key
    assert client.get(reverse("dashboard")).status_code == 200
    read = (
        "from django.contrib.sessions.backends.cached_db import SessionStore\n"
        f"print(SessionStore({key!r}).get('_auth_user_id'))\n"
    )

    try:
        assert in_another_process(read, tmp_path) == str(owner.pk)
    finally:
        client.logout()

    cached = (
        "from django.contrib.sessions.backends.cached_db import KEY_PREFIX\n"
        "from django.core.cache import caches\n"
        f"print(caches['shared'].get(KEY_PREFIX + {key!r}))\n"
    )
    assert in_another_process(cached, tmp_path) == "None"


@pytest.mark.django_db
def test_deleting_an_account_removes_its_sessions_from_redis_too(shared_redis, owner, client):
    other_device = Client()
    other_device.force_login(owner)
    other_key = other_device.session.session_key
    client.force_login(owner)

    response = client.post(reverse("account_delete"), {"password": "correct horse battery"})

    assert response.status_code == 302
    assert shared_redis.get(KEY_PREFIX + other_key) is None
    assert other_device.get(reverse("dashboard")).status_code == 302
