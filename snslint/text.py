"""Text normalisation with an offset map back to the original, folding, sentences.

The engine never matches on the text a user wrote. It matches on a normalised copy
(NFKC, lower case) and on *folded* keys (katakana to hiragana, elongation marks and
small kana evened out). Every span found in the normalised copy is mapped back to
the original through :class:`Normalized`, so reported offsets always satisfy
``original[start:end] == finding.text``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Marks that belong to the preceding character: combining marks plus the
# half-width and spacing (semi-)voiced sound marks that NFKC fuses with a kana.
_SURROGATE = re.compile("[\ud800-\udfff]")
_JOINERS = {"\uff9e", "\uff9f", "\u3099", "\u309a", "\u309b", "\u309c", "\u200d", "\ufe0f", "\ufe0e"}


@dataclass(slots=True)
class Normalized:
    """A normalised text and the way back to the original."""

    original: str
    text: str
    # For each character of ``text``: the original span of the cluster it came from.
    # ``None`` when the normalisation was the identity.
    _starts: list[int] | None = None
    _ends: list[int] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text to a span of the original."""
        if self._starts is None:
            return start, end
        if end <= start:
            pos = self._starts[start] if start < len(self._starts) else len(self.original)
            return pos, pos
        return self._starts[start], self._ends[end - 1]


def normalize(original: str) -> Normalized:
    """NFKC and lower-case ``original`` cluster by cluster, keeping an offset map."""
    if (
        unicodedata.is_normalized("NFKC", original)
        and original == original.lower()
        and not _SURROGATE.search(original)
    ):
        return Normalized(original, original)
    pieces = list(map(_char, original))
    if None not in pieces:  # no marks joining characters: each character is its own cluster
        text = "".join(pieces)
        if len(text) == len(original):  # one character for one: offsets are unchanged
            return Normalized(original, text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(original)
    i = 0
    while i < n:
        j = i + 1
        while j < n and (original[j] in _JOINERS or unicodedata.combining(original[j])):
            j += 1
        piece = unicodedata.normalize("NFKC", original[i:j]).lower()
        if _SURROGATE.search(piece):  # a lone surrogate (from a JSON escape) cannot be encoded
            piece = _SURROGATE.sub("\ufffd", piece)
        for ch in piece:
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return Normalized(original, "".join(out), starts, ends)


@lru_cache(maxsize=16384)
def _char(c: str) -> str | None:
    """A lone character normalised; None for a mark that joins the one before it or a
    lone surrogate (those take the cluster-by-cluster way)."""
    if c in _JOINERS or unicodedata.combining(c) or "\ud800" <= c <= "\udfff":
        return None
    return unicodedata.normalize("NFKC", c).lower()


# --- folding -----------------------------------------------------------------

_KATA_TO_HIRA = {c: c - 0x60 for c in range(ord("ァ"), ord("ヶ") + 1)}
_SMALL_TO_LARGE = str.maketrans("ぁぃぅぇぉゃゅょゎゕゖ", "あいうえおやゆよわかけ")
_ELONGATION = re.compile(r"[ー〜~～\u301c\u30fc\uff70-]+")


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """The key used to compare words regardless of script, width and elongation.

    馬鹿's reading, ばか, バカ, ﾊﾞｶ and ばかーー all fold to ``ばか``.
    """
    s = unicodedata.normalize("NFKC", s).lower().translate(_KATA_TO_HIRA)
    s = _ELONGATION.sub("", s)
    return s.translate(_SMALL_TO_LARGE)


# --- sentences and lines -------------------------------------------------------

_SENTENCE_END = re.compile(r"[。!?．.…‼⁉]+[」』)]?|\r\n|\r|\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """Split a normalised text into sentence spans (end-exclusive)."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        # a '.' between digits or letters is not a sentence end (3.5, example.com)
        if m.group() == "." and 0 < m.start() and end < len(text) and text[end].isalnum():
            continue
        if end > start:
            spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return spans


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Line and column (both 1-based, columns in code points) of original offsets."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_span(self, line: int, text_len: int) -> tuple[int, int]:
        """Start and end offsets of a 1-based line, without its line break."""
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else text_len
        return start, end
