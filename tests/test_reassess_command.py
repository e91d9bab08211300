"""manage.py reassess: every stored check-in assessed again with the current engine."""

import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tracker.case_export import chronological_checkins, massage_case
from tracker.management.commands import reassess
from tracker.models import CheckIn
from tracker.triage import ENGINE_VERSION, assess

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    out = io.StringIO()
    call_command("reassess", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def history(massage, make_checkin):
    """Three check-ins stored as an older engine left them: one result each, now stale."""
    checkins = [
        make_checkin(
            massage,
            date=massage.date + datetime.timedelta(days=day),
            functions={"left": {"arm_side_lift": "great_effort"}},
        )
        for day in (1, 2, 3)
    ]
    CheckIn.objects.filter(pk__in=[c.pk for c in checkins]).update(
        engine_version="1",
        level="MONITOR_SELF_CARE",
        rule_ids=[],
        assessment={"engine_version": "1", "level": "MONITOR_SELF_CARE", "fired": []},
    )
    return checkins


def _expected(checkin):
    """The current engine's result for ``checkin``, with the history up to it."""
    logs = [c for c in chronological_checkins(checkin.massage) if c.date <= checkin.date]
    return assess(massage_case(checkin.massage, logs, as_of=checkin.date))


def test_results_stored_by_an_older_engine_are_rewritten(history):
    output = run()

    for checkin in history:
        checkin.refresh_from_db()
        assert checkin.engine_version == ENGINE_VERSION
        assert checkin.assessment["engine_version"] == ENGINE_VERSION
        assert checkin.assessment == _expected(checkin)
        assert checkin.level == checkin.assessment["level"]
        assert checkin.rule_ids == [entry["id"] for entry in checkin.assessment["fired"]]
    assert f"Assessed 3 check-ins of 1 massage with engine version {ENGINE_VERSION}" in output
    assert "3 results changed." in output


def test_a_check_in_without_a_result_gets_one(massage, make_checkin):
    checkin = make_checkin(massage, date=massage.date + datetime.timedelta(days=1))
    assert checkin.assessment is None

    run()

    checkin.refresh_from_db()
    assert checkin.assessment == _expected(checkin)


def test_a_second_run_changes_nothing_and_says_so(history):
    run()
    stamps = dict(CheckIn.objects.values_list("pk", "updated_at"))
    results = dict(CheckIn.objects.values_list("pk", "assessment"))

    output = run()

    assert dict(CheckIn.objects.values_list("pk", "updated_at")) == stamps
    assert dict(CheckIn.objects.values_list("pk", "assessment")) == results
    assert "Assessed 3 check-ins of 1 massage" in output
    assert "no result changed: every stored result was already up to date." in output


def test_it_prints_a_progress_line_per_thousand_check_ins(
    monkeypatch, owner, make_massage, make_checkin
):
    assert reassess.PROGRESS_EVERY == 1000
    # Two check-ins stand for a thousand here, so the test stays fast.
    monkeypatch.setattr(reassess, "PROGRESS_EVERY", 2)
    for days_ago in (20, 15, 10):
        massage = make_massage(owner, days_ago=days_ago)
        make_checkin(massage, date=massage.date)
        make_checkin(massage, date=massage.date + datetime.timedelta(days=1))

    lines = run().splitlines()

    assert lines == [
        "2 check-ins assessed, 2 results changed so far…",
        "4 check-ins assessed, 4 results changed so far…",
        "6 check-ins assessed, 6 results changed so far…",
        f"Assessed 6 check-ins of 3 massages with engine version {ENGINE_VERSION}: "
        "6 results changed.",
    ]


def test_verbosity_0_prints_the_summary_alone(monkeypatch, history):
    monkeypatch.setattr(reassess, "PROGRESS_EVERY", 1)

    lines = run("--verbosity", "0").splitlines()

    assert len(lines) == 1
    assert lines[0].startswith("Assessed 3 check-ins of 1 massage")


def test_massage_narrows_it_to_that_massage(history, owner, make_massage, make_checkin):
    other = make_massage(owner, days_ago=10)
    other_checkin = make_checkin(other, date=other.date)

    output = run("--massage", str(other.pk))

    other_checkin.refresh_from_db()
    assert other_checkin.engine_version == ENGINE_VERSION
    assert all(checkin.engine_version == "1" for checkin in CheckIn.objects.exclude(massage=other))
    assert "Assessed 1 check-in of 1 massage" in output


def test_an_unknown_massage_is_a_clear_error_with_exit_status_2(history):
    with pytest.raises(CommandError, match=r"No massage with id 99999\.") as error:
        run("--massage", "99999")

    assert error.value.returncode == 2
    assert all(checkin.engine_version == "1" for checkin in CheckIn.objects.all())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--massage", "abc"], "a massage id is a whole number above 0, not 'abc'"),
        (["--massage", "0"], "a massage id is a whole number above 0, not '0'"),
        (["--massage"], "expected one argument"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["extra"], "unrecognized arguments: extra"),
    ],
)
def test_malformed_input_on_the_command_line_exits_2_with_a_clear_error(capsys, args, message):
    command = reassess.Command()
    command._called_from_command_line = True  # as run_from_argv sets it: argparse exits
    parser = command.create_parser("manage.py", "reassess")

    with pytest.raises(SystemExit) as exit_:
        parser.parse_args(args)

    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_from_a_shell_an_unknown_option_exits_2_with_nothing_on_standard_output():
    result = subprocess.run(
        [sys.executable, "manage.py", "reassess", "--bogus"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert result.stdout == b""
    assert b"unrecognized arguments: --bogus" in result.stderr


def test_it_has_help_text():
    assert "every stored check-in" in reassess.Command().help
