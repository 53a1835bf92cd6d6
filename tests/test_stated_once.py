"""A metric or a company stated once and leaned on by the clauses and lines after it: the later items of a ranking or
list that drop the keyword keep the metric the text was on."""
from __future__ import annotations

import pytest

from tests.test_subject_carry import article_subjects as article_figures


# (pattern, article text, expected rows)
RANKINGS = (
    ("a sentence opening with a word of succession goes on with the ranking's metric",
     "世界のAI投資\n\n国別に見ると、米国のAI投資額は900億ドルで首位だった。続いてドイツが80億ドル、フランスが60億ドルの順だった。",
     [("investment", "", 9e10), ("investment", "", 8e9), ("investment", "", 6e9)]),
    ("an item placed at a rank in a paragraph of its own",
     "世界のAI投資\n\n米国のAI投資額は900億ドルだった。\n\n日本は20億ドルで7位に入ったが、米国との差は大きい。",
     [("investment", "", 9e10), ("investment", "", 2e9)]),
    ("a rank as the topic, its item after the number",
     "都市別の調達\n\n報告書は都市別の調達額も集計した。東京が約700億円で首位だった。2位は約300億円だった大阪で、福岡が約100億円で3位に入った。",
     [("raised", "", 7e10), ("raised", "", 3e10), ("raised", "", 1e10)]),
    ("companies listed after the leader with their amounts in brackets, restated in yen",
     "AI企業の調達\n\n最も多く調達したのはxAIで、60億ドルを調達した。続いてMistral AI（20億ドル＝3000億円）、Cohere（5億ドル＝750億円）が続いた。",
     [("raised", "xAI", 6e9), ("raised", "Mistral AI", 2e9), ("raised", "Cohere", 5e8)]),
    ("a sentence that neither continues a ranking nor names a metric states no figure",
     "世界のAI投資\n\n米国のAI投資額は900億ドルだった。\n\nドイツの研究所は20億ドルの建物を建てた。",
     [("investment", "", 9e10)]),
    ("a count of another counter than the ranking metric's is no figure of it",
     "アプリの利用者\n\nChatGPTの利用者数は3000万人で首位だった。2位のGoogleは、特許の出願件数が12万件だった。",
     [("users", "OpenAI", 3e7)]),
    ("a rank of an item measured by a metric of no frame passes the ranking's metric to none of its numbers",
     "世界のAI投資\n\n米国のAI投資額は900億ドルだった。\n\n日本は営業利益が20億ドルで7位だった。",
     [("investment", "", 9e10)]),
)


@pytest.mark.parametrize("pattern, text, expected", RANKINGS, ids=[p for p, *_ in RANKINGS])
def test_later_items_of_a_ranking_keep_its_metric(pattern, text, expected):
    assert article_figures(text) == expected


LEAD = "通信大手の決算\n\nKDDIは7日、決算を発表した。売上高は同5%増の1兆2000億円だった。同社はデータセンターへの投資も続けた。\n\n"

# (pattern, article text, expected rows)
KEYWORD_STATED_ONCE = (
    ("a metric viewed by segment is the topic of the segments listed after it",
     LEAD + "売上高を事業部門別に見ると、通信部門が前年同期比8.9%増の9000億円、金融部門が2.1%増の3000億円だった。",
     [("revenue", "KDDI", 1.2e12), ("segment_revenue", "KDDI", 9e11),
      ("segment_revenue", "KDDI", 3e11)]),
    ("a part of the company as the topic states the metric the text was on, broken down",
     LEAD + "通信部門では、主力の携帯事業が11%増の5000億円となった。\n\n一方、エネルギー事業は9%減の600億円にとどまった。",
     [("revenue", "KDDI", 1.2e12), ("segment_revenue", "KDDI", 5e11),
      ("segment_revenue", "KDDI", 6e10)]),
    ("a topic that is neither a part of the company nor a metric takes no metric",
     LEAD + "同社の研究所は昨年完成した。研究所は新しい建物に600億円をかけた。",
     [("revenue", "KDDI", 1.2e12)]),
    ("a keyword and a short noun tail before a spoken topic particle govern the numbers of the clauses after it",
     "ChatGPTの利用動向\n\nまずChatGPTのサイトにアクセスしているユーザーの数ですが、9月時点で約270万人となっており、"
     "4月の約550万人をピークに減っています。",
     [("users", "OpenAI", 2.7e6), ("users", "OpenAI", 5.5e6)]),
    ("a keyword as the object of a growth verb governs the level reached in the next clause",
     "生成AIの利用\n\nChatGPTは2025年に入ってからユーザー数をさらに伸ばし、9月には1900万人を記録した。",
     [("users", "OpenAI", 1.9e7)]),
)


@pytest.mark.parametrize("pattern, text, expected", KEYWORD_STATED_ONCE, ids=[p for p, *_ in KEYWORD_STATED_ONCE])
def test_a_keyword_stated_once_governs_the_clauses_and_sentences_that_lean_on_it(pattern, text, expected):
    assert article_figures(text) == expected


# (pattern, article text, expected rows): a market a figure is sold in names a part of it, not a market's size
MARKETS_AS_PARTS = (
    ("markets after a breakdown word opening a clause are parts of the figure before",
     LEAD + "ゲーム事業の売上高は400億元で、うち国内市場は5%減の300億元、海外市場は2%増の100億元だった。",
     [("revenue", "KDDI", 1.2e12), ("segment_revenue", "KDDI", 4e10), ("segment_revenue", "KDDI", 3e10),
      ("segment_revenue", "KDDI", 1e10)]),
    ("a market a segment is sold to is a part of the metric the text was on",
     LEAD + "サービスの売上高は757億円だった。このうちゲームに関しては、海外市場向けが14%増の130億円だった。"
            "一方、国内市場向けは同5%増の320億円だった。",
     [("revenue", "KDDI", 1.2e12), ("revenue", "KDDI", 7.57e10), ("revenue", "KDDI", 1.3e10),
      ("revenue", "KDDI", 3.2e10)]),
    ("a market named without a breakdown word is a market's size, no part of the company's revenue",
     LEAD + "売上高は757億円だった。世界のゲーム市場は5000億円に達した。",
     [("revenue", "KDDI", 1.2e12), ("revenue", "KDDI", 7.57e10)]),
    ("a profit named after a breakdown word stays a profit",
     LEAD + "ゲーム事業の売上高は400億元で、うち国内の営業利益は50億元だった。",
     [("revenue", "KDDI", 1.2e12), ("segment_revenue", "KDDI", 4e10)]),
    ("a breakdown word inside a word is none",
     LEAD + "売上高は757億円だった。ゆうちょの市場は5000億円に達した。",
     [("revenue", "KDDI", 1.2e12), ("revenue", "KDDI", 7.57e10)]),
)


@pytest.mark.parametrize("pattern, text, expected", MARKETS_AS_PARTS, ids=[p for p, *_ in MARKETS_AS_PARTS])
def test_a_market_named_as_a_part_of_a_figure_is_of_the_metric_the_text_was_on(pattern, text, expected):
    assert article_figures(text) == expected


# (pattern, article text, expected rows): a metric viewed by segment governs the paragraph's later sentences
VIEWED_BY_SEGMENT = (
    ("the sentences after a view by segment state the segment metric",
     LEAD + "売上高を事業会社別に見ると、通信集団は2%増の1000億円。金融集団は3%増の280億円だった。物流集団は24%増の200億円となった。",
     [("revenue", "KDDI", 1.2e12), ("segment_revenue", "KDDI", 1e11), ("segment_revenue", "KDDI", 2.8e10),
      ("segment_revenue", "KDDI", 2e10)]),
    ("a segment word before the keyword views it by segment too (in its own sentence the keyword governs as named)",
     LEAD + "事業別の売上高は、通信集団が1000億円。金融集団は280億円だった。",
     [("revenue", "KDDI", 1.2e12), ("revenue", "KDDI", 1e11), ("segment_revenue", "KDDI", 2.8e10)]),
    ("a sentence that marks no topic before its number is no item of the view",
     LEAD + "売上高を事業会社別に見ると、通信集団は2%増の1000億円。前期の900億円からさらに増えた。",
     [("revenue", "KDDI", 1.2e12), ("segment_revenue", "KDDI", 1e11)]),
    ("the view ends with its paragraph",
     LEAD + "売上高を事業会社別に見ると、通信集団は2%増の1000億円。\n\n新しい研究所は280億円をかけた。",
     [("revenue", "KDDI", 1.2e12), ("segment_revenue", "KDDI", 1e11)]),
    ("a metric named without a segment word governs no later sentence",
     LEAD + "売上高は、通信が1000億円。新しい研究所は280億円をかけた。",
     [("revenue", "KDDI", 1.2e12), ("revenue", "KDDI", 1e11)]),
)


@pytest.mark.parametrize("pattern, text, expected", VIEWED_BY_SEGMENT, ids=[p for p, *_ in VIEWED_BY_SEGMENT])
def test_a_metric_viewed_by_segment_governs_the_sentences_of_its_paragraph(pattern, text, expected):
    assert article_figures(text) == expected


# (pattern, article text, expected rows)
LABEL_LINES = (
    ("a bullet that names only a product labels the value line under it",
     "サービスの概要\n\n- 「ChatGPT」\n月間アクティブユーザー数：約9,000万人\n- 「Gemini」\n月間アクティブユーザー数：約4,000万人",
     [("users", "OpenAI", 9e7), ("users", "Google", 4e7)]),
    ("a bullet that names a company with its year and a class word",
     "事業の概要\n\n- 2023年度LINEヤフー広告\n広告関連の売上収益：3,900億円",
     [("revenue", "LY Corporation", 3.9e11)]),
    ("a line that names two companies labels nothing",
     "サービスの概要\n\n- 「ChatGPT」\n月間アクティブユーザー数：約9,000万人\n- 「Gemini」と「Claude」\n月間アクティブユーザー数：約4,000万人",
     [("users", "OpenAI", 9e7), ("users", "", 4e7)]),
)


@pytest.mark.parametrize("pattern, text, expected", LABEL_LINES, ids=[p for p, *_ in LABEL_LINES])
def test_a_line_that_names_only_a_company_labels_the_line_after_it(pattern, text, expected):
    assert article_figures(text) == expected
