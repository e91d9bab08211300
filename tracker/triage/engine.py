"""The triage engine: one case in, one assessment out (spec/triage.md sections 2-4, 7 and 8).

``assess`` validates the case, computes the derived facts once (``Context``: day counts, the
last two logs, the massaged regions, the trends of 8.13), runs the red-flag rules and then the
pattern rules of ``rules/``, and assembles the assessment: level, action, sooner, EMG timing,
recheck date, texts, safety net and disclaimer. Pure Python: no Django, no database, no clock
("today" is ``as_of``). Only the last two logs are judged; trends that look further back scan
the logs once, so the cost grows linearly with their number.
"""

import datetime
from dataclasses import dataclass

from . import params as P
from . import texts
from .rules import PATTERN_RULES, RED_FLAG_RULES, RULE_ORDER
from .rules.common import is_motor
from .validate import validate_case
from .vocabulary import LEVEL_ORDER

ENGINE_VERSION = "1"

_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVEL_ORDER)}
_CONFIDENCE_RANK = {confidence: rank for rank, confidence in enumerate(P.CONFIDENCE_ORDER)}
_SIDE_RANK = {None: 0, "left": 1, "right": 2}
_EXPAND = {
    "left": ("left",),
    "right": ("right",),
    "both": ("left", "right"),
    "midline": ("midline",),
}


class CaseError(Exception):
    """An invalid case; ``errors`` names every offending field as ``{"path", "message"}``."""

    def __init__(self, errors):
        self.errors = errors
        first = errors[0] if errors else {"path": "", "message": "invalid case"}
        super().__init__(
            f"Invalid case ({len(errors)} error(s)); first: {first['path'] or '(case)'}: "
            f"{first['message']}"
        )


def _value(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


@dataclass(frozen=True, slots=True)
class Symptom:
    """One symptom of a log on one side (an input entry on ``both`` sides gives two)."""

    path: str  # "logs[-1].symptoms[2]": the input entry, by its original index
    kind: str
    region: str
    side: str  # left, right or midline
    nprs: int | None
    at_rest: bool
    pressed_or_moved_only: bool
    sudden: bool

    def ev(self, name="kind"):
        """The evidence path of one of its fields: ``logs[-1].symptoms[2].nprs=7``."""
        return f"{self.path}.{name}={_value(getattr(self, name))}"

    @property
    def is_pain(self):
        # 8.12: a pain symptom is one with an nprs; a rating of 0 means no pain (see params).
        has_rating = self.nprs is not None and self.nprs >= P.PAIN_PRESENT
        return has_rating or self.kind in P.PAIN_KINDS


class LogView:
    """One log, read for the rules: its symptoms by side, its answers and its signs (8.13)."""

    def __init__(self, log, ref):
        self.ref = ref
        self.date = log["date"]
        self.course = log.get("course")
        self.symptoms = tuple(
            Symptom(
                f"{ref}.symptoms[{index}]",
                entry["kind"],
                entry["region"],
                side,
                entry.get("nprs"),
                entry.get("at_rest") is True,
                entry.get("pressed_or_moved_only") is True,
                entry.get("sudden") is True,
            )
            for index, entry in enumerate(log.get("symptoms", ()))
            for side in _EXPAND[entry["side"]]
        )
        self.function = log.get("function", {})
        self.weakness_type = log.get("weakness_type")
        self.neck_provokes = log.get("neck_move_or_cough_provokes_arm") is True
        self.overhead_provokes = log.get("overhead_or_dangling_provokes") is True
        self.red_flags = tuple(dict.fromkeys(log.get("red_flags", ())))
        rated = [s for s in self.symptoms if s.nprs is not None]
        self.pain_symptom = max(rated, key=lambda s: s.nprs, default=None)
        # 8.13: a log's pain is its highest nprs, 0 with no symptom; None when none is rated.
        if self.pain_symptom is not None:
            self.pain = self.pain_symptom.nprs
        else:
            self.pain = None if self.symptoms else 0
        self.signs = self._signs()

    # --- Answers ------------------------------------------------------------------------------

    def answer(self, side, name):
        return self.function.get(side, {}).get(name)

    def weak(self, side, movement):
        """A movement answer of harder, great_effort or cannot; left out never counts (7.11)."""
        return self.answer(side, movement) in P.WEAK_GRADES

    def flag(self, side, name):
        return self.answer(side, name) is True

    def ev(self, side, name):
        return f"{self.ref}.function.{side}.{name}={_value(self.answer(side, name))}"

    def code_ev(self, code):
        return f"{self.ref}.red_flags={code}"

    def field_ev(self, name, value):
        return f"{self.ref}.{name}={_value(value)}"

    def has(self, code):
        return code in self.red_flags

    def on(self, side, regions=None, kinds=None):
        """The symptoms on ``side`` (left, right or midline), in ``regions``, of ``kinds``."""
        return [
            s
            for s in self.symptoms
            if s.side == side
            and (regions is None or s.region in regions)
            and (kinds is None or s.kind in kinds)
        ]

    def where(self, regions=None, kinds=None):
        """The symptoms on any side, in ``regions``, of ``kinds``."""
        return [
            s
            for s in self.symptoms
            if (regions is None or s.region in regions) and (kinds is None or s.kind in kinds)
        ]

    # --- Signs (8.13) -------------------------------------------------------------------------

    def _signs(self):
        """Each sign of this log, by a key that compares across logs, with its evidence."""
        signs = {}
        for side in ("left", "right"):
            for movement in P.MOVEMENTS:
                if self.weak(side, movement):
                    signs[("move", side, movement)] = self.ev(side, movement)
            for name in P.FUNCTION_FLAGS:
                if self.flag(side, name):
                    signs[("flag", side, name)] = self.ev(side, name)
        for s in self.symptoms:
            if s.kind in P.SIGN_KINDS:
                signs.setdefault(("symptom", s.kind, s.region, s.side), s.ev())
        return signs

    @property
    def abnormal_answers(self):
        """A weak movement answer or a true sign (8.17: the last log is then not ``NONE``)."""
        return bool(self.signs) or any(
            self.answer(side, "limb_swollen_with") for side in ("left", "right")
        )

    def motor_sides(self):
        """The sides with a motor sign: weakness, winging, droop or a weakness symptom."""
        sides = set()
        for key in self.signs:
            if is_motor(key):
                side = key[3] if key[0] == "symptom" else key[1]
                sides.update(("left", "right") if side == "midline" else (side,))
        return sides


class Context:
    """The derived facts of one case, computed once and read by every rule."""

    def __init__(self, case):
        self.case = case
        self.as_of = case["as_of"]
        massage = case["massage"]
        self.massage_date = massage["date"]
        self.onset_timing = case["onset"]["timing"]
        self.onset_date = case["onset"]["date"]
        self.d_onset = (self.as_of - self.onset_date).days
        self.d_massage = (self.as_of - self.massage_date).days
        self.risk = case.get("risk", {})
        self.logs = case["logs"]
        self.last = LogView(self.logs[-1], "logs[-1]")
        self.prev = LogView(self.logs[-2], "logs[-2]") if len(self.logs) > 1 else None
        self.pressure = massage.get("pressure")
        self.techniques = massage.get("techniques", ())
        self.types = massage.get("types", ())
        self.pain_during = massage.get("pain_during")
        self.neck_manipulation = massage.get("neck_manipulation") is True
        self.massaged = tuple(
            (entry["region"], side, f"massage.regions[{index}]={entry['region']}:{entry['side']}")
            for index, entry in enumerate(massage.get("regions", ()))
            for side in _EXPAND[entry["side"]]
        )
        self.emg_done = any(log.get("emg_done") is True for log in self.logs)
        self.new_signs = self._new_signs()
        self.worsening_evidence = self._worsening()
        self.improving_evidence = self._improving()
        # Set while the rules run: whether a red flag fired, and PAT-SAN's damped sides.
        self.rf_fired = False
        self.damped_sides = []

    # --- Massage ------------------------------------------------------------------------------

    def massaged_on(self, side, regions):
        """Evidence of each massaged region in ``regions`` on ``side`` (midline meets both)."""
        return [
            ev
            for region, entry_side, ev in self.massaged
            if region in regions and (entry_side == side or "midline" in (entry_side, side))
        ]

    def massaged_anywhere(self, regions):
        return list(dict.fromkeys(ev for region, _, ev in self.massaged if region in regions))

    def neck_context(self):
        """8.2: a neck or above-collarbone region was massaged, or the neck was manipulated."""
        evidence = self.massaged_anywhere(P.NECK_CONTEXT_REGIONS)
        if self.neck_manipulation:
            evidence.append("massage.neck_manipulation=true")
        if "neck_manipulation" in self.types:
            evidence.append(
                f"massage.types[{self.types.index('neck_manipulation')}]=neck_manipulation"
            )
        return evidence

    def firm_or_focal(self):
        evidence = []
        if self.pressure in P.FIRM_PRESSURES:
            evidence.append(f"massage.pressure={self.pressure}")
        evidence += [
            f"massage.techniques[{index}]={technique}"
            for index, technique in enumerate(self.techniques)
            if technique in P.FOCAL_TECHNIQUES
        ]
        return evidence

    def risk_ev(self, names):
        return [f"risk.{name}=true" for name in names if self.risk.get(name) is True]

    # --- Trends (8.13) ------------------------------------------------------------------------

    def _new_signs(self):
        if self.prev is None:
            return {}
        return {key: ev for key, ev in self.last.signs.items() if key not in self.prev.signs}

    def new_sign_evidence(self, keys=None):
        evidence = []
        for key, ev in self.new_signs.items():
            if keys is None or key in keys:
                evidence += [ev, f"new since the last check-in: {texts.sign_words(key)}"]
        return evidence

    def _worsening(self):
        """Course worse, pain up by 2 or more, or a new sign (8.13); one log: course only."""
        evidence = []
        if self.last.course == "worse":
            evidence.append(self.last.field_ev("course", "worse"))
        prev = self.prev
        rated = prev is not None and self.last.pain is not None and prev.pain is not None
        if rated and self.last.pain - prev.pain >= P.MEANINGFUL_RISE:
            evidence.append(f"pain rose {prev.pain}→{self.last.pain}")
        return evidence + self.new_sign_evidence()

    def _improving(self):
        """Course better, pain down by 1 (2 from 5 or more), no new sign (8.13).

        Judgement: where the logs carry no rating, "course better alone" still needs no new
        sign: a new sign is never improvement (safer; 7.1).
        """
        prev, last = self.prev, self.last
        if prev is None or last.course != "better" or self.new_signs:
            return []
        evidence = [last.field_ev("course", "better")]
        if last.pain is None or prev.pain is None:
            return evidence
        needed = P.IMPROVING_DROP_FROM_HIGH if prev.pain >= P.HIGH_PAIN else P.IMPROVING_DROP
        if prev.pain - last.pain < needed:
            return []
        return [*evidence, f"pain fell {prev.pain}→{last.pain}"]

    @property
    def worsening(self):
        return bool(self.worsening_evidence)

    @property
    def improving(self):
        return bool(self.improving_evidence)

    def days_before_last(self, log):
        return (self.last.date - log["date"]).days

    # --- Limbs --------------------------------------------------------------------------------

    def limbs_of_whole_limb_weakness(self, side):
        """Which limb ``whole_limb_weak`` on ``side`` means: the question names none.

        Judgement (safer, 7.1): the limb that the last log's other answers on that side point
        to, else the massaged limb on that side, else both arm and leg.
        """
        last = self.last
        limbs = set()
        if last.on(side, P.LIMB_WITH_GIRDLE["arm"]) or last.flag(side, "grip_weak"):
            limbs.add("arm")
        if any(last.weak(side, movement) for movement in P.ARM_MOVEMENTS):
            limbs.add("arm")
        if last.on(side, P.LIMB_WITH_GIRDLE["leg"]) or last.weak(side, "foot_lift"):
            limbs.add("leg")
        if not limbs:
            for limb in ("arm", "leg"):
                if self.massaged_on(side, P.LIMB_WITH_GIRDLE[limb]):
                    limbs.add(limb)
        return limbs or {"arm", "leg"}

    def weak_limbs(self, side, *, with_numbness=False):
        """Evidence of weakness (8.1: a weakness symptom, grip_weak, whole_limb_weak or a weak
        movement answer) in each limb on ``side``; with ``with_numbness``, numbness counts too."""
        last = self.last
        found = {"arm": [], "leg": []}
        kinds = {"weakness", "numbness"} if with_numbness else {"weakness"}
        for limb in ("arm", "leg"):
            found[limb] += [s.ev() for s in last.on(side, P.LIMB_REGIONS[limb], kinds)]
        found["arm"] += [last.ev(side, m) for m in P.ARM_MOVEMENTS if last.weak(side, m)]
        found["leg"] += [last.ev(side, m) for m in P.LEG_MOVEMENTS if last.weak(side, m)]
        if last.flag(side, "grip_weak"):
            found["arm"].append(last.ev(side, "grip_weak"))
        if last.flag(side, "whole_limb_weak"):
            for limb in self.limbs_of_whole_limb_weakness(side):
                found[limb].append(last.ev(side, "whole_limb_weak"))
        return found


def _sort_key(fired):
    return (
        -_LEVEL_RANK[fired.level],
        -_CONFIDENCE_RANK[fired.confidence],
        RULE_ORDER[fired.id],
        _SIDE_RANK[fired.side],
    )


def _emg_timing(ctx, fired, level):
    """8.14, in its order; set when a nerve pattern fired or the level asks about an EMG."""
    nerve = any(texts.is_nerve_pattern(f.id, f.branch) for f in fired)
    if not nerve and level != P.SEE_DOCTOR_ASK_EMG:
        return None
    if ctx.d_onset < P.EMG_WINDOW_FROM_DAY:
        return "before_window"
    if ctx.d_onset < P.SPECIALIST_DAY and not ctx.emg_done:
        return "in_window"
    if ctx.improving:
        return "improving"
    if ctx.d_onset >= P.SPECIALIST_DAY:
        return "specialist_question"
    return "in_window"


def _recheck_on(ctx, level):
    """8.18: as_of + 3 for the three middle levels; during PAT-SAN's damping, onset + 3 if
    that is sooner, but at least as_of + 1; none for EMERGENCY_NOW and NONE."""
    if level in (P.EMERGENCY_NOW, P.NONE):
        return None
    recheck = ctx.as_of + datetime.timedelta(days=P.RECHECK_DAYS)
    if ctx.damped_sides:
        after_onset = ctx.onset_date + datetime.timedelta(days=P.DAMPING_RECHECK_AFTER_ONSET_DAYS)
        earliest = ctx.as_of + datetime.timedelta(days=P.RECHECK_MIN_DAYS)
        recheck = max(min(recheck, after_onset), earliest)
    return recheck


def run_rules(ctx):
    """Every rule, red flags first (2.1 item 1), each seeing what fired before it."""
    fired = []
    for rule in RED_FLAG_RULES:
        fired += rule(ctx, fired)
    ctx.rf_fired = bool(fired)
    for rule in PATTERN_RULES:
        fired += rule(ctx, fired)
    return fired


def assess_case(case):
    """The assessment of a case that ``validate_case`` normalized (section 4)."""
    ctx = Context(case)
    fired = sorted(run_rules(ctx), key=_sort_key)
    if fired:
        level = fired[0].level
    elif ctx.last.symptoms or ctx.last.red_flags or ctx.last.abnormal_answers:
        level = P.MONITOR_SELF_CARE  # 7.7, 8.17
    else:
        level = P.NONE
    action = None
    if level == P.EMERGENCY_NOW:
        actions = {f.action for f in fired}
        action = P.CALL_EMERGENCY if P.CALL_EMERGENCY in actions else P.GO_TO_ED_NOW
    sooner = any(f.sooner for f in fired if f.level == level)  # 7.13
    emg_timing = _emg_timing(ctx, fired, level)
    recheck_on = _recheck_on(ctx, level)
    # 8.18: when a red flag fired, other patterns leave out their prognosis and reassurance.
    calm = not ctx.rf_fired
    entries = []
    for f in fired:
        summary, advice = texts.rule_texts(f, calm=calm, emg_timing=emg_timing)
        entry = {
            "id": f.id,
            "side": f.side,
            "level": f.level,
            "action": f.action,
            "sooner": f.sooner,
            "confidence": f.confidence,
            "evidence": list(dict.fromkeys(f.evidence)),
            "summary": summary,
            "advice": advice,
        }
        if f.branch:
            entry["branch"] = f.branch
        entries.append(entry)
    return {
        "engine_version": ENGINE_VERSION,
        "as_of": ctx.as_of.isoformat(),
        "d_onset": ctx.d_onset,
        "level": level,
        "action": action,
        "sooner": sooner,
        "fired": entries,
        "emg_timing": emg_timing,
        "recheck_on": recheck_on.isoformat() if recheck_on else None,
        "disclaimer": texts.DISCLAIMER,
        "safety_net": (
            None if level == P.EMERGENCY_NOW else texts.safety_net(ctx.damped_sides, recheck_on)
        ),
    }


def assess(data: object) -> dict:
    """Validate ``data`` (any JSON value) and assess it; raises ``CaseError`` when invalid."""
    case, errors = validate_case(data)
    if errors:
        raise CaseError(errors)
    return assess_case(case)
