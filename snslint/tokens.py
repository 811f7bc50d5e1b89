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
def _dictionary():
    from sudachipy import Dictionary

    return Dictionary(dict="core")


@lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import SplitMode

    return _dictionary().tokenizer(mode=SplitMode.C)


def dictionary_norms(word: str) -> set[str]:
    """Folded normalised forms of every non-inflecting dictionary entry spelled ``word``:
    a term クソ also stands for 糞, the normalised form of its noun and prefix entries."""
    return {
        fold(m.normalized_form())
        for m in _dictionary().lookup(word)
        if m.part_of_speech()[0] not in _INFLECTING
    }


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
    """The key a word is compared by, token for token.

    Inflecting words by dictionary form (晒して -> 晒す): their normalised form can merge
    different verbs (録る -> 取る). Words written in kanji by normalised form (糞 -> 糞,
    matching a term クソ whose normalised form is 糞). Kana words by their own folded
    surface, because Sudachi's normalisation of kana can merge a slur with a neutral
    word (ババア and the ばあ of おばあちゃん both normalise to 婆)."""
    pos = m.part_of_speech()[0]
    if pos in _INFLECTING:
        return fold(m.dictionary_form())
    return fold(norm if has_kanji(m.surface()) else m.surface())


def has_kanji(s: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or c == "々" for c in s)


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
