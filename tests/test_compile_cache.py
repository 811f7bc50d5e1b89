"""The compile cache: one current pickle per set of rule folders."""

from conftest import write_rules

from snslint import compiled

PACK = """\
pack: t
category: insults
rules:
  - id: t.insult
    severity: warning
    message: 悪口
    advice: 書かない
    match: {kind: lexicon, terms: [バカ]}
"""


def test_two_rule_folders_keep_their_own_compilation(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SNSLINT_NO_CACHE", raising=False)
    a = write_rules(tmp_path / "a", PACK)
    b = write_rules(tmp_path / "b", PACK)
    compiled.load_compiled([a])
    compiled.load_compiled([b])
    cache = tmp_path / "cache" / "snslint"
    assert len(list(cache.glob("*.pickle"))) == 2
    (a / "packs" / "t.yaml").write_text(PACK.replace("バカ", "アホ"), encoding="utf-8")
    assert compiled.load_compiled([a]).index.terms[0].text == "アホ"
    names = sorted(p.name.split("-")[0] for p in cache.glob("*.pickle"))
    assert names == sorted([compiled._slot([a]), compiled._slot([b])])  # a's stale pickle is gone


def test_old_slots_are_dropped_beyond_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SNSLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(compiled, "_MAX_SLOTS", 2)
    for k in range(4):
        compiled.load_compiled([write_rules(tmp_path / str(k), PACK)])
    assert len(list((tmp_path / "cache" / "snslint").glob("*.pickle"))) == 2
