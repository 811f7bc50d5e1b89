"""Required literals only ever skip searches that would have found nothing."""

import json
import re
from pathlib import Path

import pytest

from snslint.literals import required_literals
from snslint.safe_regex import compile_user_regex, sre_parse
from snslint.text import normalize


def lits(pattern: str):
    return required_literals(sre_parse.parse(pattern))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("片親", ("片親",)),
        ("デマ(でした|だった)", ("だった", "でした")),  # two 3-character strings beat one of 2
        ("(北海道|東京)の人", ("の人",)),
        ("撮[らりるれろっ]", ("撮",)),
        ("載[せっ]", ("載",)),
        ("[0-9]{4}", None),  # a range: no requirement
        ("(くそ|クソ)?(ジジイ|じじい)", ("じじい", "ジジイ")),  # an optional part requires nothing
        ("(?i)abc", None),
        ("x(?i:abc)", ("x",)),
        ("a|[0-9]", None),  # one alternative without a requirement spoils the whole branch
        ("(?<![見思])帰れ(?![るな])", ("帰れ",)),
    ],
)
def test_required_literals(pattern, expected):
    assert lits(pattern) == expected


def test_a_text_without_the_literals_is_not_searched_and_one_with_them_is():
    p = compile_user_regex("(北海道|東京)の(人|男)", "test")
    assert [m.group() for m in p.finditer("北海道の男と京都の人")] == ["北海道の男"] and p.search("東京の人").group() == "東京の人"
    assert not p.may_match("今日は雨") and p.may_match("東京")
    assert list(p.finditer("今日は雨")) == [] and p.search("今日は雨") is None


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
    assert patterns and any(p.literals for p in patterns)
    for p in patterns:
        plain = re.compile(p.pattern)
        for text in texts:
            assert [m.span() for m in p.finditer(text)] == [m.span() for m in plain.finditer(text)], p.pattern


def test_many_literals_are_screened_by_one_escaped_alternation():
    p = compile_user_regex(r"(a\.b|c\?|dd|ee|ff|gg)x", "test")
    assert len(p.literals) == 6
    assert p.may_match("za.bx") and p.may_match("c?") and not p.may_match("axb c dx")
    assert [m.group() for m in p.finditer("a.bx axbx")] == ["a.bx"]
