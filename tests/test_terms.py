"""Terms from Japanese text: nouns, compounds, Latin names; stop words; the terms frame; keyword in context."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import terms as terms_module
from loaders.datafiles import DataFileError
from loaders.frames import TERM_COLUMNS
from loaders.terms import KWIC_COLUMNS, POS_LABELS, extract_terms, kwic, load_stopwords, make_tagger, terms_frame

NO_STOPWORDS: frozenset[str] = frozenset()

# (sentence from the seed articles, a term it must yield)
EXPECTED_TERMS = (
    ("多くの国や企業が自らの大規模言語モデルを構築しようと奮闘しており", "大規模言語モデル"),
    ("対照的に、最も性能が高いGPT-4は他のモデルを大きくリードしています。", "GPT-4"),
    ("このギャップは、OpenAIの強力な研究チームと長年の経験に起因しています。", "OpenAI"),
    ("Zhipu AIは最近、今年合計25億元の資金調達を受けたことを発表しました", "資金調達"),
    ("Zhipu AIは最近、今年合計25億元の資金調達を受けたことを発表しました", "Zhipu AI"),
    ("「生成 AI の市場人気は一時期に比べて大幅に低下しましたが", "生成AI"),  # spaced by the translation
    ("生成AIの市場は拡大している", "生成AI"),
    ("ChatGPTは終焉?オープンソースのLlama 3が引き起こすパラダイムシフト", "Llama 3"),
    ("ChatGPTは終焉?オープンソースのLlama 3が引き起こすパラダイムシフト", "ChatGPT"),
    ("ChatGPTは終焉?オープンソースのLlama 3が引き起こすパラダイムシフト", "パラダイムシフト"),
    ("競争が激化し、オープンソースモデルが普及する中、単に大規模モデルのサービスを提供する", "オープンソースモデル"),
    ("ほぼ半年前に設立されたBaichuan Intelligenceは3億5000万米ドルの資金調達を受けており",
     "Baichuan Intelligence"),
    ("  • 総収入:620.20億ドル", "総収入"),
    ("スペースXとスターリンクは非上場企業のため、財務情報は限られています。", "非上場企業"),
    ("Microsoftのインテリジェントクラウド: Azureなどのクラウドコンピューティングサービス", "Azure"),
    ("Google Cloud:270億ドル(前年同期比44%増)", "Google Cloud"),
    ("昨日この様な「クローズドなＧＰＴ－４はオワコン」というポスト", "GPT-4"),  # full-width, normalised
    ("ＣｈａｔＧＰＴの登場", "ChatGPT"),
    ("H100とGPT-3.5とQwen2", "GPT-3.5"),
    ("H100とGPT-3.5とQwen2", "H100"),
    ("最新のGPT-4oが公開された", "GPT-4o"),
    ("高額な計算能力のコストは業界の発展の障害となっています。", "計算能力"),
    ("ユーザのコンピュータ", "コンピューター"),  # katakana loanwords take their lemma's spelling
    ("ユーザのコンピュータ", "ユーザー"),
    ("開発者の商業化戦略", "開発者"),
)

# (sentence, a string that must not be a term)
FORBIDDEN_TERMS = (
    ("Zhipu AIは最近、今年合計25億元の資金調達を受けたことを発表しました", "25"),
    ("Zhipu AIは最近、今年合計25億元の資金調達を受けたことを発表しました", "億"),
    ("Zhipu AIは最近、今年合計25億元の資金調達を受けたことを発表しました", "元"),
    ("Zhipu AIは最近、今年合計25億元の資金調達を受けたことを発表しました", "こと"),
    ("Zhipu AIは最近、今年合計25億元の資金調達を受けたことを発表しました", "最近"),
    ("Zhipu AIは最近、今年合計25億元の資金調達を受けたことを発表しました", "は"),
    ("  • 総収入:620.20億ドル", "620"),
    ("  • 総収入:620.20億ドル", "20"),
    ("  • 総収入:620.20億ドル", "ドル"),
    ("  • 総収入:620.20億ドル", "億ドル"),
    ("前年同期比:17.6%増", "17"),
    ("前年同期比:17.6%増", "増"),
    ("2023年通期の総収入1346億ドルは、過去最高を記録しています。", "2023"),
    ("2023年通期の総収入1346億ドルは、過去最高を記録しています。", "年"),
    ("2023年通期の総収入1346億ドルは、過去最高を記録しています。", "年通期"),
    ("世界のテクノロジー企業は毎年大規模モデルのインフラに2000億ドルを投資することになります", "2000"),
    ("世界のテクノロジー企業は毎年大規模モデルのインフラに2000億ドルを投資することになります", "こと"),
    ("世界のテクノロジー企業は毎年大規模モデルのインフラに2000億ドルを投資することになります", "の"),
    ("ほぼ半年前に設立されたBaichuan Intelligenceは3億5000万米ドルの資金調達を受けており", "米ドル"),
    ("スペースXとスターリンクは非上場企業のため、財務情報は限られています。", "ため"),
    ("スペースXとスターリンクは非上場企業のため、財務情報は限られています。", "X"),  # one character
    ("テスラの3社と10倍の差", "社"),
    ("テスラの3社と10倍の差", "倍"),
    ("イーロン・マスク氏のGrok", "マスク氏"),
    ("技術的な課題", "技術的"),
)

# (text, term, pos)
TERM_POS = (
    ("OpenAIの収益", "OpenAI", "latin"),
    ("GPT-4の性能", "GPT-4", "latin"),
    ("大規模言語モデルの開発", "大規模言語モデル", "compound"),
    ("生成AIの市場", "生成AI", "compound"),
    ("クラウドの市場", "市場", "noun"),
    ("中国の市場", "中国", "proper_noun"),
)

# (text, exact terms in order): how numbers and Latin runs split
TERM_SEQUENCES = (
    ("2023年生成AI市場", ["生成AI市場"]),  # a number and its counter never glue into a term
    ("Llama 70bとLlama 3", ["Llama 70b", "Llama 3"]),
    ("Office 365とAI 3社", ["Office 365", "AI"]),  # a version after a space, not a count
    ("「Attention Is All You Need」という論文", ["Attention", "Is", "All", "You", "Need", "論文"]),
    ("Kunlun Wanwei CEO", ["Kunlun Wanwei CEO"]),
    ("C サイドとB エンド ユーザー", ["Cサイド", "Bエンド", "ユーザー"]),
    ("", []),
    ("。、!?……", []),
)

JAPANESEISH = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("あいうえおかがきこさしすたてとなにのはまやよらりをんアイウカガキクシスタ"
                             "トドナニノハマモラリルレロンーッャ・生成大規模言語資金調達億万円元年月日社倍的化性者氏"
                             "AIGPTabcxyz0123456789ＡＢＧＰＴ０１２－％%.,-_:;/()「」『』、。!?\n\t \u3000"
                             "\x00\ud800①㈱ｶﾞｰﾄﾞ")),
        st.characters(),
    ),
    max_size=300,
)


@pytest.fixture(scope="module")
def tagger():
    return make_tagger()


def terms_of(text, tagger, stopwords=NO_STOPWORDS):
    return [term for term, _ in extract_terms(text, tagger, stopwords)]


@pytest.mark.parametrize(("sentence", "term"), EXPECTED_TERMS)
def test_expected_term_is_extracted(tagger, sentence, term):
    assert term in terms_of(sentence, tagger)


@pytest.mark.parametrize(("sentence", "forbidden"), FORBIDDEN_TERMS)
def test_forbidden_term_is_absent(tagger, sentence, forbidden):
    assert forbidden not in terms_of(sentence, tagger)


@pytest.mark.parametrize(("text", "term", "pos"), TERM_POS)
def test_term_pos(tagger, text, term, pos):
    assert (term, pos) in extract_terms(text, tagger, NO_STOPWORDS)


@pytest.mark.parametrize(("text", "expected"), TERM_SEQUENCES)
def test_term_sequence(tagger, text, expected):
    assert terms_of(text, tagger) == expected


def test_make_tagger_returns_one_tagger_per_process():
    assert make_tagger() is make_tagger()


def test_stopwords_from_a_user_file_take_effect(tmp_path, tagger):
    text = "ChatGPTは全体として業界全体のモデルだ"
    assert {"ChatGPT", "全体", "モデル"} <= set(terms_of(text, tagger))
    (tmp_path / "stopwords.txt").write_text("# 意味の薄い語\n全体\nchatgpt  # Latin words match in any case\n\n"
                                            "モデル\n", encoding="utf-8")
    stopwords = load_stopwords(tmp_path)
    assert stopwords == frozenset({"全体", "chatgpt", "モデル"})
    remaining = terms_of(text, tagger, stopwords)
    assert {"ChatGPT", "全体", "モデル"}.isdisjoint(remaining)
    assert "業界全体" in remaining  # a compound holding a stop word stays


def test_stopword_matches_the_lemma_of_a_one_token_term(tagger):
    assert "ユーザー" in terms_of("ユーザの声", tagger)
    assert "ユーザー" not in terms_of("ユーザの声", tagger, frozenset({"ユーザー"}))


def test_missing_stopwords_file_raises(tmp_path, monkeypatch):
    monkeypatch.setattr(terms_module, "STOPWORDS_FILE", "no-such-stopwords.txt")
    with pytest.raises(DataFileError, match="no-such-stopwords.txt"):
        load_stopwords(tmp_path)


def test_long_text_is_tagged_in_pieces_without_losing_terms(tagger, monkeypatch):
    sentence = "OpenAIは生成AIの資金調達を発表した。"
    expected = terms_of(sentence, tagger) * 30
    monkeypatch.setattr(terms_module, "MAX_TAGGER_CHARS", 50)
    assert terms_of(sentence * 30, tagger) == expected


@pytest.mark.parametrize("text", ["生成AI\x00の資金調達", "生成AI\ud800の資金調達"], ids=["NUL", "lone surrogate"])
def test_untaggable_characters_do_not_cut_the_text(tagger, text):
    assert terms_of(text, tagger) == ["生成AI", "資金調達"]


@settings(max_examples=300, deadline=None)
@given(text=JAPANESEISH)
def test_extract_terms_never_raises_and_terms_are_well_formed(tagger, text):
    for term, pos in extract_terms(text, tagger, NO_STOPWORDS):
        assert pos in POS_LABELS
        assert len(term) >= 2 and term == term.strip()
        assert re.search(r"[^\W\d_]", term), term
        assert not re.fullmatch(r"[\u3041-\u309f]+", term), term


def test_terms_frame_has_the_term_columns_and_counts(tagger):
    paragraphs = [
        ("a1", 0, "生成AIの資金調達。生成AIの市場。"),
        ("a1", 1, "OpenAIのGPT-4"),
        ("a2", 0, "2023年に17.6%増"),
    ]
    frame = terms_frame(paragraphs, tagger, NO_STOPWORDS)
    assert list(frame.columns) == list(TERM_COLUMNS)
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == {
        name: str(pd.Series([], dtype=dtype).dtype) for name, dtype in TERM_COLUMNS.items()}
    rows = [tuple(row) for row in frame[["article_id", "paragraph", "term", "count"]].itertuples(index=False)]
    assert rows == [("a1", 0, "生成AI", 2), ("a1", 0, "資金調達", 1), ("a1", 0, "市場", 1),
                    ("a1", 1, "OpenAI", 1), ("a1", 1, "GPT-4", 1)]
    assert not frame.duplicated(["article_id", "paragraph", "term"]).any()


def test_terms_frame_of_nothing_is_empty_with_columns(tagger):
    frame = terms_frame([], tagger, NO_STOPWORDS)
    assert frame.empty and list(frame.columns) == list(TERM_COLUMNS)


SENTENCES = pd.DataFrame({
    "article_id": ["a1", "a1", "a2", "a3"],
    "paragraph": [0, 1, 3, 0],
    "sentence_index": [0, 4, 1, 0],
    "text": ["OpenAIはGPT-4を公開し、openaiの収益は20億ドル。",
             "ＯｐｅｎＡＩのＧＰＴ－４と生成AI",
             "Metaの売上総利益は1,000億ドル以上。",
             "「生成 AI の市場人気は、Google  Cloudの成長と"],
})

# (term, expected (article_id, sentence_index, match) in order): case-insensitive, full-width aware
KWIC_CASES = (
    ("OpenAI", [("a1", 0, "OpenAI"), ("a1", 0, "openai"), ("a1", 4, "ＯｐｅｎＡＩ")]),
    ("gpt-4", [("a1", 0, "GPT-4"), ("a1", 4, "ＧＰＴ－４")]),
    ("売上総利益", [("a2", 1, "売上総利益")]),
    ("億ドル", [("a1", 0, "億ドル"), ("a2", 1, "億ドル")]),
    ("生成AI", [("a1", 4, "生成AI"), ("a3", 0, "生成 AI")]),  # the term drops the translation's space
    ("Google Cloud", [("a3", 0, "Google  Cloud")]),
    ("Anthropic", []),
    ("", []),
)


@pytest.mark.parametrize(("term", "expected"), KWIC_CASES)
def test_kwic_finds_every_occurrence(term, expected):
    lines = kwic(SENTENCES, term, width=200)
    assert list(lines.columns) == list(KWIC_COLUMNS)
    assert list(zip(lines["article_id"], lines["sentence_index"], lines["match"])) == expected
    for left, match, right, sentence in zip(lines["left"], lines["match"], lines["right"], lines["sentence"]):
        assert left + match + right == sentence


@pytest.mark.parametrize("width", [0, 3, 10])
def test_kwic_context_is_cut_to_width(width):
    lines = kwic(SENTENCES, "億ドル", width=width)
    assert len(lines) == 2
    for left, match, right, sentence in zip(lines["left"], lines["match"], lines["right"], lines["sentence"]):
        assert len(left) <= width and len(right) <= width
        assert left + match + right in sentence
        assert len(left) == min(width, sentence.index("億ドル"))
