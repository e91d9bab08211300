"""Shared fixtures: the three personas of every view test (owner, other user, anonymous)."""

import datetime

import pytest
from django.utils import timezone

from tracker.models import CheckIn, Massage, SideFunction, Symptom, User

# The shared helpers assert too: pytest rewrites their asserts to say what differed, as it does
# for the test modules (they must be named before anything imports them).
pytest.register_assert_rewrite("tests.helpers", "tests.checkin_stages")


def pytest_configure(config):
    # The live server answers each request in a new thread; persistent connections would
    # outlive those threads and keep PostgreSQL from dropping the test database.
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (see test_accounts); MD5 keeps tests fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached pages are keyed by ids and timestamps (tracker/history_cache.py): a test database
    # hands out the same ids again and frozen time repeats timestamps, so each test starts
    # with an empty cache (and rate limits that start from zero: tracker/ratelimit.py).
    from django.core.cache import caches

    for each in caches.all():
        each.clear()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def make_user(db):
    def make(email="owner@example.com", password="correct horse battery", **extra):
        return User.objects.create_user(email=email, password=password, **extra)

    return make


@pytest.fixture
def owner(make_user):
    return make_user("owner@example.com")


@pytest.fixture
def other_user(make_user):
    return make_user("other@example.com")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def other_client(client, other_user):
    client.force_login(other_user)
    return client


@pytest.fixture
def make_massage(today):
    def make(owner, days_ago=5, **fields):
        defaults = {
            "date": today - datetime.timedelta(days=days_ago),
            "types": ["deep_tissue"],
            "regions": [
                {"region": "neck_side", "side": "left"},
                {"region": "shoulder_top", "side": "left"},
            ],
            "pressure": "very_firm",
            "techniques": ["elbow_forearm"],
            "onset_timing": "during_massage",
        }
        defaults.update(fields)
        return Massage.objects.create(owner=owner, **defaults)

    return make


@pytest.fixture
def massage(owner, make_massage):
    return make_massage(owner)


@pytest.fixture
def make_checkin():
    def make(massage, date=None, symptoms=None, functions=None, **fields):
        checkin = CheckIn.objects.create(massage=massage, date=date or massage.date, **fields)
        for symptom in symptoms or [
            {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 4, "at_rest": True}
        ]:
            Symptom.objects.create(checkin=checkin, **symptom)
        for side, answers in (functions or {}).items():
            SideFunction.objects.create(checkin=checkin, side=side, **answers)
        return checkin

    return make


@pytest.fixture
def checkin(massage, make_checkin):
    return make_checkin(
        massage,
        date=massage.date + datetime.timedelta(days=2),
        course="same",
        functions={"left": {"arm_side_lift": "great_effort", "blade_sticks_out": True}},
        weakness_type="weak_even_when_pain_mild",
    )
