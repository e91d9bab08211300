"""A check-in and everything saved with it (symptoms, movement answers, the assessments it
changes) are written in one transaction: a fault at any statement of a save leaves the database
as it was, whether the check-in is new or an edit.

The fault is injected at the database layer (``connection.execute_wrapper``), so the test does
not depend on how the save is written: it first records every statement of a successful save,
then replays the save once per statement, failing that statement, and compares the rows.
"""

import datetime
import re

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from tests.checkin_stages import hidden, post_stage, post_symptoms, stage
from tracker.models import CheckIn, SideFunction, Symptom

# transactional_db: the request's transaction is a real BEGIN/COMMIT, not a savepoint inside the
# test's own transaction, so what a fault leaves behind is what a real server would leave.
pytestmark = pytest.mark.django_db(transaction=True)


class Fault:
    """An execute wrapper that records statements and fails the one numbered ``fail_at``.

    Model validation (``full_clean``) runs each CHECK constraint as a query in a savepoint and,
    by Django's design, lets one that fails pass: the database enforces the constraint again on
    the write. Those statements are recorded but are not fault points.
    """

    TOLERATED = re.compile(r'^\s*(SAVEPOINT|RELEASE SAVEPOINT|SELECT %s AS "_check")')

    def __init__(self, fail_at=None):
        self.fail_at = fail_at
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        if not self.TOLERATED.match(sql):
            self.statements.append(sql)
            if len(self.statements) - 1 == self.fail_at:
                raise OperationalError(f"injected fault at statement {self.fail_at}")
        return execute(sql, params, many, context)


def snapshot():
    """Every row a check-in save can touch, with the stored assessment of each check-in."""
    return {
        "checkins": sorted(
            CheckIn.objects.values_list(
                "id", "date", "course", "notes", "level", "rule_ids", "engine_version"
            )
        ),
        "symptoms": sorted(
            Symptom.objects.values_list("checkin_id", "kind", "region", "side", "nprs")
        ),
        "functions": sorted(
            SideFunction.objects.values_list("checkin_id", "side", "arm_side_lift")
        ),
    }


def final_stage(client, url, massage, **answers):
    """Walk the staged form up to its last stage; returns the POST data that saves it."""
    response = post_symptoms(
        client, url, {"kind": "ache", "region": "shoulder_top", "side": "both", "nprs": "6"}
    )
    response = post_stage(
        client,
        url,
        response,
        **{
            "left-arm_side_lift": "great_effort",
            "right-arm_side_lift": "harder",
            "weakness_type": "weak_even_when_pain_mild",
        },
    )
    assert stage(response) == "course"
    return {"draft": hidden(response, "draft"), "stage": "course", "action": "save", **answers}


def save_with_fault(client, url, data, fail_at):
    fault = Fault(fail_at)
    with connection.execute_wrapper(fault):
        response = client.post(url, data)
    return response, fault


@pytest.fixture
def person(owner):
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    return client


@pytest.fixture
def history(massage, make_checkin):
    """Three check-ins with stored assessments; a save dated between them changes the last."""
    from tracker.assessments import reassess_massage

    for days in (1, 2, 4):
        make_checkin(
            massage,
            date=massage.date + datetime.timedelta(days=days),
            course="same",
            functions={"left": {"arm_side_lift": "harder"}},
        )
    reassess_massage(massage)
    return massage


def sweep(client, url, data):
    """Fail statement 0 of the save, then 1, 2, ... until a save runs past its last statement
    and succeeds. After every failed one, nothing may have changed.

    Returns the statements of the successful save and the tables whose writes were failed.
    """
    before = snapshot()
    failed_writes = set()
    for fail_at in range(1000):
        response, fault = save_with_fault(client, url, data, fail_at)
        if len(fault.statements) <= fail_at:
            # The fault never fired: this was a whole, successful save.
            assert response.status_code == 302, response.content.decode()[:500]
            return fault.statements, failed_writes
        failed = fault.statements[fail_at]
        assert response.status_code == 503, (fail_at, failed)
        assert snapshot() == before, f"half-saved after a fault at: {failed}"
        failed_writes.add(_table_written(failed))
    raise AssertionError("the save never finished")


def _table_written(sql):
    match = re.match(r'\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"(\w+)"', sql)
    return match.group(2) if match else None


def test_a_fault_at_any_statement_of_a_new_checkin_leaves_nothing_half_saved(person, history):
    url = reverse("checkin_create", args=[history.pk])
    # Back-dated between the stored check-ins: the later one's assessment is rewritten too.
    data = final_stage(
        person,
        url,
        history,
        course="worse",
        date=(history.date + datetime.timedelta(days=3)).isoformat(),
        notes="fault injection",
    )
    statements, failed_writes = sweep(person, url, data)
    # The sweep failed every kind of write of the save, each one rolled back as a whole.
    assert {"tracker_checkin", "tracker_symptom", "tracker_sidefunction"} <= failed_writes
    assert len(statements) > 10

    # The save that ran past its last statement stored the whole check-in.
    saved = CheckIn.objects.get(notes="fault injection")
    assert saved.symptoms.count() == 2  # "both" sides: one row per side
    assert saved.functions.count() == 2
    assert saved.level


def test_a_fault_at_any_statement_of_an_edit_keeps_the_old_checkin_whole(person, history):
    checkin = history.checkins.order_by("date").first()
    url = reverse("checkin_update", args=[checkin.pk])
    data = final_stage(
        person, url, history, course="better", date=checkin.date.isoformat(), notes="edited"
    )
    _, failed_writes = sweep(person, url, data)
    # An edit deletes the old symptoms and answers before writing the new ones: those deletes
    # were failed too, and rolled back with the rest.
    assert {"tracker_checkin", "tracker_symptom", "tracker_sidefunction"} <= failed_writes
    checkin.refresh_from_db()
    assert checkin.notes == "edited"
    assert checkin.symptoms.count() == 2
