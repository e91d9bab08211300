"""The security baseline every page keeps: strict headers, and templates the CSP can serve.

The Content Security Policy allows only 'self', so an inline script, an event attribute, a
style attribute or a <style> element would be blocked in the browser; the scans below find them
in the repository before a browser does. Nothing may load from another host either.
"""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]
STATIC_DIR = ROOT / "static"
TEXT_SUFFIXES = {".html", ".txt", ".xml", ".svg", ".css", ".js", ".json", ".webmanifest"}

PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password_reset/",
    "/dashboard/",  # a private page: the redirect to log in carries the headers too
    "/no-such-page/",  # and so does a 404
]
ALLOWED_SOURCES = {"'self'", "'none'"}
# XML namespace names are identifiers, never fetched: an SVG needs its xmlns.
XML_NAMESPACES = {
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1999/xhtml",
}


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def files_under(*folders):
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in TEXT_SUFFIXES:
                yield path


def template_files():
    return list(files_under(*TEMPLATE_DIRS))


def offences(pattern, paths, flags=re.IGNORECASE | re.DOTALL, keep=lambda match: True):
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(pattern, text, flags):
            if keep(match):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)[:80]!r}")
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_response_carries_a_strict_content_security_policy(client, url):
    response = client.get(url)

    policy = csp_directives(response["Content-Security-Policy"])
    for directive in ("default-src", "script-src", "style-src", "object-src", "frame-ancestors"):
        assert directive in policy, f"{directive} is missing from the policy"
    for name, sources in policy.items():
        assert set(sources) <= ALLOWED_SOURCES, f"{name} allows {sources}"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_response_carries_the_other_security_headers(client, url):
    response = client.get(url)

    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_bootstrap_is_served_from_our_own_static_files(client):
    html = client.get("/accounts/login/").content.decode()

    # With DEBUG off the names carry a hash: site.<hash>.css.
    assert re.search(r'href="/static/css/site(\.[0-9a-f]+)?\.css"', html)
    # The one stylesheet imports Bootstrap's from our static files, then our icon overrides.
    site_css = Path(finders.find("css/site.css")).read_text()
    assert '@import url("../bootstrap/css/bootstrap.min.css");' in site_css
    assert site_css.index("bootstrap.min.css") < site_css.index("bootstrap-icons-local.css")
    assert re.search(r'src="/static/bootstrap/js/bootstrap\.bundle\.min(\.[0-9a-f]+)?\.js"', html)
    assert finders.find("bootstrap/css/bootstrap.min.css")
    assert finders.find("bootstrap/js/bootstrap.bundle.min.js")


def test_the_scans_find_the_templates():
    names = {path.name for path in template_files()}

    assert "base.html" in names


def test_no_template_has_an_inline_script():
    found = offences(
        r"<script\b([^>]*)>(.*?)</script\s*>",
        template_files(),
        keep=lambda m: m.group(2).strip() or "src=" not in m.group(1).lower(),
    )

    assert found == [], "Move this JavaScript to static/js/ and load it with <script src>"


def test_no_template_has_an_event_handler_attribute():
    # Inside a tag only, so that words such as "on" in the page's text never count.
    found = offences(r"<[a-z][^<>]*?\son[a-z]+\s*=", template_files())

    assert found == [], "Attach event listeners from a static/js/ file instead"


def test_no_template_has_a_style_attribute_or_element():
    found = offences(r"<[a-z][^<>]*?\sstyle\s*=", template_files())
    found += offences(r"<style[\s>]", template_files())

    assert found == [], "Use a class from static/css/site.css instead"


def is_plain_text_mail(path):
    # Django's own password-reset mail is plain text and turns escaping off; it is never a page.
    return path.name.endswith(("_email.txt", "_email.html", "_subject.txt"))


def test_no_template_turns_off_escaping():
    found = offences(r"\|\s*safe\b", template_files())
    pages = [path for path in template_files() if not is_plain_text_mail(path)]
    found += offences(r"{%\s*autoescape\s+off\s*%}", pages)

    assert found == [], "Escape everything; build trusted HTML with format_html in Python"


def test_no_template_or_static_file_refers_to_another_host():
    found = offences(
        r"https?://[^\s\"'<>()]+",
        list(files_under(*TEMPLATE_DIRS, STATIC_DIR)),
        keep=lambda m: m.group(0) not in XML_NAMESPACES,
    )

    assert found == [], "Serve every file from /static/: no CDN, web font or analytics"
