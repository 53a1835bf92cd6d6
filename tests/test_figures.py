"""Figures from sentences: frame, metric, company, value, unit, period, change — and what is no figure."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.cleaning import clean_text
from loaders.companies import find_mentions, load_gazetteer
from loaders.figures import extract_figures, figures_from_sentence
from loaders.metrics import load_lexicon

LEXICON = load_lexicon()
GAZETTEER = load_gazetteer()


def rows_of(sentence: str, year: int = 2023) -> list[tuple]:
    """(frame, metric, company, value, unit, period, change_pct) of the frame figures of one sentence."""
    mentions = find_mentions(sentence, GAZETTEER)
    candidates = figures_from_sentence(sentence, mentions, LEXICON, reference_year=year)
    return [
        (c.frame, c.metric, c.company, round(c.value, 4), c.unit, c.period, c.change_pct)
        for c in candidates if c.frame and not c.absorbed
    ]


# (sentence, expected frame figures in order)
SENTENCES = (
    # funding
    ("Zhipu AIは最近、今年合計25億元の資金調達を受けたことを発表しました。",
     [("funding", "raised", "Zhipu AI", 2.5e9, "CNY", "2023", None)]),
    ("OpenAIは$6.6 billionを調達し、評価額は$157 billionに達した。",
     [("funding", "raised", "OpenAI", 6.6e9, "USD", "", None),
      ("funding", "valuation", "OpenAI", 1.57e11, "USD", "", None)]),
    ("世界のテクノロジー企業は毎年大規模モデルのインフラに2000億ドルを投資する。",
     [("funding", "investment", "", 2e11, "USD", "", None)]),
    ("AnthropicはGoogleから20億ドルの出資を受けた。",
     [("funding", "raised", "Anthropic", 2e9, "USD", "", None)]),
    ("月之暗面が2024年2月にアリババ主導で10億ドル超を調達した。",
     [("funding", "raised", "Moonshot AI", 1e9, "USD", "2024-02", None)]),
    ("百度は二十億元を追加投資し、アリババは今後三年間で三千八百億元を投じる。",
     [("funding", "investment", "Baidu", 2e9, "CNY", "", None),
      ("funding", "investment", "Alibaba", 3.8e11, "CNY", "", None)]),
    ("Mistral AIは2023年12月に3億8,500万ユーロ、2024年6月に6億ユーロを調達した。",
     [("funding", "raised", "Mistral AI", 3.85e8, "EUR", "2023-12", None),
      ("funding", "raised", "Mistral AI", 6e8, "EUR", "2024-06", None)]),
    ("同時に、世界のAI分野への投資総額が前月比38%減少した。",
     [("funding", "investment_change", "", -38.0, "%", "", None)]),
    # revenue
    ("OpenAIの収益は20億ドルで、おそらく大幅な赤字です。",
     [("revenue", "revenue", "OpenAI", 2e9, "USD", "", None)]),
    ("Metaの売上総利益は1,000億ドル以上。",
     [("revenue", "gross_profit", "Meta", 1e11, "USD", "", None)]),
    ("広告収入: 1082億ドル(前年比4.3%増)",
     [("revenue", "segment_revenue", "", 1.082e11, "USD", "", 4.3)]),
    ("トヨタの2025年3月期の売上高は前年比6.5%増の48兆円だった。",
     [("revenue", "revenue", "Toyota", 4.8e13, "JPY", "FY2025", 6.5)]),
    ("SenseTimeは2023年上半期に生成AI関連の収益が前年同期比670.4%増加したと報告した。",
     [("revenue", "revenue_growth", "SenseTime", 670.4, "%", "2023H1", None)]),
    ("学習機のGMVは前年比で136%、217%増加しました。",
     [("revenue", "gmv_growth", "", 136.0, "%", "", None), ("revenue", "gmv_growth", "", 217.0, "%", "", None)]),
    # traffic
    ("ユーザー数は 100 万人を超え、ユーザーからの質問は合計 3,342 万件に達しました。",
     [("traffic", "users", "", 1e6, "count", "", None), ("traffic", "questions", "", 3.342e7, "count", "", None)]),
    ("現在、Zhipu AIは1,000社以上の顧客と100社以上のパートナーを擁しています。",
     [("traffic", "customers", "Zhipu AI", 1000.0, "count", "", None)]),
    ("ChatGPT トラフィックが 5 月に 10%、6 月に 15%、7 月にさらに 4% 減少した。",
     [("traffic", "visits_change", "OpenAI", -10.0, "%", "2023-05", None),
      ("traffic", "visits_change", "OpenAI", -15.0, "%", "2023-06", None),
      ("traffic", "visits_change", "OpenAI", -4.0, "%", "2023-07", None)]),
    ("ChatGPTの週間アクティブユーザーは800 millionに達した。",
     [("traffic", "users", "OpenAI", 8e8, "count", "", None)]),
    ("中国のDeepSeekの訪問数は3億9,600万回で、前月比8.5%減となった。",
     [("traffic", "visits", "DeepSeek", 3.96e8, "count", "", -8.5)]),
    ("NVIDIAはシミュレーションを100万回実行した。", []),
    ("ＬＩＮＥヤフーによると、同社のＡＩアシスタントの月間利用者数は３，２００万人に達した。",
     [("traffic", "users", "LY Corporation", 3.2e7, "count", "", None)]),
    ("約300億円を調達したSakana AIに次ぐ規模となる。",
     [("funding", "raised", "Sakana AI", 3e10, "JPY", "", None)]),
)


@pytest.mark.parametrize("sentence, expected", SENTENCES)
def test_figures_from_sentence(sentence, expected):
    assert rows_of(sentence) == expected


# A keyword set apart from its number, and changes listed before their amount: (pattern, sentence, rows)
SEPARATED = (
    ("a conversion in brackets, then an attributive word", "Mistral AIは23億ドル（約3,400億円）の新たな資金調達ラウンドを実施した。",
     [("funding", "raised", "Mistral AI", 2.3e9, "USD", "", None)]),
    ("という and an attributive の", "Sakana AIは90億円という大型の資金調達を発表した。",
     [("funding", "raised", "Sakana AI", 9e9, "JPY", "", None)]),
    ("a space before a Latin keyword", "Anthropicは25 億ドル（約3,700億円）の Series C 資金調達を完了した。",
     [("funding", "raised", "Anthropic", 2.5e9, "USD", "", None)]),
    ("an attributive な-word", "ソフトバンクは80億円の大規模な投資を決めた。",
     [("funding", "investment", "SoftBank", 8e9, "JPY", "", None)]),
    ("changes listed before their amount keep the year-on-year one",
     "NVIDIAのゲーム部門の売上高は前年同期比31%増、前期比6%増の38億ドルだった。",
     [("revenue", "segment_revenue", "NVIDIA", 3.8e9, "USD", "", 31.0)]),
    ("a noun after a bracket that opens a new clause is not the number's",
     "Metaの売上高が16%増え423億ドル（約6兆円）最終利益は35%増えた。",
     [("revenue", "revenue", "Meta", 4.23e10, "USD", "", 16.0)]),
    ("a topic before the number beats a keyword in its bracket", "Metaの営業損失が約74億ドル（売上高の約4分の1に相当）に膨らんだ。", []),
    ("a conversion after 日本円で", "Microsoftの売上高は約777億ドル、日本円でおよそ11兆9000億円だった。",
     [("revenue", "revenue", "Microsoft", 7.77e10, "USD", "", None)]),
    ("the year-on-year change also when it comes second", "売上高は前期比4%増、前年比18%増の52億円だった。",
     [("revenue", "revenue", "", 5.2e9, "JPY", "", 18.0)]),
    ("a conversion after an equals sign keeps the stated amount",
     "ミナト電機の売上高は前年同期比12%増えて41億2000万ドル＝日本円でおよそ6200億円だった。",
     [("revenue", "revenue", "", 4.12e9, "USD", "", 12.0)]),
    ("a conversion after ＝約", "国内の投資額は3億ドル＝約450億円に上った。",
     [("funding", "investment", "", 3e8, "USD", "", None)]),
    ("a second comparison in the bracket is no row of its own", "B事業の売上高は1.4億ドル（前年比23%減、前期比2%増）となった。",
     [("revenue", "segment_revenue", "", 1.4e8, "USD", "", -23.0)]),
    ("changes listed for それぞれ pair with the levels in order",
     "ミナトアプリの月間利用者は1億2,000万人、日間利用者は4,700万人に達し、それぞれ前年同期比で24%、40%増加した。",
     [("traffic", "users", "", 1.2e8, "count", "", 24.0), ("traffic", "users", "", 4.7e7, "count", "", 40.0)]),
    ("of two comparisons in the bracket the level keeps the year-on-year one", "売上高は52億円（前期比4%増、前年比18%増）だった。",
     [("revenue", "revenue", "", 5.2e9, "JPY", "", 18.0)]),
    ("an exchange-rate aside that ends on the converted amount, then a degree adverb",
     "Character.AIは1億2000万ドル(2024年3月1日時点のレートで、おおよそ180億円)というかなり大型の資金調達を実施した。",
     [("funding", "raised", "Character.AI", 1.2e8, "USD", "", None)]),
    ("the total of an offering's price is the money raised", "Armの新規株式公開では、売出価格の総額は3,200百万米ドルとなった。",
     [("funding", "raised", "Arm", 3.2e9, "USD", "", None)]),
    ("a degree adverb before the attributive word", "Sakana AIは50億円という非常に大きな資金調達を発表した。",
     [("funding", "raised", "Sakana AI", 5e9, "JPY", "", None)]),
)


@pytest.mark.parametrize("pattern, sentence, expected", SEPARATED)
def test_keyword_set_apart_from_its_number(pattern, sentence, expected):
    assert rows_of(sentence) == expected


# How a number finds its metric when no keyword stands next to it: (pattern, sentence, rows)
GOVERNED = (
    ("a topic set off by a comma governs the clauses after it",
     "部門別の売上高は、法人向けを中心とするソリューション部門が5%減の240億円、個人向けの端末部門が8%増の90億円だった。",
     [("revenue", "revenue", "", 2.4e10, "JPY", "", -5.0), ("revenue", "revenue", "", 9e9, "JPY", "", 8.0)]),
    ("a topic without a comma governs only what is in reach",
     "売上高は堅調で、国内の法人向けを中心とするソリューション事業と新規の端末事業がともに伸び、90億円に上った。", []),
    ("a change and a later amount of one topic are one row", "ミナト電機の収益は前年比12%増加し、初めて30億ドルを超えた。",
     [("revenue", "revenue", "", 3e9, "USD", "", 12.0)]),
    ("a label naming counts only is no amount's metric", "広告収入：20億ドル、データセンター：45億ドル（前年比7%増）",
     [("revenue", "segment_revenue", "", 2e9, "USD", "", None),
      ("revenue", "segment_revenue", "", 4.5e9, "USD", "", 7.0)]),
    ("a count of a metric of no frame still blocks the amount after it",
     "AI関連の投資額は1社あたり平均900万円で、従業員500人以上の企業では平均6,000万円に上る。",
     [("funding", "investment", "", 9e6, "JPY", "", None)]),
    ("an installs count", "新しい翻訳アプリは公開初週に8万2,000インストールを記録した。",
     [("traffic", "downloads", "", 8.2e4, "count", "", None)]),
    ("paid seats are users", "業務アシスタントの有料シート数は620万に達した。",
     [("traffic", "users", "", 6.2e6, "count", "", None)]),
    ("a count right after 数", "チャットアプリの登録者数2400万を突破した。",
     [("traffic", "users", "", 2.4e7, "count", "", None)]),
    ("an exchange rate in the conversion is no figure", "国内の投資額は約3億ドル（約450億円、1ドル=150円換算）だった。",
     [("funding", "investment", "", 3e8, "USD", "", None)]),
    ("a growth rate of revenue named by 増収率", "「クラウド」部門の増収率は31%だった。",
     [("revenue", "revenue_growth", "", 31.0, "%", "", None)]),
)


@pytest.mark.parametrize("pattern, sentence, expected", GOVERNED, ids=[p for p, *_ in GOVERNED])
def test_metric_of_a_number_without_an_adjacent_keyword(pattern, sentence, expected):
    assert rows_of(sentence) == expected


def test_a_change_measured_as_before_continues_the_metric_of_the_sentence_before():
    text = "タイトル\nミナト電機の部門の売上は30億ドルだった。内訳は、保守が同6%減の9億ドル。設計支援は同14%増の4億ドルだった。"
    assert [(row[2], row[5]) for row in article_rows(text)] == [(3e9, None), (9e8, -6.0), (4e8, 14.0)]


def test_a_metric_named_in_the_sentence_before_governs_a_number_of_none():
    text = "タイトル\nOpenAIは企業評価額の伸びが著しい。最新の評価は1,800億ドルとされ、昨年秋の900億ドルから倍増した。"
    assert [(row[0], row[1], row[2]) for row in article_rows(text)] == [
        ("funding", "OpenAI", 1.8e11), ("funding", "OpenAI", 9e10)]


def test_a_sentence_set_against_the_one_before_takes_its_metric():
    text = ("タイトル\nミナト電機はA事業が売上高16億ドルだった。一方で、B事業（部品、保守、周辺機器等）は1.4億ドル（前年比23%減、"
            "前期比2%増）となった。一方、主力市場である「C事業」は前4Q8.3億ドル、今1Q8.4億ドルだった。")
    assert [(row[0], row[2], row[5]) for row in article_rows(text)] == [
        ("revenue", 1.6e9, None), ("revenue", 1.4e8, -23.0), ("revenue", 8.3e8, None), ("revenue", 8.4e8, None)]


@pytest.mark.parametrize("pattern, second", [
    ("no contrast", "B事業（部品、保守、周辺機器等）は1.4億ドルを計上した。"),
    ("a contrast with no named item", "一方で同期間の現金流出は1.4億ドルだった。"),
    ("a contrast whose number is no predicate of the item", "一方で毎月1.4億ドルほどのお金を使っている。"),
])
def test_a_number_of_no_metric_takes_none_unless_a_named_item_is_set_against_the_one_before(pattern, second):
    text = "タイトル\nミナト電機はA事業が売上高16億ドルだった。" + second
    assert [row[2] for row in article_rows(text)] == [1.6e9]


def test_keywords_listed_without_a_word_of_joint_movement_do_not_lend_their_frame():
    # "ともに" makes one number a figure of every keyword listed; "それぞれ" pairs them, and 営業利益's 3億円 is no revenue
    assert 3e8 not in [row[3] for row in rows_of("売上高と営業利益はそれぞれ12億円、3億円だった。")]


def test_an_earlier_value_in_brackets_takes_the_metric_of_the_sentence_before_and_the_year_before_its_period():
    text = ("タイトル\n国内のAI投資総額は2025年に5,200億円となった。前年値（2025年2月集計時点の5,400億円）に対しほぼ横ばい。"
            "中央値は前年値(7760万円)から6240万円に下がった。")
    assert [(row[0], row[2], row[4]) for row in article_rows(text, year=2026)] == [
        ("funding", 5.2e11, "2025"), ("funding", 5.4e11, "2024"), ("funding", 7.76e7, "2024"), ("funding", 6.24e7, "2025")]


def test_a_small_count_takes_no_metric_from_the_sentence_before():
    text = "タイトル\nユーザー数の伸びが続く。担当者は一回の会議に40時間かけていた。"
    assert article_rows(text) == []


# Sentences whose numbers belong to no frame.
NO_FIGURES = (
    "温信宜燕氏がユーザーサービスを開始した9月1日、百度の株価は前日の終値140.71ドルから4%上昇し、一時7.3%まで上昇した。",
    "ChatGPTコンセプトセクター指数は、約1220ポイントから1818.68ポイントまで上昇した。",
    "パラメータ数10億以上の国内の基本的な大規模モデルが少なくとも79個リリースされている。",
    "GPT-3 の 1 回のトレーニング費用は約 140 万ドルで、全体のトレーニング費用は 200 万~1,400 万ドルの範囲です。",
    "そのうち、MMLUは36%、Cは33%、GSM8Kは179%、BBHは126%増加しました。",
    "51 歳以上のユーザーの割合が 26.4% に達し、1/4 の水準を突破した。",
    "2017年にGoogleが発表した論文に遡ることができます。",
    "最新のGPT-4とLlama 70bの差はほとんどありません。",
    "モデルパワー、推論コスト、ユーザーの期待、これら4つの曲線は同時に上昇します。",
    "同社の営業利益は前年比12%増の30億円だった。",
    "ユーザーローカル(3984):",
    "導入企業数は1,000社（※1）に達した。（※1）2025年8月末時点",
    # an exchange rate, a year whose 年 is lost, balance-sheet items, margins and profits of no frame
    "ある企業の投資額の換算は1元＝21円とした。",
    "投資額は1ドル＝約150円で換算した。",
    "訪問数の統計は2024",
    "ミナト電機の総資産は300億円を超えた。",
    "ミナト電機の持分法投資損益は-12.5億円だった。",
    "粗利率は61.2%(同3.1pt増)となった。",
    "調整後EBITAは40%増の80億元に達した。",
)


# (pattern, sentence): numbers that look like figures of a frame and are none
NOT_FIGURES = (
    ("a deal value: で + acquisition verb", "ソラテックはミナト電機の半導体事業を300億ドルで獲得した。"),
    ("a deal value named in quotes", "ソラテックの300億ドル「事業買収」"),
    ("a deal value: での + deal noun", "2019年の90億ドルでの ピクセル社 買収以来の規模だ。"),
    ("a threshold that defines a class", "新たなユニコーン(評価額10億ドル以上の未上場企業)が誕生した。"),
    ("a threshold after を超える", "売上高100億円を超える企業は国内に12社ある。"),
    ("a list's title", "いま伸びている生成AIサービス20選"),
    ("one of a group", "彼はそのチャットボットの開発者の一人である。"),
    ("a concessive clause's keyword", "しかし好調な売上高にもかかわらず、ミナト電機は当期に3億ドルの純損失を計上した。"),
    ("levels of a share reached and left", "首位のサービスは48.5％まで低下し、1年前の71.2％から大きく下げた。"),
    ("the label of a size bucket before は", "資金調達額では5〜10億円未満は176社、10〜50億円未満は前年並みだった。"),
    ("the label of a size bucket before が or a count", "資金調達額では10百万円未満が448社、10〜500百万円未満1,680社だった。"),
    ("a change in the number of deals", "国内の資金調達件数は前年比6%減少した。"),
    ("a change of revenue per user", "ARPU（1人あたり課金額）は前年比+6%だった。"),
    ("a change of bookings", "総予約量は39%増加した。"),
    ("posts about a product", "このアプリに言及するツイートは1日当たり8000件を超えた。"),
    ("a table whose cells ran together", "ミナトアプリ 16.30万+62%日次ユーザー42.4万60.70万+43%月間ユーザー250万420万+67%"),
)


@pytest.mark.parametrize("pattern, sentence", NOT_FIGURES, ids=[p for p, _ in NOT_FIGURES])
def test_not_figures(pattern, sentence):
    assert rows_of(sentence) == []


# (pattern, sentence, expected (metric, value)): numbers of the shape of a figure that measure something else
NUMBER_SHAPES = (
    ("the unit a measure is stated per", "推計トラフィック（MAU×1アカウントあたりの月間訪問数）を算出した。", []),
    ("a count per person after its counter", "来訪者1人当たりの閲覧数を比べた。", []),
    ("a measure per user and its difference", "1人あたりのセッション数は、1月の6.2回から7月は3.9回と約2回分減った。", []),
    ("a per-user measure leaves the total beside it", "月間ユーザー数は1,200万人で、1人あたりの訪問数は8回だった。",
     [("users", 1.2e7)]),
    ("a rate per day is a figure", "1日当たりのアクティブユーザーは3月に2億人を超えた。", [("users", 2e8)]),
    ("digits inside a web address", "詳しくは同社の報告書（https://example.co.jp/ir/2024/0612_3）を参照。", []),
    ("a web address does not hide the figure before it", "登録者数は300万人を超えた（https://example.com/news/7）。",
     [("users", 3e6)]),
    ("a month written with the Kangxi radical of 月", "会員数は約820万人（2023年9\u2f49末時点）となった。",
     [("users", 8.2e6)]),
    ("a panel of a survey", "調査会社が抱える180万人のモニターの閲覧履歴を分析した。", []),
    ("classes of the products surveyed", "対象は主要な生成AI（5カテゴリ32種）とした。", []),
    ("a want of money is no raise", "ベンチャーファンド数は前年比64%減の深刻な資金不足に陥った。", []),
    ("a tolerance in brackets", "第3四半期の売上高は約42億ドル(±3%)になると見込んでいる。", [("revenue", 4.2e9)]),
)


@pytest.mark.parametrize("pattern, sentence, expected", NUMBER_SHAPES, ids=[p for p, *_ in NUMBER_SHAPES])
def test_numbers_of_a_figures_shape_that_measure_something_else(pattern, sentence, expected):
    assert [(r[1], r[3]) for r in rows_of(sentence)] == expected


# (pattern, article text, expected (frame, company, value)): who a figure is about, read from the words around it
CUES_OF_THE_SUBJECT = (
    ("an investor that leads a round at a valuation leaves it to the company funded",
     "出資\n\nノーザン・ベンチャーズはDatabricksのシリーズBを2億ドルの評価額でリードした。",
     [("funding", "Databricks", 2e8)]),
    ("an app store a product is released on is no subject",
     "アプリの動向\n\n## ChatGPTの週ごとのダウンロード数\n\nGoogle Playでの公開後、初週のダウンロード数は約900万回だった。",
     [("traffic", "OpenAI", 9e6)]),
    ("a platform listed after another one is where the product runs too",
     "アプリの動向\n\n## ChatGPTの週ごとのダウンロード数\n\niOSとAndroidを合わせたダウンロード数は300万回を上回った。",
     [("traffic", "OpenAI", 3e6)]),
    ("a survey cited with 同調査 states the market's figure, not its maker's",
     "調査\n\n株式会社ミナトリサーチは生成AIの利用動向調査を公開した。同調査では生成AIの利用者が約1800万人に達した。",
     [("traffic", "", 1.8e7)]),
    ("an amount in a bracket after a class of companies defines the class",
     "ユニコーン\n\n国内にはユニコーン（企業価値10億ドル以上の未上場企業）が7社ある。", []),
    ("… also where the bracket holds a conversion",
     "ユニコーン\n\n国内にはユニコーン(企業価値10億ドル=約1500億円)が7社ある。", []),
)


@pytest.mark.parametrize("pattern, text, expected", CUES_OF_THE_SUBJECT, ids=[p for p, *_ in CUES_OF_THE_SUBJECT])
def test_investors_platforms_and_surveys_are_no_subject(pattern, text, expected):
    assert [(frame, company, value) for frame, company, value, *_ in article_rows(text)] == expected


def test_a_label_and_its_value_apart_by_a_spaced_hyphen_are_one_positive_figure():
    text = "\n".join(["会社概要", "- 2024年度クラウド事業", "クラウド売上収益 - 2,140億円", "- 「ミナトアプリ」",
                     "月間利用者数 - 約3,300万人", "月間ページビュー※1 - 410億"])
    assert [(frame, value, unit) for frame, _company, value, unit, *_ in article_rows(text)] == [
        ("revenue", 2.14e11, "JPY"), ("traffic", 3.3e7, "count"), ("traffic", 4.1e10, "count")]


# (pattern, sentence, expected (frame, metric, value)): figures written without the usual keyword
UNUSUAL_FIGURES = (
    ("users through a verb of use", "国内で3億人が利用しているアプリだ。", [("traffic", "users", 3e8)]),
    ("MAU glued to the number", "2位のアプリは6億2,100万MAUだった。", [("traffic", "users", 6.21e8)]),
    ("a valuation as 価値を持つ", "30億ドルの価値を持つ翻訳AIのスタートアップだ。", [("funding", "valuation", 3e9)]),
    ("a figure beside a threshold is still one", "売上高は100億円を超えた。", [("revenue", "revenue", 1e10)]),
    ("a count of one of its own is read", "ミナト電機の顧客は1,200社に増えた。", [("traffic", "customers", 1200)]),
    ("a change of a share stays one", "シェアは前年比4.5%低下した。", []),
    ("members who joined a community", "そのコミュニティには94万人ほどのメンバーが参加している。", [("traffic", "users", 9.4e5)]),
    ("keywords listed together: the number is of the one of a frame", "売上高・ブッキングともに前年同期比41%増となった。",
     [("revenue", "revenue_growth", 41.0)]),
    ("one number set beside another is still a figure", "有料会員数は1,090万人+37%となった。",
     [("traffic", "users", 1.09e7)]),
    ("a share word after the number, past を", "クラウド事業は売上高の38%を占めた。", [("revenue", "revenue_share", 38.0)]),
    ("a share word after the number, past の", "売上高に対し広告が38%の比率となった。",
     [("revenue", "revenue_share", 38.0)]),
)

# (pattern, sentence, expected values): every segment of a long enumeration under one topic
ENUMERATIONS = (
    ("segments after a topic with では、, a segment keyword among them",
     "部門別の売上高では、A部門が前期比3.1%増、前年同期比20.5%増の41億ドル、データセンター部門が前期比2.0%増、"
     "前年同期比10.0%減の14億ドル、C部門が前期比1.0%増、前年同期比5.0%増の30億ドル、D部門が前期比1.0%減、"
     "前年同期比3.0%増の12億ドルとなった。", [4.1e9, 1.4e9, 3e9, 1.2e9]),
    ("a keyword of another metric ends the topic's reach",
     "売上高は、A部門が100億円、営業利益はB部門が前期比2.0%増の20億円だった。", [1e10]),
    ("a series of quarters after a topic with を見ると、, a keyword inside the segment's quoted name",
     "地域別の売上高を見ると、「北米&大規模データセンター向け」が前4Q3.10億ドル、今1Q3.52億ドル、今2Q3.96億ドルと伸びた。",
     [3.1e8, 3.52e8, 3.96e8]),
)


# (pattern, sentence, expected (value, change) of each level)
CHANGES_OF_LEVELS = (
    ("a change right before the level it describes joins that level, not an earlier one",
     "ゲーム事業の売上高は400億元で、うち国内は5%減の300億元、海外は2%増の100億元だった。",
     [(4e10, None), (3e10, -5.0), (1e10, 2.0)]),
    ("a change after a level with none joins that level", "売上高は400億円(前年比3%増)だった。", [(4e10, 3.0)]),
    ("a change not right before a level joins the level before it", "売上高は400億円で、前年比3%増となった。",
     [(4e10, 3.0)]),
)


# (pattern, line, expected (metric, company, value) rows): terse lines of label-value pairs set apart by spaces
TERSE_LINES = (
    ("a keyword past a space labels the next number, not the one before",
     "Google 売上766億ドル 純利益196億ドル", [("revenue", "Google", 7.66e10)]),
    ("the pairs in the other order",
     "Microsoft 純利益222億ドル 売上565億ドル", [("revenue", "Microsoft", 5.65e10)]),
    ("a label with a colon", "Meta 売上:341億ドル 純利益:115億ドル", [("revenue", "Meta", 3.41e10)]),
    ("a keyword past a space with no number after it still names the number before",
     "OpenAIは50億ドル 調達した", [("raised", "OpenAI", 5e9)]),
)


# (pattern, sentence, expected (metric, value) rows): money a company books that is no revenue
NOT_REVENUE = (
    ("orders taken are no revenue", "同期の受注高も好調で、763億円と過去3番目の高水準となった。", []),
    ("interest and investment income are no revenue", "約105億元の利息収入・投資収益を計上した。", []),
    ("revenue next to orders stays revenue", "売上高は500億円、受注高は763億円だった。", [("revenue", 5e10)]),
)


# (pattern, line, expected (metric, value) rows): a round and the valuation after it in brackets
ROUND_LINES = (
    ("a round's raise and its post-money equity value in brackets",
     "2013年にシリーズAで約3億円(株式価値は調達後で約10億円)", [("raised", 3e8), ("valuation", 1e9)]),
    ("a round's raise and its valuation in brackets", "2016年にシリーズBで1.5億円(評価額は約20億円)",
     [("raised", 1.5e8), ("valuation", 2e9)]),
    ("a bracket that names the round without a number of its own still names what the amount is",
     "ミライ電子は5,000万ドル（シリーズB）を調達した", [("raised", 5e7)]),
)


# (pattern, sentence, expected (metric, value, change) rows): a topic keyword far before its amount
FAR_TOPICS = (
    ("a keyword marked as topic governs the first amount after it past a long clause and a change",
     "売上高は前年からの増収トレンドをそのまま引き継ぎ、前年同期比10%増の1546億元を計上した。",
     [("revenue", 1.546e11, 10.0)]),
    ("a far amount no change describes is not the topic's",
     "売上高は前年からの増収トレンドをそのまま引き継いだうえで、新工場と研究所の建設にも合わせて300億円をかけた。", []),
    ("a count is not the topic's when the metric takes money only", "売上高は伸びたが、店舗の従業員は500人減った。", []),
)


@pytest.mark.parametrize("pattern, sentence, expected", FAR_TOPICS, ids=[p for p, *_ in FAR_TOPICS])
def test_a_topic_keyword_governs_the_first_amount_after_it(pattern, sentence, expected):
    assert [(r[1], r[3], r[6]) for r in rows_of(sentence)] == expected


@pytest.mark.parametrize("pattern, line, expected", ROUND_LINES, ids=[p for p, *_ in ROUND_LINES])
def test_a_round_and_its_valuation_in_brackets(pattern, line, expected):
    assert [(r[1], r[3]) for r in rows_of(line)] == expected


@pytest.mark.parametrize("pattern, sentence, expected", NOT_REVENUE, ids=[p for p, *_ in NOT_REVENUE])
def test_money_a_company_books_that_is_no_revenue(pattern, sentence, expected):
    assert [(r[1], r[3]) for r in rows_of(sentence)] == expected


@pytest.mark.parametrize("pattern, line, expected", TERSE_LINES, ids=[p for p, *_ in TERSE_LINES])
def test_terse_label_value_lines(pattern, line, expected):
    assert [(r[1], r[2], r[3]) for r in rows_of(line)] == expected


@pytest.mark.parametrize("pattern, sentence, expected", CHANGES_OF_LEVELS, ids=[p for p, *_ in CHANGES_OF_LEVELS])
def test_a_change_joins_the_level_it_describes(pattern, sentence, expected):
    assert [(r[3], r[6]) for r in rows_of(sentence)] == expected


@pytest.mark.parametrize("pattern, sentence, expected", ENUMERATIONS, ids=[p for p, *_ in ENUMERATIONS])
def test_every_segment_of_an_enumeration(pattern, sentence, expected):
    assert [r[3] for r in rows_of(sentence)] == expected


@pytest.mark.parametrize("pattern, sentence, expected", UNUSUAL_FIGURES, ids=[p for p, *_ in UNUSUAL_FIGURES])
def test_figures_without_the_usual_keyword(pattern, sentence, expected):
    assert [(r[0], r[1], r[3]) for r in rows_of(sentence)] == expected


@pytest.mark.parametrize("sentence", NO_FIGURES)
def test_no_frame_figure(sentence):
    rows = [row for row in rows_of(sentence) if not (row[1] == "customers" and row[3] == 1000.0)]
    assert rows == []


def article_rows(text: str, year: int = 2023) -> list[tuple]:
    article = clean_text(text)
    figures = extract_figures(article, lambda s: find_mentions(s, GAZETTEER), LEXICON, year)
    return [(c.frame, c.company, round(c.value, 4), c.unit, c.period, c.change_pct)
            for c, *_ in figures if c.frame]


def test_list_layout_takes_company_from_heading_and_period_from_the_line_above():
    text = "\n".join([
        "各社の業績",
        "Microsoftの総収入",
        "2023年第4四半期:",
        "・総収入:620.20億ドル",
        "・前年同期比:17.6%増",
        "2023年通期:",
        "・総収入:1,680.90億ドル",
        "・前年同期比:18.5%増",
        "テスラ:",
        "・売上総利益:89億ドル",
        "・前年比:35%減",
        "合計:",
        "・売上総利益:約178億ドル",
    ])
    assert article_rows(text) == [
        ("revenue", "Microsoft", 6.202e10, "USD", "2023Q4", 17.6),
        ("revenue", "Microsoft", 1.6809e11, "USD", "2023", 18.5),
        ("revenue", "Tesla", 8.9e9, "USD", "2023", -35.0),
        ("revenue", "", 1.78e10, "USD", "2023", None),
    ]


def test_anaphora_carries_subject_and_metric_to_the_next_sentence():
    text = "\n".join([
        "タイトル",
        "最近のデータによると、ウェブ版ChatGPTの月間訪問数が3か月連続で減少した。このうち、6月は9.7%減、7月は9.6%減となった。",
    ])
    assert article_rows(text) == [
        ("traffic", "OpenAI", -9.7, "%", "2023-06", None),
        ("traffic", "OpenAI", -9.6, "%", "2023-07", None),
    ]


def test_a_count_without_keyword_continues_the_counter_of_the_sentence_before():
    text = "タイトル\n2位はGoogleの「Gemini」で、訪問数は7億2,000万回だった。中国のDeepSeekは3億9,600万回で、前月比8.5%減となった。"
    assert article_rows(text) == [
        ("traffic", "Google", 7.2e8, "count", "", None),
        ("traffic", "DeepSeek", 3.96e8, "count", "", -8.5),
    ]


def test_a_change_in_the_next_sentence_joins_its_level():
    text = "タイトル\nMeta社の2023年通期の総収入は 1,136億ドル でした。これは、前年比3.1%増となります。"
    assert article_rows(text) == [("revenue", "Meta", 1.136e11, "USD", "2023", 3.1)]


def test_a_figure_stated_twice_is_kept_by_the_extractor_for_the_frames_to_merge():
    text = "タイトル\nOpenAIの収益は20億ドルです。\n繰り返すと、OpenAIの収益は20億ドルだ。"
    assert [row[2] for row in article_rows(text)] == [2e9, 2e9]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789０１２億万兆円ドル元%％増減約のはがをOpenAI売上高調達ユーザー数、。 ")),
               max_size=80))
def test_figures_from_sentence_never_raises_and_spans_stay_inside(sentence):
    for candidate in figures_from_sentence(sentence, find_mentions(sentence, GAZETTEER), LEXICON):
        q = candidate.quantity
        assert 0 <= q.start < q.end <= len(sentence)
        assert sentence[q.start:q.end] == q.surface


def article_metrics(text: str, year: int = 2023) -> list[tuple]:
    article = clean_text(text)
    figures = extract_figures(article, lambda s: find_mentions(s, GAZETTEER), LEXICON, year)
    return [(c.company, c.metric, round(c.value, 4), c.unit, c.change_pct) for c, *_ in figures if c.frame]


SEGMENT_LINES = ["クラウド事業：174億ドル（前年同期比27％増）", "端末：52億ドル（同3%減）"]
SEGMENT_ROWS = [("Adobe", "segment_revenue", 1.74e10, "USD", 27.0), ("Adobe", "segment_revenue", 5.2e9, "USD", -3.0)]
# (layout, article lines): label：value lines and bullets take the company and metric of the lines above them
LABEL_VALUE_LAYOUTS = (
    ("label lines under an intro", ["アドビは決算を発表した。", "事業別の売上高は次の通り。", *SEGMENT_LINES]),
    ("bullets under an intro", ["アドビは決算を発表した。", "事業別の売上高は以下のとおり。",
                                *(f"・{line}" for line in SEGMENT_LINES)]),
    ("label lines under a heading", ["■アドビ 6〜8月期決算", "事業別の売上高は次の通り。", *SEGMENT_LINES]),
    ("an intro ending in a colon", ["アドビは決算を発表した。部門別の売上高：", *(f"- {line}" for line in SEGMENT_LINES)]),
    ("a heading naming company and metric", ["決算が出そろった。", "## アドビの事業別売上高", *SEGMENT_LINES]),
    ("spaces around the colon, blank lines between", ["アドビは決算を発表した。", "事業別の売上高は次の通り。", "",
                                                     "クラウド事業 ：174億ドル（前年同期比27％増）", "",
                                                     "端末 ：52億ドル（同3%減）"]),
    ("label and value apart by two spaces or a tab", ["アドビは決算を発表した。", "事業別の売上高は次の通り。",
                                                     "クラウド事業  174億ドル（前年同期比27％増）", "端末\t52億ドル（同3%減）"]),
    ("a heading that speaks of segments only, a comment before its list",
     ["決算が出そろった。", "## アドビの部門別", "上記をみると、クラウドの伸びが目立つ。",
      *(f"・{line}" for line in SEGMENT_LINES)]),
    ("a label that names counts only", ["アドビは決算を発表した。", "事業別の売上高は次の通り。",
                                        "クラウド事業：174億ドル（前年同期比27％増）", "データセンター：52億ドル（同3%減）"]),
)


@pytest.mark.parametrize("layout, lines", LABEL_VALUE_LAYOUTS, ids=[layout for layout, _ in LABEL_VALUE_LAYOUTS])
def test_label_value_lines_inherit_company_and_metric(layout, lines):
    assert article_metrics("\n".join(["決算まとめ", *lines])) == SEGMENT_ROWS


def test_table_cells_flattened_two_to_a_line_repeat_the_value_above_and_add_the_next_label():
    lines = ["アドビは決算を発表した。", "事業別の売上高は次の通り。", "", "クラウド事業 ：174億ドル（前年同期比27％増）", "",
             "：174億ドル（前年同期比27％増） 端末とその周辺機器の製品群および法人向けの保守サービスの合計 ：52億ドル（同3%減）"]
    rows = article_metrics("\n".join(["決算まとめ", *lines]))
    assert sorted(set(rows)) == sorted(SEGMENT_ROWS)  # the repeated cell is the same figure again (frames merge it)


def test_a_paragraph_that_announces_no_list_passes_no_metric_on():
    text = "\n".join(["決算まとめ", "アドビの売上高は増えた。", "クラウド事業：174億ドル", "端末：52億ドル"])
    assert article_metrics(text) == []


# (layout, article lines): a Markdown table reads like an HTML one, its rows like label：value lines
TABLE_LAYOUTS = (
    ("company column", ["主な資金調達は次の通り。", "| 企業 | 調達額 | 評価額 |", "|---|---|---|",
                        "| Anthropic | 130億ドル | 1830億ドル |", "| Mistral AI | 17億ユーロ | 117億ユーロ |"],
     [("Anthropic", "raised", 1.3e10, "USD", None), ("Anthropic", "valuation", 1.83e11, "USD", None),
      ("Mistral AI", "raised", 1.7e9, "EUR", None), ("Mistral AI", "valuation", 1.17e10, "EUR", None)]),
    ("segment rows of the company above", ["アドビは決算を発表した。事業別の売上高は次の通り。",
                                            "| 事業 | 売上高 | 前年同期比 |", "| --- | --- | --- |",
                                            "| クラウド | 174億ドル | 27%増 |", "| 端末 | 52億ドル | 3%減 |"],
     [("Adobe", "segment_revenue", 1.74e10, "USD", 27.0), ("Adobe", "segment_revenue", 5.2e9, "USD", -3.0)]),
)


@pytest.mark.parametrize("layout, lines, expected", TABLE_LAYOUTS, ids=[layout for layout, *_ in TABLE_LAYOUTS])
def test_markdown_table_rows_are_figures(layout, lines, expected):
    assert article_metrics("\n".join(["まとめ", *lines])) == expected


def test_a_comment_section_yields_no_traffic():
    text = "\n".join(["まとめ", "ChatGPTの週間利用者は8億人に達した。", "", "コメント（2件）", "ゲスト4417 · 1時間前",
                      "うちの会社でも1200人が使っている。", "ゲスト5120 · 2時間前", "利用者3000人のサービスも。"])
    assert article_metrics(text) == [("OpenAI", "users", 8e8, "count", None)]


def article_periods(text: str, published: tuple[int, int] | None) -> list[tuple]:
    article = clean_text(text)
    year, month = published or (None, None)
    figures = extract_figures(article, lambda s: find_mentions(s, GAZETTEER), LEXICON, year,
                              reference_month=month, fiscal_year_end=GAZETTEER.fiscal_year_end)
    return [(c.company, round(c.value, 4), c.period) for c, *_ in figures if c.frame]


# (pattern, article lines, publication date (year, month) or None, rows (company, value, period))
PERIOD_LAYOUTS = (
    ("a figure without period is of the period named last",
     ["エヌビディアは2025年8〜10月期の決算を発表した。売上高は570億ドルだった。", "同社のデータセンター部門の売上高は512億ドル。"],
     None, [("NVIDIA", 5.7e10, "FY2026Q3"), ("NVIDIA", 5.12e10, "FY2026Q3")]),
    ("a month range without year takes the year of the dateline, the quarter the company's fiscal year",
     ["2025/11/20 07:00", "エヌビディアの8〜10月期の売上高は570億ドルだった。"], (2025, 11), [("NVIDIA", 5.7e10, "FY2026Q3")]),
    ("a calendar quarter stays one whatever the company's year",
     ["マイクロソフトの23年7〜9月期の売上高は565億ドル。"], None, [("Microsoft", 5.65e10, "2023Q3")]),
    ("relative years resolve against the dateline",
     ["2024年9月4日", "オープンAIの今年の売上高は37億ドルの見通し。昨年の売上高は10億ドルだった。"], (2024, 9),
     [("OpenAI", 3.7e9, "2024"), ("OpenAI", 1e9, "2023")]),
    ("without a dateline a relative year is no period",
     ["オープンAIの今年の売上高は37億ドル。"], None, [("OpenAI", 3.7e9, "")]),
    ("今期 is the fiscal year the company is in at the dateline",
     ["2024年9月4日", "ソフトバンクグループの今期の売上高は7兆円。"], (2024, 9), [("SoftBank Group", 7e12, "FY2025")]),
    ("a month alone takes the year the article named before, not the dateline's",
     ["2026年3月1日", "オープンAIは2024年に利用者を大きく伸ばした。", "ChatGPTの訪問数は3月に20億回、8月に31億回だった。"],
     (2026, 3), [("OpenAI", 2e9, "2024-03"), ("OpenAI", 3.1e9, "2024-08")]),
    ("a numbered quarter alone is of the calendar year named in an earlier sentence",
     ["世界のAI投資は2023年に落ち込んだ。", "第1四半期の投資額は420億ドル、第2四半期は390億ドルだった。"], None,
     [("", 4.2e10, "2023Q1"), ("", 3.9e10, "2023Q2")]),
    ("a numbered quarter or 通期 alone is of the fiscal year named before",
     ["ソフトバンクグループが2025年3月期の決算を発表した。", "第4四半期の売上高は1.8兆円。", "通期の売上高は7.2兆円だった。"], None,
     [("SoftBank Group", 1.8e12, "FY2025Q4"), ("SoftBank Group", 7.2e12, "FY2025")]),
    ("the date of an event is no period the next sentences are of",
     ["メタは2024年1〜3月期の決算を発表した。", "発表を受けて4月25日の株式市場で株価が下げた。", "広告の売上高は350億ドルだった。"],
     None, [("Meta", 3.5e10, "2024Q1")]),
    ("the year of a founding is no period the next sentences are of",
     ["アンソロピックは2025年に急成長した。", "同社は2021年に元研究者らが設立した。", "年換算の売上高は50億ドルに達した。"],
     None, [("Anthropic", 5e9, "2025")]),
    ("a period still to come is not carried to an actual",
     ["2025年6月10日", "ChatGPTの利用者は2028年に10億人に達する見通し。", "ChatGPTの週間利用者は5億人に達した。"], (2025, 6),
     [("OpenAI", 1e9, "2028"), ("OpenAI", 5e8, "")]),
    ("the period of a plan is not carried to the actuals after it",
     ["楽天グループが2030年度通期決算を発表した。売上収益は3兆円だった。",
      "会長は「2031年度は営業利益を大幅に増やすことを目指す」と語った。", "国内ECの売上収益は1.2兆円。"], None,
     [("Rakuten", 3e12, "FY2030"), ("Rakuten", 1.2e12, "FY2030")]),
    ("a period compared with in brackets is a reference point",
     ["サムスン電子の2030年第4四半期の営業利益は30兆ウォン。",
      "2027年第3四半期（17兆ウォン）を上回る過去最高となった。", "サムスン電子のこの期間の売上高は120兆ウォンだった。"], None,
     [("Samsung", 1.2e14, "2030Q4")]),
    ("同四半期 is the quarter named last",
     ["マイクロンは2031年度第4四半期の決算を発表した。通期の売上高は500億ドル。",
      "同四半期の部門別の売上高では、クラウド部門が60億ドルだった。"], None,
     [("Micron", 5e10, "FY2031"), ("Micron", 6e9, "FY2031Q4")]),
    ("a date in brackets right after the number is its period",
     ["オープンAIの週間利用者数は12億人（2031年12月時点）。"], None, [("OpenAI", 1.2e9, "2031-12")]),
    ("a bracket holding another figure does not date the number",
     ["2031年", "オープンAIの売上高は120億ドル（2030年は50億ドル）。"], None,
     [("OpenAI", 1.2e10, "2031"), ("OpenAI", 5e9, "2030")]),
)


@pytest.mark.parametrize("pattern, lines, published, expected", PERIOD_LAYOUTS, ids=[p for p, *_ in PERIOD_LAYOUTS])
def test_periods_of_figures(pattern, lines, published, expected):
    assert article_periods("\n".join(["見出し", *lines]), published) == expected


# (pattern, sentence, expected frame figures): counts that rank, and changes of a metric of no frame
NOT_A_FIGURE_OF_ITS_OWN = (
    ("an ordinal (N社目)", "前期には5社目の顧客から10億ドル規模の受注があった。", []),
    ("an ordinal (N番目)", "3番目に多い利用者数は2億人だった。", [("traffic", "users", "", 2e8, "count", "", None)]),
    ("a list size (トップN)", "主要アプリのトップ50の総アクセス件数の6割をChatGPTが占める。", []),
    ("a list size (上位N社)", "上位10社の売上高の合計は500億ドルだった。", [("revenue", "revenue", "", 5e10, "USD", "", None)]),
    ("目 that starts a word is no ordinal", "導入企業は3,000社目前だ。", [("traffic", "customers", "", 3000.0, "count", "", None)]),
)


@pytest.mark.parametrize("pattern, sentence, expected", NOT_A_FIGURE_OF_ITS_OWN,
                         ids=[p for p, *_ in NOT_A_FIGURE_OF_ITS_OWN])
def test_ranks_are_no_figures(pattern, sentence, expected):
    assert rows_of(sentence) == expected


def test_a_change_after_a_metric_of_no_frame_takes_no_metric_from_the_sentence_before():
    text = "タイトル\nミライ電子の売上高は前年比10%増の50億円だった。同社の純利益は5億円に達し、前年同期比で20%増加した。"
    assert article_rows(text) == [("revenue", "", 5e9, "JPY", "", 10.0)]
