"""The doctor report: the printable page and the PDF download of one massage, written for a
clinician, on one A4 page for a course of up to 12 check-ins."""

import datetime
import io
import itertools
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from tests.helpers import (
    SAN_LEFT,
    assert_hides,
    assert_sent_to_log_in,
    assert_shows,
    page_html,
    save_checkin,
)
from tracker.case_export import massage_case
from tracker.charts import Chart, Series
from tracker.management.commands.seed_demo import DEMO_EMAIL
from tracker.models import CheckIn, Massage, PatternFeedback, SideFunction, Symptom
from tracker.report import (
    EMG_QUESTION,
    NOTE_CHARS,
    NOTES_BUDGET,
    NOTES_SHOWN,
    OLDER_ROWS,
    RECENT_DATES,
    SIDES_NOTE,
    build_timeline,
    clinician_chart,
    emg_timing_words,
    grouped_reasons,
)
from tracker.triage import assess
from tracker.views.reports import PDF_BASE_URL, StaticFilesOnly

pytestmark = pytest.mark.django_db

SAN_LEVEL = "See a doctor within a few days, and ask about a nerve test (EMG)"
# A4 in PostScript points (210 x 297 mm), as WeasyPrint writes it.
A4 = (595.28, 841.89)
# Where a run keeps the 12-check-in PDF to look at (the browser tests' folder), when it exists.
ARTIFACT_DIR = Path(__file__).resolve().parents[1] / "test-artifacts"
SECOND_PERSON = re.compile(r"\byou(r|rs|rself)?\b", re.IGNORECASE)
# What the patient's own pages tell them to do; the report for the doctor leaves it out.
PATIENT_ADVICE = ("Book a doctor", "Keep checking in", "Ask your doctor", "check in again")


def _page(client, massage, **options):
    """The page as it opens (GET), or with the options the person chose (the form's POST)."""
    url = reverse("massage_report", args=[massage.pk])
    return client.post(url, options) if options else client.get(url)


def _pdf(client, massage, **options):
    """The PDF, as the page's "Download PDF" button posts it."""
    return client.post(reverse("massage_report_pdf", args=[massage.pk]), options)


def _pdf_form(html):
    """The page's form that posts the PDF: its action and hidden fields."""
    return re.search(r'<form [^>]*class="report-pdf-form".*?</form>', html, re.DOTALL).group(0)


# Every address in a page: links, forms, images, scripts and stylesheets.
ADDRESSES = re.compile(r'(?:href|action|src|formaction)="([^"]*)"')


def _pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def _is_one_a4_page(reader):
    """One page, and that page A4 (to a tenth of a point)."""
    if len(reader.pages) != 1:
        return False
    box = reader.pages[0].mediabox
    return abs(float(box.width) - A4[0]) < 0.1 and abs(float(box.height) - A4[1]) < 0.1


def _second_person(text):
    return sorted({match.group(0) for match in SECOND_PERSON.finditer(text)})


def _body(html):
    """The report itself: the page without its tools, navigation and banners."""
    return html.split('<article class="report"', 1)[1].split("</article>", 1)[0]


# The people who may see it.


def test_the_owner_sees_the_massage_the_assessment_and_the_emg_question(owner_client, massage):
    checkin = save_checkin(massage, 5, **SAN_LEFT)
    assert_shows(
        page_html(_page(owner_client, massage)),
        "Symptoms after a massage: a report for the doctor",
        "Deep tissue",
        "Side of the neck (left); Top of the shoulder (left)",
        "Very firm",
        "Elbow or forearm",
        "During the massage",
        SAN_LEVEL,
        "The nerve that works the trapezius muscle (spinal accessory nerve)",
        # The answers that set the pattern off, about the patient.
        "lifting the left arm out to the side (abduction): only with trunk compensation or "
        "great effort",
        EMG_QUESTION,
        f"Day {checkin.assessment['d_onset']} since onset",
        "Not a diagnosis",
        'id="print-button"',
        f'action="{reverse("massage_report_pdf", args=[massage.pk])}"',
    )


def test_another_person_gets_not_found(other_client, massage):
    assert _page(other_client, massage).status_code == 404
    assert _pdf(other_client, massage).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, massage):
    for name in ("massage_report", "massage_report_pdf"):
        url = reverse(name, args=[massage.pk])
        response = client.get(url)
        assert_sent_to_log_in(response, url)


def test_the_page_answers_get_and_post_and_the_pdf_post_only(owner_client, massage):
    assert owner_client.put(reverse("massage_report", args=[massage.pk])).status_code == 405
    assert owner_client.get(reverse("massage_report_pdf", args=[massage.pk])).status_code == 405


def test_neither_the_page_nor_the_pdf_is_kept_in_a_cache(owner_client, massage):
    save_checkin(massage, 2, **SAN_LEFT)
    assert "no-store" in _page(owner_client, massage)["Cache-Control"]
    assert "no-store" in _page(owner_client, massage, name="Ada Lovelace")["Cache-Control"]
    assert "no-store" in _pdf(owner_client, massage, name="Ada Lovelace")["Cache-Control"]


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


def test_the_pdf_button_posts_the_name(owner_client, massage):
    html = _page(owner_client, massage, name="Ada & Co").content.decode()
    form = _pdf_form(html)
    assert f'action="{reverse("massage_report_pdf", args=[massage.pk])}"' in form
    assert '<input type="hidden" name="name" value="Ada &amp; Co">' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="notes"' not in form


def test_the_name_never_travels_in_an_address(owner_client, massage):
    # An address stays in the browser's history and in every proxy's log: the name given in
    # one is not printed, and the page never puts the name it was posted in one.
    save_checkin(massage, 2, **SAN_LEFT)
    url = reverse("massage_report", args=[massage.pk])
    opened = owner_client.get(url, {"name": "Ada Lovelace", "notes": "on"}).content.decode()
    assert_hides(opened, "Ada", 'data-testid="report-notes"')
    assert 'name="notes" value="on"' not in opened

    posted = _page(owner_client, massage, name="Ada Lovelace", notes="on").content.decode()
    assert '<dd class="user-text" data-testid="report-name">Ada Lovelace</dd>' in posted
    addresses = ADDRESSES.findall(posted)
    assert f"{url}" in addresses
    assert [address for address in addresses if "Ada" in address or "?" in address] == []


def test_the_pdf_with_a_too_long_name_shows_the_page_to_say_so(owner_client, massage):
    response = _pdf(owner_client, massage, name="A" * 101)
    assert response.status_code == 200
    assert "Location" not in response
    html = response.content.decode()
    assert "Ensure this value has at most 100 characters (it has 101)." in html
    assert f'value="{"A" * 101}"' in html


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
    assert "The patient says this pattern does not fit" in html
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
    assert "One side of the face drooping" in _body(html)  # in the timeline's warning signs
    # The page's banner still speaks to the person reading it; the report does not.
    assert "emergency-banner" in html.split('<article class="report"', 1)[0]


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
        "Top of the shoulder (left) 7/10",
        "Palm of the hand (left): tingling",
    ]
    assert first.movements == ["Arm abduction: left unable"]
    assert first.courses == ["Worse (2)"]
    assert first.red_flags == ["Fever or chills"]
    assert first.events == ["Doctor visit"]
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


def test_the_timeline_gives_the_signs_seen_on_each_side_in_the_same_query(
    massage, make_checkin, django_assert_num_queries
):
    make_checkin(
        massage,
        date=massage.date + datetime.timedelta(days=3),
        functions={
            "left": {"arm_side_lift": "harder", "blade_sticks_out": True, "shoulder_lower": True},
            "right": {"arm_side_lift": "easy", "shrug_weaker": False},
        },
    )
    with django_assert_num_queries(6):
        timeline = build_timeline(massage)
    row = timeline.rows[0]
    assert row.movements == ["Arm abduction: left harder, right easy"]
    assert row.signs == ["Left: shoulder droop, scapular winging"]  # a "no" is not a sign


def test_reasons_that_share_a_lead_are_said_once():
    reasons = [
        "Latest check-in: lifting the left arm out to the side (abduction): unable",
        "The massage pressure was very firm",
        "Latest check-in: shoulder blade sticks out on the left",
        "The massage included: side of the neck (left)",
    ]
    assert grouped_reasons(reasons) == [
        "Latest check-in: lifting the left arm out to the side (abduction): unable; "
        "shoulder blade sticks out on the left",
        "The massage pressure was very firm",
        "The massage included: side of the neck (left)",
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
    # Up to 24 timeline rows for a long history: one page is promised for up to 12 check-ins.
    assert len(reader.pages) <= 2
    assert EMG_QUESTION in text


def test_the_notes_add_one_query_whatever_the_history(
    owner_client, long_history, django_assert_num_queries
):
    CheckIn.objects.filter(massage=long_history).update(notes="Still aching.")
    # The page's nineteen queries, and 20 the latest notes (one more than shown, to know
    # whether earlier ones are left out).
    with django_assert_num_queries(20):
        response = _page(owner_client, long_history, notes="on")
    assert response.content.decode().count("Still aching.") == NOTES_SHOWN
    # The notes are never cached with the record: the PDF then takes the first four queries
    # (session, user, massage, cache key) and the notes.
    with django_assert_num_queries(5):
        _pdf(owner_client, long_history, notes="on")


# Written for a clinician.


def test_it_speaks_of_the_patient_and_gives_none_of_the_patient_s_advice(owner_client, massage):
    save_checkin(massage, 5, **SAN_LEFT)
    body = _body(page_html(_page(owner_client, massage)))
    assert _second_person(body) == []
    assert_hides(body, *PATIENT_ADVICE, "your left")
    # "left" is the patient's own, said once at the top.
    assert body.count(escape(SIDES_NOTE)) == 1
    _, text = _pdf_text(_pdf(owner_client, massage))
    assert _second_person(text) == []
    assert SIDES_NOTE in text


def test_a_doctor_s_visit_and_a_warning_sign_reported_before_are_said_for_the_doctor(
    owner_client, massage
):
    # 10.2 and 10.4: a fever on day 2, no doctor since, still counts on day 5.
    save_checkin(massage, 2, red_flags=["fever"], **SAN_LEFT)
    save_checkin(massage, 4, **SAN_LEFT)
    html = page_html(_page(owner_client, massage))
    assert_shows(
        html,
        "Warning signs reported earlier:",
        "not yet seen by a doctor",
        "Fever or chills: reported",
    )
    # 10.3: once a doctor has seen the patient, the report says when.
    save_checkin(massage, 5, seen_doctor=True, seen_doctor_answered=True, **SAN_LEFT)
    body = _body(page_html(_page(owner_client, massage)))
    day5 = massage.date + datetime.timedelta(days=5)
    assert f"Seen by a doctor on {day5.day} {day5:%B %Y}" in body
    assert "seen by a doctor since" in body


def test_a_carried_answer_says_where_it_came_from(owner_client, massage):
    # 10.5: the movement questions skipped on day 4; day 2's answers still count.
    save_checkin(massage, 2, **SAN_LEFT)
    save_checkin(massage, 4, symptoms=SAN_LEFT["symptoms"], course="same", movement_done=True)
    body = _body(page_html(_page(owner_client, massage)))
    day2 = massage.date + datetime.timedelta(days=2)
    assert f"(carried from the answer of {day2.day} {day2:%B})" in body


def test_the_charts_name_their_lines_as_the_timeline_does():
    chart = Chart(
        key="movement",
        title="Movement and strength",
        series=[
            Series("arm_side_lift-left", "Lift arm out to the side (your left)", [(1, 2)]),
            Series("neck_side-right", "Side of the neck (your right)", [(1, 4)]),
        ],
    )
    relabelled = clinician_chart(chart)
    assert [line.label for line in relabelled.series] == [
        "Arm abduction (left)",
        "Side of the neck (right)",
    ]
    assert chart.series[0].label == "Lift arm out to the side (your left)"  # a copy


@pytest.mark.parametrize(
    ("timing", "day", "words"),
    [
        ("before_window", 10, "Day 10 since onset. EMG shows denervation best from about three"),
        ("in_window", 30, "Day 30 since onset: within the window"),
        ("specialist_question", 100, "is a referral to a nerve specialist indicated?"),
        ("done", 40, "The patient reports an EMG already done"),
        ("improving", 30, "the answers show it improving: is an EMG still needed?"),
    ],
)
def test_the_emg_timing_is_said_to_a_clinician(timing, day, words):
    text = emg_timing_words({"emg_timing": timing, "d_onset": day, "as_of": "2026-03-20"})
    assert words in text
    assert _second_person(text) == []


# The person's own notes, only when they choose.


def test_the_notes_appear_only_when_the_person_chooses_them(owner_client, massage):
    massage.notes = "She leaned on my shoulder with her elbow."
    massage.save()
    save_checkin(massage, 2, notes="Cannot hang the <b>washing</b> up.", **SAN_LEFT)
    without = page_html(_page(owner_client, massage))
    assert "Include my notes" in without
    assert_hides(without, "hang the", "leaned on my shoulder", 'data-testid="report-notes"')
    _, text = _pdf_text(_pdf(owner_client, massage))
    assert "washing" not in text and "leaned" not in text

    html = page_html(_page(owner_client, massage, notes="on"))
    assert_shows(
        html,
        "In the patient's own words",
        "She leaned on my shoulder with her elbow.",
        "Cannot hang the &lt;b&gt;washing&lt;/b&gt; up.",  # as text, never markup
    )
    assert re.search(r'<input type="checkbox" name="notes"[^>]* checked', html)  # kept
    assert '<input type="hidden" name="notes" value="on">' in _pdf_form(html)
    _, text = _pdf_text(_pdf(owner_client, massage, notes="on"))
    assert "Cannot hang the <b>washing</b> up." in text


def test_the_pdf_button_posts_the_name_and_the_notes(owner_client, massage):
    form = _pdf_form(page_html(_page(owner_client, massage, name="Ada", notes="on")))
    assert '<input type="hidden" name="name" value="Ada">' in form
    assert '<input type="hidden" name="notes" value="on">' in form


def test_long_and_many_notes_are_cut_to_keep_one_page(owner_client, massage):
    massage.date -= datetime.timedelta(days=20)
    massage.save()
    for day in range(NOTES_SHOWN + 2):
        save_checkin(massage, day, notes=f"Note {day}. " + "word " * 100, **SAN_LEFT)
    html = page_html(_page(owner_client, massage, notes="on"))
    notes = html.split('data-testid="report-notes"', 1)[1].split("</section>", 1)[0]
    shown = [day for day in range(NOTES_SHOWN + 2) if f"Note {day}." in notes]
    # The latest ones, as many as the budget holds, each cut near NOTE_CHARS.
    assert shown == list(range(NOTES_SHOWN + 2 - len(shown), NOTES_SHOWN + 2))
    assert len(shown) == NOTES_BUDGET // NOTE_CHARS
    assert "word " * 40 not in notes
    assert (
        f"Only the latest {len(shown)} check-in notes are shown, and long notes are shortened"
        in notes
    )


def test_nothing_of_the_notes_choice_is_stored(owner_client, massage):
    save_checkin(massage, 2, notes="Aching.", **SAN_LEFT)

    def stored():
        return [list(model.objects.values()) for model in (Massage, CheckIn)]

    before = stored()
    _page(owner_client, massage, notes="on")
    _pdf(owner_client, massage, notes="on")
    assert stored() == before
    assert "notes" not in owner_client.session


# One A4 page for the demo story and for a course of 12 check-ins.


def _demo_massage():
    call_command("seed_demo", stdout=io.StringIO())
    # The demo's deep-tissue massage with its nerve story: 12 check-ins over 33 days.
    return Massage.objects.filter(owner__email=DEMO_EMAIL).order_by("-date").first()


def test_the_demo_story_prints_on_one_a4_page_with_its_notes(client):
    massage = _demo_massage()
    client.force_login(massage.owner)
    for params in ({}, {"name": "Ada Lovelace", "notes": "on"}):
        reader, text = _pdf_text(_pdf(client, massage, **params))
        assert _is_one_a4_page(reader), len(reader.pages)
    assert_shows(
        text,
        "Ada Lovelace",
        SIDES_NOTE,
        "The massage",
        "Regions worked",
        SAN_LEVEL,
        EMG_QUESTION,
        "Symptom timeline",
        "Arm abduction (left)",  # the movement chart's legend, on the same page
        "In the patient's own words",
        "Woke twice in the night",
    )
    notes = text.split("In the patient's own words", 1)[1]
    assert _second_person(text.replace(notes, "")) == []


NOTE = (
    "Tingling in my right fingers again this morning, worse when I cough; the left shoulder "
    "still aches and I cannot lift the kettle with that arm."
)


def _twelve_checkin_course(massage):
    """Twelve check-ins over five weeks, each with a note: a left spinal accessory pattern, a
    right cervical root pattern, a fever reported on day 6, the movement questions skipped
    once (carried), and a doctor's visit on day 20."""
    for number, day in enumerate((1, 2, 4, 6, 8, 10, 13, 16, 20, 24, 29, 34)):
        worse = number < 6
        save_checkin(
            massage,
            day,
            symptoms=[
                {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 7 - number // 3},
                {"kind": "sharp", "region": "neck_side", "side": "left", "nprs": 5},
                {"kind": "tingling", "region": "finger_index", "side": "right"},
            ],
            functions={}
            if number == 7
            else {
                "left": {
                    "arm_side_lift": "cannot" if worse else "great_effort",
                    "arm_forward_overhead": "harder",
                    "blade_sticks_out": True,
                    "blade_visible_when": "lifting_sideways",
                    "shoulder_lower": True,
                    "shrug_weaker": True,
                },
                "right": {"arm_side_lift": "easy"},
            },
            movement_done=number == 7,
            weakness_type="weak_even_when_pain_mild",
            neck_move_or_cough_provokes_arm=True,
            red_flags=["fever"] if day == 6 else [],
            course="" if number == 0 else ("worse" if worse else "same"),
            seen_doctor=day == 20,
            seen_doctor_answered=day == 20,
            notes=f"Day {day}. {NOTE}",
        )


def test_a_course_of_12_checkins_with_notes_prints_on_one_a4_page(owner_client, massage):
    massage.date -= datetime.timedelta(days=40)
    massage.notes = "The therapist pressed hard with her elbow on the side of my neck."
    massage.save()
    _twelve_checkin_course(massage)
    latest = massage.checkins.order_by("-date").first()
    assert len(latest.assessment["fired"]) >= 2  # several patterns

    response = _pdf(owner_client, massage, name="Ada Lovelace", notes="on")
    if ARTIFACT_DIR.is_dir():
        (ARTIFACT_DIR / "report-12-checkins.pdf").write_bytes(response.content)
    reader, text = _pdf_text(response)
    assert _is_one_a4_page(reader), len(reader.pages)
    assert_shows(
        text,
        "12 check-ins",
        "The nerve that works the trapezius muscle (spinal accessory nerve), left",
        "A nerve root in the neck (cervical radiculopathy), right",
        "Fever or chills",
        EMG_QUESTION,
        "Seen by a doctor on",
        "Day 34.",  # the latest note
        "The therapist pressed hard",
    )
    notes = text.split("In the patient's own words", 1)[1]
    assert _second_person(text.replace(notes, "")) == []
    assert_hides(text, *PATIENT_ADVICE)
    # Without the notes it is one page too.
    reader, _ = _pdf_text(_pdf(owner_client, massage))
    assert _is_one_a4_page(reader)
