"""The knowledge files under loaders/data/ are well-formed and hold the facts the loaders rely on.

Read with tomllib only, so that a broken data file is reported here before any loader code runs.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parent.parent / "loaders" / "data"

COMPANY_KEYS = {"name", "aliases", "products", "country", "parent", "kind"}
COMPANY_KINDS = {"company", "institute", "media", "data_provider"}
THEME_KEYS = {"id", "label", "keywords", "patterns", "companies", "company_countries", "weight"}
THEME_REQUIRED_KEYS = {"id", "label", "keywords"}
COUNTRY_CODE = re.compile(r"[A-Z]{2}")
SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def load_toml(name: str) -> dict:
    with (DATA_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


COMPANIES: list[dict] = load_toml("companies.toml")["company"]
THEMES: list[dict] = load_toml("themes.toml")["theme"]
COMPANY_BY_NAME = {company["name"]: company for company in COMPANIES}
THEME_BY_ID = {theme["id"]: theme for theme in THEMES}


def read_stopwords() -> list[str]:
    # Same reading rule as the word-list loader: `#` starts a comment, blank lines are skipped.
    lines = (DATA_DIR / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    return [entry for line in lines if (entry := line.split("#", 1)[0].strip())]


STOPWORDS = read_stopwords()


def match_key(form: str) -> str:
    """The key under which the gazetteer matches a form: any case from 4 characters on, exact below."""
    return form.casefold() if len(form) >= 4 else form


def surface_forms(company: dict) -> list[str]:
    return [company["name"], *company["aliases"], *company["products"]]


def build_form_index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for company in COMPANIES:
        for form in surface_forms(company):
            index.setdefault(match_key(form), []).append(company["name"])
    return index


FORM_INDEX = build_form_index()


def maker_of(form: str) -> list[str]:
    return FORM_INDEX.get(match_key(form), [])


# ───────────────────────── companies.toml ─────────────────────────

def test_gazetteer_has_at_least_400_organisations():
    assert len(COMPANIES) >= 400


@pytest.mark.parametrize("company", COMPANIES, ids=lambda company: company["name"])
def test_company_has_exactly_the_documented_keys_with_their_types(company):
    assert COMPANY_KEYS <= set(company) <= COMPANY_KEYS | {"fiscal_year_end"}
    assert company.get("fiscal_year_end", 12) in range(1, 13)
    for key in ("name", "country", "parent", "kind"):
        assert isinstance(company[key], str)
    for key in ("aliases", "products"):
        assert isinstance(company[key], list)
        assert all(isinstance(form, str) for form in company[key])


@pytest.mark.parametrize("company", COMPANIES, ids=lambda company: company["name"])
def test_company_forms_are_trimmed_and_longer_than_one_character(company):
    for form in surface_forms(company):
        assert form == form.strip(), form
        assert len(form) >= 2, form


def test_canonical_names_are_unique():
    names = [company["name"] for company in COMPANIES]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []


def test_every_surface_form_is_listed_once_in_the_whole_file():
    repeated = {key: makers for key, makers in FORM_INDEX.items() if len(makers) > 1}
    assert repeated == {}


def test_forms_that_normalise_alike_point_to_one_organisation():
    # X(旧Twitter) and X（旧Twitter） may both be listed, but only for the same company.
    makers_by_normal_form: dict[str, set[str]] = {}
    for company in COMPANIES:
        for form in surface_forms(company):
            normal = unicodedata.normalize("NFKC", form).casefold().replace(" ", "")
            makers_by_normal_form.setdefault(normal, set()).add(company["name"])
    clashes = {form: makers for form, makers in makers_by_normal_form.items() if len(makers) > 1}
    assert clashes == {}


@pytest.mark.parametrize("company", COMPANIES, ids=lambda company: company["name"])
def test_country_is_two_upper_case_letters(company):
    assert COUNTRY_CODE.fullmatch(company["country"])


@pytest.mark.parametrize("company", COMPANIES, ids=lambda company: company["name"])
def test_kind_is_one_of_the_allowed_kinds(company):
    assert company["kind"] in COMPANY_KINDS


@pytest.mark.parametrize("company", [c for c in COMPANIES if c["parent"]], ids=lambda company: company["name"])
def test_parent_is_another_listed_organisation(company):
    assert company["parent"] in COMPANY_BY_NAME
    assert company["parent"] != company["name"]


def test_parent_chains_end():
    for company in COMPANIES:
        seen = {company["name"]}
        parent = company["parent"]
        while parent:
            assert parent not in seen, f"parent cycle through {parent}"
            seen.add(parent)
            parent = COMPANY_BY_NAME[parent]["parent"]


# (surface form in an article, canonical maker)
FORM_TO_COMPANY = (
    ("ChatGPT", "OpenAI"),
    ("GPT-4", "OpenAI"),
    ("GPT-4o", "OpenAI"),
    ("Sora", "OpenAI"),
    ("DALL-E", "OpenAI"),
    ("オープンAI", "OpenAI"),
    ("Openai", "OpenAI"),  # seen in a seed article; matched case-insensitively
    ("Llama", "Meta"),
    ("Llama3", "Meta"),
    ("ラマ", "Meta"),
    ("Instagram", "Meta"),
    ("WhatsApp", "Meta"),
    ("Facebook", "Meta"),
    ("メタ", "Meta"),
    ("META", "Meta"),
    ("Gemini", "Google"),
    ("Bard", "Google"),
    ("Gemma", "Google"),
    ("PaLM", "Google"),
    ("YouTube", "Google"),
    ("Google Cloud", "Google"),
    ("グーグル", "Google"),
    ("DeepMind", "Google DeepMind"),
    ("Claude", "Anthropic"),
    ("アンソロピック", "Anthropic"),
    ("Copilot", "Microsoft"),
    ("Bing", "Microsoft"),
    ("Azure", "Microsoft"),
    ("Office", "Microsoft"),
    ("Office 365", "Microsoft"),
    ("Windows", "Microsoft"),
    ("LinkedIn", "Microsoft"),
    ("MSFT", "Microsoft"),
    ("AWS", "Amazon"),
    ("Alexa", "Amazon"),
    ("iPhone", "Apple"),
    ("Siri", "Apple"),
    ("CUDA", "NVIDIA"),
    ("H100", "NVIDIA"),
    ("A100", "NVIDIA"),
    ("Blackwell", "NVIDIA"),
    ("NVDA", "NVIDIA"),
    ("Nvidia", "NVIDIA"),
    ("エヌビディア", "NVIDIA"),
    ("Grok", "xAI"),
    ("Starlink", "SpaceX"),
    ("スペースX", "SpaceX"),
    ("Falcon 9", "SpaceX"),
    ("X(旧Twitter)", "X Corp"),
    ("X（旧Twitter）", "X Corp"),
    ("旧Twitter", "X Corp"),
    ("Twitter", "X Corp"),
    ("ツイッター", "X Corp"),
    ("テスラ", "Tesla"),
    ("Falcon", "TII"),
    ("Technology Innovation Institute", "TII"),
    ("科学技術革新研究所", "TII"),
    ("アラブ首長国連邦の科学技術革新研究所", "TII"),
    ("文心一言", "Baidu"),
    ("ERNIE", "Baidu"),
    ("Wenxinyiyan", "Baidu"),
    ("Wenxin Yiyan", "Baidu"),
    ("文心", "Baidu"),
    ("Qianfan", "Baidu"),
    ("千帆", "Baidu"),
    ("百度", "Baidu"),
    ("通義千問", "Alibaba"),
    ("通义千问", "Alibaba"),
    ("Qwen", "Alibaba"),
    ("Tongyi", "Alibaba"),
    ("阿里巴巴", "Alibaba"),
    ("豆包", "ByteDance"),
    ("Doubao", "ByteDance"),
    ("TikTok", "ByteDance"),
    ("抖音", "ByteDance"),
    ("Kimi", "Moonshot AI"),
    ("星火", "iFLYTEK"),
    ("Spark", "iFLYTEK"),
    ("iFlytek Spark", "iFLYTEK"),
    ("科大讯飞", "iFLYTEK"),
    ("盤古", "Huawei"),
    ("Pangu", "Huawei"),
    ("Ascend", "Huawei"),
    ("Huawei Cloud", "Huawei"),
    ("华为", "Huawei"),
    ("ChatGLM", "Zhipu AI"),
    ("GLM-4", "Zhipu AI"),
    ("CodeGeeX", "Zhipu AI"),
    ("智谱清言", "Zhipu AI"),
    ("智譜AI", "Zhipu AI"),
    ("Hunyuan", "Tencent"),
    ("混元", "Tencent"),
    ("WeChat", "Tencent"),
    ("騰訊", "Tencent"),
    ("DeepSeek-R1", "DeepSeek"),
    ("DeepSeek-V3", "DeepSeek"),
    ("Mistral Large", "Mistral AI"),
    ("Le Chat", "Mistral AI"),
    ("Baichuan Intelligence", "Baichuan"),
    ("美团", "Meituan"),
    ("商汤科技", "SenseTime"),
    ("昆仑万维", "Kunlun Tech"),
    ("奇虎360", "Qihoo 360"),
    ("KLCII", "BAAI"),
    ("智源研究院", "BAAI"),
    ("Beijing Academy of Artificial Intelligence", "BAAI"),
    ("Manus AI", "Manus"),
    ("Butterfly Effect", "Manus"),
    ("Gate.io", "Gate"),
    ("Gate.com", "Gate"),
    ("タイガースニフ", "Huxiu"),
    ("Tiger Sniff", "Huxiu"),
    ("虎嗅", "Huxiu"),
    ("松果财经", "Pinecone Finance"),
    ("SimilarWeb", "Similarweb"),
    ("赛迪", "CCID"),
    ("日本経済新聞", "Nikkei"),
    ("ソフトバンクグループ", "SoftBank Group"),
    ("NTTデータ", "NTT Data"),
    ("LINEヤフー", "LY Corporation"),
    ("韓国カカオ", "Kakao"),
    ("カカオトーク", "Kakao"),
    ("GitHub", "GitHub"),
    ("GitHub Copilot", "GitHub"),
    ("ChatGPT Atlas", "OpenAI"),
    ("AWS Lambda", "Amazon"),
    ("Cursor", "Anysphere"),
    ("Devin", "Cognition AI"),
    # investors
    ("a16z", "Andreessen Horowitz"),
    ("セコイア・キャピタル", "Sequoia Capital"),
    ("セコイア・チャイナ", "HongShan"),
    ("红杉中国", "HongShan"),
    ("紅杉中国", "HongShan"),
    ("高瓴资本", "Hillhouse"),
    ("启明创投", "Qiming Venture Partners"),
    ("創新工場", "Sinovation Ventures"),
    ("T. Rowe Price", "T. Rowe Price"),
    ("Fidelity Management & Research Company", "Fidelity"),
    ("Google Ventures", "GV"),
    ("ソフトバンク・ビジョン・ファンド", "SoftBank Vision Fund"),
    ("Public Investment Fund", "PIF"),
    ("カタール投資庁", "QIA"),
    ("ムバダラ", "Mubadala"),
    ("グローバル・ブレイン", "Global Brain"),
    ("ジャフコ グループ", "JAFCO Group"),
    ("三菱UFJキャピタル", "Mitsubishi UFJ Capital"),
    ("三菱UFJフィナンシャル・グループ", "MUFG"),
    ("三井住友銀行", "SMBC"),
    ("みずほキャピタル", "Mizuho Capital"),
    ("NTTドコモ・ベンチャーズ", "NTT Docomo Ventures"),
    ("ドコモ・ベンチャーズ", "NTT Docomo Ventures"),
    ("日本政策投資銀行", "Development Bank of Japan"),
    ("産業革新投資機構", "Japan Investment Corporation"),
    ("SBIインベストメント", "SBI Investment"),
    # Japan
    ("さくらインターネット", "Sakura Internet"),
    ("GMOインターネットグループ", "GMO Internet Group"),
    ("ヘッドウォータース", "Headwaters"),
    ("ユーザーローカル", "User Local"),
    ("エクサウィザーズ", "ExaWizards"),
    ("バクラク", "LayerX"),
    ("東芝", "Toshiba"),
    ("三菱電機", "Mitsubishi Electric"),
    # China, Korea
    ("字節跳動", "ByteDance"),
    ("稀宇科技", "MiniMax"),
    ("阶跃星辰", "StepFun"),
    ("零一万物", "01.AI"),
    ("月之暗面", "Moonshot AI"),
    ("旷视", "Megvii"),
    ("地平线", "Horizon Robotics"),
    ("燧原科技", "Enflame"),
    ("无问芯穹", "Infinigence AI"),
    ("壁仞科技", "Biren"),
    ("Kling", "Kuaishou"),
    ("リベリオンズ", "Rebellions"),
    ("アップステージ", "Upstage"),
    ("SKテレコム", "SK Telecom"),
    # Europe, Middle East, India, Israel
    ("イレブンラボ", "ElevenLabs"),
    ("ドイツテレコム", "Deutsche Telekom"),
    ("ボッシュ", "Bosch"),
    ("シュワルツ・グループ", "Schwarz Group"),
    ("STACKIT", "Schwarz Group"),
    ("Core42", "Core42"),
    ("Reliance Jio", "Jio Platforms"),
    ("Tata Consultancy Services", "TCS"),
    ("モービルアイ", "Mobileye"),
    # media and data providers
    ("ウォール・ストリート・ジャーナル", "Wall Street Journal"),
    ("日経クロステック", "Nikkei xTECH"),
    ("東洋経済", "Toyo Keizai"),
    ("週刊ダイヤモンド", "Diamond, Inc."),
    ("财新", "Caixin"),
    ("帝国データバンク", "Teikoku Databank"),
    ("東京商工リサーチ", "Tokyo Shoko Research"),
    ("富士キメラ総研", "Fuji Chimera Research Institute"),
    ("IDC Japan", "IDC"),
    ("Speedtest", "Ookla"),
)


@pytest.mark.parametrize(("form", "company"), FORM_TO_COMPANY)
def test_form_points_to_its_organisation(form, company):
    assert maker_of(form) == [company]


# Forms that are everyday words (or hide in them) and must never be listed.
FORBIDDEN_FORMS = (
    ("X", "the letter, not X Corp"),
    ("AI", "the subject of every article"),
    ("Cloud", "generic"),
    ("LINE", "English word line"),
    ("Teams", "English word teams"),
    ("GPT", "the generic architecture"),
    ("360", "matches 360度"),
    ("京東", "hides in 東京東部"),
    ("日立", "hides in 1日立ち上げ"),
    ("ゲート", "the word gate"),
    ("アーム", "the word arm"),
    ("カカオ", "cocoa"),
    ("アルファベット", "the alphabet"),
    ("ムーンショット", "a Japanese research programme"),
    ("ダイヤモンド", "the gem; only the publisher's titles are forms"),
    ("アクセル", "the accelerator pedal"),
    ("リクルート", "the word recruit"),
    ("フリー", "the word free"),
    ("ズーム", "the camera zoom"),
    ("ウェイブ", "the word wave"),
    ("マーベル", "Marvel comics"),
    ("プールサイド", "the word poolside"),
    ("ライトブルー", "the colour"),
    ("カラクリ", "the word for a mechanism"),
    ("イニシャル", "the word initial"),
    ("エコノミスト", "the profession"),
    ("チューリング", "the mathematician (チューリングテスト, チューリング賞)"),
    ("Turing", "the mathematician"),
    ("ガウディ", "the architect"),
    ("Benchmark", "the word for a model evaluation"),
    ("Writer", "the English word"),
    ("Thrive", "the English verb"),
    ("Reliance", "the English word"),
    ("Matrix", "the English word"),
    ("Factorial", "the mathematical word"),
    ("ASCII", "the character set"),
    ("Atlas", "a common name; OpenAI's browser is ChatGPT Atlas"),
    ("Apollo", "the space programme and an asset manager"),
    ("ATOM", "the English word; also an Intel processor"),
    ("A.", "the answer marker of a Q&A"),
    ("TEL", "the telephone-number label"),
    ("CNN", "a convolutional neural network in AI articles"),
    ("SBI", "matches in SBIR, the small-business research grant"),
    ("JIC", "matches in JICA"),
    ("地平線", "the Japanese word horizon"),
    ("毎日新聞", "hides in 毎日新聞を読む"),
    ("伊藤忠", "begins given names (伊藤忠雄)"),
    ("野村", "a family name"),
    ("本田", "a family name"),
    ("Jasper", "a given name"),
)


@pytest.mark.parametrize(("form", "reason"), FORBIDDEN_FORMS)
def test_everyday_word_is_not_a_form(form, reason):
    assert maker_of(form) == [], reason


# (canonical name, country, parent, kind)
REQUIRED_COMPANIES = (
    ("OpenAI", "US", "", "company"),
    ("Anthropic", "US", "", "company"),
    ("Alphabet", "US", "", "company"),
    ("Google", "US", "Alphabet", "company"),
    ("Google DeepMind", "GB", "Alphabet", "company"),
    ("Meta", "US", "", "company"),
    ("Microsoft", "US", "", "company"),
    ("Amazon", "US", "", "company"),
    ("Apple", "US", "", "company"),
    ("NVIDIA", "US", "", "company"),
    ("AMD", "US", "", "company"),
    ("Intel", "US", "", "company"),
    ("xAI", "US", "", "company"),
    ("Tesla", "US", "", "company"),
    ("SpaceX", "US", "", "company"),
    ("X Corp", "US", "xAI", "company"),
    ("IBM", "US", "", "company"),
    ("Oracle", "US", "", "company"),
    ("Salesforce", "US", "", "company"),
    ("Adobe", "US", "", "company"),
    ("Perplexity", "US", "", "company"),
    ("Scale AI", "US", "", "company"),
    ("Databricks", "US", "", "company"),
    ("Snowflake", "US", "", "company"),
    ("Hugging Face", "US", "", "company"),
    ("Character.AI", "US", "", "company"),
    ("Inflection AI", "US", "", "company"),
    ("Cohere", "CA", "", "company"),
    ("Stability AI", "GB", "", "company"),
    ("Midjourney", "US", "", "company"),
    ("Runway", "US", "", "company"),
    ("Palantir", "US", "", "company"),
    ("CoreWeave", "US", "", "company"),
    ("Netflix", "US", "", "company"),
    ("Airbnb", "US", "", "company"),
    ("PayPal", "US", "", "company"),
    ("Qualcomm", "US", "", "company"),
    ("Broadcom", "US", "", "company"),
    ("TSMC", "TW", "", "company"),
    ("Samsung", "KR", "", "company"),
    ("SK hynix", "KR", "", "company"),
    ("Naver", "KR", "", "company"),
    ("LG", "KR", "", "company"),
    ("Kakao", "KR", "", "company"),
    ("Baidu", "CN", "", "company"),
    ("Alibaba", "CN", "", "company"),
    ("Tencent", "CN", "", "company"),
    ("ByteDance", "CN", "", "company"),
    ("Huawei", "CN", "", "company"),
    ("iFLYTEK", "CN", "", "company"),
    ("SenseTime", "CN", "", "company"),
    ("Zhipu AI", "CN", "", "company"),
    ("Baichuan", "CN", "", "company"),
    ("Moonshot AI", "CN", "", "company"),
    ("MiniMax", "CN", "", "company"),
    ("01.AI", "CN", "", "company"),
    ("DeepSeek", "CN", "", "company"),
    ("StepFun", "CN", "", "company"),
    ("Meituan", "CN", "", "company"),
    ("JD.com", "CN", "", "company"),
    ("Xiaomi", "CN", "", "company"),
    ("Kuaishou", "CN", "", "company"),
    ("PDD Holdings", "CN", "", "company"),
    ("NetEase", "CN", "", "company"),
    ("Kunlun Tech", "CN", "", "company"),
    ("Qihoo 360", "CN", "", "company"),
    ("Cambricon", "CN", "", "company"),
    ("Moore Threads", "CN", "", "company"),
    ("Hygon", "CN", "", "company"),
    ("BAAI", "CN", "", "institute"),
    ("Unitree", "CN", "", "company"),
    ("iQIYI", "CN", "", "company"),
    ("SoftBank Group", "JP", "", "company"),
    ("SoftBank", "JP", "SoftBank Group", "company"),
    ("NTT", "JP", "", "company"),
    ("NTT Data", "JP", "NTT", "company"),
    ("KDDI", "JP", "", "company"),
    ("Preferred Networks", "JP", "", "company"),
    ("Sakana AI", "JP", "", "company"),
    ("ELYZA", "JP", "KDDI", "company"),
    ("rinna", "JP", "", "company"),
    ("ABEJA", "JP", "", "company"),
    ("PKSHA Technology", "JP", "", "company"),
    ("LY Corporation", "JP", "", "company"),
    ("Rakuten", "JP", "", "company"),
    ("Fujitsu", "JP", "", "company"),
    ("NEC", "JP", "", "company"),
    ("Hitachi", "JP", "", "company"),
    ("Sony", "JP", "", "company"),
    ("Toyota", "JP", "", "company"),
    ("CyberAgent", "JP", "", "company"),
    ("Stockmark", "JP", "", "company"),
    ("Sakura Internet", "JP", "", "company"),
    ("GMO Internet Group", "JP", "", "company"),
    ("Headwaters", "JP", "", "company"),
    ("User Local", "JP", "", "company"),
    ("LayerX", "JP", "", "company"),
    ("SB OpenAI Japan", "JP", "", "company"),
    ("Mistral AI", "FR", "", "company"),
    ("Aleph Alpha", "DE", "", "company"),
    ("DeepL", "DE", "", "company"),
    ("SAP", "DE", "", "company"),
    ("ASML", "NL", "", "company"),
    ("Arm", "GB", "SoftBank Group", "company"),
    ("Siemens", "DE", "", "company"),
    ("Helsing", "DE", "", "company"),
    ("Black Forest Labs", "DE", "", "company"),
    ("TII", "AE", "", "institute"),
    ("G42", "AE", "", "company"),
    ("MGX", "AE", "", "company"),
    ("Humain", "SA", "", "company"),
    ("AI21 Labs", "IL", "", "company"),
    ("Manus", "SG", "Meta", "company"),
    ("Gate", "ZZ", "", "media"),
    ("note", "JP", "", "media"),
    ("Forbes", "US", "", "media"),
    ("Bloomberg", "US", "", "media"),
    ("Reuters", "GB", "", "media"),
    ("Nikkei", "JP", "", "media"),
    ("Huxiu", "CN", "", "media"),
    ("Pinecone Finance", "CN", "", "media"),
    ("Similarweb", "IL", "", "data_provider"),
    ("CB Insights", "US", "", "data_provider"),
    ("QuestMobile", "CN", "", "data_provider"),
    ("IDC", "US", "", "data_provider"),
    ("Gartner", "US", "", "data_provider"),
    ("CCID", "CN", "", "data_provider"),
    ("PitchBook", "US", "", "data_provider"),
    ("Crunchbase", "US", "", "data_provider"),
    ("Sensor Tower", "US", "", "data_provider"),
    ("data.ai", "US", "", "data_provider"),
    ("GitHub", "US", "Microsoft", "company"),
    ("Samsung Next", "US", "Samsung", "company"),
    ("Rebellions", "KR", "", "company"),
    ("Upstage", "KR", "", "company"),
    ("ElevenLabs", "GB", "", "company"),
    ("Deutsche Telekom", "DE", "", "company"),
    ("Bosch", "DE", "", "company"),
    ("Schwarz Group", "DE", "", "company"),
    ("Core42", "AE", "G42", "company"),
    ("Jio Platforms", "IN", "Reliance Industries", "company"),
    ("TCS", "IN", "Tata Group", "company"),
    ("Mobileye", "IL", "Intel", "company"),
    # investors
    ("Sequoia Capital", "US", "", "company"),
    ("Andreessen Horowitz", "US", "", "company"),
    ("Thrive Capital", "US", "", "company"),
    ("ICONIQ", "US", "", "company"),
    ("Fidelity", "US", "", "company"),
    ("M12", "US", "Microsoft", "company"),
    ("NVentures", "US", "NVIDIA", "company"),
    ("GV", "US", "Alphabet", "company"),
    ("Salesforce Ventures", "US", "Salesforce", "company"),
    ("Intel Capital", "US", "Intel", "company"),
    ("SoftBank Vision Fund", "GB", "SoftBank Group", "company"),
    ("Temasek", "SG", "", "company"),
    ("GIC", "SG", "", "company"),
    ("Mubadala", "AE", "", "company"),
    ("PIF", "SA", "", "company"),
    ("QIA", "QA", "", "company"),
    ("HongShan", "CN", "", "company"),
    ("Hillhouse", "CN", "", "company"),
    ("Global Brain", "JP", "", "company"),
    ("JAFCO Group", "JP", "", "company"),
    ("MUFG", "JP", "", "company"),
    ("Mitsubishi UFJ Capital", "JP", "MUFG", "company"),
    ("SMBC", "JP", "Sumitomo Mitsui Financial Group", "company"),
    ("Mizuho Capital", "JP", "Mizuho Financial Group", "company"),
    ("NTT Docomo Ventures", "JP", "NTT Docomo", "company"),
    ("KDDI Open Innovation Fund", "JP", "KDDI", "company"),
    ("SBI Investment", "JP", "SBI Holdings", "company"),
    # media and data providers
    ("The Information", "US", "", "media"),
    ("Wall Street Journal", "US", "", "media"),
    ("Nikkei xTECH", "JP", "Nikkei", "media"),
    ("Caixin", "CN", "", "media"),
    ("INITIAL", "JP", "", "data_provider"),
    ("Teikoku Databank", "JP", "", "data_provider"),
    ("Tokyo Shoko Research", "JP", "", "data_provider"),
    ("Appfigures", "US", "", "data_provider"),
    ("Ookla", "US", "", "data_provider"),
)


@pytest.mark.parametrize(("name", "country", "parent", "kind"), REQUIRED_COMPANIES)
def test_required_organisation_is_listed_with_its_country_parent_and_kind(name, country, parent, kind):
    company = COMPANY_BY_NAME[name]
    assert (company["country"], company["parent"], company["kind"]) == (country, parent, kind)


# ───────────────────────── themes.toml ─────────────────────────

REQUIRED_THEMES = (
    ("funding", "資金調達・投資"),
    ("earnings", "決算・収益"),
    ("traffic", "利用者・トラフィック"),
    ("open_source", "オープンソースモデル"),
    ("china_ai", "中国のAI企業"),
    ("chips_infra", "半導体・インフラ"),
    ("apps_agents", "生成AIアプリ・エージェント"),
    ("regulation_safety", "規制・安全・倫理"),
)

ALL_PATTERNS = [(theme["id"], pattern) for theme in THEMES for pattern in theme.get("patterns", [])]

# Words that occur in almost any article of the corpus; as a keyword they would tag everything.
GENERIC_WORDS = ("AI", "生成AI", "企業", "市場", "技術", "モデル", "データ", "サービス", "アプリ", "登録", "投資", "シェア", "中国")


def theme_matches(theme: dict, text: str) -> bool:
    """The documented rule: a keyword as a substring (any case), or a pattern as written."""
    folded = text.casefold()
    if any(keyword.casefold() in folded for keyword in theme["keywords"]):
        return True
    return any(re.search(pattern, text) for pattern in theme.get("patterns", []))


def test_theme_ids_are_unique():
    ids = [theme["id"] for theme in THEMES]
    assert len(ids) == len(set(ids))


def test_theme_labels_are_unique():
    labels = [theme["label"] for theme in THEMES]
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize(("theme_id", "label"), REQUIRED_THEMES)
def test_required_theme_is_present_with_its_label(theme_id, label):
    assert THEME_BY_ID[theme_id]["label"] == label


def test_there_are_at_least_two_themes_beyond_the_required_ones():
    assert len(THEMES) >= len(REQUIRED_THEMES) + 2


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme["id"])
def test_theme_has_only_documented_keys_of_the_right_types(theme):
    assert THEME_REQUIRED_KEYS <= set(theme) <= THEME_KEYS
    assert SNAKE_CASE.fullmatch(theme["id"])
    assert not theme["label"].isascii()
    for key in ("keywords", "patterns", "companies", "company_countries"):
        values = theme.get(key, [])
        assert isinstance(values, list) and all(isinstance(value, str) and value for value in values)
    weight = theme.get("weight", 1.0)
    assert isinstance(weight, (int, float)) and weight > 0


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme["id"])
def test_theme_has_15_to_40_keywords(theme):
    assert 15 <= len(theme["keywords"]) <= 40


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme["id"])
def test_no_keyword_contains_another_keyword_of_its_theme(theme):
    folded = [keyword.casefold() for keyword in theme["keywords"]]
    overlaps = [(a, b) for a in folded for b in folded if a != b and a in b]
    assert len(folded) == len(set(folded))
    assert overlaps == []


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme["id"])
def test_no_keyword_is_a_generic_word(theme):
    generic = {word.casefold() for word in GENERIC_WORDS}
    assert [keyword for keyword in theme["keywords"] if keyword.casefold() in generic] == []


@pytest.mark.parametrize(("theme_id", "pattern"), ALL_PATTERNS)
def test_pattern_compiles(theme_id, pattern):
    re.compile(pattern)


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme["id"])
def test_theme_companies_are_canonical_names(theme):
    assert [name for name in theme.get("companies", []) if name not in COMPANY_BY_NAME] == []


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme["id"])
def test_theme_countries_are_codes_used_by_the_gazetteer(theme):
    used = {company["country"] for company in COMPANIES}
    for code in theme.get("company_countries", []):
        assert COUNTRY_CODE.fullmatch(code) and code in used


def test_china_theme_is_triggered_by_chinese_companies():
    theme = THEME_BY_ID["china_ai"]
    assert theme["company_countries"] == ["CN"]
    assert {"国産大規模モデル", "百模戦争"} <= set(theme["keywords"])


# (sentence, theme it is about)
THEME_SENTENCES = (
    ("Zhipu AIは今年合計25億元の資金調達を受けた", "funding"),
    ("同社はシリーズBラウンドで1億ドルを調達した", "funding"),
    ("OpenAIは66億ドルを調達した", "funding"),
    ("2023年通期の総収入は1,136億ドルでした", "earnings"),
    ("ARRは1億2500万ドルに達した", "earnings"),
    ("ユーザー数は依然として前月比3%減少しました", "traffic"),
    ("ChatGPTのMAUは1億人を超えた", "traffic"),
    ("Llamaはそのオープンソースの特性から開発者に人気がある", "open_source"),
    ("国産大規模モデルが次々とリリースされた", "china_ai"),
    ("AI業界の「百模戦争」が続いている", "china_ai"),
    ("チップが足りず、GPUの確保が難しい", "chips_infra"),
    ("5nmプロセスの先端品", "chips_infra"),
    ("AIエージェントがタスクを自分で実行する", "apps_agents"),
    ("RAGと組み合わせたり、APIを呼び出したり", "apps_agents"),
    ("大型モデル11機種が正式に登録を通過した", "regulation_safety"),
    ("ユーザーのプライバシーを侵害する可能性があります", "regulation_safety"),
    ("トップ人材はMetaに集まる可能性が高い", "talent_research"),
    ("市場シェアをめぐる争いが激しくなった", "competition"),
    ("小売や製造の企業にコスト削減と効率の向上を提供する", "enterprise"),
    ("To B企業はBサイドの需要を重視する", "enterprise"),
    ("人型ロボットの量産が始まった", "robotics"),
)


@pytest.mark.parametrize(("sentence", "theme_id"), THEME_SENTENCES)
def test_sentence_on_a_theme_matches_it(sentence, theme_id):
    assert theme_matches(THEME_BY_ID[theme_id], sentence)


# Page furniture and everyday sentences that must not tag an article with any theme.
NEUTRAL_SENTENCES = (
    "Gateアプリをダウンロードするにはスキャンしてください",
    "今日はこれ以上表示しない",
    "詳細については免責事項をご覧ください。",
    "会員登録するとコメントを投稿できます。",
    "このページには第三者のコンテンツが含まれている場合があります",
    "彼は昨日、友人と昼食をとった。",
    "ChatGPT の冷却化の背後にあるもの",
    "The storage array was basic, and the arrow pointed to the daughter's tripod.",
)


@pytest.mark.parametrize("sentence", NEUTRAL_SENTENCES)
def test_neutral_sentence_matches_no_theme(sentence):
    assert [theme["id"] for theme in THEMES if theme_matches(theme, sentence)] == []


# ───────────────────────── stopwords.txt ─────────────────────────

DOMAIN_TERMS = ("AI", "生成AI", "OpenAI", "モデル", "GPU", "大規模モデル", "ChatGPT", "LLM")
REQUIRED_STOPWORDS = ("こと", "もの", "ため", "場合", "今後", "コメント", "免責事項", "ダウンロード", "億", "ドル", "%", "the", "of")


def test_stopword_count_is_between_150_and_300():
    assert 150 <= len(STOPWORDS) <= 300


def test_stopwords_have_no_duplicates():
    folded = [word.casefold() for word in STOPWORDS]
    assert sorted(word for word in set(folded) if folded.count(word) > 1) == []


def test_stopwords_are_single_words():
    assert [word for word in STOPWORDS if any(char.isspace() for char in word)] == []


@pytest.mark.parametrize("term", DOMAIN_TERMS)
def test_domain_term_is_not_a_stopword(term):
    assert term.casefold() not in {word.casefold() for word in STOPWORDS}


@pytest.mark.parametrize("word", REQUIRED_STOPWORDS)
def test_common_filler_is_a_stopword(word):
    assert word in STOPWORDS


def test_no_stopword_is_a_theme_keyword_or_company_form():
    stop = {word.casefold() for word in STOPWORDS}
    keywords = {keyword.casefold() for theme in THEMES for keyword in theme["keywords"]}
    forms = {form.casefold() for company in COMPANIES for form in surface_forms(company)}
    assert sorted(stop & (keywords | forms)) == []
