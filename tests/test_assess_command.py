"""manage.py assess FILE (or - for standard input): the engine on the command line."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.triage.strategies import SAN_EARLY, STROKE_SIGNS
from tracker.triage import assess
from tracker.triage.contract import validate_assessment

ROOT = Path(__file__).resolve().parent.parent


def run(*args, stdin=None):
    """The command's standard output and exit status, as call_command sees them."""
    out = io.StringIO()
    try:
        call_command("assess", *args, stdout=out, stdin=stdin)
    except SystemExit as exit_:
        return out.getvalue(), exit_.code
    return out.getvalue(), 0


@pytest.fixture
def case_file(tmp_path):
    def write(content, name="case.json"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            text = content if isinstance(content, str) else json.dumps(content)
            path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_it_prints_the_assessment_of_a_case_file(case_file):
    output, status = run(case_file(SAN_EARLY))

    assessment = json.loads(output)
    assert status == 0
    assert assessment == assess(SAN_EARLY)
    assert assessment["level"] == "SEE_DOCTOR_ASK_EMG"
    assert validate_assessment(assessment, SAN_EARLY) == []


def test_it_prints_json_indented_by_two_spaces_in_the_engine_key_order(case_file):
    output, _ = run(case_file(SAN_EARLY))

    assert output.startswith('{\n  "')
    assert list(json.loads(output)) == list(assess(SAN_EARLY))


def test_a_dash_reads_the_case_from_standard_input():
    output, status = run("-", stdin=io.StringIO(json.dumps(STROKE_SIGNS)))

    assert status == 0
    assessment = json.loads(output)
    assert assessment["level"] == "EMERGENCY_NOW"
    assert assessment["action"] == "CALL_EMERGENCY"


def test_an_invalid_case_prints_every_error_and_exits_2(case_file):
    case = json.loads(json.dumps(SAN_EARLY))
    case["logs"][0]["symptoms"][0]["nprs"] = 11
    case["logs"][0]["sympotms"] = []

    output, status = run(case_file(case))

    assert status == 2
    errors = json.loads(output)["errors"]
    paths = {error["path"] for error in errors}
    assert "logs[0].symptoms[0].nprs" in paths
    assert any("sympotms" in error["path"] + error["message"] for error in errors)
    assert all(error["message"] for error in errors)


def test_bad_json_exits_2_saying_where_it_broke(case_file):
    output, status = run(case_file('{"massage": {"date": "2026-03-01"},\n "logs": [}'))

    assert status == 2
    [error] = json.loads(output)["errors"]
    assert error["path"] == ""
    assert "line 2, column 11" in error["message"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xff\xfe\x00{", "not UTF-8"),
        ('{"as_of": NaN}', "NaN is not allowed"),
        ("[" * 100_000, "nested too deeply"),
        ("", "not valid JSON"),
        ("[]", ""),
        ("null", ""),
    ],
)
def test_input_no_case_can_mean_exits_2_with_the_reason(case_file, content, words):
    output, status = run(case_file(content))

    assert status == 2
    errors = json.loads(output)["errors"]
    assert errors
    assert words in errors[0]["message"]


def test_a_missing_file_exits_2_naming_it(tmp_path):
    missing = tmp_path / "nowhere.json"

    output, status = run(str(missing))

    assert status == 2
    assert json.loads(output) == {
        "errors": [{"path": "", "message": f"Cannot read {missing}: No such file or directory."}]
    }


def test_a_folder_is_not_a_case(tmp_path):
    output, status = run(str(tmp_path))

    assert status == 2
    assert "Is a directory" in json.loads(output)["errors"][0]["message"]


def manage(*args, stdin=b""):
    return subprocess.run(
        [sys.executable, "manage.py", "assess", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_from_a_shell_a_good_case_exits_0_with_nothing_on_standard_error():
    result = manage("-", stdin=json.dumps(SAN_EARLY).encode())

    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert json.loads(result.stdout)["level"] == "SEE_DOCTOR_ASK_EMG"


def test_from_a_shell_bad_input_exits_2_without_a_traceback():
    result = manage("-", stdin=b'{"massage": {"date": "2026-03-01"}, "logs": [], "oops": 1}')

    assert result.returncode == 2
    assert result.stderr == b""
    errors = json.loads(result.stdout)["errors"]
    assert {error["path"] for error in errors} >= {"logs"}


def test_from_a_shell_the_help_names_the_dash_and_exit_status_2():
    result = manage("--help")

    help_text = " ".join(result.stdout.decode().split())
    assert result.returncode == 0
    assert "standard input when FILE is '-'" in help_text
    assert "exits 2" in help_text


def test_series_true_prints_the_assessment_of_every_prefix(case_file):
    case = {
        "massage": {"date": "2026-03-01"},
        "logs": [
            {"date": "2026-03-02", "red_flags": ["fever"]},
            {"date": "2026-03-12"},
        ],
        "series": True,
    }

    output, status = run(case_file(case))

    series = json.loads(output)
    assert status == 0
    assert [result["as_of"] for result in series] == ["2026-03-02", "2026-03-12"]
    assert series[0] == assess({**case, "logs": case["logs"][:1], "series": False})
    # The fever of 2 March still counts ten days later, at a doctor's level (10.2).
    assert series[1]["level"] == "SEE_DOCTOR_DAYS"
    assert series[1]["reported_before"] == [
        {"code": "fever", "date": "2026-03-02", "seen_doctor_since": False}
    ]
