"""The triage rules: one small function per rule id of spec/triage.md section 2.

Each takes the engine's ``Context`` and the rules fired so far, and returns zero or more
``Fired`` (one per side where the rule is per side). Red-flag rules run first (clinical-research.md
2.1), then the patterns in this order, since PAT-PERIPHERAL's sensory branch and PAT-SORENESS
read what fired before them.
"""

from ..vocabulary import RULE_IDS
from .common import Fired
from .course import pat_persist, pat_soreness
from .limbs import pat_peripheral, pat_plexus_tos, pat_root
from .red_flags import rf_ces, rf_cord, rf_dissection_pain, rf_progressive, rf_stroke
from .red_flags_body import rf_dvt, rf_pe, rf_rhabdo, rf_systemic
from .shoulder import pat_ltn, pat_san, pat_scapula_nerve

RED_FLAG_RULES = (
    rf_stroke,
    rf_dissection_pain,
    rf_cord,
    rf_ces,
    rf_pe,
    rf_dvt,
    rf_rhabdo,
    rf_progressive,
    rf_systemic,
)
PATTERN_RULES = (
    pat_san,
    pat_ltn,
    pat_scapula_nerve,
    pat_root,
    pat_plexus_tos,
    pat_peripheral,
    pat_persist,
    pat_soreness,
)
# The contract's order of the rule ids also breaks ties when sorting.
RULE_ORDER = {rule_id: index for index, rule_id in enumerate(RULE_IDS)}

__all__ = ["PATTERN_RULES", "RED_FLAG_RULES", "RULE_IDS", "RULE_ORDER", "Fired"]
