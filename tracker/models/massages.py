"""A massage as the person remembers it: what was done, where, how hard, what hurt, and the
person's risk factors around that time. ``Massage.objects`` says whose massages these are."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ..db import LatestToday
from ..triage import vocabulary as v
from .accounts import User
from .choices import REGION_CHOICES, STORED_SIDE_CHOICES, choices
from .validators import (
    NPRS_VALIDATORS,
    CodeListValidator,
    nprs_in_range,
    side_fits_region,
    validate_not_future,
    validate_region_sides,
)

MASSAGES_PER_PAGE = 10


class MassageQuerySet(models.QuerySet):
    """The rules about whose massages these are, said once."""

    def owned_by(self, user):
        """The massages of ``user``: every private page and query starts here."""
        return self.filter(owner=user)

    def page_for(self, user, massages, number, per_page=MASSAGES_PER_PAGE):
        """The page ``number`` (any text a ``?page=`` may hold) of ``massages``, which are
        ``user``'s, newest first. Counted without their annotations, which would join every
        check-in into the count."""
        paginator = Paginator(massages, per_page)
        paginator.count = self.owned_by(user).count()
        return paginator.get_page(number)


class Massage(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="massages")
    date = models.DateField(validators=[validate_not_future])
    time = models.TimeField(null=True, blank=True)
    types = models.JSONField(
        default=list, blank=True, validators=[CodeListValidator("MASSAGE_TYPES", "massage type")]
    )
    regions = models.JSONField(
        "body regions worked", default=list, blank=True, validators=[validate_region_sides]
    )
    pressure = models.CharField(max_length=16, choices=choices(v.PRESSURES), blank=True)
    techniques = models.JSONField(
        default=list, blank=True, validators=[CodeListValidator("TECHNIQUES", "technique")]
    )
    pain_during_region = models.CharField(max_length=32, choices=REGION_CHOICES, blank=True)
    pain_during_side = models.CharField(max_length=8, choices=STORED_SIDE_CHOICES, blank=True)
    pain_during_nprs = models.PositiveSmallIntegerField(
        "pain during the massage (0-10)", null=True, blank=True, validators=NPRS_VALIDATORS
    )
    pain_during_quality = models.CharField(
        max_length=16, choices=choices(v.PAIN_QUALITIES), blank=True
    )
    neck_manipulation = models.BooleanField(
        "neck cracked, thrust or suddenly twisted", default=False
    )
    provider_type = models.CharField(max_length=32, choices=choices(v.PROVIDER_TYPES), blank=True)
    onset_timing = models.CharField(
        "when the trouble started",
        max_length=16,
        choices=choices(v.ONSET_TIMINGS),
        default="not_sure",
    )
    onset_date = models.DateField("day the trouble started", null=True, blank=True)
    notes = models.TextField(blank=True, max_length=5000)
    # The person around the time of this massage (spec/triage.md ``risk``); all optional.
    age_band = models.CharField(max_length=16, choices=choices(v.AGE_BANDS), blank=True)
    pregnant_or_recent_birth = models.BooleanField(default=False)
    recent_surgery_cast_or_long_travel = models.BooleanField(default=False)
    previous_blood_clot = models.BooleanField(default=False)
    known_muscle_disease = models.BooleanField(default=False)
    intense_exercise_same_days = models.BooleanField(default=False)
    known_neck_disc_or_stenosis = models.BooleanField(default=False)
    cancer_history = models.BooleanField(default=False)
    immunosuppressed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MassageQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-time", "-id"]
        indexes = [models.Index(fields=["owner", "-date"], name="massage_owner_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__lte=LatestToday()), name="massage_date_not_future"
            ),
            models.CheckConstraint(
                condition=nprs_in_range("pain_during_nprs"), name="massage_pain_during_0_10"
            ),
            models.CheckConstraint(
                condition=side_fits_region("pain_during_region", "pain_during_side"),
                name="massage_pain_during_side_fits_region",
            ),
            models.CheckConstraint(
                condition=Q(onset_date__isnull=True) | Q(onset_date__gte=models.F("date")),
                name="massage_onset_not_before_massage",
            ),
            models.CheckConstraint(
                condition=Q(pressure__in=["", *v.PRESSURES]), name="massage_pressure_valid"
            ),
        ]

    def __str__(self):
        kinds = ", ".join(v.label(v.MASSAGE_TYPES, t) for t in self.types) or "Massage"
        return f"{kinds} on {self.date:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("massage_detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        pain_fields = ("pain_during_region", "pain_during_side", "pain_during_nprs")
        given = [f for f in pain_fields if getattr(self, f) not in (None, "")]
        if given and len(given) < len(pain_fields):
            for field in set(pain_fields) - set(given):
                errors[field] = "Say where it hurt, on which side, and how much (0-10)."
        if self.pain_during_side == "midline" and self.pain_during_region not in v.MIDLINE_REGIONS:
            errors["pain_during_side"] = "This part of the body has a left and a right side."
        if self.onset_date and self.date and self.onset_date < self.date:
            errors["onset_date"] = "The trouble can't have started before the massage."
        if self.onset_date and self.onset_date > timezone.localdate():
            errors["onset_date"] = "This date is in the future."
        if errors:
            raise ValidationError(errors)

    @property
    def region_labels(self):
        return [v.where(entry["region"], entry["side"]) for entry in self.regions]

    @property
    def type_labels(self):
        return [v.label(v.MASSAGE_TYPES, t) for t in self.types]

    @property
    def technique_labels(self):
        return [v.label(v.TECHNIQUES, t) for t in self.techniques]

    @property
    def region_codes(self):
        return {entry["region"] for entry in self.regions}
