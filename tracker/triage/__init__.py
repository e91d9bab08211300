"""The triage engine and its vocabulary: pure Python, no Django import (spec/triage.md)."""

from .engine import ENGINE_VERSION, CaseError, assess, assess_or_series, assess_series
from .validate import validate_case

__all__ = [
    "ENGINE_VERSION",
    "CaseError",
    "assess",
    "assess_or_series",
    "assess_series",
    "validate_case",
]
