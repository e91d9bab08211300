"""What a stored value may be, said once for every model of the tracker: the validators of
fields, and the conditions of database constraints (the last of the three checks a value
passes, after the form and the model's ``clean()``).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from ..triage import vocabulary as v

NPRS_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]


def nprs_in_range(field):
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 10})


def side_fits_region(region_field, side_field):
    """``midline`` only for the regions on the body's middle line (spec/triage.md 8.3)."""
    return ~Q(**{side_field: "midline"}) | Q(**{f"{region_field}__in": sorted(v.MIDLINE_REGIONS)})


def validate_not_future(value):
    if value > timezone.localdate():
        raise ValidationError("This date is in the future.", code="future")


# The migrations name it by the path it had before models became a package.
@deconstructible(path="tracker.models.CodeListValidator")
class CodeListValidator:
    """A list whose every item is a code of one vocabulary table (named, so migrations keep it)."""

    def __init__(self, vocabulary, what):
        self.vocabulary = vocabulary
        self.what = what

    def __call__(self, values):
        if not isinstance(values, list):
            raise ValidationError(f"Expected a list of {self.what} codes.")
        codes = getattr(v, self.vocabulary)
        unknown = [str(c) for c in values if c not in codes]
        if unknown:
            raise ValidationError(f"Unknown {self.what}: {', '.join(unknown)}.")

    def __eq__(self, other):
        return isinstance(other, CodeListValidator) and (self.vocabulary, self.what) == (
            other.vocabulary,
            other.what,
        )


def validate_region_sides(entries):
    for entry in entries or ():
        if not isinstance(entry, dict) or set(entry) != {"region", "side"}:
            raise ValidationError("Each body region needs a region and a side.")
        if entry["region"] not in v.REGION_BY_CODE or entry["side"] not in (
            "left",
            "right",
            "midline",
        ):
            raise ValidationError(f"Unknown body region or side: {entry}.")
        if entry["side"] == "midline" and entry["region"] not in v.MIDLINE_REGIONS:
            raise ValidationError(f"{v.region_label(entry['region'])} has a left and a right side.")
