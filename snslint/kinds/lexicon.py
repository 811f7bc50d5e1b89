"""``lexicon``: every occurrence of an element (terms, part of speech, regex).

    match: {kind: lexicon, terms: ["@slur", めくら判]}
"""

from __future__ import annotations

from snslint.document import Candidate, Doc
from snslint.elements import ElementCompiler

FIELDS = {"terms", "pos", "regex", "any"}


class Matcher:
    def __init__(self, element) -> None:
        self.element = element
        self.requires = element.requires

    def find(self, doc: Doc) -> list[Candidate]:
        return self.element.occurrences(doc)


def compile(spec: dict, elements: ElementCompiler, where: str) -> Matcher:
    return Matcher(elements.compile({k: spec[k] for k in FIELDS if k in spec}, where))
