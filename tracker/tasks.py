"""Mail sent outside the request (django-tasks; settings.TASKS), tried again when the mail server
fails (tracker/mail.py).

The sign-up and password-reset views only queue one of these, with the address typed, whether or
not it has an account: the lookup happens here, so neither the answer nor the time it takes says
whether the address is known. No mail names a symptom, a condition or anything recorded.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from tracker.forms.accounts import signup_link_token
from tracker.mail import mail_task
from tracker.models import User


class _ResetForm(PasswordResetForm):
    """Django's reset form, except that a mail that could not be sent raises (Django's logs it
    and carries on), so that the task tries again."""

    def send_mail(self, subject_template, body_template, context, from_email, to, **html_template):
        # There is no HTML version (html_email_template_name is None).
        subject = "".join(render_to_string(subject_template, context).splitlines())
        send_mail(subject, render_to_string(body_template, context), from_email, [to])


@mail_task
def send_password_reset(*, email, domain, use_https):
    """Django's reset mail (a one-time link) to each active account with this email, if any."""
    form = _ResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)


@mail_task
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
