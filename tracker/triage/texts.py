"""What the engine says to people: a summary and advice per rule, the EMG timing, the safety net.

Wording principles (clinical-research.md 2.6; spec/triage.md 7.9): "your answers match a
pattern", never "you have"; the nerve in plain words first, its technical name in brackets;
emergency advice short, first and without hedging; no promise of surgery. Sides are the
person's own ("your left"). When a red flag fired, the other patterns leave out their prognosis
and reassurance sentences (``calm=False``, 8.18).
"""

import functools
from dataclasses import dataclass

from .vocabulary import MOVEMENT_SHORT, SIDE_SIGNS_SHORT, SIDES, SYMPTOM_KINDS, where

DISCLAIMER = (
    "This is educational information, not a diagnosis. If you are worried, or your symptoms "
    "change, contact a doctor. In an emergency call your local emergency number."
)

# The emergency advice leads, in two short sentences (2.6).
EMERGENCY_ADVICE = {
    "CALL_EMERGENCY": "Call your local emergency number now. Do not drive yourself.",
    "GO_TO_ED_NOW": (
        "Go to an emergency department now. Do not drive yourself: ask someone to take you, "
        "or call your local emergency number."
    ),
}

# T-EMG (clinical-research.md 2.4; F25, F29, F30-F34, F37-F42, F44), worded without surgery.
EMG_TIMING_TEXTS = {
    "before_window": (
        "Do not wait for a nerve test before seeing the doctor. A nerve test (EMG and nerve "
        "conduction study) often shows nerve damage most clearly from about 3-4 weeks after it "
        "began, so your doctor may plan it for then, or do an early test and repeat it."
    ),
    "in_window": "This is a typical time for a nerve test (EMG): ask your doctor about one.",
    "specialist_question": (
        "If things have not clearly improved by about 3 months, ask your doctor whether you "
        "should see a nerve specialist (for example in rehabilitation medicine or neurology). "
        "Specialists use a window of roughly 3-6 months for some treatment decisions."
    ),
    "improving": (
        "Keep your follow-up appointments; recovery can take months, and some people keep mild "
        "symptoms."
    ),
    # 10.6: the nerve test was done; what it showed is for the doctor to explain.
    "done": (
        "You have had a nerve test (EMG): go over the result with your doctor, and ask what it "
        "means for your recovery and when to check again."
    ),
}

NERVE_PATTERNS = frozenset({"PAT-SAN", "PAT-LTN", "PAT-SCAPULA-NERVE"})
NERVE_BRANCHES = {"PAT-PLEXUS-TOS": "plexus", "PAT-PERIPHERAL": "motor"}

_GRADE_WORDS = {"harder": "harder", "great_effort": "only with great effort", "cannot": "cannot"}

_SAFETY_NET = (
    "Call your local emergency number at once, even if it passes, for any sign of a stroke: a "
    "drooping face, slurred speech, sudden trouble seeing, sudden loss of balance, or sudden "
    "weakness or numbness on one side.",
    "Go to an emergency department now if one calf, leg or arm becomes swollen, warm or painful, "
    "if your urine turns dark like tea or cola, or if weakness or numbness spreads. Call your "
    "local emergency number if you become short of breath or have chest pain.",
    "See a doctor within a few days if you notice new weakness, numbness or tingling, a "
    "shoulder blade that sticks out, pain that gets worse after day 3, or pain that is not "
    "clearly better after a week.",
)


def is_nerve_pattern(rule_id, branch):
    """A pattern whose advice includes the EMG timing (section 4)."""
    return rule_id in NERVE_PATTERNS or NERVE_BRANCHES.get(rule_id, "-") == branch


def side_words(side):
    return SIDES.get(side, "")


def sign_words(key):
    """A sign (engine ``LogView.signs`` key) in short plain words, for "new since ..." evidence."""
    if key[0] == "move":
        _, side, movement, *_ = key
        return f"{MOVEMENT_SHORT[movement].lower()} ({side_words(side)})"
    if key[0] == "flag":
        _, side, name, *_ = key
        return f"{SIDE_SIGNS_SHORT[name]} ({side_words(side)})"
    _, kind, region, side = key
    return f"{SYMPTOM_KINDS[kind].lower()}, {where(region, side).lower()}"


def safety_net(damped_sides=(), recheck_on=None):
    """The "see a doctor if..." list: shown at every level but EMERGENCY_NOW (8.18)."""
    items = list(_SAFETY_NET)
    for side in damped_sides:
        when = f"on {recheck_on.isoformat()}" if recheck_on else "in 3 days"
        items.insert(
            0,
            f"Check in again {when} and answer the movement questions again: if lifting your "
            f"{side} arm out to the side is still harder then, see a doctor.",
        )
    return items


# --- One text pair per rule -------------------------------------------------------------------


def _stroke(f, calm):
    summary = (
        "Your answers match warning signs of a stroke, or of a tear in an artery of the neck "
        "(dissection). Act even if the signs have gone away."
    )
    advice = EMERGENCY_ADVICE["CALL_EMERGENCY"] + " Tell them you had a massage, and when."
    return summary, advice


def _dissection(f, calm):
    if "call" in f.notes:
        summary = (
            "Your answers match a warning pattern: a sudden, severe headache can come from a "
            "bleed or a tear in an artery of the neck (dissection)."
        )
        return summary, EMERGENCY_ADVICE["CALL_EMERGENCY"]
    summary = (
        "Your answers match a warning pattern: new, severe pain on one side of the neck or head "
        "after neck treatment can be the first sign of a tear in an artery of the neck "
        "(dissection), before other signs appear."
    )
    advice = (
        EMERGENCY_ADVICE["GO_TO_ED_NOW"] + " Call your local emergency number at once if your "
        "face droops, your speech slurs, your sight changes or you lose your balance."
    )
    return summary, advice


def _cord(f, calm):
    summary = (
        "Your answers match warning signs of pressure on the spinal cord: weakness or numbness "
        "in both arms or both legs, unsteady walking, or clumsy hands."
    )
    return summary, EMERGENCY_ADVICE["GO_TO_ED_NOW"]


def _ces(f, calm):
    summary = (
        "Your answers match warning signs of pressure on the nerves at the bottom of the spine "
        "(cauda equina syndrome)."
    )
    if "several" in f.notes:
        summary += " More than one of these signs together makes this more urgent."
    advice = EMERGENCY_ADVICE["GO_TO_ED_NOW"] + " Treatment works best when it is early."
    return summary, advice


def _pe(f, calm):
    summary = "Your answers match warning signs of a blood clot in the lungs (pulmonary embolism)."
    return summary, EMERGENCY_ADVICE["CALL_EMERGENCY"]


def _dvt(f, calm):
    summary = (
        f"Your answers match warning signs of a blood clot in a vein of your {f.side} arm or leg "
        "(deep vein thrombosis)."
    )
    advice = (
        EMERGENCY_ADVICE["GO_TO_ED_NOW"] + " Do not massage or rub that arm or leg. Call your "
        "local emergency number if you become short of breath or have chest pain."
    )
    return summary, advice


def _rhabdo(f, calm):
    summary = (
        "Your answers match warning signs of muscle breakdown (rhabdomyolysis), which can harm "
        "the kidneys. A blood test can check for it."
    )
    return summary, EMERGENCY_ADVICE["GO_TO_ED_NOW"]


def _progressive(f, calm):
    summary = "Your answers match a warning pattern: weakness that is getting worse or spreading."
    advice = (
        EMERGENCY_ADVICE["GO_TO_ED_NOW"] + " Tell them when the weakness began and how it changed."
    )
    return summary, advice


def _systemic(f, calm):
    if "meningitis" in f.notes:
        summary = (
            "Your answers match warning signs of an infection around the brain (meningitis) or "
            "another serious illness: fever with a stiff neck, or with headache and vomiting or "
            "light hurting your eyes."
        )
        return summary, EMERGENCY_ADVICE["GO_TO_ED_NOW"]
    summary = (
        "Your answers match a pattern that needs a doctor's check: fever, weight loss you can't "
        "explain, pain at night, or pain with a history of cancer or a weakened immune system "
        "can come from an illness rather than from the massage."
    )
    advice = (
        "See a doctor within 1-2 days. Go to an emergency department now if you also get a "
        "stiff neck all over, a severe headache, vomiting, or light hurting your eyes."
    )
    return summary, advice


_NEURALGIC = (
    " Severe shoulder pain that came on suddenly, followed by weakness as it eased, also fits an "
    "inflammation of the shoulder nerves (neuralgic amyotrophy); a doctor can tell these apart."
)


def _san(f, calm):
    summary = (
        "Your answers match a pattern seen when the nerve that powers the muscle between your "
        f"neck and shoulder, on your {f.side} (the spinal accessory nerve, which works the "
        "trapezius muscle), is irritated or injured."
    )
    if calm:
        summary += (
            " It has been reported after deep pressure on the side of the neck or the top of the "
            "shoulder. It is rare, and other causes are more common."
        )
    if "neuralgic" in f.notes:
        summary += _NEURALGIC
    advice = (
        "See a doctor within a few days. A doctor can examine your shoulder blade and decide "
        "whether a nerve test (EMG and nerve conduction study) is needed. Until then, avoid deep "
        "pressure on that area, and tell your massage therapist."
    )
    return summary, advice


def _ltn(f, calm):
    summary = (
        "Your answers match a pattern seen when the nerve that holds your shoulder blade against "
        f"the chest wall, on your {f.side} (the long thoracic nerve, which works the serratus "
        "anterior muscle), is irritated or injured."
    )
    if calm:
        summary += " Most people recover, though it can take up to about 2 years."
    if "neuralgic" in f.notes:
        summary += _NEURALGIC
    advice = (
        "See a doctor within a few days and ask whether a nerve test (EMG) is needed. Until "
        "then, avoid heavy lifting and deep pressure at the side of your neck, above your "
        "collarbone and in your armpit."
    )
    return summary, advice


def _scapula(f, calm):
    summary = (
        f"Your answers match a shoulder-blade nerve pattern on your {f.side}: a shoulder blade "
        "that sticks out can come from the nerve to the trapezius muscle (spinal accessory "
        "nerve) or the nerve to the serratus anterior muscle (long thoracic nerve)."
    )
    advice = (
        "See a doctor within a few days: they can tell which nerve is involved and whether a "
        "nerve test (EMG) is needed. Note when the shoulder blade sticks out most: when lifting "
        "the arm out to the side, or when pushing against a wall."
    )
    return summary, advice


def _root(f, calm):
    summary = (
        "Your answers match a pattern seen when a nerve root in the neck is irritated (cervical "
        f"radiculopathy): pain, tingling or numbness that travels from the neck down your "
        f"{f.side} arm."
    )
    if calm:
        summary += " Most people improve within weeks."
    if f.sooner:
        advice = "See a doctor within 1-2 days."
        if "imaging" in f.notes:
            advice += (
                " You also notice weakness in that arm, so a doctor may arrange imaging or a "
                "nerve test."
            )
        if "worse" in f.notes:
            advice += " It is getting worse."
    else:
        advice = "See a doctor or physiotherapist within a few days."
    if "reassess" in f.notes:
        advice += " It is not clearly better after 6 weeks: ask your doctor to look at it again."
    advice += " Avoid neck manipulation and deep pressure on the neck until then."
    return summary, advice


def _plexus_tos(f, calm):
    if f.branch == "plexus":
        summary = (
            "Your answers match a pattern seen when the network of nerves between the neck and "
            f"the arm, on your {f.side} (the brachial plexus), is irritated or injured: weakness "
            "with numbness or tingling in more than one part of the arm, or a whole weak arm."
        )
        advice = (
            "See a doctor within 1-2 days and ask about a nerve test (EMG). If the weakness "
            "came on suddenly or spreads, call your local emergency number."
        )
        return summary, advice
    summary = (
        "Your answers match a pattern seen when nerves or blood vessels are squeezed between "
        f"the collarbone and the first rib, on your {f.side} (thoracic outlet syndrome): arm or "
        "hand symptoms that get worse with the arms overhead or hanging down."
    )
    advice = (
        "See a doctor or physiotherapist within a few days. Go to an emergency department now "
        "if the hand turns pale, blue or cold, or the arm swells."
    )
    return summary, advice


def _peripheral(f, calm):
    if f.branch == "motor":
        what = []
        if "wrist" in f.notes:
            what.append("lifting the wrist and fingers")
        if "grip" in f.notes:
            what.append("the grip")
        if "foot" in f.notes:
            what.append("lifting the front of the foot")
        if "arm" in f.notes:
            what.append("the arm")
        if "leg" in f.notes:
            what.append("the leg")
        if "whole_limb" in f.notes:
            what.append("a whole arm or leg")
        summary = (
            "Your answers match a pattern seen when a nerve of an arm or leg, on your "
            f"{f.side}, is pressed or irritated (a peripheral nerve, such as the radial nerve of "
            "the upper arm or the peroneal nerve by the outer knee): weakness of "
            f"{' and '.join(what) or 'a limb'}."
        )
        timing = "within 1-2 days" if f.sooner else "within a few days"
        advice = (
            f"See a doctor {timing} and ask about a nerve test (EMG). Avoid pressure on that "
            "area. If the weakness comes on suddenly or spreads, get emergency help."
        )
        return summary, advice
    summary = (
        "Your answers match a pattern of an irritated nerve near where you were massaged: "
        f"numbness, tingling or burning on your {f.side}, with no weakness."
    )
    if "nerve_type" in f.notes:
        summary += " You describe several feelings typical of irritated nerves."
    if f.level == "MONITOR_SELF_CARE":
        if calm:
            summary += " This often settles over days to weeks."
        advice = (
            "Avoid pressure on that area and check in again. See a doctor within a few days if "
            "it is not improving by day 7, spreads or gets worse, or is still there at day 21; "
            "and at once if weakness appears."
        )
        return summary, advice
    reasons = []
    if "worse" in f.notes:
        reasons.append("it is getting worse")
    if "not_improving" in f.notes:
        reasons.append("it is not improving after a week")
    if "both_sides" in f.notes:
        reasons.append("it is on both sides")
    if "still_present" in f.notes:
        reasons.append("it is still there after 3 weeks")
    advice = (
        f"See a doctor or physiotherapist within a few days, because {', and '.join(reasons)}. "
        "Get help at once if weakness appears."
    )
    return summary, advice


def _persist(f, calm):
    reasons = []
    if "worse" in f.notes:
        reasons.append("it is getting worse after the first days")
    if "lingering" in f.notes:
        reasons.append("it is not clearly better, or still hurts, after a week")
    if "new_motor" in f.notes:
        reasons.append("a new sign of weakness appeared after the massage")
    if "severe" in f.notes:
        reasons.append("the pain is severe (7 out of 10 or more)")
    summary = (
        "Your answers match a pattern that needs a doctor's look, because "
        f"{', and '.join(reasons)}."
    )
    if calm and "worse" in f.notes:
        summary += " Ordinary soreness after a massage is usually past its worst by day 3."
    if f.sooner:
        advice = "See a doctor within 1-2 days: severe pain at rest has lasted 2 days or more."
    elif f.level == "SEE_DOCTOR_ASK_EMG":
        advice = "See a doctor within a few days."
    else:
        advice = "See a doctor or physiotherapist within a few days."
    if f.level == "SEE_DOCTOR_ASK_EMG":
        advice += (
            " Ask whether a nerve test (EMG) is needed: weakness that appears days later can "
            "come from a nerve."
        )
    if "severe" in f.notes:
        advice += (
            " Go to an emergency department now if the painful area also swells a lot, your "
            "urine turns dark, or it is a sudden severe headache."
        )
    return summary, advice


def _soreness(f, calm):
    summary = "Your answers match ordinary soreness after a massage."
    if calm:
        summary += (
            " Mild aching after a firm massage is common. It usually starts within a day and "
            "fades over 1-3 days."
        )
    advice = (
        "Gentle movement and warmth may help, and over-the-counter pain relief used as the "
        "label directs. Let your massage therapist know. Check in again in 2-3 days."
    )
    return summary, advice


_RULE_TEXTS = {
    "RF-STROKE": _stroke,
    "RF-DISSECTION-PAIN": _dissection,
    "RF-CORD": _cord,
    "RF-CES": _ces,
    "RF-PE": _pe,
    "RF-DVT": _dvt,
    "RF-RHABDO": _rhabdo,
    "RF-PROGRESSIVE": _progressive,
    "RF-SYSTEMIC": _systemic,
    "PAT-SAN": _san,
    "PAT-LTN": _ltn,
    "PAT-SCAPULA-NERVE": _scapula,
    "PAT-ROOT": _root,
    "PAT-PLEXUS-TOS": _plexus_tos,
    "PAT-PERIPHERAL": _peripheral,
    "PAT-PERSIST": _persist,
    "PAT-SORENESS": _soreness,
}


# 10.2: a warning sign reported at an earlier check-in counts until a doctor has seen the
# person; after a week it is no longer an emergency by itself, but it still needs a doctor soon.
_CARRIED = " You told us about it at an earlier check-in, and no doctor has checked you since."
_REPORTED_EARLIER_ADVICE = (
    "See a doctor within 1-2 days, even if it has gone away, and tell them what happened and "
    "when. If it comes back, or anything new appears, get emergency help at once."
)


def rule_texts(fired, *, calm=True, emg_timing=None):
    """``(summary, advice)`` for one fired rule (see ``_rule_texts``), worked out once for
    each combination: a series of a long history asks for the same texts again and again."""
    return _rule_texts(
        fired.id,
        fired.side,
        fired.level,
        fired.sooner,
        fired.branch,
        frozenset(fired.notes),
        calm,
        emg_timing,
    )


@functools.lru_cache(maxsize=4096)
def _rule_texts(rule_id, side, level, sooner, branch, notes, calm, emg_timing):
    fired = _Texted(rule_id, side, level, sooner, branch, notes)
    return _texts_of(fired, calm=calm, emg_timing=emg_timing)


@dataclass(frozen=True)
class _Texted:
    """What the texts read of a fired rule."""

    id: str
    side: str | None
    level: str
    sooner: bool
    branch: str | None
    notes: frozenset


def _texts_of(fired, *, calm=True, emg_timing=None):
    """``(summary, advice)`` for one fired rule; the EMG timing ends a nerve pattern's advice.

    The "improving" timing text is a prognosis, so it is left out when a red flag fired. A
    red-flag rule that counts a sign reported earlier says so; one that fires only thanks to
    a report more than a week old asks for a doctor within 1-2 days instead (10.2).
    """
    summary, advice = _RULE_TEXTS[fired.id](fired, calm)
    if "carried" in fired.notes:
        summary += _CARRIED
    if "reported_earlier" in fired.notes:
        advice = _REPORTED_EARLIER_ADVICE
    nerve = is_nerve_pattern(fired.id, fired.branch) or fired.level == "SEE_DOCTOR_ASK_EMG"
    if emg_timing and nerve and (calm or emg_timing != "improving"):
        advice += " " + EMG_TIMING_TEXTS[emg_timing]
    return summary, advice
