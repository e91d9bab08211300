"""The account: a person logs in with their email address, and dates follow their time zone."""

import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from ..countries import COUNTRY_NAMES

TIME_ZONE_CHOICES = sorted((tz, tz.replace("_", " ")) for tz in zoneinfo.available_timezones())


def validate_country(value):
    """An ISO 3166-1 alpha-2 code of tracker.countries (the choices live in the forms, so the
    list can change without a migration)."""
    if value and value not in COUNTRY_NAMES:
        raise ValidationError("Choose a country from the list.", code="invalid_country")


class UserManager(BaseUserManager):
    """People log in with their email address; there is no separate user name."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    time_zone = models.CharField(
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="UTC",
        help_text="Dates such as “today” follow this time zone.",
    )
    # Blank: not known yet (guessed from the time zone at sign-up when it names a country).
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text="The emergency call button uses this country's number.",
    )
    # Opt-in (issue 14): nobody gets a reminder mail without having asked for it.
    reminders = models.BooleanField(
        "email me a reminder to check in",
        default=False,
        help_text="On your next check-in date, at 9:00 your time. The mail names no symptom.",
    )
    # Raised by database triggers on every change to the person's health records
    # (tracker/db_triggers.py); the version of their cached pages (tracker/page_cache.py).
    records_version = models.PositiveBigIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
