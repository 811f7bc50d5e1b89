"""The linter: compile the packs once, then check posts one after another.

    read -> normalise -> tokenise -> match -> (exceptions) -> cite -> report

A post is analysed once (:func:`document.analyse`); every rule then looks at the same
tokens and term hits, so the cost of a post barely depends on the number of rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from snslint.compiled import Compiled, CompiledRule, compile_ruleset, load_compiled
from snslint.conditions import Condition
from snslint.config import Settings
from snslint.document import Doc, analyse
from snslint.errors import SnslintError
from snslint.findings import Citation, Finding, Post, PostResult
from snslint.packs import SEVERITY_RANK, RuleSet, RuleSpec, builtin_rules_dir, load_rules
from snslint.text import LineIndex

MAX_POST_CHARS = 100_000


@dataclass
class Options:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    min_severity: str = "info"
    policies: list[str] | None = None  # None: every document
    severity_overrides: dict[str, str] = field(default_factory=dict)
    extra_rule_dirs: list[Path] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)  # accounts, timezone, allowlist

    @classmethod
    def from_settings(cls, settings: Settings, **cli) -> "Options":
        """Configuration values, overridden by whatever the command line gave."""
        return cls(
            select=cli.get("select") or settings.select,
            ignore=[*settings.ignore, *(cli.get("ignore") or [])],
            min_severity=cli.get("min_severity") or settings.min_severity or "info",
            policies=cli.get("policies") or settings.policies,
            severity_overrides=dict(settings.severity),
            extra_rule_dirs=list(settings.rules_dirs),
            settings=settings,
        )


@dataclass
class Rule:
    spec: RuleSpec
    matcher: object
    conditions: list[Condition]
    citations: tuple[Citation, ...]
    severity: str

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def highest_rank(self) -> int:
        """The rank of the most severe level this rule can report, escalations included."""
        return max(SEVERITY_RANK[s] for s in (self.severity, *self.spec.escalate.values()))

    def severity_for(self, account_keys: frozenset[str]) -> str:
        """The rule's severity for a post by an account of these kinds/roles (never lowered)."""
        severity = self.severity
        for key, raised in self.spec.escalate.items():
            if key in account_keys and SEVERITY_RANK[raised] > SEVERITY_RANK[severity]:
                severity = raised
        return severity


class UsageError(SnslintError):
    """A command-line or configuration value that names nothing."""


def load_ruleset(options: Options | None = None) -> RuleSet:
    options = options or Options()
    return load_rules([builtin_rules_dir(), *options.extra_rule_dirs])


class Linter:
    def __init__(self, rules: RuleSet | Compiled, options: Options | None = None) -> None:
        self.options = options or Options()
        compiled = rules if isinstance(rules, Compiled) else compile_ruleset(rules)
        self.ruleset = compiled.ruleset
        self.index = compiled.index
        self.scanner = compiled.scanner
        self.policies = self._active_policies()
        self._check_selectors()
        self.all_rules: list[Rule] = [self._rule(c) for c in compiled.rules]
        self._floor = SEVERITY_RANK[self.options.min_severity]
        self.rules = [
            r for r in self.all_rules if self._enabled(r.id, r.spec) and r.highest_rank >= self._floor
        ]
        self._index_rules()

    @classmethod
    def build(cls, options: Options | None = None) -> "Linter":
        """The shipped packs plus configured ones, compiled (or from the compile cache)."""
        options = options or Options()
        return cls(load_compiled([builtin_rules_dir(), *options.extra_rule_dirs]), options)

    # --- set-up -------------------------------------------------------------------

    def _active_policies(self):
        wanted = self.options.policies
        if wanted is None:
            return list(self.ruleset.policies.values())
        unknown = [p for p in wanted if p not in self.ruleset.policies]
        if unknown:
            known = ", ".join(sorted(self.ruleset.policies))
            raise UsageError(f"ポリシー文書 {unknown[0]} はありません(使えるのは {known})")
        return [self.ruleset.policies[p] for p in wanted]

    def _check_selectors(self) -> None:
        names = set()
        for r in self.ruleset.rules:
            names |= {r.id, r.pack, r.category}
        for option, values in (("--select", self.options.select), ("--ignore", self.options.ignore)):
            for v in values:
                if v not in names:
                    raise UsageError(f"{option} {v}: そのルール・パック・カテゴリはありません(`snslint rules` で一覧)")
        for rule_id, severity in self.options.severity_overrides.items():
            if rule_id not in names:
                raise UsageError(f"重大度の上書き {rule_id}: そのルールはありません")
            if severity not in SEVERITY_RANK:
                raise UsageError(f"重大度の上書き {rule_id}: {severity} は info, warning, error のいずれかです")

    def _enabled(self, rule_id: str, spec: RuleSpec) -> bool:
        def hit(selectors):
            return any(s in (rule_id, spec.pack, spec.category) for s in selectors)

        if self.options.select and not hit(self.options.select):
            return False
        return not hit(self.options.ignore)

    def _index_rules(self) -> None:
        """Rules by the atoms that trigger them (term ids, pattern literals): almost every
        rule needs one of a few, and a post holds few, so a post only runs the rules its
        atoms trigger."""
        self._always: list[int] = []  # positions in self.rules
        self._by_atom: dict[int | str, list[int]] = {}
        for k, rule in enumerate(self.rules):
            atoms = rule.matcher.requires
            if atoms is None:
                self._always.append(k)
            for atom in atoms or ():
                self._by_atom.setdefault(atom, []).append(k)

    def _triggered(self, doc: Doc) -> list[Rule]:
        """The rules that may find something in a post, in rule order."""
        active = set(self._always)
        by_atom = self._by_atom
        for atom in doc.atoms:
            found = by_atom.get(atom)
            if found:
                active.update(found)
        rules = self.rules
        return [rules[k] for k in sorted(active)]

    def _rule(self, compiled: CompiledRule) -> Rule:
        spec = compiled.spec
        severity = spec.severity
        for key in (spec.category, spec.pack, spec.id):  # most specific wins
            severity = self.options.severity_overrides.get(key, severity)
        return Rule(spec, compiled.matcher, compiled.conditions, self._citations(spec), severity)

    def _citations(self, spec: RuleSpec) -> tuple[Citation, ...]:
        """Every clause of the active documents covering the rule, in document order."""
        if not hasattr(self, "_covering"):
            self._covering: dict[str, list[tuple[int, Citation]]] = {}
            self._clauses: dict[tuple[str, str], tuple[int, Citation]] = {}
            order = 0
            for policy in self.policies:
                for clause in policy.clauses:
                    entry = (order, Citation(policy.id, clause.id, clause.title, policy.title))
                    order += 1
                    self._clauses[(policy.id, clause.id)] = entry
                    for target in clause.covers:
                        self._covering.setdefault(target, []).append(entry)
        found = {}
        for key in (spec.id, spec.category, spec.pack):
            for order, citation in self._covering.get(key, ()):
                found[order] = citation
        for ref in spec.cites:
            if ref in self._clauses:
                order, citation = self._clauses[ref]
                found[order] = citation
        return tuple(found[k] for k in sorted(found))

    # --- checking ------------------------------------------------------------------

    def analyse(self, text: str) -> Doc:
        return analyse(text, self.index, self.scanner)

    def check_text(self, text: str, rules: list[Rule] | None = None, post: Post | None = None) -> list[Finding]:
        doc = self.analyse(text)
        doc.settings = self.options.settings
        if post is not None and post.meta:
            doc.meta = post.meta
            doc.meta_base = str(Path(post.source).parent) if post.source != "-" else None
        lines = None  # built for the first finding: most posts have none
        account = self._account_keys(post)
        findings: list[Finding] = []
        seen: set[tuple[str, int, int]] = set()
        for rule in self._triggered(doc) if rules is None else rules:
            severity = rule.severity_for(account) if account else rule.severity
            if SEVERITY_RANK[severity] < self._floor:
                continue
            reported: set[int] = set()  # sentences this rule already has a finding in
            for cand in sorted(rule.matcher.find(doc), key=lambda c: (c.start, -c.end)):
                sentence = doc.sentence_of(cand.first)[0] if cand.last > cand.first else None
                if sentence in reported:
                    continue  # one finding per rule and sentence: the first place it fired
                if any(c.holds(doc, cand) for c in rule.conditions):
                    continue
                start, end = doc.norm.to_original(cand.start, cand.end)
                key = (rule.id, start, end, cand.detail)
                if key in seen or self._allowed(rule, text, start, end):
                    continue
                seen.add(key)
                if sentence is not None:
                    reported.add(sentence)
                if lines is None:
                    lines = LineIndex(text)
                line, column = lines.position(start)
                message = f"{rule.spec.message}({cand.detail})" if cand.detail else rule.spec.message
                findings.append(
                    Finding(
                        rule.id, rule.spec.category, severity, message, rule.spec.advice,
                        start, end, line, column, text[start:end], rule.citations, cand.suggest,
                    )
                )
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return findings

    def _account_keys(self, post: Post | None) -> frozenset[str]:
        """The kind and role of the configured account a queue post is scheduled on."""
        if post is None or not isinstance(post.meta.get("account"), str):
            return frozenset()
        account = self.options.settings.accounts.get(post.meta["account"])
        return frozenset((account.kind, account.role)) if account is not None else frozenset()

    def check(self, post: Post) -> PostResult:
        if not post.text.strip():
            return PostResult(post, error="本文が空です")
        if len(post.text) > MAX_POST_CHARS:
            return PostResult(post, error=f"本文が長すぎます({len(post.text):,} 文字、上限 {MAX_POST_CHARS:,} 文字)")
        return PostResult(post, self.check_text(post.text, post=post))

    def _allowed(self, rule: Rule, text: str, start: int, end: int) -> bool:
        """The suppression pass: the organisation's allowlist, scoped to rules."""
        for entry in self.options.settings.allow:
            if not any(s in (rule.id, rule.spec.pack, rule.spec.category) for s in entry.rules):
                continue
            k = text.find(entry.text)
            while k >= 0:
                if k < end and start < k + len(entry.text) or (start == end and k <= start <= k + len(entry.text)):
                    return True
                k = text.find(entry.text, k + 1)
        return False

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.all_rules if r.id == rule_id), None)
