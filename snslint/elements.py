"""Elements: the pieces of evidence rules are built from.

An element is written in a rule pack as a term, a list of terms, or a mapping::

    "@insult"                                 # a lexicon
    [バカ, アホ, "@insult"]                   # terms and lexicons
    {terms: [...], pos: 名詞-固有名詞-人名, regex: "...", any: [...]}

and yields *occurrences* in a post: spans with their token range. Occurrences are
cached on the document, so an element shared by many rules is evaluated once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from snslint.document import Candidate, Doc
from snslint.errors import SpecError
from snslint.lexicon import TermIndex
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
    has_pos: bool = field(default=False, compare=False)

    @property
    def scans(self) -> bool:
        """Whether it may occur without a term hit: it looks for a part of speech or pattern."""
        return self.has_pos or bool(self.patterns)

    def possible(self, doc: Doc) -> bool:
        """False when the element certainly has no occurrence in the post: none of its
        terms was hit, it looks for no part of speech, and the text holds none of the
        required literals of any of its patterns."""
        if self.has_pos or not doc.hits.keys().isdisjoint(self.all_terms):
            return True
        return any(doc.may_match(p) for p in self.patterns)

    def occurrences(self, doc: Doc) -> list[Candidate]:
        cache_key = ("el", self.key)
        found = doc.cache.get(cache_key)
        if found is not None:
            return found
        out: list[Candidate] = []
        if not self.possible(doc):
            doc.cache[cache_key] = out
            return out
        if self.term_ids:
            hits = doc.hits
            terms = doc.index.terms
            for term_id in hits.keys() & self.term_ids:
                suggest = terms[term_id].suggest
                out.extend(Candidate(h.start, h.end, h.first, h.last, suggest) for h in hits[term_id])
        for p in self.pos:
            out.extend(doc.pos_occurrences(p))
        if self.regex is not None:
            out.extend(doc.regex_occurrences(self.regex))
        for child in self.children:
            out.extend(child.occurrences(doc))
        if len(out) > 1:
            out.sort(key=lambda c: (c.start, -c.end))
        doc.cache[cache_key] = out
        return out


def required_terms(elements) -> frozenset[int] | None:
    """Terms one of which a post must hit for every one of ``elements`` to occur: those
    of the most selective element that looks for terms only. None when each element
    may also occur through a pattern or part of speech."""
    candidates = [e.all_terms for e in elements if not e.scans]
    return min(candidates, key=len) if candidates else None


class ElementCompiler:
    """Turns element specs into :class:`Element` objects, resolving ``@lexicon`` names."""

    def __init__(self, index: TermIndex, lexicons: dict[str, list]) -> None:
        self.index = index
        self.lexicons = lexicons  # name -> raw term list
        self._lexicon_ids: dict[str, tuple[frozenset[int], tuple[Element, ...]]] = {}
        self._next_key = 0
        self.scope = ""  # the pack whose rule is being compiled: its own lexicons come first

    def compile(self, spec, where: str) -> Element:
        if isinstance(spec, str | list):
            ids, extra = self.terms(spec if isinstance(spec, list) else [spec], where)
            return self._make(ids, (), None, extra)
        if not isinstance(spec, dict):
            raise SpecError(where, "には語、語のリスト、または terms/pos/regex/any を持つ対応表を書いてください")
        unknown = set(spec) - {"terms", "pos", "regex", "any"}
        if unknown:
            raise SpecError(f"{where}.{sorted(unknown)[0]}", "は不明なフィールドです(使えるのは terms, pos, regex, any)")
        if not any(k in spec for k in ("terms", "pos", "regex", "any")):
            raise SpecError(where, "には terms, pos, regex, any のいずれかが必要です")
        term_ids, extra = self.terms(spec.get("terms", []), f"{where}.terms")
        pos = self._pos(spec.get("pos"), f"{where}.pos")
        regex = None
        if "regex" in spec:
            regex = compile_user_regex(spec["regex"], f"{where}.regex")
        children = list(extra)
        any_spec = spec.get("any", [])
        if not isinstance(any_spec, list):
            raise SpecError(f"{where}.any", "はリストで書いてください")
        for k, child in enumerate(any_spec):
            children.append(self.compile(child, f"{where}.any[{k}]"))
        return self._make(term_ids, pos, regex, tuple(children))

    def _make(self, term_ids, pos, regex, children) -> Element:
        self._next_key += 1
        term_ids = frozenset(term_ids)
        all_terms = term_ids.union(*(c.all_terms for c in children))
        own = (regex,) if regex is not None else ()
        patterns = tuple(dict.fromkeys(own + tuple(p for c in children for p in c.patterns)))  # deduplicated
        has_pos = bool(pos) or any(c.has_pos for c in children)
        return Element(self._next_key, term_ids, pos, regex, children, all_terms, patterns, has_pos)

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
            elif isinstance(item, dict) and "term" not in item and set(item) <= {"pos", "regex", "any"} and item:
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
