"""Rule kinds: a closed set of ways a rule finds evidence in a post.

Each kind is a module with ``FIELDS`` (the keys its ``match`` mapping accepts) and
``compile(spec, elements, where) -> Matcher``; a matcher's ``find(doc)`` returns
:class:`~snslint.document.Candidate` spans, and its ``requires`` the atoms (term ids,
literals its patterns require) one of which a post must hold for ``find`` to return
anything (None: no such set), so the engine only runs the rules a post's atoms can
trigger. Rules are data; kinds are code.
"""

from __future__ import annotations

from snslint.kinds import cooccur, lexicon, meta, regex, sequence

KINDS = {
    "lexicon": lexicon,
    "sequence": sequence,
    "cooccur": cooccur,
    "regex": regex,
    "meta": meta,
}
