"""Compiling regular expressions that come from (possibly untrusted) rule packs.

Python's ``re`` backtracks, so a pattern such as ``(a+)+$`` can take exponential time.
Patterns with a quantified group that itself contains an unbounded quantifier, or
with back-references, are refused when the pack loads, naming the rule.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    import re._parser as sre_parse  # type: ignore[import-not-found]
    from re._constants import MAXREPEAT  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]
    from sre_constants import MAXREPEAT  # type: ignore[no-redef]

from snslint.errors import SpecError
from snslint.literals import ClauseIndex, Clauses, holds, live, required_literals, split_alternatives

MAX_PATTERN_LENGTH = 2000
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


_SPLIT_MIN = 4  # alternatives: a pattern with fewer is run whole
_MAX_SUBSETS = 64  # compiled subsets of alternatives kept per pattern
_GLOBAL_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.ASCII


class LazyPattern:
    """A checked pattern compiled on first use. The compile cache pickles only the source
    (and its required literals), so a warm start does not pay for compiling patterns that
    a post never reaches. A text lacking one of its literal clauses is not searched.

    A long alternation (``a|b|c|...``) also knows each alternative's clauses. Given the
    literals a text holds, :meth:`subset` runs only the alternatives that can match
    there: an alternative that matches nowhere in the text changes nothing about what
    the whole alternation finds, so the subset finds exactly the same spans."""

    __slots__ = ("pattern", "_compiled", "clauses", "alternatives", "_subsets", "_index", "words")

    def __init__(
        self, pattern: str, compiled: re.Pattern | None = None, clauses: Clauses | None = None,
        alternatives: tuple[tuple[str, Clauses | None], ...] | None = None, words: bool = False,
    ) -> None:
        self.pattern = pattern
        self.words = words  # only matches that start and end between words count (see elements)
        self._compiled = compiled
        self.clauses = clauses  # see snslint.literals
        self.alternatives = alternatives
        self._subsets: dict[tuple[int, ...], re.Pattern | None] = {}
        # alternatives by the strings of their rarest clause: a text only looks at those it may hold
        self._index = ClauseIndex(clauses for _, clauses in alternatives or ())

    def may_match(self, text: str) -> bool:
        """False when the text lacks every string of one of the pattern's clauses."""
        return holds(self.clauses, text)

    def literals(self) -> set[str]:
        """Every string a text is screened for on this pattern's behalf."""
        found = {s for clause in self.clauses or () for s in clause}
        for _, clauses in self.alternatives or ():
            found.update(s for clause in clauses or () for s in clause)
        return found

    @property
    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled

    def subset(self, literals) -> re.Pattern | None:
        """The pattern restricted to the alternatives whose clauses the literals a text
        holds satisfy (None: no alternative can match)."""
        alternatives = self.alternatives
        if alternatives is None:
            return self.compiled
        kept = tuple(k for k in self._index.candidates(literals) if live(alternatives[k][1], literals))
        if len(kept) == len(alternatives):
            return self.compiled
        found = self._subsets.get(kept)
        if found is None and kept not in self._subsets:
            if len(self._subsets) >= _MAX_SUBSETS:
                self._subsets.clear()
            found = self._subsets[kept] = re.compile("|".join(alternatives[k][0] for k in kept)) if kept else None
        return found

    def finditer(self, text: str):
        if not self.may_match(text):
            return iter(())
        return self.compiled.finditer(text)

    def search(self, text: str):
        if not self.may_match(text):
            return None
        return self.compiled.search(text)

    @property
    def groups(self) -> int:
        return self.compiled.groups

    @property
    def groupindex(self):
        return self.compiled.groupindex

    def __getstate__(self):
        return self.pattern, self.clauses, self.alternatives, self.words

    def __setstate__(self, state) -> None:
        self.pattern, self.clauses, self.alternatives, self.words = state
        self._compiled = None
        self._subsets = {}
        self._index = ClauseIndex(clauses for _, clauses in self.alternatives or ())


def _alternatives(pattern: str, parsed) -> tuple[tuple[str, Clauses | None], ...] | None:
    """Each top-level alternative with its clauses, for a long alternation without
    global flags (an inline flag at the start belongs to every alternative)."""
    if parsed.state.flags & _GLOBAL_FLAGS:
        return None
    pieces = split_alternatives(pattern)
    if len(pieces) < _SPLIT_MIN:
        return None
    found = []
    for piece in pieces:
        try:
            found.append((piece, required_literals(sre_parse.parse(piece))))
        except re.error:  # not a pattern on its own: leave the whole to re
            return None
    if all(clauses is None for _, clauses in found):
        return None
    return tuple(found)


def compile_user_regex(pattern, where: str, words: bool = False) -> LazyPattern:
    if not isinstance(pattern, str) or not pattern:
        raise SpecError(where, "は空でない文字列で書いてください")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise SpecError(where, f"が長すぎます({MAX_PATTERN_LENGTH}文字まで)")
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as exc:
        raise SpecError(where, f"の正規表現が不正です: {exc}") from None
    problem = _danger(parsed, inside_repeat=False)
    if problem:
        raise SpecError(where, f"の正規表現は{problem}ため、処理が止まらなくなるおそれがあり使えません: {pattern}")
    try:  # some errors only show when compiling (a look-behind of varying width)
        compiled = re.compile(pattern)
    except re.error as exc:
        raise SpecError(where, f"の正規表現が不正です: {exc}") from None
    return LazyPattern(pattern, compiled, required_literals(parsed), _alternatives(pattern, parsed), words)


def _danger(parsed, inside_repeat: bool) -> str | None:
    for op, arg in parsed:
        name = str(op)
        if name in ("GROUPREF", "GROUPREF_EXISTS"):
            return "後方参照を含む"
        if name in _REPEATS:
            lo, hi, sub = arg
            unbounded = hi == MAXREPEAT or hi > 50
            if inside_repeat and unbounded:
                return "繰り返しの中に繰り返しがある"
            found = _danger(sub, inside_repeat or unbounded)
            if found:
                return found
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            sub = arg[-1]
            found = _danger(sub, inside_repeat)
            if found:
                return found
        elif name == "BRANCH":
            for alt in arg[1]:
                found = _danger(alt, inside_repeat)
                if found:
                    return found
        elif name in ("ASSERT", "ASSERT_NOT"):
            found = _danger(arg[1], inside_repeat)
            if found:
                return found
    return None
