"""The course rules: PAT-PERSIST (escalation over time) and PAT-SORENESS (ordinary soreness).

They read the trends of spec/triage.md 8.13 that the engine computed once, and run after every
other rule, since PAT-SORENESS fires only when nothing at ``SEE_DOCTOR_DAYS`` or above did.
"""

from .. import params as P
from .common import SIDES, Fired, day_phrase, is_motor

_RANK = {P.MONITOR_SELF_CARE: 1, P.SEE_DOCTOR_DAYS: 2, P.SEE_DOCTOR_ASK_EMG: 3}


def _new_motor_signs(ctx):
    """PAT-PERSIST's new motor signs (12.11: new weakness of 11.1, a shoulder blade that
    sticks out, a lower shoulder): absent from the previous log, or a grade worse; with a
    single log, every motor sign when the onset came days after the massage (8.13)."""
    last = ctx.last
    if ctx.prev is not None:
        keys = [key for key in ctx.new_signs if is_motor(key)]
        return ctx.new_sign_evidence(keys) if keys else []
    if ctx.onset_timing in P.LATE_ONSETS:
        evidence = [last.sign_ev(key) for key in last.signs if is_motor(key)]
        if evidence:
            return [*evidence, f"onset.timing={ctx.onset_timing}"]
    return []


def pat_persist(ctx, fired):
    """PAT-PERSIST: symptoms that last or get worse (an escalation rule on top of the others).

    Facts: F23 ("doesn't improve after a few days"), F67-F69 (soreness peaks by 48 h and is gone
    by 5-7 days), F20 and F49 (nerve weakness can appear days later, as pain fades), F95
    (meaningful change 2, severe 7). Contract: 2.4 (worsening from day 3 → ``SEE_DOCTOR_DAYS``;
    pain >= 4 or not clearly better from day 7 → ``SEE_DOCTOR_DAYS``; a new motor sign →
    ``SEE_DOCTOR_ASK_EMG``), 7.5 and 8.12 (any nprs >= 7, any day → ``SEE_DOCTOR_DAYS``;
    ``sooner`` when that pain is at rest and has lasted 48 h), 8.13 (trends and "new"), 12.11
    (an unrated log's pain is 0; a grade worse is a new sign; the motor signs; "not clearly
    better" is judged also with no symptom but an abnormal movement answer, given or carried; the
    48 hours read as a symptom of nprs >= 7 at rest in each log of the run).
    """
    last = ctx.last
    branches = []  # (level, sooner, note, evidence)
    if ctx.worsening and ctx.d_onset >= P.WORSENING_FROM_DAY:
        branches.append(
            (P.SEE_DOCTOR_DAYS, False, "worse", [*ctx.worsening_evidence, day_phrase(ctx)])
        )
    if ctx.d_onset >= P.PERSIST_FROM_DAY and (last.symptoms or last.abnormal_answers):
        if last.pain >= P.PERSIST_PAIN:
            evidence = [last.pain_symptom.ev("nprs"), day_phrase(ctx)]
            branches.append((P.SEE_DOCTOR_DAYS, False, "lingering", evidence))
        elif not ctx.improving:
            evidence = [day_phrase(ctx), "not clearly better"]
            branches.append((P.SEE_DOCTOR_DAYS, False, "lingering", evidence))
    motor = _new_motor_signs(ctx)
    if motor:
        branches.append((P.SEE_DOCTOR_ASK_EMG, False, "new_motor", motor))
    severe = [s for s in last.symptoms if s.nprs is not None and s.nprs >= P.SEVERE_PAIN]
    if severe:
        evidence = [s.ev("nprs") for s in severe]
        at_rest = [s.ev("at_rest") for s in severe if s.at_rest]
        lasted = ctx.severe_pain_since() if at_rest else None
        if lasted:
            evidence += [*at_rest, lasted]
        branches.append((P.SEE_DOCTOR_DAYS, bool(lasted), "severe", evidence))
    if not branches:
        return []
    level = max((branch[0] for branch in branches), key=_RANK.__getitem__)
    branches.sort(key=lambda branch: -_RANK[branch[0]])
    # Judgement (safer, 7.1): the one entry keeps the 48-hour ``sooner`` of its severe-pain
    # branch even when a new motor sign lifts it to SEE_DOCTOR_ASK_EMG.
    return [
        Fired(
            "PAT-PERSIST",
            level,
            sooner=any(branch[1] for branch in branches),
            confidence=P.STRONG if len(branches) >= 2 else P.MODERATE,
            evidence=[item for branch in branches for item in branch[3]],
            notes={branch[2] for branch in branches},
        )
    ]


def _abnormal_movements(ctx, side):
    """Weak movement answers on ``side`` that are not tolerated (2.4; 8.15): only a "harder"
    lift that the pain stops, in the first 72 h, is."""
    last = ctx.last
    bad = []
    for movement in P.MOVEMENTS:
        if not last.weak(side, movement):
            continue
        pain_limited = (
            movement in ("arm_side_lift", "arm_forward_overhead")
            and last.answer(side, movement) == "harder"
            and last.weakness_type == "pain_stops_me"
            and ctx.d_onset < P.EARLY_WINDOW_DAYS
        )
        if not pain_limited:
            bad.append(movement)
    return bad


def pat_soreness(ctx, fired):
    """PAT-SORENESS → ``MONITOR_SELF_CARE``: ordinary soreness after a massage.

    Facts: F10, F66 (most after-massage symptoms start within 12 h and last 36 h or less),
    F67-F69 (soreness peaks at 24-48 h, is felt when pressed or moved, not at rest, and is gone
    by 5-7 days). Contract: 2.4 (all of: ache, tenderness, stiffness or bruising within the
    massaged regions; onset during the massage or within 24 h; day 3 or earlier, or day 7 or
    earlier while improving; not at rest; nprs <= 6; no droop, winging or flattening; no
    numbness, swelling or red flag; nothing at ``SEE_DOCTOR_DAYS`` or above), 8.15 (these are
    exclusions: a left-out movement answer is not abnormal; an ache needs
    ``pressed_or_moved_only``; any red-flag code blocks it), 8.8 (any RF-* rule blocks it),
    10.5 (answers are read through the carried view: a carried answer is an answer), 12.1
    (a code in force, ticked now or carried, blocks it even when it fires no rule).
    """
    last = ctx.last
    if ctx.rf_fired or ctx.codes or not last.symptoms:
        return []
    if any(_RANK.get(f.level, 4) >= _RANK[P.SEE_DOCTOR_DAYS] for f in fired):
        return []
    if ctx.onset_timing not in P.SORENESS_ONSETS:
        return []
    early = ctx.d_onset <= P.SORENESS_PEAK_END_DAY
    if not early and not (ctx.d_onset <= P.SORENESS_MAX_DAY and ctx.improving):
        return []
    for s in last.symptoms:
        if (
            s.kind not in P.SORENESS_KINDS
            or not ctx.massaged_on(s.side, {s.region})
            or s.at_rest
            or (s.nprs is not None and s.nprs > P.SORENESS_MAX_PAIN)
            or (s.kind == "ache" and not s.pressed_or_moved_only)
        ):
            return []
    for side in SIDES:
        if _abnormal_movements(ctx, side):
            return []
        if any(last.flag(side, name) for name in P.FUNCTION_FLAGS):
            return []
        if last.answer(side, "limb_swollen_with"):
            return []
    evidence = [s.ev() for s in last.symptoms]
    evidence += [s.ev("pressed_or_moved_only") for s in last.symptoms if s.pressed_or_moved_only]
    evidence += [f"onset.timing={ctx.onset_timing}", day_phrase(ctx)]
    if not early:
        evidence += ctx.improving_evidence
    return [
        Fired(
            "PAT-SORENESS",
            P.MONITOR_SELF_CARE,
            confidence=P.STRONG if early else P.MODERATE,
            evidence=evidence,
        )
    ]
