"""The nerve patterns of the neck, arm and leg: PAT-ROOT, PAT-PLEXUS-TOS and PAT-PERIPHERAL
(clinical-research.md 2.4; spec/triage.md 7.6, 7.10, 8.5, 8.16, 11.6, 11.7, 12.7, 12.8, 12.17).

Each is judged per side (the person's own left and right) from the last log, through its
carried view (10.5), and gives one entry per side (and branch) it fires on.
"""

from .. import params as P
from .common import OTHER_SIDE, SIDES, Fired, confidence, day_phrase, fired_on

# Winging seen when lifting sideways, at rest, or not sure (or not said: 8.10) is a SAN sign.
_SAN_BLADE_WHEN = frozenset({None, "lifting_sideways", "at_rest", "not_sure"})
_SHOULDER_AND_ARM = P.SHOULDER_AND_ARM


def _arm_weakness(last, side):
    """Any arm or hand weakness on ``side`` (2.4 PAT-ROOT's ``grip_or_arm_weak``)."""
    evidence = [last.ev(side, m) for m in P.ARM_MOVEMENTS if last.weak(side, m)]
    evidence += [last.ev(side, f) for f in ("grip_weak", "whole_limb_weak") if last.flag(side, f)]
    evidence += [s.ev() for s in last.on(side, _SHOULDER_AND_ARM, {"weakness"})]
    return evidence


def _root_arm_symptoms(last, side):
    """Pain past the elbow that radiates (sharp, shooting, burning), or numbness or tingling
    there; any pain there when neck movement or coughing sends it down the arm (2.4)."""
    return [
        s
        for s in last.on(side, P.PAST_ELBOW_REGIONS)
        if s.kind in P.RADIATING_KINDS | P.SENSORY_KINDS or (last.neck_provokes and s.is_pain)
    ]


def pat_root(ctx, fired):
    """PAT-ROOT → ``SEE_DOCTOR_DAYS``, per side: an irritated nerve root in the neck.

    Facts: F52 (sharp shooting pain from the neck down the arm), F53 (tingling, numbness or
    weakness in the root's area), F54 (worse with neck movement, coughing; most improve within
    weeks), F55 (reassess after 6-8 weeks). Contract: 2.4 (neck pain or neck movement/cough
    provoking arm symptoms, and on side S pain past the elbow or tingling/numbness of the hand;
    any arm weakness → ``sooner`` with "a doctor may arrange imaging or a nerve test"), section 5
    (forearm, hand and fingers are "past the elbow"), 8.16 (stays ``SEE_DOCTOR_DAYS`` while
    improving; "redirect" means both patterns fire with lower confidence). Judgement (safer):
    worsening also gives ``sooner``, and stiffness or tenderness of the neck counts as neck pain.
    """
    if not ctx.last.regions & P.PAST_ELBOW_REGIONS:
        return []
    last = ctx.last
    neck = [
        s.ev()
        for s in last.where(P.NECK_CONTEXT_REGIONS - {"above_collarbone"})
        if s.is_pain or s.kind in {"stiffness", "tenderness"}
    ]
    if last.neck_provokes:
        neck.append(last.field_ev("neck_move_or_cough_provokes_arm", True))
    if not neck:
        return []
    qualifying = {side: _root_arm_symptoms(last, side) for side in SIDES}
    results = []
    for side in SIDES:
        arm = qualifying[side]
        if not arm:
            continue
        weakness = _arm_weakness(last, side)
        notes = set()
        if weakness:
            notes.add("imaging")
        if ctx.worsening:
            notes.add("worse")
        reassess = ctx.d_onset >= P.ROOT_REASSESS_DAY and not ctx.improving
        if reassess:
            notes.add("reassess")
        neck_treated = ctx.massaged_anywhere(P.NECK_CONTEXT_REGIONS - {"above_collarbone"})
        if ctx.neck_manipulation:
            neck_treated.append("massage.neck_manipulation=true")
        raisers = [
            any(s.kind in {"sharp", "shooting_or_electric"} for s in arm),
            last.neck_provokes,
            any(s.region in P.FINGER_REGIONS and s.kind in P.SENSORY_KINDS for s in arm),
            neck_treated,
        ]
        lowered = (
            last.overhead_provokes
            or bool(last.on(side, _SHOULDER_AND_ARM, {"pale_blue_or_cold_skin"}))
            or all(ctx.massaged_on(side, {s.region}) for s in arm)
            or bool(qualifying[OTHER_SIDE[side]])
        )
        evidence = neck + [s.ev() for s in arm] + weakness + neck_treated
        if ctx.worsening:
            evidence += ctx.worsening_evidence
        if reassess:
            evidence += [day_phrase(ctx), "not clearly better"]
        results.append(
            Fired(
                "PAT-ROOT",
                P.SEE_DOCTOR_DAYS,
                side=side,
                sooner=bool(weakness) or ctx.worsening,
                confidence=confidence(raisers, lowered),
                evidence=evidence,
                notes=notes,
            )
        )
    return results


def _areas(pairs):
    found = {}
    for area, ev in pairs:
        found.setdefault(area, []).append(ev)
    return found


def pat_plexus_tos(ctx, fired):
    """PAT-PLEXUS-TOS, per side: the nerves between the neck and the arm.

    Plexus branch → ``SEE_DOCTOR_ASK_EMG`` with ``sooner``. Facts: F56-F58 (paralysis of the
    shoulder after chair and neck massage). Contract: 2.4 (weakness with numbness or tingling
    over more than one area of the arm, or weakness of both shoulder and hand, starting within
    2 days of a neck, shoulder or armpit massage: 7.10, 8.16), 12.17 (five areas: shoulder and
    armpit, upper arm, elbow, forearm, hand with fingers; "more than one area" counts the
    weakness and the numbness or tingling together), 11.1 and 12.5 (weakness, not a weaker
    shrug), 8.5 and 12.7 (``whole_limb_weak`` names no limb: not sudden, it fires this branch
    and PAT-PERIPHERAL's motor branch on that side; a sudden one fires RF-STROKE too, and this
    stays listed as a possibility).

    TOS branch → ``SEE_DOCTOR_DAYS``. Fact: F59 (worse with the arms overhead or hanging).
    Contract: 2.4 (arm or hand tingling, numbness or aching provoked by the arms overhead or
    dangling); a pale, blue or cold hand is RF-DVT's (8.1).
    """
    last = ctx.last
    # Each branch needs one of these: a whole weak limb, symptoms with the arms overhead, a
    # weakness symptom, numbness or tingling beside a weak answer, or a weak hand.
    if not (
        last.overhead_provokes
        or "weakness" in last.kinds
        or (last.kinds & P.SENSORY_KINDS and (last.weak_answers or last.true_answers))
        or any(
            last.flag(side, "whole_limb_weak")
            or last.flag(side, "grip_weak")
            or last.weak(side, "wrist_finger_lift")
            for side in SIDES
        )
    ):
        return []
    last = ctx.last
    nsa_massage = ctx.massaged_anywhere(P.NECK_SHOULDER_ARMPIT_REGIONS)
    onset_gap = (ctx.onset_date - ctx.massage_date).days
    results = []
    for side in SIDES:
        weak = []
        for movement in ("arm_side_lift", "arm_forward_overhead"):
            if last.weak(side, movement):
                weak.append(("shoulder", last.ev(side, movement)))
        if last.weak(side, "wrist_finger_lift"):
            weak.append(("hand", last.ev(side, "wrist_finger_lift")))
        if last.flag(side, "grip_weak"):
            weak.append(("hand", last.ev(side, "grip_weak")))
        weak += [(P.ARM_AREA[s.region], s.ev()) for s in last.on(side, P.ARM_AREA, {"weakness"})]
        weak_areas = _areas(weak)
        sensory_areas = _areas(
            (P.ARM_AREA[s.region], s.ev()) for s in last.on(side, P.ARM_AREA, P.SENSORY_KINDS)
        )
        whole_limb = last.flag(side, "whole_limb_weak")
        spans = weak_areas and sensory_areas and len(set(weak_areas) | set(sensory_areas)) >= 2
        shoulder_and_hand = "shoulder" in weak_areas and "hand" in weak_areas
        early = onset_gap <= P.PLEXUS_ONSET_WITHIN_DAYS
        if whole_limb or ((spans or shoulder_and_hand) and nsa_massage and early):
            evidence = [last.ev(side, "whole_limb_weak")] if whole_limb else []
            evidence += [ev for evs in weak_areas.values() for ev in evs]
            evidence += [ev for evs in sensory_areas.values() for ev in evs]
            if nsa_massage and early:
                evidence += [*nsa_massage, f"onset.timing={ctx.onset_timing}"]
            results.append(
                Fired(
                    "PAT-PLEXUS-TOS",
                    P.SEE_DOCTOR_ASK_EMG,
                    side=side,
                    sooner=True,
                    confidence=P.STRONG
                    if (spans and shoulder_and_hand) or (whole_limb and sensory_areas)
                    else P.MODERATE,
                    evidence=evidence,
                    branch="plexus",
                )
            )
        symptoms = last.on(side, P.ARM_AREA, P.SENSORY_KINDS | (P.PAIN_KINDS - {"headache"}))
        if symptoms and last.overhead_provokes:
            results.append(
                Fired(
                    "PAT-PLEXUS-TOS",
                    P.SEE_DOCTOR_DAYS,
                    side=side,
                    confidence=P.WEAK if fired_on(fired, side, {"PAT-ROOT"}) else P.MODERATE,
                    evidence=[
                        last.field_ev("overhead_or_dangling_provokes", True),
                        *(s.ev() for s in symptoms),
                    ],
                    branch="tos",
                )
            )
    return results


def _plexus_on(fired, side):
    return any(f.id == "PAT-PLEXUS-TOS" and f.branch == "plexus" and f.side == side for f in fired)


def _focal_weakness(last, side):
    """11.6's weak hand, wrist or foot on ``side``, by limb: a weak grip, a wrist and finger
    lift or a foot lift that is not easy (not_tried is no answer), or a weakness symptom in a
    limb region of 8.4. ``{"arm": [...], "leg": [...]}`` of ``(note, evidence)``."""
    found = {"arm": [], "leg": []}
    if last.weak(side, "wrist_finger_lift"):
        found["arm"].append(("wrist", last.ev(side, "wrist_finger_lift")))
    if last.flag(side, "grip_weak"):
        found["arm"].append(("grip", last.ev(side, "grip_weak")))
    if last.weak(side, "foot_lift"):
        found["leg"].append(("foot", last.ev(side, "foot_lift")))
    for s in last.on(side, P.LIMB_OF, {"weakness"}):
        limb = P.LIMB_OF[s.region]
        found[limb].append((limb, s.ev()))
    return found


def _motor_branch(ctx, fired, side):
    """PAT-PERIPHERAL's motor branch on ``side``: ``(evidence, site, sooner, notes)``.

    11.6: a weak hand, wrist or foot fires it whatever was massaged, unless it fires another
    nerve pattern on that side, which 12.8 reads as PAT-PLEXUS-TOS's plexus branch (PAT-ROOT
    does not count; the plexus is the arm's, so a weak foot always fires it). 8.5 and 12.7: a
    whole weak limb that is not sudden fires it too, with ``sooner``.
    """
    last = ctx.last
    focal = _focal_weakness(last, side)
    if _plexus_on(fired, side):
        focal["arm"] = []
    evidence, site, notes = [], [], set()
    for note, ev in focal["arm"] + focal["leg"]:
        evidence.append(ev)
        notes.add(note)
    if any(note == "wrist" for note, _ in focal["arm"]):
        site += ctx.massaged_on(side, P.RADIAL_SITE_REGIONS)
    if any(note == "foot" for note, _ in focal["leg"]):
        site += ctx.massaged_on(side, P.PERONEAL_SITE_REGIONS)
    for limb in ("arm", "leg"):
        if any(note in ("grip", limb) for note, _ in focal[limb]):
            site += ctx.massaged_on(side, P.LIMB_REGIONS[limb])
    whole_limb = last.flag(side, "whole_limb_weak")
    if whole_limb:
        evidence.append(last.ev(side, "whole_limb_weak"))
        notes.add("whole_limb")
    return evidence, site, whole_limb, notes


def _sensory_blocked(last, side, symptom):
    """12.8: the sensory branch's "no weakness" means no weakness of 11.6 (or a whole weak
    limb, 12.18) in the same limb, the shoulder regions counting with the arm and the outer
    hip and groin with the leg; neck and back symptoms are never blocked."""
    for limb, regions in P.SENSORY_SAME_LIMB.items():
        if symptom.region in regions:
            return bool(_focal_weakness(last, side)[limb]) or last.flag(side, "whole_limb_weak")
    return False


def pat_peripheral(ctx, fired):
    """PAT-PERIPHERAL, per side: a nerve of an arm or leg, pressed where it runs near the skin.

    Motor branch → ``SEE_DOCTOR_ASK_EMG``. Facts: F61 (wrist drop after upper-arm massage),
    F62, F63 (foot drop from pressure at the outer knee), F64 (not reported after massage).
    Contract: 2.4 (focal weakness of a massaged or pressed limb), 11.6 and 12.8 (a weak hand,
    wrist or foot always fires a nerve pattern: this one, unless the plexus branch fired on
    that side), 8.5 and 12.7 (a whole weak limb, not sudden, with ``sooner``). The usual site
    of pressure raises the confidence.

    Sensory branch → ``MONITOR_SELF_CARE``. Contract: 2.4 (numbness, tingling or burning where
    the massage was, or further along the same limb, with no weakness, no red flag and no
    PAT-ROOT, PAT-PLEXUS-TOS or PAT-SAN on that side), 12.8 (which weakness, and which limb:
    a weak foot does not hide tingling in the hand, so both branches may fire on one side),
    7.6 (→ ``SEE_DOCTOR_DAYS`` when not improving from day 7, on both sides, or still present
    from day 21), 2.4 (or spreading or worsening). Three or more DN4-style descriptors add a
    "nerve-type" sentence (F99).
    """
    last = ctx.last
    # The motor branch needs a weak hand, wrist or foot or a weakness symptom (11.6) or a
    # whole weak limb (12.7); the sensory branch numbness, tingling or burning.
    if not (
        last.kinds & (P.NERVE_SENSORY_KINDS | {"weakness"})
        or any(
            last.flag(side, "whole_limb_weak")
            or last.flag(side, "grip_weak")
            or last.weak(side, "wrist_finger_lift")
            or last.weak(side, "foot_lift")
            for side in SIDES
        )
    ):
        return []
    last = ctx.last
    results = []
    for side in SIDES:
        evidence, site, whole_limb, notes = _motor_branch(ctx, fired, side)
        if evidence:
            results.append(
                Fired(
                    "PAT-PERIPHERAL",
                    P.SEE_DOCTOR_ASK_EMG,
                    side=side,
                    sooner=whole_limb,
                    confidence=P.STRONG if site else P.MODERATE,
                    evidence=evidence + site,
                    branch="motor",
                    notes=notes,
                )
            )
        # The sensory branch is judged beside the motor one: 12.8 blocks it only by weakness
        # in the same limb, so tingling elsewhere on that side keeps its own entry.
        if ctx.rf_fired:
            continue
        if fired_on(fired, side, {"PAT-ROOT", "PAT-PLEXUS-TOS", "PAT-SAN"}):
            continue
        # Where the massage was: the spot itself, or the same limb nearer the body (2.4).
        limb_massage = {
            limb: ctx.massaged_on(side, P.LIMB_WITH_GIRDLE[limb]) for limb in ("arm", "leg")
        }
        symptoms, massaged = [], []
        for s in last.on(side, kinds=P.NERVE_SENSORY_KINDS):
            if _sensory_blocked(last, side, s):
                continue
            here = ctx.massaged_on(side, {s.region})
            here += [
                ev
                for limb, evs in limb_massage.items()
                if s.region in P.LIMB_WITH_GIRDLE[limb]
                for ev in evs
            ]
            if here:
                symptoms.append(s)
                massaged += here
        if not symptoms:
            continue
        notes = set()
        reasons = []
        if ctx.worsening:
            reasons += ctx.worsening_evidence
            notes.add("worse")
        if ctx.d_onset >= P.SENSORY_NOT_IMPROVING_DAY and not ctx.improving:
            reasons += [day_phrase(ctx), "not clearly better"]
            notes.add("not_improving")
        if last.on(OTHER_SIDE[side], kinds=P.NERVE_SENSORY_KINDS):
            reasons += [s.ev() for s in last.on(OTHER_SIDE[side], kinds=P.NERVE_SENSORY_KINDS)]
            notes.add("both_sides")
        if ctx.d_onset >= P.SENSORY_STILL_PRESENT_DAY:
            reasons.append(day_phrase(ctx))
            notes.add("still_present")
        kinds = {s.kind for s in last.on(side, kinds=P.NERVE_TYPE_KINDS)}
        if len(kinds) >= P.NERVE_TYPE_DESCRIPTORS_MIN:
            notes.add("nerve_type")
        results.append(
            Fired(
                "PAT-PERIPHERAL",
                P.SEE_DOCTOR_DAYS if reasons else P.MONITOR_SELF_CARE,
                side=side,
                confidence=P.MODERATE,
                evidence=[s.ev() for s in symptoms] + massaged + reasons,
                branch="sensory",
                notes=notes,
            )
        )
    return results
