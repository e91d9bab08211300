"""The red-flag rules (clinical-research.md 2.3; spec/triage.md 7.2-7.4, 8.1, 8.2, 8.7-8.9).

Each is read from the last log (7.12: its questions ask "since the massage, even if it went
away"); RF-PROGRESSIVE and RF-RHABDO also compare it with the log before. Every rule here
fires at ``EMERGENCY_NOW`` except RF-SYSTEMIC's lower branch, and any of them blocks
PAT-SORENESS and the reassuring sentences of the other patterns (2.1; 8.8, 8.18).
"""

from .. import params as P
from ..vocabulary import LEG_REGIONS, MOVEMENT_GRADE_ORDER, RED_FLAG_GROUPS
from .common import OTHER_SIDE, SIDES, Fired, confidence, day_phrase

_GROUPS = {group.key: tuple(group.codes) for group in RED_FLAG_GROUPS}
LIMBS = P.LIMB_REGIONS["arm"] | P.LIMB_REGIONS["leg"]


def _codes(ctx, group):
    return [ctx.last.code_ev(code) for code in ctx.last.red_flags if code in _GROUPS[group]]


def rf_stroke(ctx, fired):
    """RF-STROKE → ``CALL_EMERGENCY``: a stroke or dissection sign, even if it went away.

    Facts: F70-F78 (BE FAST signs; act even if the signs fluctuate or disappear, F77; whole-arm
    weakness is a FAST sign a form cannot tell from a plexus injury, F56-F58). Contract: 8.1
    (whole_limb_weak with a sudden symptom on that side; a sudden dizziness symptom; numbness or
    weakness of the face on one side), 8.16 (``confusion_or_fainting``). Neck treatment raises
    the confidence; nothing lowers it (2.3).
    """
    last = ctx.last
    codes = _codes(ctx, "stroke")
    evidence = list(codes)
    for side in SIDES:
        if last.flag(side, "whole_limb_weak"):
            # Judgement (safer): a sudden symptom in the middle of the body is on "that side" too.
            sudden = [s for s in last.symptoms if s.sudden and s.side in (side, "midline")]
            if sudden:
                evidence += [last.ev(side, "whole_limb_weak"), *(s.ev("sudden") for s in sudden)]
    evidence += [s.ev("sudden") for s in last.where(kinds={"dizziness"}) if s.sudden]
    for side in SIDES:  # "on one side": a midline face entry is not one side (8.3)
        evidence += [s.ev() for s in last.on(side, {"face"}, {"numbness", "weakness"})]
    if not evidence:
        return []
    neck = ctx.neck_context()
    return [
        Fired(
            "RF-STROKE",
            P.EMERGENCY_NOW,
            action=P.CALL_EMERGENCY,
            confidence=P.STRONG if neck or len(codes) >= 2 else P.MODERATE,
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
    shooting or throbbing symptom of nprs >= 7 in the neck, back of the head, temple or face on
    one side, with neck context and ``d_massage`` <= 14 → ``GO_TO_ED_NOW``). A plain ache or
    stiffness does not count (7.2). Judgement (safer, 7.1): "on one side only" rules out a
    midline entry, but severe pain on one side still counts when the other side hurts too.
    """
    last = ctx.last
    call = [last.code_ev("worst_ever_headache")] if last.has("worst_ever_headache") else []
    for s in last.where(kinds={"headache"}):
        if s.sudden and s.nprs is not None and s.nprs >= P.SEVERE_PAIN:
            call += [s.ev(), s.ev("nprs"), s.ev("sudden")]
    code = "new_severe_one_sided_neck_or_head_pain"
    go = [last.code_ev(code)] if last.has(code) else []
    neck = ctx.neck_context()
    if neck and ctx.d_massage <= P.DISSECTION_WINDOW_DAYS:
        severe = [
            s
            for s in last.where(P.DISSECTION_REGIONS, P.DISSECTION_KINDS)
            if s.side in SIDES and s.nprs is not None and s.nprs >= P.SEVERE_PAIN
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


def rf_cord(ctx, fired):
    """RF-CORD → ``GO_TO_ED_NOW``: signs of a squeezed spinal cord.

    Facts: F79 (tetraplegia after a neck massage on a narrowed canal), F93 (progressive
    widespread neurological signs), F54. Contract: 8.1 (weakness — a weakness symptom,
    grip_weak, whole_limb_weak or a weak movement answer — or numbness in both arms, or in both
    legs; tingling or burning on both sides is PAT-PERIPHERAL's, 7.6). Judgement (safer): a
    weakness or numbness symptom over the whole body counts as both arms and both legs.
    """
    last = ctx.last
    evidence = _codes(ctx, "cord")
    whole_body = [s.ev() for s in last.where({"whole_body"}, {"weakness", "numbness"})]
    left = ctx.weak_limbs("left", with_numbness=True)
    right = ctx.weak_limbs("right", with_numbness=True)
    for limb in ("arm", "leg"):
        if (left[limb] and right[limb]) or whole_body:
            evidence += left[limb] + right[limb] + whole_body
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
    evidence = _codes(ctx, "cauda_equina")
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


def rf_pe(ctx, fired):
    """RF-PE → ``CALL_EMERGENCY``: signs of a blood clot in the lungs.

    Facts: F85-F88 (PE after leg massage; breathlessness, chest pain, coughing blood). Contract:
    8.16 (it reads ``breathlessness``, ``chest_pain_on_breathing`` and ``coughing_blood``;
    fainting is RF-STROKE's). A leg massage, a swollen leg, pregnancy, surgery or travel, or an
    earlier clot raise the confidence (2.3).
    """
    evidence = _codes(ctx, "lungs")
    if not evidence:
        return []
    raisers = [
        ctx.massaged_anywhere(LEG_REGIONS),
        ctx.last.where(LEG_REGIONS, {"swelling"}),
        any(ctx.last.flag(side, "limb_swollen") for side in SIDES),
        ctx.risk_ev(P.CLOT_RISKS),
    ]
    return [
        Fired(
            "RF-PE",
            P.EMERGENCY_NOW,
            action=P.CALL_EMERGENCY,
            confidence=P.STRONG if any(raisers) else P.MODERATE,
            evidence=evidence + ctx.risk_ev(P.CLOT_RISKS),
        )
    ]


def _dvt_companions(last, side, regions):
    """A pain, tenderness, warmth or redness symptom in those regions on that side (7.3)."""
    return [s for s in last.on(side, regions) if s.is_pain or s.kind in P.DVT_COMPANION_KINDS]


def rf_dvt(ctx, fired):
    """RF-DVT → ``GO_TO_ED_NOW``, per side: a possible clot in a vein of an arm or leg.

    Facts: F85, F86 (clots after leg massage), F88, F89 (one swollen, painful, warm or red
    arm or leg). Contract: 7.3 (``limb_swollen`` plus a ``limb_swollen_with`` answer or a pain,
    tenderness, warmth or redness symptom in a limb on that side; a swollen knee alone is not a
    swollen limb); 8.4 (a ``swelling`` symptom in a limb region other than the knee, on one side
    only, with such a symptom in the same limb and side, counts as ``limb_swollen``); 8.1
    (``pale_blue_or_cold_skin`` in a limb region).
    """
    last = ctx.last
    results = []
    for side in SIDES:
        evidence = []
        if last.flag(side, "limb_swollen"):
            swollen_with = last.answer(side, "limb_swollen_with") or []
            companions = _dvt_companions(last, side, LIMBS)
            if swollen_with or companions:
                evidence.append(last.ev(side, "limb_swollen"))
                evidence += [
                    f"{last.ref}.function.{side}.limb_swollen_with={w}" for w in swollen_with
                ]
                evidence += [s.ev() for s in companions]
        for limb in ("arm", "leg"):
            regions = P.LIMB_REGIONS[limb] - P.KNEE_REGIONS
            swellings = last.on(side, regions, {"swelling"})
            if swellings and not last.on(OTHER_SIDE[side], regions, {"swelling"}):
                companions = _dvt_companions(last, side, P.LIMB_REGIONS[limb])
                if companions:
                    evidence += [s.ev() for s in swellings] + [s.ev() for s in companions]
        evidence += [s.ev() for s in last.on(side, LIMBS, {"pale_blue_or_cold_skin"})]
        if evidence:
            massaged = ctx.massaged_on(side, LIMBS)
            risks = ctx.risk_ev(P.CLOT_RISKS)
            results.append(
                Fired(
                    "RF-DVT",
                    P.EMERGENCY_NOW,
                    side=side,
                    action=P.GO_TO_ED_NOW,
                    confidence=P.STRONG if risks or massaged else P.MODERATE,
                    evidence=evidence + risks + massaged,
                )
            )
    return results


def rf_rhabdo(ctx, fired):
    """RF-RHABDO → ``GO_TO_ED_NOW``: signs of muscle breakdown, which can harm the kidneys.

    Facts: F80-F84 (dark or scant urine with muscle pain after forceful massage, heat or a
    percussion gun; pain worse than soreness that does not ease in a few days). Contract: 7.4
    and 8.9: dark or much less urine with any muscle symptom (ache, sharp, throbbing, burning,
    tenderness, cramping, stiffness, swelling, weakness, heaviness, or a weak movement answer);
    or a ``swelling`` symptom in a massaged region with nprs >= 7 on it or on a pain symptom of
    the same region and side, from day 2, when the course is worse, that region's nprs rose or
    the swelling is new since the previous log. Judgement (safer): with a single log the
    swelling counts as new, since no earlier log shows it.
    """
    last, prev = ctx.last, ctx.prev
    urine = [last.code_ev(code) for code in ("urine_dark", "urine_much_less") if last.has(code)]
    evidence = []
    if urine:
        muscle = [s.ev() for s in last.where(kinds=P.MUSCLE_KINDS)]
        muscle += [
            last.ev(side, movement)
            for side in SIDES
            for movement in P.MOVEMENTS
            if last.weak(side, movement)
        ]
        if muscle:
            evidence += urine + muscle
    if ctx.d_onset >= P.RHABDO_FROM_DAY:
        for swelling in last.where(kinds={"swelling"}):
            massaged = ctx.massaged_on(swelling.side, {swelling.region})
            here = last.on(swelling.side, {swelling.region})
            severe = [
                s
                for s in here
                if (s is swelling or s.is_pain) and s.nprs is not None and s.nprs >= P.SEVERE_PAIN
            ]
            if not massaged or not severe:
                continue
            then = prev.on(swelling.side, {swelling.region}) if prev else []
            rose = max((s.nprs or 0 for s in here), default=0) > max(
                (s.nprs or 0 for s in then), default=0
            )
            new = not any(s.kind == "swelling" for s in then)
            if last.course == "worse" or (prev is not None and rose) or new:
                evidence += [swelling.ev(), *(s.ev("nprs") for s in severe), *massaged]
                if last.course == "worse":
                    evidence.append(last.field_ev("course", "worse"))
                evidence.append(day_phrase(ctx))
    if not evidence:
        return []
    risks = ctx.risk_ev(["known_muscle_disease", "intense_exercise_same_days"])
    return [
        Fired(
            "RF-RHABDO",
            P.EMERGENCY_NOW,
            action=P.GO_TO_ED_NOW,
            confidence=P.STRONG if urine and len(evidence) > len(urine) else P.MODERATE,
            evidence=evidence + risks,
        )
    ]


_SHOULDER_FLAGS = (
    "shrug_weaker",
    "shoulder_lower",
    "blade_sticks_out",
    "neck_shoulder_line_flatter",
)


def _weak_units(log):
    """Where a log shows weakness: (side, limb) units, with the evidence of each (8.7)."""
    units = {}
    for side in SIDES:
        for movement in P.MOVEMENTS:
            if log.weak(side, movement):
                limb = "leg" if movement in P.LEG_MOVEMENTS else "arm"
                units.setdefault((side, limb), log.ev(side, movement))
        for name in (*_SHOULDER_FLAGS, "grip_weak"):
            if log.flag(side, name):
                units.setdefault((side, "arm"), log.ev(side, name))
        if log.flag(side, "whole_limb_weak"):
            units.setdefault((side, "whole_limb"), log.ev(side, "whole_limb_weak"))
    for s in log.where(kinds={"weakness"}):
        if s.region == "whole_body":
            for side in SIDES:
                for limb in ("arm", "leg"):
                    units.setdefault((side, limb), s.ev())
        elif s.region in P.LIMB_WITH_GIRDLE["arm"] or s.region in P.ARM_AREA:
            units.setdefault((s.side, "arm"), s.ev())
        elif s.region in P.LIMB_WITH_GIRDLE["leg"]:
            units.setdefault((s.side, "leg"), s.ev())
        else:
            units.setdefault((s.side, s.region), s.ev())
    return units


def rf_progressive(ctx, fired):
    """RF-PROGRESSIVE → ``GO_TO_ED_NOW``: weakness getting worse or spreading.

    Facts: F93 (progressive neurological signs), F54. Contract: 8.7: the code
    ``weakness_worse_or_spreading``; or, between the previous log and the last (at most 7 days
    apart), a movement answer one grade worse (easy < harder < great_effort < cannot; not_tried
    has no grade) while the previous log already showed weakness, or weakness that appeared on
    the other side or in another limb. Weakness here is any motor sign (a weak movement answer,
    a weaker shrug, a lower shoulder, a blade that sticks out, a flatter line, a weak grip, a
    whole weak limb or a weakness symptom); a whole weak limb counts as a place of its own.
    """
    last, prev = ctx.last, ctx.prev
    evidence = [last.code_ev(c) for c in last.red_flags if c == "weakness_worse_or_spreading"]
    if prev is not None and (last.date - prev.date).days <= P.PROGRESSIVE_MAX_GAP_DAYS:
        before = _weak_units(prev)
        if before:
            for side in SIDES:
                for movement in P.MOVEMENTS:
                    then = MOVEMENT_GRADE_ORDER.get(prev.answer(side, movement))
                    now = MOVEMENT_GRADE_ORDER.get(last.answer(side, movement))
                    if then is not None and now is not None and now > then:
                        evidence += [prev.ev(side, movement), last.ev(side, movement)]
            spread = {unit: ev for unit, ev in _weak_units(last).items() if unit not in before}
            if spread:
                evidence += [
                    *before.values(),
                    *spread.values(),
                    "weakness spread since the last check-in",
                ]
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


def rf_systemic(ctx, fired):
    """RF-SYSTEMIC: signs of an illness of the whole body rather than of the massage.

    Facts: F93 (cancer, weight loss, night pain, fever), F94 (fever, neck stiffness all over,
    vomiting, light sensitivity). Contract: 8.8: ``GO_TO_ED_NOW`` on fever with a stiff neck all
    over, or fever with a headache (a symptom, or a headache code) and vomiting or light
    sensitivity (the meningitis-type concern is a design choice of 2.3); otherwise
    ``SEE_DOCTOR_DAYS`` with ``sooner`` on any general code, or on a history of cancer or a
    weakened immune system together with a pain symptom.
    """
    last = ctx.last
    codes = _codes(ctx, "general")
    fever, stiff, vomiting = (
        last.has(c) for c in ("fever", "stiff_neck_all_over", "vomiting_or_light_sensitivity")
    )
    headache = [s.ev() for s in last.where(kinds={"headache"})]
    headache += [
        last.code_ev(c)
        for c in ("worst_ever_headache", "new_severe_one_sided_neck_or_head_pain")
        if last.has(c)
    ]
    if fever and (stiff or (vomiting and headache)):
        evidence = codes + (headache if not stiff else [])
        return [
            Fired(
                "RF-SYSTEMIC",
                P.EMERGENCY_NOW,
                action=P.GO_TO_ED_NOW,
                confidence=P.STRONG,
                evidence=evidence,
                notes={"meningitis"},
            )
        ]
    pain = [s.ev() for s in last.symptoms if s.is_pain]
    risks = ctx.risk_ev(["cancer_history", "immunosuppressed"])
    evidence = codes + (risks + pain if risks and pain else [])
    if not evidence:
        return []
    return [
        Fired(
            "RF-SYSTEMIC",
            P.SEE_DOCTOR_DAYS,
            sooner=True,
            confidence=P.MODERATE,
            evidence=evidence,
        )
    ]
