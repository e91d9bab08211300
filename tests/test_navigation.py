"""The main menu (issue 12): what it holds for a person and for a visitor, which item says "you
are here", and the "Check in" and "Report" links that find the massage only when followed.

Its layout on a phone and a desktop is tested in a browser: tests/browser/test_navigation.py.
"""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in, page_html
from tracker.models import CheckIn
from tracker.views.shortcuts import NO_MASSAGE_TO_CHECK_IN, NO_MASSAGE_TO_REPORT

pytestmark = pytest.mark.django_db

CHECK_IN = reverse("checkin_latest")
REPORT = reverse("report_latest")
NAV = re.compile(r'<nav class="site-nav container" aria-label="Main">(.*?)</nav>', re.S)


def nav_of(response):
    [nav] = NAV.findall(page_html(response))
    return nav


def current_items(nav):
    """{link text: aria-current value} of the menu's marked items."""
    found = re.findall(r'aria-current="(page|true)">(.*?)</a>', nav, re.S)
    return {re.sub(r"<[^>]+>", "", inner).strip(): value for value, inner in found}


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# The menu


def test_a_person_has_the_four_things_people_do_and_the_rest_under_more(owner_client):
    nav = nav_of(owner_client.get(reverse("account")))

    for href in (CHECK_IN, reverse("history_overview"), REPORT):
        assert f'href="{href}"' in nav
    assert "<summary" in nav and "<span>More</span>" in nav
    # Dashboard, Add a massage, Stories, Account and Log out: once on the desktop's line and
    # once under "More" (the stylesheet shows one or the other); the name leads home too.
    for href in ("massage_create", "story_list", "account", "logout"):
        assert nav.count(f'"{reverse(href)}"') == 2, href
    assert nav.count(f'"{reverse("dashboard")}"') == 3
    assert 'method="post" action="/accounts/logout/"' in nav


def test_the_menu_takes_no_query_of_its_own(owner_client, massage, django_assert_num_queries):
    # 1 session, 2 user: the account page shows only the person's own account, so every query
    # would be the menu's. Its "Check in" and "Report" look up the massage when followed.
    with django_assert_num_queries(2):
        response = owner_client.get(reverse("account"))
    nav = nav_of(response)
    assert f'href="{CHECK_IN}"' in nav
    assert f"/massages/{massage.pk}/" not in nav


def test_a_visitor_has_stories_log_in_and_sign_up_and_no_bar(client):
    nav = nav_of(client.get(reverse("login")))

    for href in ("story_list", "login", "signup"):
        assert f'href="{reverse(href)}"' in nav
    assert "nav-bar" not in nav
    assert CHECK_IN not in nav
    assert "with-nav-bar" not in page_html(client.get(reverse("login")))


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("dashboard", [], {"Dashboard": "page"}),
        ("history_overview", [], {"History": "page"}),
        ("massage_history", ["massage"], {"History": "true"}),
        ("massage_report", ["massage"], {"Report": "true"}),
        ("checkin_create", ["massage"], {"Check in": "true"}),
        ("massage_create", [], {"Add a massage": "page"}),
        ("account", [], {"Account": "page"}),
        ("account_delete", [], {"Account": "true"}),
        ("story_list", [], {"Stories": "page"}),
        ("story_create", [], {"Stories": "true"}),
        ("massage_detail", ["massage"], {}),
    ],
)
def test_the_item_holding_the_page_says_so(owner_client, massage, name, args, expected):
    url = reverse(name, args=[massage.pk for _ in args])

    nav = nav_of(owner_client.get(url))

    assert current_items(nav) == expected


def test_more_is_marked_when_the_page_is_under_it(owner_client, massage):
    assert 'nav-link-tap is-current">' in nav_of(owner_client.get(reverse("account")))
    assert "is-current" not in nav_of(owner_client.get(reverse("history_overview")))


def test_the_name_says_where_it_leads(owner_client):
    assert '>MassageCare<span class="visually-hidden">: your dashboard</span></a>' in nav_of(
        owner_client.get(reverse("account"))
    )
    visitor = Client()
    assert f'<a class="brand" href="{reverse("landing")}">MassageCare</a>' in nav_of(
        visitor.get(reverse("login"))
    )


def test_the_menu_has_no_inline_style_or_script(owner_client):
    html = page_html(owner_client.get(reverse("dashboard")))

    assert "style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
    assert '<script src="/static/js/nav.js" defer></script>' in html


# "Check in": the newest massage's check-in


def test_check_in_opens_the_newest_massages_check_in(owner_client, owner, make_massage):
    make_massage(owner, days_ago=20)
    newest = make_massage(owner, days_ago=3)
    make_massage(owner, days_ago=9)

    response = owner_client.get(CHECK_IN)

    assert response.status_code == 302
    assert response["Location"] == reverse("checkin_create", args=[newest.pk])
    assert "no-store" in response["Cache-Control"]


def test_on_the_same_day_the_later_massage_is_the_newest(owner_client, owner, make_massage):
    morning = make_massage(owner, days_ago=2, time=datetime.time(9))
    make_massage(owner, days_ago=2, time=None)
    evening = make_massage(owner, days_ago=2, time=datetime.time(18))

    response = owner_client.get(CHECK_IN)

    assert response["Location"] == reverse("checkin_create", args=[evening.pk])
    assert morning.pk != evening.pk


def test_with_no_massage_check_in_asks_for_the_massage_first(owner_client):
    response = owner_client.get(CHECK_IN)

    assert response["Location"] == reverse("massage_create")
    assert messages_of(response) == [NO_MASSAGE_TO_CHECK_IN]


def test_check_in_never_opens_another_persons_massage(other_client, owner, make_massage):
    make_massage(owner, days_ago=1)

    response = other_client.get(CHECK_IN)

    assert response["Location"] == reverse("massage_create")


def test_check_in_takes_one_query(owner_client, massage, django_assert_num_queries):
    # 1 session, 2 user, 3 the newest massage's id.
    with django_assert_num_queries(3):
        owner_client.get(CHECK_IN)


# "Report": the report of the massage the person follows


def test_report_opens_the_massage_last_checked_in_about(
    owner_client, owner, make_massage, make_checkin
):
    followed = make_massage(owner, days_ago=20)
    make_checkin(followed, date=followed.date + datetime.timedelta(days=1))
    make_checkin(followed, date=followed.date + datetime.timedelta(days=15))
    older = make_massage(owner, days_ago=30)
    make_checkin(older, date=older.date + datetime.timedelta(days=2))
    make_massage(owner, days_ago=1)  # newer, but no check-in yet

    response = owner_client.get(REPORT)

    assert response.status_code == 302
    assert response["Location"] == reverse("massage_report", args=[followed.pk])
    assert "no-store" in response["Cache-Control"]


def test_with_no_check_in_report_opens_the_newest_massages_report(
    owner_client, owner, make_massage, django_assert_num_queries
):
    make_massage(owner, days_ago=10)
    newest = make_massage(owner, days_ago=2)

    # 1 session, 2 user, 3 the latest check-in's massage (none), 4 the newest massage.
    with django_assert_num_queries(4):
        response = owner_client.get(REPORT)

    assert response["Location"] == reverse("massage_report", args=[newest.pk])


def test_with_no_massage_report_says_what_it_needs_on_the_dashboard(owner_client):
    response = owner_client.get(REPORT)

    assert response["Location"] == reverse("dashboard")
    assert messages_of(response) == [NO_MASSAGE_TO_REPORT]


def test_report_never_opens_another_persons_report(other_client, checkin):
    assert CheckIn.objects.filter(pk=checkin.pk).exists()

    response = other_client.get(REPORT)

    assert response["Location"] == reverse("dashboard")


def test_report_takes_one_query_when_there_are_check_ins(
    owner_client, checkin, django_assert_num_queries
):
    # 1 session, 2 user, 3 the latest check-in's massage.
    with django_assert_num_queries(3):
        response = owner_client.get(REPORT)
    assert response["Location"] == reverse("massage_report", args=[checkin.massage_id])


# Personas and methods


@pytest.mark.parametrize("url", [CHECK_IN, REPORT])
def test_an_anonymous_visitor_is_sent_to_log_in(client, url):
    assert_sent_to_log_in(client.get(url), url)


@pytest.mark.parametrize("url", [CHECK_IN, REPORT])
def test_a_post_is_refused(owner_client, url):
    assert owner_client.post(url).status_code == 405
