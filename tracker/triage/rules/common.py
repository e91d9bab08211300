"""What every rule returns, and the small helpers the rules share."""

from dataclasses import dataclass, field

from .. import params as P
from ..vocabulary import RED_FLAG_GROUPS

SIDES = ("left", "right")
OTHER_SIDE = {"left": "right", "right": "left"}
_EXPAND = {"left": ("left",), "right": ("right",), "both": ("left", "right"), "midline": ()}
# The codes of each group of warning signs (stroke, cord, cauda_equina, lungs, general, ...).
RED_FLAG_CODES = {group.key: tuple(group.codes) for group in RED_FLAG_GROUPS}


@dataclass
class Fired:
    """One rule that fired: what the assessment lists in ``fired`` (section 4, 8.18).

    ``notes`` are keys that texts.py turns into extra sentences (for example ``"neuralgic"``).
    """

    id: str
    level: str
    side: str | None = None
    action: str | None = None
    sooner: bool = False
    confidence: str = P.MODERATE
    evidence: list[str] = field(default_factory=list)
    branch: str | None = None
    notes: set[str] = field(default_factory=set)


def confidence(raisers, lowered=False):
    """``strong`` with two or more raisers (2.4 PAT-SAN), else ``moderate``; one step lower
    when a co-firing pattern or both sides make the picture less specific (2.4)."""
    level = P.STRONG if sum(1 for r in raisers if r) >= P.STRONG_RAISERS else P.MODERATE
    if lowered:
        return P.MODERATE if level == P.STRONG else P.WEAK
    return level


def group_evidence(ctx, group):
    """The evidence of the codes of ``group`` in force: ticked in the last log or carried from
    an earlier one (10.2; 12.1: codes from different check-ins combine)."""
    return ctx.code_evidence(RED_FLAG_CODES[group])


def log_path(index, count):
    """The path of log ``index`` of ``count`` by its index from the end (10.2): logs[-1] is
    the last. A series judges the same log as logs[-1], then logs[-2], and so on."""
    return f"logs[-{count - index}]"


def raw_sides(entry_side):
    """The lateral sides an input entry's ``side`` covers (``both`` is each of them)."""
    return _EXPAND.get(entry_side, ())


def fired_on(fired, side, ids):
    return any(f.side == side and f.id in ids for f in fired)


def is_motor(key):
    """A sign key (engine ``LogView.signs``) that is a motor sign of PAT-PERSIST (2.4, 12.11):
    new weakness (11.1: a weak movement answer, a weak grip, a whole weak limb, a weakness
    symptom), a shoulder blade that sticks out, or a lower shoulder."""
    kind = key[0]
    return (
        kind == "move"
        or (kind == "flag" and key[2] in P.MOTOR_FLAGS)
        or (kind == "symptom" and key[1] == "weakness")
    )


def day_phrase(ctx):
    return f"d_onset={ctx.d_onset}"
