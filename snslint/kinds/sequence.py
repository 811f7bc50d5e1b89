"""``sequence``: elements in order inside one sentence, with optional gaps.

    match:
      kind: sequence
      steps:
        - "@party"
        - {terms: [に], gap: 0}
        - {terms: [投票, 入れる], gap: 3}   # up to 3 tokens between the previous step and this one

The finding spans from the first step to the last.
"""

from __future__ import annotations

from snslint.document import Candidate, Doc
from snslint.elements import ElementCompiler
from snslint.errors import SpecError

FIELDS = {"steps"}
MAX_GAP = 20


class Matcher:
    def __init__(self, steps, requires) -> None:
        self.steps = steps  # [(element, gap)]
        self.requires = requires

    def find(self, doc: Doc) -> list[Candidate]:
        for element, _ in self.steps:  # every step must occur
            if not element.possible(doc):
                return []
        # Several first steps can reach the same last step (最新話の…画像、全ページ上げとく):
        # report that run once, from the closest first step.
        by_end: dict[int, Candidate] = {}
        first_el = self.steps[0][0]
        for occ in first_el.occurrences(doc):
            _, sentence_end = doc.sentence_of(occ.first)
            end = self._extend(doc, occ.last, 1, sentence_end)
            if end is not None:
                kept = by_end.get(end[0])
                if kept is None or occ.start > kept.start:
                    by_end[end[0]] = Candidate(occ.start, end[0], occ.first, end[1], occ.suggest)
        return list(by_end.values())

    def _extend(self, doc: Doc, after: int, k: int, limit: int):
        if k == len(self.steps):
            tok = doc.tokens[after - 1]
            return tok.end, after
        element, gap = self.steps[k]
        for occ in element.occurrences(doc):
            if after <= occ.first <= after + gap and occ.last <= limit:
                found = self._extend(doc, occ.last, k + 1, limit)
                if found is not None:
                    return found
        return None


def compile(spec: dict, elements: ElementCompiler, where: str) -> Matcher:
    steps = spec.get("steps")
    if not isinstance(steps, list) or len(steps) < 2:
        raise SpecError(f"{where}.steps", "には二つ以上の要素をリストで書いてください")
    compiled = []
    for k, step in enumerate(steps):
        here = f"{where}.steps[{k}]"
        gap = 0
        if isinstance(step, dict) and "gap" in step:
            step = dict(step)
            gap = step.pop("gap")
            if not isinstance(gap, int) or isinstance(gap, bool) or not 0 <= gap <= MAX_GAP:
                raise SpecError(f"{here}.gap", f"は0から{MAX_GAP}までの整数で書いてください")
        compiled.append((elements.compile(step, here), gap))
    return Matcher(compiled, elements.requirement([element for element, _ in compiled]))
