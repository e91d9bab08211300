"""The parts of the load tools' harness (bench/, soak/) that must keep up with the app: the
bench's query counter and baseline page, the form reader, the walks through the check-in form
that the bench's check-in POST and the soak's writes are made of."""

import threading
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import run as bench_run
from bench.harness import find_form
from bench.middleware import HEADER
from soak import run as soak_run
from tracker.models import CheckIn

pytestmark = pytest.mark.django_db


# The bench ---------------------------------------------------------------------------------


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"
    settings.MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]


def test_the_baseline_page_runs_no_query(bench_urls, client):
    response = client.get("/bench/baseline/")

    assert response.status_code == 200
    assert b"Baseline" in response.content
    assert response[HEADER] == "0"


def test_the_logged_in_baseline_reads_only_the_session_and_the_person(bench_urls, owner_client):
    response = owner_client.get("/bench/baseline/logged-in/")

    assert response.status_code == 200
    assert b"owner@example.com" in response.content
    assert response[HEADER] == "2"


def test_each_response_says_how_many_queries_its_request_ran(bench_urls, owner_client, massage):
    with CaptureQueriesContext(connection) as queries:
        response = owner_client.get("/dashboard/")

    assert response.status_code == 200
    assert int(response[HEADER]) == len(queries) > 0


class BrowserLike:
    """Django's test client with the interface of bench.harness.Client that the walks use."""

    def __init__(self, client):
        self.client = client

    def _answer(self, response):
        response.status = response.status_code
        response.text = response.content.decode()
        response.location = response.get("Location", "")
        return response

    def get(self, path):
        return self._answer(self.client.get(path))

    def post_form(self, path, fields):
        body = urlencode(fields)
        return self._answer(
            self.client.post(path, body, content_type="application/x-www-form-urlencoded")
        )


def test_the_checkin_form_is_walked_to_a_save_that_changes_it_in_place(owner_client, checkin):
    path, fields = bench_run.checkin_post(BrowserLike(owner_client), checkin.pk)

    assert path == f"/checkins/{checkin.pk}/edit/"
    assert fields[-1] == ("action", "save")
    before = CheckIn.objects.count()
    for _ in range(2):  # the same body, again and again, as wrk sends it
        response = BrowserLike(owner_client).post_form(path, fields)
        assert response.status_code == 302
        assert response["Location"] == f"/checkins/{checkin.pk}/assessment/"
    assert CheckIn.objects.count() == before


def test_a_form_is_read_as_a_browser_sends_it():
    html = """
    <form><input name="q"></form>
    <form method="post">
      <input type="hidden" name="draft" value="a&amp;b">
      <input type="checkbox" name="flag" value="x" checked><input type="checkbox" name="off">
      <input type="radio" name="r" value="" checked>
      <select name="s"><option value="1">one</option><option value="2" selected>two</option>
      </select>
      <select name="first"><option value="a">a</option><option value="b">b</option></select>
      <textarea name="notes">
line</textarea>
      <input name="disabled" disabled value="no">
      <template><input name="inert" value="no"></template>
      <button type="submit" name="action" value="next">Continue</button>
    </form>
    """

    form = find_form(html, "draft")

    assert form.fields == [
        ("draft", "a&b"),
        ("flag", "x"),
        ("r", ""),
        ("s", "2"),
        ("first", "a"),
        ("notes", "line"),
    ]
    assert form.buttons == [("action", "next")]


def test_the_bench_only_drops_a_database_named_for_it(monkeypatch):
    monkeypatch.setattr(bench_run, "DATABASE_URL", "postgres://postgres@127.0.0.1/massagecare")

    with pytest.raises(bench_run.BenchError, match="must contain 'bench'") as error:
        bench_run.database_settings()

    assert error.value.status == 2


# The soak ----------------------------------------------------------------------------------


# verify_saved closes the database connection (the soak's restart broke it): not inside the
# transaction of an ordinary test.
@pytest.mark.django_db(transaction=True)
def test_the_soak_writes_a_whole_checkin_through_every_stage(owner_client, massage):
    tally = soak_run.Tally()
    person = {"email": "owner@example.com", "massage": massage.pk, "latest": 0}
    writer = soak_run.Person(0, person, [], tally, threading.Event())
    writer.client = BrowserLike(owner_client)
    before = CheckIn.objects.count()

    writer.write_checkin()

    assert not tally.errors
    assert len(tally.saved_tokens) == 1
    assert CheckIn.objects.count() == before + 1
    assert soak_run.verify_saved(tally.saved_tokens) == ([], [])
