"""The edges of the triage contract (spec/triage.md): strict JSON in, a checked assessment out.

``load_json`` reads a case the way the command line and the JSON API both need: it never raises,
and it refuses what ``json.loads`` would quietly accept but the contract cannot mean (``NaN``,
``Infinity``, numbers too large for a float, duplicate keys, nesting deep enough to exhaust the
stack). ``validate_assessment`` checks an engine output against section 4, clarification 8.18
and revision 2 (10.3-10.6), so the tests can hold every assessment the engine makes to its
contract. Pure Python: no Django.
"""

import datetime
import json
import math
import re

from .vocabulary import LEVEL_ORDER, LEVELS, RED_FLAGS, RULE_IDS

ACTIONS = ("CALL_EMERGENCY", "GO_TO_ED_NOW")
EMG_TIMINGS = ("before_window", "in_window", "specialist_question", "improving", "done")
CONFIDENCES = ("strong", "moderate", "weak")
BRANCHES = ("plexus", "tos", "motor", "sensory")

ASSESSMENT_KEYS = frozenset(
    {
        "engine_version",
        "as_of",
        "d_onset",
        "level",
        "action",
        "sooner",
        "fired",
        "emg_timing",
        "recheck_on",
        "seen_doctor_on",
        "reported_before",
        "disclaimer",
        "safety_net",
    }
)
REPORTED_KEYS = frozenset({"code", "date", "seen_doctor_since"})
FIRED_KEYS = frozenset(
    {"id", "side", "level", "action", "sooner", "confidence", "evidence", "summary", "advice"}
)
FIRED_OPTIONAL_KEYS = frozenset({"branch"})

# Patterns that always ask for emg_timing; two more ask for it only on one branch (section 4).
NERVE_PATTERNS = frozenset({"PAT-SAN", "PAT-LTN", "PAT-SCAPULA-NERVE"})
NERVE_BRANCHES = {"PAT-PLEXUS-TOS": "plexus", "PAT-PERIPHERAL": "motor"}
RECHECK_LEVELS = frozenset({"MONITOR_SELF_CARE", "SEE_DOCTOR_DAYS", "SEE_DOCTOR_ASK_EMG"})

_RANK = {level: rank for rank, level in enumerate(LEVEL_ORDER)}
# date.fromisoformat takes "20260306" and week dates since Python 3.11; the contract means one form.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _JSONRefused(ValueError):
    """A JSON text that parses but that no case can mean."""


def _reject_constant(name):
    raise _JSONRefused(f"{name} is not allowed: JSON has no such number.")


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise _JSONRefused(f"The number {text[:40]} is too large.")
    return value


def _no_duplicate_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _JSONRefused(f"The key {key!r} appears twice in one object.")
        result[key] = value
    return result


def load_json(text: str | bytes) -> tuple[object, list[dict]]:
    """The JSON value of ``text``, or the reason it is refused as ``{"path": "", "message"}``.

    Bytes must be UTF-8 (RFC 8259). Never raises.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            return None, [_top(f"The body is not UTF-8 text (byte {error.start}).")]
    try:
        value = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            object_pairs_hook=_no_duplicate_keys,
        )
    except json.JSONDecodeError as error:
        return None, [
            _top(
                f"This is not valid JSON: {error.msg} at line {error.lineno}, "
                f"column {error.colno} (character {error.pos})."
            )
        ]
    except RecursionError:
        return None, [_top("This JSON is nested too deeply.")]
    except ValueError as error:
        # _JSONRefused, or an integer longer than Python converts (4300 digits).
        message = str(error) if isinstance(error, _JSONRefused) else "A number is too long."
        return None, [_top(f"This JSON cannot be a case: {message}")]
    return value, []


def _top(message):
    return {"path": "", "message": message}


def _is_date(value):
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_text(value):
    return isinstance(value, str) and value.strip() != ""


def _is_report(item):
    return (
        isinstance(item, dict)
        and item.keys() == REPORTED_KEYS
        and item["code"] in RED_FLAGS
        and _is_date(item["date"])
        and isinstance(item["seen_doctor_since"], bool)
    )


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _d_onset_of(case):
    """``d_onset`` as section 3 defines it, or None when the case does not say enough."""
    try:
        logs = case["logs"]
        as_of = case.get("as_of") or logs[-1]["date"]
        onset = case.get("onset") or {}
        onset_date = onset.get("date")
        if not onset_date:
            timing = onset.get("timing") or "not_sure"
            early = timing in {"during_massage", "within_24h", "not_sure"}
            onset_date = case["massage"]["date"] if early else logs[0]["date"]
        return (
            datetime.date.fromisoformat(as_of) - datetime.date.fromisoformat(onset_date)
        ).days, as_of
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return None


def _key_problems(path, given, required, allowed):
    """The keys ``given`` lacks of ``required`` and has beyond ``allowed``, as problem lines."""
    problems = []
    missing = sorted(required - given.keys())
    extra = sorted(given.keys() - allowed, key=str)
    if missing:
        problems.append(f"{path}: missing keys {', '.join(missing)}")
    if extra:
        problems.append(f"{path}: unknown keys {', '.join(map(str, extra))}")
    return problems


def _checker(path, given, problems):
    """``check(key, ok, message)`` adds a problem line to ``problems`` when ``given`` has
    ``key`` and its value is not ``ok``."""
    prefix = f"{path}." if path else ""

    def check(key, ok, message):
        if key in given and not ok(given[key]):
            problems.append(f"{prefix}{key}: {message}, not {given[key]!r}")

    return check


def validate_assessment(output: object, case: object = None) -> list[str]:
    """Every way ``output`` breaks section 4 and 8.18 of the contract, as "path: problem" lines.

    With ``case`` (the input it was made from) it also checks ``as_of``, ``d_onset`` and, before
    day 90, the ``emg_timing`` that the case's ``emg_done`` answers call for (8.14).
    """
    if not isinstance(output, dict):
        return [f": an assessment is an object, not {type(output).__name__}"]
    problems = _key_problems("", output, ASSESSMENT_KEYS, ASSESSMENT_KEYS)
    check = _checker("", output, problems)
    check("engine_version", _is_text, "a version string")
    check("as_of", _is_date, "an ISO date (YYYY-MM-DD)")
    check("d_onset", lambda v: _is_int(v) and v >= 0, "a whole number of days, 0 or more")
    check("level", lambda v: v in LEVELS, f"one of {', '.join(LEVELS)}")
    check("action", lambda v: v is None or v in ACTIONS, f"null or one of {', '.join(ACTIONS)}")
    check("sooner", lambda v: isinstance(v, bool), "true or false")
    check("fired", lambda v: isinstance(v, list), "a list")
    check("emg_timing", lambda v: v is None or v in EMG_TIMINGS, "null or a known timing")
    check("recheck_on", lambda v: v is None or _is_date(v), "null or an ISO date")
    check(
        "disclaimer",
        lambda v: isinstance(v, str) and "not a diagnosis" in v,
        'a text that says "not a diagnosis"',
    )
    check(
        "safety_net",
        lambda v: v is None or (isinstance(v, list) and all(_is_text(item) for item in v)),
        "null or a list of texts",
    )
    check("seen_doctor_on", lambda v: v is None or _is_date(v), "null or an ISO date (10.3)")
    check(
        "reported_before",
        lambda v: isinstance(v, list) and all(_is_report(item) for item in v),
        'a list of {"code", "date", "seen_doctor_since"} (10.4)',
    )

    fired = output.get("fired") if isinstance(output.get("fired"), list) else []
    entries = [entry for entry in fired if isinstance(entry, dict)]
    for index, entry in enumerate(fired):
        problems.extend(_fired_problems(f"fired[{index}]", entry))
    if not problems:
        problems.extend(_consistency_problems(output, entries))
    if not problems and case is not None:
        problems.extend(_case_problems(output, case))
    return problems


def _fired_problems(path, entry):
    if not isinstance(entry, dict):
        return [f"{path}: a fired rule is an object, not {type(entry).__name__}"]
    problems = _key_problems(path, entry, FIRED_KEYS, FIRED_KEYS | FIRED_OPTIONAL_KEYS)
    check = _checker(path, entry, problems)
    check("id", lambda v: v in RULE_IDS, "a rule id of section 2")
    check("side", lambda v: v in (None, "left", "right"), "left, right or null")
    # NONE is what a case gets when nothing fired; no rule fires at it.
    check("level", lambda v: v in LEVELS and v != "NONE", "a level above NONE")
    check("action", lambda v: v is None or v in ACTIONS, f"null or one of {', '.join(ACTIONS)}")
    check("sooner", lambda v: isinstance(v, bool), "true or false")
    check("confidence", lambda v: v in CONFIDENCES, f"one of {', '.join(CONFIDENCES)}")
    check(
        "evidence",
        lambda v: isinstance(v, list) and v and all(_is_text(item) for item in v),
        "a list of at least one non-empty text",
    )
    check("summary", _is_text, "a non-empty text")
    check("advice", _is_text, "a non-empty text")
    check("branch", lambda v: v in BRANCHES, f"one of {', '.join(BRANCHES)}")
    if not problems:
        emergency = entry["level"] == "EMERGENCY_NOW"
        if emergency and entry["action"] is None:
            problems.append(f"{path}.action: an EMERGENCY_NOW rule needs an action")
        if not emergency and entry["action"] is not None:
            problems.append(f"{path}.action: only an EMERGENCY_NOW rule has an action")
    return problems


def _needs_emg_timing(entry):
    if entry["id"] in NERVE_PATTERNS:
        return True
    return entry["id"] in NERVE_BRANCHES and entry.get("branch") == NERVE_BRANCHES[entry["id"]]


def _may_need_emg_timing(entry):
    # A plexus or motor entry without its branch cannot be told apart: do not fault it.
    return _needs_emg_timing(entry) or (entry["id"] in NERVE_BRANCHES and "branch" not in entry)


def _consistency_problems(output, fired):
    """How the fields of a well-typed assessment must agree (section 4, 7.7, 7.13, 8.14-8.18)."""
    problems = []
    level = output["level"]
    ranks = [_RANK[entry["level"]] for entry in fired]
    if fired:
        highest = LEVEL_ORDER[max(ranks)]
        if level != highest:
            problems.append(f"level: {level}, but the highest fired level is {highest}")
    elif level not in ("NONE", "MONITOR_SELF_CARE"):
        problems.append(f"level: {level} with no rule fired (only NONE or MONITOR_SELF_CARE)")
    if ranks != sorted(ranks, reverse=True):
        problems.append("fired: not sorted highest level first")
    keys = [(entry["id"], entry["side"], entry.get("branch")) for entry in fired]
    if len(set(keys)) != len(keys):
        problems.append("fired: the same rule fired twice on one side")
    ids = {entry["id"] for entry in fired}
    if "PAT-SORENESS" in ids and any(rule.startswith("RF-") for rule in ids):
        problems.append("fired: PAT-SORENESS fired together with a red-flag rule")

    emergency = level == "EMERGENCY_NOW"
    action = output["action"]
    if emergency:
        wanted = [entry["action"] for entry in fired if entry["level"] == level]
        best = "CALL_EMERGENCY" if "CALL_EMERGENCY" in wanted else "GO_TO_ED_NOW"
        if action != best:
            problems.append(f"action: {best} is the most urgent fired action, not {action!r}")
    elif action is not None:
        problems.append(f"action: only EMERGENCY_NOW has an action, not {level}")

    sooner = any(entry["sooner"] for entry in fired if entry["level"] == level)
    if output["sooner"] != sooner:
        problems.append(f"sooner: {sooner} from the rules fired at {level} (7.13)")

    problems.extend(_emg_timing_problems(output, fired))
    problems.extend(_recheck_problems(output, fired))

    safety_net = output["safety_net"]
    if emergency and safety_net:
        problems.append("safety_net: EMERGENCY_NOW shows no safety net")
    if not emergency and not safety_net:
        problems.append(f"safety_net: {level} needs the 'see a doctor if' list")
    return problems


def _emg_timing_problems(output, fired):
    timing = output["emg_timing"]
    level_asks = output["level"] == "SEE_DOCTOR_ASK_EMG"
    must = level_asks or any(_needs_emg_timing(entry) for entry in fired)
    may = must or any(_may_need_emg_timing(entry) for entry in fired)
    if must and timing is None:
        return ["emg_timing: a nerve pattern or SEE_DOCTOR_ASK_EMG needs it (8.14)"]
    if not may and timing is not None:
        return ["emg_timing: null when no nerve pattern fired (section 4)"]
    if timing is None:
        return []
    d_onset = output["d_onset"]
    if d_onset < 21:
        allowed = {"before_window"}
    elif d_onset < 90:
        allowed = {"in_window", "improving", "done"}
    else:
        allowed = {"improving", "specialist_question"}
    if timing not in allowed:
        return [f"emg_timing: {timing} cannot be at d_onset={d_onset} (8.14)"]
    return []


def _recheck_problems(output, fired):
    level = output["level"]
    recheck_on = output["recheck_on"]
    if level not in RECHECK_LEVELS:
        if recheck_on is not None:
            return [f"recheck_on: null for {level} (8.18)"]
        return []
    if recheck_on is None:
        return [f"recheck_on: a date for {level} (8.18)"]
    days = (
        datetime.date.fromisoformat(recheck_on) - datetime.date.fromisoformat(output["as_of"])
    ).days
    damping = isinstance(output.get("d_onset"), int) and output["d_onset"] < 3
    if damping or any(entry["id"] == "PAT-SAN" for entry in fired):
        # During PAT-SAN's early damping (d_onset < 3) it may come sooner, whether or not the
        # damped pattern fired: onset + 3, at least as_of + 1.
        if not 1 <= days <= 3:
            return [f"recheck_on: 1 to 3 days after as_of, not {days} (8.18)"]
    elif days != 3:
        return [f"recheck_on: as_of + 3, not as_of + {days} (8.18)"]
    return []


def _case_problems(output, case):
    derived = _d_onset_of(case)
    if derived is None:
        return []
    d_onset, as_of = derived
    problems = []
    if output["as_of"] != as_of:
        problems.append(f"as_of: the case is as of {as_of}, not {output['as_of']}")
    if output["d_onset"] != d_onset:
        problems.append(f"d_onset: the case gives {d_onset}, not {output['d_onset']}")
    logs = case["logs"] if isinstance(case["logs"], list) else []
    emg_done = any(isinstance(log, dict) and log.get("emg_done") is True for log in logs)
    timing = output["emg_timing"]
    if timing not in (None, "in_window") and 21 <= d_onset < 90 and not emg_done:
        problems.append("emg_timing: in_window before day 90 while no EMG was done (8.14)")
    if timing == "in_window" and emg_done:
        problems.append("emg_timing: an EMG was done, so not in_window (10.6)")
    if timing == "done" and not emg_done:
        problems.append("emg_timing: done, but no log has emg_done (10.6)")
    seen = [
        log["date"]
        for log in logs
        if isinstance(log, dict) and log.get("seen_doctor") is True and "date" in log
    ]
    wanted = max(map(str, seen)) if seen else None
    if output.get("seen_doctor_on") != wanted:
        problems.append(f"seen_doctor_on: the latest seen_doctor log is {wanted} (10.3)")
    return problems
