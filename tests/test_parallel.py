"""Parallel lists: names first, then values, each value to its own company in order — only when counts agree."""
from __future__ import annotations

import pytest

from loaders.cleaning import clean_text
from loaders.companies import find_mentions, load_gazetteer
from loaders.figures import extract_figures, figures_from_sentence
from loaders.metrics import load_lexicon

LEXICON = load_lexicon()
GAZETTEER = load_gazetteer()


def subjects_of(sentence: str) -> list[tuple[str, str, float]]:
    """(metric, company, value) of each frame figure of one sentence."""
    candidates = figures_from_sentence(sentence, find_mentions(sentence, GAZETTEER), LEXICON, reference_year=2024)
    return [(c.metric, c.company, round(c.value, 4)) for c in candidates if c.frame and not c.absorbed]


# (pattern, sentence, expected (metric, company, value) in order)
PARALLEL = (
    ("それぞれ after products and a metric", "ChatGPT、Gemini、Claudeの月間訪問数はそれぞれ50億回、10億回、2億回だった。",
     [("visits", "OpenAI", 5e9), ("visits", "Google", 1e9), ("visits", "Anthropic", 2e8)]),
    ("順に after companies", "アリババ、テンセント、バイドゥの売上高は順に300億元、250億元、80億元だった。",
     [("revenue", "Alibaba", 3e10), ("revenue", "Tencent", 2.5e10), ("revenue", "Baidu", 8e9)]),
    ("names joined by と, changes as values", "トヨタとホンダの売上高はそれぞれ前年比10%増、5%減となった。",
     [("revenue_growth", "Toyota", 10.0), ("revenue_growth", "Honda", -5.0)]),
    ("levels with their changes folded in", "MetaとMicrosoftの売上高はそれぞれ前年比20%増の400億ドル、同10%増の650億ドルだった。",
     [("revenue", "Meta", 4e10), ("revenue", "Microsoft", 6.5e10)]),
    ("counts that disagree leave the subjects as they were", "OpenAIとAnthropicの評価額はそれぞれ3000億ドル、1830億ドル、1000億ドル。",
     [("valuation", "Anthropic", 3e11), ("valuation", "Anthropic", 1.83e11), ("valuation", "Anthropic", 1e11)]),
    ("a company's product form listed after its name (Xのウェブ版と…)",
     "DeepSeekのウェブ版とCopilotの月間アクティブユーザー数はそれぞれ5,000万と3,000万だった。",
     [("users", "DeepSeek", 5e7), ("users", "Microsoft", 3e7)]),
    ("a list of items of which only some name a company: the others are what the text is on",
     "そのうち、モバイルアプリ、Copilot、およびスマホメーカーのAIアシスタントの月間アクティブユーザー数はそれぞれ"
     "2億8700万、7億600万、5億3500万だった。",
     [("users", "", 2.87e8), ("users", "Microsoft", 7.06e8), ("users", "", 5.35e8)]),
    ("items with verbs or particles are no list of noun phrases",
     "KDDIは、個人向け事業、法人向け事業、Pontaの売上高がそれぞれ1兆円、5000億円、300億円だった。",
     [("revenue", "KDDI", 1e12), ("revenue", "KDDI", 5e11), ("revenue", "KDDI", 3e10)]),
    ("givers of money are no list of subjects", "Sakana AIはNVIDIA、ソフトバンクからそれぞれ10億円、20億円を調達した。",
     [("raised", "Sakana AI", 1e9), ("raised", "Sakana AI", 2e9)]),
)


@pytest.mark.parametrize("pattern, sentence, expected", PARALLEL, ids=[p for p, *_ in PARALLEL])
def test_respectively_pairs_names_with_values(pattern, sentence, expected):
    assert subjects_of(sentence) == expected


def article_subjects(text: str) -> list[tuple[str, float]]:
    figures = extract_figures(clean_text(text), lambda s: find_mentions(s, GAZETTEER), LEXICON, 2024)
    return [(c.company, c.value) for c, *_ in figures if c.frame]


# (pattern, article body, expected (company, value)): the values in the sentence after the names
CARRIED = (
    ("values in a sentence of their own",
     "テンセント、アリババ、バイドゥはそれぞれ月間アクティブユーザー数を公表した。10億人、9億人、8億人に達した。",
     [("Tencent", 1e9), ("Alibaba", 9e8), ("Baidu", 8e8)]),
    ("a next sentence that names its own company keeps it",
     "テンセント、アリババはそれぞれ新製品を公表した。バイドゥの月間アクティブユーザー数は1億人、2億人と伸びた。",
     [("Baidu", 1e8), ("Baidu", 2e8)]),
)


@pytest.mark.parametrize("pattern, body, expected", CARRIED, ids=[p for p, *_ in CARRIED])
def test_names_without_values_pass_to_the_next_sentence(pattern, body, expected):
    assert article_subjects("タイトル\n" + body) == expected
