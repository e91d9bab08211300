"""Evidence items in plain words for the person (tracker/triage/evidence.py)."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.triage import assess
from tracker.triage.evidence import (
    CARRIED_ANSWER,
    CARRIED_RED_FLAG,
    CLINICIAN_RED_FLAGS,
    Reason,
    clinician_where,
    describe_evidence,
    describe_reasons,
)
from tracker.triage.vocabulary import RED_FLAGS

from .cases import VIGNETTES, case, log, sym

CASE = case(
    log(3, sym("ache", "neck_side", "left", 5), course="same"),
    log(
        7,
        sym("numbness", "hand_palm", "both"),
        sym("sharp", "neck_side", "left", 7, at_rest=True, sudden=True),
        left={
            "arm_side_lift": "great_effort",
            "blade_sticks_out": True,
            "blade_visible_when": "lifting_sideways",
        },
        right={"limb_swollen": True, "limb_swollen_with": ["warm"]},
        flags=("face_droop",),
        course="worse",
        weakness_type="weak_even_when_pain_mild",
        neck_move_or_cough_provokes_arm=True,
    ),
    regions=("mid_back:midline", "neck_side:left", "calf:both"),
    pressure="very_firm",
    techniques=["palms", "elbow_forearm"],
    types=["deep_tissue"],
    neck_manipulation=True,
    pain_during={"region": "shoulder_top", "side": "left", "nprs": 8, "quality": "sharp"},
    timing="within_24h",
    risk={"age_band": "40-49", "pregnant_or_recent_birth": True},
)


@pytest.mark.parametrize(
    ("item", "words"),
    [
        (
            "logs[-1].function.left.arm_side_lift=great_effort",
            "Your latest check-in: lifting your left arm out to the side: only by twisting "
            "your body or with great effort",
        ),
        (
            "logs[-1].symptoms[1].nprs=7",
            "Your latest check-in: pain 7/10, side of the neck (your left)",
        ),
        (
            "logs[-1].symptoms[0].kind=numbness",
            "Your latest check-in: numbness, palm of the hand (both sides)",
        ),
        (
            "logs[-1].symptoms[1].at_rest=true",
            "Your latest check-in: sharp pain, side of the neck (your left): it hurts at rest too",
        ),
        (
            "logs[-1].symptoms[1].sudden=true",
            "Your latest check-in: sharp pain, side of the neck (your left): it started suddenly",
        ),
        (
            "logs[-2].symptoms[0].nprs=5",
            "Your check-in before that: pain 5/10, side of the neck (your left)",
        ),
        ("logs[0].course=same", "Your check-in of 4 March 2026: you said it is about the same"),
        ("logs[-1].red_flags=face_droop", "Your latest check-in: one side of your face drooping"),
        ("logs[-1].course=worse", "Your latest check-in: you said it is worse"),
        (
            "logs[-1].weakness_type=weak_even_when_pain_mild",
            "Your latest check-in: “It feels weak even when the pain is mild”",
        ),
        (
            "logs[-1].function.left.blade_sticks_out=true",
            "Your latest check-in: shoulder blade sticks out on your left",
        ),
        (
            "logs[-1].function.left.blade_visible_when=lifting_sideways",
            "Your latest check-in: your left shoulder blade sticks out most: when lifting the arm "
            "out to the side",
        ),
        (
            "logs[-1].function.right.limb_swollen_with=warm",
            "Your latest check-in: the swollen arm or leg on your right is warm",
        ),
        (
            "logs[-1].neck_move_or_cough_provokes_arm=true",
            "Your latest check-in: moving your neck, coughing or sneezing sends symptoms down "
            "your arm",
        ),
        ("massage.regions[1]=neck_side:left", "The massage included: side of the neck (your left)"),
        ("massage.regions[2]=calf:both", "The massage included: calf (both sides)"),
        ("massage.pressure=very_firm", "The massage pressure was very firm"),
        ("massage.techniques[1]=elbow_forearm", "The massage used: elbow or forearm"),
        ("massage.types[0]=deep_tissue", "Type of massage: deep tissue"),
        (
            "massage.neck_manipulation=true",
            "Your neck was cracked, thrust or suddenly twisted during the treatment",
        ),
        (
            "massage.pain_during.quality=sharp",
            "Pain during the massage at the top of the shoulder (your left): sharp",
        ),
        (
            "massage.pain_during.nprs=8",
            "Pain during the massage at the top of the shoulder (your left): 8/10",
        ),
        ("onset.timing=within_24h", "The trouble started: within a day after the massage"),
        (
            "risk.pregnant_or_recent_birth=true",
            "Your background: pregnant, or gave birth in the last three months",
        ),
        ("d_onset=26", "It is 26 days since the trouble started"),
        ("d_onset=1", "It is 1 day since the trouble started"),
        ("d_onset=0", "The trouble started today"),
        ("d_massage=14", "It is 14 days since the massage"),
        ("pain rose 3→6", "Your pain rose from 3/10 to 6/10 since your check-in before"),
        ("new since the last check-in: weakness", "New since your check-in before: weakness"),
        (
            "severe pain since logs[0]",
            "Severe pain (7/10 or more) in every check-in since your check-in of 4 March 2026",
        ),
        ("not clearly better", "Not clearly better than before"),
        (
            "weakness spread since the last check-in",
            "The weakness has spread since your check-in before",
        ),
    ],
)
def test_each_evidence_form_reads_as_plain_words(item, words):
    assert describe_evidence(item, CASE) == words


# Revision 2 names every log from the end (spec/triage.md 10.2, 10.5): four check-ins here, on
# 4, 6, 9 and 12 March.
COURSE = case(
    log(3, sym("ache", "shoulder_top", "left", 7, at_rest=True), course="same"),
    log(5, sym("ache", "shoulder_top", "left", 7, at_rest=True), flags=("fever",)),
    log(8, sym("ache", "shoulder_top", "left", 8, at_rest=True), course="worse"),
    log(11, sym("ache", "shoulder_top", "left", 8, at_rest=True), flags=("face_droop",)),
    regions=("shoulder_top:left",),
)


@pytest.mark.parametrize(
    ("item", "words"),
    [
        (
            "logs[-1].red_flags[0]=face_droop",
            "Your latest check-in: one side of your face drooping",
        ),
        ("logs[-2].course=worse", "Your check-in before that: you said it is worse"),
        ("logs[-3].red_flags[0]=fever", "Your check-in of 6 March 2026: fever or chills"),
        ("logs[-4].course=same", "Your check-in of 4 March 2026: you said it is about the same"),
        (
            "logs[-4].symptoms[0].nprs=7",
            "Your check-in of 4 March 2026: pain 7/10, top of the shoulder (your left)",
        ),
        (
            "severe pain since logs[-4]",
            "Severe pain (7/10 or more) in every check-in since your check-in of 4 March 2026",
        ),
        (
            "severe pain since logs[-2]",
            "Severe pain (7/10 or more) in every check-in since your check-in of 9 March 2026",
        ),
        # Alone (not after the item it belongs to), a carry phrase still reads as one.
        ("carried from 2026-03-04", "An answer carried from your check-in of 4 March"),
        (
            "reported 2026-03-06, no doctor since",
            "A warning sign you reported on 6 March: no doctor has checked you since",
        ),
    ],
)
def test_logs_named_from_the_end_read_by_their_date(item, words):
    assert describe_evidence(item, COURSE) == words


def test_a_carried_answer_reads_with_the_day_it_was_given():
    reasons = describe_reasons(
        [
            "logs[-3].function.left.arm_side_lift=cannot",
            "carried from 2026-03-06",
            "logs[-1].symptoms[0].nprs=8",
        ],
        COURSE,
    )

    assert reasons == [
        Reason(
            "Lifting your left arm out to the side: you can't (from your answer on 6 March)",
            CARRIED_ANSWER,
        ),
        Reason("Your latest check-in: pain 8/10, top of the shoulder (your left)"),
    ]


def test_a_carried_red_flag_says_no_doctor_has_checked_it_since():
    reasons = describe_reasons(
        ["logs[-3].red_flags[0]=fever", "reported 2026-03-06, no doctor since"], COURSE
    )

    assert reasons == [
        Reason(
            "Fever or chills: you reported this on 6 March and no doctor has checked you since",
            CARRIED_RED_FLAG,
        )
    ]


def test_a_carry_phrase_joins_only_a_log_item():
    reasons = describe_reasons(["d_onset=26", "carried from 2026-03-04"], COURSE)

    assert reasons == [
        Reason("It is 26 days since the trouble started"),
        Reason("An answer carried from your check-in of 4 March", CARRIED_ANSWER),
    ]


def test_a_carried_item_the_case_does_not_hold_still_says_it_was_carried():
    # The page may hold fewer logs than the engine did: the item's own words need none.
    reasons = describe_reasons(
        ["logs[-9].function.right.grip_weak=true", "carried from 2026-03-04"], COURSE
    )

    assert reasons[0].carried == CARRIED_ANSWER
    assert reasons[0].text.endswith("(from your answer on 4 March)")


@pytest.mark.parametrize(
    "item",
    [
        "logs[9].symptoms[0].nprs=7",  # no such log
        "logs[-1].symptoms[9].kind=ache",  # no such symptom
        "logs[-1].function.middle.arm_side_lift=easy",
        "massage.regions[0]=nowhere",
        "some_new_phrase",
        "",
        "=",
        "logs[x]=1",
    ],
)
def test_unknown_or_dangling_items_fall_back_to_a_readable_version(item):
    words = describe_evidence(item, CASE)
    assert isinstance(words, str)
    assert "_" not in words


@pytest.mark.parametrize(
    "junk_case", [None, [], "case", {"logs": "x"}, {"logs": [None]}, {"massage": 3}]
)
def test_a_junk_case_never_makes_it_raise(junk_case):
    assert (
        describe_evidence("logs[-1].symptoms[0].nprs=7", junk_case)
        == "Your latest check-in: pain 7/10"
    )
    assert (
        describe_evidence("massage.pain_during.quality=sharp", junk_case)
        == "Pain during the massage: sharp"
    )


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=60),
    st.one_of(st.none(), st.just(CASE), st.dictionaries(st.text(max_size=5), st.integers())),
)
def test_it_never_raises_on_any_text(item, any_case):
    assert isinstance(describe_evidence(item, any_case), str)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.text(max_size=20),
        st.lists(
            st.one_of(
                st.none(),
                st.integers(),
                st.text(max_size=40),
                st.sampled_from(
                    [
                        "carried from 2026-03-04",
                        "reported 2026-03-04, no doctor since",
                        "logs[-3].function.left.arm_side_lift=cannot",
                        "logs[-9].red_flags[0]=fever",
                        "logs[-1].red_flags[0]=",
                    ]
                ),
            ),
            max_size=6,
        ),
    ),
    st.one_of(st.none(), st.just(COURSE), st.just({"logs": [None, 3]})),
)
def test_reasons_never_raise(items, any_case):
    reasons = describe_reasons(items, any_case)
    assert all(isinstance(reason.text, str) for reason in reasons)


def _reasons_of(assessment, case_):
    return {
        entry["id"]: describe_reasons(entry["evidence"], case_) for entry in assessment["fired"]
    }


def test_the_engine_s_carried_answer_reads_as_carried():
    # 10.5: day 9 skips the movement questions; day 3's answer is carried (6 days before).
    course = case(
        log(3, sym("ache", "shoulder_top", "left", 4), left={"arm_side_lift": "cannot"}),
        log(9, sym("ache", "shoulder_top", "left", 4)),
        regions=("neck_side:left", "shoulder_top:left"),
    )

    reasons = [r for rs in _reasons_of(assess(course), course).values() for r in rs]

    assert (
        Reason(
            "Lifting your left arm out to the side: you can't (from your answer on 4 March)",
            CARRIED_ANSWER,
        )
        in reasons
    )


def test_the_engine_s_carried_red_flag_reads_as_carried():
    # 10.2: a fever reported on day 2, no doctor since, still counts on day 5.
    course = case(
        log(2, sym("ache", "shoulder_top", "left", 3), flags=("fever",)),
        log(5, sym("ache", "shoulder_top", "left", 3)),
        regions=("shoulder_top:left",),
    )

    reasons = _reasons_of(assess(course), course)["RF-SYSTEMIC"]

    assert (
        Reason(
            "Fever or chills: you reported this on 3 March and no doctor has checked you since",
            CARRIED_RED_FLAG,
        )
        in reasons
    )


def test_every_evidence_item_of_every_vignette_reads_without_codes():
    for vignette in VIGNETTES:
        for entry in assess(vignette["case"])["fired"]:
            for item in entry["evidence"]:
                words = describe_evidence(item, vignette["case"])
                assert "_" not in words and "logs[" not in words, (item, words)


def test_every_reason_of_every_vignette_reads_without_codes():
    for vignette in VIGNETTES:
        for entry in assess(vignette["case"])["fired"]:
            for reason in describe_reasons(entry["evidence"], vignette["case"]):
                assert "_" not in reason.text and "logs[" not in reason.text, reason


# The clinician's voice (the doctor report): the same facts about the patient, in the third
# person, sides bare.

SECOND_PERSON = re.compile(r"\byou(r|rs|rself)?\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("item", "words"),
    [
        (
            "logs[-1].function.left.arm_side_lift=great_effort",
            "Latest check-in: lifting the left arm out to the side (abduction): only with trunk "
            "compensation or great effort",
        ),
        (
            "logs[-1].symptoms[1].nprs=7",
            "Latest check-in: pain 7/10, side of the neck (left)",
        ),
        (
            "logs[-1].symptoms[1].at_rest=true",
            "Latest check-in: sharp pain, side of the neck (left): present at rest too",
        ),
        ("logs[-2].symptoms[0].nprs=5", "Previous check-in: pain 5/10, side of the neck (left)"),
        ("logs[0].course=same", "Check-in of 4 March 2026: reported about the same"),
        ("logs[-1].red_flags=face_droop", "Latest check-in: one side of the face drooping"),
        (
            "logs[-1].weakness_type=weak_even_when_pain_mild",
            "Latest check-in: weakness described as “It feels weak even when the pain is mild”",
        ),
        (
            "logs[-1].function.left.blade_sticks_out=true",
            "Latest check-in: shoulder blade sticks out on the left",
        ),
        (
            "logs[-1].function.left.blade_visible_when=lifting_sideways",
            "Latest check-in: the left shoulder blade sticks out most: when lifting the arm out "
            "to the side",
        ),
        (
            "logs[-1].function.right.limb_swollen_with=warm",
            "Latest check-in: the swollen arm or leg on the right is warm",
        ),
        (
            "logs[-1].neck_move_or_cough_provokes_arm=true",
            "Latest check-in: neck movement, coughing or sneezing sends symptoms down the arm",
        ),
        ("massage.regions[1]=neck_side:left", "The massage included: side of the neck (left)"),
        (
            "massage.neck_manipulation=true",
            "Neck manipulation (crack, thrust or sudden twist) during the treatment",
        ),
        (
            "massage.pain_during.nprs=8",
            "Pain during the massage at the top of the shoulder (left): 8/10",
        ),
        ("onset.timing=within_24h", "Onset: within a day after the massage"),
        ("onset.timing=not_sure", "Onset: not sure"),
        ("risk.age_band=40-49", "Age: 40 to 49"),
        (
            "risk.pregnant_or_recent_birth=true",
            "Background: pregnant, or gave birth in the last three months",
        ),
        ("risk.cancer_history=true", "Background: has had cancer"),
        ("d_onset=26", "Day 26 since onset"),
        ("d_onset=0", "Onset today"),
        ("d_massage=14", "Day 14 since the massage"),
        ("pain rose 3→6", "Pain rose from 3/10 to 6/10 since the previous check-in"),
        (
            "new since the last check-in: shoulder lower (your left)",
            "New since the previous check-in: shoulder lower (left)",
        ),
        (
            "severe pain since logs[0]",
            "Severe pain (7/10 or more) in every check-in since the check-in of 4 March 2026",
        ),
        (
            "weakness spread since the last check-in",
            "The weakness has spread since the previous check-in",
        ),
        ("carried from 2026-03-04", "An answer carried from the check-in of 4 March"),
        (
            "reported 2026-03-06, no doctor since",
            "A warning sign reported on 6 March, not yet seen by a doctor",
        ),
    ],
)
def test_the_clinician_voice_says_each_form_of_the_patient(item, words):
    assert describe_evidence(item, CASE, voice="clinician") == words


def test_the_patient_voice_is_the_default_and_unchanged():
    item = "logs[-1].function.left.arm_side_lift=great_effort"
    assert describe_evidence(item, CASE) == describe_evidence(item, CASE, voice="patient")
    assert describe_evidence(item, CASE, voice="nobody") == describe_evidence(item, CASE)
    assert describe_reasons([item], CASE) == describe_reasons([item], CASE, voice="patient")


def test_a_carried_answer_and_red_flag_read_for_a_clinician():
    reasons = describe_reasons(
        [
            "logs[-3].function.left.arm_side_lift=cannot",
            "carried from 2026-03-06",
            "logs[-3].red_flags[0]=fever",
            "reported 2026-03-06, no doctor since",
        ],
        COURSE,
        voice="clinician",
    )

    assert reasons == [
        Reason(
            "Lifting the left arm out to the side (abduction): unable (carried from the answer "
            "of 6 March)",
            CARRIED_ANSWER,
        ),
        Reason("Fever or chills: reported 6 March, not yet seen by a doctor", CARRIED_RED_FLAG),
    ]


def test_every_clinician_red_flag_speaks_of_the_patient():
    assert set(CLINICIAN_RED_FLAGS) == set(RED_FLAGS)
    assert [label for label in CLINICIAN_RED_FLAGS.values() if SECOND_PERSON.search(label)] == []


def test_clinician_where_names_the_patient_s_side():
    assert clinician_where("neck_side", "left") == "Side of the neck (left)"
    assert clinician_where("mid_back", "midline") == "Middle of the back (midline)"


def test_every_reason_of_every_vignette_speaks_of_the_patient_for_a_clinician():
    for vignette in VIGNETTES:
        for entry in assess(vignette["case"])["fired"]:
            for reason in describe_reasons(entry["evidence"], vignette["case"], voice="clinician"):
                assert not SECOND_PERSON.search(reason.text), reason
                assert "_" not in reason.text and "logs[" not in reason.text, reason


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.one_of(st.none(), st.just(CASE)))
def test_the_clinician_voice_never_raises(item, any_case):
    assert isinstance(describe_evidence(item, any_case, voice="clinician"), str)
