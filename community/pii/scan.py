"""``find_personal_details``: every detector over a text, their overlapping candidates merged.

Precision matters (moderators must trust the highlights) but a clear case must never slip
through: each detector looks for a strong shape and the word lists keep everyday writing out;
here their candidates become findings that never overlap, so no detail is left half-scrubbed.
"""

import re
from dataclasses import dataclass

from .detectors import addresses, emails, handles, phones, urls
from .names import is_capitalised, names, places
from .patterns import ADDRESS_GAP_RE, TOKEN_RE
from .words import APOS

KINDS = ("email", "phone", "url", "handle", "address", "name", "place")

# Overlapping candidates merge into one finding named after the longest; on a tie in length,
# the kind listed first (the more specific) names it.
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Finding:
    """One personal detail: ``text == story[start:end]``; ``kind`` is one of ``KINDS``."""

    kind: str
    start: int
    end: int
    text: str


def _resolve(candidates):
    """Merge overlapping candidates into one finding, named after the longest of them.

    A candidate inside a longer one (the domain of an email) simply disappears; two that only
    partly overlap become one span covering both, so no detected text is left half-scrubbed.
    """
    merged = []  # [kind, start, end, length of the longest member, its priority]
    for kind, start, end in sorted(set(candidates), key=lambda c: (c[1], c[2])):
        if end <= start:
            continue
        rank = (end - start, -_PRIORITY[kind])
        if merged and start < merged[-1][2]:
            last = merged[-1]
            last[2] = max(last[2], end)
            if rank > last[3]:
                last[0], last[3] = kind, rank
            continue
        merged.append([kind, start, end, rank])
    return [(kind, start, end) for kind, start, end, _rank in merged]


def _merge_addresses(text, spans):
    """Join a street, a city and a postcode into one address finding."""
    merged = []
    for kind, start, end in spans:
        if merged and kind == "address" and merged[-1][0] == "address":
            gap = text[merged[-1][2] : start]
            words = re.findall(rf"[^\W\d_][\w{APOS}-]*", gap)
            if ADDRESS_GAP_RE.fullmatch(gap) and all(is_capitalised(w) for w in words):
                merged[-1] = ("address", merged[-1][1], end)
                continue
        merged.append((kind, start, end))
    return merged


def find_personal_details(text: str) -> list[Finding]:
    """Personal details in ``text``: sorted by start, never overlapping (overlaps are merged)."""
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]
    candidates = [
        *emails(text),
        *urls(text),
        *handles(text),
        *phones(text),
        *addresses(text),
        *names(text, tokens),
        *places(text, tokens),
    ]
    spans = _merge_addresses(text, _resolve(candidates))
    return [Finding(kind, start, end, text[start:end]) for kind, start, end in spans]


def as_rows(findings):
    """Findings as rows to store as JSON: ``[[kind, start, end], ...]``."""
    return [[f.kind, f.start, f.end] for f in findings]


def from_rows(text, rows):
    """The findings stored as rows for ``text`` (see ``as_rows``)."""
    return [Finding(kind, start, end, text[start:end]) for kind, start, end in rows]
