"""The large data set of ``make bench``: a busy site, in one transaction.

bench/run.py calls ``seed()`` on its own fresh database. Defaults (issue 6): 1,000 people, one
of whom checked in every day for three years after a deep-tissue massage; 10,000 approved
community stories with replies and reader reports; 1,000 stories waiting for a moderator. Every
account is ``...@bench.invalid``, and the seeder only writes to a database that holds no other
account, so it can never mix with real records. A second run refuses unless ``reset=True``
(which deletes the earlier bench accounts and all they own).

This module checks the database and says in which order things are made; the rows come from
bench/people.py (the accounts), bench/histories.py (massages and check-ins) and
bench/stories.py (the community), all drawn from one seeded random generator. Rows are written
with ``bulk_create``; the stored assessment of every check-in is the triage engine's real
result, worked out by ``reassess_massage`` as the app does after each save. It imports the
models, so it is imported once Django is set up.
"""

import random

from django.db import transaction
from django.utils import timezone

from bench.histories import Histories
from bench.people import DOMAIN, LONG_EMAIL, MODERATOR_EMAIL, PASSWORD, make_people
from bench.stories import Community
from community.models import ModerationStatus
from tracker.assessments import reassess_massage
from tracker.models import Massage, User

BATCH = 1000
CONVERSATION = 12  # replies to the newest story: the story page the bench reads
SEED = 2026
SIZES = {
    "users": 1000,
    "days": 3 * 365,
    "stories": 10_000,
    "pending": 1000,
    "replies": 3000,
    "reports": 300,
}


class SeedError(Exception):
    """The database is not one the seeder may write to, or the sizes make no data set."""


def seed(*, reset=False, out=print, **sizes):
    """Seed the data set in one transaction; ``out`` is told what was done. ``sizes`` change
    the defaults of ``SIZES``: people all told (at least 3), daily check-ins of the long
    history (at least 2), approved stories, stories in the queue, approved replies, reports."""
    sizes = {**SIZES, **sizes}
    if sizes["users"] < 3 or sizes["days"] < 2:
        raise SeedError("users must be at least 3 and days at least 2.")
    seeder = Seeder(out)
    with transaction.atomic():
        seeder.check_database(reset)
        seeder.seed(**sizes)


class Seeder:
    def __init__(self, out):
        self.out = out
        self.rng = random.Random(SEED)  # noqa: S311 - made-up records, not secrets
        self.now = timezone.now()
        self.histories = Histories(rng=self.rng, today=timezone.localdate(), batch=BATCH)
        self.community = Community(rng=self.rng, now=self.now, batch=BATCH)

    def check_database(self, reset):
        foreign = User.objects.exclude(email__iendswith=DOMAIN).first()
        if foreign is not None:
            raise SeedError(
                f"This database holds accounts that the bench's seeder did not make (e.g. "
                f"{foreign.pk}); it only seeds an empty database or its own. Use a fresh database."
            )
        ours = User.objects.filter(email__iendswith=DOMAIN)
        if ours.exists():
            if not reset:
                raise SeedError(
                    "This database is already seeded for the bench; reset=True renews it."
                )
            deleted = ours.count()
            ours.delete()
            self.out(f"Deleted {deleted} bench accounts and everything they owned.")

    def seed(self, *, users, days, stories, pending, replies, reports):
        people = make_people(users, rng=self.rng, now=self.now, batch=BATCH)
        long_user, moderator, others = people[0], people[1], people[2:]
        long_massage = self.histories.long_history(long_user, days)
        self.histories.earlier_massages(long_user, long_massage.date)
        self.histories.small_histories(others)
        # The engine's real result for every check-in, as the app stores it after a save.
        assessed = 0
        for massage in Massage.objects.filter(owner__email__iendswith=DOMAIN).order_by("id"):
            assessed += len(reassess_massage(massage))
        authors = [long_user, *others]
        community = self.community
        approved = community.stories(authors, moderator, stories, ModerationStatus.APPROVED)
        community.stories(authors, moderator, pending, ModerationStatus.PENDING)
        community.replies(authors, moderator, approved, replies, conversation=CONVERSATION)
        community.reports(authors, approved, reports)
        self.out(
            f"Seeded {len(people)} people ({LONG_EMAIL}: {days} daily check-ins; "
            f"{MODERATOR_EMAIL}: moderator), {assessed} assessed check-ins, "
            f"{stories} approved and {pending} pending stories, {replies} replies, "
            f"{reports} reports. Password: {PASSWORD}"
        )
