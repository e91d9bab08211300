"""Tests of the pure triage engine: no database, no Django views."""
