"""Cleaning: furniture, repeated paragraphs, title, publisher, paragraphs and sentences."""
from __future__ import annotations

import pytest

from loaders.cleaning import clean_text, load_furniture, split_sentences
from loaders.corpus import load_documents

BODY = [
    "AI企業の資金調達が相次いでいる。OpenAIは新たに66億ドルを調達したと発表した。",
    "同社の評価額は1570億ドルに達し、生成AIの市場拡大を印象づけた。",
    "一方で、計算資源の確保にかかるコストは増え続けている。",
]

SENTENCES = (
    ("短い文。次の文！三つ目？", ("短い文。", "次の文！", "三つ目？")),
    ("「引用です。」と述べた。", ("「引用です。」", "と述べた。")),
    ("売上高は1,680.90億ドル。前年比17.6%増。", ("売上高は1,680.90億ドル。", "前年比17.6%増。")),
    ("Yahoo! JAPANの月間利用者数は8000万人を超えた。本当に!すごい。",
     ("Yahoo! JAPANの月間利用者数は8000万人を超えた。", "本当に!", "すごい。")),
    ("終わりのない文", ("終わりのない文",)),
    ("本当に?それは驚きだ。", ("本当に?", "それは驚きだ。")),
)


@pytest.mark.parametrize("text, expected", SENTENCES)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


FURNITURE_LINES = (
    "Gateアプリをダウンロードするにはスキャンしてください",
    "qrCode",
    "その他のダウンロードオプション",
    "時価総額:$3.37K保有者数:2",
    "0.22%",
    "・コメント",
    "・共有",
    "0/400",
    "ログイン",
    "この記事をシェアする",
    "Copyright © 2024 Example Media All rights reserved.",
    "<記事・写真の無断転載を禁じます。 Copyright (c) examplenews.com>",
    "日本語",
    "简体中文",
)


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_furniture_line_is_dropped(line):
    article = clean_text("\n".join(["見出しのタイトル", "", *BODY[:2], line, BODY[2]]))
    assert line not in article.body
    assert article.n_furniture_removed >= 1
    assert all(sentence in article.body for sentence in BODY)


# Real sentences that look like furniture at first glance: they stay.
SENTENCES_THAT_STAY = (
    "同社のアプリは累計1000万ダウンロードを突破した。",
    "ChatGPTはApp Storeで最もダウンロードされたアプリとなった。",
    "金融庁は暗号資産取引の規制を強化する方針だ。",
    "GoogleはChromeでサードパーティCookieの廃止を撤回し、利用者の選択に委ねる。",
    "前の記事でも紹介したように、OpenAIは資金調達を進めている。",
    "2024年12月20日、ソフトバンクは100億ドルを出資した。",
    "・広告：741億ドル（前年比13%増）",
    "生成AIによる記事の無断転載が問題になっている。",
)


@pytest.mark.parametrize("sentence", SENTENCES_THAT_STAY)
def test_sentence_is_not_furniture(sentence):
    article = clean_text("\n".join(["見出しのタイトル", BODY[0], sentence, BODY[1], "・クラウド：100億ドル", BODY[2]]))
    assert sentence.lstrip("・") in article.body
    assert BODY[2] in article.body


def test_masthead_names_the_publisher_only_at_the_top():
    article = clean_text("\n".join(["みちのく新報", "見出しのタイトル", *BODY, "## 量子通信", BODY[0] + "続き。"]))
    assert article.publisher == "みちのく新報"
    assert "量子通信" in article.body


def test_a_text_without_headline_keeps_its_first_sentence():
    text = "Sakana AIは2025年11月、約200億円を調達したと発表した。関係者によると評価額は約4000億円。"
    article = clean_text(text)
    assert text in article.body


def test_quoted_answers_stay_separate_paragraphs():
    # an interview: every answer is a quoted paragraph of about the same length, ending in 。」
    answers = [f"「当社のサービスは{n}年で利用者が大きく増えました。今後も研究開発への投資を続けていく方針です。」"
               for n in range(6)]
    article = clean_text("\n".join(["インタビュー", *answers]))
    assert len(article.paragraphs) == 6


def test_disclaimer_tail_and_related_block_are_dropped():
    text = "\n".join([
        "タイトルの行",
        *BODY,
        "関連記事",
        "・別の記事のタイトル",
        "・もう一つの記事",
        "原文表示",
        "このページには第三者のコンテンツが含まれている場合があります。",
        "報酬",
    ])
    article = clean_text(text)
    assert article.body == "\n".join(BODY)


def test_repeated_paragraphs_count_once():
    text = "\n".join(["タイトル", BODY[0], BODY[1], BODY[0], BODY[2], BODY[1]])
    article = clean_text(text)
    assert article.body == "\n".join(BODY)
    assert article.n_repeats_removed == 2
    assert article.n_chars == sum(len(p) for p in BODY)


def test_article_pasted_twice_counts_once():
    once = ["タイトル", *BODY]
    article = clean_text("\n\n".join(once + once[1:]))
    assert article.n_chars == sum(len(p) for p in BODY)


def test_whole_article_merged_into_its_heading_line_counts_once():
    # A page that prints the title and the whole body as one heading line, then the article again.
    title = "AI業界の資金調達ラッシュ: 巨額の投資が続く"
    long_body = [p * 3 for p in BODY]
    text = "\n".join([f"# {title}{''.join(long_body)}", title, *long_body])
    article = clean_text(text)
    assert article.title == title
    assert article.n_chars == sum(len(p) for p in long_body)


def test_short_repeated_list_labels_are_kept():
    text = "\n".join(["タイトル", "A社の総収入", "2023年通期:", "・総収入:100億ドル", "B社の総収入", "2023年通期:",
                      "・総収入:50億ドル"])
    article = clean_text(text)
    assert [p.text for p in article.paragraphs].count("2023年通期:") == 2


TITLES = (
    ("見出し画像\n\nChatGPTは終焉?オープンソースが変える\n\n" + "\n\n".join(BODY), "ChatGPTは終焉?オープンソースが変える"),
    ("# マークダウンの見出し\n\n" + "\n".join(BODY), "マークダウンの見出し"),
    ("\n".join([BODY[0], "大規模モデルの転換点", "出典: Pinecone Finance、著者: Bonnie", *BODY[1:]]), "大規模モデルの転換点"),
)


@pytest.mark.parametrize("text, title", TITLES)
def test_title(text, title):
    article = clean_text(text)
    assert article.title == title
    assert title not in article.body


def test_title_from_html_strips_the_site_name():
    assert clean_text("\n".join(BODY), html_title="生成AIの現在地 | テックニュース").title == "生成AIの現在地"


PUBLISHERS = (
    ("記事のソース: タイガースニフ\n著者: クリーク\n画像ソース: Unbounded AIによって生成", "タイガースニフ"),
    ("出典: Pinecone Finance、著者: Bonnie", "Pinecone Finance"),
    ("原文表示\nこのページには第三者のコンテンツが含まれている場合があります。Gateによる見解の支持や助言ではありません。", "Gate"),
    ("この記事が気に入ったらサポートをしてみませんか?", "note"),
    ("", ""),
)


@pytest.mark.parametrize("extra, publisher", PUBLISHERS)
def test_publisher(extra, publisher):
    text = "\n".join(["タイトル行", *BODY, *([extra] if publisher in ("", "Gate", "note") else []),
                      *([] if publisher in ("", "Gate", "note") else [])])
    if publisher not in ("", "Gate", "note"):
        text = "\n".join(["タイトル行", extra, *BODY])
    article = clean_text(text)
    assert article.publisher == publisher
    assert "著者" not in article.body and "出典" not in article.body


def test_publisher_from_html_site_name():
    assert clean_text("\n".join(BODY), site_name="テックニュース").publisher == "テックニュース"


def test_list_lines_and_headings_are_classified():
    article = clean_text("\n".join(["タイトル", "スペースX:", "  • 売上総利益:約54億ドル", "1. 最初の項目です。",
                                    "## 小見出し", BODY[0]]))
    kinds = [(p.kind, p.text) for p in article.paragraphs]
    assert kinds == [
        ("heading", "スペースX:"),
        ("list", "売上総利益:約54億ドル"),
        ("list", "最初の項目です。"),
        ("heading", "小見出し"),
        ("text", BODY[0]),
    ]


# (line, kind): a short "label：value" line is an item of a list, a short line without a value a heading
LINE_KINDS = (
    ("クラウド事業：174億ドル（前年同期比27％増）", "list"),
    ("調達額：約120億円（シリーズB）", "list"),
    ("ミライ電子：評価額は$5 billionへ", "heading"),
    ("2023年通期:", "heading"),
    ("決算の概要：増収増益", "heading"),
    ("ミライ電子 7〜9月期決算", "heading"),
    ("広告関連売上収益 - 2,140億円", "list"),
    ("月間利用者数※2 - 約3,300万人", "list"),
    ("ミライ電子 - 決算の概要", "heading"),
)


@pytest.mark.parametrize("line, kind", LINE_KINDS)
def test_label_value_lines_are_list_items(line, kind):
    article = clean_text("\n".join(["タイトル", BODY[0], line, BODY[1]]))
    assert [(p.kind, p.text) for p in article.paragraphs][1] == (kind, line)


def test_markdown_table_becomes_one_line_a_row():
    text = "\n".join(["タイトル", BODY[0], "| 事業 | 売上高 |", "|---|---|", "| クラウド | 174億ドル |",
                      "| 端末 | 52億ドル |", BODY[1]])
    assert [(p.kind, p.text) for p in clean_text(text).paragraphs] == [
        ("text", BODY[0]), ("list", "事業：クラウド、売上高：174億ドル"), ("list", "事業：端末、売上高：52億ドル"),
        ("text", BODY[1]),
    ]


# A comment section: poster lines (a name with a number, a time stamp) and their comments are no article text.
COMMENT_SECTIONS = (
    ["ゲスト4417 · 1時間前", "ChatGPTの利用者は10億人らしい。"],
    ["コメント（12件）", "たなか | 3日前", "売上高は100億円だと思う。"],
    ["guest_2210", "月間1億人は多い。", "返信 3"],
    ["12分前", "いいね 4"],
)


@pytest.mark.parametrize("comments", COMMENT_SECTIONS)
def test_comment_sections_are_furniture(comments):
    article = clean_text("\n".join(["タイトル", *BODY, "", *comments]))
    assert [p.text for p in article.paragraphs] == BODY


def test_a_comment_ends_at_the_blank_line():
    article = clean_text("\n".join(["タイトル", BODY[0], "ゲスト12 · 5時間前", "同感です。", "", BODY[1]]))
    assert [p.text for p in article.paragraphs] == [BODY[0], BODY[1]]


def test_ranked_list_lines_stay_items_of_their_own():
    # twelve lines of the same length without a sentence end look hard-wrapped; a rank opens each as an item
    lines = [f"{rank}位:site{rank:02d}.example.com – 月間{40 - rank}.5億訪問" for rank in range(1, 13)]
    article = clean_text("\n".join(["タイトル", BODY[0], *lines, BODY[1]]))
    assert [(p.kind, p.text) for p in article.paragraphs][1:-1] == [("list", line) for line in lines]


# (line, kind): a numbered line that names a section without a particle is a heading, one with a particle an item
NUMBERED_LINES = (
    ("4. 2026年度 業績予想", "heading"),
    ("2) 事業別の概要", "list"),
    ("1. 売上高は前年比10%増えた", "list"),
)


@pytest.mark.parametrize("line, kind", NUMBERED_LINES)
def test_a_numbered_line_that_names_a_section_is_a_heading(line, kind):
    article = clean_text("\n\n".join(["タイトル", BODY[0], line, BODY[1]]))
    assert [p.kind for p in article.paragraphs][1] == kind


def test_lines_that_open_alike_stay_items_of_their_own():
    # bullet lines of a release that lost their marks look hard-wrapped; lines opening alike are items of a list
    segments = ["クラウド事業", "ライセンス事業", "ハードウェア事業", "サービス事業", "サポート事業", "広告事業"]
    lines = [f"第2四半期の{name}の収益は{10 + i}億ドル、米ドルベースで{i + 3}%増加" for i, name in enumerate(segments)]
    article = clean_text("\n".join(["タイトル", BODY[0], *lines, BODY[1]]))
    assert [p.text for p in article.paragraphs][1:-1] == lines


def test_hard_wrapped_text_is_joined_into_paragraphs():
    sentence = "生成AIのスタートアップ各社は大規模な資金調達を続けており、その総額は過去最高に達した。"
    wrapped = []
    paragraph = sentence * 4
    for start in range(0, len(paragraph), 30):
        wrapped.append(paragraph[start:start + 30])
    text = "タイトル\n\n" + "\n".join(wrapped) + "\n\n" + "\n".join(wrapped)
    article = clean_text(text)
    assert [p.text for p in article.paragraphs] == [paragraph]


SEED_TITLES = {
    "000_3b4012ad22db6480": ("AI業界の「百模戦争」: 技術革新と産業のジレンマが共存する", ""),
    "001_5ae4fd1e6feff9c9": ("ChatGPTの誕生三周年:大規模モデルの戦いは一段落、真の競争優位はどこにあるのか?", "Gate"),
    "002_26858922228c5695": ("ChatGPTは終焉?オープンソースのLlama 3が引き起こすパラダイムシフト", "note"),
    "003_76265befb52d2568": ("大型モデルは巨人のペットではありません", "タイガースニフ"),
    "004_692ed113c78f8e2d": ("ChatGPT の冷却化の背後にある: 大規模モデルの開発は本当の転換点に達しましたか?", "Pinecone Finance"),
}


@pytest.fixture(scope="module")
def seed_articles():
    documents, _ = load_documents("seeds")
    rules = load_furniture()
    return {d.article_id: clean_text(d.text, d.html_title, d.site_name, rules) for d in documents}


@pytest.mark.parametrize("article_id", sorted(SEED_TITLES))
def test_seed_title_and_publisher(seed_articles, article_id):
    article = seed_articles[article_id]
    assert (article.title, article.publisher) == SEED_TITLES[article_id]


def test_seed_000_counts_its_doubled_text_once(seed_articles):
    article = seed_articles["000_3b4012ad22db6480"]
    raw_first_line = open("seeds/000_3b4012ad22db6480.txt", encoding="utf-8").readline()
    # the first line holds the whole article; the body is that text once, not twice
    assert article.n_chars < len(raw_first_line)
    assert article.n_chars > 0.9 * (len(raw_first_line) - len(article.title) - 2)


@pytest.mark.parametrize("article_id", sorted(SEED_TITLES))
def test_seed_bodies_hold_no_furniture(seed_articles, article_id):
    body = seed_articles[article_id].body
    for furniture in ("qrCode", "時価総額", "原文表示", "コメントなし", "简体中文", "見出し画像",
                      "この記事が気に入ったら", "免責事項"):
        assert furniture not in body


def test_seed_004_repeated_paragraphs_are_removed(seed_articles):
    article = seed_articles["004_692ed113c78f8e2d"]
    texts = [p.text for p in article.paragraphs]
    assert len(texts) == len(set(texts))
    assert article.n_repeats_removed == 5


# (a byline or dateline among the lines, the publisher it names)
BYLINE_PUBLISHERS = (
    ("文：山田太郎／日経クロステック", "日経クロステック"),
    ("取材・文＝佐藤花子/テック新報", "テック新報"),
    ("【上海時事】ミライ電子は売上高を公表した。", "時事通信"),
    ("（ブルームバーグ）2024年10月3日", "ブルームバーグ"),
    ("出典：ITmedia", "ITmedia"),
)


@pytest.mark.parametrize("line, publisher", BYLINE_PUBLISHERS)
def test_publisher_from_bylines_and_datelines(line, publisher):
    assert clean_text("\n".join(["タイトル", line, *BODY])).publisher == publisher
