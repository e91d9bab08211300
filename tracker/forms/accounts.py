"""Account forms: sign-up and log-in by email, and the admin's forms for the email-login user.

Sign-up is in two steps, so that it answers the same whether or not the address has an account:
the first form takes the email (and where the person is), and a mail goes to that address; its
link, signed and dated (``signup_link_token``), opens the second form, which chooses the password
and creates the account. An address that has an account gets a mail saying so instead.
"""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    SetPasswordMixin,
    UserChangeForm,
)
from django.core import signing

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


class SignupForm(forms.Form):
    """The first step of sign-up. It never looks up the address: whether it has an account
    decides only which mail is sent (tracker/tasks.py), never what this form answers."""

    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="You will use it to log in. We never show it to anyone.",
        widget=_email_widget(),
    )
    # Filled by static/js/timezone.js from the browser; without JavaScript it stays UTC.
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput, initial="UTC")
    # Left at its first choice, the country is guessed from the time zone (clean).
    country = _country_field("Work it out from my time zone")

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

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


SIGNUP_LINK_SALT = "tracker.signup"
SIGNUP_LINK_MAX_AGE = 60 * 60 * 24


def signup_link_token(*, email, time_zone, country):
    """What the sign-up link carries: the first step's answers, signed and dated. Nothing is
    stored until the link is followed, so an address that is never confirmed leaves no trace."""
    return signing.dumps(
        {"email": email, "time_zone": time_zone, "country": country},
        salt=SIGNUP_LINK_SALT,
        compress=True,
    )


def signup_link_data(token):
    """The answers in a sign-up link, or None when it is forged or older than a day."""
    try:
        return signing.loads(token, salt=SIGNUP_LINK_SALT, max_age=SIGNUP_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None


class SignupPasswordForm(BaseUserCreationForm):
    """The second step of sign-up, from the mailed link: the password, and the account is made.

    The view passes the new user, with the email and place from the link, as ``instance``, so
    the password is checked against the email as well (UserAttributeSimilarityValidator).
    """

    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="Password", label2="Password again"
    )
    error_messages = {"password_mismatch": "The two passwords are not the same. Type them again."}
    # Reminders are opt-in (issue 14): the box starts unticked.
    field_order = ["password1", "password2", "reminders"]

    class Meta:
        model = User
        fields = ("reminders",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].widget.attrs["autofocus"] = True
        self.fields["password2"].help_text = "Type the same password again, to be sure."


class CountedPasswordChangeForm(PasswordChangeForm):
    """Change of password. The old password is checked through authenticate(), so django-axes
    counts wrong ones as at log-in: five lock the account for that address for a while, and an
    open session left behind cannot be used to guess the password without limit."""

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(request.user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class CountryForm(forms.ModelForm):
    """The account page's setting: the country whose emergency number the call button dials."""

    country = _country_field("I'd rather not say (the button offers 112)")

    class Meta:
        model = User
        fields = ("country",)


class RemindersForm(forms.ModelForm):
    """The account page's setting: a reminder mail to check in (opt-in, issue 14)."""

    class Meta:
        model = User
        fields = ("reminders",)


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
