"""The triage engine: a case in, an assessment out (spec/triage.md sections 2-4, 7, 8, 10-12).

``assess`` validates the case and judges it as of its last log; ``assess_series`` judges every
prefix of its logs, each as of its own last log's date (10.7). Both walk the logs once, oldest
first, through the same ``Course``: it keeps what a course of check-ins carries forward (the
carried movement answers of 10.5, the red-flag reports of 10.2, the doctor's visits and nerve
tests, the run of severe pain of 8.12), so a prefix is judged by exactly the state ``assess``
would build for it, and the whole series costs time linear in the number of logs.

For each judged prefix a ``Context`` holds the derived facts (day counts, the last two logs
through their carried views, the trends of 8.13 and 12.11, the red-flag codes in force) that
the rules of ``rules/`` read; the assessment is then assembled from what fired. Pure Python: no
Django, no database, no clock ("today" is ``as_of``).
"""

import bisect
import datetime
from dataclasses import dataclass

from . import params as P
from . import texts
from .carry import AnswerMemory, RedFlagMemory, reported_before_entries
from .rules import PATTERN_RULES, RED_FLAG_RULES, RULE_ORDER
from .rules.common import log_path
from .validate import validate_case
from .vocabulary import LEVEL_ORDER, MOVEMENT_GRADE_ORDER

ENGINE_VERSION = "2"

_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVEL_ORDER)}
_CONFIDENCE_RANK = {confidence: rank for rank, confidence in enumerate(P.CONFIDENCE_ORDER)}
_SIDE_RANK = {None: 0, "left": 1, "right": 2}
_EXPAND = {
    "left": ("left",),
    "right": ("right",),
    "both": ("left", "right"),
    "midline": ("midline",),
}
_SIDES = ("left", "right")


class CaseError(Exception):
    """An invalid case; ``errors`` names every offending field as ``{"path", "message"}``
    (at most 20 of them and a last ``"N more errors"``, 10.8)."""

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

    log: "LogView"
    number: int  # the input entry's index in its log's list
    kind: str
    region: str
    side: str  # left, right or midline
    nprs: int | None
    at_rest: bool
    pressed_or_moved_only: bool
    sudden: bool

    def ev(self, name="kind"):
        """The evidence path of one of its fields: ``logs[-1].symptoms[2].nprs=7``."""
        return f"{self.log.ref}.symptoms[{self.number}].{name}={_value(getattr(self, name))}"

    @property
    def is_pain(self):
        """11.4: a symptom with an nprs (0 included, 12.12), or of a pain kind."""
        return self.nprs is not None or self.kind in P.PAIN_KINDS

    @property
    def key(self):
        return (self.kind, self.region, self.side)


class LogView:
    """One log as the rules read it: its symptoms by side, and its answers through its carried
    view (10.5): a movement answer it left out is the latest one given within 14 days before.

    A view is made once per log and judged in every prefix it belongs to, as the last log
    (``logs[-1]``), the one before (``logs[-2]``) or a log that reported a code; ``place``
    sets its path for the prefix being judged.
    """

    def __init__(self, log, index, carried):
        self.index = index
        self.date = log["date"]
        self.course = log.get("course")
        self.count = index + 1
        self.ref = "logs[-1]"
        self._weakness = (None, None)
        self._places = None
        self.symptoms = tuple(
            Symptom(
                self,
                number,
                entry["kind"],
                entry["region"],
                side,
                entry.get("nprs"),
                entry.get("at_rest") is True,
                entry.get("pressed_or_moved_only") is True,
                entry.get("sudden") is True,
            )
            for number, entry in enumerate(log.get("symptoms", ()))
            for side in _EXPAND[entry["side"]]
        )
        self.function = {"left": {}, "right": {}, **carried.function}
        self.weakness_type = carried.weakness_type
        self.carried = carried.carried  # (side, field) -> Source of a carried answer
        self.neck_provokes = log.get("neck_move_or_cough_provokes_arm") is True
        self.overhead_provokes = log.get("overhead_or_dangling_provokes") is True
        codes = log.get("red_flags", ())
        self.red_flags = tuple(dict.fromkeys(codes))
        self.code_positions = {code: codes.index(code) for code in self.red_flags}
        self.seen_doctor = log.get("seen_doctor") is True
        self.emg_done = log.get("emg_done") is True
        rated = [s for s in self.symptoms if s.nprs is not None]
        self.rated = bool(rated)
        self.pain_symptom = max(rated, key=lambda s: s.nprs, default=None)
        # 8.13, 12.11: a log's pain is its highest nprs; 0 when nothing is rated.
        self.pain = self.pain_symptom.nprs if self.pain_symptom is not None else 0
        self.severe_at_rest = any(s.at_rest and s.nprs >= P.SEVERE_PAIN for s in rated)
        self.kinds = frozenset(s.kind for s in self.symptoms)
        self.regions = frozenset(s.region for s in self.symptoms)
        self.by_side = {"left": [], "right": [], "midline": []}
        for s in self.symptoms:
            self.by_side[s.side].append(s)
        # Read by every rule of every prefix this log is judged in: worked out once.
        self.weak_answers = frozenset(
            (side, movement)
            for side in _SIDES
            for movement in P.MOVEMENTS
            if self.function[side].get(movement) in P.WEAK_GRADES
        )
        self.true_answers = frozenset(
            (side, name)
            for side in _SIDES
            for name, value in self.function[side].items()
            if value is True
        )
        self.signs = self._signs()

    def place(self, count):
        """Name this log for a prefix of ``count`` logs."""
        self.count = count
        self.ref = log_path(self.index, count)

    # --- Answers ------------------------------------------------------------------------------

    def answer(self, side, name):
        return self.function[side].get(name)

    def weak(self, side, movement):
        """A movement answer of harder, great_effort or cannot; left out never counts (7.11)."""
        return (side, movement) in self.weak_answers

    def flag(self, side, name):
        return (side, name) in self.true_answers

    def ev(self, side, name):
        """The evidence of an answer; a carried one names the log it came from (10.5)."""
        source = self.carried.get((side, name))
        ref = self.ref if source is None else log_path(source.index, self.count)
        return f"{ref}.function.{side}.{name}={_value(self.answer(side, name))}"

    def code_ev(self, code):
        return f"{self.ref}.red_flags[{self.code_positions[code]}]={code}"

    def field_ev(self, name, value):
        source = self.carried.get((None, name))
        ref = self.ref if source is None else log_path(source.index, self.count)
        return f"{ref}.{name}={_value(value)}"

    def carried_phrases(self):
        """``{evidence item: "carried from <date>"}`` for each answer this view carries."""
        phrases = {}
        for (side, name), source in self.carried.items():
            item = self.field_ev(name, self.weakness_type) if side is None else self.ev(side, name)
            phrases[item] = f"carried from {source.date.isoformat()}"
        return phrases

    def on(self, side, regions=None, kinds=None):
        """The symptoms on ``side`` (left, right or midline), in ``regions``, of ``kinds``."""
        return [
            s
            for s in self.by_side[side]
            if (regions is None or s.region in regions) and (kinds is None or s.kind in kinds)
        ]

    def where(self, regions=None, kinds=None):
        """The symptoms on any side, in ``regions``, of ``kinds``."""
        return [
            s
            for s in self.symptoms
            if (regions is None or s.region in regions) and (kinds is None or s.kind in kinds)
        ]

    # --- Weakness (11.1, 12.4, 12.5, 12.18) ---------------------------------------------------

    def weakness(self, exempt=()):
        """Every piece of weakness in this log as ``(side, limb, evidence)``.

        11.1: a ``weakness`` symptom, ``grip_weak``, ``whole_limb_weak`` or a movement answer
        ``harder``, ``great_effort`` or ``cannot``; never a lower shoulder, a blade that sticks
        out, a flatter line or a weaker shrug (12.5), nor ``heaviness``. 12.18: a whole weak
        limb is weakness of that side's arm and of its leg. ``side`` is None and ``limb`` None
        where the weakness is on the middle line or outside the limbs (8.4); a weakness symptom
        over the whole body is weakness of both arms and both legs. ``exempt`` names the
        ``(side, movement)`` answers of ``harder`` that do not count (12.4).
        """
        if not exempt and self._weakness[0] == self.count:
            return self._weakness[1]
        items = []
        for side in _SIDES:
            for movement in P.MOVEMENTS:
                if self.weak(side, movement):
                    if self.answer(side, movement) == "harder" and (side, movement) in exempt:
                        continue
                    limb = "leg" if movement in P.LEG_MOVEMENTS else "arm"
                    items.append((side, limb, self.ev(side, movement)))
            if self.flag(side, "grip_weak"):
                items.append((side, "arm", self.ev(side, "grip_weak")))
            if self.flag(side, "whole_limb_weak"):
                item = self.ev(side, "whole_limb_weak")
                items += [(side, "arm", item), (side, "leg", item)]
        for s in self.symptoms:
            if s.kind != "weakness":
                continue
            if s.region == "whole_body":
                items += [(side, limb, s.ev()) for side in _SIDES for limb in ("arm", "leg")]
            elif s.side == "midline":
                items.append((None, None, s.ev()))
            else:
                items.append((s.side, P.LIMB_OF.get(s.region), s.ev()))
        if not exempt:
            # Its evidence names this log by its place in the prefix being judged.
            self._weakness = (self.count, items)
        return items

    def weak_places(self, exempt=()):
        """Where ``weakness`` finds weakness, as ``{(side, limb)}``, without its evidence: the
        rules ask this first and spell out the evidence only when they fire."""
        if not exempt and self._places is not None:
            return self._places
        places = set()
        for side, movement in self.weak_answers:
            if self.answer(side, movement) == "harder" and (side, movement) in exempt:
                continue
            places.add((side, "leg" if movement in P.LEG_MOVEMENTS else "arm"))
        for side in _SIDES:
            if (side, "grip_weak") in self.true_answers:
                places.add((side, "arm"))
            if (side, "whole_limb_weak") in self.true_answers:
                places.update(((side, "arm"), (side, "leg")))
        if "weakness" in self.kinds:
            for s in self.symptoms:
                if s.kind != "weakness":
                    continue
                if s.region == "whole_body":
                    places.update((side, limb) for side in _SIDES for limb in ("arm", "leg"))
                elif s.side == "midline":
                    places.add((None, None))
                else:
                    places.add((s.side, P.LIMB_OF.get(s.region)))
        if not exempt:
            self._places = places
        return places

    # --- Signs (8.13, 12.11) ------------------------------------------------------------------

    def _signs(self):
        """Each sign of this log by a key that compares across logs: the grade of a weak
        movement answer, True for a true function boolean, or the first symptom of that key."""
        signs = {}
        for side in _SIDES:
            for movement in P.MOVEMENTS:
                if self.weak(side, movement):
                    grade = MOVEMENT_GRADE_ORDER[self.answer(side, movement)]
                    signs[("move", side, movement)] = grade
            for name in P.FUNCTION_FLAGS:
                if self.flag(side, name):
                    signs[("flag", side, name)] = True
        for s in self.symptoms:
            if s.kind in P.SIGN_KINDS:
                signs.setdefault(("symptom", s.kind, s.region, s.side), s)
        return signs

    def sign_ev(self, key):
        if key[0] == "symptom":
            return self.signs[key].ev()
        return self.ev(key[1], key[2])

    @property
    def abnormal_answers(self):
        """A weak movement answer or a true sign, given or carried (8.17, 12.11)."""
        return bool(self.signs) or any(self.answer(side, "limb_swollen_with") for side in _SIDES)


@dataclass(frozen=True, slots=True)
class CodeInForce:
    """A red-flag code that counts for the log being judged: ticked in it, or carried (10.2)."""

    code: str
    log: LogView  # the log that reported it
    stale: bool  # reported 8-28 days before as_of: its rule fires at SEE_DOCTOR_DAYS only

    def ev(self):
        return self.log.code_ev(self.code)


class CaseFacts:
    """What does not change from one prefix to the next: the massage, the onset, the risks."""

    def __init__(self, case):
        massage = case["massage"]
        self.massage_date = massage["date"]
        self.onset_timing = case["onset"]["timing"]
        self.onset_date = case["onset"]["date"]
        self.risk = case.get("risk", {})
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
        # The massage's facts are read by every prefix of a series: each is worked out once,
        # and handed out as a new list (the rules may extend it).
        self._on = {}
        self._anywhere = {}
        self._neck = self._neck_context()
        self._firm = self._firm_or_focal()

    def massaged_on(self, side, regions):
        """Evidence of each massaged region in ``regions`` on ``side`` (midline meets both)."""
        key = (side, regions if isinstance(regions, frozenset) else frozenset(regions))
        found = self._on.get(key)
        if found is None:
            found = self._on[key] = [
                ev
                for region, entry_side, ev in self.massaged
                if region in regions and (entry_side == side or "midline" in (entry_side, side))
            ]
        return list(found)

    def massaged_anywhere(self, regions):
        key = regions if isinstance(regions, frozenset) else frozenset(regions)
        found = self._anywhere.get(key)
        if found is None:
            found = self._anywhere[key] = list(
                dict.fromkeys(ev for region, _, ev in self.massaged if region in regions)
            )
        return list(found)

    def neck_context(self):
        return list(self._neck)

    def firm_or_focal(self):
        return list(self._firm)

    def _neck_context(self):
        """8.2: a neck or above-collarbone region was massaged, or the neck was manipulated."""
        evidence = self.massaged_anywhere(P.NECK_CONTEXT_REGIONS)
        if self.neck_manipulation:
            evidence.append("massage.neck_manipulation=true")
        if "neck_manipulation" in self.types:
            evidence.append(
                f"massage.types[{self.types.index('neck_manipulation')}]=neck_manipulation"
            )
        return evidence

    def _firm_or_focal(self):
        evidence = []
        if self.pressure in P.FIRM_PRESSURES:
            evidence.append(f"massage.pressure={self.pressure}")
        evidence += [
            f"massage.techniques[{index}]={technique}"
            for index, technique in enumerate(self.techniques)
            if technique in P.FOCAL_TECHNIQUES
        ]
        return evidence


class Course:
    """The history of a case, fed one log at a time, oldest first (10.7).

    ``push`` makes the next log's view from what came before; ``remember`` then adds it to the
    history. Everything kept is either bounded (a latest answer per field, a latest report per
    code, one first sudden pain per side) or read by position (the run of severe pain), so each
    log costs about the same however long the history.
    """

    def __init__(self):
        self.views = []
        self.answers = AnswerMemory()
        self.reports = RedFlagMemory()
        self.emg_done = False
        self.seen_doctor_on = None
        self.sudden_shoulder = {}  # side -> (log index, symptom number), the first such pain
        # 8.12, 12.11: the run of logs before the newest, each with severe pain at rest.
        self.severe_run = []  # (date, index)
        self.severe_run_from_start = True

    def push(self, log, index):
        view = LogView(log, index, self.answers.view(log))
        self.views.append(view)
        return view

    def remember(self, log, view):
        self.answers.remember(log, view.index)
        self.reports.remember(log, view.index)
        self.emg_done = self.emg_done or view.emg_done
        if view.seen_doctor:
            self.seen_doctor_on = view.date
        if view.severe_at_rest:
            self.severe_run.append((view.date, view.index))
        else:
            self.severe_run = []
            self.severe_run_from_start = False
        for s in view.symptoms:
            if (
                s.sudden
                and s.nprs is not None
                and s.nprs >= P.SEVERE_PAIN
                and s.region in P.SHOULDER_AND_ARM
            ):
                for side in _SIDES if s.side == "midline" else (s.side,):
                    self.sudden_shoulder.setdefault(side, (view.index, s.number))


class Context:
    """The derived facts of one prefix of a case, computed once and read by every rule."""

    def __init__(self, facts, course, last, as_of):
        self.facts = facts
        self.course = course
        self.as_of = as_of
        self.massage_date = facts.massage_date
        self.onset_timing = facts.onset_timing
        self.onset_date = facts.onset_date
        self.d_onset = (as_of - facts.onset_date).days
        self.d_massage = (as_of - facts.massage_date).days
        self.risk = facts.risk
        self.pain_during = facts.pain_during
        self.neck_manipulation = facts.neck_manipulation
        count = last.index + 1
        self.count = count
        self.last = last
        last.place(count)
        self.prev = course.views[last.index - 1] if last.index else None
        if self.prev is not None:
            self.prev.place(count)
        self.emg_done = course.emg_done or last.emg_done
        self.seen_doctor_on = last.date if last.seen_doctor else course.seen_doctor_on
        recent = course.reports.recent(as_of, doctor_now=last.seen_doctor)
        self.reported_before = reported_before_entries(recent)
        self.codes = self._codes_in_force(recent)
        self.stale_codes = any(code.stale for code in self.codes)
        self.scope_stale = True  # whether the red-flag rules see the stale codes
        self.new_signs = self._new_signs()
        self.worsening_evidence = self._worsening()
        self.improving_evidence = self._improving()
        # Set while the rules run: whether a red flag fired, and PAT-SAN's damped sides.
        self.rf_fired = False
        self.damped_sides = []

    # --- Red-flag codes (10.2, 12.1, 12.2) ----------------------------------------------------

    def _codes_in_force(self, recent):
        """The codes of the last log, then each earlier report no doctor has seen since."""
        codes = [CodeInForce(code, self.last, False) for code in self.last.red_flags]
        views = self.course.views
        for report in recent:
            if report.doctor_since:
                continue
            view = views[report.source.index]
            view.place(self.count)
            stale = report.days_to(self.as_of) > P.RED_FLAG_OWN_LEVEL_DAYS
            codes.append(CodeInForce(report.code, view, stale))
        return codes

    def in_scope(self, codes=None):
        """The codes in force the red-flag rules see now (``codes``: only these)."""
        if not self.codes:
            return []
        return [
            c
            for c in self.codes
            if (self.scope_stale or not c.stale) and (codes is None or c.code in codes)
        ]

    def has(self, code):
        return bool(self.codes) and any(c.code == code for c in self.in_scope())

    def code_evidence(self, codes):
        """The evidence of each code of ``codes`` in scope, from every log it counts from."""
        return [c.ev() for c in self.in_scope(codes)]

    def code_logs(self, codes):
        """12.1: the logs whose symptoms may stand beside these codes: the last and each log
        that reported one of them."""
        logs = {self.last.index: self.last}
        for c in self.in_scope(codes):
            logs.setdefault(c.log.index, c.log)
        return list(logs.values())

    def phrases(self):
        """``{evidence item: phrase}`` for carried answers and carried codes (10.2, 10.5)."""
        phrases = {}
        for view in (self.prev, self.last):
            if view is not None and view.carried:
                phrases.update(view.carried_phrases())
        for c in self.codes:
            if c.log is not self.last:
                phrases[c.ev()] = f"reported {c.log.date.isoformat()}, no doctor since"
        return phrases

    # --- Massage (the same for every prefix: CaseFacts works it out once) ---------------------

    def massaged_on(self, side, regions):
        return self.facts.massaged_on(side, regions)

    def massaged_anywhere(self, regions):
        return self.facts.massaged_anywhere(regions)

    def neck_context(self):
        return self.facts.neck_context()

    def firm_or_focal(self):
        return self.facts.firm_or_focal()

    def risk_ev(self, names):
        return [f"risk.{name}=true" for name in names if self.risk.get(name) is True]

    # --- The course (8.12, 8.13, 12.11) -------------------------------------------------------

    def _new_signs(self):
        """Signs of the last log absent from the previous one; a movement answer a grade
        worse than before is new too, however far apart the logs are (12.11)."""
        if self.prev is None:
            return {}
        before = self.prev.signs
        new = {}
        for key, value in self.last.signs.items():
            then = before.get(key)
            if then is None or (key[0] == "move" and value > then):
                new[key] = self.last.sign_ev(key)
        return new

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
        if prev is not None and self.last.pain - prev.pain >= P.MEANINGFUL_RISE:
            evidence.append(f"pain rose {prev.pain}→{self.last.pain}")
        return evidence + self.new_sign_evidence()

    def _improving(self):
        """Course better, pain down by 1 (2 from 5 or more) and no new sign (8.13).

        11.5: a symptom the previous log rated and the last lists again unrated is not
        improvement; "course better alone" holds only when neither log rated any pain. An
        unrated log's pain is 0 (12.11).
        """
        prev, last = self.prev, self.last
        if prev is None or last.course != "better" or self.new_signs:
            return []
        evidence = [last.field_ev("course", "better")]
        if not prev.rated and not last.rated:
            return evidence
        rated_before = {s.key for s in prev.symptoms if s.nprs is not None}
        if any(s.nprs is None and s.key in rated_before for s in last.symptoms):
            return []
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

    def severe_pain_since(self):
        """8.12, 12.11: the log at least 2 days before the last from which every log had a
        symptom of nprs >= 7 at rest, as a phrase; with every log so (a single log included),
        the days since onset decide. None when the pain has not lasted 48 hours."""
        run = self.course.severe_run
        cutoff = self.last.date - datetime.timedelta(days=P.SEVERE_LASTED_DAYS)
        at = bisect.bisect_right(run, (cutoff, float("inf")))
        if at:
            return f"severe pain since {log_path(run[at - 1][1], self.count)}"
        if self.course.severe_run_from_start and self.d_onset >= P.SEVERE_LASTED_DAYS:
            return f"d_onset={self.d_onset}"
        return None

    def sudden_severe_shoulder_pain(self, side):
        """Sudden shoulder or arm pain of nprs >= 7 on ``side`` in any log up to the last: the
        neuralgic amyotrophy note (F49-F51)."""
        found = self.course.sudden_shoulder.get(side)
        if found is None:
            for s in self.last.symptoms:
                if (
                    s.sudden
                    and s.nprs is not None
                    and s.nprs >= P.SEVERE_PAIN
                    and s.region in P.SHOULDER_AND_ARM
                    and s.side in (side, "midline")
                ):
                    found = (self.last.index, s.number)
                    break
        if found is None:
            return None
        return f"{log_path(found[0], self.count)}.symptoms[{found[1]}].sudden=true"


# --- Assembling the assessment ----------------------------------------------------------------


def _sort_key(fired):
    return (
        -_LEVEL_RANK[fired.level],
        -_CONFIDENCE_RANK[fired.confidence],
        RULE_ORDER[fired.id],
        _SIDE_RANK[fired.side],
    )


def _emg_timing(ctx, fired, level):
    """10.6 (replacing 8.14's last branch), in its order; set when a nerve pattern fired or
    the level asks about an EMG."""
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
    return "done"


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


def _red_flag_rules(ctx):
    """Every red-flag rule, first with the codes that count at their own level (the last
    log's and those reported within 7 days), then, when older reports are in force, with
    those too (10.2, 12.1). A rule that fires only thanks to a report 8-28 days old fires at
    ``SEE_DOCTOR_DAYS`` with ``sooner``; one that fires both ways gives one entry, at the
    higher level, with both pieces of evidence."""
    ctx.scope_stale = False
    fired = []
    for rule in RED_FLAG_RULES:
        fired += rule(ctx, fired)
    if ctx.stale_codes:
        ctx.scope_stale = True
        known = {(f.id, f.side): f for f in fired}
        wider = []
        for rule in RED_FLAG_RULES:
            wider += rule(ctx, wider)
        for f in wider:
            same = known.get((f.id, f.side))
            if same is not None:
                same.evidence += [item for item in f.evidence if item not in same.evidence]
                continue
            f.level, f.action, f.sooner = P.SEE_DOCTOR_DAYS, None, True
            f.notes.add("reported_earlier")
            fired.append(f)
    carried = {c.ev() for c in ctx.codes if c.log is not ctx.last}
    for f in fired:
        if carried.intersection(f.evidence):
            f.notes.add("carried")
    return fired


def run_rules(ctx):
    """Every rule, red flags first (2.1 item 1), each seeing what fired before it."""
    fired = _red_flag_rules(ctx)
    ctx.rf_fired = bool(fired)
    for rule in PATTERN_RULES:
        fired += rule(ctx, fired)
    return fired


def _evidence(items, phrases):
    """The evidence, each item once, every carried one followed by where it came from (the
    same phrase may follow several items carried from one check-in)."""
    out, seen = [], set()
    for item in items:
        if item in seen:
            continue
        seen.add(item)
        out.append(item)
        phrase = phrases.get(item)
        if phrase is not None:
            out.append(phrase)
    return out


def _assessment(ctx):
    fired = sorted(run_rules(ctx), key=_sort_key)
    if fired:
        level = fired[0].level
    elif ctx.last.symptoms or ctx.codes or ctx.last.abnormal_answers:
        level = P.MONITOR_SELF_CARE  # 7.7, 8.17, 12.1
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
    phrases = ctx.phrases()
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
            "evidence": _evidence(f.evidence, phrases),
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
        "seen_doctor_on": ctx.seen_doctor_on.isoformat() if ctx.seen_doctor_on else None,
        "reported_before": ctx.reported_before,
        "disclaimer": texts.DISCLAIMER,
        "safety_net": (
            None if level == P.EMERGENCY_NOW else texts.safety_net(ctx.damped_sides, recheck_on)
        ),
    }


def _onset_error(as_of):
    """The one way a prefix of a valid case can be invalid on its own (12.14): it ends
    before the onset date (the error ``validate_case`` gives that prefix)."""
    return [{"path": "onset.date", "message": f"is after as_of ({as_of.isoformat()})"}]


def judge(case, *, first=None, as_of=None):
    """Walk the logs of a normalized case once; yield the assessment of every prefix that
    ends at index ``first`` or later, as of ``as_of`` or, when None, its own last date.

    A prefix that ends before the onset date yields ``{"errors": [...]}`` instead (12.14).
    """
    facts = CaseFacts(case)
    course = Course()
    logs = case["logs"]
    first = len(logs) - 1 if first is None else first
    for index, log in enumerate(logs):
        view = course.push(log, index)
        if index >= first:
            day = as_of or view.date
            if facts.onset_date > day:
                yield {"errors": _onset_error(day)}
            else:
                yield _assessment(Context(facts, course, view, day))
        course.remember(log, view)


def assess_case(case):
    """The assessment of a case that ``validate_case`` normalized (section 4)."""
    return next(judge(case, as_of=case["as_of"]))


def assess(data: object) -> dict:
    """Validate ``data`` (any JSON value) and assess it; raises ``CaseError`` when invalid."""
    case, errors = validate_case(data)
    if errors:
        raise CaseError(errors)
    return assess_case(case)


def assess_series(data: object) -> list[dict]:
    """10.7: the assessment of every prefix of the case's logs, oldest first, each as of its
    own last log's date (``as_of`` is not used), equal to ``assess`` on that prefix; a prefix
    that is not a valid case on its own gives ``{"errors": [...]}`` in its place (12.14).
    Raises ``CaseError`` when the case itself is invalid. One pass: linear in the logs."""
    case, errors = validate_case(data)
    if errors:
        raise CaseError(errors)
    return list(judge(case, first=0))


def assess_or_series(data: object, *, max_series: int | None = None) -> dict | list[dict]:
    """What the command line and the API answer (12.14): the assessment of the case, or the
    list of ``assess_series`` when the case says ``"series": true``. ``max_series`` bounds
    the logs of a series (each prefix's assessment is a whole answer: a series is the one way a
    small request could ask for a large one). Raises ``CaseError`` when invalid."""
    case, errors = validate_case(data)
    if errors:
        raise CaseError(errors)
    if not case.get("series"):
        return assess_case(case)
    if max_series is not None and len(case["logs"]) > max_series:
        raise CaseError(
            [
                {
                    "path": "logs",
                    "message": f"has {len(case['logs'])} check-ins; a series takes at most "
                    f"{max_series} here (send the later ones without the earlier, or no "
                    '"series")',
                }
            ]
        )
    return list(judge(case, first=0))


__all__ = ["ENGINE_VERSION", "CaseError", "assess", "assess_or_series", "assess_series"]
