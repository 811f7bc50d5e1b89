"""Every shipped rule passes its own examples, and every text rule carries enough of them."""

from __future__ import annotations

import pytest

from snslint.engine import Linter, load_ruleset

RULESET = load_ruleset()
LINTER = Linter(RULESET)
TEXT_RULES = [r for r in LINTER.all_rules if r.spec.match["kind"] != "meta"]


@pytest.mark.parametrize("rule", TEXT_RULES, ids=lambda r: r.id)
def test_rule_examples(rule):
    spec = rule.spec
    assert len(spec.examples_bad) >= 2, "at least two posts that must trigger"
    assert len(spec.examples_good) >= 2, "at least two harmless look-alikes"
    for text in spec.examples_bad:
        found = [f for f in LINTER.check_text(text, [rule])]
        assert found, f"{rule.id} should flag: {text}"
        for f in found:
            assert text[f.start:f.end] == f.text
    for text in spec.examples_good:
        assert LINTER.check_text(text, [rule]) == [], f"{rule.id} should stay silent on: {text}"


@pytest.mark.parametrize("rule", LINTER.all_rules, ids=lambda r: r.id)
def test_every_rule_cites_at_least_one_clause(rule):
    assert rule.citations, f"{rule.id} traces to no policy clause"


def test_all_six_categories_have_packs():
    cats = {r.category for r in RULESET.rules}
    assert {"confidentiality", "defamation", "discrimination", "rumour", "portrait_rights", "political"} <= cats
