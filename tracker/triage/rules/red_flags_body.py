"""The red-flag rules of the lungs, the veins, the muscles and the whole body: RF-PE, RF-DVT,
RF-RHABDO and RF-SYSTEMIC (clinical-research.md 2.3; spec/triage.md 7.3, 7.4, 8.1, 8.4, 8.8,
8.9, 10.2, 11.3, 11.4, 12.1, 12.10, 12.12).

Read like the other red flags (red_flags.py): the codes in force, the last log's answers
through its carried view; RF-RHABDO also compares it with the log before. All fire at
``EMERGENCY_NOW`` but RF-SYSTEMIC's lower branch.
"""

from .. import params as P
from ..vocabulary import LEG_REGIONS
from .common import OTHER_SIDE, SIDES, Fired, day_phrase, group_evidence

LIMBS = P.LIMB_REGIONS["arm"] | P.LIMB_REGIONS["leg"]
_URINE = ("urine_dark", "urine_much_less")
_HEADACHE_CODES = ("worst_ever_headache", "new_severe_one_sided_neck_or_head_pain")


def rf_pe(ctx, fired):
    """RF-PE → ``CALL_EMERGENCY``: signs of a blood clot in the lungs.

    Facts: F85-F88 (PE after leg massage; breathlessness, chest pain, coughing blood). Contract:
    8.16 (it reads ``breathlessness``, ``chest_pain_on_breathing`` and ``coughing_blood``;
    fainting is RF-STROKE's). A leg massage, a swollen leg, pregnancy, surgery or travel, or an
    earlier clot raise the confidence (2.3).
    """
    evidence = group_evidence(ctx, "lungs")
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
    """RF-DVT's companion in ``regions`` on ``side`` (7.3, 11.4, 12.12): a pain symptom (one
    with an nprs, 0 included, or of a pain kind), tenderness, warmth or redness; a swelling
    is its own companion only when rated 1 or more."""
    return [s for s in last.on(side, regions) if _is_dvt_companion(s)]


def _is_dvt_companion(s):
    if s.kind == "swelling":
        return s.nprs is not None and s.nprs >= 1
    return s.is_pain or s.kind in P.DVT_COMPANION_KINDS


def rf_dvt(ctx, fired):
    """RF-DVT → ``GO_TO_ED_NOW``, per side: a possible clot in a vein of an arm or leg.

    Facts: F85, F86 (clots after leg massage), F88, F89 (one swollen, painful, warm or red
    arm or leg). Contract: 7.3 (``limb_swollen`` plus a ``limb_swollen_with`` answer or a
    companion symptom in a limb on that side; a swollen knee alone is not a swollen limb); 8.4
    (a ``swelling`` symptom in a limb region other than the knee, on one side only, with a
    companion in the same limb and side, counts as ``limb_swollen``); 8.1
    (``pale_blue_or_cold_skin`` in a limb region); 11.4 and 12.12 (the companion).
    """
    last = ctx.last
    if not (
        last.kinds & {"swelling", "pale_blue_or_cold_skin"}
        or last.flag("left", "limb_swollen")
        or last.flag("right", "limb_swollen")
    ):
        return []
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
    percussion gun; pain worse than soreness that does not ease in a few days). Contract: 7.4,
    8.9 and 11.3: dark or much less urine with any muscle symptom (ache, sharp, throbbing,
    burning, tenderness, cramping, stiffness, swelling, weakness, heaviness) or any weakness of
    11.1 (a weak movement answer, a weak grip, a whole weak limb), in the last log or in the log
    that reported the urine code (12.1); or a ``swelling`` symptom in a massaged region with
    nprs >= 7 on it or on a pain symptom of the same region and side, from day 2, when the
    course is worse, that region's nprs rose or the swelling is new since the previous log.
    Judgement (safer): with a single log the swelling counts as new, since no earlier log
    shows it.
    """
    if not ctx.codes and "swelling" not in ctx.last.kinds:
        return []
    last, prev = ctx.last, ctx.prev
    urine = ctx.code_evidence(_URINE)
    evidence = []
    if urine:
        muscle = []
        for log in ctx.code_logs(_URINE):
            muscle += [s.ev() for s in log.where(kinds=P.MUSCLE_KINDS)]
            muscle += [ev for _, _, ev in log.weakness()]
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


def rf_systemic(ctx, fired):
    """RF-SYSTEMIC: signs of an illness of the whole body rather than of the massage.

    Facts: F93 (cancer, weight loss, night pain, fever), F94 (fever, neck stiffness all over,
    vomiting, light sensitivity). Contract: 8.8: ``GO_TO_ED_NOW`` on fever with a stiff neck all
    over, or fever with a headache (a symptom, or a headache code of 12.10) and vomiting or
    light sensitivity (the meningitis-type concern is a design choice of 2.3); otherwise
    ``SEE_DOCTOR_DAYS`` with ``sooner`` on any general code, or on a history of cancer or a
    weakened immune system together with a pain symptom. 12.1: the codes may come from
    different check-ins, and the headache symptom from the last log or from a log that
    reported one of the codes.
    """
    if not ctx.codes and not ctx.risk_ev(["cancer_history", "immunosuppressed"]):
        return []
    last = ctx.last
    codes = group_evidence(ctx, "general")
    fever, stiff, vomiting = (
        ctx.has(c) for c in ("fever", "stiff_neck_all_over", "vomiting_or_light_sensitivity")
    )
    if fever and (stiff or vomiting):
        headache = [
            s.ev()
            for log in ctx.code_logs(("fever", "vomiting_or_light_sensitivity"))
            for s in log.where(kinds={"headache"})
        ]
        headache += ctx.code_evidence(_HEADACHE_CODES)
        if stiff or headache:
            return [
                Fired(
                    "RF-SYSTEMIC",
                    P.EMERGENCY_NOW,
                    action=P.GO_TO_ED_NOW,
                    confidence=P.STRONG,
                    evidence=codes + (headache if not stiff else []),
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
