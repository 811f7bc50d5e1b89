"""The Sudachi wrapper: one tokenizer per process, each text tokenised once.

Tokens carry the forms rules match on: the surface, the dictionary and normalised
forms, the reading and the part of speech, plus folded keys (see :func:`text.fold`).
Offsets are into the *normalised* text; the engine maps them back to the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from snslint.text import fold

# Sudachi refuses inputs above ~49 KB; chunks are cut at sentence or line ends.
_MAX_CHUNK_CHARS = 4000
_CHUNK_BREAK = re.compile(r"[。!?\n]")
_SEPARATOR = re.compile(r"^[\s・･*＊_\-/|.,、‥…]+$")


@dataclass(slots=True)
class Token:
    surface: str
    lemma: str  # dictionary form: 晒し -> 晒す
    norm: str  # normalised form: ｸｿ -> くそ
    reading: str  # katakana reading
    pos: tuple[str, ...]
    start: int
    end: int
    key: str  # folded surface
    norm_key: str  # folded base form: dictionary form of inflecting words, else normalised form
    inflected: bool  # an inflecting word not in its dictionary form (晒し, しよう)
    sep: bool  # punctuation or space that may sit inside an obfuscated word (バ・カ)


@lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import Dictionary, SplitMode

    dictionary = Dictionary(dict="core")
    return dictionary.tokenizer(mode=SplitMode.C)


@lru_cache(maxsize=4096)
def _pos_cached(pos: tuple[str, ...]) -> tuple[str, ...]:
    # part_of_speech() builds a new tuple each call; intern the few hundred that exist
    return pos


def tokenize(text: str) -> list[Token]:
    """Tokenise a normalised text, chunking long texts at sentence ends."""
    tokens: list[Token] = []
    tok = _tokenizer()
    for base, chunk in _chunks(text):
        for m in tok.tokenize(chunk):
            surface = m.surface()
            if not surface:
                continue
            norm = m.normalized_form()
            start = base + m.begin()
            tokens.append(
                Token(
                    surface,
                    m.dictionary_form(),
                    norm,
                    m.reading_form(),
                    _pos_cached(m.part_of_speech()),
                    start,
                    start + len(surface),
                    fold(surface),
                    _base_key(m, norm),
                    m.part_of_speech()[0] in _INFLECTING and m.dictionary_form() != surface,
                    bool(_SEPARATOR.match(surface)),
                )
            )
    return tokens


_INFLECTING = {"動詞", "形容詞", "助動詞"}


def _base_key(m, norm: str) -> str:
    """Inflecting words match by dictionary form (晒して -> 晒す): their normalised form can
    merge different verbs (録る -> 取る). Other words match by normalised form (ｸｿ -> 糞)."""
    pos = m.part_of_speech()[0]
    return fold(m.dictionary_form() if pos in _INFLECTING else norm)


def _chunks(text: str):
    if len(text) <= _MAX_CHUNK_CHARS:
        yield 0, text
        return
    start = 0
    n = len(text)
    while start < n:
        end = min(start + _MAX_CHUNK_CHARS, n)
        if end < n:
            cut = None
            for m in _CHUNK_BREAK.finditer(text, start + _MAX_CHUNK_CHARS // 2, end):
                cut = m.end()
            end = cut or end
        yield start, text[start:end]
        start = end


def analyse_term(term: str) -> list[Token]:
    """Tokenise a rule term the same way post text is tokenised."""
    return tokenize(term)
