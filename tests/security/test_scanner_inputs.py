"""Text made to make the personal-details scanner slow takes it a number of steps in proportion
to its length (issue 13, item 2).

Seconds are for ``make bench`` (bench/bench_pii.py); here the work is counted, so that a busy
machine can't fail these tests and a fast one can't hide a quadratic walk:

- the scanner's own Python: every line of community/pii it executes (``sys.settrace``);
- its regular expressions: CPython's engine keeps no count, so each pattern runs on a model of
  it (``RegexSteps``), a backtracking matcher that tries alternatives, repetitions and
  positions in the engine's order and counts one step for each character it compares, each
  position it tries and each assertion it checks. The model only counts: every single-character
  test and every assertion is answered by the real engine. Patterns whose matches are at most a
  few dozen characters long can't be slower than linear, and are left out.

Both counts stop at the bound, so text that would take minutes fails in a fraction of a second.
"""

import re
import sys
from functools import cache
from pathlib import Path
from re import _constants as C
from re import _parser

from bench.bench_pii import ADVERSARIAL
from community.pii import find_personal_details, patterns

# The inputs of the issue, which the bench times: a valid 10,000-character story of place nouns
# took 4.5 s in names.places (each noun looked again at every word before it), and a platform's
# name, spaces and a letter 0.75 s in the labelled-handle pattern (two runs of spaces sharing
# them).
SPA_WORDS = ADVERSARIAL["place nouns in a row"]
IG_THEN_SPACES = ADVERSARIAL["a platform's name then spaces"]

# Steps a character, with room. The scanner's Python takes about 9 per character of these
# inputs (28 of a list of numbers); a pattern up to 76, as a list of words ("mg|mcg|…", the US
# states) is tried word by word at each position. The quadratic walks took thousands.
PYTHON_STEPS_PER_CHAR = 60
REGEX_STEPS_PER_CHAR = 100


class TooManySteps(Exception):
    pass


SCANNER = str(Path(patterns.__file__).parent)


def python_steps(function, text, limit):
    """The number of lines of the scanner's own Python (community/pii) that ``function(text)``
    executes, stopping past ``limit``. The phonenumbers library is not counted: it is asked
    about one run of at most 25 digits at a time."""
    steps = 0

    def line(frame, event, arg):
        nonlocal steps
        if event == "line":
            steps += 1
            if steps > limit:
                raise TooManySteps(f"more than {limit} Python steps")
        return line

    def call(frame, event, arg):
        return line if frame.f_code.co_filename.startswith(SCANNER) else None

    sys.settrace(call)
    try:
        function(text)
    finally:
        sys.settrace(None)
    return steps


SINGLE = {C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN}
CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_WORD: r"\W",
}
ASSERTIONS = {
    C.AT_BEGINNING: "^",
    C.AT_BEGINNING_STRING: r"\A",
    C.AT_END: "$",
    C.AT_END_STRING: r"\Z",
    C.AT_BOUNDARY: r"\b",
    C.AT_NON_BOUNDARY: r"\B",
}


def _char(code):
    return f"\\U{code:08x}"


def _source(op, av):
    """A single-character item of a parsed pattern written back as a pattern."""
    if op == C.LITERAL:
        return _char(av)
    if op == C.NOT_LITERAL:
        return f"[^{_char(av)}]"
    if op == C.ANY:
        return "."
    parts = []
    for kind, value in av:
        if kind == C.NEGATE:
            parts.append("^")
        elif kind == C.LITERAL:
            parts.append(_char(value))
        elif kind == C.RANGE:
            parts.append(f"{_char(value[0])}-{_char(value[1])}")
        elif kind == C.CATEGORY:
            parts.append(CATEGORIES[value])
        else:
            raise NotImplementedError(kind)
    return f"[{''.join(parts)}]"


@cache
def _engine(source, flags):
    return re.compile(source, flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL))


class RegexSteps:
    """The steps of ``pattern.finditer(text)`` on a model of the backtracking engine."""

    def __init__(self, pattern, limit):
        self.tree = _parser.parse(pattern.pattern, pattern.flags)
        self.flags = self.tree.state.flags
        self.limit = limit
        self.steps = 0
        self.answers = {}

    def tick(self):
        self.steps += 1
        if self.steps > self.limit:
            raise TooManySteps(f"more than {self.limit} regex steps")

    def finditer(self, text):
        self.text = text
        pos = 0
        while pos <= len(text):
            self.tick()
            ends = []
            if self.seq(self.tree.data, 0, pos, self.flags, lambda p: ends.append(p) or True):
                pos = ends[0] if ends[0] > pos else pos + 1
            else:
                pos += 1
        return self.steps

    def one(self, op, av, pos, flags):
        self.tick()
        if pos >= len(self.text):
            return False
        key = (op, id(av), flags, self.text[pos])  # the tree, and so each av, lives as long
        if key not in self.answers:
            self.answers[key] = _engine(_source(op, av), flags).match(self.text[pos]) is not None
        return self.answers[key]

    def seq(self, items, i, pos, flags, k):
        """Whether items[i:] match at ``pos`` and the continuation ``k`` accepts the end."""
        if i == len(items):
            return k(pos)
        op, av = items[i]

        def rest(p):
            return self.seq(items, i + 1, p, flags, k)

        if op in SINGLE:
            return self.one(op, av, pos, flags) and rest(pos + 1)
        if op == C.AT:
            self.tick()
            return _engine(ASSERTIONS[av], flags).match(self.text, pos) is not None and rest(pos)
        if op == C.BRANCH:
            for alt in av[1]:
                # As the engine does, an alternative's first letter is compared before the rest.
                first = alt.data[0] if alt.data else (None, None)
                if first[0] == C.LITERAL and not self.one(*first, pos, flags):
                    continue
                if self.seq(alt.data, 0, pos, flags, rest):
                    return True
            return False
        if op == C.SUBPATTERN:
            _group, add, remove, sub = av
            return self.seq(sub.data, 0, pos, (flags | add) & ~remove, rest)
        if op == C.ATOMIC_GROUP:
            end = self.first_end(av.data, pos, flags)
            return end is not None and rest(end)
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            start = pos
            if direction < 0:  # a look-behind has a fixed width
                start = pos - sub.getwidth()[0]
            ok = start >= 0 and self.seq(sub.data, 0, start, flags, lambda p: p == pos)
            return (ok if op == C.ASSERT else not ok) and rest(pos)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            return self.repeat(op, av, pos, flags, rest)
        raise NotImplementedError(op)

    def first_end(self, items, pos, flags):
        ends = []
        self.seq(items, 0, pos, flags, lambda p: ends.append(p) or True)
        return ends[0] if ends else None

    def repeat(self, op, av, pos, flags, rest):
        low, high, sub = av
        items = sub.data
        if len(items) == 1 and items[0][0] in SINGLE:
            # One character repeated: the engine counts the run, then gives it back one by one.
            item = items[0]
            if op == C.MIN_REPEAT:
                count = 0
                while True:
                    if count >= low and rest(pos + count):
                        return True
                    if count >= high or not self.one(*item, pos + count, flags):
                        return False
                    count += 1
            run = 0
            while run < high and self.one(*item, pos + run, flags):
                run += 1
            if run < low:
                return False
            if op == C.POSSESSIVE_REPEAT:
                return rest(pos + run)
            for count in range(run, low - 1, -1):
                self.tick()
                if rest(pos + count):
                    return True
            return False
        if op == C.POSSESSIVE_REPEAT:
            end = self.first_end([(C.MAX_REPEAT, av)], pos, flags)
            return end is not None and rest(end)

        def more(count, p):
            def again(q):
                return q != p and more(count + 1, q)

            if op == C.MIN_REPEAT:
                if count >= low and rest(p):
                    return True
                return count < high and self.seq(items, 0, p, flags, again)
            if count < high and self.seq(items, 0, p, flags, again):
                return True
            return count >= low and rest(p)

        return more(0, pos)


def scanner_patterns():
    return {name: value for name, value in vars(patterns).items() if isinstance(value, re.Pattern)}


def unbounded(pattern):
    """Whether a match may be as long as the text. A pattern whose matches are at most a few
    dozen characters long takes at most so many steps at each position: it can't be slower than
    linear, and the model leaves it out."""
    return _parser.parse(pattern.pattern, pattern.flags).getwidth()[1] >= C.MAXREPEAT


def regex_steps(text, limit):
    """The most steps any of the scanner's patterns of unbounded length takes over ``text``."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 20 * len(text) + 1000))  # a repeated group nests its calls
    try:
        return max(
            RegexSteps(pattern, limit).finditer(text)
            for pattern in scanner_patterns().values()
            if unbounded(pattern)
        )
    finally:
        sys.setrecursionlimit(old)


# Text on which each pattern finds something, to hold the model to the engine's answers.
SAMPLE = (
    "mail anna@example.com or anna at gmail dot com, call +44 20 7946 0958, IG: @anna.spa, "
    "see www.spa.com, 12 Baker Street, London NW1 6XE, CA 94103. Mary's 2pm"
)


def assert_the_model_matches_the_engine():
    """Where the engine finds a match, the model finds the same one: it follows the engine's
    order of trying, so that its count of steps is the engine's work, not another's."""
    for name, pattern in scanner_patterns().items():
        model = RegexSteps(pattern, 10**6)
        model.text = SAMPLE
        for match in pattern.finditer(SAMPLE):
            assert model.first_end(model.tree.data, match.start(), model.flags) == match.end(), name


def assert_linear(text):
    assert len(text) == 10_000  # the longest a story may be
    assert_the_model_matches_the_engine()
    assert python_steps(find_personal_details, text, PYTHON_STEPS_PER_CHAR * len(text)) > 0
    assert regex_steps(text, REGEX_STEPS_PER_CHAR * len(text)) > 0


def test_a_story_of_2500_spa_words_takes_steps_in_proportion_to_its_length():
    assert_linear(SPA_WORDS)


def test_ig_then_ten_thousand_spaces_takes_steps_in_proportion_to_its_length():
    # The model sees what made it slow: two greedy runs of spaces around an optional word try
    # every way of sharing the spaces (n² / 2 steps); taken possessively, once.
    short = "ig" + " " * 200 + "x"
    shared = RegexSteps(re.compile(r"ig[ \t]*(?:user)?[ \t]*[:=]"), 10**6).finditer(short)
    possessive = RegexSteps(re.compile(r"ig[ \t]*+(?:user)?[ \t]*+[:=]"), 10**6).finditer(short)
    assert shared > 200 * 200 / 2
    assert possessive < 5 * len(short)

    assert_linear(IG_THEN_SPACES)
