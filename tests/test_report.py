"""The doctor report: the printable page and the PDF download of one massage."""

import datetime
import io
import itertools

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.helpers import SAN_LEFT, assert_sent_to_log_in, assert_shows, page_html, save_checkin
from tracker.case_export import massage_case
from tracker.models import CheckIn, PatternFeedback, SideFunction, Symptom
from tracker.report import (
    EMG_QUESTION,
    OLDER_ROWS,
    RECENT_DATES,
    build_timeline,
    grouped_reasons,
)
from tracker.triage import assess
from tracker.views.reports import PDF_BASE_URL, StaticFilesOnly

pytestmark = pytest.mark.django_db

SAN_LEVEL = "See a doctor within a few days, and ask about a nerve test (EMG)"


def _page(client, massage, **params):
    return client.get(reverse("massage_report", args=[massage.pk]), params)


def _pdf(client, massage, **params):
    return client.get(reverse("massage_report_pdf", args=[massage.pk]), params)


def _pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


# The people who may see it.


def test_the_owner_sees_the_massage_the_assessment_and_the_emg_question(owner_client, massage):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
    assert_shows(
        page_html(_page(owner_client, massage)),
        "Symptoms after a massage: a report for the doctor",
        "Deep tissue",
        "Side of the neck (your left); Top of the shoulder (your left)",
        "Very firm",
        "Elbow or forearm",
        "During the massage",
        SAN_LEVEL,
        "The nerve that works the trapezius muscle (spinal accessory nerve)",
        "great effort",  # the answer that set the pattern off, in plain words
        EMG_QUESTION,
        f"It is day {checkin.assessment['d_onset']} since the trouble started",
        "not a diagnosis",
        'id="print-button"',
        reverse("massage_report_pdf", args=[massage.pk]),
    )


def test_another_person_gets_not_found(other_client, massage):
    assert _page(other_client, massage).status_code == 404
    assert _pdf(other_client, massage).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, massage):
    for name in ("massage_report", "massage_report_pdf"):
        url = reverse(name, args=[massage.pk])
        response = client.get(url)
        assert_sent_to_log_in(response, url)


def test_it_only_answers_get(owner_client, massage):
    assert owner_client.post(reverse("massage_report", args=[massage.pk])).status_code == 405
    assert owner_client.post(reverse("massage_report_pdf", args=[massage.pk])).status_code == 405


def test_neither_the_page_nor_the_pdf_is_kept_in_a_cache(owner_client, massage):
    save_checkin(massage, 2, **SAN_LEFT)
    assert "no-store" in _page(owner_client, massage)["Cache-Control"]
    assert "no-store" in _pdf(owner_client, massage)["Cache-Control"]


# The name the person chooses to print.


def test_the_name_appears_only_when_the_person_gives_it(owner_client, massage):
    save_checkin(massage, 2, **SAN_LEFT)
    without = _page(owner_client, massage).content.decode()
    assert 'data-testid="report-name"' not in without
    assert "Name to print on the report (optional)" in without
    html = _page(owner_client, massage, name="Ada Lovelace").content.decode()
    assert '<dd class="user-text" data-testid="report-name">Ada Lovelace</dd>' in html
    assert 'value="Ada Lovelace"' in html  # kept in the field


def test_the_name_is_shown_as_text_never_as_markup(owner_client, massage):
    response = _page(owner_client, massage, name="<script>alert(1)</script>")
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_a_name_longer_than_100_characters_is_refused_next_to_the_field_and_kept(
    owner_client, massage
):
    long_name = "A" * 101
    response = _page(owner_client, massage, name=long_name)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value has at most 100 characters (it has 101)." in html
    assert f'value="{long_name}"' in html
    assert 'data-testid="report-name"' not in html


def test_the_pdf_link_carries_the_name(owner_client, massage):
    html = _page(owner_client, massage, name="Ada & Co").content.decode()
    pdf_url = reverse("massage_report_pdf", args=[massage.pk])
    assert f'href="{pdf_url}?name=Ada+%26+Co"' in html


def test_the_pdf_with_a_too_long_name_goes_back_to_the_page_to_say_so(owner_client, massage):
    response = _pdf(owner_client, massage, name="A" * 101)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("massage_report", args=[massage.pk]) + "?")


def test_nothing_of_the_name_is_stored(owner_client, owner, massage):
    checkin = save_checkin(massage, 2, **SAN_LEFT)
    _page(owner_client, massage, name="Ada Lovelace")
    _pdf(owner_client, massage, name="Ada Lovelace")
    owner.refresh_from_db()
    massage.refresh_from_db()
    checkin.refresh_from_db()
    assert "Ada" not in repr(owner.__dict__) + repr(massage.__dict__) + repr(checkin.__dict__)


# The PDF.


def test_the_pdf_is_a_valid_pdf_holding_the_level_and_the_emg_question(owner_client, massage):
    save_checkin(massage, 5, **SAN_LEFT)
    response = _pdf(owner_client, massage, name="Ada Lovelace")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="massagecare-report-{massage.date:%Y-%m-%d}.pdf"'
    )
    reader, text = _pdf_text(response)
    assert len(reader.pages) == 1
    assert SAN_LEVEL in text
    assert EMG_QUESTION in text
    assert "Ada Lovelace" in text
    assert "Symptom timeline" in text


def test_the_pdf_has_no_name_unless_one_is_given(owner_client, massage):
    save_checkin(massage, 5, **SAN_LEFT)
    _, text = _pdf_text(_pdf(owner_client, massage))
    assert "Name " not in text
    assert "Ada" not in text


# Without any check-in.


def test_the_report_of_a_massage_without_a_checkin_says_there_is_none_yet(owner_client, massage):
    html = _page(owner_client, massage).content.decode()
    assert "There is no check-in yet" in html
    assert "Symptom timeline" not in html
    assert "not a diagnosis" in html
    _, text = _pdf_text(_pdf(owner_client, massage))
    assert "There is no check-in yet" in text


# What the report says.


def test_a_pattern_the_person_says_does_not_fit_is_shown_with_their_words(owner_client, massage):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
    PatternFeedback.objects.create(
        checkin=checkin, rule_id="PAT-SAN", side="left", note="My blade was always <b>so</b>"
    )
    html = _page(owner_client, massage).content.decode()
    assert "The person says this does not fit them" in html
    assert "My blade was always &lt;b&gt;so&lt;/b&gt;" in html


def test_the_report_gives_the_age_and_risk_context(owner_client, owner, make_massage):
    massage = make_massage(owner, age_band="40-49", previous_blood_clot=True)
    html = _page(owner_client, massage).content.decode()
    assert "40 to 49" in html
    assert "Had a blood clot before" in html


def test_an_emergency_level_is_named_first_in_the_assessment(owner_client, massage):
    save_checkin(massage, 1, red_flags=["face_droop"], **SAN_LEFT)
    html = _page(owner_client, massage).content.decode()
    assert "Get emergency help now" in html
    assert "One side of your face drooping" in html  # in the timeline's warning signs


def test_the_timeline_gives_each_date_its_worst_pain_and_movement(massage, make_checkin):
    day = massage.date + datetime.timedelta(days=2)
    make_checkin(
        massage,
        date=day,
        course="worse",
        symptoms=[{"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 4}],
        functions={"left": {"arm_side_lift": "harder"}},
    )
    make_checkin(
        massage,
        date=day,
        course="worse",
        red_flags=["fever"],
        seen_doctor=True,
        symptoms=[
            {"kind": "sharp", "region": "shoulder_top", "side": "left", "nprs": 7},
            {"kind": "tingling", "region": "hand_palm", "side": "left"},
        ],
        functions={"left": {"arm_side_lift": "cannot"}},
    )
    make_checkin(massage, date=day + datetime.timedelta(days=1), course="better")
    timeline = build_timeline(massage)
    assert [row.days for row in timeline.rows] == ["2", "3"]
    first = timeline.rows[0]
    assert first.checkins == 2
    assert first.pains == [
        "Top of the shoulder (your left) 7/10",
        "Palm of the hand (your left): tingling or pins and needles",
    ]
    assert first.movements == ["Lift arm out to the side: cannot on your left"]
    assert first.courses == ["Worse (2)"]
    assert first.red_flags == ["Fever or chills"]
    assert first.events == ["Saw a doctor"]
    assert timeline.rows[1].courses == ["Better"]
    assert timeline.seen_doctor and not timeline.emg_done


def test_a_long_history_keeps_the_last_dates_and_groups_the_rest_into_few_periods(
    owner, make_massage
):
    massage = make_massage(owner, days_ago=1100)
    _add_checkins(massage, 1000)
    timeline = build_timeline(massage)
    daily = [row for row in timeline.rows if not row.is_period]
    periods = [row for row in timeline.rows if row.is_period]
    assert len(daily) == RECENT_DATES
    assert 1 <= len(periods) <= OLDER_ROWS
    assert timeline.checkin_count == 1000
    assert sum(row.checkins for row in periods) == 1000 - RECENT_DATES
    assert daily[-1].days == "999"
    assert periods[0].first == massage.date
    # Periods follow each other without a gap or an overlap.
    for before, after in itertools.pairwise(periods):
        assert before.last < after.first


def test_reasons_that_share_a_lead_are_said_once():
    reasons = [
        "Your latest check-in: lifting your left arm out to the side: you can't",
        "The massage pressure was very firm",
        "Your latest check-in: shoulder blade sticks out on your left",
        "The massage included: side of the neck (your left)",
    ]
    assert grouped_reasons(reasons) == [
        "Your latest check-in: lifting your left arm out to the side: you can't; "
        "shoulder blade sticks out on your left",
        "The massage pressure was very firm",
        "The massage included: side of the neck (your left)",
    ]


# Only our own files reach WeasyPrint.


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/static/css/print.css",
        "http://report.massagecare.invalid/static/css/print.css",
        f"{PDF_BASE_URL}massages/1/",
        f"{PDF_BASE_URL}static/../massagecare/settings.py",
        f"{PDF_BASE_URL}static/css/..%2F..%2Fmassagecare%2Fsettings.py",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ],
)
def test_the_pdf_fetches_nothing_but_our_own_static_files(url):
    with pytest.raises(ValueError):
        StaticFilesOnly().fetch(url)


def test_the_pdf_fetcher_serves_our_stylesheet_from_disk():
    response = StaticFilesOnly().fetch(f"{PDF_BASE_URL}static/css/print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


# Bounded queries.


def _add_checkins(massage, count):
    """``count`` check-ins, one a day, with a symptom each and movement answers on a few."""
    checkins = CheckIn.objects.bulk_create(
        CheckIn(massage=massage, date=massage.date + datetime.timedelta(days=i), course="same")
        for i in range(count)
    )
    Symptom.objects.bulk_create(
        Symptom(checkin=c, kind="ache", region="shoulder_top", side="left", nprs=3 + i % 4)
        for i, c in enumerate(checkins)
    )
    SideFunction.objects.bulk_create(
        SideFunction(checkin=c, side="left", arm_side_lift="great_effort", blade_sticks_out=True)
        for c in checkins[-3:]
    )
    return checkins


def _assess_latest_only(massage):
    """The latest check-in's stored result, from the engine, for a small case: reassessing a
    thousand check-ins one by one would take longer than the test is about."""
    latest = massage.checkins.order_by("-date", "-created_at", "-id").first()
    result = assess(massage_case(massage, [latest], as_of=latest.date))
    latest.assessment = result
    latest.level = result["level"]
    latest.rule_ids = [entry["id"] for entry in result["fired"]]
    latest.save()
    return latest


@pytest.fixture(params=[10, 1000], ids=lambda count: f"{count}_checkins")
def long_history(request, owner, make_massage):
    """A massage three years ago with 10 or 1,000 check-ins, the latest one assessed."""
    massage = make_massage(owner, days_ago=1100)
    _add_checkins(massage, request.param)
    _assess_latest_only(massage)
    return massage


def test_the_page_runs_the_same_queries_whatever_the_history(
    owner_client, long_history, django_assert_num_queries
):
    # 1 session, 2 user, 3 the massage, 4 the span, count, first EMG and latest change of its
    # check-ins (the cache key); the assessment: 5 the latest check-in, 6 the last two
    # check-ins up to it, 7 their symptoms, 8 their movement answers, 9 its feedback; the
    # timeline: 10 the last dates, 11 each row's dates, count, level, doctor and EMG, 12 the
    # course answers, 13 the red flags, 14 the worst pain per place, 15 the worst movement;
    # the charts: 16 pain points, 17 movement points, 18 the changes of level, 19 doctor
    # visits. A second look, with nothing changed, takes the first four only.
    with django_assert_num_queries(19):
        response = _page(owner_client, long_history)
    assert response.status_code == 200
    assert "See a doctor" in response.content.decode()


def test_the_pdf_runs_the_same_queries_whatever_the_history(
    owner_client, long_history, django_assert_num_queries
):
    # The same nineteen queries as the page.
    with django_assert_num_queries(19):
        response = _pdf(owner_client, long_history)
    reader, text = _pdf_text(response)
    assert len(reader.pages) <= 2
    assert EMG_QUESTION in text
