"""Export: the person's own copy of their data, as JSON (cases for the engine) and as CSV."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from tests.helpers import assert_sent_to_log_in
from tracker.data_export import csv_cell, csv_words
from tracker.management.commands.seed_demo import DEMO_EMAIL
from tracker.models import CheckIn, PatternFeedback, SideFunction, Symptom, User

pytestmark = pytest.mark.django_db

JSON_URL = reverse("export_json")
# The columns the CSV had before it gained the movement answers and the words (issue 12).
PLAIN_COLUMNS = (
    "massage_date",
    "massage_types",
    "checkin_date",
    "day_since_massage",
    "course",
    "symptom_kind",
    "region",
    "side",
    "pain_0_10",
    "at_rest",
    "pressed_or_moved_only",
    "sudden",
    "red_flags",
    "level",
    "notes",
)
CSV_URL = reverse("export_csv")


def export(client):
    response = client.get(JSON_URL)
    assert response.status_code == 200
    return json.loads(response.content)


def csv_table(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def run_assess(path):
    out = io.StringIO()
    call_command("assess", str(path), stdout=out)
    return json.loads(out.getvalue())


def add_checkins(massage, count):
    """``count`` check-ins, each with a symptom, movement answers and feedback."""
    checkins = CheckIn.objects.bulk_create(
        CheckIn(
            massage=massage,
            date=massage.date + datetime.timedelta(days=i % 4),
            course="same",
            level="MONITOR_SELF_CARE",
            rule_ids=["PAT-SORENESS"],
        )
        for i in range(count)
    )
    Symptom.objects.bulk_create(
        Symptom(checkin=c, kind="ache", region="neck_side", side="left", nprs=3) for c in checkins
    )
    SideFunction.objects.bulk_create(
        SideFunction(checkin=c, side="left", arm_side_lift="harder") for c in checkins
    )
    PatternFeedback.objects.bulk_create(
        PatternFeedback(checkin=c, rule_id="PAT-SORENESS") for c in checkins
    )


# The JSON export


def test_the_json_export_is_a_dated_download_that_is_never_cached(owner_client, owner):
    owner.time_zone = "Pacific/Auckland"
    owner.save()
    # 20:00 UTC on 1 March is already 2 March in Auckland: the file is named by the person's day.
    with time_machine.travel(datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC), tick=False):
        response = owner_client.get(JSON_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="massagecare-export-2026-03-02.json"'
    )
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["exported_at"] == "2026-03-02T09:00:00+13:00"


def test_it_holds_the_account_each_massage_as_a_case_and_what_the_case_cannot_hold(
    owner_client, owner, massage, checkin, make_checkin
):
    massage.notes = "She leaned on my shoulder with her elbow."
    massage.provider_type = "licensed_therapist"
    massage.time = datetime.time(17, 30)
    massage.save()
    checkin.notes = "Can't lift the kettle with my left hand."
    checkin.level = "SEE_DOCTOR_ASK_EMG"
    checkin.rule_ids = ["PAT-SAN"]
    checkin.engine_version = "1"
    checkin.assessment = {"level": "SEE_DOCTOR_ASK_EMG", "fired": [{"id": "PAT-SAN"}]}
    checkin.save()
    PatternFeedback.objects.create(
        checkin=checkin, rule_id="PAT-SAN", side="left", note="My doctor says it's a muscle."
    )
    earlier = make_checkin(massage, date=massage.date, notes="First evening.")

    data = export(owner_client)

    assert data["format"] == "massagecare-export"
    assert data["version"] == 1
    assert data["account"]["email"] == "owner@example.com"
    assert data["account"]["time_zone"] == "UTC"
    assert datetime.datetime.fromisoformat(data["account"]["date_joined"]) == owner.date_joined
    assert data["stories"] == []
    assert data["replies"] == []
    [exported] = data["massages"]
    assert exported["id"] == massage.pk
    assert exported["notes"] == "She leaned on my shoulder with her elbow."
    assert exported["provider_type"] == "licensed_therapist"
    assert exported["time"] == "17:30:00"
    case = exported["case"]
    assert case["massage"]["date"] == massage.date.isoformat()
    assert case["massage"]["regions"] == massage.regions
    assert "as_of" not in case
    # Oldest first, in the case and in the check-ins beside it.
    assert [log["date"] for log in case["logs"]] == [
        earlier.date.isoformat(),
        checkin.date.isoformat(),
    ]
    assert case["logs"][1]["function"] == {
        "left": {"arm_side_lift": "great_effort", "blade_sticks_out": True}
    }
    first, second = exported["checkins"]
    assert first["notes"] == "First evening."
    assert first["feedback"] == []
    assert second["date"] == checkin.date.isoformat()
    assert second["notes"] == "Can't lift the kettle with my left hand."
    assert datetime.datetime.fromisoformat(second["created_at"]) == checkin.created_at
    assert second["assessment"] == {
        "level": "SEE_DOCTOR_ASK_EMG",
        "rule_ids": ["PAT-SAN"],
        "engine_version": "1",
        "result": {"level": "SEE_DOCTOR_ASK_EMG", "fired": [{"id": "PAT-SAN"}]},
    }
    [feedback] = second["feedback"]
    assert feedback["rule_id"] == "PAT-SAN"
    assert feedback["side"] == "left"
    assert feedback["note"] == "My doctor says it's a muscle."
    assert feedback["created_at"]


def test_a_massage_without_check_ins_is_exported_with_no_logs(owner_client, massage):
    [exported] = export(owner_client)["massages"]
    assert exported["case"]["logs"] == []
    assert exported["checkins"] == []


def test_text_is_kept_as_typed_in_utf8(owner_client, massage, make_checkin):
    make_checkin(massage, notes='Épaule gauche — 肩 "quoted" <b>')
    response = owner_client.get(JSON_URL)
    assert "Épaule gauche — 肩".encode() in response.content
    [exported] = json.loads(response.content)["massages"]
    assert exported["checkins"][0]["notes"] == 'Épaule gauche — 肩 "quoted" <b>'


def test_each_demo_case_given_to_manage_py_assess_gets_the_level_the_assessment_page_shows(
    client, tmp_path
):
    call_command("seed_demo", stdout=io.StringIO())
    demo = User.objects.get(email=DEMO_EMAIL)
    client.force_login(demo)

    massages = export(client)["massages"]

    assert len(massages) == 2
    levels = []
    for exported in massages:
        path = tmp_path / f"massage-{exported['id']}.json"
        path.write_text(json.dumps(exported["case"]), encoding="utf-8")
        assessment = run_assess(path)
        latest = CheckIn.objects.filter(massage_id=exported["id"]).first()  # newest first
        page = client.get(reverse("massage_assessment", args=[exported["id"]]), follow=True)
        assert page.status_code == 200
        assert page.context["checkin"] == latest
        assert assessment["level"] == latest.level == page.context["p"]["level"]
        assert assessment == latest.assessment
        assert exported["checkins"][-1]["assessment"]["level"] == latest.level
        levels.append(assessment["level"])
    # The nerve story asks for an EMG; the relaxation massage's soreness is ordinary.
    assert sorted(levels) == ["MONITOR_SELF_CARE", "SEE_DOCTOR_ASK_EMG"]


def test_it_exports_only_the_persons_own_records(
    other_client, other_user, massage, checkin, make_massage, make_checkin
):
    mine = make_massage(other_user, types=["thai"], notes="Mine.")
    make_checkin(mine, notes="My own check-in.")

    data = export(other_client)

    assert data["account"]["email"] == "other@example.com"
    assert [m["id"] for m in data["massages"]] == [mine.pk]
    assert "owner@example.com" not in json.dumps(data)


@pytest.fixture(params=[10, 300], ids=lambda count: f"{count}_checkins")
def checkins_per_massage(request, owner, make_massage):
    """Two massages with 10 or 300 check-ins each; returns that number."""
    for days in (3, 30):
        add_checkins(make_massage(owner, days_ago=days), request.param)
    return request.param


def test_the_json_export_takes_the_same_number_of_queries_whatever_the_history(
    owner_client, checkins_per_massage, django_assert_num_queries
):
    count = checkins_per_massage
    # 1 session, 2 user, 3 massages, 4 their check-ins, 5 the check-ins' symptoms,
    # 6 their movement answers, 7 their feedback, 8 their stories, 9 their replies.
    with django_assert_num_queries(9):
        response = owner_client.get(JSON_URL)
    massages = json.loads(response.content)["massages"]
    assert [len(m["checkins"]) for m in massages] == [count, count]
    assert all(len(m["case"]["logs"]) == count for m in massages)


# The CSV export


def test_the_csv_export_is_a_dated_download_that_is_never_cached(owner_client, today):
    response = owner_client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="massagecare-export-{today:%Y-%m-%d}.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    assert csv_table(response) == []


def test_it_has_one_row_per_symptom_and_one_for_a_check_in_without_symptoms(
    owner_client, massage, make_checkin
):
    two = make_checkin(
        massage,
        date=massage.date + datetime.timedelta(days=3),
        course="worse",
        red_flags=["face_droop", "speech_trouble"],
        level="EMERGENCY_NOW",
        notes="Two things today.",
        symptoms=[
            {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 6, "sudden": True},
            {
                "kind": "numbness",
                "region": "neck_back",
                "side": "midline",
                "pressed_or_moved_only": True,
            },
        ],
    )
    CheckIn.objects.create(massage=massage, date=massage.date, level="NONE")  # no symptoms

    rows = csv_table(owner_client.get(CSV_URL))

    assert list(rows[0])[:15] == [
        "massage_date",
        "massage_types",
        "massage_types_in_words",
        "checkin_date",
        "day_since_massage",
        "course",
        "course_in_words",
        "symptom_kind",
        "symptom_kind_in_words",
        "region",
        "region_in_words",
        "side",
        "side_in_words",
        "pain_0_10",
        "at_rest",
    ]
    assert list(rows[0])[-1] == "notes"
    assert len(rows) == 3
    empty, first, second = rows
    assert empty["checkin_date"] == massage.date.isoformat()
    assert empty["day_since_massage"] == "0"
    assert empty["level"] == "NONE"
    for column in ("symptom_kind", "region", "side", "pain_0_10", "at_rest", "sudden"):
        assert empty[column] == ""
    assert {column: first[column] for column in PLAIN_COLUMNS} == {
        "massage_date": massage.date.isoformat(),
        "massage_types": "deep_tissue",
        "checkin_date": two.date.isoformat(),
        "day_since_massage": "3",
        "course": "worse",
        "symptom_kind": "ache",
        "region": "shoulder_top",
        "side": "left",
        "pain_0_10": "6",
        "at_rest": "no",
        "pressed_or_moved_only": "no",
        "sudden": "yes",
        "red_flags": "face_droop;speech_trouble",
        "level": "EMERGENCY_NOW",
        "notes": "Two things today.",
    }
    assert (second["symptom_kind"], second["region"], second["side"]) == (
        "numbness",
        "neck_back",
        "midline",
    )
    assert second["pain_0_10"] == ""
    assert second["pressed_or_moved_only"] == "yes"


def test_it_lists_massages_oldest_first_and_only_the_persons_own(
    other_client, other_user, owner, make_massage, make_checkin
):
    make_checkin(make_massage(owner, days_ago=8, types=["thai"]))
    newer = make_massage(other_user, days_ago=2, types=["relaxation", "shiatsu"])
    older = make_massage(other_user, days_ago=20, types=["sports"])
    make_checkin(newer)
    make_checkin(older)

    rows = csv_table(other_client.get(CSV_URL))

    assert [row["massage_types"] for row in rows] == ["sports", "relaxation;shiatsu"]


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://evil.example","click")', "+1+2", "-3", "@SUM(A1)", "\tx", "\r=1"],
)
def test_a_note_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text(
    owner_client, massage, make_checkin, typed
):
    make_checkin(massage, notes=typed)
    [row] = csv_table(owner_client.get(CSV_URL))
    assert row["notes"] == "'" + typed


def test_cells_are_codes_yes_no_and_lists_joined_by_semicolons():
    assert csv_cell(None) == ""
    assert csv_cell(True) == "yes"
    assert csv_cell(False) == "no"
    assert csv_cell(0) == "0"
    assert csv_cell(["face_droop", "speech_trouble"]) == "face_droop;speech_trouble"
    assert csv_cell([]) == ""
    assert csv_cell("a -1 in the middle") == "a -1 in the middle"
    assert csv_cell("-1") == "'-1"


def test_the_csv_export_takes_the_same_number_of_queries_whatever_the_history(
    owner_client, checkins_per_massage, django_assert_num_queries
):
    # 1 session, 2 user, 3 the check-ins joined with their massages and symptoms.
    with django_assert_num_queries(3):
        response = owner_client.get(CSV_URL)
        rows = csv_table(response)
    assert len(rows) == 2 * checkins_per_massage


# Personas and methods


@pytest.mark.parametrize("url", [JSON_URL, CSV_URL])
def test_an_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert_sent_to_log_in(response, url)


@pytest.mark.parametrize("url", [JSON_URL, CSV_URL])
def test_a_post_is_refused(owner_client, url):
    assert owner_client.post(url).status_code == 405


def test_the_persons_stories_and_replies_are_exported(owner_client, owner, other_user):
    from community.models import Reply, Story

    story = Story.objects.create(
        author=owner,
        title="My arm",
        body="Line one\nline two",
        consent_anonymous=True,
        patterns=["PAT-SAN"],
    )
    theirs = Story.objects.create(
        author=other_user, title="Theirs", body="Not mine", consent_anonymous=True
    )
    Reply.objects.create(story=theirs, author=owner, body="Same here")
    data = export(owner_client)
    assert [
        (s["id"], s["title"], s["text"], s["patterns"], s["status"]) for s in data["stories"]
    ] == [(story.pk, "My arm", "Line one\nline two", ["PAT-SAN"], "pending")]
    assert [(r["story_title"], r["text"]) for r in data["replies"]] == [("Theirs", "Same here")]


# The CSV's movement answers and plain words (issue 12)


def test_each_code_has_a_column_of_plain_words_beside_it(owner_client, massage, make_checkin):
    make_checkin(
        massage,
        course="worse",
        red_flags=["face_droop", "speech_trouble"],
        level="SEE_DOCTOR_ASK_EMG",
        weakness_type="weak_even_when_pain_mild",
        symptoms=[{"kind": "tingling", "region": "neck_side", "side": "left", "nprs": 2}],
    )

    [row] = csv_table(owner_client.get(CSV_URL))

    headings = list(row)
    for code, words in [
        ("massage_types", "Deep tissue"),
        ("course", "Worse"),
        ("symptom_kind", "Tingling or pins and needles"),
        ("region", "Side of the neck, between ear and shoulder"),
        ("side", "your left"),
        ("red_flags", "One side of your face drooping; Slurred, muddled or lost speech"),
        ("level", "See a doctor within a few days, and ask about a nerve test (EMG)"),
        ("weakness_type", "It feels weak even when the pain is mild"),
    ]:
        assert headings.index(f"{code}_in_words") == headings.index(code) + 1
        assert row[f"{code}_in_words"] == words, code


def test_it_holds_the_movement_answers_of_each_side_without_adding_rows(
    owner_client, massage, make_checkin
):
    make_checkin(
        massage,
        symptoms=[
            {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 4},
            {"kind": "weakness", "region": "upper_arm_outer", "side": "left"},
        ],
        functions={
            "left": {
                "arm_side_lift": "great_effort",
                "shrug_weaker": True,
                "blade_sticks_out": True,
                "blade_visible_when": "lifting_sideways",
                "limb_swollen": False,
                "limb_swollen_with": ["pain", "warm"],
            },
            "right": {"arm_side_lift": "easy", "shrug_weaker": False},
        },
    )

    rows = csv_table(owner_client.get(CSV_URL))

    assert len(rows) == 2  # one per symptom, whatever the number of sides answered
    for row in rows:
        assert row["left_arm_side_lift"] == "great_effort"
        assert row["left_arm_side_lift_in_words"] == "Only by twisting my body or with great effort"
        assert row["right_arm_side_lift"] == "easy"
        assert row["right_arm_side_lift_in_words"] == "Easily, the same as the other side"
        assert (row["left_shrug_weaker"], row["right_shrug_weaker"]) == ("yes", "no")
        assert row["left_blade_visible_when_in_words"] == "When lifting the arm out to the side"
        assert row["left_limb_swollen"] == "no"
        assert row["left_limb_swollen_with"] == "pain;warm"
        assert row["left_limb_swollen_with_in_words"] == "painful; warm"
        # Not asked is an empty cell, kept apart from "no".
        assert row["left_grip_weak"] == row["right_blade_sticks_out"] == ""
        assert row["left_wrist_finger_lift"] == row["left_wrist_finger_lift_in_words"] == ""


def test_a_check_in_without_movement_answers_has_empty_side_columns(
    owner_client, massage, make_checkin
):
    make_checkin(massage)

    [row] = csv_table(owner_client.get(CSV_URL))

    side_columns = [name for name in row if name.startswith(("left_", "right_"))]
    assert len(side_columns) == 2 * 19
    assert {row[name] for name in side_columns} == {""}


def test_words_are_labels_joined_by_semicolons_and_guarded_like_every_cell():
    assert csv_words({"x": "a"}, ["x", "unknown"]) == "a; unknown"
    assert csv_words({"x": "a"}, "") == csv_words({"x": "a"}, None) == ""
    # No label starts like a formula today; the guard covers every cell all the same.
    assert csv_cell(csv_words({"x": "=1+1"}, "x")) == "'=1+1"
