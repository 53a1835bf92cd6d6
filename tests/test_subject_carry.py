"""Company-level figures keep the company the text is on, totals keep none: the subject carried to a part of the
company (a segment topic), past a contribution clause, an investor that joins a round and a scope word before a
number of the metric named before; a figure compared with the topic's goes to the company that owns it; a total
over counted companies and a market text's product name give no company."""
from __future__ import annotations

import pytest

from loaders import load_corpus
from loaders.cleaning import clean_text
from loaders.companies import find_mentions, find_unknown_names, load_gazetteer
from loaders.figures import extract_figures, figures_from_sentence
from loaders.metrics import load_lexicon

LEXICON = load_lexicon()
GAZETTEER = load_gazetteer()


def sentence_subjects(sentence: str) -> list[tuple[str, str, float]]:
    """(metric, company, value) of each frame figure of one sentence."""
    unknown = tuple(find_unknown_names(sentence, GAZETTEER))
    candidates = figures_from_sentence(sentence, find_mentions(sentence, GAZETTEER, unknown), LEXICON,
                                       reference_year=2024)
    return [(c.metric, c.company, round(c.value, 4)) for c in candidates if c.frame and not c.absorbed]


def article_subjects(text: str) -> list[tuple[str, str, float]]:
    """(metric, company, value) of each frame figure of an article, read sentence after sentence."""
    unknown = tuple(find_unknown_names(text, GAZETTEER))
    figures = extract_figures(clean_text(text), lambda s: find_mentions(s, GAZETTEER, unknown), LEXICON, 2024)
    return [(c.metric, c.company, round(c.value, 4)) for c, *_ in figures if c.frame]


# (pattern, sentence, expected rows)
SENTENCES = (
    ("a company right before の and a number compared with the topic's owns it",
     "ChatGPTは月間訪問数が50億回に達し、Geminiの10億回、Claudeの約2億回を大きく引き離した。",
     [("visits", "OpenAI", 5e9), ("visits", "Google", 1e9), ("visits", "Anthropic", 2e8)]),
)


@pytest.mark.parametrize("pattern, sentence, expected", SENTENCES, ids=[p for p, *_ in SENTENCES])
def test_subject_of_a_figure_among_named_and_counted_companies(pattern, sentence, expected):
    assert sentence_subjects(sentence) == expected


LEAD = "通信大手の決算\n\nKDDIは7日、決算説明会を開いた。\n\n"

# (pattern, article text, expected rows)
ARTICLES = (
    ("a segment breakdown and a segment topic go on about the company of the lead",
     LEAD + "事業の動向\n\n事業別では、パーソナル事業の売上高が3%増の1兆2000億円となった。"
            "ビジネス事業は売上高が8%増の5000億円だった。",
     [("segment_revenue", "KDDI", 1.2e12), ("revenue", "KDDI", 5e11)]),
    ("a segment topic with も", LEAD + "金融事業も売上高が17%増の3000億円となった。", [("revenue", "KDDI", 3e11)]),
    ("a country topic is no part of the company", LEAD + "ドイツは売上高が8%増の5000億円だった。",
     [("revenue", "", 5e11)]),
    ("an intro whose topic the company owns past a bracketed aside gives the table under it its company",
     "業績の要点\n\nKDDIの2032年3月期Q1(4〜6月期)決算は、以下のとおり好調でした。\n項目 | 実績 | 前年同期比 |\n"
     "---|---|---|\n売上高 | 5,000億円 | +14.2% |",
     [("revenue", "KDDI", 5e11)]),
    ("after a view by segment a market word names a segment of the company",
     LEAD + "セグメント別で見ると、国内の通信サービスは増益で売上収益は3.9%増の4393億円だった。",
     [("revenue", "KDDI", 4.393e11)]),
    ("without a view by segment a market word is the market's", LEAD + "国内の通信サービスは売上収益が4393億円だった。",
     [("revenue", "", 4.393e11)]),
    ("a market segment topic is the market's", LEAD + "AI分野は投資額が前年比20%増の3兆円だった。",
     [("investment", "", 3e12)]),
    ("a total over counted companies is no company's, not even one named in it",
     "AI新興企業の動向\n\nOpenAIは新モデルを公開した。OpenAIを含む米国のAI企業15社の調達総額は、合計で900億ドルに達した。",
     [("raised", "", 9e10)]),
    ("an investor's share of a round is no figure of the investor's",
     "AI新興企業の動向\n\nOpenAIは400億ドルを調達し、ソフトバンクの300億ドルが最大だった。",
     [("raised", "OpenAI", 4e10), ("raised", "OpenAI", 3e10)]),
    ("a count of companies before the metric's noun phrase", LEAD + "主要な通信会社3社の売上高は合計で15兆円だった。",
     [("revenue", "", 1.5e13)]),
    ("a company that contributes to the figure is not its subject",
     "ネット大手の決算\n\nLINEヤフーは決算を発表した。\n\nソフトバンクの寄与もあり、売上高は前年同期比8%増加した。",
     [("revenue_growth", "LY Corporation", 8.0)]),
    ("a contribution clause before the metric's topic",
     "ネット大手の決算\n\nLINEヤフーは決算を発表した。\n\n前期に子会社化した電子書籍会社の寄与もあり、売上高は前年同期比8%増加した。",
     [("revenue_growth", "LY Corporation", 8.0)]),
    ("a scope word before a number of the metric named before is the company's, narrowed",
     "メッセージアプリ\n\n韓国カカオは決算を発表した。\n\nカカオトークの月間アクティブユーザーの推移。"
     "グローバルでは660万人程度と、国内に偏った分布だ。",
     [("users", "Kakao", 6.6e6)]),
    ("a scope word before a metric of its own is the market's",
     "メッセージアプリ\n\n韓国カカオは決算を発表した。\n\nグローバルでは生成AIの利用者数が10億人に達した。",
     [("users", "", 1e9)]),
    ("an investor that joins the round is not what the next lines are about",
     "AIスタートアップの資金調達\n\nSakana AIは新たな資金調達を発表した。\n\n"
     "今回のラウンドはNTTがリードし、NVIDIAが新規投資家として参加している。\n\n調達額は約200億円だ。",
     [("raised", "Sakana AI", 2e10)]),
)


@pytest.mark.parametrize("pattern, text, expected", ARTICLES, ids=[p for p, *_ in ARTICLES])
def test_company_level_figures_keep_the_company_the_text_is_on(pattern, text, expected):
    assert article_subjects(text) == expected


# (pattern, article text, (metric, company) of its frame figures): the company the whole article is about
ARTICLE_COMPANIES = (
    ("a product named as a milestone in a text about a market makes no company of the article",
     "暗号資産とAI\n\n暗号資産市場は転換期を迎えた。AI業界はGPT-4の登場で新たな段階に入った。\n\n"
     "資金調達総額は2024年に1,000億ドルを超えた。",
     [("raised", "")]),
    ("a product alone still names the company of an excerpt that speaks of no market",
     "決算の要点\n\n売上高は300億ドルだった。データセンター売上はBlackwell向けが伸びた。",
     [("revenue", "NVIDIA")]),
)


@pytest.mark.parametrize("pattern, text, expected", ARTICLE_COMPANIES, ids=[p for p, *_ in ARTICLE_COMPANIES])
def test_the_company_of_an_article_named_only_through_a_product(tmp_path, pattern, text, expected):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    figures = load_corpus(tmp_path).figures
    framed = figures[figures["frame"] != ""]
    assert list(zip(framed["metric"], framed["company"])) == expected
