"""Bootstrap's icons as files (issue 12): every rule of bootstrap.min.css that draws a data:
image, which the Content Security Policy (img-src 'self') blocks, has an override in
static/css/bootstrap-icons-local.css with the very same selectors (a shorter selector loses to
Bootstrap's, as ".form-select.is-invalid" did), pointing at a file we serve.

A browser check of the invalid select: tests/browser/test_navigation.py.
"""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
DATA_IMAGE = re.compile(r"(--[\w-]+|background-image)\s*:\s*url\(\"?data:image")
LOCAL_URL = re.compile(r"(--[\w-]+|background-image)\s*:\s*url\(\"(/static/[^\"]+)\"\)")
# Parts of Bootstrap MassageCare does not use: no dark theme, navigation bar or carousel.
UNUSED = ("[data-bs-theme=dark]", ".navbar", ".carousel-control")
UNUSED_IN_TEMPLATES = ('data-bs-theme="dark"', "navbar", "carousel")


def rules(path):
    text = re.sub(r"/\*.*?\*/", "", Path(path).read_text(), flags=re.S)
    for selectors, body in RULE.findall(text):
        yield frozenset(" ".join(s.split()) for s in selectors.split(",")), body


def bootstrap_data_rules():
    found = []
    for selectors, body in rules(finders.find("bootstrap/css/bootstrap.min.css")):
        if any(selector.startswith(UNUSED) for selector in selectors):
            continue
        for prop in DATA_IMAGE.findall(body):
            found.append((selectors, prop))
    return found


def local_overrides():
    return {
        (selectors, prop): url
        for selectors, body in rules(finders.find("css/bootstrap-icons-local.css"))
        for prop, url in LOCAL_URL.findall(body)
    }


def test_bootstrap_still_draws_data_images_we_must_replace():
    # Guards the parsing below: an empty list would prove nothing.
    assert len(bootstrap_data_rules()) >= 12


@pytest.mark.parametrize(
    ("selectors", "prop"),
    bootstrap_data_rules(),
    ids=lambda value: sorted(value)[0] if isinstance(value, frozenset) else value,
)
def test_each_data_image_rule_has_an_override_with_the_same_selectors(selectors, prop):
    overrides = local_overrides()
    url = next(
        (
            url
            for (local, local_prop), url in overrides.items()
            if local >= selectors and local_prop == prop
        ),
        None,
    )
    assert url, f"no override of {prop} for {sorted(selectors)}"
    assert finders.find(url.removeprefix("/static/")), f"{url} is not a static file"


def test_the_parts_left_out_are_not_used_in_our_templates():
    templates = Path(__file__).resolve().parents[1] / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        for marker in UNUSED_IN_TEMPLATES:
            assert marker not in text, f"{path} uses {marker}: override its data: image too"
