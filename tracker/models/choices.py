"""The choices of the tracker's fields, in the vocabulary's plain words (spec/triage.md codes)."""

from ..triage import vocabulary as v


def choices(mapping):
    return list(mapping.items())


REGION_CHOICES = [(r.code, r.label) for r in v.REGIONS]
STORED_SIDE_CHOICES = [(s, v.SIDES[s]) for s in ("left", "right", "midline")]
