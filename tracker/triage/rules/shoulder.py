"""The shoulder-blade nerve patterns: PAT-SAN, PAT-LTN and PAT-SCAPULA-NERVE (clinical-research.md
2.4; spec/triage.md 8.10, 8.11, 8.16, 12.5, 12.16).

Each is judged per side (the person's own left and right) from the last log, through its
carried view (10.5), and gives one entry per side it fires on. None of them suppresses another:
self-report cannot separate them, and a nerve test (EMG) can (F06, F46, F48); co-firing lowers
the confidence instead.
"""

from .. import params as P
from .common import OTHER_SIDE, SIDES, Fired, confidence, day_phrase, fired_on, raw_sides

# Winging seen when lifting sideways, at rest, or not sure (or not said: 8.10) is a SAN sign.
_SAN_BLADE_WHEN = frozenset({None, "lifting_sideways", "at_rest", "not_sure"})
_SHOULDER_AND_ARM = P.SHOULDER_AND_ARM


def _neuralgic(ctx, side):
    """The notes and evidence of PAT-SAN's and PAT-LTN's neuralgic amyotrophy sentence: sudden
    severe shoulder or arm pain on ``side`` (F49-F51)."""
    pain = ctx.sudden_severe_shoulder_pain(side)
    return ({"neuralgic"}, [pain]) if pain else (set(), [])


def _san_signs(last, side):
    """PAT-SAN's motor signs on ``side``, each with its evidence (2.4; 8.10; 12.5: a weaker
    shrug is not weakness, but it stays a PAT-SAN sign)."""
    signs = {}
    if last.weak(side, "arm_side_lift"):
        signs["arm_side_lift"] = [last.ev(side, "arm_side_lift")]
    if last.flag(side, "shoulder_lower"):
        signs["shoulder_lower"] = [last.ev(side, "shoulder_lower")]
    when = last.answer(side, "blade_visible_when")
    if last.flag(side, "blade_sticks_out") and when in _SAN_BLADE_WHEN:
        signs["blade_sticks_out"] = [last.ev(side, "blade_sticks_out")]
        if when is not None:
            signs["blade_sticks_out"].append(last.ev(side, "blade_visible_when"))
    if last.flag(side, "shrug_weaker"):
        signs["shrug_weaker"] = [last.ev(side, "shrug_weaker")]
    return signs


def _damped(ctx, side, signs):
    """PAT-SAN's early-window damping (2.4; 8.11): before day 3, a single "harder" sideways
    lift that the pain stops, with no droop, winging or flattening, is asked again at 72 h."""
    last = ctx.last
    return (
        ctx.d_onset < P.EARLY_WINDOW_DAYS
        and set(signs) == {"arm_side_lift"}
        and last.answer(side, "arm_side_lift") == "harder"
        and last.weakness_type == "pain_stops_me"
        and not last.flag(side, "blade_sticks_out")
        and not last.flag(side, "neck_shoulder_line_flatter")
    )


def _pain_during_at(ctx, side, regions):
    """Sharp or electric pain during the massage at one of ``regions`` on ``side``."""
    pain = ctx.pain_during
    if (
        pain
        and pain.get("quality") in P.SHARP_QUALITIES
        and pain["region"] in regions
        and side in raw_sides(pain["side"])
    ):
        return [
            f"massage.pain_during.region={pain['region']}",
            f"massage.pain_during.quality={pain['quality']}",
        ]
    return []


def pat_san(ctx, fired):
    """PAT-SAN → ``SEE_DOCTOR_ASK_EMG``, per side: the spinal accessory nerve (trapezius) pattern.

    Facts: F01-F06 (the index massage case), F12 (posterior triangle), F17-F20 (pain, heavy arm,
    cannot lift the arm out to the side, winging on sideways lifting), F21, F22 (a normal shrug
    does not exclude it), F68 (soreness limits strength at 24-48 h: the damping). Contract:
    8.11 (its regions, and the massaged region when the last log names none), 8.10 (winging
    without "when" reads as not_sure), 2.4 (required: a region and one motor sign; excluded by
    whole-limb weakness, which is RF-STROKE's or PAT-PLEXUS-TOS's; the damping before day 3).
    Confidence: strong with two raisers; lowered when tingling or numbness runs past the elbow
    (PAT-ROOT), when the blade sticks out only on pushing (PAT-LTN), or on both sides.
    """
    last = ctx.last
    results = []
    for side in SIDES:
        if last.flag(side, "whole_limb_weak"):
            continue
        signs = _san_signs(last, side)
        if not signs:
            continue
        region = [s.ev() for s in last.on(side, P.SAN_REGIONS)]
        region += [s.ev() for s in last.on(side, P.LIMB_WITH_GIRDLE["arm"], {"heaviness"})]
        if not region:
            region = ctx.massaged_on(side, P.SAN_REGIONS)
        if not region:
            continue
        if _damped(ctx, side, signs):
            ctx.damped_sides.append(side)
            continue
        site = ctx.massaged_on(side, P.SAN_SITE_REGIONS)
        firm = ctx.firm_or_focal()
        sharp = _pain_during_at(ctx, side, P.SAN_REGIONS)
        when = last.answer(side, "blade_visible_when")
        sideways = [last.ev(side, "blade_visible_when")] if when == "lifting_sideways" else []
        weak_type = last.weakness_type == "weak_even_when_pain_mild"
        lingering = ctx.d_onset >= P.PERSIST_FROM_DAY and not ctx.improving
        flatter = (
            [last.ev(side, "neck_shoulder_line_flatter")]
            if last.flag(side, "neck_shoulder_line_flatter")
            else []
        )
        raisers = [site, firm, sharp, len(signs) >= 2, sideways, weak_type, lingering, flatter]
        lowered = (
            bool(last.on(side, P.PAST_ELBOW_REGIONS, P.SENSORY_KINDS))
            or when == "pushing_or_reaching_forward"
            or bool(_san_signs(last, OTHER_SIDE[side]))
        )
        evidence = [item for items in signs.values() for item in items] + region
        evidence += site + firm + sharp + flatter
        if weak_type:
            evidence.append(last.field_ev("weakness_type", last.weakness_type))
        if lingering:
            evidence.append(day_phrase(ctx))
        notes, neuralgic = _neuralgic(ctx, side)
        results.append(
            Fired(
                "PAT-SAN",
                P.SEE_DOCTOR_ASK_EMG,
                side=side,
                confidence=confidence(raisers, lowered),
                evidence=evidence + neuralgic,
                notes=notes,
            )
        )
    return results


def pat_ltn(ctx, fired):
    """PAT-LTN → ``SEE_DOCTOR_ASK_EMG``, per side: the long thoracic nerve (serratus) pattern.

    Facts: F43 (medial winging), F45 (a motor-only nerve: no numbness expected), F46 (the wall
    push test), F47 (heavy lifting), F48 (it can coexist with SAN). Contract: 2.4 (the blade
    sticks out on pushing or reaching forward, or sticks out with a forward-overhead lift that is
    not easy); 8.16 (no particular massage site needed; "not easy" is harder, great_effort or
    cannot). Raisers: massage at the side of the neck, above the collarbone, armpit or side of
    the chest; hard exercise; no numbness; winging only on pushing. Lowered when PAT-SAN fires on
    the same side or the fingers tingle.
    """
    last = ctx.last
    results = []
    for side in SIDES:
        if not last.flag(side, "blade_sticks_out"):
            continue
        when = last.answer(side, "blade_visible_when")
        pushing = when == "pushing_or_reaching_forward"
        forward = last.weak(side, "arm_forward_overhead")
        if not pushing and not forward:
            continue
        evidence = [last.ev(side, "blade_sticks_out")]
        if when is not None:
            evidence.append(last.ev(side, "blade_visible_when"))
        if forward:
            evidence.append(last.ev(side, "arm_forward_overhead"))
        site = ctx.massaged_on(side, P.LTN_SITE_REGIONS)
        exercise = ctx.risk_ev(["intense_exercise_same_days"])
        no_numbness = not last.on(side, kinds=P.SENSORY_KINDS)
        lowered = fired_on(fired, side, {"PAT-SAN"}) or bool(
            last.on(side, P.FINGER_REGIONS | {"hand_back", "hand_palm"}, P.SENSORY_KINDS)
        )
        notes, neuralgic = _neuralgic(ctx, side)
        results.append(
            Fired(
                "PAT-LTN",
                P.SEE_DOCTOR_ASK_EMG,
                side=side,
                confidence=confidence([site, exercise, no_numbness, pushing], lowered),
                evidence=evidence + neuralgic + site + exercise,
                notes=notes,
            )
        )
    return results


def pat_scapula_nerve(ctx, fired):
    """PAT-SCAPULA-NERVE → ``SEE_DOCTOR_ASK_EMG``, per side: a shoulder blade that sticks out
    without saying when, which fits the nerve to the trapezius or to the serratus.

    Facts: F43, F48 (the two kinds of winging are easily confused). Contract: 2.4 (winging with
    ``blade_visible_when`` = not_sure: a generic shoulder-blade nerve pattern naming both
    nerves), 8.10 (left out reads as not_sure).
    """
    last = ctx.last
    results = []
    for side in SIDES:
        when = last.answer(side, "blade_visible_when")
        if last.flag(side, "blade_sticks_out") and when in (None, "not_sure"):
            evidence = [last.ev(side, "blade_sticks_out")]
            if when is not None:
                evidence.append(last.ev(side, "blade_visible_when"))
            results.append(
                Fired(
                    "PAT-SCAPULA-NERVE",
                    P.SEE_DOCTOR_ASK_EMG,
                    side=side,
                    confidence=P.MODERATE,
                    evidence=evidence,
                )
            )
    return results
