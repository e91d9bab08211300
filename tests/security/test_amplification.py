"""The JSON API and `manage.py assess` cannot be turned into an amplifier (issue 13, item 1).

The attack: a 256 KB body with one log of 87,355 empty symptom objects. Each object lacks three
required fields, so an error list of every fault named 262,065 errors: about 18 MB answered to a
256 KB request. Contract 10.8 caps the lists (40 symptoms a log) and the error list (20 errors,
then "N more errors"); a client's address is also limited in how often it may ask (the API's
flood is in tests/security/test_rate_limits.py).
"""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from tracker.views.api import MAX_BODY_BYTES

ATTACK = (
    '{"massage":{"date":"2026-03-01"},"logs":[{"date":"2026-03-02","symptoms":['
    + ",".join(["{}"] * 87_355)
    + "]}]}"
)
TOO_MANY = "has 87355 symptoms; at most 40 are allowed"
ONE_ERROR = {"errors": [{"path": "logs[0].symptoms", "message": TOO_MANY}]}


def _most_errors_in_256_kb():
    """As many logs of 40 empty symptoms (the most a log may hold) as fit: each symptom is 3
    errors, about 200,000 in all."""
    log = '{"date":"2026-03-02","symptoms":[' + ",".join(["{}"] * 40) + "]}"
    count = (MAX_BODY_BYTES - 100) // (len(log) + 1)
    return '{"massage":{"date":"2026-03-01"},"logs":[' + ",".join([log] * count) + "]}"


def post(client, body):
    return client.generic("POST", reverse("api_assess"), body, content_type="application/json")


def assess_command(path):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("assess", str(path), stdout=out)
    return out.getvalue(), exit_.value.code


def test_87355_empty_symptoms_in_256_kb_get_one_error_of_99_bytes_from_the_api(client):
    assert MAX_BODY_BYTES - 10 < len(ATTACK.encode()) <= MAX_BODY_BYTES  # read, not refused

    response = post(client, ATTACK)

    assert response.status_code == 400
    assert response.json() == ONE_ERROR
    # Was 17,961,812 bytes (262,065 errors).
    assert len(response.content) == 99


def test_87355_empty_symptoms_in_256_kb_get_one_error_from_the_command(tmp_path):
    path = tmp_path / "attack.json"
    path.write_text(ATTACK)

    output, status = assess_command(path)

    assert status == 2
    assert json.loads(output) == ONE_ERROR
    # Was 23,727,251 bytes.
    assert len(output.encode()) < 200


def test_the_most_errors_a_256_kb_body_can_hold_answer_20_and_a_count(client):
    body = _most_errors_in_256_kb()
    assert len(body.encode()) <= MAX_BODY_BYTES

    errors = post(client, body).json()["errors"]

    assert len(errors) == 21
    assert errors[-1]["path"] == ""
    assert int(errors[-1]["message"].removesuffix(" more errors")) > 200_000
    assert len(json.dumps(errors)) < 2_500


def test_the_most_errors_a_256_kb_body_can_hold_print_20_and_a_count(tmp_path):
    path = tmp_path / "many.json"
    path.write_text(_most_errors_in_256_kb())

    output, status = assess_command(path)

    assert status == 2
    assert len(json.loads(output)["errors"]) == 21
    assert len(output.encode()) < 4_000
