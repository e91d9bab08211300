"""The history page and the report are drawn once per state of the history (see
tracker/history_cache.py): every save, edit or deletion of a check-in, new stored result,
"doesn't fit me" and edit of the massage shows at once, and nothing of one person's pages
reaches another's."""

import contextlib
import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker import services
from tracker.checkin_draft import empty_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_drawn_each_time(monkeypatch):
    # These tests are about the drawings' own cache: whole pages kept in memory on top of it
    # (tracker/page_cache.py, tests/test_page_cache.py) would answer before it is asked.
    from tracker import page_cache

    monkeypatch.setattr(page_cache, "ENABLED", False)


def _draft(date, pain, **answers):
    draft = empty_draft(date)
    draft.update(
        symptoms=[{"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": pain}],
        functions={"left": {"arm_side_lift": "great_effort", "blade_sticks_out": True}},
        weakness_type="weak_even_when_pain_mild",
        course="same",
    )
    draft.update(answers)
    return draft


def _save(massage, day, pain, checkin=None, **answers):
    date = massage.date + datetime.timedelta(days=day)
    return services.checkin_save(
        massage=massage, draft=_draft(date, pain, **answers), checkin=checkin
    )


def _history(client, massage):
    response = client.get(reverse("massage_history", args=[massage.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _report(client, massage, **options):
    # The options (the name to print) are posted by the page's form; without, the page opens.
    url = reverse("massage_report", args=[massage.pk])
    response = client.post(url, options) if options else client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _main(page):
    # The page's own content, without the CSRF tokens and the one-time ids of forms, which
    # change on every response.
    main = page.split('<main id="main"')[1].split("</main>")[0]
    return re.sub(r'name="(csrfmiddlewaretoken|submission_id)" value="[^"]+"', "", main)


def _pain_row(day, pain):
    return f'<tr><th scope="row">Day {day}</th><td>{pain}</td></tr>'


@pytest.fixture
def history(massage):
    _save(massage, 1, 6)
    _save(massage, 2, 5)
    return massage


def test_a_second_visit_draws_nothing_again(owner_client, history, django_assert_num_queries):
    first = _history(owner_client, history)
    # 1 session, 2 user, 3 the massage, 4 the facts of its check-ins (the cache key).
    with django_assert_num_queries(4):
        second = _history(owner_client, history)
    assert _main(second) == _main(first)
    assert _pain_row(2, 5) in second


def test_a_second_report_reads_only_the_facts(owner_client, history, django_assert_num_queries):
    first = _report(owner_client, history)
    with django_assert_num_queries(4):
        second = _report(owner_client, history)
    assert _main(second) == _main(first)


def test_a_new_checkin_shows_at_once(owner_client, history):
    _history(owner_client, history)
    _report(owner_client, history)

    _save(history, 3, 9)

    page = _history(owner_client, history)
    assert "3 check-ins over 3 days" in page
    assert _pain_row(3, 9) in page
    assert "Top of the shoulder (left) 9/10" in _report(owner_client, history)


def test_an_edit_shows_at_once(owner_client, history):
    checkin = history.checkins.get(date=history.date + datetime.timedelta(days=2))
    assert _pain_row(2, 5) in _history(owner_client, history)

    _save(history, 2, 1, checkin=checkin)

    page = _history(owner_client, history)
    assert _pain_row(2, 1) in page
    assert _pain_row(2, 5) not in page
    assert "Top of the shoulder (left) 1/10" in _report(owner_client, history)


def test_an_edited_sign_shows_at_once_on_the_signs_chart(owner_client, history):
    checkin = history.checkins.get(date=history.date + datetime.timedelta(days=2))
    blade = "Shoulder blade sticks out (your left): yes on 2 days, from day 1 to day 2"
    assert blade in _history(owner_client, history)

    functions = {"left": {"arm_side_lift": "great_effort", "blade_sticks_out": False}}
    _save(history, 2, 5, checkin=checkin, functions=functions)

    page = _history(owner_client, history)
    assert blade not in page
    assert "Shoulder blade sticks out (your left): yes on day 1; no since day 2" in page


def test_a_deletion_shows_at_once(owner_client, history):
    _history(owner_client, history)
    _report(owner_client, history)

    services.checkin_delete(checkin=history.checkins.order_by("-date").first())

    assert "1 check-in over 1 day" in _history(owner_client, history)
    assert "1 check-in, oldest first" in _report(owner_client, history)


def test_an_edit_of_the_massage_shows_at_once(owner_client, history):
    assert "2 check-ins over 2 days" in _history(owner_client, history)
    _report(owner_client, history)

    history.date -= datetime.timedelta(days=1)
    history.save()

    assert "2 check-ins over 3 days" in _history(owner_client, history)
    assert f"{history.date:%-d %B %Y}" in _report(owner_client, history)


def test_a_result_stored_later_shows_at_once(owner_client, massage, make_checkin):
    checkin = make_checkin(massage, date=massage.date + datetime.timedelta(days=1))
    assert "Advice" not in _history(owner_client, massage)  # stored before its result was kept

    # Opening its assessment works the result out and stores it.
    owner_client.get(reverse("checkin_assessment", args=[checkin.pk]))
    checkin.refresh_from_db()
    assert checkin.level

    assert "Advice" in _history(owner_client, massage)


def test_doesnt_fit_me_shows_in_the_report_at_once(owner_client, history):
    latest = history.checkins.order_by("-date").first()
    assert "does not fit" not in _report(owner_client, history)
    url = reverse("assessment_feedback", args=[latest.pk])
    feedback = {"rule_id": "PAT-SAN", "side": "left", "note": "My arm lifts fine"}

    owner_client.post(url, {**feedback, "action": "add"})
    assert "My arm lifts fine" in _report(owner_client, history)

    owner_client.post(url, {**feedback, "action": "remove"})
    assert "does not fit" not in _report(owner_client, history)


def test_the_name_and_the_date_of_the_report_are_never_kept(owner_client, owner, history):
    owner.time_zone = "Pacific/Auckland"
    owner.save()
    with time_machine.travel(datetime.datetime(2030, 5, 1, 10, 0, tzinfo=datetime.UTC)):
        owner_client.force_login(owner)
        assert "Ann Example" in _report(owner_client, history, name="Ann Example")
        assert "Made with MassageCare on 1 May 2030" in _report(owner_client, history)
    # 13:00 UTC is already the next day in Auckland.
    with time_machine.travel(datetime.datetime(2030, 5, 1, 13, 0, tzinfo=datetime.UTC)):
        page = _report(owner_client, history)
    assert "Ann Example" not in page
    assert "Made with MassageCare on 2 May 2030" in page


@contextlib.contextmanager
def _two_people_at_one_frozen_moment(owner_client, owner, other_user):
    """Time stands still (both people's histories get the same timestamps), with the owner
    and another person logged in within it; yields the other person's client."""
    other_client = Client()
    with time_machine.travel(datetime.datetime(2030, 5, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        owner_client.force_login(owner)
        other_client.force_login(other_user)
        yield other_client


def test_nothing_cached_for_one_person_shows_for_another(
    owner, other_user, make_massage, owner_client
):
    # Both histories have the same timestamps and the same number of check-ins.
    with _two_people_at_one_frozen_moment(owner_client, owner, other_user) as other_client:
        mine = make_massage(owner, days_ago=5)
        theirs = make_massage(other_user, days_ago=5)
        _save(mine, 1, 7)
        _save(theirs, 1, 2, notes="theirs")

        assert _pain_row(1, 7) in _history(owner_client, mine)
        assert "Top of the shoulder (left) 7/10" in _report(owner_client, mine)
        page = _history(other_client, theirs)
        report = _report(other_client, theirs)

    assert _pain_row(1, 2) in page
    assert _pain_row(1, 7) not in page
    assert "Top of the shoulder (left) 2/10" in report
    assert "7/10" not in report
    # Another person's massage is still a 404, cached or not.
    assert other_client.get(reverse("massage_history", args=[mine.pk])).status_code == 404
    assert other_client.get(reverse("massage_report", args=[mine.pk])).status_code == 404


def _dashboard(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return _main(response.content.decode())


def test_the_dashboard_reads_the_latest_checkins_once_per_change(
    owner_client, history, django_assert_num_queries
):
    first = _dashboard(owner_client)
    # 1 session, 2 user, 3 the count of massages, 4 the page of massages with the facts of
    # their check-ins (the cache key).
    with django_assert_num_queries(4):
        second = _dashboard(owner_client)
    assert second == first
    assert "Aching pain, 5/10" in second


def test_the_dashboard_shows_a_new_checkin_an_edit_and_a_deletion_at_once(owner_client, history):
    assert "Aching pain, 5/10" in _dashboard(owner_client)

    new = _save(history, 3, 9)
    assert "Aching pain, 9/10" in _dashboard(owner_client)

    _save(history, 3, 2, checkin=new)
    page = _dashboard(owner_client)
    assert "Aching pain, 2/10" in page
    assert "Aching pain, 9/10" not in page

    services.checkin_delete(checkin=new)
    page = _dashboard(owner_client)
    assert "Aching pain, 2/10" not in page
    assert "2 check-ins, the latest on" in page


def test_the_dashboard_of_another_person_shows_none_of_mine(
    owner, other_user, make_massage, owner_client
):
    with _two_people_at_one_frozen_moment(owner_client, owner, other_user) as other_client:
        _save(make_massage(owner, days_ago=5), 1, 7)
        _save(make_massage(other_user, days_ago=5), 1, 2)

        assert "Aching pain, 7/10" in _dashboard(owner_client)
        page = _dashboard(other_client)

    assert "Aching pain, 2/10" in page
    assert "7/10" not in page


def _assessment(client, checkin):
    response = client.get(reverse("checkin_assessment", args=[checkin.pk]))
    assert response.status_code == 200
    return _main(response.content.decode())


def test_a_second_look_at_an_assessment_reads_only_the_facts(
    owner_client, history, django_assert_num_queries
):
    latest = history.checkins.order_by("-date").first()
    first = _assessment(owner_client, latest)
    # 1 session, 2 user, 3 the check-in with its massage, 4 the facts of the massage's
    # check-ins (the cache key, and whether this one is the latest).
    with django_assert_num_queries(4):
        second = _assessment(owner_client, latest)
    assert second == first


def test_an_assessment_shows_at_once_that_a_later_checkin_came(owner_client, history):
    latest = history.checkins.order_by("-date").first()
    check_in_now = reverse("checkin_create", args=[history.pk])
    assert check_in_now in _assessment(owner_client, latest).split("Your next check-in")[1]

    _save(history, 3, 4)

    assert check_in_now not in _assessment(owner_client, latest).split("Your next check-in")[1]


def test_an_assessment_shows_doesnt_fit_me_at_once(owner_client, history):
    latest = history.checkins.order_by("-date").first()
    assert "You told us this doesn't fit you" not in _assessment(owner_client, latest)
    url = reverse("assessment_feedback", args=[latest.pk])
    feedback = {"rule_id": "PAT-SAN", "side": "left", "note": "Fine"}

    owner_client.post(url, {**feedback, "action": "add"})
    assert "You told us this doesn't fit you" in _assessment(owner_client, latest)

    owner_client.post(url, {**feedback, "action": "remove"})
    assert "You told us this doesn't fit you" not in _assessment(owner_client, latest)


@pytest.mark.parametrize("url_name", ["dashboard", "history_overview"])
def test_the_count_of_massages_needs_no_join_with_the_checkins(owner_client, history, url_name):
    with CaptureQueriesContext(connection) as captured:
        owner_client.get(reverse(url_name))

    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"] and "tracker_massage" in q["sql"]]
    assert len(counts) == 2  # the count of massages, and the check-ins of the page's massages
    assert "tracker_checkin" not in counts[0]
