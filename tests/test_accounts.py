"""Accounts: sign-up, log-in by email, lockout, log-out, password change and reset, admin."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.urls import reverse

from massagecare import settings as project_settings
from tests.helpers import assert_sent_to_log_in, assert_shows, page_html
from tracker.models import User

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new lantern 42"


def signup_data(**overrides):
    data = {"email": "newcomer@example.com", "time_zone": "Europe/Paris"}
    data.update(overrides)
    return data


def password_data(password=PASSWORD, again=None):
    return {"password1": password, "password2": password if again is None else again}


def link_in(mail):
    return re.search(r"http://testserver(/accounts/signup/\S+/)", mail.body).group(1)


def sign_up(client, mailoutbox, **overrides):
    """The first step; the path of the link mailed to finish it."""
    response = client.post(reverse("signup"), signup_data(**overrides))
    assert response.status_code == 302
    assert response["Location"] == reverse("signup_done")
    return link_in(mailoutbox[-1])


def is_logged_in(client):
    return SESSION_KEY in client.session


# Sign-up: the email first, then the password from the mailed link (tests/security/
# test_enumeration.py: the same answer for an address that has an account).


def test_signup_page_asks_for_the_email_and_has_the_time_zone_script(client):
    html = page_html(client.get(reverse("signup")))

    assert_shows(
        html,
        "<h1>Create your account</h1>",
        'type="email" name="email"',
        'autocomplete="email"',
        'type="hidden" name="time_zone" value="UTC"',
        "js/timezone.js",
    )
    assert 'type="password"' not in html  # chosen from the mailed link
    assert "<script>" not in html


@pytest.mark.django_db
def test_signup_mails_a_link_and_says_to_check_the_email(client, mailoutbox):
    response = client.post(reverse("signup"), signup_data(email="Newcomer@Example.com"))

    assert response["Location"] == reverse("signup_done")
    assert "<h1>Check your email</h1>" in page_html(client.get(response["Location"]))
    assert not User.objects.exists()
    assert not is_logged_in(client)
    [mail] = mailoutbox
    assert mail.to == ["newcomer@example.com"]
    assert mail.subject == "Finish creating your MassageCare account"
    assert "/accounts/signup/" in link_in(mail)


@pytest.mark.django_db
def test_the_link_asks_for_the_password_and_makes_nothing_when_only_opened(client, mailoutbox):
    link = sign_up(client, mailoutbox)

    html = page_html(client.get(link))

    assert_shows(
        html,
        "<h1>Choose your password</h1>",
        'value="newcomer@example.com"',
        'autocomplete="username"',
    )
    assert html.count('autocomplete="new-password"') == 2
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_password_creates_the_user_logs_them_in_and_sends_them_to_record_the_massage(
    client, mailoutbox
):
    link = sign_up(client, mailoutbox, email="Newcomer@Example.com")

    response = client.post(link, password_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("massage_create")
    user = User.objects.get()
    assert user.email == "newcomer@example.com"
    assert user.check_password(PASSWORD)
    assert client.session[SESSION_KEY] == str(user.pk)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    # Then which number the emergency call button dials (tests/test_emergency.py).
    assert messages[0] == "Welcome! Start by recording the massage."
    assert "112" in messages[1]


@pytest.mark.django_db
def test_a_link_works_once(client, mailoutbox):
    link = sign_up(client, mailoutbox)
    client.post(link, password_data())
    client.post(reverse("logout"))

    again = client.post(link, password_data("another password 77"))

    assert "This link no longer works" in page_html(again)
    assert User.objects.get().check_password(PASSWORD)
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_a_link_a_day_old_or_altered_no_longer_works(client, mailoutbox, time_machine):
    time_machine.move_to("2026-03-01 09:00Z", tick=False)
    link = sign_up(client, mailoutbox)
    forged = link.replace("/accounts/signup/", "/accounts/signup/x")

    time_machine.move_to("2026-03-02 09:00:01Z", tick=False)
    late = client.post(link, password_data())
    altered = client.get(forged)

    assert "This link no longer works" in page_html(late)
    assert "This link no longer works" in page_html(altered)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_hashes_the_password_with_argon2_under_the_production_hashers(
    client, mailoutbox, settings
):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS

    client.post(sign_up(client, mailoutbox), password_data())

    assert User.objects.get().password.startswith("argon2")


@pytest.mark.django_db
def test_signup_stores_the_time_zone_from_the_browser(client, mailoutbox):
    client.post(sign_up(client, mailoutbox, time_zone="America/Phoenix"), password_data())

    assert User.objects.get().time_zone == "America/Phoenix"


@pytest.mark.django_db
@pytest.mark.parametrize("time_zone", ["Not/AZone", "", "x" * 500, "<script>"])
def test_signup_falls_back_to_utc_for_an_invalid_time_zone(client, mailoutbox, time_zone):
    response = client.post(sign_up(client, mailoutbox, time_zone=time_zone), password_data())

    assert response.status_code == 302
    assert User.objects.get().time_zone == "UTC"


@pytest.mark.django_db
def test_signup_falls_back_to_utc_when_the_time_zone_is_missing(client, mailoutbox):
    response = client.post(reverse("signup"), {"email": "newcomer@example.com"})
    client.post(link_in(mailoutbox[0]), password_data())

    assert response.status_code == 302
    assert User.objects.get().time_zone == "UTC"


@pytest.mark.django_db
def test_signup_refuses_a_weak_password_next_to_the_field(client, mailoutbox):
    link = sign_up(client, mailoutbox)

    response = client.post(link, password_data("12345"))

    assert response.status_code == 200
    errors = response.context["form"].errors["password2"]
    assert any("too short" in e for e in errors)
    assert any("entirely numeric" in e for e in errors)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_refuses_a_password_like_the_email(client, mailoutbox):
    link = sign_up(client, mailoutbox, email="lanternfisher@example.com")

    response = client.post(link, password_data("lanternfisher@example"))

    assert any("too similar" in e for e in response.context["form"].errors["password2"])
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_refuses_passwords_that_do_not_match(client, mailoutbox):
    link = sign_up(client, mailoutbox)

    response = client.post(link, password_data(again="something else 99"))

    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == [
        "The two passwords are not the same. Type them again."
    ]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_refuses_an_invalid_email(client, mailoutbox):
    response = client.post(reverse("signup"), signup_data(email="not an email"))

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert 'value="not an email"' in response.content.decode()
    assert mailoutbox == []


@pytest.mark.django_db
def test_signup_answers_405_to_other_methods(client):
    assert client.put(reverse("signup")).status_code == 405


@pytest.mark.parametrize("url_name", ["signup", "login"])
def test_a_logged_in_person_is_sent_from_signup_and_login_to_the_dashboard(owner_client, url_name):
    response = owner_client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


# Log-in and lockout


@pytest.mark.django_db
def test_login_page_labels_the_field_email(client):
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Log in</h1>" in html
    assert re.search(r'<label\s+for="id_username"[^>]*>\s*Email', html)
    assert 'type="email" name="username"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("password_reset") in html


def test_login_matches_the_email_whatever_its_case(client, owner):
    response = client.post(
        reverse("login"), {"username": "Owner@Example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.session[SESSION_KEY] == str(owner.pk)


def test_login_follows_a_safe_next_and_ignores_another_host(client, owner):
    url = reverse("login")
    credentials = {"username": owner.email, "password": PASSWORD}

    response = client.post(url, {**credentials, "next": reverse("massage_create")})
    assert response["Location"] == reverse("massage_create")

    client.post(reverse("logout"))
    response = client.post(url, {**credentials, "next": "https://evil.example/"})
    assert response["Location"] == reverse("dashboard")


def test_login_with_a_wrong_password_says_so_and_keeps_the_email(client, owner):
    response = client.post(
        reverse("login"), {"username": "owner@example.com", "password": "wrong password"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "This email and password do not match an account." in html
    assert 'value="owner@example.com"' in html
    assert not is_logged_in(client)


def test_login_locks_out_after_five_failures_even_with_the_right_password(client, owner):
    url = reverse("login")
    for _ in range(4):
        response = client.post(url, {"username": owner.email, "password": "wrong password"})
        assert response.status_code == 200

    fifth = client.post(url, {"username": owner.email, "password": "wrong password"})
    sixth = client.post(url, {"username": owner.email, "password": PASSWORD})

    assert fifth.status_code == 429
    assert sixth.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in sixth.templates]
    html = sixth.content.decode()
    assert "Too many attempts to log in" in html
    assert "try again in 15 minutes" in html
    assert reverse("password_reset") in html
    assert not is_logged_in(client)


def test_lockout_counts_every_case_of_the_email_together(client, owner, settings):
    settings.AXES_USERNAME_CALLABLE = "tracker.views.accounts.axes_username"
    url = reverse("login")
    for email in [
        "owner@example.com",
        "Owner@example.com",
        "OWNER@example.com",
        "owner@EXAMPLE.com",
    ]:
        client.post(url, {"username": email, "password": "wrong password"})

    fifth = client.post(url, {"username": "Owner@Example.com", "password": "wrong password"})
    sixth = client.post(url, {"username": "owner@example.com", "password": PASSWORD})

    assert fifth.status_code == 429
    assert sixth.status_code == 429
    assert not is_logged_in(client)


def test_a_failure_on_one_account_does_not_lock_another(client, owner, other_user):
    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": owner.email, "password": "wrong password"})

    response = client.post(url, {"username": other_user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(other_user.pk)


# Log-out


def test_logout_by_get_is_refused(owner_client):
    response = owner_client.get(reverse("logout"))

    assert response.status_code == 405
    assert is_logged_in(owner_client)


def test_logout_by_post_logs_out_and_goes_to_the_landing_page(owner_client):
    response = owner_client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("landing")
    assert not is_logged_in(owner_client)


# Password change


def test_password_change_page_is_for_logged_in_people_only(client):
    response = client.get(reverse("password_change"))

    assert_sent_to_log_in(response, reverse("password_change"))


def test_password_change_sets_the_new_password_and_keeps_the_person_logged_in(owner_client, owner):
    response = owner_client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    done = owner_client.get(reverse("password_change_done"))
    assert done.status_code == 200
    assert "Your password is changed" in done.content.decode()


def test_password_change_with_a_wrong_old_password_changes_nothing(owner_client, owner):
    response = owner_client.post(
        reverse("password_change"),
        {
            "old_password": "not my password",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


# Password reset


def test_password_reset_pages_are_public(client):
    for name in ["password_reset", "password_reset_done", "password_reset_complete"]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert b"<h1>" in response.content


def test_password_reset_mails_a_link_that_works_once(client, owner, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "Owner@Example.com"})

    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["owner@example.com"]
    assert mail.subject == "Your MassageCare password reset link"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.body).group(1)

    set_password_url = client.get(link)["Location"]
    form_page = client.get(set_password_url)
    assert form_page.context["validlink"] is True
    saved = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert saved["Location"] == reverse("password_reset_complete")
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)

    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "This link no longer works" in again.content.decode()


@pytest.mark.django_db
def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


# The login-required safety net


@pytest.mark.django_db
def test_an_anonymous_visit_to_the_dashboard_is_sent_to_login(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


# Admin


@pytest.fixture
def admin_client_for_staff(client, make_user):
    admin = make_user("admin@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_admin_lists_and_searches_users_by_email(admin_client_for_staff, owner):
    response = admin_client_for_staff.get("/admin/tracker/user/", {"q": "owner@"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [owner]


def test_admin_creates_a_user_by_email(admin_client_for_staff):
    response = admin_client_for_staff.post(
        "/admin/tracker/user/add/",
        {
            "email": "Staff.Made@Example.com",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="staff.made@example.com")
    assert user.check_password(PASSWORD)


def test_admin_refuses_a_duplicate_email_in_another_case(admin_client_for_staff, owner):
    response = admin_client_for_staff.post(
        "/admin/tracker/user/add/",
        {
            "email": "OWNER@example.com",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [
        "An account with this email already exists."
    ]


def test_admin_change_page_shows_no_username_or_names(admin_client_for_staff, owner):
    response = admin_client_for_staff.get(f"/admin/tracker/user/{owner.pk}/change/")

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "email" in form.fields
    assert "time_zone" in form.fields
    assert not {"username", "first_name", "last_name"} & set(form.fields)
