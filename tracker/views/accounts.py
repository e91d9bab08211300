"""Accounts: sign-up, plus Django's own log-in, password-change and password-reset views with
our forms and limits.

Log-out is Django's view as it is (see tracker/urls.py). Django 5.2 already marks its log-in and
password-reset views ``login_not_required``; the subclasses below inherit that, and the decorator
is repeated so the rule stays visible here.

What an outsider could use against someone is limited (settings.RATE_LIMITS, README "Security"):
wrong passwords per account and address (django-axes) and per address across accounts, and
sign-up and reset requests per address and per email. Sign-up and password reset answer the same
whether or not the email has an account, and their mail is sent by a task (tracker/tasks.py).
"""

import math

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tracker import ratelimit, reminders, tasks
from tracker.client import client_address
from tracker.emergency_numbers import emergency_call
from tracker.forms.accounts import (
    CountedPasswordChangeForm,
    CountryForm,
    EmailAuthenticationForm,
    RemindersForm,
    SignupForm,
    SignupPasswordForm,
    signup_link_data,
)
from tracker.models import User

# django-axes sits first in AUTHENTICATION_BACKENDS, so login() must be told which backend
# vouched for a person who did not type their password into the log-in form.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _address(request):
    return ratelimit.address_key(client_address(request))


def _over(*limits):
    """Count this request against each ``(name, key)`` limit in turn; the verdict of the first
    one it goes over, or None."""
    for name, key in limits:
        verdict = ratelimit.hit(name, key)
        if not verdict.allowed:
            return verdict
    return None


def _too_many(request, verdict, what):
    minutes = math.ceil(verdict.retry_after / 60)
    context = {"what": what, "minutes": minutes}
    response = render(request, "registration/too_many_requests.html", context, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _site(request):
    return {"domain": request.get_host(), "use_https": request.is_secure()}


@login_not_required
@require_http_methods(["GET", "POST"])
@never_cache
def signup(request):
    """Sign-up, first step: whatever the email, the same "check your email" page, and a mail.

    Whether the address has an account shows only in the mail (the link to choose a password,
    or a note to the owner that someone tried), which the task decides after the answer.
    """
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if verdict := _over(("signup_address", _address(request))):
            return _too_many(request, verdict, "signing up from your network")
        if form.is_valid():
            data = form.cleaned_data
            if verdict := _over(("signup_email", data["email"])):
                return _too_many(request, verdict, "sign-up mail to this email")
            tasks.send_signup_mail.enqueue(
                email=data["email"],
                time_zone=data["time_zone"],
                country=data["country"],
                **_site(request),
            )
            return redirect("signup_done")
    return render(request, "registration/signup.html", {"form": form})


@login_not_required
@require_GET
def signup_done(request):
    return render(request, "registration/signup_done.html")


@login_not_required
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password1", "password2")
@never_cache
def signup_password(request, token):
    """Sign-up, second step, from the mailed link: choose the password, and the account is made,
    the person logged in and sent to record the massage. Following the link (GET) makes nothing,
    so a mail scanner that opens it does no harm."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    data = signup_link_data(token)
    if data is None:
        return render(request, "registration/signup_link_invalid.html")
    used = {"used": True}
    if User.objects.filter(email__iexact=data["email"]).exists():
        return render(request, "registration/signup_link_invalid.html", used)
    new_user = User(email=data["email"], time_zone=data["time_zone"], country=data["country"])
    form = SignupPasswordForm(request.POST or None, instance=new_user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:
            # The link followed twice at the same moment: the database constraint caught it.
            return render(request, "registration/signup_link_invalid.html", used)
        login(request, user, backend=MODEL_BACKEND)
        messages.success(request, "Welcome! Start by recording the massage.")
        messages.info(request, _country_words(user))
        return redirect("massage_create")
    context = {"form": form, "email": data["email"]}
    return render(request, "registration/signup_password.html", context)


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


@never_cache
@require_POST
def account_reminders(request):
    """Turn the reminder mails to check in on or off (the account page)."""
    form = RemindersForm(request.POST, instance=request.user)
    form.is_valid()  # a checkbox: absent is False, so the form is always valid
    if form.cleaned_data["reminders"]:
        form.save()
        messages.success(request, "Saved. We will email you on your next check-in dates.")
    else:
        reminders.turn_off(request.user.pk)
        messages.success(request, "Saved. We will not email you reminders.")
    return redirect("account")


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Log-in. django-axes locks one account for one address after a few wrong passwords; on
    top of that, wrong passwords from one address across all accounts are limited here, so
    guesses spread over many accounts stop too."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        verdict = ratelimit.check("login_address", _address(request))
        if not verdict.allowed:
            return _too_many(request, verdict, "logging in from your network")
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        ratelimit.hit("login_address", _address(self.request))
        return super().form_invalid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view, with wrong old passwords counted and locked as at log-in."""

    form_class = CountedPasswordChangeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        del kwargs["user"]
        return {**kwargs, "request": self.request}


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, but the mail is queued for a task with whatever email was typed: the
    request looks up no account, so its answer and its time are the same for every address."""

    def post(self, request, *args, **kwargs):
        if verdict := _over(("password_reset_address", _address(request))):
            return _too_many(request, verdict, "reset links asked from your network")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if verdict := _over(("password_reset_email", email)):
            return _too_many(self.request, verdict, "reset links to this email")
        tasks.send_password_reset.enqueue(email=email, **_site(self.request))
        return HttpResponseRedirect(self.get_success_url())


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
