"""The detectors of contact details found by their shape: emails, web addresses, handles,
phone numbers and street addresses. Each takes the text and yields ``(kind, start, end)``.

A pattern (``patterns.py``) finds the candidate; the detector judges it, so that a date, a dose
or a missing space after a full stop stays ordinary text.
"""

import re
from functools import cache, lru_cache
from itertools import pairwise

from phonenumbers import (
    Leniency,
    NumberParseException,
    PhoneMetadata,
    PhoneNumberMatcher,
    is_valid_number,
    parse,
)

from .patterns import (
    BARE_DOMAIN_RE,
    DATE_SHAPES,
    EMAIL_RE,
    HANDLE_RE,
    LABELLED_HANDLE_RE,
    PHONE_CANDIDATE_RE,
    PHONE_CUE_RE,
    PHONE_RUN_GOES_ON_RE,
    SPELLED_EMAIL_RE,
    STREET_ADDRESS_RE,
    TIME_LIKE_RE,
    UK_POSTCODE_RE,
    UNIT_AFTER_RE,
    URL_RE,
    US_ZIP_RE,
)
from .words import NAME_PARTICLES, PHONE_REGIONS, STOP, TLDS


def emails(text):
    for m in EMAIL_RE.finditer(text):
        yield "email", m.start(), m.end()
    for m in SPELLED_EMAIL_RE.finditer(text):
        at = m.group("at")
        spelled_dot = re.search(r"(?i)\bdot\b", m.group()[m.end("at") - m.start() :])
        bracketed_at = at.strip() not in ("@", "at", "AT", "At")
        # "find us at serenityspa.com" is a web address, not an email: a plain " at " needs a
        # spelled-out "dot" as well.
        if (bracketed_at or spelled_dot) and m.group("tld").lower() in TLDS:
            yield "email", m.start(), m.end()


def _trim_url(text, start, end):
    """Drop trailing punctuation that ends the sentence rather than the address."""
    while end > start and text[end - 1] in ".,;:!?'\")]}":
        if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break
        end -= 1
    return end


def urls(text):
    for m in URL_RE.finditer(text):
        end = _trim_url(text, m.start(), m.end())
        if re.search(r"[^\W_]\.[^\W_]", text[m.start() : end]):
            yield "url", m.start(), end
    for m in BARE_DOMAIN_RE.finditer(text):
        tld = m.group("tld")
        # "sore.Then" is a missing space, so the top-level domain must be in one case.
        if tld.lower() in TLDS and (tld.islower() or tld.isupper()):
            yield "url", m.start(), _trim_url(text, m.start(), m.end())


def _is_handle(handle):
    body = handle.lstrip("@")
    return any(c.isalpha() for c in body) and not TIME_LIKE_RE.fullmatch(body)


def handles(text):
    for m in HANDLE_RE.finditer(text):
        if _is_handle(m.group()):
            yield "handle", m.start(), m.end()
    for m in LABELLED_HANDLE_RE.finditer(text):
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
    if not cue and UNIT_AFTER_RE.match(text, end):
        return False
    if sizes == (3, 4) and seps[0] == "-":
        return True
    return bool(cue) and min(sizes) >= 2 and sizes not in DATE_SHAPES


def phones(text):
    pos = 0
    while match := PHONE_CANDIDATE_RE.search(text, pos):
        # The longer of the two: the shapes may take "011 44 20 7946" for a whole number.
        found = max(
            filter(None, (_phone_in(text, match), _listed_phone_in(text, match))),
            key=lambda span: span[1],
            default=None,
        )
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
    cue = bool(PHONE_CUE_RE.search(text, max(0, start - 40), start))
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


def _listed_phone_in(text, match):
    """The longest number at the start of a run of digits that the phonenumbers library holds
    valid in one of ``PHONE_REGIONS``, as (start, end), or None.

    The shapes above know a few countries; the library knows how every country writes its
    numbers ("030/1234567", "8 (495) 123-45-67", "(11) 91234-5678", "612 34 56 78"). It is asked
    only about a whole run (a window into a longer run is asked again from its later groups,
    and only its tail reaches the run's end), and never about a date or a dose, so that a list
    of numbers costs a bounded number of questions for each of its runs.
    """
    start, end = match.span()
    candidate = match.group()
    if candidate[0] == "+" or PHONE_RUN_GOES_ON_RE.match(text, end):
        return None
    sizes = tuple(len(g) for g in re.findall(r"\d+", candidate))
    if not 7 <= sum(sizes) <= 17 or sizes in DATE_SHAPES or UNIT_AFTER_RE.match(text, end):
        return None
    length = _valid_prefix(candidate)
    return (start, start + length) if length else None


@lru_cache(maxsize=1024)
def _valid_prefix(candidate):
    """How many characters at the start of ``candidate`` are a valid number, or 0.

    Each region's general pattern refuses most runs at once; a parse then refuses most of the
    rest; only a number valid in a region is checked the library's strict way (its digits
    grouped as that country groups them, so that "20 30 40 50 60" is not an Indian landline).
    """
    digits = "".join(re.findall(r"\d", candidate))
    longest = 0
    for region in PHONE_REGIONS:
        if not _may_be_valid_in(digits, region):
            continue
        try:
            valid = is_valid_number(parse(candidate, region))
        except NumberParseException:
            continue
        if valid:
            for number in PhoneNumberMatcher(candidate, region, Leniency.STRICT_GROUPING):
                if number.start == 0:
                    longest = max(longest, number.end)
    return longest


@cache
def _region_patterns(region):
    """A region's international prefix, national prefix and numbers, from the library's data."""
    data = PhoneMetadata.metadata_for_region(region)
    national = data.national_prefix_for_parsing or r"(?!)"
    return (
        re.compile(data.international_prefix),
        re.compile(national),
        re.compile(data.general_desc.national_number_pattern),
    )


def _may_be_valid_in(digits, region):
    """False when ``digits`` can't be a number of ``region`` as written there: neither an
    international call ("0049 …"), nor one of its numbers with or without the national prefix
    ("030 …" or "30 …"). Cheaper than a parse; never false for a number the parse accepts."""
    international, national, numbers = _region_patterns(region)
    if international.match(digits) or numbers.fullmatch(digits):
        return True
    prefix = national.match(digits)
    if prefix is None:
        return False
    # The rest after the prefix, or a part the prefix's pattern keeps (Brazil's carrier codes).
    rests = [digits[prefix.end() :], *filter(None, prefix.groups())]
    return any(numbers.fullmatch(rest) for rest in rests)


def addresses(text):
    for m in STREET_ADDRESS_RE.finditer(text):
        words = m.group("words").split()
        if all(w[0].isupper() or w in NAME_PARTICLES or w == "of" for w in words) and not any(
            w.lower() in STOP for w in words
        ):
            yield "address", m.start(), m.end()
    for regex in (UK_POSTCODE_RE, US_ZIP_RE):
        for m in regex.finditer(text):
            yield "address", m.start(), m.end()
