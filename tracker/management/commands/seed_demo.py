"""Demo data for ``make run``: a person a few weeks into a nerve story, a moderator, and a few
community stories (some published, some waiting in the moderation queue)."""

import datetime

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from community.models import Story
from community.permissions import MODERATORS
from community.services import decide
from tracker.assessments import reassess_massage
from tracker.models import CheckIn, Massage, SideFunction, Symptom, User

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password-2026"
MODERATOR_EMAIL = "moderator@example.com"
MODERATOR_PASSWORD = "moderator-password-2026"

# Community authors of the demo stories: accounts nobody can log in to.
STORY_AUTHOR_EMAIL = "storyteller-{}@example.invalid"
PUBLISHED_STORIES = [
    (
        "My arm would not lift after a deep-tissue massage",
        "Two days after a very firm massage on the left side of my neck I could not lift my arm "
        "out to the side. My shoulder blade stuck out.\n\nMy doctor sent me for a nerve test "
        "(EMG) at four weeks. It showed an injury of the spinal accessory nerve. Six months of "
        "physiotherapy later I can lift my arm again, though it tires quickly.",
        "deep_tissue",
        ["PAT-SAN"],
    ),
    (
        "Ordinary soreness, and how I knew",
        "My back ached for two days after a sports massage, only when I pressed it or moved. It "
        "got better each day and was gone by day four. Logging it helped me stop worrying.",
        "sports",
        ["PAT-SORENESS"],
    ),
    (
        "Speak up when the pressure is too much",
        "I felt a sharp, electric pain during the massage and said nothing. Next time I will. "
        "The tingling in my fingers lasted three weeks; my doctor checked my neck.",
        "trigger_point",
        ["PAT-ROOT"],
    ),
]
WAITING_STORY = (
    "Numb fingers after a chair massage",
    "After a chair massage my little finger went numb. Dr. Smith at Serenity Spa said it would "
    "pass; call me on 555-0134 if you had the same.",
    "chair",
    ["PAT-PERIPHERAL"],
)

MASSAGE_DAYS_AGO = 35
LEFT_SHOULDER_REGIONS = [
    {"region": "neck_side", "side": "left"},
    {"region": "shoulder_top", "side": "left"},
    {"region": "shoulder_blade", "side": "left"},
]

# The deep-tissue story, day by day after the massage: the shoulder ache eases from 6 to 3, but
# the arm stays weak and the shoulder blade sticks out when lifting sideways, the pattern of an
# injured spinal accessory nerve (the nerve of the trapezius muscle). It shows how the engine
# follows a course over weeks (spec/triage.md section 10):
# - day 5: lifting got harder within two days, weakness getting worse (RF-PROGRESSIVE, an
#   emergency); day 7 says the person went to the emergency department (a doctor's visit);
# - day 10 reports night pain that rest does not ease (a warning sign, not an emergency: it
#   fires RF-SYSTEMIC at "see a doctor within days"), and day 12 carries it: "reported on day
#   10, no doctor since" (10.2);
# - day 12 is a quick check-in that skipped the movement questions: day 10's answers are
#   carried (10.5), so the nerve pattern stays;
# - day 14 is the visit to the GP: the night pain stops being carried, and every page after it
#   leads with "You saw a doctor on …: follow the plan you were given" (10.3).
BLADE = "blade_sticks_out"
LOWER = "shoulder_lower"
SHRUG = "shrug_weaker"
WEAK_ANYWAY = "weak_even_when_pain_mild"
NIGHT_PAIN = "night_pain_not_eased_by_rest"
SKIPPED = None  # the movement questions were skipped: no answer is stored for them


def _day(
    day,
    pain,
    course,
    side_lift,
    signs=(),
    weakness_type="",
    seen_doctor=False,
    red_flags=(),
    notes="",
):
    return {
        "day": day,
        "pain": pain,
        "course": course,
        "side_lift": side_lift,
        "signs": set(signs),
        "weakness_type": weakness_type,
        "seen_doctor": seen_doctor,
        "red_flags": list(red_flags),
        "notes": notes,
    }


NERVE_STORY = [
    _day(1, 6, "", "harder", (), "pain_stops_me", notes="Sore and bruised-feeling on the left."),
    _day(3, 6, "same", "harder", (SHRUG,), "pain_stops_me"),
    _day(
        5,
        6,
        "worse",
        "great_effort",
        (SHRUG, BLADE),
        WEAK_ANYWAY,
        notes="My partner says my left shoulder blade sticks out when I lift my arm.",
    ),
    _day(
        7,
        5,
        "same",
        "great_effort",
        (BLADE, LOWER),
        seen_doctor=True,
        notes="After the app's warning I went to the emergency department that evening. No "
        "sign of a stroke or a spinal cord problem; they told me to see my GP.",
    ),
    _day(
        10,
        5,
        "same",
        "great_effort",
        (BLADE, LOWER),
        WEAK_ANYWAY,
        red_flags=(NIGHT_PAIN,),
        notes="Woke twice in the night with the shoulder aching; lying still did not ease it.",
    ),
    _day(
        12,
        5,
        "comes_and_goes",
        SKIPPED,
        notes="Quick check-in on the bus: skipped the movement questions.",
    ),
    _day(
        14,
        4,
        "better",
        "great_effort",
        (BLADE, LOWER),
        WEAK_ANYWAY,
        seen_doctor=True,
        notes="Saw my GP: she tested my shoulder, asked about the night pain, and mentioned a "
        "nerve test (EMG) if no better.",
    ),
    _day(17, 4, "same", "harder", (BLADE, LOWER)),
    _day(
        20,
        4,
        "same",
        "harder",
        (BLADE, LOWER),
        WEAK_ANYWAY,
        notes="Less pain, but I still can't hang the washing up with my left arm.",
    ),
    _day(24, 3, "better", "harder", (BLADE, LOWER)),
    _day(28, 3, "same", "harder", (BLADE, LOWER), WEAK_ANYWAY),
    _day(33, 3, "same", "harder", (BLADE, LOWER)),
]

RELAXATION_DAYS_AGO = 120
# Ordinary soreness after a relaxation massage: tender to press, gone within days.
SORENESS_STORY = [(1, 3, "better"), (3, 1, "better")]


class Command(BaseCommand):
    help = (
        "Create the demo person (demo@example.com, with a neck-and-shoulder massage and weeks of "
        "check-ins) and a staff moderator (moderator@example.com), then print their logins. "
        "Running it again keeps the existing records; --reset deletes and recreates them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo person and the moderator with all their records, then recreate.",
        )

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        if reset:
            User.objects.filter(email__in=[DEMO_EMAIL, MODERATOR_EMAIL]).delete()
            User.objects.filter(
                email__startswith="storyteller-", email__endswith=".invalid"
            ).delete()
            self.stdout.write("Deleted the demo data.")

        demo, created = _user(DEMO_EMAIL, DEMO_PASSWORD, is_staff=False)
        if created or not demo.massages.exists():
            today = timezone.localdate()
            _seed_nerve_story(demo, today)
            _seed_soreness_story(demo, today)
            for massage in demo.massages.all():
                reassess_massage(massage)
            self.stdout.write(f"Created {DEMO_EMAIL} with two massages and their check-ins.")
        else:
            self.stdout.write(f"{DEMO_EMAIL} already has records: kept them (--reset renews).")

        moderator, _ = _user(MODERATOR_EMAIL, MODERATOR_PASSWORD, is_staff=True)
        # The Moderators group has only the community's permissions (community/permissions.py).
        moderator.groups.set([Group.objects.get(name=MODERATORS)])
        _seed_community(moderator)

        self.stdout.write(self.style.SUCCESS("Demo logins (log in at /accounts/login/):"))
        self.stdout.write(f"  person:    {DEMO_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(f"  moderator: {MODERATOR_EMAIL} / {MODERATOR_PASSWORD} (admin: /admin/)")


def _user(email, password, *, is_staff):
    """The demo account, created if missing; its password and role are reset every run so that
    the printed logins always work."""
    user, created = User.objects.get_or_create(email=email, defaults={"time_zone": "UTC"})
    user.set_password(password)
    user.is_staff = is_staff
    user.is_superuser = False
    user.is_active = True
    user.save()
    return user, created


def _saved(obj):
    # Validate like a form would, so demo data can never hold what the app would refuse.
    obj.full_clean()
    obj.save()
    return obj


def _checkin(massage, day, **fields):
    date = massage.date + datetime.timedelta(days=day)
    evening = datetime.datetime.combine(date, datetime.time(19, 30), tzinfo=datetime.UTC)
    return _saved(CheckIn(massage=massage, date=date, created_at=evening, **fields))


def _seed_nerve_story(user, today):
    massage = _saved(
        Massage(
            owner=user,
            date=today - datetime.timedelta(days=MASSAGE_DAYS_AGO),
            time=datetime.time(17, 0),
            types=["deep_tissue"],
            regions=LEFT_SHOULDER_REGIONS,
            pressure="very_firm",
            techniques=["elbow_forearm"],
            pain_during_region="shoulder_top",
            pain_during_side="left",
            pain_during_nprs=8,
            pain_during_quality="sharp",
            provider_type="licensed_therapist",
            onset_timing="during_massage",
            notes="The therapist leaned on the top of my left shoulder with her elbow.",
        )
    )
    for entry in NERVE_STORY:
        pain, signs, side_lift = entry["pain"], entry["signs"], entry["side_lift"]
        checkin = _checkin(
            massage,
            entry["day"],
            course=entry["course"],
            weakness_type=entry["weakness_type"],
            seen_doctor=entry["seen_doctor"],
            red_flags=entry["red_flags"],
            notes=entry["notes"],
        )
        _saved(
            Symptom(
                checkin=checkin,
                kind="ache",
                region="shoulder_top",
                side="left",
                nprs=pain,
                at_rest=pain >= 5,
            )
        )
        _saved(Symptom(checkin=checkin, kind="weakness", region="shoulder_top", side="left"))
        if entry["day"] <= 7:
            _saved(
                Symptom(
                    checkin=checkin,
                    kind="tenderness",
                    region="neck_side",
                    side="left",
                    nprs=pain - 2,
                    pressed_or_moved_only=True,
                )
            )
        if side_lift is SKIPPED:
            # A skipped stage stores no answer at all, not "no" or "easy" (10.5).
            continue
        _saved(
            SideFunction(
                checkin=checkin,
                side="left",
                arm_side_lift=side_lift,
                arm_forward_overhead="harder" if side_lift == "great_effort" else "easy",
                shrug_weaker=SHRUG in signs,
                blade_sticks_out=BLADE in signs,
                blade_visible_when="lifting_sideways" if BLADE in signs else "",
                shoulder_lower=LOWER in signs,
            )
        )
        _saved(SideFunction(checkin=checkin, side="right", arm_side_lift="easy"))
    return massage


def _seed_soreness_story(user, today):
    massage = _saved(
        Massage(
            owner=user,
            date=today - datetime.timedelta(days=RELAXATION_DAYS_AGO),
            types=["relaxation"],
            regions=[
                {"region": "between_shoulder_blades", "side": "midline"},
                {"region": "low_back", "side": "midline"},
            ],
            pressure="medium",
            techniques=["palms"],
            provider_type="licensed_therapist",
            onset_timing="within_24h",
        )
    )
    for day, pain, course in SORENESS_STORY:
        checkin = _checkin(massage, day, course=course)
        _saved(
            Symptom(
                checkin=checkin,
                kind="ache",
                region="low_back",
                side="midline",
                nprs=pain,
                pressed_or_moved_only=True,
            )
        )
    return massage


def _seed_community(moderator):
    """Three published stories and one waiting for a moderator (with personal details to find)."""
    if Story.objects.filter(author__email__endswith="@example.invalid").exists():
        return
    for number, (title, body, massage_type, patterns) in enumerate(
        [*PUBLISHED_STORIES, WAITING_STORY], start=1
    ):
        author, _ = User.objects.get_or_create(email=STORY_AUTHOR_EMAIL.format(number))
        author.set_unusable_password()
        author.save()
        story = Story.objects.create(
            author=author,
            title=title,
            body=body,
            massage_type=massage_type,
            patterns=patterns,
            consent_anonymous=True,
        )
        if (title, body, massage_type, patterns) != WAITING_STORY:
            decide(item=story, moderator=moderator, action="approve")
