"""The assessment's dates as a calendar file (issue 14, point 3): the next check-in and the day
a nerve test (EMG) becomes most useful, with titles that name no health word unless the person
ticks the box."""

import datetime
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from tracker.triage.params import EMG_WINDOW_FROM_DAY, RECHECK_DAYS

from .helpers import SAN_LEFT, assert_sent_to_log_in, page_html, save_checkin

# Words a calendar must not show unless the person chose to name the reason: body parts,
# symptoms, the test and the conditions the app talks about.
HEALTH_WORDS = [
    "shoulder",
    "arm",
    "neck",
    "blade",
    "trapezius",
    "nerve",
    "nerves",
    "emg",
    "electromyography",
    "pain",
    "painful",
    "ache",
    "sore",
    "symptom",
    "symptoms",
    "injury",
    "injured",
    "numb",
    "numbness",
    "tingling",
    "weak",
    "weakness",
    "swollen",
    "swelling",
    "stroke",
    "emergency",
    "diagnosis",
    "specialist",
]
HEALTH_WORD = re.compile(r"\b(" + "|".join(HEALTH_WORDS) + r")\b", re.IGNORECASE)

NEUTRAL_RECHECK = "MassageCare check-in"
NEUTRAL_EMG = "MassageCare: ask your doctor about the test you discussed"
NAMED_RECHECK = "Check in on your symptoms after the massage"
NAMED_EMG = "Ask about a nerve test (EMG)"


def _url(checkin, **query):
    url = reverse("checkin_calendar", args=[checkin.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _download(client, checkin, **query):
    response = client.get(_url(checkin, **query))
    assert response.status_code == 200
    return response


def _events(response):
    """The file's events by title: {summary: event}."""
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def _unfolded(response):
    # Long lines are folded at 75 octets: a word may be cut in two across a fold.
    return response.content.decode().replace("\r\n ", "")


@pytest.fixture
def san(massage):
    """Day 5 of a left spinal accessory pattern: a recheck in 3 days, an EMG from day 21."""
    return save_checkin(massage, 5, **SAN_LEFT)


def test_it_offers_the_recheck_and_the_emg_window_as_all_day_events(owner_client, massage, san):
    events = _events(_download(owner_client, san))

    assert set(events) == {NEUTRAL_RECHECK, NEUTRAL_EMG}
    recheck, emg = events[NEUTRAL_RECHECK], events[NEUTRAL_EMG]
    assert recheck.start == san.date + datetime.timedelta(days=RECHECK_DAYS)
    # The trouble started during the massage: the window opens three weeks after it.
    assert emg.start == massage.date + datetime.timedelta(days=EMG_WINDOW_FROM_DAY)
    for event in (recheck, emg):
        assert type(event.start) is datetime.date
        assert event.end == event.start + datetime.timedelta(days=1)


def test_the_emg_date_is_the_one_the_page_says(owner_client, massage, san):
    html = page_html(owner_client.get(san.get_absolute_url()))
    emg = _events(_download(owner_client, san))[NEUTRAL_EMG]

    assert f"from around {emg.start.day} {emg.start:%B}" in html


def test_it_is_a_download_that_no_one_keeps(owner_client, san):
    response = _download(owner_client, san)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="massagecare-dates.ics"'
    assert "no-store" in response["Cache-Control"]


def test_by_default_the_file_names_no_health_word(owner_client, san):
    response = _download(owner_client, san)

    assert HEALTH_WORD.findall(_unfolded(response)) == []
    assert set(_events(response)) == {NEUTRAL_RECHECK, NEUTRAL_EMG}


def test_each_event_links_back_to_the_check_in(owner_client, san):
    link = f"http://testserver{san.get_absolute_url()}"

    for event in _events(_download(owner_client, san)).values():
        assert link in str(event["DESCRIPTION"])
        assert str(event["URL"]) == link


def test_ticking_the_box_names_the_reason(owner_client, massage, san):
    response = _download(owner_client, san, reason="1")
    events = _events(response)

    assert set(events) == {NAMED_RECHECK, NAMED_EMG}
    # The same check as for the neutral file finds them: it is not vacuous.
    assert {"symptoms", "nerve", "emg"} <= {
        w.lower() for w in HEALTH_WORD.findall(_unfolded(response))
    }
    assert events[NAMED_EMG].start == massage.date + datetime.timedelta(days=EMG_WINDOW_FROM_DAY)
    assert "nerve test (EMG)" in str(events[NAMED_EMG]["DESCRIPTION"])


@pytest.mark.parametrize("value", ["0", "on", "yes", ""])
def test_anything_but_the_box_s_own_value_keeps_the_titles_neutral(owner_client, san, value):
    response = _download(owner_client, san, reason=value)

    assert set(_events(response)) == {NEUTRAL_RECHECK, NEUTRAL_EMG}
    assert HEALTH_WORD.findall(_unfolded(response)) == []


def test_the_events_keep_their_ids_so_a_second_download_updates_them(owner_client, san):
    def uids(**query):
        return sorted(
            str(e["UID"]) for e in _events(_download(owner_client, san, **query)).values()
        )

    first = uids()

    assert first == [
        f"massagecare-checkin-{san.pk}-doctor@testserver",
        f"massagecare-checkin-{san.pk}-recheck@testserver",
    ]
    assert uids() == first
    assert uids(reason="1") == first


def test_the_events_are_private_free_time_with_a_reminder_at_nine(owner_client, san):
    for event in _events(_download(owner_client, san)).values():
        assert event["CLASS"] == "PRIVATE"
        assert event["TRANSP"] == "TRANSPARENT"
        (alarm,) = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm["TRIGGER"].dt == datetime.timedelta(hours=9)
        assert alarm["TRIGGER"].params["RELATED"] == "START"


def test_the_dates_are_the_person_s_own_whatever_their_time_zone(
    owner_client, owner, san, today, time_machine
):
    # At noon UTC it is already tomorrow in Kiritimati (UTC+14) and still today in Pago Pago
    # (UTC-11): all-day dates carry no time zone, so the file is the same for both.
    noon = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)
    time_machine.move_to(noon, tick=False)
    files = {}
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"):
        owner.time_zone = zone
        owner.save(update_fields=["time_zone"])
        files[zone] = _download(owner_client, san).content

    assert files["Pacific/Kiritimati"] == files["Pacific/Pago_Pago"] == files["UTC"]
    calendar = Calendar.from_ical(files["UTC"])
    assert "TZID" not in files["UTC"].decode()
    assert not calendar.walk("VTIMEZONE")
    recheck = next(e for e in calendar.walk("VEVENT") if "recheck" in str(e["UID"]))
    assert recheck.start == datetime.date.fromisoformat(san.assessment["recheck_on"])
    assert recheck["DTSTAMP"].dt == noon


def test_without_an_emg_window_only_the_recheck_is_offered(owner_client, make_massage, owner):
    # Day 30 of the same pattern: the window opened on day 21 and the page says "ask now".
    massage = make_massage(owner, days_ago=30)
    checkin = save_checkin(massage, 30, **SAN_LEFT)
    assert checkin.assessment["emg_timing"] == "in_window"

    events = _events(_download(owner_client, checkin))

    assert list(events) == [NEUTRAL_RECHECK]


def test_soreness_without_a_nerve_pattern_has_only_the_recheck(owner_client, massage):
    checkin = save_checkin(
        massage,
        2,
        symptoms=[
            {
                "kind": "ache",
                "region": "shoulder_top",
                "side": "left",
                "nprs": 2,
                "pressed_or_moved_only": True,
            }
        ],
        course="better",
    )
    assert checkin.assessment["emg_timing"] is None

    assert list(_events(_download(owner_client, checkin))) == [NEUTRAL_RECHECK]


def test_an_emg_already_done_is_not_asked_for_again(owner_client, massage):
    checkin = save_checkin(massage, 5, emg_done=True, **SAN_LEFT)
    assert checkin.assessment["emg_timing"] == "before_window"

    assert list(_events(_download(owner_client, checkin))) == [NEUTRAL_RECHECK]


def test_an_emg_reported_at_another_check_in_counts_too(owner_client, massage, san):
    save_checkin(massage, 5, emg_done=True, **SAN_LEFT)

    assert list(_events(_download(owner_client, san))) == [NEUTRAL_RECHECK]


def test_a_check_in_that_names_no_date_goes_back_to_its_page(owner_client, massage):
    # No symptom: level NONE, no recheck date and no nerve pattern.
    checkin = save_checkin(massage, 5)
    assert checkin.assessment["recheck_on"] is None

    response = owner_client.get(_url(checkin), follow=True)

    assert response.redirect_chain == [(checkin.get_absolute_url(), 302)]
    assert "This check-in names no date to add to a calendar." in response.content.decode()


def test_a_check_in_not_assessed_yet_goes_to_its_page_to_be_assessed(owner_client, checkin):
    assert checkin.assessment is None

    response = owner_client.get(_url(checkin))

    assert response.status_code == 302
    assert response["Location"] == checkin.get_absolute_url()


def test_it_checks_ownership(other_client, san):
    assert other_client.get(_url(san)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, san):
    assert_sent_to_log_in(client.get(_url(san)), _url(san))


def test_it_is_get_only(owner_client, san):
    assert owner_client.post(_url(san)).status_code == 405


@pytest.mark.parametrize("earlier", [1, 40])
def test_it_runs_the_same_queries_whatever_the_history(
    owner_client, massage, make_checkin, django_assert_num_queries, earlier
):
    for day in range(earlier):
        make_checkin(massage, date=massage.date + datetime.timedelta(days=day % 5))
    checkin = save_checkin(massage, 5, **SAN_LEFT)
    # 1 session, 2 user, 3 the check-in with its massage, 4 "was an EMG reported?".
    with django_assert_num_queries(4):
        _download(owner_client, checkin)


# --- The block on the assessment page --------------------------------------------------------


def _block(html):
    start = html.index('data-testid="calendar-block"')
    return html[start : html.index("</section>", start)]


def test_the_page_offers_the_dates_with_the_box_unticked(owner_client, san):
    html = page_html(owner_client.get(san.get_absolute_url()))
    block = _block(html)

    assert "Add these dates to your calendar" in block
    assert f'<form method="get" action="{_url(san)}">' in block
    assert (
        '<input class="form-check-input" type="checkbox" name="reason" value="1" '
        'id="calendar-reason">'
    ) in block
    assert '<label class="form-check-label" for="calendar-reason">' in block
    assert "people who see your calendar will read it" in block
    assert '<button type="submit"' in block
    # Near the date it offers, and with nothing the CSP would block.
    assert html.index('id="recheck-title"') < html.index('data-testid="calendar-block"')
    assert "style=" not in block and "<script" not in block


def test_at_an_emergency_the_block_comes_after_the_emergency_advice(owner_client, massage):
    checkin = save_checkin(massage, 1, red_flags=["face_droop"], **SAN_LEFT)
    assert checkin.assessment["level"] == "EMERGENCY_NOW"
    assert checkin.assessment["emg_timing"] == "before_window"

    html = page_html(owner_client.get(checkin.get_absolute_url()))

    assert html.index('data-testid="emergency-advice"') < html.index('data-testid="calendar-block"')
    assert "the day to ask about a nerve test" in _block(html).lower()


def test_an_earlier_check_in_s_page_leaves_the_dates_to_the_latest(owner_client, massage, san):
    save_checkin(massage, 5, **SAN_LEFT)

    html = page_html(owner_client.get(san.get_absolute_url()))

    assert 'data-testid="calendar-block"' not in html


def test_a_page_without_dates_offers_no_calendar(owner_client, massage):
    checkin = save_checkin(massage, 5)

    html = page_html(owner_client.get(checkin.get_absolute_url()))

    assert 'data-testid="calendar-block"' not in html
