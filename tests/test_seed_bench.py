"""`make bench`: the seeder of its large data set (manage.py seed_bench), at a small scale, and
the parts of the harness (bench/) that must keep up with the app: the query counter, the
baseline page and the walk through the check-in form that the check-in POST is measured with."""

import datetime
import io
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import run as bench_run
from bench.client import find_form
from bench.middleware import HEADER
from tracker.assessments import STORED_FIELDS, reassess_massage
from tracker.management.commands.seed_bench import (
    CONVERSATION,
    DOMAIN,
    LONG_EMAIL,
    MODERATOR_EMAIL,
    PASSWORD,
)
from tracker.models import (
    CheckIn,
    ContentReport,
    Massage,
    ModerationDecision,
    ModerationStatus,
    Reply,
    Story,
    User,
)
from tracker.permissions import MODERATORS
from tracker.triage import ENGINE_VERSION
from tracker.triage import vocabulary as v

pytestmark = pytest.mark.django_db

SMALL = {"users": 6, "days": 12, "stories": 20, "pending": 5, "replies": 15, "reports": 4}


def seed(*args, **options):
    out = io.StringIO()
    call_command("seed_bench", *args, stdout=out, **{**SMALL, **options})
    return out.getvalue()


def long_massage():
    user = User.objects.get(email=LONG_EMAIL)
    return max(user.massages.all(), key=lambda massage: massage.checkins.count())


# The data set ------------------------------------------------------------------------------


def test_it_makes_the_people_it_says_all_of_them_bench_accounts():
    seed()

    assert User.objects.count() == SMALL["users"]
    assert not User.objects.exclude(email__endswith=DOMAIN).exists()
    moderator = User.objects.get(email=MODERATOR_EMAIL)
    assert moderator.is_staff and not moderator.is_superuser
    assert moderator.groups.get() == Group.objects.get(name=MODERATORS)
    assert User.objects.get(email=LONG_EMAIL).check_password(PASSWORD)
    # Everyone but the moderator has a record of a massage.
    assert set(Massage.objects.values_list("owner__email", flat=True)) == set(
        User.objects.exclude(pk=moderator.pk).values_list("email", flat=True)
    )


def test_the_long_history_has_one_checkin_every_day_up_to_today(today):
    seed()

    massage = long_massage()
    dates = list(massage.checkins.order_by("date").values_list("date", flat=True))
    assert massage.date == today - datetime.timedelta(days=SMALL["days"])
    assert dates == [massage.date + datetime.timedelta(days=n) for n in range(1, SMALL["days"] + 1)]
    assert all(checkin.symptoms.exists() for checkin in massage.checkins.all())
    assert massage.checkins.filter(functions__side="left").distinct().count() == SMALL["days"]


def test_every_checkin_keeps_the_engines_real_result():
    seed()

    checkins = CheckIn.objects.all()
    assert checkins.count() > SMALL["days"]
    assert not checkins.filter(assessment__isnull=True).exists()
    assert set(checkins.values_list("engine_version", flat=True)) == {ENGINE_VERSION}
    assert set(checkins.values_list("level", flat=True)) <= set(v.LEVELS)
    # Working every result out again as the app does after a save changes nothing.
    before = list(checkins.order_by("id").values_list(*STORED_FIELDS))
    for massage in Massage.objects.all():
        reassess_massage(massage)
    assert list(checkins.order_by("id").values_list(*STORED_FIELDS)) == before


def test_it_makes_approved_and_pending_stories_replies_reports_and_the_decision_log():
    seed()

    moderator = User.objects.get(email=MODERATOR_EMAIL)
    approved = Story.objects.filter(status=ModerationStatus.APPROVED, hidden=False)
    assert approved.count() == SMALL["stories"]
    assert not approved.filter(decided_at__isnull=True).exists()
    assert set(approved.values_list("decided_by", flat=True)) == {moderator.pk}
    assert Story.objects.filter(status=ModerationStatus.PENDING).count() == SMALL["pending"]
    assert Story.objects.count() == SMALL["stories"] + SMALL["pending"]
    assert Reply.objects.filter(status=ModerationStatus.APPROVED).count() == SMALL["replies"]
    assert ContentReport.objects.count() == SMALL["reports"]
    assert ModerationDecision.objects.filter(action="approve").count() == (
        SMALL["stories"] + SMALL["replies"]
    )
    # The story page the bench reads has a conversation of its own.
    assert max(story.replies.count() for story in approved) == CONVERSATION


def test_it_refuses_a_database_that_holds_other_accounts(make_user):
    make_user("someone@example.com")

    with pytest.raises(CommandError, match="did not make"):
        seed()

    assert User.objects.count() == 1
    assert not Massage.objects.exists()


def test_a_second_run_refuses_without_reset_and_renews_with_it():
    seed()
    first_long_user = User.objects.get(email=LONG_EMAIL).pk

    with pytest.raises(CommandError, match="already seeded"):
        seed()
    assert Story.objects.count() == SMALL["stories"] + SMALL["pending"]

    output = seed("--reset")

    assert f"Deleted {SMALL['users']} bench accounts" in output
    assert User.objects.count() == SMALL["users"]
    assert Story.objects.count() == SMALL["stories"] + SMALL["pending"]
    assert long_massage().checkins.count() == SMALL["days"]
    assert User.objects.get(email=LONG_EMAIL).pk != first_long_user


def test_reset_still_refuses_a_database_with_other_accounts(make_user):
    seed()
    make_user("someone@example.com")

    with pytest.raises(CommandError, match="did not make"):
        seed("--reset")

    assert User.objects.filter(email__endswith=DOMAIN).count() == SMALL["users"]


# The harness -------------------------------------------------------------------------------


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
    """Django's test client with the interface of bench.client.Client that the walk uses."""

    def __init__(self, client):
        self.client = client

    def _answer(self, response):
        response.status = response.status_code
        response.text = response.content.decode()
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
