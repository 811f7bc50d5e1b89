"""Elements: the pieces of evidence rules are built from.

An element is written in a rule pack as a term, a list of terms, or a mapping::

    "@insult"                                 # a lexicon
    [バカ, アホ, "@insult"]                   # terms and lexicons
    {terms: [...], pos: 名詞-固有名詞-人名, regex: "...", any: [...]}
    {regex: "...", words: true}              # regex matches only from word to word boundary

and yields *occurrences* in a post: spans with their token range. Occurrences are
cached on the document, so an element shared by many rules is evaluated once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from snslint.document import Candidate, Doc
from snslint.errors import SpecError
from snslint.lexicon import TermIndex
from snslint.literals import ClauseIndex
from snslint.literals import cost as literal_cost
from snslint.safe_regex import LazyPattern, compile_user_regex

POS_SEPARATOR = "-"


@dataclass(frozen=True, slots=True)
class Element:
    key: int  # identity for caching
    term_ids: frozenset[int]
    pos: tuple[tuple[str, ...], ...]
    regex: LazyPattern | None
    children: tuple["Element", ...]
    # Derived when compiled, so a post can rule the element out cheaply (its own and its children's):
    all_terms: frozenset[int] = field(default=frozenset(), compare=False)
    patterns: tuple[LazyPattern, ...] = field(default=(), compare=False)
    all_pos: tuple[tuple[str, ...], ...] = field(default=(), compare=False)
    # Atoms (term ids and required literals of its patterns) one of which a post must
    # hold for the element to occur; None when it may occur anyway (a part of speech,
    # a pattern with no required literal).
    requires: frozenset[int | str] | None = field(default=None, compare=False)
    # For an element with many patterns: its patterns by the strings of their best clause,
    # so a post only looks at those whose clause it holds (plus those without a clause).
    pattern_index: ClauseIndex | None = field(default=None, compare=False)

    def __reduce__(self):  # rebuilt through __init__: a third of the time dataclasses' own state takes
        return Element, tuple(getattr(self, name) for name in _FIELDS)

    def possible(self, doc: Doc) -> bool:
        """False when the element certainly has no occurrence in the post: the post holds
        none of its atoms (term hits, literals its patterns require)."""
        return self.requires is None or not doc.atoms.isdisjoint(self.requires)

    def occurrences(self, doc: Doc) -> list[Candidate]:
        """Its own and its children's: the hits of all its terms, the words of all its
        parts of speech and the matches of all its patterns, in text order."""
        cache = doc.occurrences
        found = cache.get(self.key)
        if found is not None:
            return found
        out: list[Candidate] = []
        if self.possible(doc):
            hits = doc.hits
            if self.all_terms:
                terms = doc.index.terms
                for term_id in self.all_terms.intersection(hits):
                    suggest = terms[term_id].suggest
                    out.extend(Candidate(h.start, h.end, h.first, h.last, suggest) for h in hits[term_id])
            for p in self.all_pos:
                out.extend(doc.pos_occurrences(p))
            patterns = self.patterns
            if self.pattern_index is not None:
                patterns = [patterns[k] for k in self.pattern_index.candidates(doc.literals)]
            for pattern in patterns:
                out.extend(doc.regex_occurrences(pattern))
            if len(out) > 1:
                out.sort(key=lambda c: (c.start, -c.end))
        cache[self.key] = out
        return out


_FIELDS = tuple(f.name for f in fields(Element))
_FEW_PATTERNS = 4  # beyond this many patterns, an element indexes them by literal


def requirement(elements, index: TermIndex) -> frozenset[int | str] | None:
    """Atoms one of which a post must hold for every one of ``elements`` to occur: those
    of the element whose atoms are rarest. None when each element may occur anyway."""
    def cost(atoms) -> int:  # terms weighed like strings of their length
        return literal_cost(index.terms[a].text.strip("*") if isinstance(a, int) else a for a in atoms)

    candidates = [e.requires for e in elements if e.requires is not None]
    return min(candidates, key=cost) if candidates else None


class ElementCompiler:
    """Turns element specs into :class:`Element` objects, resolving ``@lexicon`` names."""

    def __init__(self, index: TermIndex, lexicons: dict[str, list]) -> None:
        self.index = index
        self.lexicons = lexicons  # name -> raw term list
        self._lexicon_ids: dict[str, tuple[frozenset[int], tuple[Element, ...]]] = {}
        self._next_key = 0
        self.scope = ""  # the pack whose rule is being compiled: its own lexicons come first
        self.patterns: dict[str, LazyPattern] = {}  # every pattern compiled, for the literal scan
        self._made: dict[tuple, Element] = {}

    def compile(self, spec, where: str) -> Element:
        if isinstance(spec, str | list):
            ids, extra = self.terms(spec if isinstance(spec, list) else [spec], where)
            return self._make(ids, (), None, extra)
        if not isinstance(spec, dict):
            raise SpecError(where, "には語、語のリスト、または terms/pos/regex/any を持つ対応表を書いてください")
        unknown = set(spec) - {"terms", "pos", "regex", "any", "words"}
        if unknown:
            raise SpecError(f"{where}.{sorted(unknown)[0]}", "は不明なフィールドです(使えるのは terms, pos, regex, any, words)")
        words = spec.get("words", False)
        if not isinstance(words, bool) or (words and "regex" not in spec):
            raise SpecError(f"{where}.words", "は regex と一緒に true か false で書いてください")
        if not any(k in spec for k in ("terms", "pos", "regex", "any")):
            raise SpecError(where, "には terms, pos, regex, any のいずれかが必要です")
        term_ids, extra = self.terms(spec.get("terms", []), f"{where}.terms")
        pos = self._pos(spec.get("pos"), f"{where}.pos")
        regex = None
        if "regex" in spec:
            regex = self.regex(spec["regex"], f"{where}.regex", words)
        children = list(extra)
        any_spec = spec.get("any", [])
        if not isinstance(any_spec, list):
            raise SpecError(f"{where}.any", "はリストで書いてください")
        for k, child in enumerate(any_spec):
            children.append(self.compile(child, f"{where}.any[{k}]"))
        return self._make(term_ids, pos, regex, tuple(children))

    def _make(self, term_ids, pos, regex, children) -> Element:
        """One element per distinct content: every rule naming @insult shares one, so a
        post works its occurrences out once and the compile cache stores it once."""
        term_ids = frozenset(term_ids)
        identity = (term_ids, pos, regex, tuple(id(c) for c in children))
        found = self._made.get(identity)
        if found is None:
            found = self._made[identity] = self._build(term_ids, pos, regex, children)
        return found

    def _build(self, term_ids, pos, regex, children) -> Element:
        self._next_key += 1
        child_terms = [c.all_terms for c in children if c.all_terms]
        all_terms = term_ids.union(*child_terms) if child_terms else term_ids  # shared, not copied
        own = (regex,) if regex is not None else ()
        patterns = tuple(dict.fromkeys(own + tuple(p for c in children for p in c.patterns)))  # deduplicated
        all_pos = tuple(dict.fromkeys(pos + tuple(p for c in children for p in c.all_pos)))
        requires = None
        if not all_pos and all(p.clauses for p in patterns):  # a pattern occurs only with its best clause
            requires = all_terms.union(*(p.clauses[0] for p in patterns)) if patterns else all_terms
        index = ClauseIndex(p.clauses for p in patterns) if len(patterns) > _FEW_PATTERNS else None
        return Element(
            self._next_key, term_ids, pos, regex, children, all_terms, patterns, all_pos, requires, index,
        )

    def regex(self, pattern, where: str, words: bool = False) -> LazyPattern:
        """A checked pattern, remembered so that every post is scanned for its literals;
        one object per pattern text (and word mode), so a post runs each pattern once."""
        compiled = compile_user_regex(pattern, where, words)
        key = f"\0{compiled.pattern}" if words else compiled.pattern
        return self.patterns.setdefault(key, compiled)

    def requirement(self, elements) -> frozenset[int | str] | None:
        return requirement(elements, self.index)

    def terms(self, items, where: str) -> tuple[frozenset[int], tuple[Element, ...]]:
        """Term ids of a term list, plus the elements ({pos}, {regex}) that lexicons may hold."""
        if not isinstance(items, list):
            raise SpecError(where, "はリストで書いてください")
        ids: set[int] = set()
        elements: list[Element] = []
        for k, item in enumerate(items):
            here = f"{where}[{k}]"
            if isinstance(item, str) and item.startswith("@"):
                lex_ids, lex_elements = self.lexicon(item[1:], here)
                ids |= lex_ids
                elements.extend(lex_elements)
            elif isinstance(item, dict) and "term" not in item and set(item) <= {"pos", "regex", "any", "words"} and item:
                elements.append(self.compile(item, here))
            elif isinstance(item, str):
                if not item.strip("*"):
                    raise SpecError(here, "が空の語です")
                ids.add(self.index.add(item))
            elif isinstance(item, dict):
                unknown = set(item) - {"term", "pos", "suggest"}
                if unknown or "term" not in item or not isinstance(item["term"], str):
                    raise SpecError(here, "は {term, pos, suggest} の形で書いてください")
                pos = self._pos(item.get("pos"), f"{here}.pos")
                if len(pos) > 1:
                    raise SpecError(f"{here}.pos", "には品詞を一つだけ書いてください")
                ids.add(self.index.add(item["term"], pos[0] if pos else (), item.get("suggest")))
            elif isinstance(item, bool | int | float) or item is None:
                raise SpecError(here, f"が文字列ではありません({item!r})。YAML では no, yes, on, off, 数字などは引用符で囲んでください")
            else:
                raise SpecError(here, "は文字列、{term, pos, suggest}、または {pos, regex, any} で書いてください")
        return frozenset(ids), tuple(elements)

    def lexicon(self, name: str, where: str, _seen: tuple[str, ...] = ()) -> tuple[frozenset[int], tuple[Element, ...]]:
        """Resolve ``@name``: the current pack's ``pack.name`` first, then shared lexicons."""
        if "." not in name and f"{self.scope}.{name}" in self.lexicons:
            name = f"{self.scope}.{name}"
        if name in self._lexicon_ids:
            return self._lexicon_ids[name]
        if name not in self.lexicons:
            raise SpecError(where, f"の語彙 @{name} は定義されていません")
        if name in _seen:
            raise SpecError(where, f"の語彙 @{name} が自分自身を参照しています")
        ids: set[int] = set()
        elements: list[Element] = []
        outer = self.scope
        self.scope = name.split(".", 1)[0] if "." in name else ""
        try:
            for k, item in enumerate(self.lexicons[name]):
                if isinstance(item, str) and item.startswith("@"):
                    sub_ids, sub_elements = self.lexicon(item[1:], f"lexicons.{name}[{k}]", _seen + (name,))
                else:
                    sub_ids, sub_elements = self.terms([item], f"lexicons.{name}[{k}]")
                ids |= sub_ids
                elements.extend(sub_elements)
        finally:
            self.scope = outer
        self._lexicon_ids[name] = (frozenset(ids), tuple(elements))
        return self._lexicon_ids[name]

    @staticmethod
    def _pos(value, where: str) -> tuple[tuple[str, ...], ...]:
        if value is None:
            return ()
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise SpecError(where, "は品詞(例: 名詞-固有名詞-人名)かそのリストで書いてください")
        return tuple(tuple(v.split(POS_SEPARATOR)) for v in values)
