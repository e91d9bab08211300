"""What the rules read of a case: the massage's facts (``CaseFacts``, the same for every
prefix), the history fed one log at a time (``Course``, spec/triage.md 10.7), and the derived
facts of one judged prefix (``Context``: day counts, the last two logs through their carried
views, the trends of 8.13 and 12.11, the red-flag codes in force of 10.2 and 12.1)."""

import bisect
import datetime
from dataclasses import dataclass, field

from . import params as P
from . import texts
from .carry import AnswerMemory, RedFlagMemory, reported_before_entries
from .logview import EXPAND, SIDES, CodeInForce, LogView
from .rules.common import log_path


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
            for side in EXPAND[entry["side"]]
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


@dataclass(frozen=True)
class Before:
    """What the logs before a window of a history leave to the course, for ``judge`` to walk
    only the window (``judge(case, before=...)``, the case's logs being the window's).

    The window's logs keep their places in the whole history (``count`` + their position in
    the window), so evidence paths count from the end of the whole history. A judged prefix
    reads the rest of the course from the window's own logs, so the results equal those of
    the whole history when the window holds, for each judged log, every log of the 42 days
    before it (a red-flag report counts for 28 days, 10.2, and the reporting log is read
    through its carried view, 14 days more, 10.5) and the log before it with the 14 days
    before that (the trends compare with the previous log however far apart, 12.11). What is
    not bounded by days is here: the nerve test and the doctor's visit of any earlier log
    (10.3, 10.6), the first sudden severe shoulder or arm pain per side (F49-F51), and the
    run of severe pain at rest (8.12).
    """

    count: int = 0  # how many logs came before the window
    emg_done: bool = False
    seen_doctor_on: datetime.date | None = None  # the latest earlier log with seen_doctor
    sudden_shoulder: dict = field(default_factory=dict)  # side -> (log index, symptom number)
    # The run of severe pain at rest reaching the window, as ``(date, index)`` entries: the
    # judged logs being at least 2 days after every earlier log, the latest entry is the one
    # any of them reads (``Context.severe_pain_since``).
    severe_run: tuple = ()
    severe_run_from_start: bool = True  # every earlier log had severe pain at rest


NOTHING_BEFORE = Before()


class Course:
    """The history of a case, fed one log at a time, oldest first (10.7).

    ``push`` makes the next log's view from what came before; ``remember`` then adds it to the
    history. Everything kept is either bounded (a latest answer per field, a latest report per
    code, one first sudden pain per side) or read by position (the run of severe pain), so each
    log costs about the same however long the history. It may start after the history's first
    logs, from what they left (``Before``): ``views`` then holds the window's logs only, and
    ``view`` finds one by its index in the whole history.
    """

    def __init__(self, before=NOTHING_BEFORE):
        self.offset = before.count  # the index of views[0] in the whole history
        self.views = []
        self.answers = AnswerMemory()
        self.reports = RedFlagMemory()
        self.emg_done = before.emg_done
        self.seen_doctor_on = before.seen_doctor_on
        # side -> (log index, symptom number), the first such pain
        self.sudden_shoulder = dict(before.sudden_shoulder)
        # 8.12, 12.11: the run of logs before the newest, each with severe pain at rest.
        self.severe_run = list(before.severe_run)  # (date, index)
        self.severe_run_from_start = before.severe_run_from_start

    def view(self, index):
        """The view of log ``index`` of the whole history; one before the window is an error
        (the window was cut too short), never another log's view."""
        if index < self.offset:
            raise LookupError(f"log {index} is before the window (from log {self.offset} on)")
        return self.views[index - self.offset]

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
                for side in SIDES if s.side == "midline" else (s.side,):
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
        self.prev = course.view(last.index - 1) if last.index else None
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
        for report in recent:
            if report.doctor_since:
                continue
            view = self.course.view(report.source.index)
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
