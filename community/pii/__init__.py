"""Find personal details in a community story before a moderator approves it.

Pure Python (no Django import), so it can be tested and reused on its own. Three entry points:

- ``find_personal_details(text)``: the findings, sorted by start and never overlapping;
- ``scrub(text)``: the text with each finding replaced by a bracketed placeholder;
- ``highlight_html(text)``: the escaped text with each finding wrapped in ``<mark>``.

One job a module:

- ``words``: the word lists (a table): domains, titles, roles, place nouns, ordinary words;
- ``patterns``: the regular expressions, each written never to backtrack more than linearly;
- ``detectors``: emails, web addresses, handles, phone numbers and street addresses, by shape;
- ``names``: people's names and places' names, by walking the word tokens;
- ``scan``: ``find_personal_details``, every detector's candidates merged into findings;
- ``output``: ``scrub`` and ``highlight_html``.
"""

from .output import PLACEHOLDERS, highlight_html, scrub
from .scan import KINDS, Finding, find_personal_details

__all__ = ["KINDS", "PLACEHOLDERS", "Finding", "find_personal_details", "highlight_html", "scrub"]
