"""Companies: gazetteer matching, products for makers, unknown organisations, data-driven growth."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loaders import load_corpus
from loaders.companies import find_mentions, find_organisations, find_unknown_names, load_gazetteer
from loaders.datafiles import PACKAGE_DATA_DIR, DataFileError

GAZETTEER = load_gazetteer()

# (text, companies named in order)
MENTIONS = (
    ("MetaのLlama(ラマ)とFalcon(ファルコン)", ["Meta", "Meta", "Meta", "TII", "TII"]),
    ("Openaiの電子商取引帝国とChatGPTAI", ["OpenAI", "OpenAI"]),
    ("メタバースとドラマの話", []),
    ("テンセントと騰訊、Tencentは同じ", ["Tencent", "Tencent", "Tencent"]),
    ("Google CloudとGoogle、Alphabet", ["Google", "Google", "Alphabet"]),
    ("ＮＴＴデータグループとＫＤＤＩ", ["NTT Data", "KDDI"]),
    ("文心一言、通義千問、豆包、Kimi", ["Baidu", "Alibaba", "ByteDance", "Moonshot AI"]),
    ("X(旧Twitter)の売上", ["X Corp"]),
    ("Xへのポスト", []),
    ("Llama4の開発", ["Meta"]),
    # makers, banks, funds and research centres named as actors
    ("BMWやファナック、国立がん研究センターと協業", ["BMW", "FANUC", "National Cancer Center"]),
    ("みずほ銀行から借り入れ、カーライル・グループも出資", ["Mizuho Bank", "Carlyle"]),
    # a name joined at a case step is also written with a space there; a web address is its product's
    ("「Chat GPT」と「Deep Seek」を比べた", ["OpenAI", "DeepSeek"]),
    ("ChatGPT.comの訪問数", ["OpenAI"]),
    # a company's segments count for it
    ("Reality LabsとFamily of Appsの売上", ["Meta", "Meta"]),
    # data providers written in katakana
    ("シミラーウェブとデータ・ドット・エーアイの推計", ["Similarweb", "data.ai"]),
    # an app store is Google's product
    ("Google Playでの公開", ["Google"]),
    # a form inside a web address names nothing; the names around it still count
    ("NVIDIAの記事 https://example.com/article/DGXZQO1234/ と Meta", ["NVIDIA", "Meta"]),
    ("出典：https://www.example.org/openai/report-2024", []),
)


@pytest.mark.parametrize("text, expected", MENTIONS)
def test_known_mentions(text, expected):
    assert [m.company for m in find_mentions(text, GAZETTEER)] == expected


# (text, whether each mention names a platform a product runs on)
PLATFORM_USES = (
    ("Google Playでのリリース後", [True]),
    ("iOSとAndroidを合わせたダウンロード数", [True, True]),
    ("Androidを合わせた", [False]),
    ("iOSの利用者は増えた", [False]),
)


@pytest.mark.parametrize("text, expected", PLATFORM_USES)
def test_a_platform_named_as_where_a_product_runs(text, expected):
    assert [m.is_platform for m in find_mentions(text, GAZETTEER)] == expected


# (text, unknown organisations found)
UNKNOWN = (
    ("生成AI開発の株式会社カグラAIは、シリーズBで85億円を調達した。", ["カグラAI"]),
    ("ひまわりデータ株式会社とあおばキャピタル株式会社が出資", ["ひまわりデータ", "あおばキャピタル"]),
    ("ロボット制御AIを手がけるオクトパスAI株式会社が32億円を集めた", ["オクトパスAI"]),
    ("上場会社名　株式会社ヴェクトルエッジ", ["ヴェクトルエッジ"]),
    ("ミライデータ(9999):売上高45億円", ["ミライデータ"]),
    ("AI半導体のNeurovia（ニューロヴィア）がシリーズCで調達", ["Neurovia"]),
    ("アシスタントアプリ「リートン（Wrtn）」の月間アクティブユーザー（MAU）", ["リートン"]),
    ("音声AIのVoxtrail（英ロンドン）も評価額を引き上げた", ["Voxtrail"]),
    ("Aurelian Robotics（英国）がシリーズAで調達", ["Aurelian Robotics"]),
    ("カナダのSpellbookも同年にシリーズBで調達", ["Spellbook"]),
    ("企業向けAIを開発する雲岫智能（Yunxiu Intelligence）が調達", ["雲岫智能"]),
    ("Acme Robotics Inc. announced", ["Acme Robotics"]),
    ("同社は他社と比べて", []),
    ("Generative AIの時代", []),
    ("ザッカーバーグ氏とマスク氏", []),
    ("日本と中国、アラブ首長国連邦", []),
    # a Latin name after the noun of its role
    ("物流ソフトウェア企業のFreightloopが資金を集めた", ["Freightloop"]),
    ("新興企業であるNovalis Roboticsは工場を建てる", ["Novalis Robotics"]),
    ("米企業のSaaSが伸びた", []),
    # an investor class is no organisation, with or without the middle dot
    ("米国のベンチャー・キャピタル各社は投資を絞った", []),
    ("コーポレート・ベンチャー・キャピタルからの出資", []),
    # a web domain on its own names its site; one in a URL or an e-mail address names nothing
    ("3位:lumenwiki.org – 月間40億訪問", ["lumenwiki.org"]),
    ("7位:kobunsha.co.jp – 月間9億訪問", ["kobunsha.co.jp"]),
    ("www.tidewatch.net は天気のサイトだ", ["tidewatch.net"]),
    ("詳しくは https://www.tidewatch.net/about を参照", []),
    ("問い合わせは info@tidewatch.net まで", []),
    ("Node.jsとASP.NETで書かれている", []),
    # a Latin name that opens an item of an enumeration as the subject of its number
    ("WhatsAppが20億人、Zephyrchatが7億人、Quillgramが4億人", ["Zephyrchat", "Quillgram"]),
    ("、Pythonで3行書ける", []),
    ("、GPUが100万個", []),
    # a katakana name after the noun of its role or a clause it heads, unless the dictionary knows it as a word
    ("鉱業スタートアップのグラナイト・ミネラルズだ。", ["グラナイト・ミネラルズ"]),
    ("医療診断サービスを手掛けるメディクスと、在庫管理ソフトを提供するロンドンのストラヴィクだ。", ["メディクス", "ストラヴィク"]),
    ("企業のサービスが伸びた", []),
    ("スタートアップのプラットフォームに出資", []),
    ("クラウドを提供するプラットフォームが増えた", []),
    ("半導体事業を手掛けるデバイスソリューション(DS)部門は", []),
    # a name right after a person's title is the person's
    ("最高経営責任者(CEO)のジョン・ハーパー(John Harper)は語った", []),
    ("同社社長 ケン・ワタナベ(Ken Watanabe)によると", []),
    ("代表のカグラAI株式会社", ["カグラAI"]),
    # a quoted name and 社
    ("垂直農法を展開する「ベリーテラ」社は同日", ["ベリーテラ"]),
    # a Latin name right before the label of a report it issues; a word of English prose is none
    ("Lumio Q2 FY2025決算分析:伸びる有料会員", ["Lumio"]),
    ("Quillbase Q 4/FY 2023", ["Quillbase"]),
    ("Tessarine 第3四半期決算は増収", ["Tessarine"]),
    ("Thanks, everyone. In Q4, we grew", []),
    ("売上高はQ2にFY2025の最高", []),
    # a country prefix after a particle or a verb; a common noun or a place after it names no organisation
    ("AI用チップの米ノヴァリス・シリコン、四半期決算", ["ノヴァリス・シリコン"]),
    ("半導体を製造する米ノヴァリス・シリコン )が発表した", ["ノヴァリス・シリコン"]),
    ("ソフトを手がける米スタートアップ、その名は", []),
    ("物流網を築いた米メンフィスに拠点", []),
    ("お米ブランドが伸びた", []),
    # a name the text defines a short name for; a common noun defined so is none
    ("ミライ・ロボティクス・ワークス(以下ミライ)は工場を建てる", ["ミライ・ロボティクス・ワークス"]),
    ("Nimbus Data Labs(以下Nimbus)が発表した", ["Nimbus Data Labs"]),
    ("新しいサービス(以下本サービス)は無料", []),
    # a katakana name glossed in Latin keeps its Latin prefix
    ("米国の調査会社CBリサーチ(CB Research)が発表した", ["CBリサーチ"]),
    # two words joined by & name a segment, not a company
    ("サブシステムズ&アクセサリーズの売上は減った", []),
    # items of a ranking named in quotes
    ("2位の「ヤマビコ」(8000万人)と3位の「カスミ(Kasumi)」(2000万人)", ["ヤマビコ", "カスミ"]),
    # a fund by its legal form, which stays part of its name
    ("シード | ミライ3号投資事業有限責任組合、株式会社オフィス北", ["ミライ3号投資事業有限責任組合", "オフィス北"]),
    # a listed company by its shares; a class of shares is none
    ("Xモバイル株で4000億円の投資損失があった", ["Xモバイル"]),
    ("Lumio株の売却益", ["Lumio"]),
    ("テック株が下げ、株式会社の数", []),
    # a line that defines a Latin name by its role
    ("Quillbase:シリコンバレーのバイオテック・スタートアップで微生物を作る", ["Quillbase"]),
    ("Note:この表は2024年の数字", []),
    ("Series C: 900億円調達、推定企業価値 $9.9B", []),
    # a former name is no organisation of its own
    ("ミライロボ株式会社は「ミライ工房株式会社」の名称で設立された", ["ミライロボ"]),
    ("旧ミライ工房株式会社の事業", []),
    # a name right after a role noun, Latin of any case or in quotes with its reading
    ("送金アプリを提供する企業payloが買収された", ["paylo"]),
    ("倉庫ロボットメーカー「Robo+(ロボプラス、机器加)」が調達した", ["Robo+"]),
    ("新興企業「ソラノワ」が参入した", ["ソラノワ"]),
    ("企業DXが進む", []),
    # names listed before a word that says they back or found something together are organisations
    ("このラウンドはBrightpathが主導し、Tern Ventures、Ostrava Capital Partners、Zed{labs} が参加した。",
     ["Brightpath", "Tern Ventures", "Ostrava Capital Partners", "Zed{labs}"]),
    ("KiteraとNumbus Payによる合弁会社として設立された。", ["Kitera", "Numbus Pay"]),
    ("既存投資家のHalvard Fundも出資した。", ["Halvard Fund"]),
    ("AIとDXが参加の条件だ。", []),  # capitals alone name no backer
    # a person's titles, a document's or a survey's name, an abbreviation glossed with common nouns are none
    ("ソラミ株式会社 代表取締役CEO 山田太郎", ["ソラミ"]),
    ("ミナト株式会社自社調査 2024年1月〜6月の平均", ["ミナト"]),
    ("「生成AI産業発展報告（2025）」を株式会社ミドリ白書が発表", []),
    ("中小企業のIT(インフォメーションテクノロジー)投資が伸びた", []),
    ("音声AIのNeurovia（ニューロヴィア）が調達", ["Neurovia"]),
    # the end of a longer name that starts in Latin letters is no name of its own
    ("深圳のXYテックロボティクスが出展した", []),
    # a name that opens a sentence as its topic, subject or owner, in a sentence that states a number
    ("Korvimoは、第2四半期の売上高が12億ユーロだったと発表した。", ["Korvimo"]),
    ("決算が出た。Lunetraの有料会員数は3,200万人に達した。", ["Lunetra"]),
    ("ザルベリカが9月期に営業収益120億円を計上した。", ["ザルベリカ"]),
    ("四半期の報告\nQuintaraは前年比20%増の4億ドル", ["Quintara"]),
    ("16日、ザルベリカは第3四半期の売上高が5852億ウォンだったと公示した。", ["ザルベリカ"]),
    # ... a known company in the sentence is its subject; a person or a word the dictionary knows is no name
    ("PR Wireは4日、OpenAIが400億ドルを調達したと伝えた。", []),
    ("アルトマンは、年間売上高が100億ドルを超えたと述べた。", []),
    ("ビリビリの売上高は13億元。", []),
    # ... no number in the sentence, an abbreviation, common nouns, or not at the start: none
    ("Korvimoは新しい機能を公開した。", []),
    ("MAUは前年比で12%増えた。", []),
    ("ユーザーは2億人を超えた。", []),
    ("データセンターの投資額は5,000億円に上る。", []),
    ("同社によるとLunetraの有料会員数は3,200万人。", []),
    # a katakana topic that announces its results is an organisation; a common noun is none
    ("ミライデンキは4月30日、2032年6月期の第3四半期の決算を発表した。", ["ミライデンキ"]),
    ("カナタボードは本日、通期の業績を発表しました", ["カナタボード"]),
    ("グループは4月30日、決算を発表した。", []),
    # a currency that opens with a country's letter is no company of that country
    ("収益は米ドルベースで42%増加した", []),
    ("売上高は豪ドル建てで3%増えた", []),
    # common nouns glossed by their abbreviation name a segment, not a company
    ("クラウドインフラストラクチャ(IaaS)の収益は20億ドル", []),
    ("クラウドアプリケーション(SaaS)の収益は33億ドル", []),
)


# (text, unknown name -> its kind where it is not a company)
KINDS = (
    ("米国の調査会社CBリサーチ(CB Research)が発表した", {"CBリサーチ": "data_provider"}),
    ("市場調査会社のデータリンク株式会社によると", {"データリンク": "data_provider"}),
    ("AI企業のデータリンク株式会社が発表した", {}),
)


@pytest.mark.parametrize("text, expected", KINDS)
def test_kinds_of_unknown_organisations(text, expected):
    assert find_organisations(text, GAZETTEER).kinds == expected


@pytest.mark.parametrize("text, expected", UNKNOWN)
def test_unknown_organisations(text, expected):
    assert find_unknown_names(text, GAZETTEER) == expected


# (text, companies named in order): the forms a text writes beyond the gazetteer's (find_organisations)
WRITTEN_OTHERWISE = (
    # a known company with a middle dot the gazetteer's form has not, alone or with a further word after one
    ("米セールス・フォース、四半期決算", ["Salesforce"]),
    ("クラウドを提供する米セールス・フォース・ドットコム(CRM)が発表", ["Salesforce"]),
    # a long name defined as short for a known one: both are the known company
    ("パランティア・データ・システムズ(以下パランティア)の売上高", ["Palantir", "Palantir"]),
    # a short name defined for an unknown one stands for it wherever the text uses it
    ("ミライ・ロボティクス・ワークス(以下ミライ)は工場を建てる。ミライの売上高は伸びた",
     ["ミライ・ロボティクス・ワークス", "ミライ・ロボティクス・ワークス", "ミライ・ロボティクス・ワークス"]),
    # a product named by its maker (Xの…は) is the maker's wherever the text uses it again; a word or a title is none
    ("アリババの千問は急伸した。千問の利用者は増えた", ["Alibaba", "Alibaba", "Alibaba"]),
    ("アリババの成長は続き、アリババの田中社長は語った。成長が続き、田中社長も喜んだ", ["Alibaba", "Alibaba"]),
    ("アリババの千問は急伸した", ["Alibaba"]),
    # a known company's name and the word of a unit name an organisation of its own
    ("株式会社SMBC信託銀行とSMBCが出資", ["SMBC信託銀行", "SMBC"]),
    # a bare word before a dot is no company written otherwise
    ("オープン・イノベーションの時代", []),
)


@pytest.mark.parametrize("text, expected", WRITTEN_OTHERWISE)
def test_companies_written_otherwise(text, expected):
    organisations = find_organisations(text, GAZETTEER)
    mentions = find_mentions(text, GAZETTEER, organisations.names, None, organisations.aliases)
    assert [m.company for m in mentions] == expected


def test_a_platform_a_product_runs_on_is_no_company_of_the_article(tmp_path):
    corpus = load_corpus(write_corpus(tmp_path / "a", "学習アプリ\n\nLumio Q2決算\n\nチェスコースはiOS英語版で利用者100万人を突破した。"
                                                      "年内にAndroidとWebへ広げる。iOSの利用者は増えた。"))
    assert "Apple" in set(corpus.companies["company"]) and "Google" not in set(corpus.companies["company"])


def write_corpus(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(text, encoding="utf-8")
    return folder


def test_company_added_to_the_toml_appears_without_code_change(tmp_path):
    articles = write_corpus(tmp_path / "articles", "見出し\nゼタマインドは新しいモデル「ゼタGPT」を発表した。ゼタマインドの売上高は10億円。")
    before = load_corpus(articles)
    assert "Zetamind" not in set(before.companies["company"])
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(PACKAGE_DATA_DIR / "companies.toml", data / "companies.toml")
    with (data / "companies.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[company]]\nname = "Zetamind"\naliases = ["ゼタマインド"]\nproducts = ["ゼタGPT"]\n'
                     'country = "JP"\nparent = ""\nkind = "company"\n')
    after = load_corpus(articles, data_dir=data)
    row = after.companies.set_index("company").loc["Zetamind"]
    assert row["mentions"] == 3 and bool(row["is_known"]) and row["country"] == "JP"
    assert after.revenue["company"].tolist() == ["Zetamind"]


def test_broken_companies_toml_names_file_and_line(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "companies.toml").write_text('[[company]]\nname = "Broken\n', encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_corpus(write_corpus(tmp_path / "articles", "本文です。"), data_dir=data)
    assert "companies.toml" in str(caught.value) and "line" in str(caught.value)


def test_unknown_startup_is_flagged_unknown_with_evidence(tmp_path):
    corpus = load_corpus(write_corpus(tmp_path / "articles",
                                      "見出し\n株式会社ミライラボは、シードラウンドで3億円を調達したと発表した。"))
    row = corpus.companies.set_index("company").loc["ミライラボ"]
    assert not bool(row["is_known"])
    assert "3億円を調達" in row["evidence"]
    assert corpus.funding[["company", "value"]].values.tolist() == [["ミライラボ", 3e8]]


@pytest.fixture(scope="module")
def seed_corpus():
    return load_corpus("seeds")


def test_products_count_for_their_maker(seed_corpus):
    counts = seed_corpus.companies.set_index(["article_id", "company"])["mentions"]
    # seed 000 names Meta once directly and through Llama several times
    assert counts[("000_3b4012ad22db6480", "Meta")] >= 5
    assert counts[("000_3b4012ad22db6480", "TII")] >= 3  # Falcon


PEOPLE_AND_PLACES = ("ザッカーバーグ", "マスク", "イーロン・マスク", "Laura Wendel", "Zhang Zhaolong", "中国", "日本",
                     "米国", "アラブ首長国連邦", "湾岸諸国", "北京", "杭州")


def test_no_person_or_country_becomes_a_company_in_the_seeds(seed_corpus):
    names = set(seed_corpus.companies["company"])
    assert not names & set(PEOPLE_AND_PLACES)


def test_comentions_pair_companies_of_the_same_article(seed_corpus):
    pairs = seed_corpus.comentions
    assert (pairs["company_a"] < pairs["company_b"]).all()
    row = pairs[(pairs["company_a"] == "Meta") & (pairs["company_b"] == "OpenAI")]
    assert row["n_articles"].item() >= 3
    assert (pairs["n_sentences"] <= pairs["n_sentences"].max()).all() and pairs["n_sentences"].max() > 0


# --- the one-pass matcher equals a plain scan, on whole texts and on any stretch of them

def scan_known_mentions(text: str, gazetteer) -> list[tuple]:
    """The reference: at each position try the forms filed under the text's next two characters, longest first."""
    from loaders.companies import ASCII_LOWER
    from loaders.text import HALF_WIDTH
    half = text.translate(HALF_WIDTH)
    lower = half.translate(ASCII_LOWER)
    found, position = [], 0
    while position < len(half):
        exact = gazetteer.index.get(half[position:position + 2], ())
        folded = gazetteer.index.get(lower[position:position + 2], ()) \
            if lower[position:position + 2] != half[position:position + 2] else ()
        match = None
        for form in sorted((*exact, *folded), key=lambda f: -len(f.form)):
            end = position + len(form.form)
            if not (lower if form.ignore_case else half).startswith(form.form, position):
                continue
            if position and form.left and half[position - 1] in form.left:
                continue
            if end < len(half) and form.right and half[end] in form.right:
                continue
            match = form
            break
        if match is None:
            position += 1
            continue
        if match.company:
            found.append((match.company, text[position:position + len(match.form)], position))
        position += len(match.form)
    return found


def _article_texts() -> list[str]:
    from loaders.corpus import load_documents
    texts = []
    for folder in ("tests/data/articles", "tests/data/holdout/articles", "tests/data/holdout2/articles", "seeds"):
        documents, _ = load_documents(Path(__file__).resolve().parent.parent / folder)
        texts.extend(document.text for document in documents)
    return texts


EDGE_TEXTS = (
    "OPENAIとOpenAi、openai、ＯｐｅｎＡＩ",  # case and width variants
    "SAPPHIREとSAP、MetaverseとMeta",  # names never run on into letters
    "メタバースのメタ",  # katakana inside a longer katakana word
    "日経平均と日経",  # a word listed as no organisation hides the form inside it
    "",
)


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_one_pass_matcher_equals_the_plain_scan(text):
    from loaders.companies import find_known_mentions
    assert [(m.company, m.surface, m.start) for m in find_known_mentions(text, GAZETTEER)] == \
        scan_known_mentions(text, GAZETTEER)


def test_stretches_of_one_scan_equal_scans_of_the_stretches():
    from loaders.companies import KnownMentions
    for text in _article_texts():
        scanned = KnownMentions(text, GAZETTEER)
        assert [(m.company, m.surface, m.start) for m in scanned.within()] == scan_known_mentions(text, GAZETTEER)
        lines = text.split("\n")
        offset = 0
        for line in lines:
            for start in range(0, max(1, len(line)), 7):  # sentences cut anywhere, not only at 。
                piece = line[start:start + 40]
                at = offset + start
                got = [(m.company, m.surface, m.start) for m in scanned.within(at, at + len(piece))]
                assert got == scan_known_mentions(piece, GAZETTEER), piece
            offset += len(line) + 1


@pytest.mark.parametrize("title, listed", (
    ("生成AI企業の決算まとめ", False),          # the publisher only reports: not a company the article mentions
    ("ブルームバーグ、AI端末を発表", True),      # an article about the publisher names it
))
def test_the_publisher_is_no_company_of_its_own_article(tmp_path, title, listed):
    from loaders import load_corpus

    text = f"{title}\n（ブルームバーグ）2024年10月3日\nOpenAIは売上高を公表した。ブルームバーグの取材に答えた。"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.articles["publisher"].tolist() == ["ブルームバーグ"]
    assert ("Bloomberg" in set(corpus.companies["company"])) == listed
    assert "OpenAI" in set(corpus.companies["company"])
