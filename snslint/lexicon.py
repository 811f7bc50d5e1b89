"""One index over every term of every rule, matched once per post on token boundaries.

A term is a word or phrase written in a rule pack. It is tokenised with Sudachi when
the packs are compiled, and matches a run of post tokens when the run's folded keys
equal the term's, compared three ways:

* folded surface: ばか, バカ, ﾊﾞｶ, ばかーー and バ・カ (separators inside the run are skipped);
* the term's folded reading, so a kanji entry (馬鹿) also matches kana spellings —
  only for terms without inflecting words, since a verb's kana reading is ambiguous
  (撮る would otherwise match とる in 責任をとる);
* base forms token by token (dictionary form of verbs and adjectives, normalised form
  of other words), so 晒す matches 晒して and 晒した, and ｸｿ matches 糞.

The post side never uses readings (貸す is not カス). A term ending in ``*`` matches
any word that starts with it (クソ* for クソ上司); one starting with ``*`` any word
that ends with it (*野郎 for パワハラ野郎). Matches always start and end on token
boundaries, except inside the wildcard side, so 差別 does not match inside 差別化.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from snslint.text import fold
from snslint.tokens import Token, analyse_term, dictionary_norms, has_kanji


@dataclass(slots=True)
class Term:
    text: str
    mode: str  # "word", "prefix" or "suffix"
    pos: tuple[str, ...] = ()
    suggest: str | None = None

    def __reduce__(self):  # rebuilt through __init__: faster to unpickle than slots state
        return Term, (self.text, self.mode, self.pos, self.suggest)


_HIT_ORDER = itemgetter(3, 4, 0)  # start, end, term


class Hit(NamedTuple):  # a tuple: posts have dozens of hits, hashed into a set
    term: int
    first: int  # index of first token
    last: int  # index after the last token
    start: int  # offsets in the normalised text
    end: int


_SEP = "\x1f"  # between tokens in base-form keys: a term matches token for token
_BASE = "\x1e"  # a token compared by its base form
_FORM = "\x1d"  # a token compared by its folded surface (a deliberately inflected term word)
_INFLECTING = {"動詞", "形容詞", "助動詞"}
_NO_KANJI_NORMS = _INFLECTING | {"助詞", "接続詞"}


def _term_keys(t: Token) -> set[str]:
    """How one token of a term may be compared: its exact form when the rule author wrote
    an inflected form, else its base form (so 晒す matches every form of 晒す); a noun by
    its normalised form (what a kanji spelling in a post gives) or its own spelling."""
    if t.inflected:
        return {_FORM + t.key}
    if t.pos[0] in _INFLECTING:
        return {_BASE + t.norm_key}
    return {k for k in (_BASE + fold(t.norm), _BASE + t.key) if len(k) > 1}


_MAX_VARIANTS = 32


def _joined_keys(toks: list[Token]) -> set[str]:
    keys = {""}
    for k, t in enumerate(toks):
        keys = {(prev + _SEP if k else "") + alt for prev in keys for alt in _term_keys(t)}
        if len(keys) > _MAX_VARIANTS:
            keys = set(sorted(keys)[:_MAX_VARIANTS])
    return {k for k in keys if k}


# Tokens that cannot sit inside a single word, for runs that only match once folded.
_FUNCTION_POS = {"助詞", "助動詞"}
_ELONGATED = set("ー〜~ぁぃぅぇぉァィゥェォっッ")


_CONTENT_POS = {"名詞", "形状詞", "感動詞", "副詞", "接頭辞", "接尾辞", "補助記号", "記号", "空白"}


def _content_run(tokens: list[Token], i: int, j: int) -> bool:
    """A kana spelling of a kanji term is only accepted over content words: the reading
    of 歯科 is not the particle しか, nor that of 野郎 the verb form やろう."""
    run = tokens[i:j + 1]
    if len(run) > 1 and any(c in _ELONGATED for c in run[-1].surface):
        run = run[:-1]  # ば|かーー: a stretched ending is not grammar
    return all(t.pos[0] in _CONTENT_POS for t in run)


def _reading_fits(tokens: list[Token], i: int, j: int, aligned: bool) -> bool:
    """An affix term's kana reading (*氏 read し, *党 read とう) stands for the affix
    written in kana, a whole word of its own: not the tail of another word (少し, ありがとう)."""
    return aligned and _content_run(tokens, i, j)


def _run_is_word(tokens: list[Token], i: int, j: int, natural: tuple[int, bool]) -> bool:
    """Whether tokens i..j (inclusive) may be one word written oddly.

    A run of several tokens matched by its folded spelling is accepted when the term
    itself has that many tokens, when separators sit inside it (バ・カ, ク ズ), when its
    last token is stretched (ば|かーー), or when it holds no particle or auxiliary (unless
    the term has some itself) — not when grammar happens to spell the term (れ|ず is not
    レズ, し|て|き not 私的)."""
    count, has_function_words = natural
    run = [t for t in tokens[i:j + 1] if not t.sep]
    if len(run) <= 1 or len(run) == count or len(run) < j + 1 - i or has_function_words:
        return True
    if any(c in _ELONGATED for c in run[-1].surface):
        return True
    return not any(t.pos[0] in _FUNCTION_POS for t in run)


@dataclass
class _Trie:
    """Exact keys plus the set of their proper prefixes, for boundary walks."""

    keys: dict[str, set[int]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)

    def add(self, key: str, term_id: int) -> None:
        if not key:
            return
        self.keys.setdefault(key, set()).add(term_id)
        for i in range(1, len(key)):
            self.prefixes.add(key[:i])


class TermIndex:
    """All terms of all rules, compiled into boundary-aligned lookup tables."""

    def __init__(self) -> None:
        self.terms: list[Term] = []
        self._ids: dict[tuple[str, tuple[str, ...]], int] = {}
        self._surface = _Trie()  # folded surface and folded reading of word terms
        self._norm = _Trie()  # concatenated folded normalised forms
        self._prefix = _Trie()  # "クソ*"
        self._suffix = _Trie()  # "*野郎", keys stored reversed
        self._natural: dict[int, tuple[int, bool]] = {}  # word term's own analysis: tokens, particles?
        self._reading_only: set[tuple[str, str, int]] = set()  # keys that are only a kanji term's reading
        self._pos_terms: set[int] = set()  # terms restricted to a part of speech
        self._lookup: _Lookup | None = None  # derived from the tables above on first match

    def add(self, text: str, pos: tuple[str, ...] = (), suggest: str | None = None) -> int:
        """Register a term (idempotent) and return its id."""
        key = (text, pos)
        if self._ids is None:
            raise RuntimeError("a term index loaded from the compile cache is final")
        if key in self._ids:
            term_id = self._ids[key]
            if suggest and not self.terms[term_id].suggest:
                self.terms[term_id].suggest = suggest
            return term_id
        term_id = len(self.terms)
        self._ids[key] = term_id
        self._lookup = None
        if text.endswith("*") and len(text) > 1:
            mode, body = "prefix", text[:-1]
        elif text.startswith("*") and len(text) > 1:
            mode, body = "suffix", text[1:]
        else:
            mode, body = "word", text
        self.terms.append(Term(text, mode, pos, suggest))
        if pos:
            self._pos_terms.add(term_id)
        spelling = fold(body)
        for variant in self._variants(body):
            stored = variant[::-1] if mode == "suffix" else variant
            {"prefix": self._prefix, "suffix": self._suffix, "word": self._surface}[mode].add(stored, term_id)
            if variant != spelling:
                self._reading_only.add((mode, stored, term_id))
        if mode == "word":
            toks = [t for t in analyse_term(body) if not t.sep]
            self._natural[term_id] = (len(toks), any(t.pos[0] in _FUNCTION_POS for t in toks))
            keys = _joined_keys(toks)
            if len(toks) == 1 and not toks[0].inflected and toks[0].pos[0] not in _NO_KANJI_NORMS:
                # a kana word also matches the kanji spellings the dictionary normalises
                # to it (クソ -> 糞); only those, and not for particles (が is not か)
                keys |= {_BASE + k for k in dictionary_norms(toks[0].surface) if k and has_kanji(k)}
            for joined in keys:
                self._norm.add(joined, term_id)
        return term_id

    @staticmethod
    def _variants(body: str) -> set[str]:
        variants = {fold(body)}
        if has_kanji(body):
            toks = analyse_term(body)
            if any(t.pos[0] in _INFLECTING for t in toks):
                return {v for v in variants if v}
            reading = "".join(t.reading for t in toks if not t.sep)
            if reading:
                variants.add(fold(reading))
        return {v for v in variants if v}

    # --- matching ---------------------------------------------------------------

    def match(self, tokens: list[Token]) -> list[Hit]:
        """Every term occurrence in a post, in one pass over its tokens."""
        hits: set[Hit] = set()
        n = len(tokens)
        lookup = self._lookup or self._derive()
        surf_keys, surf_prefixes = self._surface.keys, self._surface.prefixes
        pre_keys, pre_prefixes = self._prefix.keys, self._prefix.prefixes
        pre_lengths = lookup.prefix_lengths
        reading_only = self._reading_only
        natural = self._natural
        keys = [t.key for t in tokens]
        seps = [t.sep for t in tokens]
        known, role_of = lookup._roles.get, lookup.role
        roles = [known((t.key, t.norm_key)) or role_of(t.key, t.norm_key) for t in tokens]
        add = hits.add
        new = tuple.__new__  # Hit(...) without the namedtuple's Python-level __new__
        for i in range(n):
            if seps[i]:
                continue
            role = roles[i]
            start = tokens[i].start
            # folded surface (and readings), skipping separators inside the run
            if role.alone:  # no longer term starts with it: only the token by itself
                for term_id in role.alone:
                    if ("word", keys[i], term_id) in reading_only and not _content_run(tokens, i, i):
                        continue
                    add(new(Hit, (term_id, i, i + 1, start, tokens[i].end)))
            elif role.surface:
                s = ""
                prefix_open = role.prefix_open
                for j in range(i, n):
                    if seps[j]:
                        continue
                    before = len(s)
                    s += keys[j]
                    ids = surf_keys.get(s)
                    if ids:
                        for term_id in ids:
                            if ("word", s, term_id) in reading_only and not _content_run(tokens, i, j):
                                continue
                            if j == i or _run_is_word(tokens, i, j, natural.get(term_id, (1, False))):
                                add(new(Hit, (term_id, i, j + 1, start, tokens[j].end)))
                    if prefix_open:
                        size = len(s)
                        for cut in pre_lengths:
                            if before < cut <= size:
                                key = s[:cut]
                                for term_id in pre_keys.get(key, ()):
                                    if ("prefix", key, term_id) in reading_only and not _reading_fits(tokens, i, j, cut == size):
                                        continue
                                    last = _compound_end(tokens, j) if cut == len(s) else j
                                    add(new(Hit, (term_id, i, last + 1, start, tokens[last].end)))
                        prefix_open = s in pre_prefixes
                    if not prefix_open and s not in surf_prefixes:
                        break
            # base forms, token for token; a term word written in an inflected form
            # (応援しよう) only matches that form, one in its dictionary form any form.
            # The first token's own lookups come with its role.
            if role.base_ids:
                end = tokens[i].end
                for term_id in role.base_ids:
                    add(new(Hit, (term_id, i, i + 1, start, end)))
            states = role.base_next
            for j in range(i + 1, n):
                if not states or seps[j]:
                    break
                grown = []
                for branches in states:
                    for opt in (roles[j].base, roles[j].form):
                        node = branches.get(opt)
                        if node is not None:
                            ids, following = node
                            for term_id in ids:
                                add(new(Hit, (term_id, i, j + 1, start, tokens[j].end)))
                            if following:
                                grown.append(following)
                states = grown
        if self._suffix.keys:
            self._match_suffixes(tokens, keys, seps, roles, add)
        pos_terms = self._pos_terms
        found = [h for h in hits if h[0] not in pos_terms or self._pos_ok(h, tokens)]
        found.sort(key=_HIT_ORDER)
        return found

    def _derive(self) -> _Lookup:
        self._lookup = _Lookup(self)
        return self._lookup

    def prepare(self) -> None:
        """Derive the matching tables now, so that a compiled pickle carries them and a
        fresh process (an editor's check on save) does not rebuild them."""
        self._derive()
        for trie in (self._surface, self._prefix, self._suffix):  # final: id sets become tuples
            trie.keys = {key: tuple(sorted(ids)) for key, ids in trie.keys.items()}

    def __getstate__(self):
        """Once the matching tables are derived, what only adding terms needs (the
        registry of terms and the normalised-form table the base-form tree was built
        from) stays out of the pickle: a warm start loads less. Such an index is final."""
        state = self.__dict__.copy()
        if self._lookup is not None:
            state["_ids"] = state["_norm"] = None
        return state

    def _match_suffixes(self, tokens, keys, seps, roles, add) -> None:
        suf_keys, suf_prefixes = self._suffix.keys, self._suffix.prefixes
        lengths = self._lookup.suffix_lengths
        reading_only = self._reading_only
        for j in range(len(tokens)):
            if seps[j] or not roles[j].ends:
                continue
            s = ""
            for i in range(j, -1, -1):
                if seps[i]:
                    break
                before = len(s)
                s = s + keys[i][::-1]  # reversed keys grow backwards through the text
                found = False
                size = len(s)
                for cut in lengths:
                    if before < cut <= size:
                        key = s[:cut]
                        ids = suf_keys.get(key)
                        if ids:
                            found = True
                            head = _compound_start(tokens, i) if cut == len(s) else i
                            for term_id in ids:
                                if ("suffix", key, term_id) in reading_only and not _reading_fits(tokens, i, j, cut == size):
                                    continue
                                add(Hit(term_id, head, j + 1, tokens[head].start, tokens[j].end))
                if found or s not in suf_prefixes:
                    break

    def _pos_ok(self, hit: Hit, tokens: list[Token]) -> bool:
        want = self.terms[hit.term].pos
        return not want or tokens[hit.first].pos[: len(want)] == want


class _Role(NamedTuple):
    """What a token, by its keys alone, does where a match starts or ends."""

    surface: bool  # a folded-surface or prefix-term walk may start on it
    prefix_open: bool  # its first character begins a prefix term
    base_ids: frozenset[int]  # terms its base form (or inflected form) matches alone
    base_next: tuple[dict, ...]  # branches of the base-form tree for longer terms starting with it
    ends: bool  # a suffix-term match may end on it
    base: str  # its keys as the base-form table spells them
    form: str
    alone: tuple[int, ...]  # surface terms it matches when no longer surface or prefix term starts with it


class _Lookup:
    """Tables derived from a :class:`TermIndex` for matching, rebuilt when terms change.

    What a token does at the start of a match depends only on its keys, so it is
    worked out once per distinct token (by folded surface and base form) instead of
    at every position of every post.
    """

    _MAX_ROLES = 50_000  # distinct token keys remembered (~20 MB at most); beyond that, start again

    def __init__(self, index: TermIndex) -> None:
        self.index = index
        self.prefix_lengths = sorted({len(k) for k in index._prefix.keys})
        self.prefix_firsts = {k[:1] for k in index._prefix.keys}
        self.suffix_lengths = sorted({len(k) for k in index._suffix.keys})
        self.suffix_lasts = {k[:1] for k in index._suffix.keys}  # first characters of reversed keys
        self.base_tree = _token_tree(index._norm.keys)
        self._roles: dict[tuple[str, str], _Role] = {}

    def __getstate__(self):  # the per-token cache is rebuilt, the tables are kept
        state = self.__dict__.copy()
        state["_roles"] = {}
        return state

    def role(self, key: str, norm_key: str) -> _Role:
        found = self._roles.get((key, norm_key))
        if found is None:
            if len(self._roles) > self._MAX_ROLES:
                self._roles.clear()
            found = self._roles[(key, norm_key)] = self._role(key, norm_key)
        return found

    def _role(self, key: str, norm_key: str) -> _Role:
        index = self.index
        prefix_open = key[:1] in self.prefix_firsts
        surface = prefix_open or key in index._surface.keys or key in index._surface.prefixes
        base, form = _BASE + norm_key, _FORM + key
        nodes = [node for node in (self.base_tree.get(base), self.base_tree.get(form)) if node is not None]
        base_ids = frozenset().union(*(ids for ids, _ in nodes))
        base_next = tuple(following for _, following in nodes if following)
        walks = prefix_open or key in index._surface.prefixes
        alone = () if walks else index._surface.keys.get(key, ())
        return _Role(surface, prefix_open, base_ids, base_next, key[-1:] in self.suffix_lasts, base, form, alone)


def _token_tree(keys: dict[str, set[int]]) -> dict:
    """Base-form keys (token keys joined by ``_SEP``) as a tree walked token by token:
    token key -> (term ids ending there, branches for the next token)."""
    root: dict = {}
    for joined, ids in keys.items():
        branches = root
        parts = joined.split(_SEP)
        for k, part in enumerate(parts):
            node = branches.setdefault(part, (set(), {}))
            if k == len(parts) - 1:
                node[0].update(ids)
            branches = node[1]
    return _compact(root)


def _compact(branches: dict) -> dict:
    """The finished tree with tuples for id sets and None for leaves: fewer, cheaper
    objects to unpickle on every warm start."""
    return {
        part: (tuple(sorted(ids)), _compact(following) if following else None)
        for part, (ids, following) in branches.items()
    }


_MAX_COMPOUND = 3


def _compound_end(tokens: list[Token], j: int) -> int:
    """A prefix term that ends on a token boundary takes the nouns that follow (クソ|上司)."""
    k = j
    while k + 1 < len(tokens) and k - j < _MAX_COMPOUND and tokens[k + 1].pos[0] == "名詞":
        k += 1
    return k


def _compound_start(tokens: list[Token], i: int) -> int:
    """A suffix term that starts on a token boundary takes the nouns before it (パワハラ|野郎)."""
    k = i
    while k - 1 >= 0 and i - k < _MAX_COMPOUND and tokens[k - 1].pos[0] in ("名詞", "接頭辞"):
        k -= 1
    return k
