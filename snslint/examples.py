"""Running each rule's own examples (prh-style specs), for `snslint rules test` and tests."""

from __future__ import annotations


def run_examples(linter) -> tuple[list[str], int]:
    """Return (failure messages, number of examples checked) for the enabled rules."""
    failures: list[str] = []
    checked = 0
    for rule in linter.rules:
        spec = rule.spec
        if spec.match.get("kind") == "meta" and spec.examples_bad:
            failures.append(f"{spec.path}: {rule.id}: meta ルールの bad 例は本文では表せません(テストで確かめます)")
        for text in spec.examples_bad:
            checked += 1
            if not any(f.rule == rule.id for f in linter.check_text(text, [rule])):
                failures.append(f"{spec.path}: {rule.id}: 指摘されるべき例が指摘されません: {text}")
        for text in spec.examples_good:
            checked += 1
            hit = [f for f in linter.check_text(text, [rule]) if f.rule == rule.id]
            if hit:
                failures.append(f"{spec.path}: {rule.id}: 指摘されるべきでない例が指摘されます({hit[0].text}): {text}")
    return failures, checked
