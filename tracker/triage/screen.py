"""The emergency screen: advice from the red-flag answers alone, shown the moment they are given.

The full engine (spec/triage.md) judges the whole case after the check-in is saved; this screen
only reads the ticked red-flag codes, so it can answer at once, before the rest of the form.
It follows the research's red-flag table (clinical-research.md 2.3) and, in doubt, the higher
level (spec/triage.md 7.1).
"""

from dataclasses import dataclass

from .vocabulary import RED_FLAG_GROUPS, RED_FLAGS

CALL_EMERGENCY = "CALL_EMERGENCY"
GO_TO_ED_NOW = "GO_TO_ED_NOW"
SEE_DOCTOR_SOON = "SEE_DOCTOR_SOON"

# Stroke signs, a thunderclap headache and lung signs call an ambulance (F70-F78, F85-F88).
_CALL_GROUPS = {"stroke", "lungs"}
_CALL_CODES = {"worst_ever_headache"}
# Only these general flags, alone, are not an emergency (RF-SYSTEMIC's lower branch, F94).
_GENERAL_CODES = {code for g in RED_FLAG_GROUPS if g.key == "general" for code in g.codes}


@dataclass(frozen=True)
class ScreenAdvice:
    action: str
    headline: str
    steps: tuple[str, ...]
    codes: tuple[str, ...]

    @property
    def is_emergency(self) -> bool:
        return self.action in {CALL_EMERGENCY, GO_TO_ED_NOW}


_EMERGENCY_TEXTS = {
    CALL_EMERGENCY: (
        "Call your local emergency number now.",
        (
            "Do not drive yourself.",
            "Act even if the sign has gone away.",
            "Tell them you had a massage, and when.",
        ),
    ),
    GO_TO_ED_NOW: (
        "Go to an emergency department now.",
        (
            "Do not drive yourself: ask someone to take you, or call your local emergency number.",
            "Tell them you had a massage, and when.",
        ),
    ),
}


def advice_for_action(action: str, codes=()) -> ScreenAdvice:
    """The short emergency advice for an engine action (CALL_EMERGENCY or GO_TO_ED_NOW)."""
    headline, steps = _EMERGENCY_TEXTS[action]
    return ScreenAdvice(action, headline, steps, tuple(codes))


def _group_of(code: str) -> str:
    return next(g.key for g in RED_FLAG_GROUPS if code in g.codes)


def screen_red_flags(codes) -> ScreenAdvice | None:
    """The most urgent advice the ticked codes call for, or None when none was ticked."""
    ticked = tuple(code for code in RED_FLAGS if code in set(codes or ()))
    if not ticked:
        return None
    if any(_group_of(c) in _CALL_GROUPS or c in _CALL_CODES for c in ticked):
        return advice_for_action(CALL_EMERGENCY, ticked)
    general = set(ticked) & _GENERAL_CODES
    meningitis_like = "fever" in general and (
        "stiff_neck_all_over" in general or "vomiting_or_light_sensitivity" in general
    )
    if set(ticked) - _GENERAL_CODES or meningitis_like:
        return advice_for_action(GO_TO_ED_NOW, ticked)
    return ScreenAdvice(
        SEE_DOCTOR_SOON,
        "See a doctor today or tomorrow.",
        (
            "Go to an emergency department now if you also get a stiff neck all over, a severe "
            "headache, vomiting, or light hurting your eyes.",
        ),
        ticked,
    )
