"""Accounts: sign-up, plus Django's own log-in and password-reset views with our forms.

Log-out and password change are Django's views as they are (see tracker/urls.py). Django 5.2
already marks its log-in and password-reset views ``login_not_required``; the subclasses below
inherit that, and the decorator is repeated so the rule stays visible here.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from tracker.emergency_numbers import emergency_call
from tracker.forms.accounts import (
    DUPLICATE_EMAIL,
    CountryForm,
    EmailAuthenticationForm,
    SignupForm,
)

# django-axes sits first in AUTHENTICATION_BACKENDS, so login() must be told which backend
# vouched for a person who did not type their password into the log-in form.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_not_required
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password1", "password2")
@never_cache
def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:
            # Two sign-ups with one email at the same moment: the database constraint caught
            # the second.
            form.add_error("email", DUPLICATE_EMAIL)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, "Welcome! Start by recording the massage.")
            messages.info(request, _country_words(user))
            return redirect("massage_create")
    return render(request, "registration/signup.html", {"form": form})


def _country_words(user):
    """Which emergency number the call button will dial, said once after sign-up, so a wrong
    guess from the time zone can be put right."""
    call = emergency_call(user.country)
    if call.known:
        return (
            f"Your country is set to {call.country_name}: in an emergency the call button dials "
            f"{call.number}. You can change your country on your account page."
        )
    return (
        "We could not tell which country you are in, so in an emergency the call button dials "
        "112. Choose your country on your account page to get your local number."
    )


@never_cache
@require_POST
def account_country(request):
    """Change the country whose emergency number the call button dials (the account page)."""
    form = CountryForm(request.POST, instance=request.user)
    if not form.is_valid():
        return render(request, "tracker/account.html", {"country_form": form}, status=400)
    form.save()
    call = emergency_call(request.user.country)
    if call.known:
        messages.success(
            request, f"Saved: {call.country_name}. The emergency call button dials {call.number}."
        )
    else:
        messages.success(request, "Saved. The emergency call button dials 112.")
    return redirect("account")


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    pass


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    pass


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    pass


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    pass


def axes_username(request, credentials=None):
    """The account name django-axes counts failures against, in lower case.

    Log-in matches emails whatever their case, so without this "Owner@Example.com" and
    "owner@example.com" would each get their own five attempts. Meant for the setting
    ``AXES_USERNAME_CALLABLE = "tracker.views.accounts.axes_username"``.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username") or ""
    return username.strip().lower()
