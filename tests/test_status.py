"""Figure status: actual, forecast, target, consensus or in talks, scoped to the clause that governs the number."""
from __future__ import annotations

import pytest

from loaders.companies import find_mentions, load_gazetteer
from loaders.cleaning import clean_text
from loaders.figures import extract_figures, figures_from_sentence
from loaders.metrics import load_lexicon
from loaders.status import clause_spans

LEXICON = load_lexicon()
GAZETTEER = load_gazetteer()


def statuses_of(sentence: str) -> list[tuple[str, float, str]]:
    """(frame, value, status) of each frame figure of one sentence."""
    candidates = figures_from_sentence(sentence, find_mentions(sentence, GAZETTEER), LEXICON, reference_year=2024)
    return [(c.frame, round(c.value, 4), c.status) for c in candidates if c.frame and not c.absorbed]


# (pattern, sentence, expected (frame, value, status) in order)
STATUSES = (
    ("stated as happened", "カナタ社の4〜6月期の売上高は84億円だった。", [("revenue", 8.4e9, "actual")]),
    ("analysts' figure right before the number", "売上高は市場予想の212億ドルを上回った。",
     [("revenue", 2.12e10, "consensus")]),
    ("actual and consensus in two clauses", "売上高は226億ドルで、アナリスト予想の212億ドルを上回った。",
     [("revenue", 2.26e10, "actual"), ("revenue", 2.12e10, "consensus")]),
    ("consensus in a bracket after the actual", "売上高は226億ドル（市場予想は212億ドル）だった。",
     [("revenue", 2.26e10, "actual"), ("revenue", 2.12e10, "consensus")]),
    ("the number modifies the consensus it is beaten by", "売上高は212億ドルの市場予想を上回る226億ドルとなった。",
     [("revenue", 2.12e10, "consensus"), ("revenue", 2.26e10, "actual")]),
    ("a forecast word as yardstick before the number", "売上高は予想を上回る226億ドルとなった。",
     [("revenue", 2.26e10, "actual")]),
    ("a comparison after the number", "売上高は226億ドルと予想を上回った。", [("revenue", 2.26e10, "actual")]),
    ("a headline without を", "ミナト電機決算、売上高97億ドル　市場予想上回る", [("revenue", 9.7e9, "actual")]),
    ("target verb after the number", "ミナト電機は2030年までに売上高3,000億円を目指す。", [("revenue", 3e11, "target")]),
    ("target noun after the number", "2030年までに、売上高3,000億円を目標とする。", [("revenue", 3e11, "target")]),
    ("forecast noun before the number", "通期の売上高見通しは410億ドル。", [("revenue", 4.1e10, "forecast")]),
    ("forecast verb after a list", "同社は2025年に売上高410億ドル、2026年に460億ドルを見込む。",
     [("revenue", 4.1e10, "forecast"), ("revenue", 4.6e10, "forecast")]),
    ("a new topic ends the list", "2024年の売上高は390億ドル、2025年は410億ドルを見込む。",
     [("revenue", 3.9e10, "actual"), ("revenue", 4.1e10, "forecast")]),
    ("guidance in the next clause", "4〜6月期の売上高は98億ドルとなり、通期見通しを410億ドルに引き上げた。",
     [("revenue", 9.8e9, "actual"), ("revenue", 4.1e10, "forecast")]),
    ("a plan to invest", "同社は国内に5,000億円を投じる計画だ。", [("funding", 5e11, "forecast")]),
    ("a plan word past a conversion in brackets", "ミライ電子は今後5年間で2,000億ドル（約30兆円）もの工場投資を計画している。",
     [("funding", 2e11, "forecast")]),
    ("revised guidance and the guidance it replaces", "通期の売上高見通しは120億ドルで、5月時点の135億ドルから下方修正した。",
     [("revenue", 1.2e10, "forecast"), ("revenue", 1.35e10, "forecast")]),
    ("an upward revision and the value it starts from", "ミライ電子は通期の売上高を90億ドルから100億ドルに上方修正した。",
     [("revenue", 9e9, "forecast"), ("revenue", 1e10, "forecast")]),
    ("a rise from one value to another is no revision", "ミライ電子の売上高は90億ドルから100億ドルに増えた。",
     [("revenue", 9e9, "actual"), ("revenue", 1e10, "actual")]),
    ("talks cover their clause", "OpenAIは評価額1,500億ドルで65億ドルを調達する方向で協議している。",
     [("funding", 1.5e11, "in_talks"), ("funding", 6.5e9, "in_talks")]),
    ("talks noun", "ホシゾラAIは2億ドルの資金調達について交渉中だ。", [("funding", 2e8, "in_talks")]),
    ("talks in another clause do not spread", "ホシゾラAIは3億ドルを調達し、追加の出資について協議中だ。",
     [("funding", 3e8, "actual")]),
    ("a plan word that closes a quotation is its own figure's",
     "ChatGPTの週間利用者が9億人到達予定と発表、3月末の6億人から増える。",
     [("traffic", 9e8, "forecast"), ("traffic", 6e8, "actual")]),
    ("a headline's 〜へ", "ミナト電機、売上高1兆円突破へ", [("revenue", 1e12, "forecast")]),
    ("an achieved figure after a plan word", "計画に対し実績は売上高84億円だった。", [("revenue", 8.4e9, "actual")]),
    ("a list of years with には takes the status of its end", "売上高は2026年には40億ドル、2028年には90億ドルに達する見込みだ。",
     [("revenue", 4e9, "forecast"), ("revenue", 9e9, "forecast")]),
    ("a range after a forecast word", "同社の売上高の予想レンジは85億─90億ドルだった。", [("revenue", 8.5e9, "forecast")]),
    ("a need to raise is no raise", "彼は「まず50万ドルを調達する必要がある」と語った。", [("funding", 5e5, "target")]),
    ("a load a service must handle is stated", "そのAPIは毎日3千万件以上の質問を処理する必要があり、負荷は高い。",
     [("traffic", 3e7, "actual")]),
    ("guidance past a tolerance in brackets", "来期の売上高は約28億ドル(±2%)を見込んでいる。",
     [("revenue", 2.8e9, "forecast")]),
    ("a commitment over the medium term", "ミナト電機は中期的に2,000億円規模の資金を投じる。", [("funding", 2e11, "forecast")]),
    ("a forecast verb at the end covers only the clause it closes",
     "ミライ電子の売上高は、2022年に320億円(前年比21.5%増)となっており、今後も成長を続け、2023年には1,120億円まで"
     "拡大すると予測されている。", [("revenue", 3.2e10, "actual"), ("revenue", 1.12e11, "forecast")]),
    ("a possibility", "関係者によると、次のラウンドの評価額は900億ドルに達する可能性がある。", [("funding", 9e10, "forecast")]),
    ("a requirement", "事業の継続には年3兆円の売上要件があるとされる。", [("revenue", 3e12, "target")]),
    ("money sought", "ミナトAIは、さらに200億ドル規模の追加出資を求めている。", [("funding", 2e10, "in_talks")]),
)


@pytest.mark.parametrize("pattern, sentence, expected", STATUSES)
def test_status(pattern, sentence, expected):
    assert statuses_of(sentence) == expected


def test_a_heading_or_an_intro_gives_its_status_to_the_list_under_it():
    text = "\n".join(["業績", "## 2025年度の業績見通し", "・売上高：500億円", "## 2024年度の実績", "・売上高：450億円",
                      "", "同社は海外展開を計画している。", "", "・売上高：430億円", "",
                      "2030年の目標は次の通り。", "", "・売上高：900億円"])
    figures = extract_figures(clean_text(text), lambda s: find_mentions(s, GAZETTEER), LEXICON, 2024)
    assert [(c.value, c.status) for c, *_ in figures if c.frame] == [
        (5e10, "forecast"), (4.5e10, "actual"), (4.3e10, "actual"), (9e10, "target")]


CLAUSES = (
    ("売上高は98億ドルとなり、見通しを引き上げた。", ["売上高は98億ドルとなり、", "見通しを引き上げた。"]),
    ("2030年までに、売上高3,000億円を目指す。", ["2030年までに、売上高3,000億円を目指す。"]),
    ("売上高は、226億ドルで、予想を上回った。", ["売上高は、226億ドルで、", "予想を上回った。"]),
)


@pytest.mark.parametrize("sentence, expected", CLAUSES)
def test_clauses_end_after_a_predicate_and_a_comma(sentence, expected):
    assert [sentence[s:e] for s, e in clause_spans(sentence, LEXICON)] == expected


# (pattern, sentence, expected (frame, value, status)): plans, beliefs and values of periods still to come,
# read from an article published in February 2026
NOT_YET_HAPPENED = (
    ("a period that begins after the article's date",
     "利用者は2024年末には2,100万人、2027年には4,000万人、2029年末には5,100万人に達するとされています。",
     [("traffic", 2.1e7, "actual"), ("traffic", 4e7, "forecast"), ("traffic", 5.1e7, "forecast")]),
    ("a quarter already begun is no forecast", "ミライ電子の売上高は2026年1〜3月期に50億円だった。",
     [("revenue", 5e9, "actual")]),
    ("a plan (…する方針)", "ミライ電子は20億ドルの追加投資を行う方針を示した。", [("funding", 2e9, "target")]),
    ("方針 before the number is no plan of it", "その方針のもとでミライ電子の売上高は100億円に達した。",
     [("revenue", 1e10, "actual")]),
    ("a belief (…と考えている)", "ある債権者は、ミライ電子への出資額は10億ドルにのぼると考えている。",
     [("funding", 1e9, "forecast")]),
    ("an intention (…する考えを示した)", "ミライ電子は工場を増やすため30億ドル(約4500億円)を投じる考えを示した。",
     [("funding", 3e9, "target")]),
    ("an intention (…する意向)", "ミライ電子は国内に800億円を投資する意向だ。", [("funding", 8e10, "target")]),
    ("考え before the number is no plan of it", "その考えのもとでミライ電子の売上高は100億円に達した。",
     [("revenue", 1e10, "actual")]),
)


# (pattern, sentence, expected (frame, value, status)): a forecast or target as the sentence's topic
TOPIC_STATUSES = (
    ("a forecast as the topic governs the figures of the clauses after it",
     "一方、2026年度の業績予想は4月から変更なく、売上収益は前期比1.9%減の3兆3600億円となっている。",
     [("revenue", 3.36e12, "forecast")]),
    ("a forecast topic with について",
     "ミライ電子は通期の見通しについて、売上高が前期比27.6%増の1,950億円という従来の予想から変更はないとしている。",
     [("revenue", 1.95e11, "forecast")]),
    ("a turn after the forecast topic leaves the figures after it actual",
     "業績予想は据え置いたが、売上高は前年比10%増の100億円だった。", [("revenue", 1e10, "actual")]),
    ("an actual word after the forecast topic leaves the figures after it actual",
     "通期の見通しについては、上期の実績で売上高が100億円に達した。", [("revenue", 1e10, "actual")]),
    ("a target as the topic is often one named before: the figures after it are actual",
     "この大きな目標は、創業から間もないミライ電子が20億ドルの評価額で3億ドルを調達してから数週間後のことだ。",
     [("funding", 2e9, "actual"), ("funding", 3e8, "actual")]),
    ("a forecast that is no topic governs only its own clause",
     "売上高は100億円となり、通期の見通しを引き上げた。", [("revenue", 1e10, "actual")]),
)


@pytest.mark.parametrize("pattern, sentence, expected", TOPIC_STATUSES, ids=[p for p, *_ in TOPIC_STATUSES])
def test_a_forecast_as_the_sentence_topic_governs_its_figures(pattern, sentence, expected):
    assert statuses_of(sentence) == expected


def test_a_numbered_heading_gives_its_forecast_to_the_list_under_it():
    article = clean_text("\n".join(["決算まとめ", "", "4. 2032年度 業績予想", "- 売上収益:2,000〜2,100億円", "- 営業利益:300億円"]))
    figures = extract_figures(article, lambda text: find_mentions(text, GAZETTEER), LEXICON)
    assert [(round(c.value, 4), c.status) for c, *_ in figures if c.frame] == [(2e11, "forecast")]


# (pattern, article lines, expected (value, status)): a forecast announced in one sentence, its figures in the next
ANNOUNCED = (
    ("guidance announced, its figures in the next sentence",
     ["ミライ電子は2032年度第1四半期の業績予想についても発表。需要が強いことから、売上高を50億ドル~55億ドルとした。"],
     [(5e9, "forecast")]),
    ("a next sentence naming its own period is actual",
     ["ミライ電子は通期の見通しを示した。2031年10〜12月期の売上高は12億ドルだった。"], [(1.2e9, "actual")]),
    ("a forecast stated with its figure announces nothing more",
     ["ミライ電子は通期の売上高を50億ドルと予想している。", "営業利益の伸びが大きかった。売上高は前年比10%増の44億ドル。"],
     [(5e9, "forecast"), (4.4e9, "actual")]),
    ("guidance revised, its figures in the next sentence",
     ["ミライ電子は子会社の業績を受け、通期の業績見通しを変更した。連結業績は売上高60億円、営業利益5億円に修正された。"],
     [(6e9, "forecast")]),
    ("an announcement does not reach the next paragraph",
     ["ミライ電子は業績予想について発表した。", "売上高は44億ドルだった。"], [(4.4e9, "actual")]),
)


@pytest.mark.parametrize("pattern, lines, expected", ANNOUNCED, ids=[p for p, *_ in ANNOUNCED])
def test_a_forecast_announced_in_the_sentence_before(pattern, lines, expected):
    article = clean_text("\n\n".join(["見出し", *lines]))
    figures = extract_figures(article, lambda text: find_mentions(text, GAZETTEER), LEXICON)
    assert [(round(c.value, 4), c.status) for c, *_ in figures if c.frame] == expected


@pytest.mark.parametrize("pattern, sentence, expected", NOT_YET_HAPPENED, ids=[p for p, *_ in NOT_YET_HAPPENED])
def test_plans_beliefs_and_future_periods_are_not_actual(pattern, sentence, expected):
    candidates = figures_from_sentence(sentence, find_mentions(sentence, GAZETTEER), LEXICON, reference_year=2026,
                                       reference_month=2)
    assert [(c.frame, round(c.value, 4), c.status) for c in candidates if c.frame and not c.absorbed] == expected
