"""Checking one case against spec/triage.md section 3 and 8.3, naming every bad field by its path.

``validate_case`` takes any JSON value and never raises. It returns ``(case, errors)``: the
normalized case and ``[]``, or ``None`` and the errors as ``{"path", "message"}`` with paths
like ``logs[0].symptoms[2].nprs`` (``""`` is the case itself): at most 20, then one
``{"path": "", "message": "N more errors"}`` (10.8). Unknown keys are errors, as they are
usually typos. An explicit ``null`` is the same as a left-out optional field (8.3). A case
holds at most 3,660 logs, 40 symptoms per log, 60 massage regions, and no list of codes longer
than its vocabulary (10.8); a longer list is one error and its entries are not read, so no
input costs more than a bounded amount of work.

The normalized case has the same keys as the input, without the nulls, with dates as
``datetime.date`` and with the defaults of section 3 filled in: ``as_of`` (the last log's date),
``onset.timing`` (``not_sure``) and ``onset.date``. It is itself a valid case: dates may be given
as ``datetime.date`` as well as ``"YYYY-MM-DD"``.
"""

import datetime
import json
import re

from .params import ONSET_AT_MASSAGE
from .vocabulary import (
    AGE_BANDS,
    BLADE_VISIBLE_WHEN,
    COURSES,
    LIMB_SWOLLEN_WITH,
    MASSAGE_TYPES,
    MIDLINE_REGIONS,
    MOVEMENT_GRADES,
    MOVEMENT_QUESTIONS,
    ONSET_TIMINGS,
    PAIN_QUALITIES,
    PRESSURES,
    RED_FLAGS,
    REGION_CODES,
    RISK_FACTORS,
    SIDE_SIGNS,
    SIDES,
    SYMPTOM_KINDS,
    TECHNIQUES,
    WEAKNESS_TYPES,
)

_BAD = object()  # a value that failed its check (its error is already recorded)
# date.fromisoformat also takes "20260306" and week dates: the contract means one form.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHOW_MAX = 40

# 10.8: the limits of a case, so that no input costs more than a bounded amount of work.
MAX_LOGS = 3660
MAX_SYMPTOMS = 40
MAX_MASSAGE_REGIONS = 60
# An error list names at most 20 errors, then "N more errors" (10.8).
MAX_ERRORS = 20


def _show(value):
    """A short, safe picture of what was given, for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value)
        return text if len(text) <= _SHOW_MAX else text[: _SHOW_MAX - 4] + '..."'
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= _SHOW_MAX else text[:_SHOW_MAX] + "..."
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _key(path, key):
    return f"{path}.{key}" if path else str(key)


class _Checker:
    def __init__(self):
        self.errors = []
        self.more = 0  # errors found beyond the first MAX_ERRORS (10.8)
        # The fields of a log and of what it holds, made once per case rather than once per
        # object: three years of daily logs hold some 7,000 of them.
        self._symptom_fields = {
            **self._place_fields(),
            "kind": self.one_of(SYMPTOM_KINDS, "symptom kind"),
            "nprs": self.nprs,
            "at_rest": self.boolean,
            "pressed_or_moved_only": self.boolean,
            "sudden": self.boolean,
        }
        grade = self.one_of(MOVEMENT_GRADES, "movement answer")
        self._side_function_fields = {
            **dict.fromkeys(MOVEMENT_QUESTIONS, grade),
            **dict.fromkeys(SIDE_SIGNS, self.boolean),
            "blade_visible_when": self.one_of(BLADE_VISIBLE_WHEN, "shoulder blade answer"),
            "limb_swollen_with": self.choices(tuple(LIMB_SWOLLEN_WITH), "swelling answer"),
        }
        self._function_fields = {"left": self.side_function, "right": self.side_function}
        self._log_fields = {
            "date": self.date,
            "course": self.one_of(COURSES, "course"),
            "symptoms": lambda v, p: self.array(
                v, p, self.symptom, limit=MAX_SYMPTOMS, what="symptoms"
            ),
            "function": lambda v, p: self.obj(v, p, self._function_fields),
            "weakness_type": self.one_of(WEAKNESS_TYPES, "weakness"),
            "neck_move_or_cough_provokes_arm": self.boolean,
            "overhead_or_dangling_provokes": self.boolean,
            "red_flags": self.choices(tuple(RED_FLAGS), "red-flag code"),
            "emg_done": self.boolean,
            "seen_doctor": self.boolean,
        }

    def error(self, path, message):
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"path": path, "message": message})
        else:
            self.more += 1
        return _BAD

    def reported(self):
        """The errors as 10.8 lists them: at most 20, then one ``"N more errors"``."""
        if not self.more:
            return self.errors
        return [*self.errors, {"path": "", "message": f"{self.more} more errors"}]

    def too_long(self, value, path, limit, what):
        """A list over its limit is one error, and its entries are not read (10.8)."""
        if isinstance(value, list) and len(value) > limit:
            self.error(path, f"has {len(value)} {what}; at most {limit} are allowed")
            return True
        return False

    # --- Scalars ------------------------------------------------------------------------------

    def boolean(self, value, path):
        if isinstance(value, bool):
            return value
        return self.error(path, f"must be true or false, not {_show(value)}")

    def date(self, value, path):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        return self.error(path, f"must be a date written YYYY-MM-DD, not {_show(value)}")

    def nprs(self, value, path):
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10:
            return value
        return self.error(path, f"must be a whole number from 0 to 10, not {_show(value)}")

    def choice(self, value, path, choices, what):
        if isinstance(value, str) and value in choices:
            return value
        if len(choices) <= 8:
            return self.error(path, f"must be one of {', '.join(choices)}; not {_show(value)}")
        return self.error(path, f"is not a known {what}: {_show(value)}")

    def one_of(self, choices, what):
        """``choice`` for one vocabulary, looked up in a set: the same answers and errors."""
        codes, choices = frozenset(choices), tuple(choices)

        def check(value, path):
            if isinstance(value, str) and value in codes:
                return value
            return self.choice(value, path, choices, what)

        return check

    # --- Containers ---------------------------------------------------------------------------

    def obj(self, value, path, fields, required=()):
        """The known fields of an object, checked; unknown keys and missing ones are errors."""
        if not isinstance(value, dict):
            return self.error(path, f"must be an object (named fields), not {_show(value)}")
        out = {}
        for key, item in value.items():
            check = fields.get(key) if isinstance(key, str) else None
            if check is None:
                self.error(_key(path, key), "is not a field of the case (check the spelling)")
            elif item is not None:  # null is the same as left out (8.3)
                result = check(item, f"{path}.{key}" if path else key)  # _key, inlined
                if result is not _BAD:
                    out[key] = result
        for key in required:
            if value.get(key) is None:
                self.error(_key(path, key), "is required")
        return out

    def array(self, value, path, check_item, limit=None, what="entries"):
        if not isinstance(value, list):
            return self.error(path, f"must be a list, not {_show(value)}")
        if limit is not None and self.too_long(value, path, limit, what):
            return _BAD
        out = []
        for index, item in enumerate(value):
            result = check_item(item, f"{path}[{index}]")
            if result is not _BAD:
                out.append(result)
        return out

    def choices(self, choices, what):
        """A list of codes, at most as long as its vocabulary (10.8)."""
        item, limit = self.one_of(choices, what), len(choices)
        return lambda value, path: self.array(value, path, item, limit=limit, what="entries")

    # --- The case -----------------------------------------------------------------------------

    def _place_fields(self):
        return {
            "region": self.one_of(REGION_CODES, "body region"),
            "side": self.one_of(SIDES, "side"),
        }

    def placed(self, value, path, extra=None, required=("region", "side")):
        """A ``{region, side}`` entry; ``midline`` only on the middle line of the body (8.3)."""
        return self._placed(value, path, {**self._place_fields(), **(extra or {})}, required)

    def _placed(self, value, path, fields, required):
        out = self.obj(value, path, fields, required=required)
        lateral_only = out is not _BAD and out.get("region", "whole_body") not in MIDLINE_REGIONS
        if lateral_only and out.get("side") == "midline":
            self.error(
                _key(path, "side"),
                f"midline is only for regions on the middle of the body, not "
                f"{out['region']}: choose left, right or both",
            )
        return out

    def massage(self, value, path):
        fields = {
            "date": self.date,
            "types": self.choices(tuple(MASSAGE_TYPES), "massage type"),
            "regions": lambda v, p: self.array(
                v, p, self.placed, limit=MAX_MASSAGE_REGIONS, what="regions"
            ),
            "pressure": lambda v, p: self.choice(v, p, tuple(PRESSURES), "pressure"),
            "techniques": self.choices(tuple(TECHNIQUES), "technique"),
            "pain_during": lambda v, p: self.placed(
                v,
                p,
                {
                    "nprs": self.nprs,
                    "quality": lambda v2, p2: self.choice(
                        v2, p2, tuple(PAIN_QUALITIES), "pain quality"
                    ),
                },
            ),
            "neck_manipulation": self.boolean,
        }
        return self.obj(value, path, fields, required=("date",))

    def onset(self, value, path):
        fields = {
            "timing": lambda v, p: self.choice(v, p, tuple(ONSET_TIMINGS), "onset timing"),
            "date": self.date,
        }
        return self.obj(value, path, fields)

    def risk(self, value, path):
        fields = {
            "age_band": lambda v, p: self.choice(v, p, tuple(AGE_BANDS), "age band"),
            **dict.fromkeys(RISK_FACTORS, self.boolean),
        }
        return self.obj(value, path, fields)

    def symptom(self, value, path):
        return self._placed(value, path, self._symptom_fields, ("kind", "region", "side"))

    def side_function(self, value, path):
        return self.obj(value, path, self._side_function_fields)

    def log(self, value, path):
        return self.obj(value, path, self._log_fields, required=("date",))

    def logs(self, value, path):
        """The logs, oldest first (several may share a date), each dated after the massage."""
        if not isinstance(value, list):
            return self.error(path, f"must be a list, not {_show(value)}")
        if not value:
            return self.error(path, "needs at least one check-in")
        if self.too_long(value, path, MAX_LOGS, "check-ins"):
            return _BAD
        out = [self.log(item, f"{path}[{index}]") for index, item in enumerate(value)]
        previous = None
        for index, log in enumerate(out):
            date = log.get("date") if log is not _BAD else None
            if date is not None:
                if previous is not None and date < previous:
                    self.error(
                        f"{path}[{index}].date",
                        "is before the check-in above it: list check-ins oldest first",
                    )
                previous = date
        return out

    def case(self, value):
        fields = {
            "as_of": self.date,
            "massage": self.massage,
            "onset": self.onset,
            "risk": self.risk,
            "logs": self.logs,
            # 12.14: asks the command line and the API for assess_series; assess ignores it.
            "series": self.boolean,
        }
        if not isinstance(value, dict):
            return self.error("", f"A case must be a JSON object, not {_show(value)}")
        case = self.obj(value, "", fields, required=("massage", "logs"))
        self.dates(case)
        return case

    def dates(self, case):
        """Dates in order: massage <= onset, logs oldest first, every date <= as_of (3, 8.3)."""
        massage_date = (case.get("massage") or {}).get("date")
        as_of = case.get("as_of")
        if as_of is not None and massage_date is not None and as_of < massage_date:
            self.error("as_of", f"is before the massage date ({massage_date.isoformat()})")
        latest = None
        for index, log in enumerate(case.get("logs") or ()):
            date = log.get("date") if log is not _BAD else None
            if date is None:
                continue
            path = f"logs[{index}].date"
            if massage_date is not None and date < massage_date:
                self.error(path, f"is before the massage date ({massage_date.isoformat()})")
            if as_of is not None and date > as_of:
                self.error(path, f"is after as_of ({as_of.isoformat()})")
            latest = date if latest is None else max(latest, date)
        onset_date = (case.get("onset") or {}).get("date")
        if onset_date is not None:
            latest = as_of or latest
            if massage_date is not None and onset_date < massage_date:
                self.error("onset.date", f"is before the massage date ({massage_date.isoformat()})")
            if latest is not None and onset_date > latest:
                self.error("onset.date", f"is after as_of ({latest.isoformat()})")


def _with_defaults(case):
    """Section 3's defaults: as_of, onset.timing and onset.date."""
    logs = case["logs"]
    case.setdefault("as_of", logs[-1]["date"])
    onset = case.setdefault("onset", {})
    onset.setdefault("timing", "not_sure")
    if "date" not in onset:
        early = onset["timing"] in ONSET_AT_MASSAGE
        onset["date"] = case["massage"]["date"] if early else logs[0]["date"]
    return case


def validate_case(data: object) -> tuple[dict | None, list[dict]]:
    """``(normalized case, [])`` for a valid case, else ``(None, errors)``; never raises."""
    checker = _Checker()
    case = checker.case(data)
    if checker.errors:
        return None, checker.reported()
    return _with_defaults(case), []
