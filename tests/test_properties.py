"""Property-based tests: any text, no exception, and every span points into the original."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from snslint.engine import Linter, load_ruleset
from snslint.text import LineIndex, normalize

LINTER = Linter(load_ruleset())

# Pieces that stress normalisation and offsets, mixed with risky vocabulary so rules fire.
PIECES = st.sampled_from([
    "ﾊﾞｶ", "ばかーー", "バ・カ", "ｸｿ上司", "無能", "晒して", "ﾏｼﾞ", "か\u3099", "e\u0301", "👨\u200d👩\u200d👧",
    "\r\n", "\r", "\n", "\ufeff", "\u0000", "\u202e", "㈱", "ｱｲｳ", "①", "ﬁ", "İ", "「", "」", "。", "！",
    "080-1234-5678", "a@example.com", "4111-1111-1111-1111", "拡散希望", "らしい", "📸", "#選挙", "〇〇党",
    "外国人", "撮った", "パスワード", "\U0001F600", "\ud800", "ß", "Ǆ",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join)


def _check_spans(text: str) -> None:
    findings = LINTER.check_text(text)
    lines = LineIndex(text)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.text == text[f.start:f.end]
        assert (f.line, f.column) == lines.position(f.start)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_yields_valid_spans(text):
    _check_spans(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_unicode(text):
    _check_spans(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_normalised_offsets_map_inside_the_original(text):
    norm = normalize(text)
    for k in range(len(norm.text)):
        s, e = norm.to_original(k, k + 1)
        assert 0 <= s < e <= len(text)


@settings(max_examples=50, deadline=None)
@given(TEXTS)
def test_findings_survive_json_with_surrogates(text):
    for f in LINTER.check_text(text):
        json.loads(json.dumps(f.to_dict()))


def test_a_ten_thousand_character_line():
    _check_spans(("ｸｿ上司ほんと無能" * 1300)[:10_000])
