"""The large data set of ``make bench``: a busy site, in one transaction.

bench/run.py calls ``seed()`` on its own fresh database. Defaults (issue 6): 1,000 people, one
of whom checked in every day for three years after a deep-tissue massage; 10,000 approved
community stories with replies and reader reports; 1,000 stories waiting for a moderator. Every
account is ``...@bench.invalid``, and the seeder only writes to a database that holds no other
account, so it can never mix with real records. A second run refuses unless ``reset=True``
(which deletes the earlier bench accounts and all they own).

Rows are written with ``bulk_create``; the stored assessment of every check-in is the triage
engine's real result, worked out by ``reassess_massage`` as the app does after each save.
It imports the models, so it is imported once Django is set up.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from community.models import ContentReport, ModerationDecision, ModerationStatus, Reply, Story
from community.permissions import MODERATORS
from tracker.assessments import reassess_massage
from tracker.models import CheckIn, Massage, SideFunction, Symptom, User
from tracker.triage import vocabulary as v

DOMAIN = "@bench.invalid"
LONG_EMAIL = f"three-years{DOMAIN}"
MODERATOR_EMAIL = f"moderator{DOMAIN}"
PERSON_EMAIL = "person-{:04d}" + DOMAIN
# Throwaway accounts on a throwaway database: bench/run.py logs in with this password.
PASSWORD = "bench-password-2026"
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

LEFT_SHOULDER = [
    {"region": "neck_side", "side": "left"},
    {"region": "shoulder_top", "side": "left"},
    {"region": "shoulder_blade", "side": "left"},
]
DOCTOR_DAYS = {10, 28, 90, 180, 365, 540, 730, 910}
EMG_DAY = 28
NOTES = [
    "Hung the washing up with my left arm for the first time in weeks.",
    "Stiff after a long day at the desk; the stretches helped.",
    "Physiotherapy today: new exercises for the shoulder blade.",
    "Slept badly on the left side, sore in the morning.",
    "Carried the shopping with both arms, no trouble.",
]

# Community texts, put together from sentences so that stories differ in length and words.
TITLES = [
    "My arm would not lift after a deep-tissue massage",
    "Ordinary soreness, and how I knew",
    "Speak up when the pressure is too much",
    "Numb fingers after a chair massage",
    "A stiff neck that took a month to settle",
    "Tingling down the arm after a sports massage",
    "What the nerve test showed",
    "Back to swimming after six months",
]
SENTENCES = [
    "Two days after a very firm massage on the left side of my neck I could not lift my arm.",
    "My shoulder blade stuck out when I pushed against a wall.",
    "The ache was worst in the evening and eased with warmth and gentle movement.",
    "My doctor sent me for a nerve test (EMG) at four weeks.",
    "Physiotherapy twice a week helped more than I expected.",
    "Logging it every day helped me stop worrying and see that it was getting better.",
    "I felt a sharp, electric pain during the massage and said nothing; next time I will.",
    "The tingling in my fingers lasted three weeks and then faded.",
    "It was ordinary soreness: tender to press, gone by day four.",
    "Six months later I can lift my arm again, though it tires quickly.",
    "Ask the therapist to use less pressure near the side of the neck.",
    "I kept a note of the days when it was worse, which helped at the doctor's.",
]
PERSONAL_DETAILS = [
    "Dr. Smith at Serenity Spa said it would pass; call me on 555-0134 if you had the same.",
    "Write to me at jo.bloggs@example.com if you want the name of my physiotherapist.",
    "The clinic on 12 Harbour Street was very kind about it.",
]
REPLY_TEXTS = [
    "The same happened to me; a physiotherapist helped.",
    "Thank you for sharing this. Mine took four months to settle.",
    "Did the nerve test hurt? I have mine next week.",
    "I had the tingling too, and it went away by itself after a few weeks.",
]
REPORT_REASONS = list(ContentReport.REASONS)


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
        self.today = timezone.localdate()
        self.now = timezone.now()

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
        people = self._users(users)
        long_user, moderator, others = people[0], people[1], people[2:]
        long_massage = self._long_history(long_user, days)
        self._earlier_massages(long_user, long_massage.date)
        self._small_histories(others)
        # The engine's real result for every check-in, as the app stores it after a save.
        assessed = 0
        for massage in Massage.objects.filter(owner__email__iendswith=DOMAIN).order_by("id"):
            assessed += len(reassess_massage(massage))
        authors = [long_user, *others]
        approved = self._stories(authors, moderator, stories, ModerationStatus.APPROVED)
        self._stories(authors, moderator, pending, ModerationStatus.PENDING)
        self._replies(authors, moderator, approved, replies)
        self._reports(authors, approved, reports)
        self.out(
            f"Seeded {len(people)} people ({LONG_EMAIL}: {days} daily check-ins; "
            f"{MODERATOR_EMAIL}: moderator), {assessed} assessed check-ins, "
            f"{stories} approved and {pending} pending stories, {replies} replies, "
            f"{reports} reports. Password: {PASSWORD}"
        )

    # People -------------------------------------------------------------------------------

    def _users(self, count):
        # One hash for every account: hashing a thousand Argon2 passwords would take a minute.
        password = make_password(PASSWORD)
        joined = self.now - datetime.timedelta(days=4 * 365)
        rows = [
            User(email=LONG_EMAIL, password=password, time_zone="UTC", date_joined=joined),
            User(email=MODERATOR_EMAIL, password=password, is_staff=True, date_joined=joined),
            *(
                User(
                    email=PERSON_EMAIL.format(number),
                    password=password,
                    time_zone=self.rng.choice(["UTC", "Europe/Berlin", "America/New_York"]),
                    date_joined=joined + datetime.timedelta(days=self.rng.randrange(1000)),
                )
                for number in range(1, count - 1)
            ),
        ]
        people = User.objects.bulk_create(rows, batch_size=BATCH)
        people[1].groups.add(Group.objects.get(name=MODERATORS))
        return people

    # Massages and check-ins ---------------------------------------------------------------

    def _long_history(self, user, days):
        """A spinal accessory nerve injury that heals slowly, with a check-in every day."""
        massage = Massage.objects.create(
            owner=user,
            date=self.today - datetime.timedelta(days=days),
            time=datetime.time(17, 0),
            types=["deep_tissue"],
            regions=LEFT_SHOULDER,
            pressure="very_firm",
            techniques=["elbow_forearm"],
            pain_during_region="shoulder_top",
            pain_during_side="left",
            pain_during_nprs=8,
            pain_during_quality="sharp",
            provider_type="licensed_therapist",
            onset_timing="during_massage",
            age_band="40-49",
            notes="The therapist leaned on the top of my left shoulder with her elbow.",
        )
        entries = [self._long_day(massage, day) for day in range(1, days + 1)]
        self._save_checkins(entries)
        return massage

    def _long_day(self, massage, day):
        flare = day > 120 and day % 45 in (0, 1, 2)
        pain = max(1, round(6 - 4 * min(day, 400) / 400)) + (2 if flare else 0)
        pain = min(10, pain + self.rng.choice([-1, 0, 0, 1]) if day > 14 else pain)
        if day < 120:
            side_lift = "great_effort"
        elif day < 400:
            side_lift = "harder"
        else:
            side_lift = "easy"
        blade = day < 300
        course = "same"
        if flare:
            course = "worse" if day % 45 == 0 else "comes_and_goes"
        elif day % 7 == 0:
            course = "better"
        checkin = CheckIn(
            massage=massage,
            date=massage.date + datetime.timedelta(days=day),
            course=course if day > 1 else "",
            weakness_type="weak_even_when_pain_mild" if side_lift != "easy" else "",
            seen_doctor=day in DOCTOR_DAYS,
            emg_done=day >= EMG_DAY,
            notes=self.rng.choice(NOTES) if day % 14 == 0 else "",
            created_at=self._evening(massage.date + datetime.timedelta(days=day)),
        )
        symptoms = [
            Symptom(kind="ache", region="shoulder_top", side="left", nprs=pain, at_rest=pain >= 5),
            Symptom(kind="stiffness", region="neck_side", side="left", nprs=max(0, pain - 2)),
        ]
        if side_lift != "easy":
            symptoms.append(Symptom(kind="weakness", region="shoulder_top", side="left"))
        if flare:
            symptoms.append(
                Symptom(kind="tingling", region="upper_arm_outer", side="left", nprs=pain - 1)
            )
        functions = [
            SideFunction(
                side="left",
                arm_side_lift=side_lift,
                arm_forward_overhead="harder" if side_lift == "great_effort" else "easy",
                shrug_weaker=day < 60,
                blade_sticks_out=blade,
                blade_visible_when="lifting_sideways" if blade else "",
                shoulder_lower=day < 200,
            ),
            SideFunction(side="right", arm_side_lift="easy"),
        ]
        return checkin, symptoms, functions

    def _earlier_massages(self, user, before):
        """Two older relaxation massages with a little soreness: more rows on the dashboard."""
        for months in (6, 12):
            massage = Massage.objects.create(
                owner=user,
                date=before - datetime.timedelta(days=30 * months),
                types=["relaxation"],
                regions=[{"region": "low_back", "side": "midline"}],
                pressure="medium",
                techniques=["palms"],
                onset_timing="within_24h",
            )
            self._save_checkins([self._sore_day(massage, day, 4 - day) for day in (1, 2, 3)])

    def _sore_day(self, massage, day, pain):
        date = massage.date + datetime.timedelta(days=day)
        checkin = CheckIn(
            massage=massage,
            date=date,
            course="better" if day > 1 else "",
            created_at=self._evening(date),
        )
        symptom = Symptom(
            kind="ache", region="low_back", side="midline", nprs=pain, pressed_or_moved_only=True
        )
        return checkin, [symptom], []

    def _tingling_day(self, massage, day, pain):
        date = massage.date + datetime.timedelta(days=day)
        checkin = CheckIn(
            massage=massage,
            date=date,
            course=self.rng.choice(list(v.COURSES)) if day > 1 else "",
            neck_move_or_cough_provokes_arm=day % 2 == 0,
            created_at=self._evening(date),
        )
        symptoms = [
            Symptom(kind="shooting_or_electric", region="upper_arm_outer", side="right", nprs=pain),
            Symptom(kind="tingling", region="finger_thumb", side="right"),
        ]
        functions = [SideFunction(side="right", wrist_finger_lift="harder", grip_weak=True)]
        return checkin, symptoms, functions

    def _small_histories(self, people):
        """Everyone else: one massage in the last four months and a few check-ins after it."""
        entries = []
        for person in people:
            sore = self.rng.random() < 0.7
            massage = Massage.objects.create(
                owner=person,
                date=self.today - datetime.timedelta(days=self.rng.randrange(10, 120)),
                types=[self.rng.choice(["relaxation", "sports", "deep_tissue", "thai"])],
                regions=(
                    [{"region": "low_back", "side": "midline"}]
                    if sore
                    else [{"region": "neck_side", "side": "right"}]
                ),
                pressure=self.rng.choice(list(v.PRESSURES)),
                onset_timing="within_24h" if sore else "1_to_7_days",
            )
            make = self._sore_day if sore else self._tingling_day
            for day in range(1, self.rng.randrange(2, 9)):
                entries.append(make(massage, day, max(0, 6 - day)))
        self._save_checkins(entries)

    def _evening(self, date):
        """19:30 UTC on ``date``, but never later than now: today's check-in is not in the future
        (a later one would sort after every check-in the bench saves today)."""
        evening = datetime.datetime.combine(date, datetime.time(19, 30), tzinfo=datetime.UTC)
        return min(evening, timezone.now() - datetime.timedelta(minutes=1))

    def _save_checkins(self, entries):
        checkins = CheckIn.objects.bulk_create([c for c, _, _ in entries], batch_size=BATCH)
        symptoms, functions = [], []
        for checkin, (_, its_symptoms, its_functions) in zip(checkins, entries, strict=True):
            for row in its_symptoms:
                row.checkin = checkin
                symptoms.append(row)
            for row in its_functions:
                row.checkin = checkin
                functions.append(row)
        Symptom.objects.bulk_create(symptoms, batch_size=BATCH)
        SideFunction.objects.bulk_create(functions, batch_size=BATCH)

    # Community ----------------------------------------------------------------------------

    def _text(self, sentences):
        return " ".join(self.rng.sample(SENTENCES, sentences))

    def _stories(self, authors, moderator, count, status):
        approved = status == ModerationStatus.APPROVED
        span = 3 * 365 * 24 if approved else 30 * 24  # hours back: three years, or a month
        rows = []
        for number in range(count):
            submitted = self.now - datetime.timedelta(hours=self.rng.randrange(2, span))
            body = "\n\n".join(self._text(self.rng.randrange(2, 5)) for _ in range(3))
            if not approved and number % 10 == 0:
                body += " " + self.rng.choice(PERSONAL_DETAILS)
            rows.append(
                Story(
                    author=self.rng.choice(authors),
                    title=f"{self.rng.choice(TITLES)} ({number + 1})",
                    body=body,
                    massage_type=self.rng.choice(list(v.MASSAGE_TYPES)),
                    patterns=self.rng.sample(list(v.PATTERN_IDS), self.rng.randrange(0, 3)),
                    consent_anonymous=True,
                    status=status,
                    submitted_at=submitted,
                    created_at=submitted,
                    **self._decision(moderator, submitted) if approved else {},
                )
            )
        saved = Story.objects.bulk_create(rows, batch_size=BATCH)
        if approved:
            self._decisions(moderator, "story", saved)
        return saved

    def _decision(self, moderator, submitted):
        decided = min(self.now, submitted + datetime.timedelta(hours=self.rng.randrange(1, 48)))
        return {"decided_by": moderator, "decided_at": decided, "version": 2}

    def _decisions(self, moderator, field, items):
        ModerationDecision.objects.bulk_create(
            [
                ModerationDecision(
                    moderator=moderator,
                    moderator_email=moderator.email,
                    action="approve",
                    created_at=item.decided_at,
                    **{field: item},
                )
                for item in items
            ],
            batch_size=BATCH,
        )

    def _replies(self, authors, moderator, stories, count):
        if not stories or not count:
            return
        # The newest story gets a conversation of its own; the rest spread over the others.
        newest = max(stories, key=lambda story: (story.decided_at, story.pk))
        others = [story for story in stories if story is not newest] or [newest]
        targets = [newest] * min(CONVERSATION, count)
        targets += [self.rng.choice(others) for _ in range(count - len(targets))]
        rows = []
        for story in targets:
            submitted = story.decided_at + datetime.timedelta(hours=self.rng.randrange(1, 200))
            submitted = min(submitted, self.now)
            rows.append(
                Reply(
                    story=story,
                    author=self.rng.choice(authors),
                    body=self.rng.choice(REPLY_TEXTS),
                    status=ModerationStatus.APPROVED,
                    submitted_at=submitted,
                    created_at=submitted,
                    **self._decision(moderator, submitted),
                )
            )
        self._decisions(moderator, "reply", Reply.objects.bulk_create(rows, batch_size=BATCH))

    def _reports(self, authors, stories, count):
        pairs = set()
        while stories and len(pairs) < min(count, len(authors) * len(stories)):
            pairs.add((self.rng.randrange(len(authors)), self.rng.randrange(len(stories))))
        ContentReport.objects.bulk_create(
            [
                ContentReport(
                    reporter=authors[a],
                    story=stories[s],
                    reason=self.rng.choice(REPORT_REASONS),
                    created_at=stories[s].decided_at + datetime.timedelta(hours=1),
                )
                for a, s in sorted(pairs)
            ],
            batch_size=BATCH,
        )
