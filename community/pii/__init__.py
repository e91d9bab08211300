"""Find personal details in a community story before a moderator approves it.

Pure Python (no Django import), so it can be tested and reused on its own. Three entry points:

- ``find_personal_details(text)``: the findings, sorted by start and never overlapping;
- ``scrub(text)``: the text with each finding replaced by a bracketed placeholder;
- ``highlight_html(text)``: the escaped text with each finding wrapped in ``<mark>``;

the last two take the findings of an earlier scan, when they were stored (``as_rows`` and
``from_rows``), so that a text is scanned once.

One job a module:

- ``words``: the word lists (a table): domains, titles, roles, place nouns, ordinary words;
- ``patterns``: the regular expressions, each written never to backtrack more than linearly
  (tests/security/test_scanner_inputs.py counts their steps, and the detectors');
- ``detectors``: emails, web addresses, handles, phone numbers and street addresses, by shape
  (phone numbers also as each country writes them, by the phonenumbers library);
- ``names``: people's names and places' names, by walking the word tokens;
- ``scan``: ``find_personal_details``, every detector's candidates merged into findings;
- ``output``: ``scrub`` and ``highlight_html``.
"""

from .output import PLACEHOLDERS, highlight_html, scrub
from .scan import KINDS, Finding, as_rows, find_personal_details, from_rows

__all__ = [
    "KINDS",
    "PLACEHOLDERS",
    "Finding",
    "as_rows",
    "find_personal_details",
    "from_rows",
    "highlight_html",
    "scrub",
]
