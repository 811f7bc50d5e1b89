"""The per-word cache in :func:`snslint.tokens.tokenize` gives exactly what reading
every morpheme from Sudachi gives."""

from snslint import tokens
from snslint.text import normalize


def _uncached(text: str) -> list[tokens.Token]:
    out = []
    for m in tokens._tokenizer().tokenize(text):
        surface = m.surface()
        if surface:
            start = m.begin()
            out.append(tokens.Token(*tokens._word(m, surface, False), start, start + len(surface)))
    return out


def test_cached_words_match_a_fresh_read_including_out_of_vocabulary_words():
    # OOV words of different parts of speech (symbols, latin letters), inflected and
    # kanji words, repeated so that the second occurrence comes from the cache
    text = normalize("ｸｿ上司のバカやろーwww 😀😀 xyzzyq 晒して晒した。😀😀 xyzzyq 晒して").text
    first = tokens.tokenize(text)
    assert first == tokens.tokenize(text) == _uncached(text)
    assert {t.pos for t in first if t.surface in ("😀😀", "xyzzyq")} == {
        tokens._tokenizer().tokenize("😀😀")[0].part_of_speech(),
        tokens._tokenizer().tokenize("xyzzyq")[0].part_of_speech(),
    }


def test_the_word_cache_stays_bounded(monkeypatch):
    monkeypatch.setattr(tokens, "_MAX_WORDS", 5)
    tokens._WORDS.clear()
    for k in range(20):
        tokens.tokenize(f"word{k}とテスト{k}の文")
    assert len(tokens._WORDS) <= 5 + 10
