"""Sentences -> figure rows: frame, metric, company, value, unit, period, change, evidence.

How a number becomes a figure (the words involved live in data/metrics.toml):
1. Quantities come from `numbers.find_quantities`; dates, durations, ordinals (5社目), sizes of ranked lists
   (トップ50), multiples, numbers inside product names (Office 365), exchange rates (1ドル=150円), conversions
   of the amount before (（約4億ドル）, ＝日本円でおよそ…円, 85億ドル＝1兆3237億円), thresholds and size-bucket labels
   (10億ドル以上の企業, 5〜10億円未満は176社) are dropped; so is every number of a line whose table cells ran together.
2. Each quantity is governed by a metric keyword: one right after it ("25億元の資金調達", "1,000社以上の
   顧客"), else the nearest before it since the previous quantity ("売上高は100億円"; of keywords listed as
   moving jointly, "売上高・ブッキングともに", the first of a frame), else one at the end of the noun phrase after
   it, else the topic of the sentence ("市場別売上高を見ると、「A」が…", "ユーザーの数ですが、…", "売上高を事業部門別に
   見ると、…", "ユーザー数を伸ばし、…"), else the previous quantity's metric (a
   coordinated list "5月に10%、6月に15%"); a number of none in a sentence that goes on from the one before (同社,
   an earlier value 前年値(…), a named item set against the last 一方、「B」は…, the next item of a ranking 続いてBが…,
   2位は…, …で3位) is of the metric the text was on — a count only when its counter is that metric's; one whose
   sentence's topic is a part of the company ("その他事業は17.6%増の…") is of the segment metric of the last metric
   named that is broken down by segment (売上高).
3. Money and counts become levels of that metric when it takes them; a percentage becomes a change
   (its own direction, a change marker such as 前年比, or the direction word that closes its list) or a
   share (割合, 占め); a change stated with a level is folded into that level's row.
4. The subject — which company the number is about — is loaders/subjects.py's; its per-article context
   (headings, intros, the sentence before, 同社) travels in `ArticleState.subjects`.
5. The status (actual, forecast, target, consensus, in talks) is loaders/status.py's; a figure whose own
   sentence names a calendar period that begins after the article's date has not happened yet: a forecast.
6. The period is the nearest one named before the number, else the heading's or intro's over a list.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from loaders.cleaning import CleanArticle
from loaders.companies import Mention
from loaders.metrics import Keyword, Lexicon, MetricRule
from loaders.numbers import Quantity, find_quantities, number_words
from loaders.parallel import ParallelNames, assign_respectively, parallel_names
from loaders.periods import Context, FiscalYear, PeriodMention, find_periods, starts_after
from loaders.status import ACTUAL, clause_spans, figure_statuses, heading_status

FORECAST = "forecast"
PLANNED = ("forecast", "target")  # the statuses of a clause that speaks of what is yet to come
from loaders.subjects import (
    BRACKETED,
    NOUN_PHRASE_END,
    NOUN_PHRASE_MAX,
    SubjectContext,
    opens_on_a_part,
    resolve_same_company,
    subject_of,
    topic_company,
)
from loaders.text import HALF_WIDTH, url_spans

# An attributive word between a number's の and its noun ("の新たな資金調達", "の大規模な投資").
ATTRIBUTIVE = re.compile(r"[\u4e00-\u9fff]{1,4}[\u3041-\u309f]?な(?=[\u4e00-\u9fff\u30a0-\u30ffA-Za-z])")
# How far before a number a keyword may stand and still govern it ("ユーザー数は 100 万人").
LEFT_REACH = {"money": 40, "number": 25}
SECURITIES_CODE = re.compile(r"[（(](?:東証[^)）:：]{0,8}[:：]?\s?)?[0-9]{3}[0-9A-Z][)）]")
SAME_BASIS_CHANGE = re.compile(r"[0-9][0-9.,]{0,12}%")
BARE_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
LATIN_WORD_BEFORE = re.compile(r"[A-Za-z]{2} $")  # a word of two letters or more, then a space
PREVIOUS_VALUE = re.compile(r"(従来|当初|前回|従来予想|期初)の?$")
VERB_REACH = 10  # "を国内に投じる": how far after を a verb keyword may stand
LIST_GAP = 15  # at most this much text between two amounts of one list
CHANGE_MARKER_WINDOW = 15
EVENT_CLAUSE = 30  # characters after a period searched for an event word, up to the clause end
CARRIED_COUNT_MINIMUM = 1000
LIST_ANNOUNCED = ("：", ":", "通り", "とおり")
SHARE_MARKER_WINDOW = 12
KANJI = re.compile(r"[\u4e00-\u9fff々]")
RANK_REACH = 6  # how far before a count a list-size word (トップ, 上位) may stand
CLASS_GLOSS_REACH = 16  # "ユニコーン（企業価値": how far before an amount the bracket after a class may open
# the noun a number counts before a per-unit word ("1ユーザーあたり", "1アカウント当たり"): a short word
PER_UNIT_NOUN = re.compile(r"[ァ-ヺー一-龥A-Za-z]{1,8}")
PER_UNIT_REACH = 5  # "あたりの" before a keyword
CONCESSIVE_REACH = 20  # how far after a keyword a concessive word (にもかかわらず) may close its clause
QUOTED = re.compile(r"「[^「」]{1,20}」")
QUOTED_NAME = re.compile(r"「[^「」]{1,40}」")  # a quoted name of a segment or a product
BRACKET_OPENERS = ("（", "(")
BRACKET_CLOSERS = ("）", ")")
CONVERSION_ASIDE_MAX = 30  # the words of an exchange-rate aside before the converted amount
# a named item closed by a bracket or a quote, the topic of an amount a few characters on ("…等）は1.4億ドル")
ITEM_TOPIC = re.compile(r"[)）」][はが][^0-9、。]{0,4}[0-9]")
CONTRAST_REACH = 80
RUN_TOGETHER_PAIRS = 2  # prose never sets two numbers side by side twice in one sentence ("16.30万+62%" is once)
EARLIER_VALUE_GLUE = ("（", "(", "の", "は")  # 前年値(7793億円), 前年値の7793億円, 前年値は7793億円
# a short noun tail between a keyword and its topic particle ("ユーザーの数ですが、", "売上高の推移は、")
TOPIC_TAIL = re.compile(r"の[\u4e00-\u9fff\u30a0-\u30ff]{1,3}")
TOPIC_OBJECT_REACH = 12  # how far after "Xを" a verb may stand that makes X the topic ("を事業部門別に見ると、")
RATE_AMOUNT_MAX = 10000  # an exchange rate states one unit of a currency, or a hundred ("100円=0.67ドル")
# a numeral right before a rank counter ("2位", "第3位", "十位"); the counter ends the match
RANK_NUMERAL = re.compile(r"(?:[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})$")
RANK_NUMERAL_MAX = 3
EARLIER_VALUE_REACH = 20
LABEL_GLUE = " :："  # what may stand between a label and its value ("純利益 196億ドル", "純利益:196億ドル")
SEGMENT_WORD_REACH = 8
TOPIC_MARK = re.compile(r"[はが]")
CALENDAR_QUARTER = re.compile(r"(\d{4})Q([1-4])")  # "事業別の売上高は、": how far before a keyword the segment word may stand
CHANGE_OF_LEVEL_GLUE = ("の", "の約", "の約 ", "の ")  # "7%減の312億元": a change right before the level it describes  # how far after 前年値の / 前年値は its value may stand


@dataclass
class Candidate:
    """A number of a sentence on its way to becoming a row."""

    quantity: Quantity
    rule: MetricRule | None
    role: str  # level | change | share | ""
    direction: int
    keyword: Keyword | None  # the keyword that governs the number in its own sentence, if any
    phrase_end: int | None = None  # end of the noun phrase after the number, when its keyword is not adjacent
    company: str = ""
    period: str = ""
    change_pct: float | None = None
    absorbed: bool = False  # a change folded into a level
    status: str = ACTUAL  # actual | forecast | target | consensus | in_talks (loaders/status.py)

    @property
    def own_keyword(self) -> bool:
        return self.keyword is not None

    @property
    def keyword_start(self) -> int:
        return self.keyword.start if self.keyword is not None else -1

    @property
    def frame(self) -> str:
        if self.rule is None:
            return ""
        if self.role == "level":
            return self.rule.frame
        if self.role == "change":
            return self.rule.change_frame if self.rule.change_metric else ""
        if self.role == "share":
            return self.rule.frame if self.rule.share_metric else ""
        return ""

    @property
    def metric(self) -> str:
        if self.rule is None:
            return ""
        return {"level": self.rule.id, "change": self.rule.change_id,
                "share": self.rule.share_id}.get(self.role, self.rule.id)

    @property
    def value(self) -> float:
        if self.role == "change":
            return abs(self.quantity.value) * (self.direction or 1)
        return self.quantity.value

    @property
    def unit(self) -> str:
        if self.quantity.kind == "money":
            return self.quantity.unit
        return "%" if self.quantity.kind == "percent" else "count"


@dataclass
class ArticleState:
    """What the sentences read so far say about the metric and period of the next ones (their subject: `subjects`)."""

    subjects: SubjectContext = field(default_factory=SubjectContext)
    list_period: PeriodMention | None = None
    last_period: PeriodMention | None = None  # the period named last: figures that name none are of it
    # the period named last outside a plan or forecast ("2026年度は…増益を目指す"): actual figures are of it
    last_actual_period: PeriodMention | None = None
    period_context: Context = field(default_factory=Context)  # the year named last, for a month or quarter alone
    list_rule: MetricRule | None = None  # the metric a list intro or heading names for the lines under it
    heading_rule: MetricRule | None = None  # the heading's: lines under it keep it past comments between
    last_rule: MetricRule | None = None
    # the segment metric of the last metric named that is broken down by segment ("売上高" -> segment revenue): a
    # part of the company as a sentence's topic ("その他事業は17.6%増の…") states it, whatever was named since (投資)
    last_segmented_rule: MetricRule | None = None
    # the metric the sentence before names without stating a figure of it ("企業評価額の伸びが著しい。"):
    # a number of no metric in the next sentence is one of it ("最新の評価は1,800億ドル")
    pending_rule: MetricRule | None = None
    # the segment metric of a metric the paragraph viewed by segment ("売上高を事業会社別に見ると、…"): the later
    # sentences of the paragraph that name no metric of their own ("B集団は3%増の280億元だった。") state it
    view_rule: MetricRule | None = None
    list_status: str = ACTUAL  # the status a heading or intro gives the list lines under it ("通期見通し")
    # the status a sentence announces without stating its figures ("…の業績予想についても発表。"): the next
    # sentence's figures that name no period of their own are of it
    announced_status: str = ACTUAL
    last_candidate: Candidate | None = None
    last_paragraph: int = -1
    previous_counter_rules: dict[str, MetricRule] = field(default_factory=dict)  # counter -> metric, sentence before
    # names listed before それぞれ in the sentence before, which stated no figure after them (loaders/parallel.py)
    pending_names: ParallelNames | None = None


def _is_figure_quantity(q: Quantity, sentence: str, mentions: list[Mention], lexicon: Lexicon) -> bool:
    if q.kind == "number" and q.counter in number_words().not_figure_counters:
        return False
    if any(m.start < q.end and q.start < m.end for m in mentions):
        return False  # a number inside a product or company name (Office 365, Qihoo 360)
    before = sentence[max(0, q.start - 1):q.start]
    if q.kind == "number" and before and (before.isascii() and before.isalpha() or before in "-.vV"):
        return False  # a version or model size (V1.5, GPT-4)
    if before and before in "/／" or sentence[q.end:q.end + 1] in ("/", "／"):
        return False  # a fraction (1/4)
    if sentence[q.end:q.end + 1] == "桁":
        return False  # 2桁成長: digits, not a count
    if q.kind == "number" and not q.counter and LATIN_WORD_BEFORE.search(sentence, max(0, q.start - 3), q.start):
        return False  # part of a name: Fortune 500, Llama 3, Office 365
    if before and before in "※#＃":
        return False  # a footnote mark (※1) or an issue number (#48)
    if q.kind == "number" and SECURITIES_CODE.match(sentence, max(0, q.start - 1)):
        return False  # a stock code: ユーザーローカル(3984)
    if PREVIOUS_VALUE.search(sentence[max(0, q.start - 6):q.start]) and sentence.startswith("から", q.end):
        return False  # 従来の約70億円から約100億円に: the figure is the new value
    if ((before and before in "=＝") or sentence[q.end:q.end + 1] in ("=", "＝")) \
            and not _restated_after(q, sentence, lexicon):
        return False  # an exchange rate (1ドル=150円換算): neither side is a figure
    if q.kind == "number" and not q.counter and BARE_YEAR.fullmatch(q.surface):
        return False  # a year whose 年 the text lost or left out ("…を示すが、2025")
    return True


def _is_per_unit(q: Quantity, sentence: str, lexicon: Lexicon) -> bool:
    """"1ユーザーあたりの月間訪問数", "訪問者1人当たり": the unit a measure is stated per, no figure; so is a tolerance
    ("約31億ドル(±2%)")."""
    if sentence[:q.start].endswith(tuple(lexicon.markers["tolerance"])):
        return True
    if q.kind == "percent":
        return False
    noun = PER_UNIT_NOUN.match(sentence, q.end)
    unit = noun.group() if noun else q.counter
    return lexicon.starts_with_marker("per_unit", sentence, noun.end() if noun else q.end) \
        and unit not in lexicon.markers["per_time"]


def _names_per_unit(sentence: str, keyword: Keyword, lexicon: Lexicon) -> bool:
    """"1人あたりのセッション数", "1社当たり売上高": the keyword names a measure per unit, of no frame."""
    before = sentence[max(0, keyword.start - PER_UNIT_REACH):keyword.start]
    before = before[:-1] if before.endswith("の") else before
    word = next((w for w in lexicon.markers["per_unit"] if before.endswith(w)), None)
    # "1日当たりのアクティブユーザー": a rate per time is a figure of the metric
    return word is not None and not before[:-len(word)].endswith(tuple(lexicon.markers["per_time"]))


def _is_rank(q: Quantity, sentence: str, lexicon: Lexicon) -> bool:
    """An ordinal ("5社目", "3番目") or the size of a ranked list ("トップ50", "上位10社"): a count, no figure."""
    if q.kind != "number":
        return False
    for word in lexicon.markers["ordinal"]:
        # 目 closes the word ("5社目の"), it does not start another ("3,000社目前", "100万人目標")
        if sentence.startswith(word, q.end) and not KANJI.match(sentence, q.end + len(word)):
            return True
    before = sentence[max(0, q.start - RANK_REACH):q.start].rstrip()
    return before.endswith(lexicon.markers["list_size"])


def _heads_concession(sentence: str, keyword: Keyword, lexicon: Lexicon) -> bool:
    """Whether a concessive word closes the keyword's clause before any number ("強力な売上高にもかかわらず、")."""
    clause = re.split(r"[、。,，0-9０-９]", sentence[keyword.end:keyword.end + CONCESSIVE_REACH], maxsplit=1)[0]
    return lexicon.has_marker("concessive", clause)


def _is_one_of(q: Quantity, sentence: str, lexicon: Lexicon) -> bool:
    """"開発者の一人", "主要顧客の1社": one of a group, no count."""
    return q.kind == "number" and q.value == 1 and sentence[:q.start].endswith(lexicon.markers["one_of"])


def _is_threshold(q: Quantity, sentence: str, lexicon: Lexicon) -> bool:
    """"評価額10億ドル以上の未上場企業", "5〜10億円未満は176社": a bound that defines a class of companies or deals
    (or a bucket of a size distribution), no figure."""
    if q.kind != "money":
        return False  # a count bound ("従業員500人以上の企業") still names its metric for what follows
    if _defines_a_class(q, sentence, lexicon):
        return True
    thresholds = lexicon.markers["threshold"]
    at = q.end
    if not q.surface.endswith(thresholds):
        word = next((w for w in thresholds if sentence.startswith(w, at)), None)
        if word is None:
            return False
        at += len(word)
    if sentence.startswith(lexicon.markers["bucket_particle"], at) or sentence[at:at + 1].isdigit():
        return True  # the label of a size bucket: "5〜10億円未満は176社", "10百万円未満が448社", "…未満1,680社"
    at += 1 if sentence.startswith(("の", "る"), at) else 0  # 以上の企業, を超える企業 (attributive る)
    end_match = NOUN_PHRASE_END.search(sentence, at)
    phrase = sentence[at:end_match.start() if end_match else len(sentence)]
    if not phrase or len(phrase) > NOUN_PHRASE_MAX or lexicon.keywords_in(phrase):
        return False
    return phrase.endswith(lexicon.markers["threshold_class"])


def _defines_a_class(q: Quantity, sentence: str, lexicon: Lexicon) -> bool:
    """"ユニコーン(企業価値10億ドル=約1500億円)": an amount in a bracket opened right after a class of companies
    (a `threshold_class` word) defines that class, no figure."""
    start = max(0, q.start - CLASS_GLOSS_REACH)
    window = sentence[start:q.start]
    opened = max(window.rfind("（"), window.rfind("("))
    if opened < 0 or any(c in window[opened:] for c in "）)0123456789０１２３４５６７８９"):
        return False
    return sentence[:start + opened].endswith(tuple(lexicon.markers["threshold_class"]))


def _restated_after(q: Quantity, sentence: str, lexicon: Lexicon) -> bool:
    """"598億ドル＝日本円でおよそ9兆円": an amount the equals sign leads to its conversion, no exchange rate
    (1ドル＝150円: a rate states one unit of a currency)."""
    if q.kind != "money" or q.value == 1 or sentence[q.end:q.end + 1] not in ("=", "＝"):
        return False
    if sentence.startswith(lexicon.markers["conversion_words"], q.end + 1):
        return True
    # "85億ドル＝1兆3237億円": an amount far above any a rate is stated for, restated by the amount after the sign
    return q.value >= RATE_AMOUNT_MAX and sentence[q.end + 1:q.end + 2].isdigit()


def _runs_cells_together(quantities: list[Quantity]) -> bool:
    """"16.30万+62%対日アクティブユーザー42.4万60.70万+43%…": a table whose cells ran together into one line (numbers
    that touch, again and again); which label a number belongs to cannot be told, so none is a figure."""
    touching = sum(1 for a, b in zip(quantities, quantities[1:]) if a.end == b.start)
    return touching >= RUN_TOGETHER_PAIRS


def _is_conversion(q: Quantity, previous: Quantity | None, sentence: str, lexicon: Lexicon) -> bool:
    """約600億円（約4億ドル）, …ドル＝日本円でおよそ…円: the amount restates the one before it in another currency."""
    if previous is None or q.kind != "money" or previous.kind != "money" or q.unit == previous.unit:
        return False
    between = sentence[previous.end:q.start].strip()
    opener = next((o for o in lexicon.markers["conversion_open"] if between.startswith(o)), None)
    if opener is None:
        return False
    words = between[len(opener):].strip()
    # a bracket alone sets off a conversion ("（4億ドル）"); a comma or an equals sign needs its words ("、日本円で")
    if words in lexicon.markers["conversion_words"] or (not words and opener in BRACKET_OPENERS):
        return True
    # an aside on the exchange rate that ends on the amount: "2億ドル（5月1日時点のレートで、およそ310億円）"
    return opener in BRACKET_OPENERS and sentence.startswith(BRACKET_CLOSERS, q.end) \
        and len(words) <= CONVERSION_ASIDE_MAX and lexicon.has_marker("conversion_hints", words)


def _right_keyword(sentence: str, q: Quantity, limit: int, keywords: list[Keyword],
                   lexicon: Lexicon) -> tuple[Keyword | None, bool]:
    """The head keyword of the noun phrase after the number, and whether that phrase starts with a keyword.

    A bracketed restatement is skipped ("二十九億ドル（約四千四百億円）を投資"), so are a space and an attributive
    word after the glue ("の Series D 資金調達", "の新たな資金調達", "という大型の資金調達", also after a degree
    adverb: "というかなり大型の資金調達"), and after を a verb
    a few characters on still counts ("80億ドルを国内に投じる").
    """
    start = q.end + len(sentence[q.end:limit]) - len(sentence[q.end:limit].lstrip())
    touching = [k for k in keywords if k.start == start and k.start < limit]
    if touching and start > q.end and not sentence[touching[0].end:limit].strip(LABEL_GLUE):
        # "売上766億ドル 純利益196億ドル": past a space, a keyword right before the next number is that number's label
        return None, False
    if touching and not sentence.startswith(("の", "を"), start):
        return touching[0], True  # a keyword that opens with its particle: "200億ドルで獲得", "52億ドルと評価"
    quoted = QUOTED.match(sentence, start)
    if quoted:
        # "200億ドル「非買収」": the quoted word names what the amount is
        inside = [k for k in keywords if quoted.start() < k.start and k.end < quoted.end()]
        if inside:
            return inside[0], True
    bracket = BRACKETED.match(sentence, start)
    if bracket and bracket.end() > limit:
        # "シリーズAで約3億円(株式価値は調達後で約10億円)": the next number stands in the bracket, its words are its own
        return None, False
    if bracket:
        # "5,000万ドル（シリーズB）": the bracket names what the amount is
        inside = [k for k in keywords if bracket.start() < k.start and k.end < bracket.end()]
        if inside:
            # it governs unless a topic before the number names the metric ("営業損失が約740億ドル（売上高の…）")
            return inside[0], False
        start = bracket.end()
    glue = lexicon.marker_at("right_glue", sentence, start)
    start += len(glue)
    if glue:
        start += len(sentence[start:limit]) - len(sentence[start:limit].lstrip())  # "の Series D 資金調達"
        adverb = next((a for a in lexicon.markers["degree_adverbs"] if sentence.startswith(a, start)), "")
        start += len(adverb)  # "というかなり大型の資金調達"
        attributive = ATTRIBUTIVE.match(sentence, start, limit)
        start = attributive.end() if attributive else start
    if glue in ("で", "での"):
        # "300億ドルでこのラウンドを主導": a noun a few characters on, unless a topic before names the metric;
        # after での any noun names it ("190億ドルでの WhatsApp 買収": a deal value)
        clause_end = min([sentence.find(p, start) for p in "、。" if p in sentence[start:]] + [limit])
        nouns = [k for k in keywords if start <= k.start < min(start + VERB_REACH, clause_end)
                 and (k.rule.frame or glue == "での")]
        return (nouns[0], False) if nouns else (None, False)
    end_match = NOUN_PHRASE_END.search(sentence, start, limit)
    end = end_match.start() if end_match else limit
    if end - start > NOUN_PHRASE_MAX:
        return None, False
    # a keyword may run past the phrase end when it starts inside it (投じ|る, 調達|した)
    inside = [k for k in keywords if start <= k.start < max(end, start + 1) and k.start < limit]
    if inside and not glue and sentence.startswith(("は", "が"), inside[-1].end):
        # "…423億ドル（約6兆円）最終利益は…": the noun after a bracket is the topic of a new clause
        inside = []
    if inside:
        return inside[-1], inside[0].start == start
    if glue == "を":
        clause_end = min([sentence.find(p, start) for p in "、。" if p in sentence[start:]] + [limit])
        verbs = [k for k in keywords if start <= k.start < min(start + VERB_REACH, clause_end)]
        if verbs:
            return verbs[0], False
    return None, False


def _left_keyword(sentence: str, q: Quantity, window_start: int, keywords: list[Keyword],
                  lexicon: Lexicon) -> tuple[Keyword | None, bool]:
    """The keyword before the number that governs it, and whether it is the topic of the clause (売上高は,
    総収入:, 投資総額が, 売上高100億円) rather than a place or partner (データセンターに): the nearest topic
    within reach, else the nearest keyword within reach."""
    nearest = None
    # a word that names counts only (データセンター, 製品) is a label before an amount of money, not its metric
    takes = [k for k in keywords if q.kind != "money" or "money" in k.rule.units]
    for keyword in reversed([k for k in takes if window_start <= k.start and k.end <= q.start]):
        gap = sentence[keyword.end:q.start]
        if gap.startswith(lexicon.markers["predicate_copula"]):
            continue  # "主力市場である「A」は8億ドル": the keyword says what A is, not what the number measures
        if len(gap) > LEFT_REACH["money" if q.kind == "money" else "number"]:
            break
        if q.kind == "number" and "、" in gap.lstrip("はがもで").lstrip("、"):
            break
        rest = BRACKETED.sub("", gap, count=1).lstrip()
        if not rest or rest[0] in "はがも:：" or q.surface.startswith(rest):
            return _coordinated_head(sentence, keyword, keywords, lexicon), True
        nearest = nearest or keyword
    return (_coordinated_head(sentence, nearest, keywords, lexicon) if nearest else None), False


def _coordinated_head(sentence: str, keyword: Keyword, keywords: list[Keyword], lexicon: Lexicon) -> Keyword:
    """Of keywords listed together and said to move jointly ("売上高・ブッキングともに41%増"), the first of a frame: a
    number governed by the list is a figure of each of them, and of a frame when one of them has one. (Listed without
    a word that joins them, "売上高と営業利益はそれぞれ…", each number has a keyword of its own.)"""
    if keyword.rule.frame or not sentence.startswith(lexicon.markers["jointly"], keyword.end):
        return keyword
    current = keyword
    for other in reversed([k for k in keywords if k.end <= keyword.start]):
        if sentence[other.end:current.start] not in lexicon.markers["coordination"]:
            break
        if other.rule.frame:
            return other
        current = other
    return keyword


def _sentence_topic(sentence: str, q: Quantity, keywords: list[Keyword], lexicon: Lexicon) -> Keyword | None:
    """The topic keyword of the sentence ("事業別の売上高は、…A事業が4%減の188億元、…B事業が…") when no keyword
    stands between it and the number, however long the clauses between: it governs a number of none."""
    before = [k for k in keywords if k.end <= q.start]
    topic = next((k for k in reversed(before) if _topic_end(sentence, k, lexicon) is not None), None)
    if topic is None:
        return None
    topic_end = _topic_end(sentence, topic, lexicon)
    # the keywords after the topic may only name its parts ("…の売上高では、A部門が…、データセンター部門が…、
    # C部門が…": segments of the revenue the topic names); a word inside a quoted name is part of that name
    # ("「大規模データセンター」が…")
    parts = (topic.rule.id, topic.rule.segment_metric)
    quoted = [m.span() for m in QUOTED_NAME.finditer(sentence, topic.end, q.start)]
    others = [k for k in before if k.start >= topic.end and k.rule.id not in parts
              and not any(s <= k.start and k.end <= e for s, e in quoted)]
    if others or "。" in sentence[topic.end:q.start]:
        return None
    unit = "money" if q.kind == "money" else "count"
    if q.kind != "percent" and unit not in topic.rule.units:
        return None
    if topic.rule.segment_metric and lexicon.has_marker("segment", sentence[topic.end:topic_end]):
        # "売上高を事業部門別に見ると、A部門が…": the revenue of each segment
        return replace(topic, rule=lexicon.rules.get(topic.rule.segment_metric, topic.rule))
    return topic


def _bare_topic(sentence: str, q: Quantity, keywords: list[Keyword], before: list[Quantity]) -> Keyword | None:
    """"売上高は1〜3月期以降の増収トレンドを引き継ぎ、前年同期比10%増の1546億元を計上": a keyword of a frame marked as
    topic by は governs the first amount or count after it, however far, when a change describes it right before it
    ("10%増の") and no other keyword and no other amount or count stands between."""
    if q.kind == "percent":
        return None
    topic = next((k for k in reversed(keywords) if k.end <= q.start), None)
    if topic is None or not topic.rule.frame or not sentence.startswith("は", topic.end) \
            or ("money" if q.kind == "money" else "count") not in topic.rule.units:
        return None
    if "。" in sentence[topic.end:q.start] or any(p.start >= topic.end and p.kind != "percent" for p in before):
        return None
    # the amount is described by a change right before it ("10%増の1546億元"): a level of a growing metric
    change = before[-1] if before else None
    if change is None or change.kind != "percent" or change.start < topic.end \
            or sentence[change.end:q.start] not in CHANGE_OF_LEVEL_GLUE:
        return None
    return topic


def _topic_end(sentence: str, keyword: Keyword, lexicon: Lexicon) -> int | None:
    """Where the phrase ends that makes the keyword the topic of the clauses after it, or None: a topic particle right
    after it or after a short noun tail ("売上高は、", "ユーザーの数ですが、"), or a verb that takes it as its object a
    few characters on ("売上高を事業部門別に見ると、", "ユーザー数をさらに伸ばし、")."""
    tail = TOPIC_TAIL.match(sentence, keyword.end)
    at = tail.end() if tail else keyword.end
    particle = next((p for p in lexicon.markers["topic_particle"] if sentence.startswith(p, at)), None)
    if particle is not None:
        return at + len(particle)
    if not sentence.startswith("を", keyword.end):
        return None
    for at in range(keyword.end + 1, min(len(sentence), keyword.end + 1 + TOPIC_OBJECT_REACH)):
        if sentence[at] in "、。,，":
            return None
        verb = next((v for v in lexicon.markers["topic_object_verbs"] if sentence.startswith(v, at)), None)
        if verb is not None:
            return at + len(verb)
    return None


def _governing(right: Keyword | None, adjacent: bool, left: Keyword | None, left_strong: bool) -> Keyword | None:
    """Which keyword governs a number: right next to it, then a topic before it, then the phrase after it."""
    if right is not None and adjacent:
        return right
    if left is not None and left_strong:
        return left
    return right or left


def _direction_after(sentence: str, q: Quantity, later: list[Quantity], lexicon: Lexicon) -> int:
    """The direction that closes a list of percentages ("136%、217%増加"), if any."""
    for other in later:
        if other.kind != "percent":
            break
        if other.direction:
            return other.direction
    tail = sentence[q.end:]
    for stop in "、。,":
        tail = tail.split(stop, 1)[0]
    return lexicon.numbers.first_direction(tail)  # the first up or down word (ダウンロード holds none)


def _candidates(sentence: str, quantities: list[Quantity], keywords: list[Keyword], lexicon: Lexicon,
                inherited: MetricRule | None, counter_rules: dict[str, MetricRule]) -> list[Candidate]:
    """Metric and role of every figure-like number of one sentence."""
    keywords = [k for k in keywords if not _names_a_part_of_a_figure(sentence, k, lexicon)]
    result: list[Candidate] = []
    for i, q in enumerate(quantities):
        previous = result[-1] if result else None
        window_start = quantities[i - 1].end if i else 0
        limit = quantities[i + 1].start if i + 1 < len(quantities) else len(sentence)
        left_text = sentence[window_start:q.start]
        right, adjacent = _right_keyword(sentence, q, limit, keywords, lexicon)
        left, left_strong = _left_keyword(sentence, q, window_start, keywords, lexicon)
        keyword = _governing(right, adjacent, left, left_strong) or _sentence_topic(sentence, q, keywords, lexicon) \
            or _bare_topic(sentence, q, keywords, quantities[:i])
        if keyword is not None and _names_per_unit(sentence, keyword, lexicon):
            # "1人あたりのセッション数は7.1回…約3回分減少": per user, no total of the metric; nothing carries it on
            result.append(Candidate(q, None, "", q.direction, keyword))
            continue
        rule = keyword.rule if keyword else None
        phrase_end = right.end if right is not None and not adjacent else None
        role, direction = "", q.direction
        # "64.5%まで低下", "86.7%から": a level reached or left, no change (unless a change marker names one)
        reached = q.kind == "percent" and not direction and lexicon.starts_with_marker("level_reached", sentence, q.end) \
            and not lexicon.has_marker("change", left_text[-CHANGE_MARKER_WINDOW:])
        if q.kind == "percent":
            near_left = left_text[-SHARE_MARKER_WINDOW:]
            after = sentence[q.end:limit]
            # a share word before the number, or right after it past its particle ("38%の割合", "4割を占め")
            if lexicon.has_marker("share", near_left) or after.lstrip().lstrip("をの").startswith(
                    lexicon.markers["share"]):
                role = "share"
            elif reached:
                role = ""
            elif direction or lexicon.has_marker("change", left_text[-CHANGE_MARKER_WINDOW:]):
                role = "change"
            elif keyword is None and previous is not None and previous.quantity.kind == "percent":
                role = previous.role
            if not direction and role in ("change", "") and not reached:
                direction = _direction_after(sentence, q, quantities[i + 1:], lexicon)
                role = "change" if direction else role
            if role == "change" and not direction and previous is not None and previous.role == "change":
                direction = previous.direction
        elif rule is not None:
            role = _level_role(q, rule)
        # a change marker starts a statement of its own, unless it continues a list of changes
        # ("前年同期比45%増、前期比9%増")
        continues_changes = role == "change" and previous is not None and previous.role == "change" \
            and left_text.startswith(("、", "，", ","))
        # a change of a metric of counts only passes no metric to an amount ("製品サポートは同1%減の46億ドル");
        # a count of one does ("従業員1,000人以上の企業では1億円": no figure of a frame)
        carries = previous is not None and not (
            q.kind == "money" and previous.quantity.kind == "percent" and previous.rule is not None
            and not previous.rule.frame and "money" not in previous.rule.units)
        if rule is None and carries and (continues_changes or not lexicon.has_marker("change", left_text)):
            rule, role = previous.rule, role or (previous.role if q.kind == previous.quantity.kind and not reached else "")
        if q.kind == "number" and (rule is None or not rule.frame) and q.counter in counter_rules:
            # "…MAUは1億7200万人。2位はDeepSeekで1億4500万人": the counter continues the sentence before,
            # also past a word of no frame ("推論モデル「R1」が話題を集めた2月には5億2,000万回")
            rule, role = counter_rules[q.counter], "level"
        if rule is None and q.kind == "number":
            rule = lexicon.rule_for_counter(q.counter, q.value, sentence)
            role = "level" if rule is not None else role
        # a small count takes no metric from the sentence before ("一回の会議", "10種類以上のチップ"), nor does a
        # number after a metric of no frame in its own sentence ("純利益は…、前年同期比で20%増加")
        # (a word that names counts only is a label before an amount of money, not its metric: see _left_keyword)
        named_before = [k for k in keywords if k.end <= q.start and (q.kind != "money" or "money" in k.rule.units)
                        and not sentence.startswith(lexicon.markers["predicate_copula"], k.end)]
        own_unframed = bool(named_before) and not named_before[-1].rule.frame
        # nor a count of another counter than the metric's ("…ユーザー数…。特許出願件数は157万件": no users)
        if rule is None and inherited is not None and not own_unframed \
                and not (q.kind == "number" and q.value < CARRIED_COUNT_MINIMUM) \
                and not (q.kind == "number" and q.counter and inherited.counter and q.counter != inherited.counter):
            rule = inherited
            if q.kind != "percent":
                role = _level_role(q, rule)
        if q.kind != "percent" and rule is not None and role == "":
            role = _level_role(q, rule)
        result.append(Candidate(q, rule, role, direction, keyword, phrase_end))
    _share_forward(sentence, result)
    return result


def _names_a_part_of_a_figure(sentence: str, keyword: Keyword, lexicon: Lexicon) -> bool:
    """"…で、うち国内市場は…312億元、海外市場は…", "海外市場向けが…133億元": a word of no frame that names a part of
    the figure the text is on (a market it is sold in), not a figure of its own: a topic after a breakdown word that
    opens the sentence or a clause before it, or a word right before a customer segment word."""
    if keyword.rule.frame or sentence[keyword.start:keyword.end] not in lexicon.markers["part_words"]:
        return False
    if sentence.startswith(lexicon.markers["customer_segment"], keyword.end):
        return True
    if not sentence.startswith(("は", "が", "では"), keyword.end):
        return False
    for word in lexicon.markers["breakdown"]:
        at = sentence.find(word, 0, keyword.start)
        while at >= 0:
            if at == 0 or sentence[at - 1] in "、，,":
                return True
            at = sentence.find(word, at + 1, keyword.start)
    return False


def _level_role(q: Quantity, rule: MetricRule) -> str:
    """"level" when the metric takes this kind of number (an amount of money or a count), else ""."""
    return "level" if ("money" if q.kind == "money" else "count") in rule.units else ""


def _share_forward(sentence: str, candidates: list[Candidate]) -> None:
    """A list whose metric comes at its end: "12月に3億8,500万ユーロ、6月に6億ユーロを調達"."""
    for current, following in zip(reversed(candidates[:-1]), reversed(candidates[1:])):
        if current.rule is not None or following.rule is None or current.quantity.kind != following.quantity.kind:
            continue
        between = sentence[current.quantity.end:following.quantity.start]
        if between.startswith(("、", "，", ",")) and len(between) <= LIST_GAP and "。" not in between:
            current.rule, current.role = following.rule, following.role


def _period_for(q: Quantity, periods: list[PeriodMention], fallback: PeriodMention | None,
                sentence: str = "", lexicon: Lexicon | None = None) -> PeriodMention | None:
    """The period named last before the number, unless a bracket right after it dates it ("9億人（昨年12月時点）");
    a period the number is compared with ("2017年には2016年度に比べて141%増") is not, when another is named before."""
    aside = BRACKETED.match(sentence, q.end) if sentence else None
    if aside:
        dated = [p for p in periods if aside.start() < p.start and p.end < aside.end()]
        # the bracket dates the number only when it holds nothing but that date ("（2023年は80億円）" does not)
        if len(dated) == 1 and not re.search(r"[0-9０-９]", sentence[aside.start():dated[0].start]
                                              + sentence[dated[0].end:aside.end()]):
            return dated[0]
    before = [p for p in periods if p.end <= q.start]
    if lexicon is not None:
        stated = [p for p in before
                  if not lexicon.starts_with_marker("reference_point", sentence, _past_aside(sentence, p.end))]
        before = stated or before
    return before[-1] if before else fallback


def _calendar_year_end(company: str) -> int:
    return 12


def _fold_change_chains(sentence: str, candidates: list[Candidate], lexicon: Lexicon) -> None:
    """Changes listed before the level they describe ("前年同期比45%増、前期比9%増の27億ドル") join it: the
    level keeps the year-on-year one (the first, unless another names the year before), the others go."""
    i = 0
    while i < len(candidates):
        j = i
        while j < len(candidates) and candidates[j].role == "change" and not candidates[j].absorbed:
            j += 1
        chain = candidates[i:j]
        level = candidates[j] if j < len(candidates) else None
        linked = len(chain) > 1 and level is not None and level.role == "level" and level.frame \
            and level.change_pct is None and level.quantity.start - chain[-1].quantity.end <= 4 \
            and all(sentence[a.quantity.end:b.quantity.start].startswith(("、", "，", ","))
                    and len(sentence[a.quantity.end:b.quantity.start]) <= LIST_GAP for a, b in zip(chain, chain[1:]))
        if linked:
            def names_year_before(c: Candidate) -> bool:
                start = max(0, c.quantity.start - CHANGE_MARKER_WINDOW)
                return lexicon.has_marker("year_on_year", sentence[start:c.quantity.start])
            kept = next((c for c in chain if names_year_before(c)), chain[0])
            level.change_pct = kept.value
            for change in chain:
                change.absorbed = True
        i = max(j, i + 1)


def _fold_changes(candidates: list[Candidate], sentence: str, lexicon: Lexicon) -> None:
    """A change stated with a level ("1082億ドル(前年比4.3%増)", "20%増の500億円") joins that level's row; so does a
    second comparison listed after it ("(前年比23.7%減、前期比2.4%増)"): the level keeps the year-on-year one.
    Changes listed for それぞれ after as many levels pair with them in order ("…は1億人、…は4,000万人に達し、それぞれ
    24%、40%増加")."""
    _pair_respectively(candidates, sentence, lexicon)
    for i, change in enumerate(candidates):
        if change.role != "change":
            continue
        if _second_comparison(candidates, i, sentence, lexicon):
            continue
        target = None
        following = candidates[i + 1] if i + 1 < len(candidates) else None
        if following is not None and following.role == "level" and following.change_pct is None and following.frame \
                and sentence[change.quantity.end:following.quantity.start] in CHANGE_OF_LEVEL_GLUE:
            target = following  # "…429億元で、うち国内は7%減の312億元": the level right after it, first
        for level in reversed(candidates[:i] if target is None else []):
            if level.role == "change" and not level.absorbed:
                break
            if level.role == "level" and level.change_pct is None and level.frame:
                target = level
                break
        if target is None and i + 1 < len(candidates):
            following = candidates[i + 1]
            gap = following.quantity.start - change.quantity.end
            # right before the level ("20%増の500億円"), or governed by the same topic ("収益は前年比28%増加し、
            # 8億ドルを超えた")
            shares_topic = change.own_keyword and (following.keyword == change.keyword
                                                   or following.keyword is None and following.rule is change.rule)
            if following.role == "level" and following.change_pct is None and following.frame \
                    and (gap <= 4 or shares_topic):
                target = following
        # a change that names its metric again after the level is a statement of its own
        # ("…3,600万回と急伸したが、訪問数が前月比20%減"); one sharing the level's keyword is not
        if target is not None and (not change.own_keyword or change.keyword_start < target.quantity.start
                                   or change.keyword == target.keyword):
            target.change_pct = change.value
            change.absorbed = True


def _pair_respectively(candidates: list[Candidate], sentence: str, lexicon: Lexicon) -> None:
    """A run of levels, then それぞれ, then a run of as many changes: each level takes its change, in order."""
    for i in range(len(candidates)):
        changes = []
        for c in candidates[i:]:
            if c.role != "change" or c.absorbed:
                break
            changes.append(c)
        if len(changes) < 2:
            continue
        levels = [c for c in candidates[:i] if c.role == "level" and c.frame and c.change_pct is None][-len(changes):]
        if len(levels) != len(changes) or candidates[i - len(levels):i] != levels:
            continue
        between = sentence[levels[-1].quantity.end:changes[0].quantity.start]
        if not lexicon.has_marker("respectively", between):
            continue
        for level, change in zip(levels, changes):
            level.change_pct = change.value
            change.absorbed = True
        return


def _second_comparison(candidates: list[Candidate], i: int, sentence: str, lexicon: Lexicon) -> bool:
    """Whether candidates[i] is a change listed right after a change already folded into a level; it is absorbed, and
    the level takes it instead when it alone compares with the year before."""
    change = candidates[i]
    first = candidates[i - 1] if i else None
    if first is None or first.role != "change" or not first.absorbed:
        return False
    between = sentence[first.quantity.end:change.quantity.start]
    if not between.startswith(("、", "，", ",")) or len(between) > LIST_GAP:
        return False
    level = next((c for c in reversed(candidates[:i - 1]) if c.role == "level" and c.change_pct == first.value), None)
    if level is None:
        return False

    def names_year_before(c: Candidate) -> bool:
        return lexicon.has_marker("year_on_year", sentence[max(0, c.quantity.start - CHANGE_MARKER_WINDOW):c.quantity.start])
    if names_year_before(change) and not names_year_before(first):
        level.change_pct = change.value
    change.absorbed = True
    return True


def figures_from_sentence(
    sentence: str,
    mentions: list[Mention],
    lexicon: Lexicon,
    *,
    reference_year: int | None = None,
    reference_month: int | None = None,
    fallback_company: str = "",
    fallback_period: PeriodMention | None = None,
    inherited: MetricRule | None = None,
    counter_rules: dict[str, MetricRule] | None = None,
    fiscal_year_end: Callable[[str], int] = _calendar_year_end,
    periods: list[PeriodMention] | None = None,
    carried_names: ParallelNames | None = None,
) -> list[Candidate]:
    """Every number of one sentence with its metric, role, subject and period (including non-figures).

    同社 stands for the company named before it in the sentence, else for `fallback_company`. A period is
    read for the figure's company: `fiscal_year_end(company)` is the month its fiscal year ends in.
    `periods` are the sentence's, when already found; `carried_names` a parallel list of names the sentence
    before left without values (loaders/parallel.py)."""
    found = find_quantities(sentence)
    if not found:  # most sentences state no number: nothing below can make a figure of them
        return []
    mentions = resolve_same_company(sentence, mentions, fallback_company)
    quantities = []
    urls = url_spans(sentence)
    for q in found:
        if any(start <= q.start < end for start, end in urls):
            continue  # digits of a web address ("…/report/0526_1")
        if _is_figure_quantity(q, sentence, mentions, lexicon) and not _is_rank(q, sentence, lexicon) \
                and not _is_conversion(q, quantities[-1] if quantities else None, sentence, lexicon) \
                and not _is_one_of(q, sentence, lexicon) and not _is_threshold(q, sentence, lexicon) \
                and not _is_per_unit(q, sentence, lexicon):
            quantities.append(q)
    if not quantities or _runs_cells_together(quantities):
        return []
    # a keyword inside a company name is no keyword (ユーザーローカル, Google Cloud stays: it is a product)
    keywords = [k for k in lexicon.keywords_in(sentence)
                if not any(m.start <= k.start and k.end <= m.end and not m.is_product for m in mentions)]
    # nor is one inside an analysts' word (市場予想 is no market size)
    consensus = [(start, end) for status, start, end in lexicon.status_words_in(sentence) if status == "consensus"]
    keywords = [k for k in keywords if not any(s <= k.start and k.end <= e for s, e in consensus)]
    # nor is one that heads a concessive clause ("売上高は好調だったにもかかわらず、…の純損失")
    keywords = [k for k in keywords if not _heads_concession(sentence, k, lexicon)]
    if periods is None:
        periods = find_periods(sentence, reference_year, reference_month)
    candidates = _candidates(sentence, quantities, keywords, lexicon, inherited, counter_rules or {})
    for candidate, status in zip(candidates, figure_statuses(sentence, quantities, lexicon)):
        candidate.status = status
    for candidate in candidates:
        q = candidate.quantity
        candidate.company = subject_of(sentence, q, candidate.keyword, candidate.phrase_end, mentions, lexicon,
                                     fallback_company)
    _fold_change_chains(sentence, candidates, lexicon)
    _fold_changes(candidates, sentence, lexicon)
    names = parallel_names(sentence, mentions, lexicon)
    if names is not None:
        assign_respectively(names, candidates, fallback=fallback_company)
    elif carried_names is not None and not any(not m.is_source for m in mentions):
        assign_respectively(carried_names, candidates, start=0, fallback=fallback_company)
    for candidate in candidates:
        mention = _period_for(candidate.quantity, periods, fallback_period, sentence, lexicon)
        candidate.period = mention.resolve(fiscal_year_end(candidate.company)) if mention else ""
        if candidate.status == ACTUAL and mention in periods and starts_after(candidate.period, reference_year,
                                                                              reference_month):
            candidate.status = FORECAST  # "2029年には5,000万人に達する" written in 2026 has not happened yet
    return candidates


def _attach_to_previous(state: ArticleState, candidates: list[Candidate], paragraph_index: int,
                        continues: bool) -> None:
    """A change standing alone right after a level ("前年比:約40%増" under "売上総利益:約54億ドル")."""
    previous = state.last_candidate
    if previous is None or previous.role != "level" or previous.change_pct is not None or not previous.frame:
        return
    if not continues and paragraph_index != state.last_paragraph + 1:
        return
    live = [c for c in candidates if not c.absorbed and c.role]
    if len(live) == 1 and live[0].role == "change" and not live[0].own_keyword:
        previous.change_pct = live[0].value
        live[0].absorbed = True


def extract_figures(
    article: CleanArticle,
    mentions_of: callable,
    lexicon: Lexicon,
    reference_year: int | None = None,
    own_company: tuple[str, bool] = ("", False),
    reference_month: int | None = None,
    fiscal_year_end: Callable[[str], int] = _calendar_year_end,
) -> list[tuple[Candidate, int, int, str]]:
    """Every number of an article as (candidate, paragraph, sentence index, sentence).

    `mentions_of(text)` returns the company mentions of a text (known and unknown organisations);
    `own_company` is the company the whole article is about and whether that is sure (see main_company).
    Relative periods resolve against the reference date (the article's publication date). A figure whose
    sentence, heading or list intro names no period is of the period the article named last.
    """
    state = ArticleState(SubjectContext(*own_company))
    segment_ids = {rule.segment_metric for rule in lexicon.rules.values() if rule.segment_metric}
    subjects = state.subjects
    out: list[tuple[Candidate, int, int, str]] = []
    for paragraph in article.paragraphs:
        if paragraph.kind == "heading":
            _read_heading(paragraph.text, mentions_of(paragraph.text), lexicon, state, reference_year, reference_month)
        subjects.start_paragraph()
        state.previous_counter_rules = {}
        state.pending_names = None
        state.announced_status = ACTUAL
        state.view_rule = None
        for index, sentence in enumerate(paragraph.sentences):
            mentions = subjects.resolve(sentence, mentions_of(sentence), lexicon)
            opens_with_anaphora = sentence.lstrip("（(「").startswith(tuple(lexicon.markers["anaphora"])) \
                or (index > 0 and _measured_as_before(sentence, lexicon))
            in_list = paragraph.kind in ("list", "heading")
            periods = find_periods(sentence, reference_year, reference_month, state.period_context)
            earlier = _earlier_value_span(sentence, lexicon)
            if earlier is not None:
                # "前年値(2025年1月集計時点の…)": neither 前年 nor the date of the count dates the figures around it
                periods = [p for p in periods if not earlier[0] <= p.start < earlier[1]]
            candidates = figures_from_sentence(
                sentence, mentions, lexicon, reference_year=reference_year, reference_month=reference_month,
                fallback_company=subjects.fallback(sentence, lexicon, opens_with_anaphora, in_list),
                fallback_period=state.list_period if in_list else None,
                inherited=state.last_rule if opens_with_anaphora or _names_earlier_value(sentence, lexicon)
                or _sets_item_against(sentence, lexicon) or _continues_ranking(sentence, lexicon)
                else state.last_segmented_rule if opens_on_a_part(sentence, lexicon)
                else (state.list_rule if in_list else state.pending_rule
                      or (state.view_rule if _topic_before_number(sentence) else None)),
                counter_rules=state.previous_counter_rules,
                fiscal_year_end=fiscal_year_end,
                periods=periods,
                carried_names=state.pending_names,
            )
            if earlier is not None and state.last_actual_period is not None:
                # an earlier value is of the year before the one the text is on, whatever date its count was made
                for candidate in candidates:
                    if candidate.frame and earlier[0] <= candidate.quantity.start < earlier[1]:
                        before = _year_before(state.last_actual_period.resolve(fiscal_year_end(candidate.company)))
                        candidate.period = before or candidate.period
            names = parallel_names(sentence, mentions, lexicon)
            state.pending_names = names if names is not None and not any(
                c.frame and c.quantity.start >= names.end for c in candidates) else None
            if in_list and state.list_status != ACTUAL:
                for candidate in candidates:
                    candidate.status = candidate.status if candidate.status != ACTUAL else state.list_status
            if state.announced_status != ACTUAL and not periods:
                for candidate in candidates:
                    candidate.status = candidate.status if candidate.status != ACTUAL else state.announced_status
            for candidate in candidates:
                carried = state.last_period if candidate.status != ACTUAL else state.last_actual_period
                if carried is not None and candidate.frame and not candidate.period:
                    period = carried.resolve(fiscal_year_end(candidate.company))
                    # a period still to come (a forecast's "2028年には") is no period of a stated actual
                    if candidate.status != ACTUAL or not starts_after(period, reference_year, reference_month):
                        candidate.period = period
            # a reference point ("2021年10〜12月期以降で最大", "前年の…から"), the date of an event ("7月25日の
            # 株式市場で") and the year of a founding or listing ("2000年に設立") are no period the article goes on in
            events = [p for p in periods if _names_an_event(sentence, p, lexicon)]
            carried = [p for p in periods if p not in events and not p.is_date and not p.is_part
                       and not lexicon.starts_with_marker("reference_point", sentence, _past_aside(sentence, p.end))]
            if carried:
                state.last_period = carried[-1]
            actual = [p for p in carried if not _plans_ahead(sentence, p, lexicon)]
            if actual:
                state.last_actual_period = actual[-1]
            state.period_context = state.period_context.after([p for p in periods if p not in events])
            if in_list and state.list_rule is not None:
                _as_segments(candidates, state.list_rule)
            _attach_to_previous(state, candidates, paragraph.index, opens_with_anaphora)
            for candidate in candidates:
                if candidate.absorbed:
                    continue
                out.append((candidate, paragraph.index, index, sentence))
                if candidate.frame:
                    state.last_candidate = candidate
                    state.last_paragraph = paragraph.index
            framed = [c for c in candidates if c.frame and not c.absorbed]
            state.announced_status = ACTUAL if framed else _announced_status(sentence, lexicon)
            state.previous_counter_rules = {c.quantity.counter: c.rule for c in framed
                                            if c.role == "level" and c.quantity.kind == "number" and c.quantity.counter}
            figures = [c for c in framed if c.company]
            keywords = lexicon.keywords_in(sentence)
            subject = topic_company(sentence, mentions, lexicon, keywords) or (figures[0].company if figures else "")
            unowned = any(c.rule is not None and not c.company and not c.absorbed for c in candidates)
            subjects.read_sentence(subject, framed[-1].company if framed else None, in_list, unowned)
            framed_rules = [k.rule for k in keywords if k.rule.frame or k.rule.change_metric]
            if framed_rules:
                state.last_rule = framed_rules[-1]
            segmented = [rule for rule in framed_rules if rule.segment_metric or rule.id in segment_ids]
            if segmented:
                last = segmented[-1]
                state.last_segmented_rule = lexicon.rules.get(last.segment_metric, last)
            state.pending_rule = framed_rules[-1] if framed_rules and not framed and not in_list else None
            state.view_rule = _viewed_by_segment(sentence, keywords, lexicon) or state.view_rule
        if paragraph.kind == "text":
            _read_intro(paragraph, subjects.paragraph_subject, lexicon, state, reference_year, reference_month)
        if len(paragraph.sentences) == 1:
            sentence = paragraph.sentences[0]
            subjects.read_label(sentence, subjects.resolve(sentence, mentions_of(sentence), lexicon), lexicon,
                                any(c.frame for c, p, *_ in out if p == paragraph.index))
    for candidate, *_ in out:
        if candidate.frame and candidate.status == ACTUAL and _end_month(fiscal_year_end(candidate.company)) != 12 \
                and _unfinished_quarter(candidate.period, reference_year, reference_month):
            # "2024年第2四半期決算" published in April by a company whose year ends in September: results of a
            # calendar quarter not over yet cannot be out, so the quarter is the company's fiscal one
            candidate.period = "FY" + candidate.period
    return out


def _end_month(fiscal_year: int | FiscalYear) -> int:
    return fiscal_year.end_month if isinstance(fiscal_year, FiscalYear) else fiscal_year


def _unfinished_quarter(period: str, year: int | None, month: int | None) -> bool:
    """Whether a calendar quarter (2024Q2) has not ended by the reference month (it ends in or after it)."""
    match = CALENDAR_QUARTER.fullmatch(period or "")
    if match is None or year is None or month is None:
        return False
    return (int(match.group(1)), 3 * int(match.group(2))) >= (year, month)


def _topic_before_number(sentence: str) -> bool:
    """The sentence marks a topic (は, が) before its first digit ("B集団は3%増の280億元"), as an item of a list by
    segment does; "前3Q52億ドルからさらに増加" names none."""
    digit = next((i for i, ch in enumerate(sentence) if ch.isdigit()), len(sentence))
    return TOPIC_MARK.search(sentence, 0, digit) is not None


def _viewed_by_segment(sentence: str, keywords: list[Keyword], lexicon: Lexicon) -> MetricRule | None:
    """The segment metric of a keyword the sentence views by segment as the topic of its clauses ("売上高を事業会社別に
    見ると、", "事業別の売上高は、"), or None."""
    for keyword in keywords:
        if not keyword.rule.segment_metric:
            continue
        end = _topic_end(sentence, keyword, lexicon)
        if end is not None and lexicon.has_marker("segment", sentence[max(0, keyword.start - SEGMENT_WORD_REACH):end]):
            return lexicon.rules.get(keyword.rule.segment_metric, keyword.rule)
    return None


def _announced_status(sentence: str, lexicon: Lexicon) -> str:
    """The status of a plan or forecast the sentence announces ("業績予想についても発表", "見通しを示した"), or actual."""
    announces = lexicon.status_words["announces"]
    for status, _start, end in lexicon.status_words_in(sentence):
        if status in PLANNED and sentence.startswith(announces, end):
            return status
    return ACTUAL


def _past_aside(sentence: str, at: int) -> int:
    """Where the text goes on after a bracketed aside at `at` ("2018年第3四半期（17兆ウォン）を上回る"), or `at`."""
    start = at + len(sentence[at:]) - len(sentence[at:].lstrip())
    aside = BRACKETED.match(sentence, start)
    return aside.end() if aside else at


def _plans_ahead(sentence: str, period: PeriodMention, lexicon: Lexicon) -> bool:
    """Whether the period's clause states a plan or a forecast ("2026年度は増益を目指す"): no period of actuals."""
    clause = next(((s, e) for s, e in clause_spans(sentence, lexicon) if s <= period.start < e), None)
    if clause is None:
        return False
    return any(status in PLANNED and clause[0] <= start < clause[1] and start >= period.end
               for status, start, _ in lexicon.status_words_in(sentence))


def _names_an_event(sentence: str, period: PeriodMention, lexicon: Lexicon) -> bool:
    """Whether the period's clause speaks of a one-off event (設立, 上場…: the `event` markers) — its year."""
    clause = re.split(r"[、。,，]", sentence[period.end:period.end + EVENT_CLAUSE], maxsplit=1)[0]
    return lexicon.has_marker("event", clause)


def _sets_item_against(sentence: str, lexicon: Lexicon) -> bool:
    """"一方で、B事業（部品、保守等）は1.4億ドル", "一方、「C」は前4Q8.3億ドル": the sentence sets a named item (its
    gloss in brackets, or its name in quotes) against the one before, and its number against that one's figure."""
    word = next((w for w in lexicon.markers["contrast"] if sentence.startswith(w)), None)
    return word is not None and ITEM_TOPIC.search(sentence, len(word), len(word) + CONTRAST_REACH) is not None


def _continues_ranking(sentence: str, lexicon: Lexicon) -> bool:
    """"続いてBが80億ドル", "2位は約30億元だったC", "Dが約18億元で3位に入った": the sentence goes on with the ranking
    or list the text was on (a word of succession opens it, or it places an item at a rank)."""
    if sentence.lstrip("（(「").startswith(lexicon.markers["succession"]):
        return True
    if lexicon.has_marker("rank", sentence):
        return True
    for counter in lexicon.markers["rank_counters"]:
        at = sentence.find(counter, 1)
        while at > 0:
            if RANK_NUMERAL.search(sentence, max(0, at - RANK_NUMERAL_MAX), at):
                return True
            at = sentence.find(counter, at + len(counter))
    return False


def _names_earlier_value(sentence: str, lexicon: Lexicon) -> bool:
    """"前年値(…の7793億円)に対し横ばい": the sentence states the earlier value of the metric the text is on."""
    return _earlier_value_span(sentence, lexicon) is not None


def _earlier_value_span(sentence: str, lexicon: Lexicon) -> tuple[int, int] | None:
    """The span of an earlier value's word and what states it ("前年値(2025年1月集計時点の7793億円)"), if any."""
    for word in lexicon.markers["earlier_value"]:
        at = sentence.find(word)
        while at >= 0:
            end = at + len(word)
            if sentence[end:end + 1] in EARLIER_VALUE_GLUE:
                bracket = BRACKETED.match(sentence, end)
                return at, bracket.end() if bracket else min(len(sentence), end + EARLIER_VALUE_REACH)
            at = sentence.find(word, end)
    return None


def _year_before(period: str) -> str:
    """"2025" -> "2024", "FY2025" -> "FY2024"; "" for a period that is no year."""
    match = re.fullmatch(r"(FY)?([0-9]{4})", period)
    return f"{match.group(1) or ''}{int(match.group(2)) - 1}" if match else ""


def _measured_as_before(sentence: str, lexicon: Lexicon) -> bool:
    """A change stated "同16%減" (同 right before its percentage) is measured as the sentence before's figure."""
    for word in lexicon.markers["same_basis"]:
        at = sentence.find(word)
        while 0 <= at < len(sentence):
            digits = SAME_BASIS_CHANGE.match(sentence.translate(HALF_WIDTH), at + len(word))
            if digits:
                return True
            at = sentence.find(word, at + 1)
    return False


def _read_heading(text: str, mentions: list[Mention], lexicon: Lexicon, state: ArticleState,
                  reference_year: int | None, reference_month: int | None = None) -> None:
    """A heading sets the company, period and metric of the list lines under it (company: see
    SubjectContext.read_heading)."""
    periods = find_periods(text, reference_year, reference_month, state.period_context)
    state.list_status = heading_status(text, lexicon)
    if periods:
        state.list_period = state.last_period = periods[-1]
        if state.list_status == ACTUAL:
            state.last_actual_period = periods[-1]
        state.period_context = state.period_context.after(periods)
    state.list_rule = state.heading_rule = _list_rule(text, lexicon)
    state.subjects.read_heading(text, mentions, lexicon, bool(periods))


def _list_rule(text: str, lexicon: Lexicon) -> MetricRule | None:
    """The metric a heading or list intro names for the lines under it ("事業別の売上高は次の通り" ->
    segment revenue): its last keyword of a frame, the segment metric when it speaks of segments; one that
    speaks of segments and names no metric ("マイクロソフト部門別") lists segment revenue."""
    framed = [k.rule for k in lexicon.keywords_in(text) if k.rule.frame]
    if not framed:
        if not lexicon.has_marker("segment", text):
            return None
        broken_down = [rule for rule in lexicon.rules.values() if rule.segment_metric]
        return lexicon.rules[broken_down[0].segment_metric] if broken_down else None
    rule = framed[-1]
    if rule.segment_metric and lexicon.has_marker("segment", text):
        return lexicon.rules.get(rule.segment_metric, rule)
    return rule


def _as_segments(candidates: list[Candidate], list_rule: MetricRule) -> None:
    """Under "事業別の売上高は次の通り" a line's own 売上高 is the revenue of a segment."""
    for candidate in candidates:
        if candidate.rule is not None and candidate.rule.segment_metric == list_rule.id:
            candidate.rule = list_rule


def _read_intro(paragraph, subject: str, lexicon: Lexicon, state: ArticleState,
                reference_year: int | None, reference_month: int | None = None) -> None:
    """A text paragraph introduces the list that may follow it ("…の2023年における売上総利益は以下の通り")."""
    state.subjects.read_intro(subject)
    last = (paragraph.sentences[-1] if paragraph.sentences else paragraph.text).rstrip("。 ")
    # only an intro that announces a list ("通期見通しは以下の通り", "…の目標:") gives the list its status
    state.list_status = heading_status(last, lexicon) if last.endswith(LIST_ANNOUNCED) else ACTUAL
    announces = lexicon.has_marker("list_intro", last) or last.endswith(("：", ":"))
    # a comment between a heading and its list ("上記をみると…") leaves the heading's metric to the list
    state.list_rule = _list_rule(paragraph.text, lexicon) if announces else state.heading_rule
    periods = find_periods(paragraph.text, reference_year, reference_month, state.period_context)
    if periods:
        state.list_period = periods[-1]
