"""Find personal details in a community story before a moderator approves it.

Pure Python (no Django import), so it can be tested and reused on its own. Three entry points:

- ``find_personal_details(text)``: the findings, sorted by start and never overlapping;
- ``scrub(text)``: the text with each finding replaced by a bracketed placeholder;
- ``highlight_html(text)``: the escaped text with each finding wrapped in ``<mark>``.

Precision matters (moderators must trust the highlights) but a clear case must never slip
through, so each detector looks for a strong shape (``@`` and a domain, a phone number's digit
groups, a title followed by a capitalised name...) and a few lists of ordinary words keep
everyday writing ("my doctor", "Swedish massage", "3-4 weeks") out.

Every pattern is written so that the regular-expression engine never backtracks more than
linearly: character classes on either side of a repetition do not overlap, repetitions are
bounded, and each match is anchored by a look-behind that stops the engine from retrying at
every character of a long run. Names and places are found by walking word tokens, not by regex.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["KINDS", "PLACEHOLDERS", "Finding", "find_personal_details", "highlight_html", "scrub"]

KINDS = ("email", "phone", "url", "handle", "address", "name", "place")

PLACEHOLDERS = {
    "email": "[email removed]",
    "phone": "[phone number removed]",
    "url": "[web address removed]",
    "handle": "[handle removed]",
    "address": "[address removed]",
    "name": "[name removed]",
    "place": "[place name removed]",
}

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


# ---------------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------------


def _words(spaced):
    return frozenset(spaced.split())


# The right single quotation mark, which phones and word processors put in "Mary's".
_APOS = "'\u2019"

# Top-level domains accepted for a bare domain ("serenityspa.com") or a spelled-out email. Short
# country codes that are English words ("at", "be", "in", "it", "me", "no", "to") are left out:
# "sore.it" is far more often a missing space than a web address.
_TLDS = _words(
    """
    com net org info biz io co uk au nz ca ie de fr es nl eu ch se dk fi pl pt za sg hk jp
    app dev health clinic spa care online site shop store studio salon massage fitness physio
    therapy xyz ly gov edu us tv beauty yoga
    """
)

_MONTHS = _words(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
_WEEKDAYS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun
    """
)

# Capitalised words that are never a person's or a place's own name. Compared lower-cased.
_STOP = (
    _words(
        """
        i i'm i've i'd i'll im ive id a an the and but or so nor yet if then than because as
        he she they we you it his her hers their theirs our ours your yours my mine its me him
        them us this that these those there here what when where who whom whose why how which
        yes no not also just only still even very really too maybe perhaps please thanks thank
        today tomorrow yesterday tonight morning afternoon evening night week weekend
        at in on to from with without after before during since until by for of about into
        over under between through around near next last first second third
        christmas easter
        went go going gone visited visit booked book tried try called saw seen found find loved
        love hated hate recommend recommended avoid got get had have has did do does was were is
        are be been being will would could should might must can
        overall update edit note ps wow oh ok okay hi hello dear anyway honestly sadly luckily
        god lord nhs gp er a&e
        """
    )
    | _MONTHS
    | _WEEKDAYS
)

# For names right after a title, months can be surnames ("Dr May", "Mrs April Jones").
_TITLE_STOP = _STOP - _MONTHS

# Words that make a capitalised run a named place. Strong ones name a place on their own ("the
# Harbour clinic"); weak ones only when capitalised ("Bliss Massage", "Calm Wellness").
_STRONG_PLACE_NOUNS = _words(
    """
    clinic spa salon studio centre center hospital practice infirmary surgery retreat sanctuary
    parlour parlor institute
    """
)
_LOWERCASE_PLACE_NOUNS = _words("clinic spa salon studio centre center hospital")
_WEAK_PLACE_NOUNS = _words(
    """
    massage massages wellness therapy therapies physio physiotherapy osteopathy chiropractic
    bodywork
    """
)
_PLACE_NOUNS = _STRONG_PLACE_NOUNS | _WEAK_PLACE_NOUNS

# Capitalised words that may sit inside a place's name but do not identify it alone: "the
# Medical Centre", "Swedish Massage", "Day Spa" are kinds of thing, not names.
_GENERIC = _words(
    """
    st saint medical health local private public general community day main big small new old
    city town village sports sport beauty hair nail nails tanning fitness yoga pilates dental
    pain rehab rehabilitation urgent emergency care family children's women's men's walk-in
    great good nice lovely amazing best nearby cheap expensive fancy luxury holistic natural
    complementary alternative integrative manual clinical remedial therapeutic relaxation
    swedish thai shiatsu deep tissue hot stone stones aromatherapy balinese hawaiian lomi
    reflexology lymphatic drainage prenatal pregnancy postnatal trigger point myofascial
    neuromuscular japanese chinese korean indian russian finnish turkish moroccan english
    british french german italian spanish american australian irish scottish welsh european
    asian bowen reiki rolfing craniosacral cranial sacral cupping acupressure acupuncture tui na
    hopi kahuna watsu ayurvedic abhyanga bamboo couples chair seated physical occupational
    head neck back shoulder shoulders foot feet hand hands face facial scalp body full leg legs
    hip hips knee jaw lower upper spine spinal sciatic
    """
)

# Titles written before a person's name, matched exactly as written.
_TITLES = _words("Dr Mr Mrs Ms Mx Miss Prof Professor Doctor Nurse Sister")
# Words for a practitioner, in any case, that often come right before their first name.
_ROLES = _words(
    """
    therapist therapists masseuse masseur physio physiotherapist osteopath osteo chiropractor
    chiro practitioner nurse doctor gp dentist consultant surgeon specialist acupuncturist
    reflexologist trainer instructor receptionist
    """
)
_NAME_PARTICLES = _words("van von de der den del della da di du le la bin al ter")

# Street types. The long forms in any case for the most common ones; the rest only capitalised,
# so that "2 Hour drive" or "Very close" stay ordinary words.
_STREET_ANY_CASE = "Street|Road|Avenue|Boulevard|Lane"
_STREET_CAPITALISED = (
    "Drive|Way|Place|Court|Terrace|Crescent|Close|Square|Parade|Highway|Parkway|Row|Mews|Grove"
    "|Gardens|Hill|Walk|Circle|Trail|Gate|St|Rd|Ave|Av|Ln|Dr|Blvd|Pl|Ct|Tce|Terr|Cres|Cl|Sq|Pde"
    "|Hwy|Pkwy|Cir"
)
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ"
    "|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)


# ---------------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------------

# The local part may not continue a longer run of its own characters: without this look-behind
# "a" * 20000 + "@" would be retried from every one of its 20,000 starting points.
_EMAIL_RE = re.compile(r"(?<![\w.%+-])[\w.%+-]+@(?:[^\W_][\w-]*\.)+[^\W\d_]{2,}(?![\w-])")

_AT = r"(?:[ \t]*[\[({<][ \t]*at[ \t]*[\])}>][ \t]*|[ \t]+at[ \t]+|@)"
_DOT = r"(?:[ \t]*[\[({<][ \t]*dot[ \t]*[\])}>][ \t]*|[ \t]+dot[ \t]+|\.)"
# "anna at serenityspa dot com", "anna [at] gmail [dot] co [dot] uk", "anna(at)gmail.com".
_SPELLED_EMAIL_RE = re.compile(
    rf"(?i)(?<![\w.%+-])[\w.%+-]+(?P<at>{_AT})[^\W_][\w-]*(?:{_DOT}[^\W_][\w-]*)*"
    rf"(?P<lastdot>{_DOT})(?P<tld>[^\W\d_]{{2,}})(?![\w-])"
)

_URL_RE = re.compile(r"(?i)(?<![\w@.-])(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+")
_BARE_DOMAIN_RE = re.compile(
    r"(?<![\w.@/:%+-])(?:[^\W_][\w-]*\.)+(?P<tld>[A-Za-z]{2,})(?![\w@-])(?:/[^\s<>\"'`]*)?"
)

_HANDLE_BODY = r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"
# Not after a word character (that is an email) nor after "]" (a scrubbed email's placeholder).
_HANDLE_RE = re.compile(rf"(?<![\w@.+\]-])@{_HANDLE_BODY}(?![\w@])")
_LABELLED_HANDLE_RE = re.compile(
    r"(?i)\b(?:instagram|insta|ig|twitter|tiktok|facebook|fb|snapchat|snap|threads|youtube"
    r"|telegram|linkedin|mastodon|bluesky)[ \t]*(?:handle|account|name|username|user)?[ \t]*"
    rf"[:=][ \t]*(?P<handle>@?{_HANDLE_BODY})(?![\w@])"
)
_TIME_LIKE_RE = re.compile(r"(?i)@?\d{1,2}(?:[:.]?\d{2})?(?:am|pm|h|hrs?)?")

# A run of up to 25 digits joined by single separators; validated in Python (see _phone_ok).
# Each repetition consumes one digit, the bound keeps each attempt short (a run is retried from
# its second group), and the look-behind stops a retry inside a run of digits (and right after a
# placeholder's "]", so that scrubbing twice changes nothing).
_PHONE_CANDIDATE_RE = re.compile(
    r"(?<![\w+.,/:()\]\-])(?:\+[ ]?)?\(?\d(?:(?:\)[ .-]?|[ .-]\(?|\()?\d){0,24}(?!\w)"
)
# The cue may not reach across a "]", so "[phone number removed]" cues nothing.
_PHONE_CUE_RE = re.compile(
    r"(?i)\b(?:call(?:ed|ing)?|phone[ds]?|ph|tel|telephone|text(?:ed)?|txt|mobile|mob|cell"
    r"|cellphone|ring|rang|whats ?app|number|contact|sms|fax)\b[^\n\d\]]{0,20}$"
)
_UNIT_AFTER_RE = re.compile(
    r"(?i)[ \t]?(?:mg|mcg|µg|g|kg|ml|l|iu|units?|mm|cm|m|km|miles?|steps|kcal|cal|calories"
    r"|times|x|%|bpm|lbs?|pounds|hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?"
    r"|months?|years?|reps?|sets?)\b"
)
# Shapes of dates ("12-03-2025", "2025.03.12") that a cue word must not turn into a phone.
_DATE_SHAPES = frozenset({(2, 2, 4), (1, 2, 4), (2, 1, 4), (1, 1, 4), (4, 2, 2), (2, 2, 2)})

_STREET_ADDRESS_RE = re.compile(
    r"(?<![\w/.,:£$€-])\d{1,5}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?,?[ \t]+"
    rf"(?P<words>(?:[^\W\d_][\w{_APOS}.-]*[ \t]+){{1,4}}?)"
    rf"(?:(?i:{_STREET_ANY_CASE})|(?:{_STREET_CAPITALISED})\.?)(?!\w)"
    r"(?:[ \t]+(?:NE|NW|SE|SW|N|S|E|W)(?![\w']))?"
)
_UK_POSTCODE_RE = re.compile(r"(?<![\w-])[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}(?![\w-])")
_US_ZIP_RE = re.compile(rf"(?<![\w-])(?:{_US_STATES}),?[ \t]+\d{{5}}(?:-\d{{4}})?(?![\w-])")
# Between two address parts: a city or two ("12 Baker Street, London NW1 6XE").
_ADDRESS_GAP_RE = re.compile(rf",?[ \t]*(?:[^\W\d_][\w{_APOS}-]*,?[ \t]+){{0,3}}")

_TOKEN_RE = re.compile(rf"[^\W_]+(?:[-{_APOS}][^\W_]+)*")
_POSSESSIVE_RE = re.compile(rf"[{_APOS}]s$")

_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# ---------------------------------------------------------------------------------------------
# Detectors: each yields (kind, start, end)
# ---------------------------------------------------------------------------------------------


def _emails(text):
    for m in _EMAIL_RE.finditer(text):
        yield "email", m.start(), m.end()
    for m in _SPELLED_EMAIL_RE.finditer(text):
        at = m.group("at")
        spelled_dot = re.search(r"(?i)\bdot\b", m.group()[m.end("at") - m.start() :])
        bracketed_at = at.strip() not in ("@", "at", "AT", "At")
        # "find us at serenityspa.com" is a web address, not an email: a plain " at " needs a
        # spelled-out "dot" as well.
        if (bracketed_at or spelled_dot) and m.group("tld").lower() in _TLDS:
            yield "email", m.start(), m.end()


def _trim_url(text, start, end):
    """Drop trailing punctuation that ends the sentence rather than the address."""
    while end > start and text[end - 1] in ".,;:!?'\")]}":
        if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break
        end -= 1
    return end


def _urls(text):
    for m in _URL_RE.finditer(text):
        end = _trim_url(text, m.start(), m.end())
        if re.search(r"[^\W_]\.[^\W_]", text[m.start() : end]):
            yield "url", m.start(), end
    for m in _BARE_DOMAIN_RE.finditer(text):
        tld = m.group("tld")
        # "sore.Then" is a missing space, so the top-level domain must be in one case.
        if tld.lower() in _TLDS and (tld.islower() or tld.isupper()):
            yield "url", m.start(), _trim_url(text, m.start(), m.end())


def _is_handle(handle):
    body = handle.lstrip("@")
    return any(c.isalpha() for c in body) and not _TIME_LIKE_RE.fullmatch(body)


def _handles(text):
    for m in _HANDLE_RE.finditer(text):
        if _is_handle(m.group()):
            yield "handle", m.start(), m.end()
    for m in _LABELLED_HANDLE_RE.finditer(text):
        if _is_handle(m.group("handle")):
            yield "handle", m.start("handle"), m.end("handle")


def _phone_ok(text, start, end, groups, seps, *, cue):
    """Whether digit groups read as a phone number rather than a date, range or dose.

    Accepted: international numbers (+ and 8-15 digits); national numbers starting with 0 and
    10-11 digits ("07700 900123", "0412 345 678", "020 7946 0958"); North American shapes
    3-3-4 and 1-3-3-4, and 3-4 joined by "-" ("555-0134") unless a unit follows ("100-2000
    mg"); any other 7-15 digits in groups of two or more right after a cue word such as "call"
    or "phone", unless they are shaped like a date.
    """
    digits = "".join(groups)
    sizes = tuple(len(g) for g in groups)
    if not 7 <= len(digits) <= 15:
        return False
    if text[start] == "+":
        return len(digits) >= 8
    if digits[0] == "0" and sizes[0] >= 2 and 10 <= len(digits) <= 11 and min(sizes) >= 2:
        return True
    if sizes == (3, 3, 4) or (sizes == (1, 3, 3, 4) and digits[0] == "1"):
        return True
    if not cue and _UNIT_AFTER_RE.match(text, end):
        return False
    if sizes == (3, 4) and seps[0] == "-":
        return True
    return bool(cue) and min(sizes) >= 2 and sizes not in _DATE_SHAPES


def _phones(text):
    pos = 0
    while match := _PHONE_CANDIDATE_RE.search(text, pos):
        found = _phone_in(text, match)
        # Nothing at the head of the run: look again from its second group ("room 12
        # 555-0134"); the look-behind lets a new run start only after a space.
        pos = match.start() + re.match(r"\D*\d+", match.group()).end()
        if found:
            # Look again right after the phone, which may be only the head of the run:
            # "555-0134 555-0134" holds two.
            pos = found[1]
            yield "phone", *found


def _phone_in(text, match):
    """The longest phone number at the start of a run of digits, as (start, end), or None."""
    start = match.start()
    parts = list(re.finditer(r"\d+", match.group()))
    sizes = [len(p.group()) for p in parts]
    plus = text[start] == "+"
    # Cheap refusals first, as a long list of small numbers is retried at each of its groups:
    # without a "+", a run that starts with a single digit must go on 1-3-3-4, and one that
    # does not start with 0 needs a North American shape (3 or 1 digits first) or a cue word.
    if not plus and sizes[0] == 1 and sizes[1:2] != [3]:
        return None
    cue = bool(_PHONE_CUE_RE.search(text, max(0, start - 40), start))
    if not (plus or cue or parts[0].group()[0] == "0" or sizes[0] in (1, 3)):
        return None
    # Try the whole run first, then drop trailing groups ("call 555-0134 2 times"); only runs of
    # at most 15 digits are worth trying.
    total, last = 0, 0
    for last, size in enumerate(sizes):
        total += size
        if total > 15:
            last -= 1
            break
    # A known shape first, so that "call 555-0134 07700 900123" gives two phones; only then
    # whatever digits follow a cue word.
    for use_cue in (False, True) if cue else (False,):
        for count in range(last + 1, 0, -1):
            chosen = parts[:count]
            end = start + chosen[-1].end()
            groups = [p.group() for p in chosen]
            seps = [match.group()[a.end() : b.start()] for a, b in pairwise(chosen)]
            if _phone_ok(text, start, end, groups, seps, cue=use_cue):
                if text[start] == "(" and ")" not in text[start:end]:
                    start += 1
                return start, end
    return None


def _addresses(text):
    for m in _STREET_ADDRESS_RE.finditer(text):
        words = m.group("words").split()
        if all(w[0].isupper() or w in _NAME_PARTICLES or w == "of" for w in words) and not any(
            w.lower() in _STOP for w in words
        ):
            yield "address", m.start(), m.end()
    for regex in (_UK_POSTCODE_RE, _US_ZIP_RE):
        for m in regex.finditer(text):
            yield "address", m.start(), m.end()


# ---------------------------------------------------------------------------------------------
# Names and places: walk the word tokens
# ---------------------------------------------------------------------------------------------


def _base(word):
    return _POSSESSIVE_RE.sub("", word)


def _is_capitalised(word):
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
        if word.lower() in _NAME_PARTICLES and k + 1 < len(tokens):
            nxt = tokens[k + 1][2]
            joined = text[end : tokens[k + 1][0]] == " "
            if joined and (_is_capitalised(nxt) or nxt.lower() in _NAME_PARTICLES):
                words.append((start, end, word))
                k += 1
                continue
            break
        if not (initial or (_is_capitalised(word) and len(word) > 1)):
            break
        if base.lower() in stop or base.lower() in _PLACE_NOUNS or word in _TITLES or word == "St":
            break
        if any(c.isdigit() for c in word):
            break
        words.append((start, end, word))
        if word != base:  # "Smith's clinic": the name ends here
            break
        k += 1
    while words and words[-1][2].lower() in _NAME_PARTICLES:
        words.pop()
    if not words:
        return None
    first, last = words[0], words[-1]
    end = last[1] - (len(last[2]) - len(_base(last[2])))
    return first[0], end


def _names(text, tokens):
    for i, (_start, end, word) in enumerate(tokens):
        if i + 1 >= len(tokens):
            break
        gap = text[end : tokens[i + 1][0]]
        lower = word.lower()
        if word in _TITLES:
            if lower in ("doctor", "professor", "nurse", "sister", "miss") and gap != " ":
                continue
            if re.fullmatch(r"\.?[ \t]{1,2}|\.", gap):
                span = _read_name(text, tokens, i + 1, _TITLE_STOP)
                if span:
                    yield "name", *span
                    continue
        if lower in _ROLES or lower in ("name", "name's"):
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
            span = _read_name(text, tokens, j, _STOP)
            if span:
                yield "name", *span


def _distinctive(word):
    base = _base(word).lower()
    return (
        _is_capitalised(word)
        and not any(c.isdigit() for c in word)
        and base not in _GENERIC
        and base not in _PLACE_NOUNS
        and base not in _STOP
        and word not in _TITLES
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
            if joined and _is_capitalised(word):
                run.append(i)
                continue
            if joined and word in _LOWERCASE_PLACE_NOUNS:
                run.append(i)
                yield run
                run = []
                continue
            yield run
            run = []
        if _is_capitalised(word):
            run = [i]
    if run:
        yield run


def _after_lowercase_word(text, tokens, i):
    if i == 0:
        return False
    _start, end, word = tokens[i - 1]
    return word.islower() and text[end : tokens[i][0]] == " "


def _places(text, tokens):
    for run in _runs(text, tokens):
        seg = 0
        k = 0
        while k < len(run):
            word = tokens[run[k]][2]
            base = _base(word).lower()
            if base in _STOP or word in _TITLES:
                seg = k + 1
                k += 1
                continue
            if base not in _PLACE_NOUNS:
                k += 1
                continue
            before = run[seg:k]
            named = [t for t in before if _distinctive(tokens[t][2])]
            if named and word.islower():
                # "Yoga studio" at the start of a sentence is a kind of studio, not a name.
                only = before[0]
                if len(before) == 1 and _sentence_initial(text, tokens[only][0]):
                    named = []
            if (
                not named
                and word[0].isupper()
                and base in _STRONG_PLACE_NOUNS
                and k - seg >= 2
                and any(_base(tokens[t][2]).lower() not in _PLACE_NOUNS for t in before)
            ):
                # Three capitalised words or more make a business name even when each one is a
                # kind of thing: "Thai Massage Studio", "Sports Injury Clinic".
                named = before
            if named and seg > 0 and tokens[run[seg - 1]][2] in _TITLES:
                # "Dr Smith's clinic": the person's name is the detail; leave it to _names.
                named = []
            if named:
                end = k
                while end + 1 < len(run) and _base(tokens[run[end + 1]][2]).lower() in (
                    _PLACE_NOUNS
                ):
                    end += 1
                yield "place", tokens[run[seg]][0], tokens[run[end]][1]
                seg = k = end + 1
                continue
            if (
                seg == k
                and base in _STRONG_PLACE_NOUNS
                and _is_capitalised(word)
                and _after_lowercase_word(text, tokens, run[k])
            ):
                # A noun first, after an ordinary word: "at Studio Bliss", "the Salon Nadia".
                end = k
                while end + 1 < len(run) and _distinctive(tokens[run[end + 1]][2]):
                    end += 1
                if end > k:
                    yield "place", tokens[run[k]][0], tokens[run[end]][1]
                    seg = k = end + 1
                    continue
            k += 1


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


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
            words = re.findall(rf"[^\W\d_][\w{_APOS}-]*", gap)
            if _ADDRESS_GAP_RE.fullmatch(gap) and all(_is_capitalised(w) for w in words):
                merged[-1] = ("address", merged[-1][1], end)
                continue
        merged.append((kind, start, end))
    return merged


def find_personal_details(text: str) -> list[Finding]:
    """Personal details in ``text``: sorted by start, never overlapping (overlaps are merged)."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
    candidates = [
        *_emails(text),
        *_urls(text),
        *_handles(text),
        *_phones(text),
        *_addresses(text),
        *_names(text, tokens),
        *_places(text, tokens),
    ]
    spans = _merge_addresses(text, _resolve(candidates))
    return [Finding(kind, start, end, text[start:end]) for kind, start, end in spans]


def scrub(text: str) -> str:
    """``text`` with each personal detail replaced by a bracketed placeholder."""
    parts = []
    pos = 0
    for finding in find_personal_details(text):
        parts.append(text[pos : finding.start])
        parts.append(PLACEHOLDERS[finding.kind])
        pos = finding.end
    parts.append(text[pos:])
    return "".join(parts)


def _escape(text):
    return html.escape(text, quote=True).replace("\n", "<br />")


def highlight_html(text: str) -> str:
    """``text`` escaped for HTML, with each personal detail wrapped in ``<mark>``.

    Safe by construction: every character of the story goes through ``html.escape``; the only
    markup added is ``<mark>`` (with a kind from the fixed list) and ``<br />`` for line breaks,
    written so that the result is also well-formed XML. Characters that XML forbids (control
    characters, lone surrogates) become U+FFFD.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _XML_ILLEGAL_RE.sub("\ufffd", text)
    parts = []
    pos = 0
    for f in find_personal_details(text):
        parts.append(_escape(text[pos : f.start]))
        parts.append(
            f'<mark class="pii pii-{f.kind}" title="Possible {f.kind}">{_escape(f.text)}</mark>'
        )
        pos = f.end
    parts.append(_escape(text[pos:]))
    return "".join(parts)
