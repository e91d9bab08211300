"""The bench's health records: one person's three years of daily check-ins after a massage
that injured a nerve, two older massages of theirs, and a few weeks for everyone else.

Rows are built in memory and written with ``bulk_create``; bench/seed.py then works out each
check-in's stored assessment with the real engine.
"""

import datetime

from django.utils import timezone

from tracker.models import CheckIn, Massage, SideFunction, Symptom
from tracker.triage import vocabulary as v

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


class Histories:
    """Massages and their check-ins; ``rng`` is the seeder's, ``batch`` rows go in one INSERT."""

    def __init__(self, *, rng, today, batch):
        self.rng = rng
        self.today = today
        self.batch = batch

    def long_history(self, user, days):
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

    def earlier_massages(self, user, before):
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

    def small_histories(self, people):
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
        checkins = CheckIn.objects.bulk_create([c for c, _, _ in entries], batch_size=self.batch)
        symptoms, functions = [], []
        for checkin, (_, its_symptoms, its_functions) in zip(checkins, entries, strict=True):
            for row in its_symptoms:
                row.checkin = checkin
                symptoms.append(row)
            for row in its_functions:
                row.checkin = checkin
                functions.append(row)
        Symptom.objects.bulk_create(symptoms, batch_size=self.batch)
        SideFunction.objects.bulk_create(functions, batch_size=self.batch)
