"""Required literals of a regular expression: a cheap proof that a pattern cannot match.

Most rule patterns are alternations of words (``(北海道|青森|...)の人``). Python's ``re``
tries every alternative at every position, which costs tens of microseconds per post
and pattern, while most posts contain none of the words. From the parsed pattern we
derive a few strings such that every match contains at least one of them; when none
occurs in the text (``str.__contains__``, fast), the pattern is not run at all.

The derivation is conservative: any construct it does not understand (classes with
ranges, case-insensitive flags, optional parts...) contributes no requirement, and a
pattern without one is always run. It never changes what a pattern finds.
"""

from __future__ import annotations

import re

_MAX_CLASS = 10  # a character class becomes one-character alternatives up to this size
_MAX_ALTERNATIVES = 64  # beyond this, checking the strings would cost about as much as the pattern

Literals = tuple[str, ...]


def required_literals(parsed) -> Literals | None:
    """Strings one of which every match of a parsed pattern (``sre_parse.parse``)
    contains, or None when no useful set is known."""
    if parsed.state.flags & re.IGNORECASE:
        return None
    found = _sequence(parsed)
    if found is None or len(set(found)) > _MAX_ALTERNATIVES or not all(found):
        return None
    return tuple(sorted(set(found), key=lambda s: (len(s), s)))


_FEW = 4  # up to this many strings, substring tests; beyond, one scan of a literal alternation


_WARM = 64  # calls answered with substring tests before the alternation is worth compiling


class Screen:
    """Whether a text may hold a match: contains one of the required literals."""

    __slots__ = ("literals", "_scan", "_calls")

    def __init__(self, literals: Literals) -> None:
        self.literals = literals
        self._scan = None
        self._calls = 0

    def __call__(self, text: str) -> bool:
        literals = self.literals
        if self._scan is None:
            # Substring tests first: compiling the alternation costs about as much as a
            # few dozen posts' tests, which a single draft from an editor never repays.
            if len(literals) <= _FEW or self._calls < _WARM:
                self._calls += 1
                return any(s in text for s in literals)
            # re finds the first characters of an alternation of literals in C
            self._scan = re.compile("|".join(map(re.escape, literals))).search
        return self._scan(text) is not None


def _better(a: Literals | None, b: Literals | None) -> Literals | None:
    """The more selective of two requirements: longer shortest string, then fewer strings."""
    if a is None or b is None:
        return a if b is None else b
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _sequence(items) -> Literals | None:
    """Every item of a sequence must match, so any item's requirement is one for the
    sequence; consecutive literal characters form one contiguous string."""
    best = None
    run = ""
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            run += chr(av)
            continue
        if run:
            best = _better(best, (run,))
            run = ""
        best = _better(best, _item(name, av))
    if run:
        best = _better(best, (run,))
    return best


def _item(name: str, av) -> Literals | None:
    if name == "SUBPATTERN":
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _sequence(sub)
    if name == "ATOMIC_GROUP":
        return _sequence(av)
    if name == "BRANCH":  # one alternative matches: the union of their requirements
        alternatives = [_sequence(alt) for alt in av[1]]
        if any(a is None for a in alternatives):
            return None
        return tuple(s for a in alternatives for s in a)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _high, sub = av
        return _sequence(sub) if low >= 1 else None
    if name == "IN":  # a small class of plain characters: [せっ]
        if len(av) <= _MAX_CLASS and all(str(op) == "LITERAL" for op, _ in av):
            return tuple(chr(c) for _, c in av)
        return None
    return None  # anchors, lookarounds, ranges, categories, any character...
