"""A post prepared for matching: normalised text, tokens, sentences and term hits.

Built once per post and shared by every rule, so no rule re-tokenises or re-scans.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from snslint.lexicon import Hit, TermIndex
from snslint.literals import LiteralScanner, live
from snslint.text import Normalized, normalize, sentences
from snslint.tokens import Token, tokenize

_OPEN_QUOTES = {"「": "」", "『": "』", "“": "”", "\"": "\"", "【": "】", "《": "》", "〈": "〉"}
# 【】 marks labels (【拡散希望】) rather than quotation; it is tracked separately.
_QUOTES = {k: v for k, v in _OPEN_QUOTES.items() if k != "【"}
_QUOTE_MARK = re.compile("[" + re.escape("".join(sorted({*_QUOTES, *_QUOTES.values()}))) + "]")


class Candidate(NamedTuple):  # a tuple: cheap to build, and a post yields hundreds
    """A place a rule matched, before exceptions and citations are applied."""

    start: int  # offsets in the normalised text
    end: int
    first: int  # token range, for context checks
    last: int
    suggest: str | None = None
    detail: str | None = None  # appended to the message (metadata checks)


@dataclass
class Doc:
    norm: Normalized
    tokens: list[Token]
    sentence_spans: list[tuple[int, int]]  # token index ranges
    hits: dict[int, list[Hit]]  # term id -> hits
    quotes: list[tuple[int, int]]  # offsets in the normalised text, inside the marks
    index: TermIndex
    literals: set[str]  # the packs' required pattern literals the text contains
    atoms: set[int | str]  # term ids hit and literals contained: what rules are triggered by
    cache: dict = field(default_factory=dict)
    occurrences: dict[int, list] = field(default_factory=dict)  # element key -> its occurrences
    matches: dict = field(default_factory=dict)  # pattern -> its matches
    meta: dict = field(default_factory=dict)  # a queued post's metadata
    meta_base: str | None = None  # folder that attachment paths are relative to
    settings: object = None  # snslint.config.Settings: accounts, timezone

    @property
    def text(self) -> str:
        return self.norm.text

    def sentence_of(self, token_index: int) -> tuple[int, int]:
        """The token range of the sentence holding a token."""
        return self.sentences_around(token_index, 0)

    def sentences_around(self, token_index: int, reach: int) -> tuple[int, int]:
        """The token range of a token's sentence and ``reach`` sentences either side."""
        spans = self.sentence_spans
        if not spans:
            return 0, len(self.tokens)
        starts = self.cache.get("_sentence_starts")
        if starts is None:
            starts = self.cache["_sentence_starts"] = [s for s, _ in spans]
        k = max(bisect.bisect_right(starts, token_index) - 1, 0)
        return spans[max(k - reach, 0)][0], spans[min(k + reach, len(spans) - 1)][1]

    def token_at(self, offset: int) -> int:
        """Index of the token covering (or first after) a normalised offset."""
        starts = self.cache.get("_starts")
        if starts is None:
            starts = self.cache["_starts"] = [t.start for t in self.tokens]
        k = bisect.bisect_right(starts, offset) - 1
        return max(k, 0)

    def pos_occurrences(self, pos: tuple[str, ...]) -> list[Candidate]:
        """Tokens whose part of speech starts with ``pos``, shared by every element asking."""
        key = ("pos", pos)
        found = self.cache.get(key)
        if found is None:
            groups = self.cache.get("pos-groups")
            if groups is None:  # tokens grouped by their (few distinct) parts of speech
                groups = self.cache["pos-groups"] = {}
                for i, t in enumerate(self.tokens):
                    groups.setdefault(t.pos, []).append(i)
            n = len(pos)
            indices = sorted(i for full, idx in groups.items() if full[:n] == pos for i in idx)
            tokens = self.tokens
            found = self.cache[key] = [Candidate(tokens[i].start, tokens[i].end, i, i + 1) for i in indices]
        return found

    def may_match(self, regex) -> bool:
        """Whether the text holds a string of each of a pattern's literal clauses."""
        return live(regex.clauses, self.literals)

    def regex_occurrences(self, regex) -> list[Candidate]:
        """Non-empty matches of a pattern over the normalised text, with their token range."""
        found = self.matches.get(regex)
        if found is None:
            # only the alternatives this text's literals leave possible: the same spans
            compiled = regex.subset(self.literals) if self.may_match(regex) else None
            found = self.matches[regex] = [
                Candidate(m.start(), m.end(), self.token_at(m.start()), self.token_at(m.end() - 1) + 1)
                for m in compiled.finditer(self.text)
                if m.end() > m.start()
            ] if compiled is not None else []
            if regex.words and found:
                found[:] = [c for c in found if self._between_words(c)]
        return found

    def _between_words(self, cand: Candidate) -> bool:
        """Whether a match starts and ends on word boundaries: the hearsay って of 休校|って,
        not the っ|て of 頑張って."""
        return self.tokens[cand.first].start == cand.start and self.tokens[cand.last - 1].end == cand.end

    def in_quote(self, start: int, end: int) -> bool:
        return any(qs <= start and end <= qe for qs, qe in self.quotes)


def analyse(original: str, index: TermIndex, scanner: LiteralScanner) -> Doc:
    """``scanner`` must know the literals of every pattern rules will run on the post."""
    norm = normalize(original)
    tokens = tokenize(norm.text)
    hits: dict[int, list[Hit]] = {}
    for hit in index.match(tokens):
        hits.setdefault(hit.term, []).append(hit)
    literals = scanner(norm.text)
    return Doc(
        norm, tokens, _sentence_tokens(norm.text, tokens), hits, _quotes(norm.text), index,
        literals, literals.union(hits),
    )


def _sentence_tokens(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    spans = []
    k = 0
    n = len(tokens)
    for _, end in sentences(text):
        first = k
        while k < n and tokens[k].start < end:
            k += 1
        if k > first:
            spans.append((first, k))
    if k < n:
        spans.append((k, n))
    return spans


def _quotes(text: str) -> list[tuple[int, int]]:
    found = []
    stack: list[tuple[str, int]] = []
    for m in _QUOTE_MARK.finditer(text):  # other characters never open or close a quote
        i, ch = m.start(), m.group()
        if stack and ch == stack[-1][0]:
            _, start = stack.pop()
            found.append((start, i))
        elif ch in _QUOTES:
            stack.append((_QUOTES[ch], i + 1))
    return found
