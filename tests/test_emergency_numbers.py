"""The table of emergency numbers, one test per country in it, and the guess of a person's
country from their browser's time zone (tracker/emergency_numbers.py, tracker/countries.py)."""

import zoneinfo
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.helpers import page_html, save_checkin
from tracker.countries import (
    COUNTRY_CHOICES,
    COUNTRY_NAMES,
    ZONE_COUNTRY,
    country_from_time_zone,
)
from tracker.emergency_numbers import EMERGENCY_NUMBERS, FALLBACK_NUMBER, emergency_call

ZONE_TAB = Path("/usr/share/zoneinfo/zone.tab")


@pytest.mark.django_db
@pytest.mark.parametrize(("country", "number"), sorted(EMERGENCY_NUMBERS.items()))
def test_each_country_s_number_is_valid_and_its_call_page_dials_it(
    country, number, client, make_user, make_massage
):
    assert country in COUNTRY_NAMES, f"{country} is not an ISO 3166-1 alpha-2 code"
    assert number.isdigit(), f"{country}: {number!r} is not digits only"
    assert 2 <= len(number) <= 5
    person = make_user(f"{country.lower()}@example.com", country=country)
    client.force_login(person)
    checkin = save_checkin(make_massage(person), 1, red_flags=["face_droop"])

    html = page_html(client.get(reverse("checkin_emergency", args=[checkin.pk])))

    assert f'href="tel:{number}"' in html
    assert f"Call {number}" in html
    assert f"The emergency number in {escape(COUNTRY_NAMES[country])}." in html


@pytest.mark.parametrize(
    ("country", "number"),
    [
        ("US", "911"),
        ("CA", "911"),
        ("MX", "911"),
        ("GB", "999"),
        ("AU", "000"),
        ("NZ", "111"),
        ("JP", "119"),
        ("KR", "119"),
        ("CN", "120"),
        ("IN", "112"),
        ("DE", "112"),
        ("FR", "112"),
        ("CH", "144"),
        ("BR", "192"),
        ("ZA", "10177"),
    ],
)
def test_the_numbers_people_know(country, number):
    assert emergency_call(country).number == number


def test_every_eu_country_answers_112():
    eu = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
    assert {code: EMERGENCY_NUMBERS[code] for code in eu.split()} == dict.fromkeys(
        eu.split(), "112"
    )


@pytest.mark.parametrize("country", ["", None, "XX"])
def test_an_unknown_country_gets_112_and_no_name(country):
    call = emergency_call(country)
    assert (call.number, call.known, call.country_name) == (FALLBACK_NUMBER, False, "")
    assert call.href == "tel:112"


def test_a_country_without_a_number_in_the_table_gets_112_with_its_name():
    assert "PK" not in EMERGENCY_NUMBERS
    call = emergency_call("PK")
    assert (call.number, call.known, call.country_name) == ("112", False, "Pakistan")


@pytest.mark.django_db
def test_the_page_of_a_country_without_a_number_says_to_use_the_local_one(
    client, make_user, make_massage
):
    person = make_user("pk@example.com", country="PK")
    client.force_login(person)
    checkin = save_checkin(make_massage(person), 1, red_flags=["face_droop"])

    html = page_html(client.get(reverse("checkin_emergency", args=[checkin.pk])))

    assert 'href="tel:112"' in html
    assert "We don't know the emergency number of Pakistan." in html
    assert "If your local emergency number is different, call that instead." in html


# --- The time zone's country --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time_zone", "country"),
    [
        ("Europe/Berlin", "DE"),
        ("Europe/London", "GB"),
        ("America/New_York", "US"),
        ("America/Argentina/Buenos_Aires", "AR"),
        ("Asia/Kolkata", "IN"),
        ("Asia/Calcutta", "IN"),  # the old name some browsers still report
        ("Europe/Kiev", "UA"),
        ("Australia/Sydney", "AU"),
        ("Pacific/Auckland", "NZ"),
        ("Asia/Tokyo", "JP"),
        ("Asia/Seoul", "KR"),
        ("Asia/Shanghai", "CN"),
        ("US/Pacific", "US"),
        ("Europe/Vaduz", "LI"),
        ("UTC", ""),
        ("Etc/GMT+2", ""),
        ("CET", ""),
        ("EST5EDT", ""),
        ("", ""),
        (None, ""),
        ("Mars/Olympus_Mons", ""),
    ],
)
def test_the_country_of_a_time_zone(time_zone, country):
    assert country_from_time_zone(time_zone) == country


def test_every_zone_names_a_known_country_and_is_a_real_zone():
    available = zoneinfo.available_timezones()
    assert set(ZONE_COUNTRY.values()) <= set(COUNTRY_NAMES)
    assert set(ZONE_COUNTRY) <= available


@pytest.mark.skipif(not ZONE_TAB.exists(), reason="no zone.tab on this machine")
def test_the_table_agrees_with_the_machine_s_zone_tab():
    for line in ZONE_TAB.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, _coordinates, zone, *_ = line.split("\t")
        if zone in zoneinfo.available_timezones():
            assert ZONE_COUNTRY.get(zone) == code, zone


def test_every_country_of_the_table_can_be_chosen():
    codes = [code for code, _name in COUNTRY_CHOICES]
    assert len(codes) == len(set(codes)) == len(COUNTRY_NAMES)
    assert set(EMERGENCY_NUMBERS) <= set(codes)
