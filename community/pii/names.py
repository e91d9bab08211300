"""Names and places in a story, found by walking its word tokens rather than by regex.

A person's name follows a title ("Dr Anna Smith"), a practitioner's role ("my therapist
Anna") or "name is"; a place is a run of capitalised words that a place noun ends ("Serenity
Spa", "the Harbour clinic") or begins after an ordinary word ("at Studio Bliss"). The word lists
(``words.py``) keep kinds of thing ("Swedish Massage", "the Medical Centre") out.

Each detector takes the text and its tokens, ``(start, end, word)`` in order, and yields
``(kind, start, end)``.
"""

import re

from .patterns import POSSESSIVE_RE
from .words import (
    GENERIC,
    LOWERCASE_PLACE_NOUNS,
    NAME_PARTICLES,
    PLACE_NOUNS,
    ROLES,
    STOP,
    STRONG_PLACE_NOUNS,
    TITLE_STOP,
    TITLES,
)


def _base(word):
    return POSSESSIVE_RE.sub("", word)


def is_capitalised(word):
    # "Anna", "O'Neil", "Łukasz", "St"; not "MRI" or "EMG" (all capitals) and not "2nd".
    return word[0].isupper() and (len(word) == 1 or not word.isupper())


def _sentence_initial(text, start):
    i = start - 1
    while i >= 0 and text[i] in " \t\"'\u201c\u2018([":
        i -= 1
    return i < 0 or text[i] in "\n\r.!?\u2026:"


def _read_name(text, tokens, j, stop):
    """The span of a person's name starting at token j, or None.

    Up to four capitalised words ("Anna", "Mary-Jane O'Neil", "J. Smith", "van der Berg"),
    joined by single spaces, ending before a possessive "'s".
    """
    words = []
    k = j
    while k < len(tokens) and len(words) < 4:
        start, end, word = tokens[k]
        if words:
            gap = text[tokens[k - 1][1] : start]
            prev_initial = len(tokens[k - 1][2]) == 1
            if gap not in (" ", ". " if prev_initial else " "):
                break
        base = _base(word)
        initial = len(word) == 1 and word.isupper() and text[end : end + 1] == "."
        if word.lower() in NAME_PARTICLES and k + 1 < len(tokens):
            nxt = tokens[k + 1][2]
            joined = text[end : tokens[k + 1][0]] == " "
            if joined and (is_capitalised(nxt) or nxt.lower() in NAME_PARTICLES):
                words.append((start, end, word))
                k += 1
                continue
            break
        if not (initial or (is_capitalised(word) and len(word) > 1)):
            break
        if base.lower() in stop or base.lower() in PLACE_NOUNS or word in TITLES or word == "St":
            break
        if any(c.isdigit() for c in word):
            break
        words.append((start, end, word))
        if word != base:  # "Smith's clinic": the name ends here
            break
        k += 1
    while words and words[-1][2].lower() in NAME_PARTICLES:
        words.pop()
    if not words:
        return None
    first, last = words[0], words[-1]
    end = last[1] - (len(last[2]) - len(_base(last[2])))
    return first[0], end


def names(text, tokens):
    for i, (_start, end, word) in enumerate(tokens):
        if i + 1 >= len(tokens):
            break
        gap = text[end : tokens[i + 1][0]]
        lower = word.lower()
        if word in TITLES:
            if lower in ("doctor", "professor", "nurse", "sister", "miss") and gap != " ":
                continue
            if re.fullmatch(r"\.?[ \t]{1,2}|\.", gap):
                span = _read_name(text, tokens, i + 1, TITLE_STOP)
                if span:
                    yield "name", *span
                    continue
        if lower in ROLES or lower in ("name", "name's"):
            j = i + 1
            if lower == "name":
                if gap != " " or tokens[j][2].lower() not in ("is", "was"):
                    continue
                j += 1
            elif tokens[j][2].lower() in ("named", "called") and gap == " ":
                j += 1
            elif not re.fullmatch(r",?[ \t]", gap):
                continue
            if j > i + 1 and (j >= len(tokens) or text[tokens[j - 1][1] : tokens[j][0]] != " "):
                continue
            span = _read_name(text, tokens, j, STOP)
            if span:
                yield "name", *span


def _distinctive(word):
    base = _base(word).lower()
    return (
        is_capitalised(word)
        and not any(c.isdigit() for c in word)
        and base not in GENERIC
        and base not in PLACE_NOUNS
        and base not in STOP
        and word not in TITLES
    )


def _runs(text, tokens):
    """Runs of capitalised words joined by single spaces ("St Mary's Hospital", "Mind & Body
    Spa", "St. Mary's"), each with a lower-case strong place noun allowed as its last word
    ("Harbour clinic")."""
    run = []
    for i, (start, _end, word) in enumerate(tokens):
        if run:
            prev = tokens[run[-1]]
            gap = text[prev[1] : start]
            joined = gap in (" ", " & ") or (gap == ". " and prev[2] in ("St", "Mt"))
            if joined and is_capitalised(word):
                run.append(i)
                continue
            if joined and word in LOWERCASE_PLACE_NOUNS:
                run.append(i)
                yield run
                run = []
                continue
            yield run
            run = []
        if is_capitalised(word):
            run = [i]
    if run:
        yield run


def _after_lowercase_word(text, tokens, i):
    if i == 0:
        return False
    _start, end, word = tokens[i - 1]
    return word.islower() and text[end : tokens[i][0]] == " "


def places(text, tokens):
    """Named places: each run of capitalised words is walked once, left to right.

    What the words before a place noun hold (a distinctive word? an ordinary one?) is counted as
    the walk goes, not looked up again at every noun: "Spa Spa Spa …" (2,500 nouns in a row)
    then costs 2,500 steps rather than three million.
    """
    for run in _runs(text, tokens):
        seg = 0  # where the place's name may start: after a stop word or a title
        distinctive = ordinary = 0  # among run[seg:k]: distinctive words, and not place nouns
        k = 0
        while k < len(run):
            word = tokens[run[k]][2]
            base = _base(word).lower()
            if base in STOP or word in TITLES:
                seg = k = k + 1
                distinctive = ordinary = 0
                continue
            if base not in PLACE_NOUNS:
                distinctive += _distinctive(word)
                ordinary += 1
                k += 1
                continue
            named = distinctive > 0
            if named and word.islower() and k - seg == 1:
                # "Yoga studio" at the start of a sentence is a kind of studio, not a name.
                named = not _sentence_initial(text, tokens[run[seg]][0])
            if (
                not named
                and word[0].isupper()
                and base in STRONG_PLACE_NOUNS
                and k - seg >= 2
                and ordinary > 0
            ):
                # Three capitalised words or more make a business name even when each one is a
                # kind of thing: "Thai Massage Studio", "Sports Injury Clinic".
                named = True
            if named and seg > 0 and tokens[run[seg - 1]][2] in TITLES:
                # "Dr Smith's clinic": the person's name is the detail; leave it to names().
                named = False
            if named:
                end = k
                while end + 1 < len(run) and _base(tokens[run[end + 1]][2]).lower() in (
                    PLACE_NOUNS
                ):
                    end += 1
                yield "place", tokens[run[seg]][0], tokens[run[end]][1]
                seg = k = end + 1
                distinctive = ordinary = 0
                continue
            if (
                seg == k
                and base in STRONG_PLACE_NOUNS
                and is_capitalised(word)
                and _after_lowercase_word(text, tokens, run[k])
            ):
                # A noun first, after an ordinary word: "at Studio Bliss", "the Salon Nadia".
                end = k
                while end + 1 < len(run) and _distinctive(tokens[run[end + 1]][2]):
                    end += 1
                if end > k:
                    yield "place", tokens[run[k]][0], tokens[run[end]][1]
                    seg = k = end + 1
                    distinctive = ordinary = 0
                    continue
            k += 1  # a place noun is never distinctive, and never ordinary
