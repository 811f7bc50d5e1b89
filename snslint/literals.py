"""Required literals of a regular expression: a cheap proof that a pattern cannot match.

Most rule patterns are alternations of words (``(北海道|青森|...)の人``). Python's ``re``
tries every alternative at every position, which costs tens of microseconds per post
and pattern, while most posts contain none of the words. From the parsed pattern we
derive clauses of strings such that every match contains one string of each clause
(``(北海道|青森)の人``: one of 北海道 and 青森, and の人). One scan per post
(:class:`LiteralScanner`) tells which of all the packs' strings the text holds; a
pattern one of whose clauses is absent is not run at all.

The derivation is conservative: any construct it does not understand (negated or large
classes, categories such as ``\\d``, case-insensitive flags, optional parts...) contributes
no clause, and a pattern without any is always run. It never changes what a pattern finds.
"""

from __future__ import annotations

import re

_MAX_CLASS = 24  # a character class becomes one-character alternatives up to this size
_MAX_ALTERNATIVES = 512  # strings in one clause, at most (a post is screened with set operations)
_MAX_CLAUSES = 4  # kept per pattern, most selective first: each costs a set operation per post

Clause = frozenset[str]  # every match contains one of these strings
Clauses = tuple[Clause, ...]  # ... and one of each clause


def required_literals(parsed) -> Clauses | None:
    """Clauses of strings such that every match of a parsed pattern (``sre_parse.parse``)
    contains one string of each, most selective first; None when none is known."""
    if parsed.state.flags & re.IGNORECASE:
        return None
    found = _sequence(parsed)
    if not found:
        return None
    return tuple(sorted(found, key=_rank)[:_MAX_CLAUSES])


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern's source (``a|(b|c)|d`` -> a, (b|c), d):
    outside groups and character classes, and not escaped."""
    pieces = []
    depth = start = i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class: a leading ^ and a leading ] are part of it
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            pieces.append(pattern[start:i])
            start = i + 1
        i += 1
    pieces.append(pattern[start:])
    return pieces


def live(clauses: Clauses | None, literals) -> bool:
    """Whether a set of contained literals satisfies every clause."""
    if clauses is not None:
        for clause in clauses:
            if literals.isdisjoint(clause):
                return False
    return True


def holds(clauses: Clauses | None, text: str) -> bool:
    """Whether a text contains one string of each clause (substring tests, for one text)."""
    return clauses is None or all(any(s in text for s in clause) for clause in clauses)


class ClauseIndex:
    """Items (patterns, alternatives) by the strings of their rarest clause: given the
    literals a text holds, the items that may match there, in item order. An item
    without clauses is always a candidate."""

    __slots__ = ("_by_literal", "_keys", "_unscreened")

    def __init__(self, clauses_of_items) -> None:
        by_literal: dict[str, list[int]] = {}
        unscreened = []
        for k, clauses in enumerate(clauses_of_items):
            if not clauses:
                unscreened.append(k)
            for s in clauses[0] if clauses else ():
                by_literal.setdefault(s, []).append(k)
        self._by_literal = {s: tuple(ks) for s, ks in by_literal.items()}
        self._keys = frozenset(by_literal)
        self._unscreened = tuple(unscreened)

    def __getstate__(self):
        return self._by_literal, self._unscreened

    def __setstate__(self, state) -> None:
        self._by_literal, self._unscreened = state
        self._keys = frozenset(self._by_literal)

    def candidates(self, literals) -> list[int]:
        found = set(self._unscreened)
        by_literal = self._by_literal
        for s in literals & self._keys:
            found.update(by_literal[s])
        return sorted(found)


class LiteralScanner:
    """Which of many literals a text contains, all at once.

    Every pattern of the packs contributes its clauses' strings; one scan per post
    tells them all, so ruling a pattern (or a rule) out costs a set operation instead
    of substring tests. Single characters come from the text's character set; longer
    strings are looked up by their first two characters among the text's character
    pairs, then confirmed with one substring test each.
    """

    def __init__(self, literals) -> None:
        literals = set(literals)
        self.literals = frozenset(literals)
        self._singles = frozenset(s for s in literals if len(s) == 1)
        by_pair: dict[str, list[str]] = {}
        for s in sorted(literals):
            if len(s) > 1:
                by_pair.setdefault(s[:2], []).append(s)
        self._pairs = {pair: tuple(group) for pair, group in by_pair.items()}

    def __call__(self, text: str) -> set[str]:
        found = set(text).intersection(self._singles)
        pairs = self._pairs
        for pair in pairs.keys() & set(map(str.__add__, text, text[1:])):
            for s in pairs[pair]:
                if len(s) == 2 or s in text:
                    found.add(s)
        return found


# How often a string occurs in ordinary posts, roughly, by its length and whether it is
# all hiragana (particles, endings: の, から, ない are in most posts; 外国人 is not).
_HIRAGANA = re.compile("[ぁ-ゖー]+")
_COST = {(1, True): 60, (1, False): 20, (2, True): 15, (2, False): 2, (3, True): 3}


def cost(strings) -> int:
    """How likely a post is to hold one of these strings, roughly (lower: rarer)."""
    return sum(_COST.get((len(s), _HIRAGANA.fullmatch(s) is not None), 1) for s in strings)


def _rank(clause: Clause):
    """Rarest clause first (then a fixed order)."""
    return cost(clause), sorted(clause)


def _clause(strings) -> Clause | None:
    strings = frozenset(strings)
    if not strings or len(strings) > _MAX_ALTERNATIVES or not all(strings):
        return None
    return strings


def _sequence(items) -> list[Clause]:
    """Every item of a sequence must match, so each item's clauses hold for the
    sequence; consecutive literal characters form one contiguous string."""
    clauses: list[Clause] = []
    run = ""
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            run += chr(av)
            continue
        if run:
            clauses.append(frozenset((run,)))
            run = ""
        clauses.extend(_item(name, av))
    if run:
        clauses.append(frozenset((run,)))
    return list(dict.fromkeys(clauses))


def _item(name: str, av) -> list[Clause]:
    if name == "SUBPATTERN":
        _group, add_flags, _del_flags, sub = av
        return [] if add_flags & re.IGNORECASE else _sequence(sub)
    if name == "ATOMIC_GROUP":
        return _sequence(av)
    if name == "BRANCH":  # one alternative matches: the union of each one's best clause
        alternatives = [_sequence(alt) for alt in av[1]]
        if not all(alternatives):
            return []
        union = _clause(s for a in alternatives for s in min(a, key=_rank))
        return [union] if union else []
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _high, sub = av
        return _sequence(sub) if low >= 1 else []
    if name == "IN":  # a small class of plain characters or ranges: [せっ], [0-9]
        chars: set[str] = set()
        for op, value in av:
            kind = str(op)
            if kind == "LITERAL":
                chars.add(chr(value))
            elif kind == "RANGE" and value[1] - value[0] < _MAX_CLASS:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:  # a negated class, a category (\d, \s): no clause
                return []
        return [frozenset(chars)] if len(chars) <= _MAX_CLASS else []
    return []  # anchors, lookarounds, ranges, categories, any character...
