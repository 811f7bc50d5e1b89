"""``cooccur``: several elements together in one sentence (or one post).

    match:
      kind: cooccur
      all: ["@target", "@insult"]   # each must occur
      anchor: 1                     # which element's occurrences are reported (default 0)
      scope: sentence               # or nearby (the sentences either side too), or post
      window: 8                     # optional: others within 8 tokens of the anchor

One finding per anchor occurrence that has every other element in its scope.
"""

from __future__ import annotations

from snslint.document import Candidate, Doc
from snslint.elements import ElementCompiler
from snslint.errors import SpecError

FIELDS = {"all", "anchor", "scope", "window"}


class Matcher:
    def __init__(self, parts, anchor: int, scope: str, window: int | None, requires) -> None:
        self.parts = parts
        self.requires = requires
        self.anchor = anchor
        self.scope = scope
        self.window = window
        # parts in the order they are worked out: those running fewer patterns first, so
        # that a part that does not occur spares the others' patterns
        self.order = sorted(range(len(parts)), key=lambda k: (len(parts[k].patterns), bool(parts[k].all_pos)))

    def find(self, doc: Doc) -> list[Candidate]:
        # Every part must occur. Rule out the post from term hits alone before running
        # any pattern: most posts hit none of a rule's terms.
        for part in self.parts:
            if not part.possible(doc):
                return []
        found = {}
        for k in self.order:
            found[k] = self.parts[k].occurrences(doc)
            if not found[k]:
                return []
        anchors = found[self.anchor]
        others = [found[k] for k in range(len(self.parts)) if k != self.anchor]
        out = []
        for a in anchors:
            lo, hi = self._bounds(doc, a)
            if all(any(self._near(a, o, lo, hi) for o in occs) for occs in others):
                out.append(a)
        return out

    def _bounds(self, doc: Doc, a: Candidate) -> tuple[int, int]:
        """The token range the other elements must lie in, for an anchor occurrence."""
        if self.scope == "post":
            return 0, len(doc.tokens)
        if self.scope == "sentence":
            return doc.sentence_of(a.first)
        return doc.sentences_around(a.first, 1)

    def _near(self, a: Candidate, o: Candidate, lo: int, hi: int) -> bool:
        if not (lo <= o.first and o.last <= hi):
            return False
        if o.first < a.last and a.first < o.last:  # the same words cannot be both
            return False
        if self.window is None:
            return True
        distance = o.first - a.last if o.first >= a.last else a.first - o.last
        return distance <= self.window


def compile(spec: dict, elements: ElementCompiler, where: str) -> Matcher:
    parts = spec.get("all")
    if not isinstance(parts, list) or len(parts) < 2:
        raise SpecError(f"{where}.all", "には二つ以上の要素をリストで書いてください")
    anchor = spec.get("anchor", 0)
    if not isinstance(anchor, int) or isinstance(anchor, bool) or not 0 <= anchor < len(parts):
        raise SpecError(f"{where}.anchor", f"は0から{len(parts) - 1}までの整数で書いてください")
    scope = spec.get("scope", "sentence")
    if scope not in ("sentence", "nearby", "post"):
        raise SpecError(f"{where}.scope", "は sentence、nearby、post のいずれかです")
    window = spec.get("window")
    if window is not None and (not isinstance(window, int) or isinstance(window, bool) or window < 0):
        raise SpecError(f"{where}.window", "は0以上の整数で書いてください")
    compiled = [elements.compile(p, f"{where}.all[{k}]") for k, p in enumerate(parts)]
    return Matcher(compiled, anchor, scope, window, elements.requirement(compiled))
