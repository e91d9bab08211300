"""Production settings: refused without a real SECRET_KEY, clean `check --deploy`, strict headers,
secure cookies, private pages never cached, and hashed static files.

Settings are read once per process, so the DEBUG-off checks run manage.py in a subprocess.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from massagecare.middleware import PrivateCacheMiddleware

ROOT = Path(__file__).resolve().parent.parent
PRIVATE_CACHE = PrivateCacheMiddleware.HEADER


def production_env(**overrides):
    # Playwright's fixtures set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never does.
    dropped = {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        ALLOWED_HOSTS="massagecare.example.org",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = manage("check", env=production_env(SECRET_KEY=None))

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_refuses_to_start_with_a_short_secret_key_when_debug_is_off():
    result = manage("check", env=production_env(SECRET_KEY="too-short"))

    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_it_refuses_the_development_key_when_debug_is_off():
    dev_key = "django-insecure-development-only-key-never-used-in-production"
    result = manage("check", env=production_env(SECRET_KEY=dev_key))

    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_check_deploy_reports_no_warning_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    output = result.stdout + result.stderr

    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "?: (security" not in output
    assert "System check identified no issues" in output


def test_production_settings_turn_on_hsts_secure_cookies_and_hashed_static_files(tmp_path):
    probe = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.STATIC_ROOT, "
        "s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = manage("shell", "-c", probe, env=production_env(STATIC_ROOT=str(tmp_path)))

    assert result.returncode == 0, result.stderr
    hsts, subdomains, session_secure, csrf_secure, ssl_redirect, root, storage = (
        result.stdout.strip().splitlines()[-1].split()
    )
    assert int(hsts) >= 60 * 60 * 24 * 365
    assert (subdomains, session_secure, csrf_secure, ssl_redirect) == ("True",) * 4
    assert root == str(tmp_path)
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_collectstatic_writes_hashed_compressed_files_with_production_settings(tmp_path):
    result = manage("collectstatic", "--no-input", env=production_env(STATIC_ROOT=str(tmp_path)))

    assert result.returncode == 0, result.stderr
    hashed = sorted((tmp_path / "css").glob("site.*.css"))
    assert hashed, "collectstatic wrote no hashed site.css"
    assert (tmp_path / "staticfiles.json").exists()
    assert Path(f"{hashed[0]}.gz").exists()


def test_cookies_are_http_only_and_same_site():
    assert django_settings.SESSION_COOKIE_HTTPONLY is True
    assert django_settings.CSRF_COOKIE_HTTPONLY is True
    assert django_settings.SESSION_COOKIE_SAMESITE in {"Lax", "Strict"}
    assert django_settings.CSRF_COOKIE_SAMESITE in {"Lax", "Strict"}


@pytest.mark.django_db
def test_hsts_is_sent_over_https_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]


@pytest.mark.django_db
def test_the_login_cookies_are_secure_http_only_and_same_site_in_production(
    client, owner, settings
):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True

    response = client.post(
        reverse("login"), {"username": owner.email, "password": "correct horse battery"}
    )

    assert response.status_code == 302
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = response.cookies[name]
        assert cookie["secure"], name
        assert cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name


@pytest.mark.django_db
def test_every_response_carries_permissions_policy_and_cross_origin_opener_policy(client):
    response = client.get("/")

    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["dashboard", "history_overview", "massage_create", "account", "massage_detail", "community"],
)
def test_private_pages_are_never_cached(owner_client, massage, name):
    if name == "massage_detail":
        url = reverse(name, args=[massage.pk])
    elif name == "community":
        url = "/community/"
    else:
        url = reverse(name)

    response = owner_client.get(url)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_page_for_a_logged_in_person_gets_the_private_header(owner_client):
    # The community list sets no Cache-Control of its own: the middleware adds it.
    response = owner_client.get("/community/")

    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE_CACHE


@pytest.mark.django_db
def test_a_view_that_sets_its_own_cache_control_keeps_it(owner_client):
    response = owner_client.get(reverse("account"))

    # account_data.account uses @never_cache, which says more than our default.
    assert "must-revalidate" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_page_that_sets_the_session_cookie_is_not_cached(client):
    response = client.get(reverse("login"))

    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_redirect_to_log_in_is_not_cached(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
