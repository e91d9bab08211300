"""The soak's people: each with a massage, three weeks of check-ins and its stored assessments,
and published community stories for them to read. It imports the models when it is called, once
Django is set up."""

import datetime

# Throwaway accounts on a throwaway database: the soak logs each person in with it.
PASSWORD = "soak test password 2026"


def seed(count):
    """``count`` people with a massage and three weeks of check-ins each, and 30 published
    stories: the people's email addresses, massages and latest check-ins, and the stories."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from community.models import ModerationStatus, Story
    from tracker.models import User

    today = timezone.localdate()
    password = make_password(PASSWORD)  # one Argon2 hash, shared: seeding stays fast
    users = User.objects.bulk_create(
        User(email=f"soak-{n:02d}@example.com", password=password, time_zone="UTC")
        for n in range(count)
    )
    people = []
    for user in users:
        massage, latest = weeks_of_checkins(user, today)
        people.append({"email": user.email, "massage": massage.pk, "latest": latest.pk})
    stories = Story.objects.bulk_create(
        Story(
            author=users[n % len(users)],
            title=f"My shoulder after a deep tissue massage ({n})",
            body="The day after, lifting my arm to the side was hard. " * 8,
            consent_anonymous=True,
            status=ModerationStatus.APPROVED,
            decided_at=timezone.now(),
            submitted_at=timezone.now(),
        )
        for n in range(30)
    )
    return people, [s.pk for s in stories]


def weeks_of_checkins(user, today):
    """A deep tissue massage 22 days ago and a check-in each day since, assessed: the massage
    and its latest check-in."""
    from tracker.assessments import reassess_massage
    from tracker.models import CheckIn, Massage, SideFunction, Symptom

    massage = Massage.objects.create(
        owner=user,
        date=today - datetime.timedelta(days=22),
        types=["deep_tissue"],
        regions=[
            {"region": "neck_side", "side": "left"},
            {"region": "shoulder_top", "side": "left"},
        ],
        pressure="very_firm",
        techniques=["elbow_forearm"],
        onset_timing="during_massage",
    )
    checkins = CheckIn.objects.bulk_create(
        CheckIn(
            massage=massage,
            date=massage.date + datetime.timedelta(days=day),
            course="better" if day > 10 else "same",
        )
        for day in range(1, 22)
    )
    Symptom.objects.bulk_create(
        Symptom(checkin=c, kind="ache", region="shoulder_top", side="left", nprs=max(1, 7 - i // 4))
        for i, c in enumerate(checkins)
    )
    SideFunction.objects.bulk_create(
        SideFunction(checkin=c, side="left", arm_side_lift="harder") for c in checkins
    )
    reassess_massage(massage)
    return massage, checkins[-1]


def seed_reminders(count, *, first, last):
    """``count`` more people, outside the load, who turned reminders on, each with one pending
    reminder falling due between ``first`` and ``last`` (aware datetimes, spread evenly): their
    ids. Each is for the day their latest assessment asks for, so that sending finds no reason
    to skip it; planned now, after their check-ins, so that ``reminders --send`` leaves it
    planned as it is. Returns the reminders' ids."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from tracker.models import Reminder, User
    from tracker.reminders import asked_for

    today = timezone.localdate()
    users = User.objects.bulk_create(
        User(
            email=f"soak-remind-{n:02d}@example.com",
            password=make_password(None),
            time_zone="UTC",
            reminders=True,
        )
        for n in range(count)
    )
    ids = []
    for n, user in enumerate(users):
        massage, _ = weeks_of_checkins(user, today)
        kind, day = sorted(asked_for(massage.pk))[0]
        reminder = Reminder.objects.create(
            user=user,
            massage=massage,
            kind=kind,
            due_on=day,
            send_at=first + (last - first) * n / max(1, count - 1),
            planned_at=timezone.now(),
        )
        ids.append(reminder.pk)
    return ids
