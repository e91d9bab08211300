"""Private pages served from memory (tracker/page_cache.py) until the person's records change.

A second visit runs only the session and user queries and answers the same page with its own
CSRF token and one-time ids; every kind of change to the records (a form, the engine's bulk
write of results, a cascade, a write straight to the database) shows at once; nothing of one
person's pages ever reaches another; settings, "today" and flash messages are honoured.
"""

import datetime
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import save_checkin
from tracker import services
from tracker.checkin_draft import load_draft
from tracker.models import CheckIn, PatternFeedback, SideFunction, Symptom, User

pytestmark = pytest.mark.django_db

ACHE = {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 3, "at_rest": True}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ONE_TIME = re.compile(r'name="submission_id" value="([^"]+)"')
DRAFT = re.compile(r'name="draft" value="([^"]+)"')


def _without_per_request_values(html):
    return DRAFT.sub("", ONE_TIME.sub("", TOKEN.sub("", html)))


@pytest.fixture
def history(massage):
    save_checkin(massage, 1, symptoms=[ACHE], course="same")
    save_checkin(massage, 2, symptoms=[{**ACHE, "nprs": 5}], course="worse")
    return massage


@pytest.fixture
def pages(history):
    latest = history.checkins.order_by("-date").first()
    return {
        "dashboard": reverse("dashboard"),
        "massage": reverse("massage_detail", args=[history.pk]),
        "assessment": reverse("checkin_assessment", args=[latest.pk]),
        "history": reverse("massage_history", args=[history.pk]),
        "history overview": reverse("history_overview"),
        "report": reverse("massage_report", args=[history.pk]),
        "check-in form": reverse("checkin_create", args=[history.pk]),
        "check-in edit form": reverse("checkin_update", args=[latest.pk]),
    }


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as done:
        _get(client, url)
    return len(done)


@pytest.mark.parametrize(
    "page",
    [
        "dashboard",
        "massage",
        "assessment",
        "history",
        "history overview",
        "report",
        "check-in form",
        "check-in edit form",
    ],
)
def test_a_second_visit_reads_only_the_session_and_the_user(
    owner_client, pages, page, django_assert_num_queries
):
    first = _get(owner_client, pages[page])
    # 1 the session, 2 the user, whose records_version is the page's key: nothing else.
    with django_assert_num_queries(2):
        second = _get(owner_client, pages[page])
    assert _without_per_request_values(second) == _without_per_request_values(first)


def test_the_queries_of_a_second_visit_do_not_grow_with_the_history(
    owner_client, owner, make_massage, django_assert_num_queries
):
    massage = make_massage(owner, days_ago=60)
    for day in range(1, 4):
        save_checkin(massage, day, symptoms=[ACHE])
    urls = [reverse("dashboard"), reverse("massage_history", args=[massage.pk])]
    for url in urls:
        _get(owner_client, url)
        with django_assert_num_queries(2):
            _get(owner_client, url)
    for day in range(4, 40):
        save_checkin(massage, day, symptoms=[ACHE])
    for url in urls:
        _get(owner_client, url)
        with django_assert_num_queries(2):
            _get(owner_client, url)


def test_each_copy_has_its_own_csrf_token_and_one_time_ids(owner_client, history):
    first = _get(owner_client, reverse("dashboard"))
    second = _get(owner_client, reverse("dashboard"))

    assert TOKEN.findall(first) and TOKEN.findall(second)
    assert set(TOKEN.findall(first)).isdisjoint(TOKEN.findall(second))
    ids = ONE_TIME.findall(first) + ONE_TIME.findall(second)
    assert len(ids) == 2 and len(set(ids)) == 2
    assert "\x00" not in second


def test_a_form_from_memory_posts_like_a_drawn_one(history):
    # A client that checks CSRF tokens as a browser's requests are checked.
    client = Client(enforce_csrf_checks=True)
    client.force_login(history.owner)
    url = reverse("dashboard")
    _get(client, url)
    page = _get(client, url)  # from memory
    token, one_time = TOKEN.search(page)[1], ONE_TIME.search(page)[1]

    response = client.post(
        reverse("checkin_no_change", args=[history.pk]),
        {"csrfmiddlewaretoken": token, "submission_id": one_time},
    )

    assert response.status_code == 302
    assert CheckIn.objects.filter(submission_id=one_time).count() == 1


def test_a_checkin_form_from_memory_signs_a_new_draft_each_time(owner_client, history):
    url = reverse("checkin_create", args=[history.pk])
    tokens = [DRAFT.search(_get(owner_client, url))[1] for _ in range(3)]

    drafts = [load_draft(t, user=history.owner, massage=history) for t in tokens]
    assert all(drafts)
    assert len({draft["submission_id"] for draft in drafts}) == 3
    assert drafts[1] | {"submission_id": ""} == drafts[2] | {"submission_id": ""}


def _change_by_form(massage):
    save_checkin(massage, 3, symptoms=[{**ACHE, "nprs": 9}], course="worse")


def _change_symptom_directly(massage):
    Symptom.objects.filter(checkin__massage=massage).update(nprs=9)


def _change_movement_directly(massage):
    checkin = massage.checkins.order_by("-date").first()
    SideFunction.objects.create(checkin=checkin, side="left", arm_side_lift="cannot")


def _bulk_write_results(massage):
    checkins = list(massage.checkins.all())
    for checkin in checkins:
        checkin.level = "EMERGENCY_NOW"
    CheckIn.objects.bulk_update(checkins, ["level"])


def _delete_checkin(massage):
    services.checkin_delete(checkin=massage.checkins.order_by("-date").first())


def _delete_in_sql(massage):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM tracker_symptom")


def _give_feedback(massage):
    checkin = massage.checkins.order_by("-date").first()
    PatternFeedback.objects.create(checkin=checkin, rule_id="PAT-SORENESS")


def _edit_massage(massage):
    massage.pressure = "light"
    massage.save()


@pytest.mark.parametrize(
    "change",
    [
        _change_by_form,
        _change_symptom_directly,
        _change_movement_directly,
        _bulk_write_results,
        _delete_checkin,
        _delete_in_sql,
        _give_feedback,
        _edit_massage,
    ],
)
def test_every_change_to_the_records_draws_the_pages_again(
    owner_client, owner, pages, history, change
):
    # The latest check-in's own pages answer 404 once it is deleted.
    shown = [name for name in pages if name not in ("assessment", "check-in edit form")]
    before = _without_per_request_values(_get(owner_client, pages["history"]))
    for name in shown:
        _get(owner_client, pages[name])
        assert _queries(owner_client, pages[name]) == 2, name  # from memory
    version = User.objects.get(pk=owner.pk).records_version

    change(history)

    assert User.objects.get(pk=owner.pk).records_version > version
    for name in shown:
        assert _queries(owner_client, pages[name]) > 2, name  # drawn again
    if change in (_change_by_form, _delete_checkin):
        # What the app writes also moves what the drawings inside are kept by (their own
        # cache, tracker/history_cache.py): the page shows the change.
        assert _without_per_request_values(_get(owner_client, pages["history"])) != before


def test_a_new_checkin_is_on_the_dashboard_at_once(owner_client, history):
    assert "2 check-ins" in _get(owner_client, reverse("dashboard"))

    save_checkin(history, 3, symptoms=[ACHE])

    assert "3 check-ins" in _get(owner_client, reverse("dashboard"))


def test_another_persons_page_is_never_served_from_memory(owner_client, pages, other_user):
    for url in pages.values():
        _get(owner_client, url)
    intruder = Client()
    intruder.force_login(other_user)
    for name, url in pages.items():
        if name in ("dashboard", "history overview"):
            assert "Top of the shoulder" not in _get(intruder, url)
        else:
            assert intruder.get(url).status_code == 404, name


def test_a_change_of_settings_or_of_day_draws_the_page_again(owner_client, owner, history):
    url = reverse("massage_history", args=[history.pk])
    _get(owner_client, url)
    assert _queries(owner_client, url) == 2
    User.objects.filter(pk=owner.pk).update(time_zone="Asia/Tokyo")
    assert _queries(owner_client, url) > 2
    assert _queries(owner_client, url) == 2

    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)):
        assert _queries(owner_client, url) > 2


def test_a_flash_message_is_shown_once_and_never_kept(owner_client, history):
    url = reverse("dashboard")
    _get(owner_client, url)
    response = owner_client.post(reverse("checkin_no_change", args=[history.pk]))
    assert response.status_code == 302

    shown = _get(owner_client, url)
    again = _get(owner_client, url)

    assert "Saved: no change since your check-in" in shown
    assert 'class="messages"' in shown
    assert 'class="messages"' not in again
    assert not list(get_messages(owner_client.get(url).wsgi_request))


def test_the_records_version_never_goes_down(owner, history):
    stale = User.objects.get(pk=owner.pk)
    save_checkin(history, 3, symptoms=[ACHE])
    raised = User.objects.get(pk=owner.pk).records_version
    assert raised > stale.records_version

    stale.country = "DE"
    stale.save()  # writes every field, the old records_version included

    assert User.objects.get(pk=owner.pk).records_version == raised


def test_only_the_owners_version_is_raised(owner, other_user, history, make_massage):
    theirs = make_massage(other_user)
    mine = User.objects.get(pk=owner.pk).records_version
    save_checkin(theirs, 1, symptoms=[ACHE])
    assert User.objects.get(pk=owner.pk).records_version == mine


def test_the_same_report_pdf_is_built_once_per_state_and_options(
    owner_client, history, monkeypatch, django_assert_num_queries
):
    from tracker.views import reports

    built = []
    real = reports.HTML

    def counting(*args, **kwargs):
        built.append(kwargs.get("string", "")[:0])
        return real(*args, **kwargs)

    monkeypatch.setattr(reports, "HTML", counting)
    url = reverse("massage_report_pdf", args=[history.pk])

    first = owner_client.post(url, {"name": ""})
    # 1 session, 2 user: the PDF kept for this person, path and options is handed out again.
    with django_assert_num_queries(2):
        second = owner_client.post(url, {"name": ""})
    named = owner_client.post(url, {"name": "Alex Example"})
    save_checkin(history, 3, symptoms=[ACHE])
    after_a_change = owner_client.post(url, {"name": ""})

    assert first.content == second.content
    assert first["Content-Type"] == second["Content-Type"] == "application/pdf"
    assert len(built) == 3  # the first, the named one, and the one after the change
    assert named.content != first.content and after_a_change.content != first.content
