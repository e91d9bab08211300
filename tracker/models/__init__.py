"""MassageCare's records: people, their massages, and the check-ins they log after one.

Codes are the ones of spec/triage.md, stored as they are; plain words for them come from
``tracker.triage.vocabulary``. Ranges and dates are checked three times: in the form, in the
model's ``clean()`` and by a database constraint, so no path can store a pain of 11.

One module a kind of record, every name importable from ``tracker.models``:

- ``accounts``: ``User`` and its manager (log-in by email address);
- ``massages``: ``Massage`` and its queryset (``owned_by``, ``page_for``);
- ``checkins``: ``CheckIn`` (its ``level_changes``), ``Symptom``, ``SideFunction``,
  ``PatternFeedback``;
- ``reminders``: ``Reminder``, the mail that asks the person to check in again;
- ``choices`` and ``validators``: the choices, validators and constraint conditions they share.
"""

from .accounts import TIME_ZONE_CHOICES, User, UserManager
from .checkins import (
    MOVEMENT_FIELDS,
    SIGN_FIELDS,
    CheckIn,
    CheckInQuerySet,
    PatternFeedback,
    SideFunction,
    Symptom,
)
from .choices import REGION_CHOICES, STORED_SIDE_CHOICES
from .massages import MASSAGES_PER_PAGE, Massage, MassageQuerySet
from .reminders import Reminder, ReminderQuerySet
from .validators import (
    NPRS_VALIDATORS,
    CodeListValidator,
    validate_not_future,
    validate_region_sides,
)

__all__ = [
    "MASSAGES_PER_PAGE",
    "MOVEMENT_FIELDS",
    "NPRS_VALIDATORS",
    "REGION_CHOICES",
    "SIGN_FIELDS",
    "STORED_SIDE_CHOICES",
    "TIME_ZONE_CHOICES",
    "CheckIn",
    "CheckInQuerySet",
    "CodeListValidator",
    "Massage",
    "MassageQuerySet",
    "PatternFeedback",
    "Reminder",
    "ReminderQuerySet",
    "SideFunction",
    "Symptom",
    "User",
    "UserManager",
    "validate_not_future",
    "validate_region_sides",
]
