"""Mail sent outside the request (django-tasks; settings.TASKS).

The sign-up and password-reset views only queue one of these, with the address typed, whether or
not it has an account: the lookup happens here, so neither the answer nor the time it takes says
whether the address is known. No mail names a symptom, a condition or anything recorded.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from tracker.forms.accounts import signup_link_token
from tracker.models import User


@task()
def send_password_reset(*, email, domain, use_https):
    """Django's reset mail (a one-time link) to each active account with this email, if any."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)


@task()
def send_signup_mail(*, email, time_zone, country, domain, use_https):
    """The link that finishes a sign-up; or, when the address already has an account, a mail
    to its owner saying someone tried (they may have forgotten they have one)."""
    site = f"{'https' if use_https else 'http'}://{domain}"
    owner = User.objects.filter(email__iexact=email).first()
    if owner is not None:
        if not owner.is_active:
            return
        context = {
            "login_url": site + reverse("login"),
            "password_reset_url": site + reverse("password_reset"),
        }
        _mail(email, "registration/signup_taken_email", context)
        return
    token = signup_link_token(email=email, time_zone=time_zone, country=country)
    context = {"link": site + reverse("signup_password", args=[token])}
    _mail(email, "registration/signup_email", context)


def _mail(to, template, context):
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, None, [to])
