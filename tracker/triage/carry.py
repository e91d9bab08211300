"""What a course of check-ins carries forward (spec/triage.md revision 2, sections 10 and 12).

Two memories, each fed the logs oldest first and asked about the next one, so that the engine
reads a history of any length in one pass (10.7):

- ``AnswerMemory``: the carried view of a log's movement answers (10.5, 12.3). A movement
  field left out of a log, or answered ``not_tried``, takes the latest earlier answer *given*
  to the same field and side, from a log at most 14 days before it. An answer given, ``false``
  included, is never replaced, and a carried answer is never carried on.
- ``RedFlagMemory``: the red-flag codes of earlier logs (10.1, 10.2, 10.4, 12.2, 12.13). A
  code counts until a doctor has seen the person in a *later* log: at its own level for 7 days
  after the log that reported it, at ``SEE_DOCTOR_DAYS`` with ``sooner`` from day 8 to day 28,
  and not at all after that.

``carried_answers`` and ``reported_before`` ask the same memories about a check-in that is
not written yet, so the check-in form can show what was answered and reported before.
Pure Python: no Django.
"""

import datetime
from dataclasses import dataclass

from .params import CARRY_ANSWER_DAYS, RED_FLAG_CARRY_DAYS

# 10.5: the fields a skipped answer is carried for; never limb_swollen(_with), symptoms or codes.
CARRIED_SIDE_FIELDS = (
    "arm_side_lift",
    "arm_forward_overhead",
    "wrist_finger_lift",
    "foot_lift",
    "shrug_weaker",
    "shoulder_lower",
    "blade_sticks_out",
    "blade_visible_when",
    "neck_shoulder_line_flatter",
    "grip_weak",
    "whole_limb_weak",
)
CARRIED_LOG_FIELDS = ("weakness_type",)
NOT_TRIED = "not_tried"


def _date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def is_given(value):
    """12.3: a source is an answer actually given: not left out, not null, not ``not_tried``."""
    return value is not None and value != NOT_TRIED


@dataclass(frozen=True, slots=True)
class Source:
    """Where a carried answer or a reported code came from: the log's index and date."""

    index: int
    date: datetime.date


@dataclass(frozen=True, slots=True)
class CarriedView:
    """A log's movement answers as the rules read them (10.5).

    ``function`` is ``{"left": {...}, "right": {...}}`` with the carried answers filled in,
    ``weakness_type`` likewise, and ``carried`` names the source of each filled-in answer by
    its key: ``(side, field)`` or ``(None, "weakness_type")``.
    """

    function: dict
    weakness_type: str | None
    carried: dict


class AnswerMemory:
    """The latest answer given to each carried field, fed one log at a time (10.5, 12.3)."""

    def __init__(self):
        self._latest = {}  # (side, field) -> (value, Source)

    def view(self, log, date=None):
        """The carried view of ``log`` (not yet remembered), as of its own date."""
        date = _date(date if date is not None else log["date"])
        function = log.get("function") or {}
        own = {side: dict(function.get(side) or {}) for side in ("left", "right")}
        weakness_type = log.get("weakness_type")
        carried = {}
        for key, (value, source) in self._latest.items():
            if (date - source.date).days > CARRY_ANSWER_DAYS:
                continue
            side, name = key
            if side is None:
                if not is_given(weakness_type):
                    weakness_type = value
                    carried[key] = source
            elif not is_given(own[side].get(name)):
                own[side][name] = value
                carried[key] = source
        return CarriedView({s: a for s, a in own.items() if a}, weakness_type, carried)

    def remember(self, log, index):
        """Remember the answers ``log`` gave (never those it was only carried)."""
        source = Source(index, _date(log["date"]))
        function = log.get("function") or {}
        for side in ("left", "right"):
            answers = function.get(side) or {}
            for name in CARRIED_SIDE_FIELDS:
                value = answers.get(name)
                if is_given(value):
                    self._latest[(side, name)] = (value, source)
        value = log.get("weakness_type")
        if is_given(value):
            self._latest[(None, "weakness_type")] = (value, source)


@dataclass(frozen=True, slots=True)
class Report:
    """The latest report of one red-flag code in an earlier log."""

    code: str
    source: Source
    position: int  # the code's place in its log's list (12.13 orders by it)
    doctor_since: bool  # a later log has seen_doctor: true (12.2: the same log does not count)

    def days_to(self, as_of):
        return (as_of - self.source.date).days


class RedFlagMemory:
    """The latest report of each red-flag code, and whether a doctor was seen since (10.2)."""

    def __init__(self):
        self._reports = {}  # code -> Report

    def remember(self, log, index):
        """Add ``log`` to the history: a doctor's visit first ends the earlier reports (10.3),
        then its own codes are reported (12.2: a visit on the same log does not end them)."""
        if log.get("seen_doctor") is True:
            self._reports = {
                code: Report(r.code, r.source, r.position, True)
                for code, r in self._reports.items()
            }
        source = Source(index, _date(log["date"]))
        codes = log.get("red_flags") or ()
        for code in dict.fromkeys(codes):  # a code listed twice keeps its first place
            self._reports[code] = Report(code, source, codes.index(code), False)

    def recent(self, as_of, *, doctor_now=False):
        """The reports within 28 days of ``as_of``, in 12.13's order, each with whether a
        doctor was seen since (``doctor_now``: the log being judged has seen_doctor)."""
        reports = [
            Report(r.code, r.source, r.position, r.doctor_since or doctor_now)
            for r in self._reports.values()
            if 0 <= r.days_to(as_of) <= RED_FLAG_CARRY_DAYS
        ]
        reports.sort(key=lambda r: (r.source.date, r.source.index, r.position))
        return reports

    def in_force(self, as_of, *, doctor_now=False):
        """The reports that still count at ``as_of`` (10.2): no doctor since, d <= 28."""
        return [r for r in self.recent(as_of, doctor_now=doctor_now) if not r.doctor_since]


def reported_before_entries(reports):
    """10.4's ``reported_before`` list from ``RedFlagMemory.recent``."""
    return [
        {
            "code": r.code,
            "date": r.source.date.isoformat(),
            "seen_doctor_since": r.doctor_since,
        }
        for r in reports
    ]


# --- For a check-in that is not written yet (the check-in form) -------------------------------


def _normalised(logs):
    return [{**log, "date": _date(log["date"])} for log in logs]


def carried_answers(logs, date):
    """What a new log dated ``date``, after ``logs`` (oldest first), would carry if it left
    every movement question out: ``{(side, field): (value, date_given)}``, with ``side`` None
    for ``weakness_type``."""
    memory = AnswerMemory()
    for index, log in enumerate(_normalised(logs)):
        memory.remember(log, index)
    view = memory.view({"date": _date(date)})
    answers = {}
    for key, source in view.carried.items():
        side, name = key
        value = view.weakness_type if side is None else view.function[side][name]
        answers[key] = (value, source.date)
    return answers


def reported_before(logs, as_of):
    """10.4's ``reported_before`` for a new log dated ``as_of`` after ``logs`` (oldest first):
    ``[{"code", "date", "seen_doctor_since"}]``, each code's latest report within 28 days."""
    memory = RedFlagMemory()
    for index, log in enumerate(_normalised(logs)):
        memory.remember(log, index)
    return reported_before_entries(memory.recent(_date(as_of)))
