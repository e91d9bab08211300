"""What moderators get from the scanner: a story scrubbed of its personal details, or shown
with each one highlighted in HTML."""

import html

from .patterns import XML_ILLEGAL_RE
from .scan import find_personal_details

PLACEHOLDERS = {
    "email": "[email removed]",
    "phone": "[phone number removed]",
    "url": "[web address removed]",
    "handle": "[handle removed]",
    "address": "[address removed]",
    "name": "[name removed]",
    "place": "[place name removed]",
}


def scrub(text: str, findings=None) -> str:
    """``text`` with each personal detail replaced by a bracketed placeholder.

    ``findings``: those of ``text`` found earlier (stored with it); scanned here if None.
    """
    if findings is None:
        findings = find_personal_details(text)
    parts = []
    pos = 0
    for finding in findings:
        parts.append(text[pos : finding.start])
        parts.append(PLACEHOLDERS[finding.kind])
        pos = finding.end
    parts.append(text[pos:])
    return "".join(parts)


def _escape(text):
    # Line breaks and forbidden characters are mended piece by piece, after the scan: the
    # findings' offsets are those of the text as stored. A finding never starts or ends inside
    # a "\r\n".
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = XML_ILLEGAL_RE.sub("\ufffd", text)
    return html.escape(text, quote=True).replace("\n", "<br />")


def highlight_html(text: str, findings=None) -> str:
    """``text`` escaped for HTML, with each personal detail wrapped in ``<mark>``.

    Safe by construction: every character of the story goes through ``html.escape``; the only
    markup added is ``<mark>`` (with a kind from the fixed list) and ``<br />`` for line breaks,
    written so that the result is also well-formed XML. Characters that XML forbids (control
    characters, lone surrogates) become U+FFFD. ``findings``: as for ``scrub``.
    """
    if findings is None:
        findings = find_personal_details(text)
    parts = []
    pos = 0
    for f in findings:
        parts.append(_escape(text[pos : f.start]))
        parts.append(
            f'<mark class="pii pii-{f.kind}" title="Possible {f.kind}">{_escape(f.text)}</mark>'
        )
        pos = f.end
    parts.append(_escape(text[pos:]))
    return "".join(parts)
