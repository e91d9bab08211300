"""The check-ins logged after a massage (spec/triage.md section 3, ``logs[]``): how the person
feels, their symptoms, the movement answers of each side, the engine's stored result, and their
"this doesn't fit me" on a pattern."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Window
from django.db.models.functions import Lag
from django.urls import reverse
from django.utils import timezone

from ..db import LatestToday
from ..triage import vocabulary as v
from .choices import REGION_CHOICES, STORED_SIDE_CHOICES, choices
from .massages import Massage
from .validators import (
    NPRS_VALIDATORS,
    CodeListValidator,
    nprs_in_range,
    side_fits_region,
    validate_not_future,
)


class CheckInQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The check-ins of ``user``'s massages."""
        return self.filter(massage__owner=user)

    def level_changes(self):
        """For each massage of these check-ins, the check-ins where the triage level changed,
        oldest first: ``{massage id: [{"massage_id", "date", "level", "label"}, ...]}``.

        The database compares each check-in's level with the one before it (a window
        function), so only the changes travel, however long the history.
        """
        order = [F("date").asc(), F("created_at").asc(), F("id").asc()]
        rows = (
            self.exclude(level="")
            .annotate(
                previous_level=Window(Lag("level"), partition_by=[F("massage_id")], order_by=order)
            )
            .filter(Q(previous_level__isnull=True) | ~Q(level=F("previous_level")))
            .order_by("massage_id", *order)
            .values("massage_id", "date", "level")
        )
        changes = defaultdict(list)
        for row in rows:
            row["label"] = v.LEVEL_SHORT.get(row["level"], row["level"])
            changes[row["massage_id"]].append(row)
        return changes


class CheckIn(models.Model):
    """One log of how the person feels: spec/triage.md section 3, ``logs[]``."""

    massage = models.ForeignKey(Massage, on_delete=models.CASCADE, related_name="checkins")
    date = models.DateField(validators=[validate_not_future])
    course = models.CharField(
        "since last time", max_length=16, choices=choices(v.COURSES), blank=True
    )
    weakness_type = models.CharField(max_length=32, choices=choices(v.WEAKNESS_TYPES), blank=True)
    neck_move_or_cough_provokes_arm = models.BooleanField(
        "neck movement, coughing or sneezing sends pain or tingling down the arm", default=False
    )
    overhead_or_dangling_provokes = models.BooleanField(
        "worse with the arms overhead or hanging down carrying something", default=False
    )
    red_flags = models.JSONField(
        default=list, blank=True, validators=[CodeListValidator("RED_FLAGS", "red-flag answer")]
    )
    emg_done = models.BooleanField("had an EMG or nerve test", default=False)
    seen_doctor = models.BooleanField("saw a doctor", default=False)
    notes = models.TextField(blank=True, max_length=5000)
    # The triage engine's result for the case as of this check-in (its history up to here).
    level = models.CharField(max_length=24, choices=choices(v.LEVELS), blank=True)
    rule_ids = models.JSONField("rules that fired", default=list, blank=True)
    engine_version = models.CharField(max_length=16, blank=True)
    assessment = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # The one-time id of the form that saved this check-in (tracker/checkin_draft.py): sent
    # again, the same form shows this check-in instead of saving another (issue 13, point 5).
    # Empty for a check-in saved before it existed, or saved other than by the form. Unique
    # by the constraint below.
    submission_id = models.UUIDField(
        "one-time id of the form that saved it", null=True, blank=True, editable=False
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = "check-in"
        ordering = ["-date", "-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["massage", "-date", "-created_at"], name="checkin_massage_date_idx"
            ),
            # The facts of a massage's check-ins (count, last date, first EMG, latest change,
            # those after a given one: tracker/history_cache.py) from the index alone, not
            # from rows that carry a stored assessment each.
            models.Index(
                fields=["massage", "date", "created_at", "id", "updated_at", "emg_done"],
                name="checkin_massage_facts_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__lte=LatestToday()), name="checkin_date_not_future"
            ),
            models.CheckConstraint(
                condition=Q(course__in=["", *v.COURSES]), name="checkin_course_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__in=["", *v.LEVELS]), name="checkin_level_valid"
            ),
            # "Not before its massage" spans two tables; migration 0002 adds it as triggers.
            # A partial unique index rather than ``unique=True``: SQLite adds and drops it in
            # place, where a unique column copies the whole table (and trips the date triggers
            # on it: tracker/db_triggers.py); the check-ins saved before the id are left out.
            models.UniqueConstraint(
                fields=["submission_id"],
                condition=Q(submission_id__isnull=False),
                name="checkin_submission_id_unique",
            ),
        ]

    def __str__(self):
        return f"Check-in on {self.date:%-d %B %Y}"

    def get_absolute_url(self):
        # A check-in's own page is its assessment; its answers are one link away.
        return reverse("checkin_assessment", args=[self.pk])

    def clean(self):
        super().clean()
        if self.massage_id and self.date and self.date < self.massage.date:
            raise ValidationError({"date": "A check-in can't be before its massage."})

    @property
    def red_flag_labels(self):
        return [v.label(v.RED_FLAGS, code) for code in self.red_flags]

    @property
    def day_since_massage(self):
        return (self.date - self.massage.date).days

    @property
    def level_label(self):
        return v.LEVEL_SHORT.get(self.level, "")


class Symptom(models.Model):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="symptoms")
    kind = models.CharField(max_length=32, choices=choices(v.SYMPTOM_KINDS))
    region = models.CharField(max_length=32, choices=REGION_CHOICES)
    side = models.CharField(max_length=8, choices=STORED_SIDE_CHOICES)
    nprs = models.PositiveSmallIntegerField(
        "pain (0-10)", null=True, blank=True, validators=NPRS_VALIDATORS
    )
    at_rest = models.BooleanField("also at rest", default=False)
    pressed_or_moved_only = models.BooleanField("only when pressed or moved", default=False)
    sudden = models.BooleanField("came on suddenly", default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=nprs_in_range("nprs"), name="symptom_nprs_0_10"),
            models.CheckConstraint(
                condition=Q(kind__in=list(v.SYMPTOM_KINDS)), name="symptom_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(region__in=list(v.REGION_CODES)), name="symptom_region_valid"
            ),
            models.CheckConstraint(
                condition=Q(side__in=["left", "right", "midline"]), name="symptom_side_valid"
            ),
            models.CheckConstraint(
                condition=side_fits_region("region", "side"), name="symptom_side_fits_region"
            ),
        ]

    def __str__(self):
        text = f"{v.label(v.SYMPTOM_KINDS, self.kind)}: {v.where(self.region, self.side)}"
        return f"{text}, pain {self.nprs}/10" if self.nprs is not None else text

    @property
    def description(self):
        """The symptom in plain words, e.g. "Aching pain, 4/10, also at rest, came on suddenly"."""
        parts = [v.label(v.SYMPTOM_KINDS, self.kind)]
        if self.nprs is not None:
            parts.append(f"{self.nprs}/10")
        if self.at_rest:
            parts.append("also at rest")
        if self.pressed_or_moved_only:
            parts.append("only when pressed or moved")
        if self.sudden:
            parts.append("came on suddenly")
        return ", ".join(parts)

    @property
    def where(self):
        return v.where(self.region, self.side)

    def clean(self):
        super().clean()
        if self.side == "midline" and self.region not in v.MIDLINE_REGIONS:
            raise ValidationError({"side": "This part of the body has a left and a right side."})


MOVEMENT_FIELDS = tuple(v.MOVEMENT_QUESTIONS)
SIGN_FIELDS = tuple(v.SIDE_SIGNS)


class SideFunction(models.Model):
    """Movement and strength answers for one side: spec/triage.md ``function.left|right``.

    "Not asked or skipped" is kept apart from "no" (spec/triage.md 10.5), so the engine can carry
    the last answer given: a yes/no sign is None when it was not answered, False for "no" and
    True for "yes"; a movement grade is "" when it was not answered.
    """

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="functions")
    side = models.CharField(max_length=8, choices=[(s, v.SIDES[s]) for s in v.LATERAL_SIDES])
    arm_side_lift = models.CharField(max_length=16, choices=choices(v.MOVEMENT_GRADES), blank=True)
    arm_forward_overhead = models.CharField(
        max_length=16, choices=choices(v.MOVEMENT_GRADES), blank=True
    )
    wrist_finger_lift = models.CharField(
        max_length=16, choices=choices(v.MOVEMENT_GRADES), blank=True
    )
    foot_lift = models.CharField(max_length=16, choices=choices(v.MOVEMENT_GRADES), blank=True)
    shrug_weaker = models.BooleanField(null=True, blank=True, default=None)
    shoulder_lower = models.BooleanField(null=True, blank=True, default=None)
    blade_sticks_out = models.BooleanField(null=True, blank=True, default=None)
    blade_visible_when = models.CharField(
        max_length=32, choices=choices(v.BLADE_VISIBLE_WHEN), blank=True
    )
    neck_shoulder_line_flatter = models.BooleanField(null=True, blank=True, default=None)
    grip_weak = models.BooleanField(null=True, blank=True, default=None)
    whole_limb_weak = models.BooleanField(null=True, blank=True, default=None)
    limb_swollen = models.BooleanField(null=True, blank=True, default=None)
    limb_swollen_with = models.JSONField(
        default=list,
        blank=True,
        validators=[CodeListValidator("LIMB_SWOLLEN_WITH", "swelling sign")],
    )

    class Meta:
        verbose_name = "movement answers for one side"
        ordering = ["side"]
        constraints = [
            models.UniqueConstraint(fields=["checkin", "side"], name="sidefunction_one_per_side"),
            models.CheckConstraint(
                condition=Q(side__in=list(v.LATERAL_SIDES)), name="sidefunction_side_valid"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__in": ["", *v.MOVEMENT_GRADES]}),
                    name=f"sidefunction_{field}_valid",
                )
                for field in MOVEMENT_FIELDS
            ],
        ]

    def __str__(self):
        return f"Movement, {v.label(v.SIDES, self.side)}"

    @property
    def is_empty(self):
        return not any(getattr(self, f) for f in (*MOVEMENT_FIELDS, *SIGN_FIELDS))

    def answers(self):
        """(question, answer) pairs in plain words, for the answers that were given."""
        pairs = [
            (v.MOVEMENT_SHORT[f], v.label(v.MOVEMENT_GRADES, getattr(self, f)))
            for f in MOVEMENT_FIELDS
            if getattr(self, f)
        ]
        for field in SIGN_FIELDS:
            if getattr(self, field):
                answer = "yes"
                if field == "blade_sticks_out" and self.blade_visible_when:
                    answer = (
                        f"yes; {v.label(v.BLADE_VISIBLE_WHEN, self.blade_visible_when).lower()}"
                    )
                if field == "limb_swollen" and self.limb_swollen_with:
                    answer = "yes; " + ", ".join(
                        v.label(v.LIMB_SWOLLEN_WITH, c) for c in self.limb_swollen_with
                    )
                pairs.append((v.SIDE_SIGNS_SHORT[field].capitalize(), answer))
        return pairs


class PatternFeedback(models.Model):
    """A person's "this doesn't fit me" on one pattern; it never changes the level."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="feedback")
    rule_id = models.CharField(max_length=24)
    side = models.CharField(max_length=8, blank=True)
    note = models.TextField("what doesn't fit (optional)", blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "“doesn't fit me” feedback"
        verbose_name_plural = "“doesn't fit me” feedback"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "rule_id", "side"], name="patternfeedback_once_per_pattern"
            ),
        ]

    def __str__(self):
        return f"{self.rule_id} {self.side}".strip() + " doesn't fit"
