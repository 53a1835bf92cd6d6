"""Tables of sentences and the quantities loaders.numbers must read out of them."""
from pathlib import Path

import pytest

import loaders
from loaders.numbers import Quantity, find_quantities, load_number_words, parse_amount, parse_number


def quantity_at(text: str, surface: str) -> Quantity:
    """The one quantity of `text` whose surface is exactly `surface`."""
    found = find_quantities(text)
    matching = [q for q in found if q.surface == surface]
    assert len(matching) == 1, f"{surface!r} not among {[q.surface for q in found]}"
    return matching[0]


# (sentence, surface, value in whole currency units, ISO code, approx)
MONEY = (
    ("毎年大規模モデルのインフラに2000億ドルを投資する", "2000億ドル", 200_000_000_000, "USD", False),
    ("総収入:1,680.90億ドル", "1,680.90億ドル", 168_090_000_000, "USD", False),
    ("2023年第4四半期の総収入:620.20億ドル", "620.20億ドル", 62_020_000_000, "USD", False),
    ("総収入:2803億ドル(前年同期比4%増)", "2803億ドル", 280_300_000_000, "USD", False),
    ("Metaの売上総利益は1,000億ドル以上。", "1,000億ドル以上", 100_000_000_000, "USD", True),
    ("売上総利益:約54億ドル", "約54億ドル", 5_400_000_000, "USD", True),
    ("META社の2023年通期の総収入は 1,136億ドル でした。", "1,136億ドル", 113_600_000_000, "USD", False),
    ("Baichuan Intelligenceは3億5000万米ドルの資金調達を受けた", "3億5000万米ドル", 350_000_000, "USD", False),
    ("シリーズBで1億2000万ドルを調達した", "1億2000万ドル", 120_000_000, "USD", False),
    ("今年合計25億元の資金調達を発表した", "25億元", 2_500_000_000, "CNY", False),
    ("国内の売上高は3千億円に達した", "3千億円", 300_000_000_000, "JPY", False),
    ("設備投資は4.5兆円規模となる", "4.5兆円", 4_500_000_000_000, "JPY", False),
    ("同社は3億5千万円を出資した", "3億5千万円", 350_000_000, "JPY", False),
    ("ソフトバンクは5億ドルを追加投資する", "5億ドル", 500_000_000, "USD", False),
    ("政府は2兆円の支援策をまとめた", "2兆円", 2_000_000_000_000, "JPY", False),
    ("研究開発費は三千億円に上る", "三千億円", 300_000_000_000, "JPY", False),
    ("投資ファンドは二十億元を集めた", "二十億元", 2_000_000_000, "CNY", False),
    ("総事業費は一兆二千億円と見込まれる", "一兆二千億円", 1_200_000_000_000, "JPY", False),
    ("初期費用は一千万ドルだった", "一千万ドル", 10_000_000, "USD", False),
    ("補助金は１，２００億円に増える", "１，２００億円", 120_000_000_000, "JPY", False),
    ("トレーニング費用は約 140 万ドルで", "約 140 万ドル", 1_400_000, "USD", True),
    # spaces on both sides of 億 and 万
    ("月間収入は 2 億 4500 万ドルに増えた", "2 億 4500 万ドル", 245_000_000, "USD", False),
    ("スタートアップは10万元を受け取った", "10万元", 100_000, "CNY", False),
    ("売上高は20億ユーロを超える見通し", "20億ユーロを超え", 2_000_000_000, "EUR", True),
    ("英国政府は1億ポンドを拠出した", "1億ポンド", 100_000_000, "GBP", False),
    ("サムスンは3兆ウォンを投じる", "3兆ウォン", 3_000_000_000_000, "KRW", False),
    ("香港市場で50億香港ドルを調達", "50億香港ドル", 5_000_000_000, "HKD", False),
    ("豪州の事業に10億豪ドルを投資", "10億豪ドル", 1_000_000_000, "AUD", False),
    ("台湾で300億台湾ドルの工場を建設", "300億台湾ドル", 30_000_000_000, "TWD", False),
    ("インドで1,000億ルピーの計画", "1,000億ルピー", 100_000_000_000, "INR", False),
    ("UAEのファンドが100億ディルハムを出資", "100億ディルハム", 10_000_000_000, "AED", False),
    ("評価額は1000億円超となった", "1000億円超", 100_000_000_000, "JPY", True),
    ("超1000億円の大型案件", "超1000億円", 100_000_000_000, "JPY", True),
    ("調達額は50億ドル近くに達した", "50億ドル近く", 5_000_000_000, "USD", True),
    ("少なくとも10億ドルを投資する", "少なくとも10億ドル", 1_000_000_000, "USD", True),
    ("売上高は100億円強だった", "100億円強", 10_000_000_000, "JPY", True),
    ("研究費はおよそ500億円程度", "およそ500億円程度", 50_000_000_000, "JPY", True),
    ("市場規模は1兆円を上回る見込み", "1兆円を上回る", 1_000_000_000_000, "JPY", True),
    # English money inside Japanese text
    ("OpenAIは$6.6 billionを調達した", "$6.6 billion", 6_600_000_000, "USD", False),
    ("同社はUS$500 millionの融資枠を得た", "US$500 million", 500_000_000, "USD", False),
    ("報道によれば$13bnの評価額", "$13bn", 13_000_000_000, "USD", False),
    ("売上高は$1.5Bに達した", "$1.5B", 1_500_000_000, "USD", False),
    ("トヨタは1.2 trillion yenを投じる", "1.2 trillion yen", 1_200_000_000_000, "JPY", False),
    ("EUは€2 billionのAI基金を設立", "€2 billion", 2_000_000_000, "EUR", False),
    ("調達額は USD 3.5 billion とされる", "USD 3.5 billion", 3_500_000_000, "USD", False),
    ("アリババは RMB 1 billion を投資", "RMB 1 billion", 1_000_000_000, "CNY", False),
    ("総額は500 million dollarsに上る", "500 million dollars", 500_000_000, "USD", False),
    ("百度の株価は前日の終値140.71ドルから4%上昇", "140.71ドル", 140.71, "USD", False),
    ("株価は$140.71で取引を終えた", "$140.71", 140.71, "USD", False),
    ("評価額は about $80 billion とみられる", "about $80 billion", 80_000_000_000, "USD", True),
    ("価格は $ 5 billion と報じられた", "$ 5 billion", 5_000_000_000, "USD", False),
    ("販売価格は￥１，９８０だった", "￥１，９８０", 1980, "JPY", False),
    ("英国では£3mの補助金", "£3m", 3_000_000, "GBP", False),
    ("HK$5 billionの新規株式公開", "HK$5 billion", 5_000_000_000, "HKD", False),
    ("報道では$13 bnの調達とされる", "$13 bn", 13_000_000_000, "USD", False),
    # regressions: a hedge after Latin letters, 元 before a kanji, 超 right after a currency
    ("生成AI約100億ドルの市場", "約100億ドル", 10_000_000_000, "USD", True),
    ("10億元規模の基金を設立", "10億元", 1_000_000_000, "CNY", False),
    ("調達総額は25億元以上", "25億元以上", 2_500_000_000, "CNY", True),
    ("売上高は25億元超となった", "25億元超", 2_500_000_000, "CNY", True),
)


@pytest.mark.parametrize(("text", "surface", "value", "unit", "approx"), MONEY)
def test_money(text, surface, value, unit, approx):
    quantity = quantity_at(text, surface)
    assert (quantity.kind, quantity.unit, quantity.approx) == ("money", unit, approx)
    assert quantity.value == pytest.approx(value, rel=1e-12)
    assert quantity.value_high is None


# (sentence, surface, signed value in points, direction, approx)
PERCENTS = (
    ("前年同期比:17.6%増", "17.6%増", 17.6, 1, False),
    ("その他収入は54億ドルとなり、前年比13.5%減少しました", "13.5%減少", -13.5, -1, False),
    ("このうち、6月は9.7%減、7月は9.6%減となった", "9.7%減", -9.7, -1, False),
    ("ユーザー数は依然として前月比 3% 減少しました", "3% 減少", -3, -1, False),
    ("学習機のGMVは前年比で136%、217%増加しました", "136%", 136, 0, False),
    ("学習機のGMVは前年比で136%、217%増加しました", "217%増加", 217, 1, False),
    ("Alphabet全体の収益の約87%を占める", "約87%", 87, 0, True),
    ("成長率は１２．５％に達した", "１２．５％", 12.5, 0, False),
    ("営業利益率は三十五%だった", "三十五%", 35, 0, False),
    ("シェアは40パーセントに上昇した", "40パーセント", 40, 0, False),
    ("営業利益は前年比−3%だった", "−3%", -3, -1, False),
    ("営業利益は前年比-3%だった", "-3%", -3, -1, False),
    ("経常利益は▲3.2%となった", "▲3.2%", -3.2, -1, False),
    ("純利益は△5%だった", "△5%", -5, -1, False),
    ("実質成長率はマイナス2.1%に落ち込んだ", "マイナス2.1%", -2.1, -1, False),
    ("売上高は＋８％と伸びた", "＋８％", 8, 1, False),
    ("株価は一時7.3%まで上昇した", "7.3%", 7.3, 0, False),
    ("日経平均は2%安で取引を終えた", "2%安", -2, -1, False),
    ("半導体株は5%高となった", "5%高", 5, 1, False),
    ("契約数は30%以上増加した", "30%以上増加", 30, 1, True),
    ("GPU需要は前年比２．３％減", "２．３％減", -2.3, -1, False),
    ("市場は年率20%成長する見込み", "20%成長", 20, 1, False),
    ("利用者の割合が60.6%と6割の大台を突破した", "60.6%", 60.6, 0, False),
    ("出荷台数は前年比10%程度縮小した", "10%程度縮小", -10, -1, True),
    # a middle dot between digits before a percent word is a decimal point (news-agency style)
    ("営業利益は4・5%増の20億元だった", "4・5%増", 4.5, 1, False),
    ("利用者数は１・２％減った", "１・２％減", -1.2, -1, False),
    ("シェアは12・25パーセントだった", "12・25パーセント", 12.25, 0, False),
)


@pytest.mark.parametrize(("text", "surface", "value", "direction", "approx"), PERCENTS)
def test_percent(text, surface, value, direction, approx):
    quantity = quantity_at(text, surface)
    assert (quantity.kind, quantity.unit, quantity.counter) == ("percent", "%", "")
    assert (quantity.direction, quantity.approx) == (direction, approx)
    assert quantity.value == pytest.approx(value)


# (sentence, surface, value, counter, approx)
COUNTS = (
    ("再生回数も5月の19億から7月には15億に減少した", "19億", 1_900_000_000, "", False),
    ("ユーザー数が 12 億の大台を超えました", "12 億", 1_200_000_000, "", False),
    ("ユーザー数は 100 万人を超え", "100 万人を超え", 1_000_000, "人", True),
    ("ユーザーからの質問は合計 3,342 万件に達しました", "3,342 万件", 33_420_000, "件", False),
    ("開発者規模は700,000を超えています", "700,000を超え", 700_000, "", True),
    ("約10,000の月間アクティブ企業", "約10,000", 10_000, "", True),
    ("Zhipu AIは1,000社以上の顧客を持つ", "1,000社以上", 1000, "社", True),
    ("会員数は３，２００万人を突破した", "３，２００万人を突破", 32_000_000, "人", True),
    ("従業員は十二万人にのぼる", "十二万人", 120_000, "人", False),
    ("出資者は五百万人を数える", "五百万人", 5_000_000, "人", False),
    ("2023年に発表された", "2023年", 2023, "年", False),
    ("２０２３年に発表された", "２０２３年", 2023, "年", False),
    ("二〇二三年の調査による", "二〇二三年", 2023, "年", False),
    ("6月に公開された", "6月", 6, "月", False),
    ("9月5日現在、合計25名のアナリスト", "5日", 5, "日", False),
    ("9月5日現在、合計25名のアナリスト", "25名", 25, "名", False),
    ("2023年第4四半期の総収入における割合は38%でした", "4四半期", 4, "四半期", False),
    ("第3世代の対話モデルを発表した", "3世代", 3, "世代", False),
    ("アプリストアのランキングで 1 位を獲得し", "1 位", 1, "位", False),
    ("検索の10倍のコストがかかる", "10倍", 10, "倍", False),
    ("指数は約1220ポイントから上昇した", "約1220ポイント", 1220, "ポイント", True),
    ("利益率は3.2ポイント低下した", "3.2ポイント低下", 3.2, "ポイント", False),
    ("シェアは0.5%ポイント上昇した", "0.5%ポイント上昇", 0.5, "ポイント", False),
    ("ダウンロード開始から 19 時間以内に", "19 時間", 19, "時間", False),
    ("国内の100余社が参加した", "100余社", 100, "社", True),
    ("3か月連続で減少した", "3か月", 3, "か月", False),
    ("3ヶ月連続で減少した", "3ヶ月", 3, "か月", False),
    ("40カ国で提供されている", "40カ国", 40, "か国", False),
    ("新たに三社と提携した", "三社", 3, "社", False),
    ("A100を1万枚確保した", "1万枚", 10_000, "枚", False),
    ("ユーザー数は20億に迫る", "20億", 2_000_000_000, "", False),
    ("最新のLlama 3を使う", "3", 3, "", False),
    # a digit right after 数 starts a number (数百億 does not: see the sequences below)
    ("登録者数2400万を突破した", "2400万を突破", 24_000_000, "", True),
    ("契約席数4億2,000万のうち", "4億2,000万", 420_000_000, "", False),
)


@pytest.mark.parametrize(("text", "surface", "value", "counter", "approx"), COUNTS)
def test_count(text, surface, value, counter, approx):
    quantity = quantity_at(text, surface)
    assert (quantity.kind, quantity.unit, quantity.counter, quantity.approx) == ("number", "", counter, approx)
    assert quantity.value == pytest.approx(value)


def test_direction_of_a_count_is_stated_but_does_not_sign_it():
    quantity = quantity_at("利益率は3.2ポイント低下した", "3.2ポイント低下")
    assert (quantity.value, quantity.direction) == (3.2, -1)


def test_sign_symbol_negates_money():
    quantity = quantity_at("営業損益は▲50億円だった", "▲50億円")
    assert (quantity.value, quantity.direction) == (-5_000_000_000, -1)


def test_direction_word_after_money_keeps_its_magnitude():
    quantity = quantity_at("売上高は50億円減となった", "50億円減")
    assert (quantity.value, quantity.direction) == (5_000_000_000, -1)


# (sentence, surface, low, high, unit, counter)
RANGES = (
    ("全体のトレーニング費用は 200 万~1,400 万ドルの範囲です", "200 万~1,400 万ドル", 2_000_000, 14_000_000, "USD", ""),
    ("調達額は200万~1,400万ドルの見込み", "200万~1,400万ドル", 2_000_000, 14_000_000, "USD", ""),
    ("評価額は10億〜15億元とされる", "10億〜15億元", 1_000_000_000, 1_500_000_000, "CNY", ""),
    ("価格は10-15%上昇する", "10-15%上昇", 10, 15, "%", ""),
    ("成長率は10～15％の見通し", "10～15％", 10, 15, "%", ""),
    ("利用者は1000万から2000万人と推定される", "1000万から2000万人", 10_000_000, 20_000_000, "", "人"),
    ("新ファンドは3-5億ドル規模", "3-5億ドル", 300_000_000, 500_000_000, "USD", ""),
    ("調達額は$3-5 billionと報じられた", "$3-5 billion", 3_000_000_000, 5_000_000_000, "USD", ""),
    ("18 ~ 24 歳のユーザーの割合", "18 ~ 24 歳", 18, 24, "", "歳"),
    ("2023-2024年の計画", "2023-2024年", 2023, 2024, "", "年"),
    ("2024年1~3月期の決算", "1~3月期", 1, 3, "", "月期"),
    ("利益率は10%~15%の範囲", "10%~15%", 10, 15, "%", ""),
    ("投資額は5000万~1億ドル", "5000万~1億ドル", 50_000_000, 100_000_000, "USD", ""),
    ("受注は三~五億円を見込む", "三~五億円", 300_000_000, 500_000_000, "JPY", ""),
    # a box-drawing or em dash between the ends
    ("会社の見通しは85億─90億ドルだった", "85億─90億ドル", 8_500_000_000, 9_000_000_000, "USD", ""),
    ("受注は40億—45億円の見込み", "40億—45億円", 4_000_000_000, 4_500_000_000, "JPY", ""),
)


@pytest.mark.parametrize(("text", "surface", "low", "high", "unit", "counter"), RANGES)
def test_range(text, surface, low, high, unit, counter):
    quantity = quantity_at(text, surface)
    assert (quantity.unit, quantity.counter) == (unit, counter)
    assert (quantity.value, quantity.value_high) == (pytest.approx(low), pytest.approx(high))


def test_signed_range_keeps_low_below_high():
    quantity = quantity_at("営業利益は▲3~5%の見込み", "▲3~5%")
    assert (quantity.value, quantity.value_high, quantity.direction) == (-5, -3, -1)


# Sentences whose quantities must come out exactly, in order: no merged from->to, no lost numbers.
WHOLE_SENTENCES = (
    ("寄与度が2022年の10.4%から20.3%に急速に増加した", ["2022年", "10.4%", "20.3%"]),
    ("再生回数も5月の19億から7月には15億に減少した", ["5月", "19億", "7月", "15億"]),
    ("指数は約1220ポイントから1818.68ポイントまで上昇した", ["約1220ポイント", "1818.68ポイント"]),
    ("終値140.71ドルから4%上昇し、一時7.3%まで上昇", ["140.71ドル", "4%上昇", "7.3%"]),
    ("ChatGPT トラフィックが 5 月に 10%、6 月に 15%、7 月にさらに 4% 減少し",
     ["5 月", "10%", "6 月", "15%", "7 月", "4% 減少"]),
    ("最新のGPT-4とLlama 70bの差はほとんどありません", []),
    ("400bのモデルはまだトレーニング中", []),
    ("ChatGLM3-1.5Bおよび3Bは、スマートフォンで動く", []),
    ("GLM-10BやH100、GSM8K、FY2024、iPhone15", []),
    ("数百億のパラメータと十数億の利用者、何百万もの声", []),
    ("2 billion usersが利用する", ["2 billion"]),
    ("週間アクティブユーザーは800 millionに達した", ["800 million"]),
    ("リリース後2週間で100万ダウンロードを記録", ["2週間", "100万"]),
    ("2bn usersとLlama 70b", []),
    ("ＧＰＴ－４とＬｌａｍａ２", []),
    ("C++20に対応した", ["20"]),
    ("周期表の3元素と3次元", ["3", "3次元"]),
    ("前4Q7.17億ドル、今1Q9.12億ドル", ["7.17億ドル", "9.12億ドル"]),  # an amount right after a quarter's label
    ("前4Q12億ドル、4Q24の売上高、4Q2024 MAU", ["12億ドル"]),  # but not the year of the label
    ("2・3月の売上高は5・1億元", ["2", "3月", "5", "1億元"]),  # a middle dot before no percent word lists items
)


@pytest.mark.parametrize(("text", "surfaces"), WHOLE_SENTENCES)
def test_whole_sentence(text, surfaces):
    assert [q.surface for q in find_quantities(text)] == surfaces


# Kanji numerals that are words, not numbers: (sentence, word)
KANJI_WORDS = (
    ("百度は文心一言を公開した", "百度"),
    ("百川智能が新モデルを発表", "百川"),
    ("中国の百模戦争が激化している", "百模戦争"),
    ("生成AIは百花繚乱の状態だ", "百花繚乱"),
    ("一方、Metaは無料で公開した", "一方"),
    ("一部の企業は様子見だ", "一部"),
    ("株価は一時下落した", "一時"),
    ("一般向けに提供する", "一般"),
    ("性能は十分に高い", "十分"),
    ("万一に備える", "万一"),
    ("その一つが流通だ", "一つ"),
    ("第三世代のモデルを発表", "第三世代"),
    ("三つの陣営に分かれる", "三つの"),
    ("千載一遇の好機だ", "千載一遇"),
    ("一度に公開した", "一度"),
)


@pytest.mark.parametrize(("text", "word"), KANJI_WORDS)
def test_kanji_word_is_not_a_number(text, word):
    start = text.index(word)
    end = start + len(word)
    assert [q.surface for q in find_quantities(text) if q.start < end and start < q.end] == []


# Never money: model sizes, dates, names with digits.
NOT_MONEY = (
    "ChatGLM3-1.5Bおよび3Bを公開",
    "Llama 70bとGPT-4の差",
    "400bのLlama 3はまだトレーニング中",
    "2023-2024年の事業計画",
    "2023年9月5日に発表",
    "パラメータ数は1.5Bと70B",
    "1 billion parametersのモデル",
)


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text):
    assert [q.surface for q in find_quantities(text) if q.kind == "money"] == []


def test_gpt_4_is_not_a_negative_number():
    assert all(q.value >= 0 for q in find_quantities("GPT-4とGPT-3.5の差"))


@pytest.mark.parametrize(
    "text",
    [row[0] for row in MONEY + PERCENTS + COUNTS + RANGES + WHOLE_SENTENCES] + ["１２．５％と３，２００万人、２０２３年"],
)
def test_spans_point_into_the_original_text(text):
    quantities = find_quantities(text)
    assert all(text[q.start:q.end] == q.surface for q in quantities)
    assert all(left.end <= right.start for left, right in zip(quantities, quantities[1:]))


PARSE_NUMBER = (
    ("1,680.90", 1680.9),
    ("３，２００", 3200),
    ("三千億", 300_000_000_000),
    ("3億5000万", 350_000_000),
    ("二十", 20),
    ("五百万", 5_000_000),
    ("一兆二千億", 1_200_000_000_000),
    ("二〇二三", 2023),
    ("12 億", 1_200_000_000),
    ("3千億", 300_000_000_000),
    ("700,000", 700_000),
    ("-3.5", -3.5),
    (" 42 ", 42),
)


@pytest.mark.parametrize(("text", "value"), PARSE_NUMBER)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "百度", "億", "3億ドル", "12%", "abc", "GPT-4", "1.2.3"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


# (text, value, value_high, unit, kind, counter)
PARSE_AMOUNT = (
    ("3億5000万米ドル", 350_000_000, None, "USD", "money", ""),
    ("約54億ドル", 5_400_000_000, None, "USD", "money", ""),
    (" 1,136億ドル ", 113_600_000_000, None, "USD", "money", ""),
    ("19億", 1_900_000_000, None, "", "number", ""),
    ("9.7%減", -9.7, None, "%", "percent", ""),
    ("200万~1,400万ドル", 2_000_000, 14_000_000, "USD", "money", ""),
    ("US$500 million", 500_000_000, None, "USD", "money", ""),
    ("五百", 500, None, "", "number", ""),
    ("３，２００万人", 32_000_000, None, "", "number", "人"),
)


@pytest.mark.parametrize(("text", "value", "value_high", "unit", "kind", "counter"), PARSE_AMOUNT)
def test_parse_amount(text, value, value_high, unit, kind, counter):
    quantity = parse_amount(text)
    assert quantity is not None
    assert (quantity.value, quantity.value_high) == (pytest.approx(value), value_high and pytest.approx(value_high))
    assert (quantity.unit, quantity.kind, quantity.counter) == (unit, kind, counter)
    assert text[quantity.start:quantity.end] == quantity.surface


@pytest.mark.parametrize("text", ["", "百度", "売上高は5億ドル", "5億ドルと3億ドル", "1.5B", "GPT-4"])
def test_parse_amount_rejects(text):
    assert parse_amount(text) is None


# (pattern, text, the surfaces and values read): spaces around 万/億/兆 and a 数 that closes a noun
SPACED_AND_COUNTED = (
    ("spaces on both sides of 億 and 万", "利用者は 9 億 3,100 万人となった", [("9 億 3,100 万人", 9.31e8)]),
    ("a space after 兆", "市場は1兆 5000億円に", [("1兆 5000億円", 1.5e12)]),
    ("a year after a space is a number of its own", "売上高は7億 2023年には", [("7億", 7e8), ("2023年", 2023.0)]),
    ("数 closing a noun", "月間ユーザー数3億人", [("3億人", 3e8)]),
    ("数 of an estimate", "訪問数が数10億回もある", []),
)


@pytest.mark.parametrize("pattern, text, expected", SPACED_AND_COUNTED, ids=[p for p, *_ in SPACED_AND_COUNTED])
def test_spaced_numbers_and_counts_after_a_noun(pattern, text, expected):
    assert [(q.surface, q.value) for q in find_quantities(text)] == expected


# (pattern, text, expected (surface, value, value_high)): a hyphen is a sign or a range only where it touches a number
SEPARATORS_AND_SIGNS = (
    ("a spaced hyphen between a label and its value", "クラウド売上 - 1,250億円", [("1,250億円", 1.25e11, None)]),
    ("a spaced hyphen after a footnote mark joins no range", "登録者数※2 - 約4,100万人",
     [("2", 2.0, None), ("約4,100万人", 4.1e7, None)]),
    ("a spaced plus is no sign either", "会員数 + 120万人", [("120万人", 1.2e6, None)]),
    ("a hyphen touching its number is a minus sign", "営業損益は-12億円", [("-12億円", -1.2e9, None)]),
    ("a minus sign after a space", "前年比 -4.5%", [("-4.5%", -4.5, None)]),
    ("a triangle may stand apart from its number", "純損益は▲ 8億円", [("▲ 8億円", -8e8, None)]),
    ("a hyphen between two numbers is a range", "予算は2-4億ドル", [("2-4億ドル", 2e8, 4e8)]),
    ("a hyphen touching one side is a range", "予算は2 -4億ドル", [("2 -4億ドル", 2e8, 4e8)]),
)


@pytest.mark.parametrize("pattern, text, expected", SEPARATORS_AND_SIGNS, ids=[p for p, *_ in SEPARATORS_AND_SIGNS])
def test_a_spaced_hyphen_separates_a_label_from_its_value(pattern, text, expected):
    assert [(q.surface, q.value, q.value_high) for q in find_quantities(text)] == expected


# (pattern, text, expected (surface, value, counter)): look-alike ideographs read as the ideograph they stand for
LOOK_ALIKE_IDEOGRAPHS = (
    ("the Kangxi radical of 月", "2024年3\u2f49末時点", [("2024年", 2024.0, "年"), ("3\u2f49", 3.0, "月")]),
    ("the Kangxi radicals of 人 and 日", "会員は120万\u2f08、開始は5\u2f47", [("120万\u2f08", 1.2e6, "人"), ("5\u2f47", 5.0, "日")]),
    ("CJK compatibility ideographs of 年 and 社", "2025\uf98eに導入は300\ufa4c", [("2025\uf98e", 2025.0, "年"), ("300\ufa4c", 300.0, "社")]),
)


@pytest.mark.parametrize("pattern, text, expected", LOOK_ALIKE_IDEOGRAPHS, ids=[p for p, *_ in LOOK_ALIKE_IDEOGRAPHS])
def test_look_alike_ideographs_read_as_the_unified_ones(pattern, text, expected):
    assert [(q.surface, q.value, q.counter) for q in find_quantities(text)] == expected


# Every direction word of numbers.toml signs a percentage right after it; 高/安 only there.
@pytest.mark.parametrize("text, value, direction", [
    ("営業利益率は5%改善した", 5.0, 1),
    ("利用者数は3%悪化", -3.0, -1),
    ("株価は2%高", 2.0, 1),
    ("株価は4%安", -4.0, -1),
    ("売上高は12%増収となった", 12.0, 1),
    ("6%高速化した", 6.0, 0),  # 高速: not a direction
])
def test_words_of_direction_after_a_percentage(text, value, direction):
    [q] = find_quantities(text)
    assert (q.value, q.direction) == (value, direction)


# A direction read apart from its number (the words after a list of percentages): the first up or down word, never
# a katakana one inside a longer word (ダウン in ダウンロード, アップ in アップデート).
@pytest.mark.parametrize("text, direction", [
    ("多いダウンロード数を記録した", 0),
    ("のアップデート後に減少した", -1),
    ("と大きく増加し、その後ダウンした", 1),
    ("のマイナス成長", -1),
    ("", 0),
])
def test_first_direction_word_of_a_text(text, direction):
    assert load_number_words().first_direction(text) == direction


def test_number_words_are_read_from_the_users_numbers_file(tmp_path):
    from loaders import currency_names
    from loaders.articles import Knowledge
    from loaders.metrics import load_lexicon
    from loaders.numbers import number_words, use_number_words

    packaged = (Path(loaders.__file__).parent / "data" / "numbers.toml").read_text(encoding="utf-8")
    (tmp_path / "numbers.toml").write_text(
        packaged + '\n[currencies.MXN]\nname = "メキシコペソ"\nafter = ["ペソ"]\nbefore = ["MX$"]\n', encoding="utf-8")
    before = number_words()
    assert find_quantities("500万ペソを調達")[0].unit == ""
    try:
        knowledge = Knowledge.load(tmp_path)
        [amount] = find_quantities("500万ペソを調達")
        assert (amount.value, amount.unit, amount.kind) == (5e6, "MXN", "money")
        assert find_quantities("MX$3億")[0].unit == "MXN"
        assert currency_names(tmp_path)["MXN"] == "メキシコペソ"
        # one list of direction words: the extractor reads numbers.toml's
        assert load_lexicon(tmp_path).numbers.up == knowledge.numbers.up
        assert "改善" in knowledge.numbers.up and "高" not in knowledge.numbers.up
    finally:
        use_number_words(before)
    assert find_quantities("500万ペソを調達")[0].unit == ""
