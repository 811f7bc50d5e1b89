"""The matcher: variants, boundaries, kinds and exceptions, over throwaway packs."""

import pytest

INSULT_PACK = """\
pack: t
category: insults
lexicons:
  insult: [馬鹿, "クソ*", "*野郎", 晒す, カス]
rules:
  - id: t.insult
    severity: error
    message: 侮辱
    advice: 書かない
    match: {kind: lexicon, terms: ["@insult"]}
    unless:
      - quoted: true
"""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("この馬鹿が", "馬鹿"),
        ("ほんとばかだ", "ばか"),
        ("あいつバカ", "バカ"),
        ("ﾏｼﾞでﾊﾞｶ", "ﾊﾞｶ"),
        ("ばかーーー", "ばかーーー"),
        ("バ・カじゃん", "バ・カ"),
        ("ｸｿ上司め", "ｸｿ上司"),
        ("パワハラ野郎だ", "パワハラ野郎"),
        ("名前を晒してやる", "晒し"),
        ("晒した", "晒し"),
    ],
)
def test_variants_match_and_spans_point_into_the_original(make_linter, text, expected):
    linter = make_linter(INSULT_PACK)
    findings = linter.check_text(text)
    assert [f.text for f in findings] == [expected]
    f = findings[0]
    assert text[f.start:f.end] == f.text
    assert (f.rule, f.category, f.severity) == ("t.insult", "insults", "error")


@pytest.mark.parametrize("text", ["本を貸す", "今日はばかりの練習", "夏のバカンス", "「馬鹿」と書いてあった"])
def test_lookalikes_and_quotes_stay_silent(make_linter, text):
    assert make_linter(INSULT_PACK).check_text(text) == []


def test_citation_comes_from_the_policy_covering_the_category(make_linter):
    f = make_linter(INSULT_PACK).check_text("馬鹿")[0]
    assert [(c.policy, c.clause, c.title) for c in f.citations] == [("testdoc", "1-1", "悪口を書かない")]


def test_policy_filter_drops_citations(make_linter):
    f = make_linter(INSULT_PACK, policies=[]).check_text("馬鹿")[0]
    assert f.citations == ()


def test_line_and_column_are_one_based_in_the_original(make_linter):
    text = "一行目\r\n二行目の馬鹿"
    f = make_linter(INSULT_PACK).check_text(text)[0]
    assert (f.line, f.column, f.text) == (2, 5, "馬鹿")


COMPOUND_PACK = """\
pack: t
category: insults
rules:
  - id: t.discrim
    severity: warning
    message: 差別
    advice: 書かない
    match: {kind: lexicon, terms: [差別, 選挙, {term: めくら判, suggest: 確認せずに押印}]}
"""


def test_matches_respect_compound_boundaries(make_linter):
    linter = make_linter(COMPOUND_PACK)
    assert linter.check_text("競合との差別化を図る") == []
    assert linter.check_text("アイドルの総選挙") == []
    assert [f.text for f in linter.check_text("差別はいけない")] == ["差別"]


def test_term_suggestion_is_reported(make_linter):
    f = make_linter(COMPOUND_PACK).check_text("全部めくら判押した")[0]
    assert (f.text, f.suggestion) == ("めくら判", "確認せずに押印")


COOCCUR_PACK = """\
pack: t
category: insults
rules:
  - id: t.target
    severity: error
    message: 相手への侮辱
    advice: 書かない
    match:
      kind: cooccur
      all: [[上司, 客], [無能, ゴミ]]
      anchor: 1
      scope: sentence
    unless:
      - negated: true
      - sentence: [悪口]
"""


def test_cooccur_needs_both_in_one_sentence(make_linter):
    linter = make_linter(COOCCUR_PACK)
    assert [f.text for f in linter.check_text("上司がほんと無能")] == ["無能"]
    assert linter.check_text("上司に会った。無能な自分が嫌") == []
    assert linter.check_text("無能だと思う") == []


@pytest.mark.parametrize("scope, text, found", [
    ("nearby", "上司に会った。ほんと無能", ["無能"]),            # the sentence before
    ("nearby", "無能すぎる。今日の上司の話", ["無能"]),          # the sentence after
    ("nearby", "上司に会った。雨だった。無能すぎる", []),        # two sentences away
    ("post", "上司に会った。雨だった。無能すぎる", ["無能"]),
    ("sentence", "上司に会った。ほんと無能", []),
])
def test_cooccur_scopes(make_linter, scope, text, found):
    linter = make_linter(COOCCUR_PACK.replace("scope: sentence", f"scope: {scope}"))
    assert [f.text for f in linter.check_text(text)] == found


def test_cooccur_rejects_an_unknown_scope(make_linter):
    from snslint.errors import SnslintError

    with pytest.raises(SnslintError, match="scope は sentence、nearby、post のいずれか"):
        make_linter(COOCCUR_PACK.replace("scope: sentence", "scope: paragraph"))


def test_sentence_exception(make_linter):
    assert make_linter(COOCCUR_PACK).check_text("上司を無能と呼ぶ悪口はよくない") == []


SEQ_PACK = """\
pack: t
category: insults
rules:
  - id: t.vote
    severity: error
    message: 投票依頼
    advice: 書かない
    match:
      kind: sequence
      steps: [[みどり党], {terms: [に], gap: 0}, {terms: [投票], gap: 2}]
  - id: t.expose
    severity: error
    message: 晒し
    advice: 書かない
    match: {kind: lexicon, terms: [晒す]}
    unless:
      - negated: true
      - after: [アク]
        window: 0
      - before: [水]
        window: 2
"""


def test_sequence_with_gap(make_linter):
    linter = make_linter(SEQ_PACK)
    assert [f.text for f in linter.check_text("みどり党に必ず投票して")] == ["みどり党に必ず投票"]
    assert linter.check_text("みどり党の人に会ってから投票した") == []


def test_sequence_reports_a_run_once_from_the_closest_first_step(make_linter):
    pack = SEQ_PACK.replace("steps: [[みどり党], {terms: [に], gap: 0}, {terms: [投票], gap: 2}]",
                            "steps: [[みどり党, 緑], {terms: [投票], gap: 4}]")
    found = make_linter(pack).check_text("みどり党の緑に投票")
    assert [(f.rule, f.text) for f in found] == [("t.vote", "緑に投票")]


@pytest.mark.parametrize(
    "text", ["名前は晒さない", "晒すのはやめましょう", "晒してはいけない", "人を晒すな", "ごぼうを水に晒す"]
)
def test_negation_prohibition_and_context_exceptions(make_linter, text):
    assert [f for f in make_linter(SEQ_PACK).check_text(text) if f.rule == "t.expose"] == []


@pytest.mark.parametrize("text, found", [
    ("人を晒すのがバレてない", True),       # the negation denies being caught, not the act
    ("人を晒すのは良くない", False),
    ("人を晒すのは良くありません", False),
    ("人を晒すのは許されない", False),
    ("人を晒すことはしない", False),
    ("人を晒すことはできない", False),
    ("思わず人を晒した", True),            # 思わず is an adverb
    ("人を晒さずにいられなかった", True),  # a double negative affirms
    ("人を晒さずに帰った", False),
    ("人を晒すとしか思えない", True),      # しか…ない affirms
    ("人を晒して辞めた", True),            # 辞める (resign) is not やめる (stop)
    ("人を晒すのはやめた", False),
    ("人を晒すんじゃないの？", True),       # a negation asked as a question asserts
    ("人を晒さない？", True),
    ("晒したい人は特にない", False),          # an adverb before ない: none
    ("人を晒して本人が気づかなかった", True),  # a new subject after the て-form owns the negation
    ("人を晒して載せたりしない", False),      # one chain of acts, denied as a whole
    ("人を晒してネットに載せるのは駄目", False),
])
def test_negation_after_a_nominalised_clause(make_linter, text, found):
    linter = make_linter(SEQ_PACK)
    assert bool([f for f in linter.check_text(text) if f.rule == "t.expose"]) is found


def test_denial_then_act_is_still_found(make_linter):
    text = "晒すつもりはなかったけど、やっぱり晒してやる"
    found = [f for f in make_linter(SEQ_PACK).check_text(text) if f.rule == "t.expose"]
    assert [f.text for f in found] == ["晒し"]
    assert found[0].start == text.rindex("晒し")


REGEX_PACK = """\
pack: t
category: insults
rules:
  - id: t.card
    severity: error
    message: カード番号
    advice: 載せない
    match: {kind: regex, pattern: '(?<![0-9])[0-9]{4}-?[0-9]{4}-?[0-9]{4}-?[0-9]{4}(?![0-9])', validate: luhn}
  - id: t.mynumber
    severity: error
    message: マイナンバー
    advice: 載せない
    match: {kind: regex, pattern: '(?<![0-9])[0-9]{4} ?[0-9]{4} ?[0-9]{4}(?![0-9])', validate: mynumber}
"""


def test_regex_with_luhn_validation_and_original_span(make_linter):
    from conftest import POLICY

    linter = make_linter(REGEX_PACK, POLICY.replace("covers: []", "covers: [t.card]"))
    text = "番号は４１１１-１１１１-１１１１-１１１１です"  # full-width digits, Luhn-valid
    f = [f for f in linter.check_text(text) if f.rule == "t.card"][0]
    assert f.text == "４１１１-１１１１-１１１１-１１１１"
    assert [f for f in linter.check_text("番号は4111-1111-1111-1112です") if f.rule == "t.card"] == []
    assert [c.clause for c in f.citations] == ["1-1", "1-2"]  # its category and its id


def test_mynumber_check_digit(make_linter):
    linter = make_linter(REGEX_PACK)
    assert [f.text for f in linter.check_text("123456789018") if f.rule == "t.mynumber"] == ["123456789018"]
    assert [f for f in linter.check_text("123456789012") if f.rule == "t.mynumber"] == []


VERB_PACK = """\
pack: t
category: insults
rules:
  - id: t.photo
    severity: warning
    message: 撮影
    advice: 確認
    match: {kind: lexicon, terms: [撮る, マスター, 馬鹿]}
"""


def test_kana_readings_of_verbs_do_not_match_other_verbs(make_linter):
    linter = make_linter(VERB_PACK)
    assert linter.check_text("責任をとる形で辞任した") == []
    assert [f.text for f in linter.check_text("写真を撮った")] == ["撮っ"]
    assert [f.text for f in linter.check_text("ばかだな")] == ["ばか"]  # nouns keep their reading


def test_one_finding_per_rule_and_sentence(make_linter):
    linter = make_linter(VERB_PACK)
    found = linter.check_text("馬鹿だし馬鹿。\nまた馬鹿")
    assert [(f.line, f.column, f.text) for f in found] == [(1, 1, "馬鹿"), (2, 3, "馬鹿")]


def test_a_kana_particle_term_matches_only_itself(make_linter):
    linter = make_linter(VERB_PACK.replace("[撮る, マスター, 馬鹿]", "[が, クソ]"))
    assert [f.text for f in linter.check_text("寄生虫かよ。糞だな")] == ["糞"]  # が is not か; クソ is 糞
    assert [f.text for f in linter.check_text("猫が鳴く")] == ["が"]


def test_a_kana_verb_matches_the_kanji_it_normalises_to(make_linter):
    linter = make_linter(SEQ_PACK)
    assert [f.text for f in linter.check_text("客をさらしてやる") if f.rule == "t.expose"] == ["さらし"]
    assert [f.text for f in linter.check_text("客を晒してやる") if f.rule == "t.expose"] == ["晒し"]


def test_base_forms_match_token_for_token(make_linter):
    linter = make_linter(VERB_PACK)
    assert linter.check_text("もらい忘れました") == []  # まし|た is not マスター
    assert [f.text for f in linter.check_text("喫茶店のマスター")] == ["マスター"]


MOOD_PACK = """\
pack: t
category: insults
rules:
  - id: t.mood
    severity: warning
    message: 呼びかけ
    advice: 確認
    match: {kind: lexicon, terms: [応援しよう, 晒す, "NO"]}
"""


def test_an_inflected_term_keeps_its_mood_and_a_base_form_takes_any(make_linter):
    linter = make_linter(MOOD_PACK)
    assert [f.text for f in linter.check_text("みんなで応援しよう")] == ["応援しよう"]
    assert linter.check_text("応援しない") == []
    assert [f.text for f in linter.check_text("晒そうかな")] == ["晒そう"]
    assert linter.check_text("選挙の日は審判講習会") == []


def test_yaml_booleans_in_term_lists_get_a_hint(make_linter):
    from snslint.errors import PackError

    with pytest.raises(PackError) as info:
        make_linter(MOOD_PACK.replace('"NO"', "no"))
    assert "引用符で囲んでください" in str(info.value)


GRAMMAR_PACK = """\
pack: t
category: insults
rules:
  - id: t.words
    severity: warning
    message: 語
    advice: 確認
    match: {kind: lexicon, terms: [レズ, 私的, ババア, クソ]}
  - id: t.neg
    severity: warning
    message: 語
    advice: 確認
    match: {kind: lexicon, terms: [癌]}
    unless: [{negated: true}]
"""


@pytest.mark.parametrize("text", ["規則が守られず困った", "出勤してきた", "おばあちゃんに会った", "癌じゃなかった"])
def test_grammar_and_kana_normalisation_do_not_spell_terms(make_linter, text):
    assert make_linter(GRAMMAR_PACK).check_text(text) == []


def test_kanji_spelling_matches_through_the_normalised_form(make_linter):
    linter = make_linter(GRAMMAR_PACK)
    assert [f.text for f in linter.check_text("糞みたいな話")] == ["糞"]
    assert [f.text for f in linter.check_text("ｸｿみたいな話")] == ["ｸｿ"]
    assert [f.text for f in linter.check_text("癌が見つかった")] == ["癌"]


READING_PACK = """\
pack: t
category: insults
rules:
  - id: t.reading
    severity: warning
    message: 語
    advice: 確認
    match: {kind: lexicon, terms: [歯科, "*野郎", 馬鹿]}
  - id: t.neg
    severity: warning
    message: 語
    advice: 確認
    match: {kind: lexicon, terms: ["クソ*"]}
    unless: [{negated: true}]
"""


def test_readings_only_stand_for_content_words(make_linter):
    linter = make_linter(READING_PACK)
    assert [f for f in linter.check_text("無能しかいない") if f.rule == "t.reading"] == []
    assert [f for f in linter.check_text("全員落としてやろうぜ") if f.rule == "t.reading"] == []
    assert [f.text for f in linter.check_text("ばかだな") if f.rule == "t.reading"] == ["ばか"]


AFFIX_PACK = """\
pack: t
category: insults
rules:
  - id: t.affix
    severity: warning
    message: 語
    advice: 確認
    match: {kind: lexicon, terms: ["*氏", "*党"]}
"""


@pytest.mark.parametrize(
    "text, found",
    [
        ("少しだけ", []),  # the reading し is not the tail of another word
        ("ありがとう", []),
        ("山田氏が来た", ["山田氏"]),
        ("みらい党に入れる", ["みらい党"]),
    ],
)
def test_an_affix_reading_stands_only_for_the_affix_written_in_kana(make_linter, text, found):
    linter = make_linter(AFFIX_PACK)
    assert [f.text for f in linter.check_text(text)] == found


def test_negation_must_attach_to_a_predicate(make_linter):
    linter = make_linter(READING_PACK)
    assert [f.text for f in linter.check_text("ｸｿ客のせいで昼休憩なくなった") if f.rule == "t.neg"] == ["ｸｿ客"]


LEXICON_ELEMENTS_PACK = """\
pack: t
category: insults
lexicons:
  target: [上司, {pos: 名詞-固有名詞-人名}, {regex: '@[a-z0-9_]+'}]
rules:
  - id: t.target
    severity: warning
    message: 相手
    advice: 確認
    match: {kind: cooccur, all: ["@target", [無能]], anchor: 1}
"""


def test_lexicons_may_hold_pos_and_regex_elements(make_linter):
    linter = make_linter(LEXICON_ELEMENTS_PACK)
    assert [f.text for f in linter.check_text("山田は無能")] == ["無能"]
    assert [f.text for f in linter.check_text("@tanaka_01 は無能")] == ["無能"]
    assert linter.check_text("無能な自分") == []


WORDS_PACK = """\
pack: t
category: insults
rules:
  - id: t.heard
    severity: warning
    message: 伝聞
    advice: 確認
    match:
      kind: cooccur
      all: [{regex: '(?<=[一-龠])って(?=[。!]|$)', words: true}, [地震, 休校, 頑張る]]
      scope: post
"""


@pytest.mark.parametrize("text, words, found", [
    ("明日は休校って。", True, ["って"]),     # 休校|って: the hearsay particle, a word of its own
    ("地震に備えて頑張って。", True, []),      # 頑張っ|て: a verb's て-form, cut by the pattern
    ("地震に備えて頑張って。", False, ["って"]),  # without words: the characters match
])
def test_words_pattern_counts_only_matches_from_word_to_word(make_linter, text, words, found):
    pack = WORDS_PACK if words else WORDS_PACK.replace(", words: true", "")
    assert [f.text for f in make_linter(pack).check_text(text)] == found


def test_words_needs_a_regex(make_linter):
    from snslint.errors import SnslintError

    with pytest.raises(SnslintError, match="words は regex と一緒に"):
        make_linter(WORDS_PACK.replace("{regex: '(?<=[一-龠])って(?=[。!]|$)', words: true}", "{terms: [って], words: true}"))


def test_running_only_triggered_rules_finds_what_running_every_rule_finds(linter):
    import json
    from pathlib import Path

    corpus = Path(__file__).parent / "corpus" / "holdout.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    texts.append("今日は雨。")  # a post that triggers almost nothing
    assert any(linter.check_text(t) for t in texts)
    for text in texts:
        assert linter.check_text(text) == linter.check_text(text, linter.rules)


def test_a_post_runs_only_the_rules_its_term_hits_or_pattern_literals_trigger(linter):
    # nearly every rule is indexed by atoms; not metadata checks, nor patterns of digit ranges
    unindexed = [r for r in linter.rules if r.matcher.requires is None]
    assert len(unindexed) <= 10 and all(r.spec.match["kind"] in ("meta", "regex") for r in unindexed)
    quiet = linter.analyse("今日は雨。")
    triggered = linter._triggered(quiet)
    assert len(triggered) < len(linter.rules) // 4
    for rule in triggered:
        assert rule.matcher.requires is None or not quiet.atoms.isdisjoint(rule.matcher.requires)
    # a literal a phone-number-like pattern needs brings its rule in
    loud = linter.analyse("電話は090-1234-5678まで")
    assert "confidentiality.contact_info" in {r.id for r in linter._triggered(loud)} - {r.id for r in triggered}
