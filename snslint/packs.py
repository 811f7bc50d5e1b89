"""Loading and validating rule packs, shared lexicons and policy documents.

Everything is decoded strictly: an unknown field, a wrong type or a dangling
reference is refused with the file, the rule (or clause) and the field named.
YAML is read with ``yaml.safe_load`` only, so no tag can construct Python objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from snslint.config import ACCOUNT_KINDS, ROLES
from snslint.errors import PackError, SpecError

SEVERITIES = ("info", "warning", "error")
CATEGORIES = ("confidentiality", "defamation", "discrimination", "rumour", "portrait_rights", "political", "operations")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
PROFILES = ("company", "union", "municipality", "national", "training", "custom")
MAX_RULE_FILE_BYTES = 5_000_000


_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_DOC_ID = re.compile(r"^[a-z][a-z0-9_-]*$")

_PACK_KEYS = {"pack", "category", "description", "lexicons", "rules"}
_RULE_KEYS = {"id", "category", "severity", "escalate", "message", "advice", "match", "unless", "examples", "cites"}
# what `escalate` may key on: an account kind, or the poster's role in the organisation
ESCALATE_KEYS = (*ACCOUNT_KINDS, *(r for r in ROLES if r != "other"))
_POLICY_KEYS = {"id", "title", "publisher", "year", "profile", "url", "clauses"}
_CLAUSE_KEYS = {"id", "title", "summary", "covers"}


def builtin_rules_dir() -> Path:
    """The rule packs shipped with snslint: ``snslint/_rules`` in an installed wheel
    (mapped from the top-level ``rules/`` at build time), else the source tree's ``rules/``."""
    here = Path(__file__).resolve().parent
    installed = here / "_rules"
    if (installed / "packs").is_dir():
        return installed
    return here.parent / "rules"


@dataclass
class Clause:
    id: str
    title: str
    summary: str
    covers: list[str]


@dataclass
class Policy:
    id: str
    title: str
    publisher: str
    profile: str
    path: str
    clauses: list[Clause]
    year: int | None = None
    url: str | None = None

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)


@dataclass
class RuleSpec:
    """A rule as written in its pack, validated but not yet compiled."""

    id: str
    pack: str
    category: str
    severity: str
    message: str
    advice: str
    match: dict
    unless: list | None
    examples_bad: list[str]
    examples_good: list[str]
    cites: list[tuple[str, str]]
    path: str
    escalate: dict[str, str] = field(default_factory=dict)  # account kind/role -> raised severity


@dataclass
class RuleSet:
    rules: list[RuleSpec] = field(default_factory=list)
    lexicons: dict[str, list] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    sources: list[Path] = field(default_factory=list)  # every file read, for cache keys


def _read_yaml(path: Path):
    import yaml  # here: a warm start reads the compiled packs and needs no YAML

    # libyaml's safe loader when available (several times faster); both refuse Python tags
    safe_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        size = path.stat().st_size
        if size > MAX_RULE_FILE_BYTES:
            raise PackError(str(path), f"ファイルが大きすぎます({size:,} バイト、上限 {MAX_RULE_FILE_BYTES:,})")
        with path.open(encoding="utf-8-sig") as fh:
            return yaml.load(fh, Loader=safe_loader)
    except OSError as exc:
        raise PackError(str(path), f"読めません: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise PackError(str(path), "UTF-8 として読めません") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}行{mark.column + 1}列: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError(str(path), f"YAML の誤り: {where}{problem}") from None


def _require_str(obj: dict, key: str, where: str, optional: bool = False) -> str | None:
    value = obj.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SpecError(f"{where}{key}", "には空でない文字列が必要です")
    return value


def load_rules(dirs: list[Path]) -> RuleSet:
    """Read ``packs/``, ``lexicons/`` and ``policies/`` from each directory, in order."""
    rs = RuleSet()
    for base in dirs:
        if not base.is_dir():
            raise PackError(str(base), "ルールのフォルダがありません")
    if dirs and not (dirs[0] / "packs").is_dir():
        raise PackError(str(dirs[0]), "ルールパック(packs/)が見つかりません。インストールが壊れています")
    lexicon_origin: dict[str, str] = {}
    rule_origin: dict[str, str] = {}
    for base in dirs:
        for path in sorted((base / "lexicons").glob("*.yaml")):
            _load_lexicon_file(path, rs, lexicon_origin)
        for path in sorted((base / "policies").glob("*.yaml")):
            _load_policy(path, rs)
        for path in sorted((base / "packs").glob("*.yaml")):
            _load_pack(path, rs, lexicon_origin, rule_origin)
    _check_references(rs)
    return rs


def _load_lexicon_file(path: Path, rs: RuleSet, origin: dict[str, str]) -> None:
    data = _read_yaml(path)
    rs.sources.append(path)
    if not isinstance(data, dict) or set(data) - {"lexicons", "description"}:
        raise PackError(str(path), "語彙ファイルには lexicons(と description)だけを書いてください")
    _add_lexicons(data.get("lexicons") or {}, path, rs, origin)


def _add_lexicons(lexicons, path: Path, rs: RuleSet, origin: dict[str, str], prefix: str = "") -> None:
    """Register lexicons; a pack's own are stored as ``pack.name``."""
    if not isinstance(lexicons, dict):
        raise PackError(str(path), "lexicons は「名前: 語のリスト」の対応表で書いてください")
    for name, terms in lexicons.items():
        if not isinstance(name, str) or not _SLUG.match(name):
            raise PackError(str(path), f"lexicons.{name}: 語彙名は英小文字・数字・_ で書いてください")
        if not isinstance(terms, list) or not terms:
            raise PackError(str(path), f"lexicons.{name}: 語のリストが必要です")
        full = prefix + name
        if full in origin:
            raise PackError(str(path), f"lexicons.{name}: 語彙 @{full} は {origin[full]} で定義済みです")
        origin[full] = str(path)
        rs.lexicons[full] = terms


def _load_pack(path: Path, rs: RuleSet, lexicon_origin: dict[str, str], rule_origin: dict[str, str]) -> None:
    data = _read_yaml(path)
    rs.sources.append(path)
    if not isinstance(data, dict):
        raise PackError(str(path), "ルールパックは pack, category, rules を持つ対応表で書いてください")
    unknown = set(data) - _PACK_KEYS
    if unknown:
        raise PackError(str(path), f"{sorted(unknown)[0]}: 不明なフィールドです")
    try:
        pack = _require_str(data, "pack", "")
        category = _require_str(data, "category", "")
    except SpecError as exc:
        raise PackError(str(path), str(exc)) from None
    if not _SLUG.match(pack) or not _SLUG.match(category):
        raise PackError(str(path), "pack と category は英小文字・数字・_ で書いてください")
    _add_lexicons(data.get("lexicons") or {}, path, rs, lexicon_origin, prefix=f"{pack}.")
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        raise PackError(str(path), "rules: ルールのリストが必要です")
    for k, raw in enumerate(rules):
        rule_id = raw.get("id") if isinstance(raw, dict) else None
        label = rule_id if isinstance(rule_id, str) else f"rules[{k}]"
        try:
            spec = _rule_spec(raw, pack, category, path)
        except SpecError as exc:
            raise PackError(str(path), str(exc), rule=label) from None
        if spec.id in rule_origin:
            raise PackError(str(path), f"ルール id {spec.id} は {rule_origin[spec.id]} で定義済みです(組み込みのルールは上書きできません)", rule=spec.id)
        rule_origin[spec.id] = str(path)
        rs.rules.append(spec)


def _rule_spec(raw, pack: str, category: str, path: Path) -> RuleSpec:
    if not isinstance(raw, dict):
        raise SpecError("rule", "は対応表で書いてください")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise SpecError(sorted(unknown)[0], "は不明なフィールドです")
    rule_id = _require_str(raw, "id", "")
    if not _RULE_ID.match(rule_id) or not rule_id.startswith(pack + "."):
        raise SpecError("id", f"は「{pack}.名前」(英小文字・数字・_)の形で書いてください")
    cat = _require_str(raw, "category", "", optional=True) or category
    if not _SLUG.match(cat):
        raise SpecError("category", "は英小文字・数字・_ で書いてください")
    severity = raw.get("severity")
    if severity not in SEVERITIES:
        raise SpecError("severity", f"は {', '.join(SEVERITIES)} のいずれかです")
    escalate = raw.get("escalate") or {}
    if not isinstance(escalate, dict):
        raise SpecError("escalate", "は「official: error」のような対応表で書いてください")
    for key, value in escalate.items():
        if key not in ESCALATE_KEYS:
            raise SpecError(f"escalate.{key}", f"は {', '.join(ESCALATE_KEYS)} のいずれかです")
        if value not in SEVERITIES:
            raise SpecError(f"escalate.{key}", f"の重大度は {', '.join(SEVERITIES)} のいずれかです")
    message = _tidy(_require_str(raw, "message", ""))
    advice = _tidy(_require_str(raw, "advice", ""))
    match = raw.get("match")
    if not isinstance(match, dict) or not isinstance(match.get("kind"), str):
        raise SpecError("match", "には kind を持つ対応表が必要です")
    examples = raw.get("examples") or {}
    if not isinstance(examples, dict) or set(examples) - {"bad", "good"}:
        raise SpecError("examples", "は bad と good のリストで書いてください")
    bad, good = examples.get("bad") or [], examples.get("good") or []
    for name, items in (("bad", bad), ("good", good)):
        if not isinstance(items, list) or not all(isinstance(x, str) and x for x in items):
            raise SpecError(f"examples.{name}", "は文字列のリストで書いてください")
    cites_raw = raw.get("cites") or []
    if not isinstance(cites_raw, list):
        raise SpecError("cites", "は「文書id:条項id」のリストで書いてください")
    cites = []
    for item in cites_raw:
        if not isinstance(item, str) or ":" not in item:
            raise SpecError("cites", f"の {item!r} は「文書id:条項id」の形で書いてください")
        doc, clause = item.split(":", 1)
        cites.append((doc, clause))
    return RuleSpec(rule_id, pack, cat, severity, message, advice, match, raw.get("unless"), bad, good, cites,
                    str(path), dict(escalate))


_FOLD_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def _tidy(text: str) -> str:
    """Japanese prose from a folded YAML block: drop the spaces folding put between lines."""
    return _FOLD_SPACE.sub("", text.strip())


def _load_policy(path: Path, rs: RuleSet) -> None:
    data = _read_yaml(path)
    rs.sources.append(path)
    p = str(path)
    if not isinstance(data, dict):
        raise PackError(p, "ポリシー文書は id, title, publisher, clauses を持つ対応表で書いてください")
    unknown = set(data) - _POLICY_KEYS
    if unknown:
        raise PackError(p, f"{sorted(unknown)[0]}: 不明なフィールドです")
    try:
        doc_id = _require_str(data, "id", "")
        title = _require_str(data, "title", "")
        publisher = _require_str(data, "publisher", "")
        url = _require_str(data, "url", "", optional=True)
    except SpecError as exc:
        raise PackError(p, str(exc)) from None
    if not _DOC_ID.match(doc_id):
        raise PackError(p, "id: 文書 id は英小文字・数字・-・_ で書いてください")
    if doc_id in rs.policies:
        raise PackError(p, f"id: 文書 id {doc_id} は {rs.policies[doc_id].path} で定義済みです")
    profile = data.get("profile", "custom")
    if profile not in PROFILES:
        raise PackError(p, f"profile: {', '.join(PROFILES)} のいずれかです")
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise PackError(p, "year: 西暦の整数で書いてください")
    clauses_raw = data.get("clauses")
    if not isinstance(clauses_raw, list) or not clauses_raw:
        raise PackError(p, "clauses: 条項のリストが必要です")
    clauses: list[Clause] = []
    seen: set[str] = set()
    for k, raw in enumerate(clauses_raw):
        label = f"clauses[{k}]"
        if not isinstance(raw, dict):
            raise PackError(p, f"{label}: 対応表で書いてください")
        unknown = set(raw) - _CLAUSE_KEYS
        if unknown:
            raise PackError(p, f"{label}.{sorted(unknown)[0]}: 不明なフィールドです")
        cid = raw.get("id")
        if not isinstance(cid, str) or not cid:
            raise PackError(p, f"{label}.id: 条項 id を文字列で書いてください(数字は引用符で囲む)")
        if cid in seen:
            raise PackError(p, f"{label}.id: 条項 id {cid} が重複しています")
        seen.add(cid)
        try:
            ctitle = _require_str(raw, "title", f"条項 {cid}: ")
            summary = _require_str(raw, "summary", f"条項 {cid}: ")
        except SpecError as exc:
            raise PackError(p, str(exc)) from None
        covers = raw.get("covers") or []
        if not isinstance(covers, list) or not all(isinstance(c, str) for c in covers):
            raise PackError(p, f"条項 {cid}: covers はカテゴリかルール id のリストで書いてください")
        clauses.append(Clause(cid, ctitle, summary, covers))
    rs.policies[doc_id] = Policy(doc_id, title, publisher, profile, p, clauses, year, url)


def _check_references(rs: RuleSet) -> None:
    """Every ``covers`` names a category, pack or rule; every ``cites`` an existing clause.

    A rule id in ``covers`` whose pack is not loaded at all is tolerated, so that an
    organisation's policy document may map clauses onto packs it has not installed.
    """
    rule_ids = {r.id for r in rs.rules}
    names = {r.category for r in rs.rules} | {r.pack for r in rs.rules} | set(CATEGORIES)
    packs = {r.pack for r in rs.rules}
    for policy in rs.policies.values():
        for clause in policy.clauses:
            for target in clause.covers:
                if "." in target and target.split(".", 1)[0] not in packs:
                    continue
                if target not in rule_ids and target not in names:
                    raise PackError(
                        policy.path,
                        f"条項 {clause.id}: covers の {target} はカテゴリでもルール id でもありません",
                    )
    for rule in rs.rules:
        for doc, clause in rule.cites:
            policy = rs.policies.get(doc)
            if policy is None:
                raise PackError(rule.path, f"cites: 文書 {doc} がありません", rule=rule.id)
            if policy.clause(clause) is None:
                raise PackError(rule.path, f"cites: 文書 {doc} に条項 {clause} がありません", rule=rule.id)
