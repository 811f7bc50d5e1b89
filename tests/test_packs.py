"""Strict loading: every bad rule, lexicon or policy names its file, rule and field."""

from __future__ import annotations

import textwrap

import pytest

from conftest import POLICY, write_rules
from snslint.engine import Linter
from snslint.errors import PackError
from snslint.packs import load_rules

GOOD_RULE = """\
  - id: t.r
    severity: error
    message: m
    advice: a
    match: {kind: lexicon, terms: [馬鹿]}
"""


def load(tmp_path, rules: str, policy: str = POLICY, head: str = "pack: t\ncategory: insults\nrules:\n"):
    root = write_rules(tmp_path, head + rules, policy)
    return Linter(load_rules([root]))


@pytest.mark.parametrize(
    "rules, expected",
    [
        (GOOD_RULE.replace("    advice: a\n", "    advice: a\n    colour: red\n"), "ルール t.r: colour は不明なフィールドです"),
        (GOOD_RULE.replace("lexicon", "telepathy"), "ルール t.r: match.kind の telepathy は不明な種類です"),
        (GOOD_RULE.replace("severity: error", "severity: fatal"), "ルール t.r: severity は info, warning, error"),
        (GOOD_RULE.replace("id: t.r", "id: other.r"), "ルール other.r: id は「t.名前」"),
        (GOOD_RULE.replace("[馬鹿]", '["@nolex"]'), "ルール t.r: match.terms[0] の語彙 @nolex は定義されていません"),
        (GOOD_RULE + "    cites: ['testdoc:9-9']\n", "ルール t.r: cites: 文書 testdoc に条項 9-9 がありません"),
        (GOOD_RULE + "    cites: ['nodoc:1']\n", "ルール t.r: cites: 文書 nodoc がありません"),
        (GOOD_RULE.replace("{kind: lexicon, terms: [馬鹿]}", "{kind: regex, pattern: '(a+)+$'}"), "ルール t.r: match.pattern の正規表現は繰り返しの中に繰り返しがある"),
        (GOOD_RULE.replace("{kind: lexicon, terms: [馬鹿]}", "{kind: regex, pattern: '(unclosed'}"), "match.pattern の正規表現が不正です"),
        # only compiling finds this one: a look-behind whose alternatives differ in width
        (GOOD_RULE.replace("{kind: lexicon, terms: [馬鹿]}", "{kind: regex, pattern: '(?<!新|最新)モデル'}"), "match.pattern の正規表現が不正です: look-behind"),
        (GOOD_RULE.replace("{kind: lexicon, terms: [馬鹿]}", "{kind: cooccur, all: [[a]]}"), "match.all には二つ以上"),
        (GOOD_RULE + "    unless: [{negated: yes please}]\n", "unless[0].negated は true だけ"),
        (GOOD_RULE + GOOD_RULE, "ルール id t.r は"),
        (GOOD_RULE + "    escalate: {boss: error}\n", "ルール t.r: escalate.boss は official, personal"),
        (GOOD_RULE + "    escalate: {official: fatal}\n", "ルール t.r: escalate.official の重大度は"),
        (GOOD_RULE.replace("terms: [馬鹿]", "terms: [馬鹿], window: 3"), "match.window は lexicon では使えない"),
    ],
)
def test_bad_rules_are_refused_naming_file_rule_and_field(tmp_path, rules, expected):
    with pytest.raises(PackError) as info:
        load(tmp_path, rules)
    message = str(info.value)
    assert "t.yaml" in message
    assert expected in message


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    with pytest.raises(PackError) as info:
        load(tmp_path, GOOD_RULE + "  - id: [unclosed\n")
    assert "t.yaml" in str(info.value) and "YAML の誤り" in str(info.value) and "行" in str(info.value)


def test_python_tags_in_packs_are_refused(tmp_path):
    with pytest.raises(PackError) as info:
        load(tmp_path, GOOD_RULE.replace("message: m", "message: !!python/object/apply:os.system ['true']"))
    assert "YAML の誤り" in str(info.value)


def test_policy_covering_nothing_known_is_refused(tmp_path):
    policy = POLICY.replace("covers: [insults]", "covers: [astrology]")
    with pytest.raises(PackError) as info:
        load(tmp_path, GOOD_RULE, policy)
    assert "testdoc.yaml" in str(info.value) and "astrology" in str(info.value)


def test_unquoted_numeric_clause_id_is_refused(tmp_path):
    policy = POLICY.replace('id: "1-1"', "id: 11")
    with pytest.raises(PackError) as info:
        load(tmp_path, GOOD_RULE, policy)
    assert "clauses[0].id" in str(info.value)


def test_extra_rules_dir_cannot_redefine_a_builtin_rule(tmp_path):
    from snslint.engine import Options, load_ruleset

    builtin = load_ruleset().rules[0]
    org = tmp_path / "org"
    (org / "packs").mkdir(parents=True)
    pack = builtin.id.split(".")[0]
    (org / "packs" / "mine.yaml").write_text(
        textwrap.dedent(f"""\
        pack: {pack}
        category: {builtin.category}
        rules:
          - id: {builtin.id}
            severity: info
            message: m
            advice: a
            match: {{kind: lexicon, terms: [x]}}
        """),
        encoding="utf-8",
    )
    with pytest.raises(PackError) as info:
        load_ruleset(Options(extra_rule_dirs=[org]))
    assert "mine.yaml" in str(info.value) and builtin.id in str(info.value) and "上書きできません" in str(info.value)
