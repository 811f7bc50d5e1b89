"""Exceptions (``unless``): context that makes a match harmless.

    unless:
      - negated: true                 # 「悪口は書かない」「晒すのはやめましょう」
      - quoted: true                  # inside 「」『』“”
      - before: "@possessive_self"    # within ``window`` tokens before (default 3)
        window: 2
      - after: [化]                   # within ``window`` tokens after (default 3)
      - sentence: "@meta_discussion"  # anywhere in the same sentence
      - post: "@official_notice"      # anywhere in the post
      - overlaps: [差別化]            # a longer expression containing the match

Any one condition that holds silences the candidate.
"""

from __future__ import annotations

from snslint.document import Candidate, Doc
from snslint.elements import ElementCompiler
from snslint.errors import SpecError
from snslint.tokens import Token

_CONTEXT_KEYS = ("before", "after", "sentence", "post", "overlaps")
DEFAULT_WINDOW = 3
NEGATION_WINDOW = 12

# Negation and prohibition cues, by dictionary form, looked for after the match.
_NEGATING_AUX = {"ない", "ぬ", "ず", "ん", "まい"}
_PROHIBITION = {
    "いけない", "いける", "だめ", "ダメ", "駄目", "禁止", "厳禁", "やめる", "止める",
    "控える", "避ける", "ng", "不可", "不適切", "御法度", "ご法度", "慎む",
}
# Stops the forward scan: a clause-joining particle or sentence punctuation.
_CLAUSE_END = {"けど", "けれど", "けれども", "が", "のに", "ので", "から", "し"}


# Once the match sits in a nominalised clause (更新してるのが…, 晒すことは…), a plain negation
# belongs to the outer predicate (バレてない denies being caught, not the act); only an outer
# predicate that judges the act (良くない, 許されない) still counts, besides prohibitions.
# (晒すことはしない/できない deny the act itself).
_JUDGING = {"良い", "よい", "いい", "宜しい", "よろしい", "許す", "許される", "認める", "ある", "する", "為る",
            "できる", "出来る", "ありえる", "有り得る", "あり得る", "考えられる"}


def _denies(judged: str | None, nominalised: bool) -> bool:
    return not nominalised or (judged is not None and judged in _JUDGING)


# ず after these verbs makes an adverb (思わず, 知らず知らず, 絶えず, 残らず, 構わず).
_ADVERBIAL_ZU = {"思う", "知る", "絶える", "残る", "構う", "飽く"}


# ない as an adjective negates what precedes it when that is a predicate, a particle
# (書いてはない) or an adverb (特にない); after a noun it is the word "none" (問題ない).
_BEFORE_NAI = {"助詞", "助動詞", "動詞", "形容詞", "副詞"}


def _is_negation(t: Token, prev: Token | None) -> bool:
    if t.pos[0] == "助動詞":
        return t.lemma in _NEGATING_AUX
    return t.pos[0] == "形容詞" and t.lemma in ("ない", "無い") and prev is not None and prev.pos[0] in _BEFORE_NAI


def _next_negation(tokens, lo: int, hi: int) -> int | None:
    for k in range(lo, hi):
        if _is_negation(tokens[k], tokens[k - 1]):
            return k
    return None


def _rhetorical(tokens, k: int) -> bool:
    """A negation asked as a question asserts (打たれ弱いんじゃないの？, ヤバくない?)."""
    for t in tokens[k + 1:k + 3]:
        if t.surface in ("?", "？") or (t.pos[:2] == ("助詞", "終助詞") and t.lemma in ("の", "か", "かな", "かしら")):
            return True
        if t.pos[0] != "助詞":
            return False
    return False


def is_negated(doc: Doc, cand: Candidate) -> bool:
    """Whether the words after a match deny or forbid it, within its clause."""
    tokens = doc.tokens
    _, hi = doc.sentence_of(max(cand.last - 1, cand.first))
    stop = min(hi, cand.last + NEGATION_WINDOW)
    prev: Token | None = tokens[cand.last - 1] if cand.last > 0 else None
    nominalised = False
    judged: str | None = None  # the last predicate seen after the nominaliser
    skip: set[int] = set()  # negations cancelled by an earlier one
    exclusive = False  # a しか before the negation
    linked = False  # a て-form has joined another predicate
    for k in range(cand.last, stop):
        t = tokens[k]
        if t.pos[0] == "補助記号" and t.surface in "。!?、,":
            return False
        lemma = t.lemma
        if t.pos[:2] == ("助詞", "準体助詞") or (t.pos[0] == "名詞" and lemma in ("こと", "事")):
            nominalised = True
        elif nominalised and t.pos[0] in ("動詞", "形容詞") and lemma not in ("ない", "無い") \
                and not (lemma == "ある" and judged):
            judged = lemma
        if t.pos[:2] == ("助詞", "副助詞") and lemma == "しか":
            exclusive = True  # しか…ない affirms: 懐に入れてるとしか思えない, 悪口しか書かない
        if _is_negation(t, prev):
            if exclusive or _rhetorical(tokens, k):
                return False
            second = None
            if lemma == "ず" and k + 1 < stop and tokens[k + 1].surface == "に":
                second = _next_negation(tokens, k + 2, min(stop, k + 6))
            if k in skip or (lemma == "ず" and prev is not None and prev.lemma in _ADVERBIAL_ZU) or second is not None:
                # 思わず撮った: an adverb; 撮らずにいられなかった: a double negative affirms
                if second is not None:
                    skip.add(second)
                prev = t
                continue
            return _denies(judged, nominalised)
        if lemma in _PROHIBITION or t.norm in _PROHIBITION:
            return True
        if t.pos[:2] == ("助詞", "終助詞") and t.surface == "な" and prev is not None and prev.pos[0] == "動詞" \
                and prev.pos[5:6] and prev.pos[5].startswith("終止形"):
            return True
        if t.pos[:2] == ("助詞", "接続助詞") and lemma in _CLAUSE_END:
            return False
        if t.pos[:2] == ("助詞", "接続助詞") and lemma in ("て", "で"):
            linked = True
        elif linked and _new_subject(t, prev):
            # 認知症が進んで|娘さんの名前も出てこなくなった: after a て-form, a noun with
            # が/は/も starts another clause, which owns the negation that follows
            return False
        prev = t
    return False


def _new_subject(t: Token, prev: Token | None) -> bool:
    return (
        prev is not None and prev.pos[0] in ("名詞", "代名詞", "接尾辞")
        and t.surface in ("が", "は", "も") and t.pos[:2] in (("助詞", "格助詞"), ("助詞", "係助詞"))
    )


class Condition:
    def __init__(self, kind: str, element=None, window: int = DEFAULT_WINDOW) -> None:
        self.kind = kind
        self.element = element
        self.window = window

    def holds(self, doc: Doc, cand: Candidate) -> bool:
        if self.kind == "negated":
            return is_negated(doc, cand)
        if self.kind == "quoted":
            return doc.in_quote(cand.start, cand.end)
        occs = self.element.occurrences(doc)
        if not occs:
            return False
        if self.kind == "post":
            return True
        lo, hi = doc.sentence_of(cand.first)
        if self.kind == "sentence":
            return any(lo <= o.first and o.last <= hi for o in occs)
        if self.kind == "before":
            return any(o.last <= cand.first and cand.first - o.last <= self.window and o.first >= lo for o in occs)
        if self.kind == "after":
            return any(o.first >= cand.last and o.first - cand.last <= self.window and o.last <= hi for o in occs)
        if self.kind == "overlaps":
            return any(
                o.start <= cand.start and cand.end <= o.end and (o.end - o.start) > (cand.end - cand.start)
                for o in occs
            )
        raise AssertionError(self.kind)


def compile_conditions(spec, elements: ElementCompiler, where: str) -> list[Condition]:
    if spec is None:
        return []
    if not isinstance(spec, list):
        raise SpecError(where, "は条件のリストで書いてください")
    out = []
    for k, item in enumerate(spec):
        here = f"{where}[{k}]"
        if not isinstance(item, dict):
            raise SpecError(here, "は対応表(例: {negated: true})で書いてください")
        keys = set(item)
        if keys in ({"negated"}, {"quoted"}):
            (key,) = keys
            if item[key] is not True:
                raise SpecError(f"{here}.{key}", "は true だけが書けます")
            out.append(Condition(key))
            continue
        kinds = [key for key in _CONTEXT_KEYS if key in item]
        extra = keys - set(_CONTEXT_KEYS) - {"window"}
        if len(kinds) != 1 or extra:
            bad = sorted(extra)[0] if extra else None
            raise SpecError(
                f"{here}.{bad}" if bad else here,
                "は不明なフィールドです" if bad else
                "には negated, quoted, before, after, sentence, post, overlaps のどれか一つを書いてください",
            )
        kind = kinds[0]
        window = item.get("window", DEFAULT_WINDOW)
        if "window" in item and kind not in ("before", "after"):
            raise SpecError(f"{here}.window", "は before と after にだけ書けます")
        if not isinstance(window, int) or isinstance(window, bool) or window < 0:
            raise SpecError(f"{here}.window", "は0以上の整数で書いてください")
        out.append(Condition(kind, elements.compile(item[kind], f"{here}.{kind}"), window))
    return out
