"""The triage engine and its vocabulary: pure Python, no Django import (spec/triage.md)."""
