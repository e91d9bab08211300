"""One log as the rules read it (``LogView``), its symptoms (``Symptom``), and a red-flag code
in force (``CodeInForce``). A log is read through its carried view (spec/triage.md 10.5): a
movement answer it left out is the latest one given within 14 days before."""

from dataclasses import dataclass

from . import params as P
from .rules.common import log_path
from .vocabulary import MOVEMENT_GRADE_ORDER

EXPAND = {
    "left": ("left",),
    "right": ("right",),
    "both": ("left", "right"),
    "midline": ("midline",),
}
SIDES = ("left", "right")


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
            for side in EXPAND[entry["side"]]
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
            for side in SIDES
            for movement in P.MOVEMENTS
            if self.function[side].get(movement) in P.WEAK_GRADES
        )
        self.true_answers = frozenset(
            (side, name)
            for side in SIDES
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
        for side in SIDES:
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
                items += [(side, limb, s.ev()) for side in SIDES for limb in ("arm", "leg")]
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
        for side in SIDES:
            if (side, "grip_weak") in self.true_answers:
                places.add((side, "arm"))
            if (side, "whole_limb_weak") in self.true_answers:
                places.update(((side, "arm"), (side, "leg")))
        if "weakness" in self.kinds:
            for s in self.symptoms:
                if s.kind != "weakness":
                    continue
                if s.region == "whole_body":
                    places.update((side, limb) for side in SIDES for limb in ("arm", "leg"))
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
        for side in SIDES:
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
        return bool(self.signs) or any(self.answer(side, "limb_swollen_with") for side in SIDES)


@dataclass(frozen=True, slots=True)
class CodeInForce:
    """A red-flag code that counts for the log being judged: ticked in it, or carried (10.2)."""

    code: str
    log: LogView  # the log that reported it
    stale: bool  # reported 8-28 days before as_of: its rule fires at SEE_DOCTOR_DAYS only

    def ev(self):
        return self.log.code_ev(self.code)
