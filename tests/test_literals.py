"""Required literals only ever skip searches that would have found nothing."""

import json
import re
from pathlib import Path

import pytest

from snslint.literals import LiteralScanner, required_literals, split_alternatives
from snslint.safe_regex import compile_user_regex, sre_parse
from snslint.text import normalize


def lits(pattern: str):
    found = required_literals(sre_parse.parse(pattern))
    return None if found is None else [sorted(clause) for clause in found]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("片親", [["片親"]]),
        ("デマ(でした|だった)", [["デマ"], ["だった", "でした"]]),  # rarest first: hiragana endings are common
        ("(北海道|東京)の人", [["の人"], ["北海道", "東京"]]),  # 東京 is two characters: commoner
        ("撮[らりるれろっ]", [["撮"], sorted("らりるれろっ")]),
        ("載[せっ]", [["載"], sorted("せっ")]),
        ("[0-9]{4}", [list("0123456789")]),  # a small range: its characters
        ("[^0-9]{4}", None),  # a negated class: no clause
        (r"\d{4}", None),  # a category: no clause
        ("(くそ|クソ)?(ジジイ|じじい)", [["じじい", "ジジイ"]]),  # an optional part requires nothing
        ("(?i)abc", None),
        ("x(?i:abc)", [["x"]]),
        ("a|[^0-9]", None),  # one alternative without a clause spoils the whole branch
        ("(?<![見思])帰れ(?![るな])", [["帰れ"]]),
        # each alternative contributes its rarest clause to the branch's one clause
        ("(母|父)から聞い|(友達|先輩)に聞い", [["から聞い", "に聞い"]]),
    ],
)
def test_required_literals(pattern, expected):
    assert lits(pattern) == expected


def test_a_text_without_the_literals_is_not_searched_and_one_with_them_is():
    p = compile_user_regex("(北海道|東京)の(人|男)", "test")
    assert [m.group() for m in p.finditer("北海道の男と京都の人")] == ["北海道の男"] and p.search("東京の人").group() == "東京の人"
    assert not p.may_match("今日は雨") and not p.may_match("東京の") and p.may_match("東京の男")
    assert list(p.finditer("今日は雨")) == [] and p.search("今日は雨") is None


def test_the_scanner_finds_every_literal_a_text_holds_and_no_other():
    literals = ["の", "人", "北海道", "東京", "の人", "から聞い", "ab", "abc", "bc"]
    scan = LiteralScanner(literals)
    for text in ["北海道の人から聞いた", "東京", "abc", "xabx", "", "人", "のの人"]:
        assert scan(text) == {s for s in literals if s in text}, text


def _pack_patterns(linter):
    from snslint.elements import Element

    found = set()

    def walk(value):
        if isinstance(value, Element):
            if value.regex is not None:
                found.add(value.regex)
            for child in value.children:
                walk(child)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for rule in linter.all_rules:
        for value in vars(rule.matcher).values():
            walk(value)
        pattern = getattr(rule.matcher, "pattern", None)
        if pattern is not None:
            found.add(pattern)
        for condition in rule.conditions:
            walk(condition.element)
    return found


def test_shipped_patterns_never_skip_a_match(linter):
    corpus = Path(__file__).parent / "corpus" / "holdout.jsonl"
    texts = [normalize(json.loads(line)["text"]).text for line in corpus.read_text(encoding="utf-8").splitlines()]
    patterns = _pack_patterns(linter)
    assert patterns and any(p.clauses for p in patterns)
    assert all(s in linter.scanner.literals for p in patterns for c in p.clauses or () for s in c)
    for text in texts:
        doc = linter.analyse(text)  # screened by the post's literal scan, as the engine does
        for p in patterns:
            plain = [m.span() for m in re.finditer(p.pattern, text)]
            assert [m.span() for m in p.finditer(text)] == plain, p.pattern
            assert doc.may_match(p) or not plain, p.pattern
            # as the engine runs it: only the alternatives the text's literals leave possible
            assert [(c.start, c.end) for c in doc.regex_occurrences(p)] == [(a, b) for a, b in plain if b > a], p.pattern


def test_a_pattern_is_screened_by_every_clause_with_escaped_strings():
    p = compile_user_regex(r"(a\.b|c\?|dd|ee|ff|gg)x", "test")
    assert [sorted(c) for c in p.clauses] == [["a.b", "c?", "dd", "ee", "ff", "gg"], ["x"]]
    assert p.may_match("za.bx") and not p.may_match("c?") and not p.may_match("axb c dx")
    assert [m.group() for m in p.finditer("a.bx axbx")] == ["a.bx"]


@pytest.mark.parametrize(
    ("pattern", "pieces"),
    [
        ("a|(b|c)|d", ["a", "(b|c)", "d"]),
        (r"a\|b|[|(]x|[]|]y|[^]|]z", [r"a\|b", "[|(]x", "[]|]y", "[^]|]z"]),
        ("(?<=[るた])って|(?:x|y)z", ["(?<=[るた])って", "(?:x|y)z"]),
        ("abc", ["abc"]),
    ],
)
def test_top_level_alternatives_are_split_outside_groups_classes_and_escapes(pattern, pieces):
    assert split_alternatives(pattern) == pieces


def test_a_long_alternation_runs_only_the_alternatives_a_text_can_match():
    p = compile_user_regex("北海道の人|東京の男|大阪のおばちゃん|京都の(人|店)", "test")
    assert p.alternatives is not None and len(p.alternatives) == 4
    text = "京都の店で東京の男に会った"
    literals = LiteralScanner(p.literals())(text)
    sub = p.subset(literals)
    assert sub.pattern == "東京の男|京都の(人|店)"
    assert [m.span() for m in sub.finditer(text)] == [m.span() for m in re.finditer(p.pattern, text)]
    assert p.subset(LiteralScanner(p.literals())("今日は雨")) is None
    # a global flag belongs to every alternative: such a pattern is never split
    assert compile_user_regex("(?s)a.b|cc|dd|ee", "test").alternatives is None
