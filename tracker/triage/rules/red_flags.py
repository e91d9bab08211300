"""The red-flag rules of the brain, the neck arteries and the spine: RF-STROKE,
RF-DISSECTION-PAIN, RF-CORD, RF-CES and RF-PROGRESSIVE (clinical-research.md 2.3; spec/triage.md
7.2, 8.1, 8.2, 8.7, 10.2, 11.1, 11.2, 11.8, 11.9, 12.1, 12.4-12.6, 12.9, 12.15, 12.18).

Each reads the codes in force (ticked in the last log, whose questions cover the time since
the previous check-in, or reported earlier and not yet seen by a doctor: 10.1, 10.2) and the
last log's answers through its carried view (10.5); RF-PROGRESSIVE also compares it with the
log before. Every rule here fires at ``EMERGENCY_NOW`` (the engine lowers a rule that fires
only thanks to an old report), and any of them blocks PAT-SORENESS and the reassuring
sentences of the other patterns (2.1; 8.8, 8.18).
"""

from .. import params as P
from ..vocabulary import MOVEMENT_GRADE_ORDER
from .common import RED_FLAG_CODES, SIDES, Fired, confidence, group_evidence


def rf_stroke(ctx, fired):
    """RF-STROKE → ``CALL_EMERGENCY``: a stroke or dissection sign, even if it went away.

    Facts: F70-F78 (BE FAST signs; act even if the signs fluctuate or disappear, F77; whole-arm
    weakness is a FAST sign a form cannot tell from a plexus injury, F56-F58). Contract: 8.1
    (whole_limb_weak with a sudden symptom on that side; a sudden dizziness symptom; numbness or
    weakness of the face on one side), 12.15 (or on both sides), 8.16 (``confusion_or_fainting``),
    10.2 (a code reported earlier counts until a doctor has seen the person). Neck treatment
    raises the confidence; nothing lowers it (2.3).
    """
    last = ctx.last
    # Nothing to read without a code, a sudden symptom, or face numbness or weakness.
    if not ctx.codes and not any(s.sudden for s in last.symptoms) and "face" not in last.regions:
        return []
    last = ctx.last
    codes = group_evidence(ctx, "stroke")
    evidence = list(codes)
    for side in SIDES:
        if last.flag(side, "whole_limb_weak"):
            # Judgement (safer): a sudden symptom in the middle of the body is on "that side" too.
            sudden = [s for s in last.symptoms if s.sudden and s.side in (side, "midline")]
            if sudden:
                evidence += [last.ev(side, "whole_limb_weak"), *(s.ev("sudden") for s in sudden)]
    evidence += [s.ev("sudden") for s in last.where(kinds={"dizziness"}) if s.sudden]
    for side in SIDES:  # one side or both (12.15); a midline face entry is not a side (8.3)
        evidence += [s.ev() for s in last.on(side, {"face"}, {"numbness", "weakness"})]
    if not evidence:
        return []
    neck = ctx.neck_context()
    several = len({c.code for c in ctx.in_scope(RED_FLAG_CODES["stroke"])}) >= 2
    return [
        Fired(
            "RF-STROKE",
            P.EMERGENCY_NOW,
            action=P.CALL_EMERGENCY,
            confidence=P.STRONG if neck or several else P.MODERATE,
            evidence=evidence + neck,
            notes={"neck"} if neck else set(),
        )
    ]


def rf_dissection_pain(ctx, fired):
    """RF-DISSECTION-PAIN: warning pain of a torn neck artery, before any neurological sign.

    Facts: pain is the first symptom and signs follow, often days later (F71, F72, F73, F76);
    a thunderclap headache needs an ambulance (F78). Contract: 7.2 and 8.1 (``worst_ever_headache``
    or a sudden headache of nprs >= 7 → ``CALL_EMERGENCY``); 8.2 (the code
    ``new_severe_one_sided_neck_or_head_pain`` on its own, any day, or a headache, sharp,
    shooting or throbbing symptom of nprs >= 7 in the neck, back of the head, temple or face,
    with neck context and ``d_massage`` <= 14 → ``GO_TO_ED_NOW``). 11.8 and 12.9: that pain
    counts on one side, on both, or in the middle (dissections can be bilateral). A plain ache
    or stiffness does not count (7.2).
    """
    if not ctx.codes and not ctx.last.kinds & P.DISSECTION_KINDS:
        return []
    last = ctx.last
    call = ctx.code_evidence(("worst_ever_headache",))
    for s in last.where(kinds={"headache"}):
        if s.sudden and s.nprs is not None and s.nprs >= P.SEVERE_PAIN:
            call += [s.ev(), s.ev("nprs"), s.ev("sudden")]
    go = ctx.code_evidence(("new_severe_one_sided_neck_or_head_pain",))
    neck = ctx.neck_context()
    if neck and ctx.d_massage <= P.DISSECTION_WINDOW_DAYS:
        severe = [
            s
            for s in last.where(P.DISSECTION_REGIONS, P.DISSECTION_KINDS)
            if s.nprs is not None and s.nprs >= P.SEVERE_PAIN
        ]
        if severe:
            go += [item for s in severe for item in (s.ev(), s.ev("nprs"))]
            go += [*neck, f"d_massage={ctx.d_massage}"]
    if not call and not go:
        return []
    action = P.CALL_EMERGENCY if call else P.GO_TO_ED_NOW
    return [
        Fired(
            "RF-DISSECTION-PAIN",
            P.EMERGENCY_NOW,
            action=action,
            confidence=confidence([call, go, neck]),
            evidence=call + go,
            notes={"call"} if call else set(),
        )
    ]


def cord_exemption(ctx):
    """11.9, 12.4: right after a massage of both shoulders, lifting that only the pain makes
    harder is not weakness. While ``d_massage`` <= 3, the massage included a shoulder region
    (top, front, outer or back) on each side, and ``weakness_type`` is ``pain_stops_me``, a
    ``harder`` answer to either arm lift counts as weakness on neither arm."""
    if (
        ctx.d_massage > P.EARLY_WINDOW_DAYS
        or ctx.last.weakness_type != "pain_stops_me"
        or not all(ctx.massaged_on(side, P.SHOULDER_TOP_FRONT_OUTER_BACK) for side in SIDES)
    ):
        return frozenset()
    return frozenset(
        (side, movement) for side in SIDES for movement in ("arm_side_lift", "arm_forward_overhead")
    )


def _limb_signs(ctx):
    """RF-CORD's weakness (11.1, 12.18) and numbness in each limb: ``{(side, limb): [ev]}``."""
    last = ctx.last
    found = {}
    for side, limb, ev in last.weakness(cord_exemption(ctx)):
        if side is not None and limb is not None:
            found.setdefault((side, limb), []).append(ev)
    for s in last.where(kinds={"numbness"}):
        if s.region == "whole_body":
            for side in SIDES:
                for limb in ("arm", "leg"):
                    found.setdefault((side, limb), []).append(s.ev())
        elif s.region in P.LIMB_OF:
            found.setdefault((s.side, P.LIMB_OF[s.region]), []).append(s.ev())
    return found


def rf_cord(ctx, fired):
    """RF-CORD → ``GO_TO_ED_NOW``: signs of a squeezed spinal cord.

    Facts: F79 (tetraplegia after a neck massage on a narrowed canal), F93 (progressive
    widespread neurological signs), F54. Contract: 8.1 (weakness or numbness in both arms, or in
    both legs; tingling or burning on both sides is PAT-PERIPHERAL's, 7.6), 11.1 (weakness is a
    weakness symptom, grip_weak, whole_limb_weak or a weak movement answer; not a sign such as
    a lower shoulder), 11.2 and 12.18 (whole_limb_weak is weakness of that side's arm and leg,
    so on both sides it fires whatever else was said), 11.9 and 12.4 (the exemption of
    pain-limited lifting after a massage of both shoulders). Judgement (safer): a weakness or
    numbness symptom over the whole body counts as both arms and both legs.
    """
    last = ctx.last
    if not ctx.codes and not (
        last.weak_answers
        or last.flag("left", "grip_weak")
        or last.flag("right", "grip_weak")
        or last.flag("left", "whole_limb_weak")
        or last.flag("right", "whole_limb_weak")
        or last.kinds & {"weakness", "numbness"}
    ):
        return []
    evidence = group_evidence(ctx, "cord")
    places = last.weak_places(cord_exemption(ctx))
    if "numbness" in last.kinds or any(
        ("left", limb) in places and ("right", limb) in places for limb in ("arm", "leg")
    ):
        found = _limb_signs(ctx)
        for limb in ("arm", "leg"):
            left, right = found.get(("left", limb)), found.get(("right", limb))
            if left and right:
                evidence += left + right
    if not evidence:
        return []
    risk = ctx.risk_ev(["known_neck_disc_or_stenosis"])
    return [
        Fired(
            "RF-CORD",
            P.EMERGENCY_NOW,
            action=P.GO_TO_ED_NOW,
            confidence=confidence([len(evidence) >= 2, risk]),
            evidence=evidence + risk,
        )
    ]


def rf_ces(ctx, fired):
    """RF-CES → ``GO_TO_ED_NOW``: signs of squeezed nerves at the bottom of the spine.

    Facts: F90 (the warning card: saddle numbness, bladder, bowel and sexual changes), F91 (two
    or more signs: go at once; stronger wording), F92 (better within 48 h). Contract: 8.1
    (numbness or tingling in ``saddle_area`` fires like the code).
    """
    if not ctx.codes and "saddle_area" not in ctx.last.regions:
        return []
    evidence = group_evidence(ctx, "cauda_equina")
    evidence += [s.ev() for s in ctx.last.where({"saddle_area"}, {"numbness", "tingling"})]
    if not evidence:
        return []
    signs = len(set(evidence))
    return [
        Fired(
            "RF-CES",
            P.EMERGENCY_NOW,
            action=P.GO_TO_ED_NOW,
            confidence=P.STRONG if signs >= P.CES_STRONG_SIGNS else P.MODERATE,
            evidence=evidence,
            notes={"several"} if signs >= P.CES_STRONG_SIGNS else set(),
        )
    ]


def rf_progressive(ctx, fired):
    """RF-PROGRESSIVE → ``GO_TO_ED_NOW``: weakness getting worse or spreading.

    Facts: F93 (progressive neurological signs), F54. Contract: 8.7: the code
    ``weakness_worse_or_spreading``; or, between the previous log and the last (at most 7 days
    apart, both read through their carried views, 10.5), a movement answer one grade worse
    (easy < harder < great_effort < cannot; not_tried has no grade) while the previous log
    already had weakness, or weakness that appeared on the other side or in another limb.
    Weakness is 11.1's (never a lower shoulder, a blade that sticks out, a flatter line or a
    weaker shrug: 12.5); 12.6: the spread needs the earlier weakness to have been on a side or
    in a limb, and a whole weak limb is weakness of that side's arm and leg.
    """
    last, prev = ctx.last, ctx.prev
    evidence = ctx.code_evidence(("weakness_worse_or_spreading",))
    near = prev is not None and (last.date - prev.date).days <= P.PROGRESSIVE_MAX_GAP_DAYS
    if near and prev.weak_places():
        for side in SIDES:
            for movement in P.MOVEMENTS:
                then = MOVEMENT_GRADE_ORDER.get(prev.answer(side, movement))
                now = MOVEMENT_GRADE_ORDER.get(last.answer(side, movement))
                if then is not None and now is not None and now > then:
                    evidence += [prev.ev(side, movement), last.ev(side, movement)]
        placed = {(side, limb) for side, limb in prev.weak_places() if side is not None}
        sides = {side for side, _ in placed}

        def spreads(side, limb):
            return side is not None and (
                side not in sides or (limb is not None and (side, limb) not in placed)
            )

        if placed and any(spreads(side, limb) for side, limb in last.weak_places()):
            evidence += [ev for side, _, ev in prev.weakness() if side is not None]
            evidence += [ev for side, limb, ev in last.weakness() if spreads(side, limb)]
            evidence.append("weakness spread since the last check-in")
    if not evidence:
        return []
    return [
        Fired(
            "RF-PROGRESSIVE",
            P.EMERGENCY_NOW,
            action=P.GO_TO_ED_NOW,
            confidence=P.STRONG if len(evidence) > 1 else P.MODERATE,
            evidence=evidence,
        )
    ]
