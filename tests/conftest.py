from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from snslint.engine import Linter, Options, load_ruleset
from snslint.packs import load_rules

POLICY = """\
id: testdoc
title: テスト用ポリシー
publisher: テスト株式会社
profile: company
clauses:
  - id: "1-1"
    title: 悪口を書かない
    summary: 他人を貶める投稿をしない。
    covers: [insults]
  - id: "1-2"
    title: 番号を載せない
    summary: 個人の番号を載せない。
    covers: []
"""


def write_rules(tmp_path: Path, pack: str, policy: str = POLICY) -> Path:
    root = tmp_path / "rules"
    (root / "packs").mkdir(parents=True)
    (root / "policies").mkdir()
    (root / "packs" / "t.yaml").write_text(textwrap.dedent(pack), encoding="utf-8")
    (root / "policies" / "testdoc.yaml").write_text(policy, encoding="utf-8")
    return root


@pytest.fixture
def make_linter(tmp_path):
    """Build a linter over a throwaway pack, independent of the shipped packs."""

    def build(pack: str, policy: str = POLICY, **options) -> Linter:
        root = write_rules(tmp_path, pack, policy)
        return Linter(load_rules([root]), Options(**options))

    return build


@pytest.fixture(scope="session")
def linter() -> Linter:
    """The shipped packs and policies."""
    return Linter(load_ruleset())
