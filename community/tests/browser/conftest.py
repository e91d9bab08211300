"""Playwright against the live server, as in tests/browser/conftest.py (which marks these tests
``browser`` and skips them without Chromium, outside CI)."""

from tests.browser.conftest import *  # noqa: F403
