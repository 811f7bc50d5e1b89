import unicodedata

import pytest

from snslint.text import LineIndex, fold, normalize, sentences


def test_normalize_maps_halfwidth_kana_back_to_original():
    original = "ﾏｼﾞでﾊﾞｶ"
    norm = normalize(original)
    assert norm.text == "マジでバカ"
    start = norm.text.index("バカ")
    s, e = norm.to_original(start, start + 2)
    assert original[s:e] == "ﾊﾞｶ"


def test_normalize_identity_keeps_offsets():
    norm = normalize("ふつうの文。")
    assert norm.text == "ふつうの文。"
    assert norm.to_original(2, 4) == (2, 4)


def test_normalize_lowercases_and_folds_width():
    norm = normalize("ＡＢＣ１２３")
    assert norm.text == "abc123"
    assert norm.to_original(3, 6) == (3, 6)


def test_normalize_keeps_combining_marks_with_their_base():
    original = "か\u3099か"  # か + combining voiced mark = が
    norm = normalize(original)
    assert norm.text == "がか"
    assert norm.to_original(0, 1) == (0, 2)


def test_fold_evens_out_script_width_and_elongation():
    assert fold("バカ") == fold("ばか") == fold("ﾊﾞｶ") == fold("ばかーー") == "ばか"
    assert fold("らしぃょ") == fold("らしいよ")


def test_sentences_split_on_japanese_and_ascii_ends_but_not_decimals():
    text = "一文目。二文目!三文目\n3.5倍 example.com です"
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == ["一文目。", "二文目!", "三文目\n", "3.5倍 example.com です"]


def test_line_index_handles_crlf_and_lone_cr():
    text = "a\r\nb\rc\nd"
    idx = LineIndex(text)
    assert idx.position(0) == (1, 1)
    assert idx.position(3) == (2, 1)
    assert idx.position(5) == (3, 1)
    assert idx.position(7) == (4, 1)


@pytest.mark.parametrize(
    "original",
    [
        "ＡＢＣ！バカ（笑）",  # one character for one: offsets unchanged
        "平成は㍻、ﾊﾞｶはバカ",  # one becomes two, two become one
        "神社⛩️ＯＫ",  # a joining mark with a changed character
        "e\u0301と\ud800ｘ",  # a combining mark, a lone surrogate
    ],
)
def test_every_normalised_character_maps_back_to_the_characters_it_came_from(original):
    n = normalize(original)
    for k, ch in enumerate(n.text):
        start, end = n.to_original(k, k + 1)
        source = original[start:end]
        expected = unicodedata.normalize("NFKC", source).lower().replace("\ud800", "\ufffd")
        assert ch in expected and start < end
    assert n.to_original(0, len(n.text)) == (0, len(original))
