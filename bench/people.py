"""The bench's accounts: every one ``...@bench.invalid`` with one password, so that the seeder
can tell them from any other account and bench/run.py can log in as them."""

import datetime

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from community.permissions import MODERATORS
from tracker.models import User

DOMAIN = "@bench.invalid"
LONG_EMAIL = f"three-years{DOMAIN}"
MODERATOR_EMAIL = f"moderator{DOMAIN}"
PERSON_EMAIL = "person-{:04d}" + DOMAIN
# Throwaway accounts on a throwaway database: bench/run.py logs in with this password.
PASSWORD = "bench-password-2026"


def make_people(count, *, rng, now, batch):
    """``count`` accounts: the three-year person, the moderator (in the moderators' group),
    then everyone else, who joined over the last four years."""
    # One hash for every account: hashing a thousand Argon2 passwords would take a minute.
    password = make_password(PASSWORD)
    joined = now - datetime.timedelta(days=4 * 365)
    rows = [
        User(email=LONG_EMAIL, password=password, time_zone="UTC", date_joined=joined),
        User(email=MODERATOR_EMAIL, password=password, is_staff=True, date_joined=joined),
        *(
            User(
                email=PERSON_EMAIL.format(number),
                password=password,
                time_zone=rng.choice(["UTC", "Europe/Berlin", "America/New_York"]),
                date_joined=joined + datetime.timedelta(days=rng.randrange(1000)),
            )
            for number in range(1, count - 1)
        ),
    ]
    people = User.objects.bulk_create(rows, batch_size=batch)
    people[1].groups.add(Group.objects.get(name=MODERATORS))
    return people
