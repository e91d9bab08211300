"""The error pages in a real browser: the 404 and the 503 a database outage gives load under the
strict CSP, call no other host and pass axe."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

pytestmark = pytest.mark.browser


def test_the_404_page_is_clean(
    page, live_server, csp_violations, foreign_requests, assert_accessible, screenshot
):
    violations = csp_violations(page)
    elsewhere = foreign_requests(page)
    response = page.goto("/no/such/page/")
    page.wait_for_load_state("networkidle")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert violations == []
    assert elsewhere == []
    assert_accessible(page)
    screenshot(page, "error-404")


def test_the_503_page_while_the_database_is_away_is_clean(
    phone_page, live_server, csp_violations, foreign_requests, assert_accessible, screenshot
):
    page = phone_page
    violations = csp_violations(page)
    elsewhere = foreign_requests(page)
    down = mock.patch.object(
        BaseDatabaseWrapper, "_cursor", side_effect=OperationalError("refused")
    )
    with down:
        response = page.goto(f"{live_server.url}/community/")
        page.wait_for_load_state("networkidle")
        assert response.status == 503
        assert response.headers["retry-after"] == "5"
        assert page.locator("h1").inner_text() == "MassageCare is back in a moment"
        assert "refused" not in page.content()
        assert violations == []
        assert elsewhere == []
        assert_accessible(page)
        screenshot(page, "error-503-phone")
    # Once the database answers again, the same page is served.
    assert page.goto(f"{live_server.url}/community/").status == 200
