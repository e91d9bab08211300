"""Account forms: sign-up and log-in by email, and the admin's forms for the email-login user."""

from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    BaseUserCreationForm,
    SetPasswordMixin,
    UserChangeForm,
)

from tracker.countries import COUNTRY_CHOICES, country_from_time_zone
from tracker.models import TIME_ZONE_CHOICES, User

VALID_TIME_ZONES = frozenset(code for code, _label in TIME_ZONE_CHOICES)
DUPLICATE_EMAIL = "An account with this email already exists."
COUNTRY_HELP = "The emergency call button uses the emergency number of this country."


def _country_field(empty_label):
    return forms.ChoiceField(
        label="Your country",
        choices=[("", empty_label), *COUNTRY_CHOICES],
        required=False,
        help_text=COUNTRY_HELP,
        widget=forms.Select(attrs={"autocomplete": "country"}),
    )


def _email_widget(**extra):
    return forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none", **extra})


class UniqueEmailMixin:
    """Emails are stored in lower case and unique whatever their case (``user_email_unique_ci``).

    Checked here so the person reads a sentence next to the field rather than the constraint's
    name at the top of the form.
    """

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(DUPLICATE_EMAIL, code="unique")
        return email


class SignupForm(UniqueEmailMixin, BaseUserCreationForm):
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="Password", label2="Password again"
    )
    error_messages = {"password_mismatch": "The two passwords are not the same. Type them again."}
    # Filled by static/js/timezone.js from the browser; without JavaScript it stays UTC.
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput, initial="UTC")
    # Left at its first choice, the country is guessed from the time zone (clean_country).
    country = _country_field("Work it out from my time zone")

    class Meta:
        model = User
        fields = ("email", "time_zone", "country")
        labels = {"email": "Email"}
        help_texts = {"email": "You will use it to log in. We never show it to anyone."}
        widgets = {"email": _email_widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password2"].help_text = "Type the same password again, to be sure."

    def clean_time_zone(self):
        # A hidden field the person never sees: a wrong value is not theirs to fix.
        value = self.cleaned_data.get("time_zone") or ""
        return value if value in VALID_TIME_ZONES else "UTC"

    def clean(self):
        data = super().clean()
        # A country the person chose wins; otherwise the browser's time zone says where they
        # are ("" when it names no country, such as UTC without JavaScript).
        if not data.get("country"):
            data["country"] = country_from_time_zone(data.get("time_zone"))
        return data


class CountryForm(forms.ModelForm):
    """The account page's setting: the country whose emergency number the call button dials."""

    country = _country_field("I'd rather not say (the button offers 112)")

    class Meta:
        model = User
        fields = ("country",)


class EmailAuthenticationForm(AuthenticationForm):
    """Log-in by email. The field keeps the name ``username``, which django-axes reads."""

    username = forms.CharField(
        label="Email",
        max_length=254,
        widget=_email_widget(autofocus=True),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "This email and password do not match an account. Check them and try again."
        ),
    }


class UserAdminCreationForm(UniqueEmailMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserAdminChangeForm(UniqueEmailMixin, UserChangeForm):
    class Meta:
        model = User
        fields = (
            "email",
            "password",
            "time_zone",
            "country",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
            "last_login",
            "date_joined",
        )
