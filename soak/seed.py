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
    from tracker.assessments import reassess_massage
    from tracker.models import CheckIn, Massage, SideFunction, Symptom, User

    today = timezone.localdate()
    password = make_password(PASSWORD)  # one Argon2 hash, shared: seeding stays fast
    users = User.objects.bulk_create(
        User(email=f"soak-{n:02d}@example.com", password=password, time_zone="UTC")
        for n in range(count)
    )
    people = []
    for user in users:
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
            Symptom(
                checkin=c,
                kind="ache",
                region="shoulder_top",
                side="left",
                nprs=max(1, 7 - i // 4),
            )
            for i, c in enumerate(checkins)
        )
        SideFunction.objects.bulk_create(
            SideFunction(checkin=c, side="left", arm_side_lift="harder") for c in checkins
        )
        reassess_massage(massage)
        people.append({"email": user.email, "massage": massage.pk, "latest": checkins[-1].pk})
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
