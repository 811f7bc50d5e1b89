"""The Sudachi wrapper: one tokenizer per process, each text tokenised once.

Tokens carry the forms rules match on: the surface, the dictionary and normalised
forms, the reading and the part of speech, plus folded keys (see :func:`text.fold`).
Offsets are into the *normalised* text; the engine maps them back to the original.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from functools import lru_cache

from snslint.text import fold

# Sudachi refuses inputs above ~49 KB; chunks are cut at sentence or line ends.
_MAX_CHUNK_CHARS = 4000
_CHUNK_BREAK = re.compile(r"[。!?\n]")
_SEPARATOR = re.compile(r"^[\s・･*＊_\-/|.,、‥…]+$")


class Token(NamedTuple):  # a tuple: built for every word of every post, so it must be cheap
    surface: str
    lemma: str  # dictionary form: 晒し -> 晒す
    norm: str  # normalised form: 糞 -> 糞 (for kana words in posts: the surface)
    reading: str  # katakana reading (terms only; empty for post text)
    pos: tuple[str, ...]
    key: str  # folded surface
    norm_key: str  # folded base form: dictionary form of inflecting words, else normalised form
    inflected: bool  # an inflecting word not in its dictionary form (晒し, しよう)
    sep: bool  # punctuation or space that may sit inside an obfuscated word (バ・カ)
    start: int  # offsets last: everything before them is the same wherever a word occurs
    end: int


@lru_cache(maxsize=1)
def _dictionary():
    from sudachipy import Dictionary

    return Dictionary(dict="core")


@lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import SplitMode

    return _dictionary().tokenizer(mode=SplitMode.C)


@lru_cache(maxsize=1)
def _morpheme_list():
    """One result list, refilled by every call (the tokenizer's ``out=``): no allocation
    per text. Morphemes are read into tokens before the next call."""
    return _tokenizer().tokenize("")


def dictionary_norms(word: str) -> set[str]:
    """Folded normalised forms of every non-inflecting dictionary entry spelled ``word``:
    a term クソ also stands for 糞, the normalised form of its noun and prefix entries."""
    return {
        fold(m.normalized_form())
        for m in _dictionary().lookup(word)
        if m.part_of_speech()[0] not in _INFLECTING
    }


_INFLECTING = {"動詞", "形容詞", "助動詞"}
_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff々]")
_POS: dict[int, tuple[str, ...]] = {}  # part-of-speech id -> tuple, filled as seen


# Verbs that grammar writes in kana (そういう, という, 〜ていく): keep them as written.
_KANA_FUNCTION_VERBS = {"いう", "ゆう", "いく", "ゆく", "なる", "くる", "おく", "できる", "しまう", "ある", "いる"}


def has_kanji(s: str) -> bool:
    return _KANJI.search(s) is not None


@lru_cache(maxsize=65536)
def _surface_info(surface: str) -> tuple[str, bool, bool]:
    """Folded key, separator?, written with kanji? — per distinct surface, cached."""
    return fold(surface), bool(_SEPARATOR.match(surface)), has_kanji(surface)


# (word id, surface) -> the token fields before the offsets, for post text. Bounded so
# that memory stays flat over an endless stream of new spellings (OOV words).
_WORDS: dict[tuple[int, str], tuple] = {}
_MAX_WORDS = 50_000  # ~600 bytes each: ~30 MB at most


def tokenize(text: str, full: bool = False) -> list[Token]:
    """Tokenise a normalised text line by line, cutting overlong lines at sentence ends.

    The key a word is compared by, token for token (``norm_key``): inflecting words by
    dictionary form (晒して -> 晒す), since their normalised form can merge different
    verbs (録る -> 取る); words written in kanji by normalised form (糞, matching a term
    クソ whose normalised form is 糞); kana words by their own folded spelling, because
    Sudachi's normalisation of kana can merge a slur with a neutral word (ババア and the
    ばあ of おばあちゃん both normalise to 婆). Only what matching needs is read from
    Sudachi for post text; ``full`` also reads readings and normalised forms (terms).

    Reading a morpheme's forms from Sudachi is slow compared with a dictionary lookup,
    so for post text they are read once per distinct word: everything but the offsets
    depends only on the dictionary entry (the word id) and the spelling. Words outside
    the dictionary have word ids that carry their part of speech.
    """
    tokens: list[Token] = []
    new = tuple.__new__  # Token(...) without the namedtuple's Python-level constructor
    tok = _tokenizer()
    out = _morpheme_list()
    words = _WORDS
    if len(words) > _MAX_WORDS:
        words.clear()
    for base, chunk in _chunks(text):
        for m in tok.tokenize(chunk, out=out):
            surface = m.surface()
            if not surface:
                continue
            if full:
                word = _word(m, surface, True)
            else:
                word_key = (m.word_id(), surface)
                word = words.get(word_key)
                if word is None:
                    word = words[word_key] = _word(m, surface, False)
            start = base + m.begin()
            tokens.append(new(Token, (*word, start, start + len(surface))))
    return tokens


def _word(m, surface: str, full: bool) -> tuple:
    """A morpheme's token fields, up to the offsets."""
    pos_id = m.part_of_speech_id()
    pos = _POS.get(pos_id)
    if pos is None:
        pos = _POS[pos_id] = m.part_of_speech()
    key, sep, kanji = _surface_info(surface)
    if pos[0] in _INFLECTING:
        lemma = m.dictionary_form()
        norm = m.normalized_form() if full else lemma
        norm_key = fold(lemma)
        if not kanji and pos[:2] == ("動詞", "一般") and lemma not in _KANA_FUNCTION_VERBS:
            # A verb written in kana is compared by the kanji form Sudachi normalises it
            # to (さらす -> 晒す; とる -> 取る, not 撮る), on both sides of a match. Not
            # auxiliaries (slang endings such as 使えねー must not become standard ones),
            # nor verbs grammar spells in kana (そういう is not 言う).
            normalized = m.normalized_form()
            if has_kanji(normalized):
                norm_key = fold(normalized)
        inflected = lemma != surface
    else:
        lemma = surface
        norm = m.normalized_form() if (kanji or full) else surface
        norm_key = fold(norm) if kanji else key
        inflected = False
    reading = m.reading_form() if full else ""
    return surface, lemma, norm, reading, pos, key, norm_key, inflected, sep


def _chunks(text: str):
    """Pieces tokenised on their own: lines (a line break ends a sentence in a post, but
    Sudachi reads a word before it as continuing: 休校らしい|⏎ becomes the attributive
    suffix, not the hearsay auxiliary it is at the end of a text), the breaks themselves,
    and overlong lines cut at sentence ends."""
    if "\n" not in text:
        yield from _sized(0, text)
        return
    for m in _LINE_PIECE.finditer(text):
        yield from _sized(m.start(), m.group())


_LINE_PIECE = re.compile(r"[^\n]+|\n+")


def _sized(offset: int, text: str):
    if len(text) <= _MAX_CHUNK_CHARS:
        yield offset, text
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
        yield offset + start, text[start:end]
        start = end


def analyse_term(term: str) -> list[Token]:
    """Tokenise a rule term the same way post text is tokenised, with readings."""
    return tokenize(term, full=True)
