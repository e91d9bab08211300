"""Storing many check-ins' results at once (issue 15): what bulk_update would store, only where a
result changed, in two statements per chunk whatever its size, every value a parameter; and a
massage edit's re-assessment with the cycle collector paused."""

import datetime
import gc

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.test_massage_create import massage_post
from tracker.assessment_store import CHUNK, FIELDS, store_results
from tracker.assessments import STORED_FIELDS
from tracker.models import CheckIn
from tracker.views import massages

pytestmark = pytest.mark.django_db

HOSTILE = "it's \"quoted\" \\ '); DROP TABLE tracker_checkin; -- é ✓ \u2028 \x01"


def _result(level="SEE_DOCTOR_DAYS", *rule_ids, note="Watch the shoulder."):
    return {
        "level": level,
        "rule_ids": list(rule_ids),
        "engine_version": "3",
        "assessment": {
            "level": level,
            "fired": [{"id": rule, "evidence": ["logs[-1].symptoms[0]"]} for rule in rule_ids],
            "advice": [note],
            "score": 1.5,
            "nested": {"b": [1, None, True], "a": {}},
        },
    }


# A result of each kind the engine leaves: a full one, one with text to escape, none at all.
RESULTS = [
    _result("SEE_DOCTOR_DAYS", "R3", "R12"),
    _result("MONITOR_SELF_CARE", note=HOSTILE),
    {"level": "", "rule_ids": [], "engine_version": "", "assessment": None},
]


@pytest.fixture
def make_checkins(massage):
    """``count`` check-ins holding a result an older engine left, unlike any of RESULTS."""

    def make(count):
        start = timezone.now() - datetime.timedelta(days=1)
        old = {"level": "NONE", "rule_ids": ["R0"], "engine_version": "0", "assessment": {}}
        return CheckIn.objects.bulk_create(
            CheckIn(massage=massage, date=massage.date, created_at=start, updated_at=start, **old)
            for _ in range(count)
        )

    return make


def _raw(checkins):
    """The columns as the database holds them (JSON as text on both backends), and whether
    the assessment is SQL NULL rather than JSON null."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT level, rule_ids, engine_version, assessment, assessment IS NULL "
            "FROM tracker_checkin WHERE id IN (%s, %s, %s) ORDER BY id",
            [c.pk for c in checkins],
        )
        return cursor.fetchall()


def _read(checkins):
    rows = CheckIn.objects.filter(pk__in=[c.pk for c in checkins]).order_by("id")
    return list(rows.values_list(*FIELDS, "updated_at"))


def test_its_fields_are_the_stored_ones():
    assert list(FIELDS) == STORED_FIELDS


def test_it_stores_what_bulk_update_would(make_checkins):
    now = timezone.now()
    by_django, by_store = make_checkins(3), make_checkins(3)
    for checkin, values in zip(by_django, RESULTS, strict=True):
        for name, value in values.items():
            setattr(checkin, name, value)
        checkin.updated_at = now
    CheckIn.objects.bulk_update(by_django, [*FIELDS, "updated_at"])

    store_results({c.pk: values for c, values in zip(by_store, RESULTS, strict=True)}, now=now)

    assert _read(by_store) == _read(by_django)
    assert _raw(by_store) == _raw(by_django)
    assert _read(by_store)[1][3]["advice"] == [HOSTILE]


def test_only_a_changed_result_gets_a_new_updated_at(make_checkins):
    checkins = make_checkins(3)
    store_results({c.pk: values for c, values in zip(checkins, RESULTS, strict=True)})
    before = _read(checkins)
    now = timezone.now()

    changed = _result("SEE_DOCTOR_DAYS", "R3", "R12", note="Something else.")
    assessed = store_results(
        {checkins[0].pk: changed, checkins[1].pk: RESULTS[1], checkins[2].pk: RESULTS[2]},
        now=now,
    )

    after = _read(checkins)
    assert after[0] == (*changed.values(), now)
    assert after[1:] == before[1:]
    # The check-ins returned hold what is stored now, the unchanged ones their old updated_at.
    assert [c.pk for c in assessed] == [c.pk for c in checkins]
    assert [(*(getattr(c, name) for name in FIELDS), c.updated_at) for c in assessed] == after


def test_a_result_that_did_not_change_is_only_read(make_checkins, django_assert_num_queries):
    checkins = make_checkins(3)
    results = {c.pk: values for c, values in zip(checkins, RESULTS, strict=True)}
    store_results(results)
    before = _read(checkins)
    with django_assert_num_queries(1):
        store_results(results)
    assert _read(checkins) == before


@pytest.mark.parametrize(("count", "queries"), [(2, 2), (CHUNK + 1, 4)])
def test_it_takes_two_statements_a_chunk(make_checkins, django_assert_num_queries, count, queries):
    checkins = make_checkins(count)
    results = {c.pk: RESULTS[i % 3] for i, c in enumerate(checkins)}
    # Per chunk of CHUNK: 1 the stored results, 2 the UPDATE of those that changed.
    with django_assert_num_queries(queries):
        assessed = store_results(results)
    assert len(assessed) == count
    stored = CheckIn.objects.filter(pk__in=results).values_list("id", *FIELDS)
    assert {pk: dict(zip(FIELDS, rest, strict=True)) for pk, *rest in stored} == results


def test_the_values_are_parameters_never_sql(make_checkins):
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)  # the statement as sent, before its parameters are bound
        return execute(sql, params, many, context)

    checkin = make_checkins(1)[0]
    with connection.execute_wrapper(record):
        store_results({checkin.pk: RESULTS[1]})

    assert len(statements) == 2
    assert not any("DROP" in sql or "quoted" in sql for sql in statements)
    assert CheckIn.objects.get(pk=checkin.pk).assessment["advice"] == [HOSTILE]
    assert CheckIn.objects.count() == 1


def test_a_checkin_deleted_meanwhile_is_left_out(make_checkins):
    kept, deleted = make_checkins(2)
    deleted.delete()
    assessed = store_results({kept.pk: RESULTS[0], deleted.pk: RESULTS[0]})
    assert [c.pk for c in assessed] == [kept.pk]


# Editing a massage re-assesses its whole history with the cycle collector paused (the results
# are freed by reference counting); it is always turned back on.


def test_an_edit_reassesses_with_the_collector_paused(owner_client, massage, today, monkeypatch):
    seen = []
    reassess = massages.reassess_massage
    monkeypatch.setattr(
        massages, "reassess_massage", lambda m: seen.append(gc.isenabled()) or reassess(m)
    )
    response = owner_client.post(reverse("massage_update", args=[massage.pk]), massage_post(today))
    assert response.status_code == 302
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_is_back_on_after_an_error():
    with pytest.raises(ZeroDivisionError), massages._cycle_collector_paused():
        1 / 0
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off():
    gc.disable()
    try:
        with massages._cycle_collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
