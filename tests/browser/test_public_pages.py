"""The public pages in a real browser: they load under the strict CSP, call no other host, and
pass axe's accessibility checks."""

import pytest

PUBLIC_PAGES = [("landing", "/"), ("login", "/accounts/login/")]


@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES)
def test_public_page_loads_cleanly_in_chromium(
    page, live_server, name, path, csp_violations, foreign_requests, assert_accessible, screenshot
):
    violations = csp_violations(page)
    elsewhere = foreign_requests(page)

    response = page.goto(path)
    page.wait_for_load_state("networkidle")

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert violations == []
    assert elsewhere == []
    assert_accessible(page)
    assert screenshot(page, f"public-{name}").stat().st_size > 0


def test_pages_are_served_with_the_content_security_policy(page, live_server):
    response = page.goto("/")

    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_an_inline_script_is_blocked_and_reported(page, live_server, csp_violations):
    # Proves the watch works: an inline script injected into our page breaks the policy.
    violations = csp_violations(page)
    page.goto("/")

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.body.dataset.ran = 'yes'";
            document.body.append(script);
        }"""
    )

    assert page.locator("body").get_attribute("data-ran") is None
    page.wait_for_timeout(100)
    assert violations, "Chromium reported no CSP violation for an inline script"


def test_the_stylesheets_and_scripts_load_from_the_live_server(page, live_server):
    statuses = {}
    page.on("response", lambda response: statuses.update({response.url: response.status}))

    page.goto("/accounts/login/")
    page.wait_for_load_state("networkidle")

    bootstrap = [url for url in statuses if "/static/bootstrap/" in url]
    assert len(bootstrap) == 2
    assert all(statuses[url] == 200 for url in statuses)
    assert page.evaluate("typeof bootstrap") == "object"


def test_the_phone_page_has_a_phone_sized_touch_screen(phone_page, live_server):
    phone_page.goto("/")

    assert phone_page.viewport_size == {"width": 390, "height": 844}
    assert phone_page.evaluate("navigator.maxTouchPoints") > 0
    no_sideways_scroll = "document.documentElement.scrollWidth <= window.innerWidth"
    assert phone_page.evaluate(no_sideways_scroll)
