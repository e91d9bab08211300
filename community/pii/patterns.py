"""The regular expressions of the personal-details scanner, compiled once.

Every pattern is written so that the regular-expression engine never backtracks more than
linearly: character classes on either side of a repetition do not overlap, repetitions are
bounded, and each match is anchored by a look-behind that stops the engine from retrying at
every character of a long run. Each finds a strong shape (``@`` and a domain, a phone number's
digit groups, a street number and type); the detectors then judge what it found.
"""

import re

from .words import APOS, STREET_ANY_CASE, STREET_CAPITALISED, US_STATES

# The local part may not continue a longer run of its own characters: without this look-behind
# "a" * 20000 + "@" would be retried from every one of its 20,000 starting points.
EMAIL_RE = re.compile(r"(?<![\w.%+-])[\w.%+-]+@(?:[^\W_][\w-]*\.)+[^\W\d_]{2,}(?![\w-])")

_AT = r"(?:[ \t]*[\[({<][ \t]*at[ \t]*[\])}>][ \t]*|[ \t]+at[ \t]+|@)"
_DOT = r"(?:[ \t]*[\[({<][ \t]*dot[ \t]*[\])}>][ \t]*|[ \t]+dot[ \t]+|\.)"
# "anna at serenityspa dot com", "anna [at] gmail [dot] co [dot] uk", "anna(at)gmail.com".
SPELLED_EMAIL_RE = re.compile(
    rf"(?i)(?<![\w.%+-])[\w.%+-]+(?P<at>{_AT})[^\W_][\w-]*(?:{_DOT}[^\W_][\w-]*)*"
    rf"(?P<lastdot>{_DOT})(?P<tld>[^\W\d_]{{2,}})(?![\w-])"
)

URL_RE = re.compile(r"(?i)(?<![\w@.-])(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+")
BARE_DOMAIN_RE = re.compile(
    r"(?<![\w.@/:%+-])(?:[^\W_][\w-]*\.)+(?P<tld>[A-Za-z]{2,})(?![\w@-])(?:/[^\s<>\"'`]*)?"
)

_HANDLE_BODY = r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"
# Not after a word character (that is an email) nor after "]" (a scrubbed email's placeholder).
HANDLE_RE = re.compile(rf"(?<![\w@.+\]-])@{_HANDLE_BODY}(?![\w@])")
# The spaces are taken possessively (``*+``): with two greedy runs of spaces around the optional
# word, "ig" and 10,000 spaces made the engine try every way of sharing the spaces between them.
LABELLED_HANDLE_RE = re.compile(
    r"(?i)\b(?:instagram|insta|ig|twitter|tiktok|facebook|fb|snapchat|snap|threads|youtube"
    r"|telegram|linkedin|mastodon|bluesky)[ \t]*+(?:handle|account|name|username|user)?[ \t]*+"
    rf"[:=][ \t]*+(?P<handle>@?{_HANDLE_BODY})(?![\w@])"
)
TIME_LIKE_RE = re.compile(r"(?i)@?\d{1,2}(?:[:.]?\d{2})?(?:am|pm|h|hrs?)?")

# A run of up to 25 digits joined by single separators ("-", ".", "/", a space, brackets);
# validated in Python (see _phone_ok and _listed_phone_in).
# Each repetition consumes one digit, the bound keeps each attempt short (a run is retried from
# its second group), and the look-behind stops a retry inside a run of digits (and right after a
# placeholder's "]", so that scrubbing twice changes nothing).
_PHONE_SEPARATOR = r"(?:\)[ ./-]?|[ ./-]\(?|\()"
PHONE_CANDIDATE_RE = re.compile(
    rf"(?<![\w+.,/:()\]\-])(?:\+[ ]?)?\(?\d(?:{_PHONE_SEPARATOR}?\d){{0,24}}(?!\w)"
)
# Right after a candidate: the run goes on, so the candidate was only a window into it.
PHONE_RUN_GOES_ON_RE = re.compile(rf"{_PHONE_SEPARATOR}?\d")
# The cue may not reach across a "]", so "[phone number removed]" cues nothing.
PHONE_CUE_RE = re.compile(
    r"(?i)\b(?:call(?:ed|ing)?|phone[ds]?|ph|tel|telephone|text(?:ed)?|txt|mobile|mob|cell"
    r"|cellphone|ring|rang|whats ?app|number|contact|sms|fax)\b[^\n\d\]]{0,20}$"
)
UNIT_AFTER_RE = re.compile(
    r"(?i)[ \t]?(?:mg|mcg|µg|g|kg|ml|l|iu|units?|mm|cm|m|km|miles?|steps|kcal|cal|calories"
    r"|times|x|%|bpm|lbs?|pounds|hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?"
    r"|months?|years?|reps?|sets?)\b"
)
# Shapes of dates ("12-03-2025", "2025.03.12") that a cue word must not turn into a phone.
DATE_SHAPES = frozenset({(2, 2, 4), (1, 2, 4), (2, 1, 4), (1, 1, 4), (4, 2, 2), (2, 2, 2)})

STREET_ADDRESS_RE = re.compile(
    r"(?<![\w/.,:£$€-])\d{1,5}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?,?[ \t]+"
    rf"(?P<words>(?:[^\W\d_][\w{APOS}.-]*[ \t]+){{1,4}}?)"
    rf"(?:(?i:{STREET_ANY_CASE})|(?:{STREET_CAPITALISED})\.?)(?!\w)"
    r"(?:[ \t]+(?:NE|NW|SE|SW|N|S|E|W)(?![\w']))?"
)
UK_POSTCODE_RE = re.compile(r"(?<![\w-])[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}(?![\w-])")
US_ZIP_RE = re.compile(rf"(?<![\w-])(?:{US_STATES}),?[ \t]+\d{{5}}(?:-\d{{4}})?(?![\w-])")
# Between two address parts: a city or two ("12 Baker Street, London NW1 6XE").
ADDRESS_GAP_RE = re.compile(rf",?[ \t]*(?:[^\W\d_][\w{APOS}-]*,?[ \t]+){{0,3}}")

TOKEN_RE = re.compile(rf"[^\W_]+(?:[-{APOS}][^\W_]+)*")
POSSESSIVE_RE = re.compile(rf"[{APOS}]s$")

XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
