"""Which company a figure is about: grammatical roles, roles that never make a subject, products and their
owners, and the subject carried from headings, leads and 同社 through the lines that follow."""
from __future__ import annotations

import pytest

from loaders import load_corpus
from loaders.cleaning import clean_text
from loaders.companies import find_mentions, find_organisations, load_gazetteer
from loaders.figures import extract_figures, figures_from_sentence
from loaders.metrics import load_lexicon
from loaders.subjects import main_company

LEXICON = load_lexicon()
GAZETTEER = load_gazetteer()


def mentions_in(text: str):
    """What the articles' reader gives for the mentions of a stretch of `text`: known and unknown organisations,
    the text's own forms of companies and the kinds of its unknown ones."""
    found = find_organisations(text, GAZETTEER, None, lambda word: bool(LEXICON.keywords_in(word)))
    return lambda stretch: find_mentions(stretch, GAZETTEER, found.names, None, found.aliases, found.kinds)


def subjects_of(sentence: str) -> list[tuple[str, str, float]]:
    """(metric, company, value) of each frame figure of one sentence."""
    candidates = figures_from_sentence(sentence, mentions_in(sentence)(sentence), LEXICON, reference_year=2024)
    return [(c.metric, c.company, round(c.value, 4)) for c in candidates if c.frame and not c.absorbed]


# (pattern, sentence, expected (metric, company, value) in order)
SENTENCES = (
    ("Xの売上高", "米コルヴォの2024年の売上高は12億ドルだった。", [("revenue", "コルヴォ", 1.2e9)]),
    ("Xは…", "Anthropicは新たに40億ドルを調達した。", [("raised", "Anthropic", 4e9)]),
    ("調達したX", "昨年に約80億円を調達したSakana AIが次の資金調達を準備している。", [("raised", "Sakana AI", 8e9)]),
    ("Xを…と評価する", "市場関係者はMistral AIを約140億ドルと評価している。", [("valuation", "Mistral AI", 1.4e10)]),
    ("an investor joins the round of the company it values",
     "米投資会社のゼファー・キャピタルは、独Aleph Alphaを約30億ドルと評価する4億ドル規模のラウンドに参加する。",
     [("valuation", "Aleph Alpha", 3e9), ("raised", "Aleph Alpha", 4e8)]),
    ("an investor leads the round of a company it names",
     "ソフトバンクグループは、OpenAIの300億ドルの資金調達ラウンドを主導した。", [("raised", "OpenAI", 3e10)]),
    ("a data source is no subject", "センサータワーの推計では、Geminiアプリの月間利用者は2億1,000万人に達した。",
     [("users", "Google", 2.1e8)]),
    ("a publisher's figures are about the company it reports on",
     "ブルームバーグによると、xAIは評価額2,000億ドルで100億ドルを調達した。",
     [("valuation", "xAI", 2e11), ("raised", "xAI", 1e10)]),
    ("an acquisition is no funding of either", "ソフトバンクグループは米アンペアを65億ドルで買収すると発表した。", []),
    ("the deal value of a purchase", "GoogleによるWizの買収額は320億ドルに上る。", []),
    ("a model named after another maker's model belongs to who released it",
     "ELYZAは「ELYZA-japanese-Llama-2」を公開し、同モデルのダウンロード数は10万件を超えた。",
     [("downloads", "ELYZA", 1e5)]),
    ("a product whose owner the sentence names", "ストックマークが開発した「Stockmark-Llama」の導入企業は300社に達した。",
     [("customers", "Stockmark", 300.0)]),
    ("a product alone counts for its maker", "ChatGPTの週間アクティブユーザーは8億人に達した。",
     [("users", "OpenAI", 8e8)]),
    ("a figure in brackets after a company is that company's",
     "Anthropicの評価額は非上場企業で2位となり、SpaceX（4,000億ドル）に次ぐ水準となった。", [("valuation", "SpaceX", 4e11)]),
    ("investors listed before a class noun give the money", "AnthropicはAmazonやGoogleといった大手から80億ドルの出資を受けた。",
     [("raised", "Anthropic", 8e9)]),
    ("a valuation received", "xAIは昨年、約400億ドルの評価を受けていた。", [("valuation", "xAI", 4e10)]),
    ("other than an investor", "ソフトバンクグループ以外の投資家による50億ドル分の出資も近く決まる。", [("investment", "", 5e9)]),
    ("a company the figure leaves out", "米アルファベットの決算で、YouTubeに帰属する売上高を除いた伸び率は前年同期比8%増だった。",
     [("revenue_growth", "Alphabet", 8.0)]),
    ("a web address stands for its product, not the topic listed before it",
     "GoogleやYouTubeなどは訪問数を落とす中、ChatGPT.comは訪問数が前月比11%増えた。", [("visits_change", "OpenAI", 11.0)]),
    ("a worldwide scope inside the noun phrase the company owns",
     "Claudeの3月における世界全体の訪問数は推定4億1000万回に達した。", [("visits", "Anthropic", 4.1e8)]),
    ("a role noun before an unknown Latin name, with its investor after",
     "物流ソフトウェア企業のFreightloopが4500万ドルを調達し、Sequoia Capitalが主導した。", [("raised", "Freightloop", 4.5e7)]),
    ("a product name written with a space", "調査では「Chat GPT」が620万人の月間利用者を集めた。", [("users", "OpenAI", 6.2e6)]),
    ("a number in a relative clause with no subject of its own is about the company the clause ends on",
     "Thrive Capitalが10億ドルを拠出して主導し、OpenAIにこれまで100億ドル相当の計算資源を提供してきたMicrosoftも加わった。",
     [("investment", "Thrive Capital", 1e9), ("investment", "Microsoft", 1e10)]),
    ("inline marks start items: a figure is about a company of its own item",
     "四半期の売上高で、▼マイクロソフトは12%増の700億ドル、▼グーグルの親会社にあたる持ち株会社は14%増の900億ドルだった。",
     [("revenue", "Microsoft", 7e10), ("revenue", "Google", 9e10)]),
    ("an amount with で and a round noun after it", "ソフトバンクグループが200億ドルでこのラウンドを主導した。",
     [("raised", "SoftBank Group", 2e10)]),
)


@pytest.mark.parametrize("pattern, sentence, expected", SENTENCES)
def test_subject_of_a_figure(pattern, sentence, expected):
    assert subjects_of(sentence) == expected


def article_subjects(text: str) -> list[tuple[str, str, float]]:
    figures = extract_figures(clean_text(text), mentions_in(text), LEXICON, 2024)
    return [(c.metric, c.company, round(c.value, 4)) for c, *_ in figures if c.frame]


# (pattern, article text, expected rows)
ARTICLES = (
    ("a heading names the company of the lines under it",
     "決算まとめ\n\n## アドビ 6〜8月期決算\n\n売上高は59億ドルで前年同期比11%増だった。",
     [("revenue", "Adobe", 5.9e9)]),
    ("a lead names the company of the next paragraph",
     "クラウド各社の動向\n\n米オラクルは9日、6〜8月期の決算を発表した。\n\n売上高は前年同期比8%増の133億ドルだった。",
     [("revenue", "Oracle", 1.33e10)]),
    ("同社 carries the subject into the next sentence",
     "生成AIの新興企業\n\nPerplexityは新しい検索機能を発表した。同社の年換算収益は1億ドルを超えた。",
     [("revenue", "Perplexity", 1e8)]),
    ("同社 after a source is the company the text is on",
     "OpenAIの資金調達\n\nOpenAIは新モデルを公開した。WSJによると、同社は最大400億ドルの調達を目指している。",
     [("raised", "OpenAI", 4e10)]),
    ("data cited for a market gives no company",
     "AI投資の動向\n\nOpenAIは新モデルを公開した。\n\nCrunchbaseのデータによると、AI投資額は前年比75%増の2,000億ドルに達した。",
     [("investment", "", 2e11)]),
    ("a product named in the title as a tool is not the article's company",
     "【ChatGPTによる和訳】アドビ決算説明会\n\nアドビは決算を発表した。\n\n当社の第4四半期の収益は56億ドルでした。",
     [("revenue", "Adobe", 5.6e9)]),
    ("このスタートアップ points back to the company named before",
     "AI新興企業の動向\n\nマスク氏のxAIが新たな資金調達を協議している。このスタートアップの前回の評価額は500億ドルだった。",
     [("valuation", "xAI", 5e10)]),
    ("the first list line names the company of the lines under a heading that names none",
     "開発ツールの舞台裏\n\n## 会社概要\n\n- Anysphereが開発するAIエディタ\n- 年間売上: 2億ドル以上\n",
     [("revenue", "Anysphere", 2e8)]),
    ("what a figure is compared with is no subject",
     "チャットAIの伸び\n\nChatGPTは欧州でも利用が広がっている。米国では、Perplexityと比べて2倍の月間420万回の訪問を記録した。",
     [("visits", "OpenAI", 4.2e6)]),
    ("nor is the owner of what it is compared with",
     "チャットAIの伸び\n\nChatGPTは欧州でも利用が広がっている。特に米国市場では、グーグルの検索サービスGeminiを上回り、"
     "月間380万回の訪問を記録した。", [("visits", "OpenAI", 3.8e6)]),
    ("a search feature counts for its maker",
     "検索の新機能\n\nこの機能は検索結果を要約する。AIオーバービューの月間アクティブユーザー数は20億人を超えた。",
     [("users", "Google", 2e9)]),
    ("a market total has no company",
     "AI投資の動向\n\nOpenAIは新モデルを公開した。\n\n世界のAI投資総額は前年比40%増の2,000億ドルに達した。",
     [("investment", "", 2e11)]),
)


@pytest.mark.parametrize("pattern, text, expected", ARTICLES)
def test_subject_carried_through_an_article(pattern, text, expected):
    assert article_subjects(text) == expected


def _ranking(items: list[tuple[str, float]]) -> str:
    lines = "\n".join(f"{rank}位:{site} – 月間{value}億訪問" for rank, (site, value) in enumerate(items, start=1))
    return f"人気サイトの順位\n\n調査会社が世界のサイトの月間訪問数を集計した。\n\n上位サイト(2024年3月)\n{lines}\n"


# (pattern, article text, expected rows): an item of a list that names something is about what it names, never
# about the item recognised before it
LIST_ITEMS = (
    ("a ranking line's domain names its site, known or not",
     _ranking([("google.com", 900), ("lumenwiki.org", 40), ("amazon.com", 25), ("tidewatch.net", 12),
               ("kobunsha.co.jp", 9), ("youtube.com", 8.5)]),
     [("visits", "Google", 9e10), ("visits", "lumenwiki.org", 4e9), ("visits", "Amazon", 2.5e9),
      ("visits", "tidewatch.net", 1.2e9), ("visits", "kobunsha.co.jp", 9e8), ("visits", "Google", 8.5e8)]),
    ("an item of a comma-chained enumeration names its own app",
     "アプリの利用者\n\nメッセージアプリの利用者数は、WhatsAppが20億人、Zephyrchatが7億人、Quillgramが4億人だった。",
     [("users", "Meta", 2e9), ("users", "Zephyrchat", 7e8), ("users", "Quillgram", 4e8)]),
    ("an enumeration item after a product",
     "生成AIの利用\n\n月間利用者は、ChatGPTが3億人、Lumioが1億2,000万人で続いた。",
     [("users", "OpenAI", 3e8), ("users", "Lumio", 1.2e8)]),
)


# (pattern, text, expected rows): the company funded, not its investor; a name the gazetteer lacks, found by its cue
INVESTED_IN = (
    ("AはBに…を投じた: the amount is B's",
     "出資先\n\nソフトバンクは新興企業2社に出資した。対象は診断サービスを手掛けるメディクスと、在庫管理ソフトを提供する"
     "ロンドンのストラヴィクだ。\n\nメディクスは今回、約1億ドルの資金調達を実施した。\n\n一方、ソフトバンクはストラヴィクに"
     "5000万ドルを投じた。",
     [("raised", "メディクス", 1e8), ("investment", "ストラヴィク", 5e7)]),
    ("AはBの株式を取得するため…を投資: the amount is B's",
     "出資\n\nMetaはScale AIの株式の49%を取得するため143億ドルを投資した。", [("investment", "Scale AI", 1.43e10)]),
    ("an amount invested in no company stays the investor's",
     "設備投資\n\nMicrosoftはデータセンターに800億ドルを投資する。", [("investment", "Microsoft", 8e10)]),
    ("investors listed before から give the money, known or not",
     "農業テック\n\n垂直農法を展開する「ベリーテラ」社は同日、4000万ドルの資金調達に成功したと発表した。\n\n"
     "同社が成功したのはシリーズAラウンドだ。英キャピタル、ソニー・イノベーション・ファンド、PKSHA Technology、"
     "あおば投資から4000万ドルを調達した。",
     [("raised", "ベリーテラ", 4e7), ("raised", "ベリーテラ", 4e7)]),
    ("a startup introduced by its role noun is what 同社 and the next figures are about",
     "採掘AI\n\n投資家らが投資を上積みしている。鉱業スタートアップのグラナイト・ミネラルズだ。同社はAIで鉱床を探す。"
     "CEOのジョン・スミス氏によると、新たなラウンドで約2億ドルを調達している。",
     [("raised", "グラナイト・ミネラルズ", 2e8)]),
    ("a scope right after the company's topic is the company's",
     "動画アプリ\n\nByteDanceは世界の月間利用者数が3億人に達したと発表した。", [("users", "ByteDance", 3e8)]),
    ("a legal name glossed with its reading, after the clause of what it runs",
     "動画アプリ\n\n動画アプリ「ミルン」を運営する杭州星河科技(ギャラクシー)は世界の月間利用者数が3億人に達したと発表した。",
     [("users", "杭州星河科技", 3e8)]),
)


# (pattern, text, expected rows): a platform a product runs on is no subject of the product's figures
PLATFORMS = (
    ("the platform of an app named by its product", "ダウンロード\n\n先月、ChatGPT の iOS アプリが約 1200 万回ダウンロードされた。",
     [("downloads", "OpenAI", 1.2e7)]),
    ("a version for a platform", "ダウンロード\n\nClaude の Android 版は 300万回ダウンロードされた。", [("downloads", "Anthropic", 3e6)]),
    ("platforms coordinated as where an app runs", "会話AI\n\nCharacter.AIは新機能を公開した。iOSとAndroidの両方で使えるアプリは、"
     "約300万人のユーザーを抱えている。", [("users", "Character.AI", 3e6)]),
    ("a platform as the subject itself", "OS\n\niOSの月間利用者は10億人を超えた。", [("users", "Apple", 1e9)]),
)


@pytest.mark.parametrize("pattern, text, expected", PLATFORMS)
def test_a_platform_is_no_subject_of_the_products_on_it(pattern, text, expected):
    assert article_subjects(text) == expected


def test_a_picture_credit_names_no_company_of_the_article(tmp_path):
    # the credit line is short and comes first: it must be neither the headline nor what 同社 stands for
    (tmp_path / "a.txt").write_text("生成AIは音声も作れるようになった。\n提供:山田太郎/Getty Images\n"
                                    "音声AIの新興企業であるElevenLabsは新機能を公開した。\n"
                                    "同社は、シリーズBで8000万ドルを調達した。\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.figures[corpus.figures["frame"] == "funding"]["company"].tolist() == ["ElevenLabs"]
    assert "Getty Images" not in corpus.articles["title"].iloc[0]


@pytest.mark.parametrize("pattern, text, expected", INVESTED_IN)
def test_the_company_funded_and_the_company_named_by_a_cue(pattern, text, expected):
    assert article_subjects(text) == expected


@pytest.mark.parametrize("pattern, text, expected", LIST_ITEMS)
def test_list_items_name_their_own_subject(pattern, text, expected):
    assert article_subjects(text) == expected


# (pattern, sentence, expected (metric, company, value)): organisations in the clause that give, partner or
# exemplify, and are never the subject of the figure
NOT_THE_SUBJECT = (
    ("an affiliate's fund gives the money", "ソフトバンク系のファンドなどから約20億円の資金調達を行った。",
     [("raised", "", 2e9)]),
    ("an investor's round goes to the company it puts money into", "ソフトバンクはOpenAIに出資し、評価額は3000億ドルとなった。",
     [("valuation", "OpenAI", 3e11)]),
    ("an investor's own investment stays its own", "ソフトバンクは100億ドルを出資した。", [("investment", "SoftBank", 1e10)]),
    ("companies inside a long gloss in brackets",
     "ジャフコグループ(同社が助言するファンドの総称)をリード投資家とするシリーズAラウンドで、約5億円を調達した。",
     [("raised", "", 5e8)]),
    ("products named as examples of a class", "GPU「Radeon」やPlayStation・Xboxといったゲーム機を扱う部門の売上高は5億ドルだった。",
     [("segment_revenue", "AMD", 5e8)]),
    ("a partner (Xとの)", "トヨタとの共同研究を開始し、シリーズAで約3億円を調達した。", [("raised", "", 3e8)]),
)


@pytest.mark.parametrize("pattern, sentence, expected", NOT_THE_SUBJECT, ids=[p for p, *_ in NOT_THE_SUBJECT])
def test_givers_partners_and_examples_are_no_subject(pattern, sentence, expected):
    assert subjects_of(sentence) == expected


def test_an_investor_that_provides_a_round_leaves_it_to_the_company_the_text_is_on():
    text = ("AI企業の資金調達\n\nCohereはカナダのAI企業だ。2022年にはNVIDIAがグーグルやアマゾンなどと組み、"
            "シリーズCの資金調達として3億ドルを提供し、その評価額を20億ドルに引き上げた。")
    assert article_subjects(text) == [("raised", "Cohere", 3e8), ("valuation", "Cohere", 2e9)]


# (pattern, article text, expected rows): the subject named as a product before, by a demonstrative or a predicate
NAMED_BEFORE = (
    ("a demonstrative names the product of the sentence before, also before a market word",
     "AIの動画\n\nバイトダンスは動画生成ツール「シーン」を公開した。昨年公開されたこの動画生成ツールは、世界のユーザー数が300万人に達した。",
     [("users", "ByteDance", 3e6)]),
    ("a market word without a demonstrative keeps the figure the market's",
     "AIの動画\n\nバイトダンスは動画生成ツール「シーン」を公開した。世界のユーザー数は30億人に達した。",
     [("users", "", 3e9)]),
    ("a company the sentence before ends on as its predicate",
     "アプリ勢力図\n\nMetaはオープンソースで攻勢をかける。\n\n調査によると、生成AIアプリで最も強いのがやはりChatGPTだ。"
     "5月の月間訪問数は18億回で、月間ユーザー数は3億人。",
     [("visits", "OpenAI", 1.8e9), ("users", "OpenAI", 3e8)]),
)


@pytest.mark.parametrize("pattern, text, expected", NAMED_BEFORE, ids=[p for p, *_ in NAMED_BEFORE])
def test_a_subject_named_before_as_a_product_or_a_predicate(pattern, text, expected):
    assert article_subjects(text) == expected


# (pattern, article text, the company it is about and whether that is sure)
MAIN_COMPANIES = (
    ("the only company an excerpt names, through its product",
     "決算の要点。売上高は300億ドルだった。データセンター売上はBlackwell向けが伸びた。", ("NVIDIA", False)),
    ("a company named once by its own name is no guess", "AI市場の動向。市場規模は300億ドルだった。Teslaも参入した。", ("", False)),
    ("a company named three times and far more than any other",
     "Perplexityは検索を伸ばした。Perplexityの利用者は増えた。Perplexityは調達も進める。Googleは静観する。",
     ("Perplexity", False)),
)


@pytest.mark.parametrize("pattern, text, expected", MAIN_COMPANIES)
def test_main_company_of_an_article(pattern, text, expected):
    assert main_company(find_mentions(text, GAZETTEER), [], False) == expected


# (pattern, article text, (metric, company) of its figures): the company an article is about, named beyond the
# gazetteer's forms
NAMED_BEYOND_THE_GAZETTEER = (
    ("a Latin name before the label of its report, in the title",
     "Lumio Q2 FY2025決算分析\n\nLumioは再び市場予想を上回った。売上高は前年同期比41%増の2億5000万ドルとなった。",
     [("revenue", "Lumio")]),
    ("a country prefix after の, in the title",
     "AI用チップの米ノヴァリス・シリコン、四半期業績\n\n第2四半期の売上高は12億ドルだった。", [("revenue", "ノヴァリス・シリコン")]),
    ("a known company written with a middle dot",
     "米セールス・フォース、決算発表\n\n第2四半期の売上高は93億ドルだった。", [("revenue", "Salesforce")]),
    ("a name the text defines a short name for, before the bracket of its period",
     "ロボット各社の決算\n\nミライ・ロボティクス・ワークス(以下ミライ)の2024年12月期(以下今期)は、売上高18億円となった。",
     [("revenue", "ミライ・ロボティクス・ワークス")]),
)


@pytest.mark.parametrize("pattern, text, expected", NAMED_BEYOND_THE_GAZETTEER,
                         ids=[p for p, *_ in NAMED_BEYOND_THE_GAZETTEER])
def test_the_company_an_article_names_beyond_the_gazetteer(tmp_path, pattern, text, expected):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    figures = load_corpus(tmp_path).figures
    framed = figures[figures["frame"] != ""]
    assert list(zip(framed["metric"], framed["company"])) == expected


# (pattern, article text, expected rows): what a sentence, a heading or a title says the text is about
WHAT_THE_TEXT_IS_ABOUT = (
    ("a heading that names a company by its relation to it is not about that company",
     "検索の新勢力\n\n## グーグルのライバル\n\nこの検索サービスは急成長している。利用者数は1500万人に達した。",
     [("users", "", 1.5e7)]),
    ("a heading that names a company is about it", "検索の新勢力\n\n## グーグルの新戦略\n\n利用者数は1500万人に達した。",
     [("users", "Google", 1.5e7)]),
    ("a sentence that is only the noun phrase of a company makes it the subject of the next",
     "検索の新勢力\n\n## グーグルのライバル\n\n「パープレ」とも呼ばれるパープレキシティ。すでに1500万人のユーザーを獲得している。",
     [("users", "Perplexity", 1.5e7)]),
    ("the owner of a sentence's topic is what the sentence is about",
     "検索の新勢力\n\n## グーグルのライバル\n\n投資家の間でパープレキシティの評価はうなぎ上りだ。WSJによれば、企業価値は80億ドルを記録した。",
     [("valuation", "Perplexity", 8e9)]),
    ("a list after a paragraph of a market's totals is the market's, not an earlier paragraph's company",
     "アプリ市場\n\nChatGPTやGeminiが市場を牽引した。\n\n## 2025年の市場の勢い\n\n世界のアプリ支出額は前年比20%増の900億ドルだった。\n\n"
     "- AIアプリ内課金売上：40億ドル\n- AIアプリの月間利用者数：3億人\n",
     [("revenue", "", 4e9), ("users", "", 3e8)]),
    ("a list after a paragraph that names no company keeps the company named before",
     "決算\n\nアドビは第3四半期の決算を発表した。\n\n事業別の売上高は次の通り。\n\n- デジタルメディア：43億ドル\n- デジタルエクスペリエンス：14億ドル\n",
     [("segment_revenue", "Adobe", 4.3e9), ("segment_revenue", "Adobe", 1.4e9)]),
)


WHAT_THE_TEXT_IS_ABOUT += (
    ("a data provider named by its role is no subject of the figures after it",
     "AI投資の動向\n\n米国の調査会社CBリサーチ(CB Research)が発表した報告書で明らかになった。\n\n"
     "AIスタートアップへの投資額は前年比141%増の150億ドルとなった。",
     [("investment", "", 1.5e10)]),
    ("a ranked item in quotes is the subject of the count in brackets after it",
     "アプリ\n\nChatGPTの週次アクティブユーザー数は1.5億人に達した。"
     "これは、2位の「ヤマビコ」(8000万人)と3位の「カスミ(Kasumi)」(2000万人)の合計を上回る。",
     [("users", "OpenAI", 1.5e8), ("users", "ヤマビコ", 8e7), ("users", "カスミ", 2e7)]),
)


WHAT_THE_TEXT_IS_ABOUT += (
    ("a product its maker names, on its own in a list line", "中国のAIアプリ\n\nバイトダンスの豆包が首位を守り、アリババの千問は差を縮めた。\n\n"
     "- 千問は急成長し、日次アクティブユーザー(DAU)は7000万人に達した。\n",
     [("users", "Alibaba", 7e7)]),
)


@pytest.mark.parametrize("text, products", [
    ("アリババの千問は伸びた。千問の利用者は増えた。", {"千問": "Alibaba"}),
    ("アリババの売上高は伸びた。売上高は10億ドルだった。", {}),  # a metric's word is no product
])
def test_products_a_text_names_by_their_maker(text, products):
    assert find_organisations(text, GAZETTEER, None, lambda word: bool(LEXICON.keywords_in(word))).aliases == products


@pytest.mark.parametrize("pattern, text, expected", WHAT_THE_TEXT_IS_ABOUT, ids=[p for p, *_ in WHAT_THE_TEXT_IS_ABOUT])
def test_what_the_text_is_about(pattern, text, expected):
    assert article_subjects(text) == expected


def test_a_title_that_names_a_company_by_its_relation_is_not_about_it():
    text = "グーグルのライバル検索"
    mentions = find_mentions(text, GAZETTEER)
    assert main_company(mentions, mentions, False, title=text, relations=LEXICON.markers["relation"]) == ("", False)
    assert main_company(mentions, mentions, False, title=text) == ("Google", True)
