"""Which company a number is about: the subject of a figure, apart from reading the number (figures.py).

For one number of a sentence (`subject_of`), in order:
1. Products as the sentence owns them (`owned_products`): a product named inside a longer name
   ("ELYZA-japanese-Llama-2") is no mention of its maker; one the sentence names an owner for ("Xの「P」",
   "Xが開発した「P」", "Xは「P」を公開した") counts for that owner; any other counts for its maker.
2. Grammar: the object of a valuation ("Xを約140億ドルと評価する"), a company inside the noun phrase the number
   heads, a company that owns the governing keyword (Xの売上高), the company right after a relative clause
   that states the figure (約300億円を調達したSakana AI) or that ends the relative clause holding the number when
   the clause names no subject of its own (OpenAIに100億ドルを提供してきたMicrosoft), the topic of the clause (Xは,
   Xが), else the nearest company named before. Marks that start items inside one sentence (▼A社は…、▼B社は…)
   bound the search: a figure is about a company of its own item.
   A figure in brackets right after a company is that company's ("SpaceX（3,500億ドル）"), so is one right after
   Xの whose metric is named before X (an item compared with the topic's: "…は1300万回で、TikTokの800万回…");
   a total over a count of companies ("中国企業19社の総評価額") is none's.
3. Roles that never make a subject: a company cited as a source (Xによると, Xの推計では), one that gives or
   leads the money (Xから, X主導, X以外の, "XやYといったVCから", "X系のファンドから" — coordination shares the
   role), an object (Xを), a partner (Xとの), a contributor (Xの寄与もあり), a product named as an example of a
   class ("Xといったゲーム機")
   — see `mention_role` —, and a company inside an aside in brackets before the number. A topic that joins or
   provides another company's round (AはBを…と評価するラウンドに参加する, Aが…として3億ドルを提供し) yields the
   round's amount and valuation to that company (its owner, object or recipient, never a partner), else to
   the company the text is on.
4. Context when the sentence names none: a sentence about the market as a whole (世界の, 業界全体 — but not as
   a scope inside the noun phrase a company owns: "Xの世界全体の訪問数", nor after a first clause that views the
   figures by segment: "セグメント別で見ると、国内のITサービスは…") or one that cites data for it
   (Crunchbaseのデータによると) has no company; otherwise the fallback the article's context
   gives (`SubjectContext`). 同社 never stands for a medium or a data provider (WSJによると、同社は…).

What a sentence is about (`topic_company`): its topic (Xは, Xが), the owner of a metric (Xの売上高) or of its topic
(Xの評価は…), the company it ends on as a predicate (…のがXだ) or as the noun the whole sentence describes (…と呼ばれる
X。). A heading or title that names a company by its relation (Xのライバル: `relation` markers) is not about it.

同社 and its kin (このスタートアップ, この企業: `same_company` markers) stand for the company named last before
them. `SubjectContext` is the per-article state: the company of the current heading, of a list intro (or of the
first list line under a heading that names no company, when that line states no figure; after a paragraph that
names no company and states a market's totals, the heading's), the subject
of the sentences read so far, and the article's own company (its title's, its issuer's, 当社); it says what
同社 stands for and which company a sentence without one inherits — a sentence whose topic is a metric
("売上高は…") or a part of a company ("エンタープライズ事業は", "事業別では、") goes on about the company the text was
on, also across paragraphs (a lead, then its figures). A company that joins another's round as an investor
(Xが新規投資家として参加) is not what a sentence is about.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from loaders.companies import Mention
from loaders.metrics import Keyword, Lexicon
from loaders.numbers import Quantity
from loaders.status import BRACKETED, clause_spans

NOUN_PHRASE_MAX = 45
# A label line: short, a company's name and at most a few letters besides (a period, a class word: "2021年度X広告"),
# none of them hiragana (no particle, no predicate); bullets, quotes, brackets, digits and spaces aside.
LABEL_MAX = 40
LABEL_REST_MAX = 6
LABEL_FURNITURE = re.compile(r"[\s\-‐－・•●■◆▼「」『』\"“”()（）0-9０-９年度月期上下半第四]")
HIRAGANA = re.compile(r"[\u3041-\u309f]")
# A noun phrase ends at punctuation or at any hiragana but の (a particle or a verb ending).
NOUN_PHRASE_END = re.compile(r"[\u3041-\u306d\u306f-\u309f、。，,.（()（）「」『』:：;；!?！？\s]")
# What may stand between a company name and its particle: a web domain (ChatGPT.com), 株式会社, 社, 氏, closing quotes, a
# gloss in brackets (which may be long), など.
AFTER_NAME = re.compile(r"^(?:\.(?:com|ai|io|jp|net|org)(?![A-Za-z]))?(?:株式会社|社|氏|グループ)?[」』]?\s?(?:[（(][^）)]{0,100}[)）])?[」』]?\s?(?:など|等|ら)?")
AFTER_REACH = 140  # how much text after a name is read for its particle (a gloss in brackets may be long)
# What ends the noun phrase a company owns before a market word: a comma, a stop or a topic particle.
CLAUSE_BREAK = re.compile(r"[、。,はがも]")
CLAUSE_BREAK_AFTER = re.compile(r"[、。,，]")
TOPIC_PARTICLE = re.compile(r"(?:は|が|も|では)")
SCOPE_PARTICLES = ("では", "でも")  # "グローバルでは": a market word as the scope of the clause, not its topic
MARKET_TOPIC = re.compile(r"[^、。はがをにでと]{0,15}?(?:は|が)")
RELATIVE_CLAUSE_END = re.compile(r"[^、。]{0,4}?(?:した|する|している|していた|してきた|済みの|を受けた)(?:米|英|中国の|国内の)?")
# A company listed before a class noun: "XといったVCから" gives the money, "XなどのVCが" is the clause's topic.
# So does one whose affiliate gives it: "X系のファンドなどから", "X傘下のVCより".
LISTED_GIVER = re.compile(r"^(?:など|等|といった|のような|系|傘下)の?[^、。はがをにで]{0,10}(?:から|より)")
# A product named as an example of a class ("PlayStationといったコンソールを扱う部門") is no subject.
EXAMPLE_OF_CLASS = ("といった", "のような", "などの", "等の")
LISTED_TOPIC = re.compile(r"^(?:など|等|といった)の[^、。はがをにで]{1,8}(?:は|が)")
# The rest of a company's name, a gloss in brackets and the topic particle, with no comma after it: what a scope
# word right after is the company's ("…科技(バイトダンス)は世界の月間利用者数が").
TOPIC_OF_SCOPE = re.compile(r"[^、。はがのをにでと（()）]{0,12}(?:[（(][^（()）]{0,30}[)）])?[」』]?(?:は|が)(?!、)")
COORDINATORS = ("や", "、", "と", "および", "及び", ",", "・")
# Further names coordinated after a name (past a tail of the name: "・テクノロジー"), up to (not including) the
# particle that follows the last of them: names hold no particle, verb ending or stop.
GIVER_LINKS = re.compile(r"、|や|および|及び|,")
GIVERS_AHEAD = re.compile(r"[^。、，,はがをにでもへ]{0,12}(?:(?:、|や|および|及び|,)\s?[^。、，,はがをにでもへ]{1,30}?){1,8}(?=から|より)")
# The metrics of a round: an investor that joins the round is never their subject (its own 投資 is its own).
ROUND_METRICS = ("raised", "valuation")
CLAUSE_REACH = 200  # how far back the clauses before a number are read for an investor verb
# A relative clause ends on one of these right before the company it describes ("…を提供してきたMicrosoft").
CLAUSE_HEAD_VERBS = ("した", "してきた", "している", "していた", "する")
CLAUSE_HEAD_GAP = 40
# Marks that start the items of a list run together in one sentence.
ITEM_MARKS = ("▼", "▽", "●", "■", "◆", "◇", "▲")
# A figure in brackets right after a company is that company's: "SpaceX（3,500億ドル）に次ぐ".
BRACKET_OPEN = ("（", "(", "（約", "(約", "（推定", "(推定")
# An aside in brackets before the number: the companies it names gloss another, they are not the subject
# ("ジャフコ(同社のグループ会社及び同社が助言するファンドの総称)をリード投資家とする…").
ASIDE_REACH = 120
ASIDE_OPEN = re.compile(r"[（(][^（()）]{0,120}$")
ASIDE_CLOSE = re.compile(r"[^（()）]{0,120}[)）]")
# What may stand between a company and the product it owns: "Xの「P」", "X製の", "Xが開発した「P」".
OWNER_GAP = re.compile(r"^(?:の|製の?|が[^、。「」]{1,6}(?:した|する|の))?[「『]?\s?$")
# The noun phrase after a demonstrative, up to its particle: "この[人工知能ツール]は".
DEMONSTRATED = re.compile(r"([^、。はがをにでのも]{1,12})(?:は|が|の|も)")
QUOTE_OPEN, QUOTE_CLOSE = "「『\"“", "」』\"”"
# the noun phrase after Xの up to the topic particle: no particle, verb ending or punctuation inside, but for one
# aside in brackets ("Xの2026年3月期Q1(4〜6月期)決算は")
_TOPIC_CHARS = r"[^\u3041-\u306d\u306f-\u309f、。，,.（()（）「」『』:：;；!?！？\s]"
TOPIC_PHRASE = re.compile(rf"{_TOPIC_CHARS}{{1,20}}(?:[（(][^（()）、。]{{1,20}}[)）]{_TOPIC_CHARS}{{0,20}})?(?:は|では)")
# A count of companies and its counter word right before の ("19社の", "上位5社の"): group 1 is the counter.
COMPANY_COUNT = re.compile(r"[0-9０-９]{1,5}([^\s0-9０-９の、。]{1,2})の")
# What stands between a company and a number it owns: の, an approximation word ("TikTokの約800万回").
POSSESSOR_GAP = re.compile(r"の(?:約|およそ|推定)?\s?")


def is_source_mention(sentence: str, mention: Mention, lexicon: Lexicon) -> bool:
    if mention.is_source:
        return True
    after = sentence[mention.end:mention.end + 16].split("、", 1)[0]
    return lexicon.has_marker("source", after)


def _after_mention(sentence: str, mention: Mention) -> str:
    """The text after a mention, past 社/氏, closing quotes, a parenthesis and など."""
    return AFTER_NAME.sub("", sentence[mention.end:mention.end + AFTER_REACH])


def mention_role(sentence: str, mention: Mention, lexicon: Lexicon) -> str:
    """How a sentence uses a company: topic (Xは), possessive (Xの), excluded (source, object, investor), other."""
    if is_source_mention(sentence, mention, lexicon) or mention.is_platform:
        return "excluded"  # a source, or a platform a product runs on ("XのiOSアプリは")
    after = _after_mention(sentence, mention)
    if after.startswith(tuple(lexicon.markers["from_other"])) or after.startswith(("を", "との")):
        return "excluded"  # a giver, an object, a partner (Xとの共同研究)
    if after.startswith(lexicon.markers["compared_with"]) or _owns_compared(after, lexicon):
        return "excluded"  # what the figure is compared with (Xと比べて, XのサービスYを上回り)
    if after.startswith(lexicon.markers["contribution"]):
        return "excluded"  # "子会社Xの寄与もあり、売上高は…": a contributor to another company's figure
    if _listed_before_givers(sentence, mention, after, lexicon):
        return "excluded"  # "X、Y、Zから5000万ドルを確保": one of the givers listed before から
    raw = sentence[mention.end:mention.end + 24]
    if LISTED_GIVER.match(raw) or LISTED_GIVER.match(after) or _left_out(raw, lexicon):
        return "excluded"
    if mention.is_product and raw.startswith(EXAMPLE_OF_CLASS):
        return "excluded"
    if after.startswith(("は", "が", "も", "では")) or LISTED_TOPIC.match(raw):
        return "topic"
    if after.startswith("の"):
        return "possessive"
    return "other"


def _owns_compared(after: str, lexicon: Lexicon) -> bool:
    """Xの + a noun phrase + a comparison ("グーグルの検索サービスGeminiを上回り"): X owns what is compared with."""
    if not after.startswith("の"):
        return False
    end = NOUN_PHRASE_END.search(after, 1, NOUN_PHRASE_MAX + 1)
    return end is not None and after.startswith(lexicon.markers["compared_with"], end.start())


def _listed_before_givers(sentence: str, mention: Mention, after: str, lexicon: Lexicon) -> bool:
    """The text after a name goes on with more names, without a particle or a verb, up to a giver's particle
    ("…、X、Y、Zから"): the name is one of the givers, whether or not the others are known. The name is itself
    an item after another one, or two more follow: a headline's "X、Yから…調達" is X's round."""
    match = GIVERS_AHEAD.match(after)
    if match is None or not after.startswith(tuple(lexicon.markers["from_other"]), match.end()):
        return False
    listed = sentence[max(0, mention.start - 1):mention.start] in ("、", "や", ",", "，")
    return listed or len(GIVER_LINKS.findall(after, 0, match.end())) >= 2


def _owns_keyword(sentence: str, mention: Mention, keyword: Keyword | None) -> bool:
    """Xの売上高: the mention is followed by の and a noun phrase that ends in the governing keyword."""
    if keyword is None or keyword.start < mention.end:
        return False
    after = _after_mention(sentence, mention)
    offset = mention.end + (len(sentence[mention.end:mention.end + AFTER_REACH]) - len(after))
    if not after.startswith("の"):
        return False
    phrase = sentence[offset + 1:keyword.start]
    return len(phrase) <= NOUN_PHRASE_MAX and not NOUN_PHRASE_END.search(phrase)


def subject_of(sentence: str, q: Quantity, keyword: Keyword | None, right_phrase_end: int | None,
             mentions: list[Mention], lexicon: Lexicon, fallback: str) -> str:
    """The company a number is about (see the module docstring, steps 1-4)."""
    mentions = owned_products(sentence, mentions, lexicon)
    # "▼A社は…、▼B社は…": marks inside one sentence start items; a figure is about a company of its own item
    item_start = max(sentence.rfind(mark, 0, q.start) for mark in ITEM_MARKS)
    if item_start > 0:
        mentions = [m for m in mentions if m.start > item_start or m.start >= q.end]
    valued = _valued_company(sentence, q, keyword, mentions) or _bracketed_after(sentence, q, mentions)
    if valued:
        return valued
    if _counted_companies_own(sentence, keyword, lexicon):
        return ""  # "中国企業19社の総評価額は…": a total over the companies counted
    compared = _possessor_right_before(sentence, q, keyword, mentions, lexicon)
    if compared:
        return compared
    if right_phrase_end is not None:
        inside = [m for m in mentions if q.end <= m.start and m.end <= right_phrase_end
                  and mention_role(sentence, m, lexicon) != "excluded"]
        if inside:
            return inside[0].company
    before = [(m, role) for m, role in _roles(sentence, mentions, lexicon) if m.end <= q.start and role != "excluded"
              and not _in_aside(sentence, m, q.start)]
    owners = [m for m, _ in before if _owns_keyword(sentence, m, keyword)]
    if owners:
        return owners[-1].company
    relative = _relative_clause_subject(sentence, q, keyword, mentions, lexicon) or _clause_head(sentence, q, mentions,
                                                                                                 lexicon)
    if relative:
        return relative
    # Xは marks the clause's topic more surely than Xが, which often sits in a relative clause
    topics = [m for m, role in before if role == "topic" and _after_mention(sentence, m).startswith(("は", "では", "も"))]
    topics = topics or [m for m, role in before if role == "topic"]
    chosen = topics[-1] if topics else (before[-1][0] if before else None)
    if chosen is not None:
        between = sentence[chosen.end:q.start]
        # "マスク氏の売上総利益": a person's holdings, not the company named before
        owned = _after_mention(sentence, chosen).startswith("の")
        topic = None if owned else TOPIC_OF_SCOPE.match(between)
        if topic is not None:
            # "Xは世界の月間利用者数が10億人", "北京X科技(エックス)は世界の…": a scope right after the company's
            # topic is the company's own
            between, owned = between[topic.end():], True
        if _market_topic(between, lexicon, owned) or "氏の" in between:
            return ""
        if keyword is not None and keyword.rule.frame == "funding" and _invests(sentence, q, chosen, lexicon):
            owner = _round_owner(sentence, q, chosen, mentions, lexicon)
            # an investor that puts the money in is not the company that raises it or is valued: the round is the
            # one of the company the text is on, when there is one
            return owner or (fallback if keyword.rule.id in ROUND_METRICS and fallback else chosen.company)
        return chosen.company
    if lexicon.has_marker("market", sentence[:q.start]) and not refers_back(sentence[:q.start], lexicon) \
            and not (keyword is None and _scope_only(sentence[:q.start], lexicon)) \
            and not opens_on_a_segment_view(sentence, lexicon):
        return ""
    return fallback


def opens_on_a_segment_view(sentence: str, lexicon: Lexicon) -> bool:
    """"セグメント別で見ると、国内のITサービスは…": a first clause that views the figures by segment makes the market words
    after it name the company's segments (its business at home or abroad), not a market as a whole."""
    first = CLAUSE_BREAK_AFTER.search(sentence)
    return first is not None and lexicon.has_marker("segment", sentence[:first.start()])


def relation_named(text: str, mention: Mention, relations: tuple[str, ...]) -> bool:
    """"Xのライバル", "X's rival": the text names another organisation by its relation to the mention."""
    rest = text[mention.end:mention.end + 16]
    rest = rest[1:] if rest.startswith("の") else rest[2:] if rest[:2] in ("'s", "’s") else None
    return rest is not None and rest.lstrip().lower().startswith(relations)


def _counted_companies_own(sentence: str, keyword: Keyword | None, lexicon: Lexicon) -> bool:
    """"中国企業19社の総評価額", "上位5社の売上高": a count of companies owns the noun phrase of the keyword."""
    if keyword is None:
        return False
    for match in COMPANY_COUNT.finditer(sentence, max(0, keyword.start - NOUN_PHRASE_MAX - 12), keyword.start):
        counter = match.group(1)
        phrase = sentence[match.end():keyword.start]
        if counter in lexicon.markers["company_counters"] and not NOUN_PHRASE_END.search(phrase):
            return True
    return False


def _possessor_right_before(sentence: str, q: Quantity, keyword: Keyword | None, mentions: list[Mention],
                            lexicon: Lexicon) -> str:
    """"ダウンロード数は1300万回で、TikTokの800万回を上回った": a company right before の and the number, whose
    metric is named before the company, owns the number (an item compared with the topic's figure)."""
    if keyword is not None and keyword.start >= q.end:
        return ""  # "Xの300億ドルの出資を受け": the noun phrase after the number says whose it is
    for mention in mentions:
        if mention.end > q.start or (keyword is not None and mention.start < keyword.end):
            continue
        gap = sentence[mention.end:q.start]
        if POSSESSOR_GAP.fullmatch(gap) and mention_role(sentence, mention, lexicon) != "excluded":
            named = [k for k in lexicon.keywords_in(sentence[:mention.start]) if k.rule.frame]
            if named and named[-1].rule.id == "raised":
                return ""  # "…を調達し、ソフトバンクの300億ドルが最大": an investor's share of the round
            return mention.company
    return ""


def _scope_only(text: str, lexicon: Lexicon) -> bool:
    """Every market word of the text is a scope ("グローバルでは", "国内では"): for a number that names no metric of
    its own ("…のMAUの推移。グローバルでは660万人程度"), the figure the text is on, narrowed, not a market's total."""
    found = False
    for word in lexicon.markers["market"]:
        at = text.find(word)
        while at >= 0:
            if not text.startswith(SCOPE_PARTICLES, at + len(word)):
                return False
            found = True
            at = text.find(word, at + len(word))
    return found


def refers_back(text: str, lexicon: Lexicon) -> bool:
    """The text's topic is a product named before by a demonstrative ("この人工知能ツールは", "同サービスの"): its
    figures are that product's, also where a market word follows ("…は、世界のユーザー数が…")."""
    for word in lexicon.markers["demonstrative"]:
        at = text.find(word)
        while at >= 0:
            phrase = DEMONSTRATED.match(text, at + len(word))
            if phrase and phrase.group(1).endswith(lexicon.markers["product_noun"]):
                return True
            at = text.find(word, at + len(word))
    return False


def opens_on_a_metric(sentence: str, lexicon: Lexicon) -> bool:
    """The sentence's topic is a metric of a frame ("売上高は", "6〜8月期の調達額が") or a part of a company
    ("エンタープライズ事業は", "事業別では、"), not a person, a country or a market ("マクロン大統領は", "EUも"):
    its figures go on about the company the text is on. A first clause that names a contribution to the figure
    ("子会社Xの寄与もあり、売上高は…") is passed over."""
    if opens_on_a_segment_view(sentence, lexicon):
        return True  # "セグメント別で見ると、国内の…は": the company's segments
    phrase, topic_start = _topic_phrase(sentence, lexicon)
    if phrase is None or lexicon.has_marker("market", phrase):
        return False
    keywords = [k for k in lexicon.keywords_in(phrase) if k.rule.frame]
    if keywords and topic_start - len(phrase) + keywords[-1].end >= topic_start - 1:
        return True
    return _names_a_part(phrase, lexicon)


def opens_on_a_part(sentence: str, lexicon: Lexicon) -> bool:
    """The sentence's topic is a part of a company ("その他プラットフォーム事業は17.6%増の…", "一方、メディア事業は…",
    "A部門では、…", "事業別では、"), not a metric, a market or anything else."""
    phrase, _ = _topic_phrase(sentence, lexicon)
    return phrase is not None and not lexicon.has_marker("market", phrase) and _names_a_part(phrase, lexicon)


def _names_a_part(phrase: str, lexicon: Lexicon) -> bool:
    return phrase.rstrip("」』 ").endswith(lexicon.markers["business_unit"]) or lexicon.has_marker("segment", phrase)


def _topic_phrase(sentence: str, lexicon: Lexicon) -> tuple[str | None, int]:
    """The text before the sentence's first topic particle (past a first clause naming a contribution) and where
    that particle stands, or (None, -1)."""
    start = 0
    first = CLAUSE_BREAK_AFTER.search(sentence)
    if first is not None and lexicon.has_marker("contribution", sentence[:first.start()]):
        start = first.end()
    topic = TOPIC_PARTICLE.search(sentence, start)
    if topic is None:
        return None, -1
    return sentence[start:topic.start()], topic.start()


def _left_out(after: str, lexicon: Lexicon) -> bool:
    """"サーナーに帰属する売上高を除いた…": a company inside a phrase that leaves it out."""
    phrase = re.split(r"[、。]", after, maxsplit=1)[0]
    return any(word in phrase for word in lexicon.markers["excluding"])


def _roles(sentence: str, mentions: list[Mention], lexicon: Lexicon) -> list[tuple[Mention, str]]:
    """Each mention with its role; a company coordinated with an excluded one shares its role
    ("Andreessen HorowitzやGeneral Catalystといった著名VCから": both give the money)."""
    roles = [mention_role(sentence, m, lexicon) for m in mentions]
    for i in range(len(mentions) - 2, -1, -1):
        gap = sentence[mentions[i].end:mentions[i + 1].start]
        if roles[i + 1] == "excluded" and roles[i] != "excluded" and gap.strip() in COORDINATORS:
            roles[i] = "excluded"
    return list(zip(mentions, roles))


def _in_aside(sentence: str, mention: Mention, limit: int) -> bool:
    """The mention stands inside brackets that close before `limit` (the number)."""
    opened = ASIDE_OPEN.search(sentence, max(0, mention.start - ASIDE_REACH), mention.start)
    return opened is not None and ASIDE_CLOSE.match(sentence, mention.end, limit) is not None


def _bracketed_after(sentence: str, q: Quantity, mentions: list[Mention]) -> str:
    """"SpaceX（3,500億ドル）": a figure in brackets right after a company is that company's."""
    for mention in mentions:
        if mention.end <= q.start and sentence[mention.end:q.start].strip() in BRACKET_OPEN and not mention.is_source:
            return mention.company
    return ""


def _valued_company(sentence: str, q: Quantity, keyword: Keyword | None, mentions: list[Mention]) -> str:
    """"Xを約140億ドルと評価する": the company the valuation is of is the object before the number."""
    if keyword is None or keyword.start < q.end or not sentence.startswith("と評価", keyword.start):
        return ""
    clause_start = max(sentence.rfind("。", 0, q.start), sentence.rfind("、", 0, q.start)) + 1
    objects = [m for m in mentions if clause_start <= m.start and m.end <= q.start
               and _after_mention(sentence, m).startswith("を")]
    return objects[-1].company if objects else ""


def _invests(sentence: str, q: Quantity, topic: Mention, lexicon: Lexicon) -> bool:
    """The topic puts money into a round: an investor verb after the number, in the number's clause, or in a
    clause of the topic's before it ("Xが…を提供し、その評価額を45億ドルに押し上げた")."""
    spans = clause_spans(sentence, lexicon)
    clause_start, clause_end = next(((s, e) for s, e in spans if s <= q.start < e), (0, len(sentence)))
    said = (sentence[q.end:clause_end], sentence[max(topic.end, clause_start - CLAUSE_REACH):clause_start])
    return topic.end <= q.start and any(word in part for part in said for word in lexicon.markers["investor"])


def _round_owner(sentence: str, q: Quantity, investor: Mention, mentions: list[Mention], lexicon: Lexicon) -> str:
    """The company whose round an investor joins: another company named before the number (not a source,
    not one giving money), else one that owns the round after it ("…Bのラウンドに参加")."""
    others = [m for m in mentions if m.company != investor.company and not is_source_mention(sentence, m, lexicon)
              and not _after_mention(sentence, m).startswith(tuple(lexicon.markers["from_other"]))
              and not sentence.startswith(EXAMPLE_OF_CLASS + ("など", "等"), m.end)]
    # the round's company is its owner (Xの), its object (Xを…と評価) or the one invested in (Xに), not a partner
    # an owner (Xの) only in the number's own clause: "Xの…を導入する計画で、Yと共同で50億ドルを投じる" puts no
    # money into X
    clause_start = sentence.rfind("、", 0, q.start) + 1
    before = [m for m in others if investor.end <= m.start and m.end <= q.start
              and (_after_mention(sentence, m).startswith(("を", "に", "へ"))
                   or _after_mention(sentence, m).startswith("の") and m.start >= clause_start)]
    if before:
        return before[-1].company
    after = [m for m in others if m.start >= q.end and _after_mention(sentence, m).startswith("の")]
    return after[0].company if after else ""


def owned_products(sentence: str, mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """Products as the sentence owns them. A product named inside a longer name ("ELYZA-japanese-Llama-2",
    "Stockmark-Llama") is no mention of its maker; one the sentence names an owner for ("Xの「P」",
    "Xが開発した「P」", "Xは「P」を公開した") is that owner's."""
    companies = [m for m in mentions if not m.is_product and not m.is_source]
    result = []
    for mention in mentions:
        if not mention.is_product:
            result.append(mention)
            continue
        owner = _named_owner(sentence, mention, companies, lexicon)
        if owner is not None and owner.company != mention.company:
            result.append(replace(mention, company=owner.company))
        elif not _inside_longer_name(sentence, mention):
            result.append(mention)
    return result


def _inside_longer_name(sentence: str, mention: Mention) -> bool:
    before = sentence[mention.start - 1:mention.start] if mention.start else ""
    return bool(before) and (before in "-_" or (before.isascii() and before.isalnum()))


def _named_owner(sentence: str, product: Mention, companies: list[Mention], lexicon: Lexicon) -> Mention | None:
    """The company the sentence names as the product's owner, if any."""
    opening = max(sentence.rfind(ch, 0, product.start) for ch in QUOTE_OPEN)
    quoted = opening >= 0 and not any(ch in sentence[opening:product.start] for ch in QUOTE_CLOSE)
    name_start = opening if quoted else product.start
    for company in reversed([c for c in companies if c.end <= name_start]):
        after_name = company.end + len(sentence[company.end:company.end + AFTER_REACH]) - len(
            _after_mention(sentence, company))
        gap = sentence[after_name:name_start + (1 if quoted else 0)]
        if OWNER_GAP.match(gap):
            return company
        if quoted and gap.startswith(("は", "が")) and len(gap) <= 3:
            closing = min((i for i in (sentence.find(ch, product.end) for ch in QUOTE_CLOSE) if i >= 0), default=-1)
            released = sentence[closing + 1:closing + 10] if closing >= 0 else ""
            if released.startswith("を") and any(verb in released for verb in lexicon.markers["release"]):
                return company
        break  # only the company nearest before the name may own it
    return None


def _market_topic(text: str, lexicon: Lexicon, owned: bool = False) -> bool:
    """A market word that becomes the clause's topic ("世界のAI市場は"), not a place ("国内のデータセンターに"),
    nor a scope inside the noun phrase a company owns ("Xの1月における世界全体の訪問数は": X's worldwide visits;
    `owned`: `text` follows Xの)."""
    for word in lexicon.markers["market"]:
        at = text.find(word)
        if at >= 0 and MARKET_TOPIC.match(text, at + len(word)):
            if owned and not CLAUSE_BREAK.search(text, 0, at):
                continue
            return True
    return False


def _relative_clause_subject(sentence: str, q: Quantity, keyword: Keyword | None, mentions: list[Mention],
                             lexicon: Lexicon) -> str:
    """約300億円を調達したSakana AI: the company right after the clause that states the figure."""
    if keyword is None or keyword.start < q.end:
        return ""
    match = RELATIVE_CLAUSE_END.match(sentence, keyword.end)
    if not match:
        return ""
    following = [m for m in mentions if m.start == match.end() and mention_role(sentence, m, lexicon) != "excluded"]
    return following[0].company if following else ""


def _clause_head(sentence: str, q: Quantity, mentions: list[Mention], lexicon: Lexicon) -> str:
    """"OpenAIにこれまで130億ドルを提供してきたMicrosoft": a number in a relative clause that names no subject of
    its own is about the company the clause ends on."""
    clause_start = max(sentence.rfind("。", 0, q.start), sentence.rfind("、", 0, q.start)) + 1
    if any(clause_start <= m.start and m.end <= q.start and mention_role(sentence, m, lexicon) == "topic"
           for m in mentions):
        return ""
    for mention in mentions:
        if mention.start < q.end:
            continue
        gap = sentence[q.end:mention.start]
        if len(gap) > CLAUSE_HEAD_GAP or "、" in gap or "。" in gap:
            return ""
        if gap.endswith(CLAUSE_HEAD_VERBS) and mention_role(sentence, mention, lexicon) != "excluded":
            return mention.company
        return ""  # only the first company after the number may head its clause
    return ""


def topic_company(sentence: str, mentions: list[Mention], lexicon: Lexicon,
                  keywords: list[Keyword] | None = None) -> str:
    """The company a sentence is about: the first one it marks as topic (Xは, Xが) or as owner of a metric
    (Xの月間アクティブユーザー), or "". `keywords` are the sentence's, when already found."""
    keywords = lexicon.keywords_in(sentence) if keywords is None else keywords
    topical = [
        m for m in mentions
        if (mention_role(sentence, m, lexicon) == "topic" and not _joins_a_round(sentence, m, lexicon))
        or any(_owns_keyword(sentence, m, k) for k in keywords if k.rule.frame or k.rule.change_metric)
    ]
    if not topical:
        # "…で最も強いのがChatGPTだ。", "…と呼ばれるX。": a company the sentence ends on as its predicate, or as
        # the noun the whole sentence describes (a stop after it: a list line of names is no such sentence), is
        # what it is about
        topical = [m for m in mentions if not m.is_source
                   and (_after_mention(sentence, m).rstrip("。!！ ") in lexicon.markers["copula"]
                        or _after_mention(sentence, m).strip() == "。")]
    if not topical:
        # "投資家の間でXの評価はうなぎ上りだ": the owner of the sentence's topic
        topical = [m for m in mentions if not m.is_source and _owns_topic(sentence, m)]
    return topical[0].company if topical else ""


def _owns_topic(sentence: str, mention: Mention) -> bool:
    """Xの[noun phrase]は: the mention owns the noun phrase the sentence's topic particle marks."""
    after = _after_mention(sentence, mention)
    if not after.startswith("の"):
        return False
    phrase = TOPIC_PHRASE.match(after, 1)
    return phrase is not None


def _joins_a_round(sentence: str, mention: Mention, lexicon: Lexicon) -> bool:
    """"…、Xが新規投資家として参加している": the topic's own clause names it one of another company's investors."""
    clause = CLAUSE_BREAK_AFTER.split(sentence[mention.end:mention.end + CLAUSE_REACH], maxsplit=1)[0]
    return lexicon.has_marker("round_investor", clause)


def speaks_of_a_market(text: str, lexicon: Lexicon) -> bool:
    """Some clause of the text has a market or an industry as its topic ("AI業界は", "世界のAI投資額が")."""
    for word in lexicon.markers["market"]:
        at = text.find(word)
        while at >= 0:
            if MARKET_TOPIC.match(text, at + len(word)):
                return True
            at = text.find(word, at + len(word))
    return False


def main_company(mentions: list[Mention], title_mentions: list[Mention], speaks_as_itself: bool,
                 issuer: list[Mention] = (), minimum: int = 3, lead: float = 3.0, title: str = "",
                 relations: tuple[str, ...] = (), of_a_market: bool = False) -> tuple[str, bool]:
    """The company an article is about and whether the text says so itself: the one its title names, else the
    one its header names (会社名, ゲスト), else in a text that says 当社 the first one it names — these are sure —, else
    one named at least `minimum` times and `lead` times more than any other, or the only one named at all when a
    product names it in a text that speaks of no market (`of_a_market`: "AI業界はGPT-3から…" names a milestone,
    not the maker the text is about) (both guesses); or ("", False).
    `mentions` are those of the title and the text after it; a product the title names as a tool
    ("【ChatGPTによる和訳】") counts for none of this, nor one the title names another company by
    (`relations`: "Xのライバル")."""
    tools = {(m.start, m.end) for m in title_mentions if m.is_product and title.startswith("による", m.end)}
    # "Xのライバル" names another company by its relation to X
    tools |= {(m.start, m.end) for m in title_mentions if relation_named(title, m, relations)}
    title_mentions = [m for m in title_mentions if (m.start, m.end) not in tools]
    mentions = [m for m in mentions if (m.start, m.end) not in tools]
    in_title = list(dict.fromkeys(m.company for m in title_mentions if not m.is_source))
    if len(in_title) == 1:
        return in_title[0], True
    if issuer:
        return issuer[0].company, True
    usable = [m for m in mentions if not m.is_source]
    if speaks_as_itself and usable:
        return usable[0].company, True
    counts = Counter(m.company for m in usable).most_common(2)
    if len(counts) == 1 and counts[0][1] < minimum and any(m.is_product for m in usable) and not of_a_market:
        # the only company an article names, through its product ("Hopperプラットフォーム"): an excerpt about
        # its maker that never writes the maker's name
        return counts[0][0], False
    if not counts or counts[0][1] < minimum:
        return "", False
    if len(counts) > 1 and counts[0][1] < lead * counts[1][1]:
        return "", False
    return counts[0][0], False


def resolve_same_company(sentence: str, mentions: list[Mention], current: str, own: str = "",
                          self_words: tuple[str, ...] = (), same_words: tuple[str, ...] = ("同社",)) -> list[Mention]:
    """同社 ("the same company") and the other `same_words` (このスタートアップ) stand for the company named last
    before them (never a medium or a data provider: "WSJによると、同社は…"), else the one the text is about; 当社
    and the other `self_words` stand for the article's own company `own`."""
    taken = {m.start for m in mentions}
    extra = []
    # longest first, so that "同スタートアップ" is not read as "同" and a word of its own
    words = [*((w, None) for w in sorted(same_words, key=len, reverse=True)), *((w, own) for w in self_words)]
    for word, company_of in words:
        start = sentence.find(word)
        while start >= 0:
            if start not in taken and not any(m.start <= start < m.end for m in [*mentions, *extra]):
                # a company that reports its own figures stays a candidate ("LINEヤフーによると、同社の…")
                named = [m for m in mentions if m.end <= start and not m.is_source]
                company = company_of if company_of is not None else (named[-1].company if named else current)
                if company:
                    extra.append(Mention(company, word, start, start + len(word), False, True))
            start = sentence.find(word, start + len(word))
    return sorted([*mentions, *extra], key=lambda m: m.start)


@dataclass
class SubjectContext:
    """Which company the lines of one article are about, as far as read (one per article)."""

    own: str = ""  # the company the whole article is about (see main_company)
    own_is_sure: bool = False
    heading_company: str = ""  # the company the current section's heading names
    list_company: str = ""  # the company of the list lines under a heading or an intro
    last_subject: str = ""  # the subject of the last text sentence that had one
    paragraph_subject: str = ""  # the subject the current paragraph opened with
    previous_sentence_company: str | None = None  # company of the last figure of the sentence before, if any
    paragraph_market: bool = False  # the current paragraph stated a figure of no company (a market's total)
    label_company: str = ""  # the company the line before names alone, as the label of this one ("- 「P」")
    next_label_company: str = ""

    def start_paragraph(self) -> None:
        self.paragraph_subject = ""
        self.paragraph_market = False
        self.label_company, self.next_label_company = self.next_label_company, ""

    def read_label(self, text: str, mentions: list[Mention], lexicon: Lexicon, stated_figures: bool) -> None:
        """A line that only names a company or its product ("- 「P」", "- 2021年度X広告") and states no figure labels
        the line right after it: that line's figures of no company of their own are the label's company."""
        named = list(dict.fromkeys(m.company for m in mentions if not is_source_mention(text, m, lexicon)))
        if stated_figures or len(named) != 1 or len(text) > LABEL_MAX:
            return
        rest = text
        for mention in sorted(mentions, key=lambda m: m.start, reverse=True):
            rest = rest[:mention.start] + rest[mention.end:]
        rest = LABEL_FURNITURE.sub("", rest)
        if len(rest) <= LABEL_REST_MAX and not HIRAGANA.search(rest):
            self.next_label_company = named[0]

    def current(self) -> str:
        """What 同社 stands for when the sentence names no company before it."""
        # in an article about one company it is that company; elsewhere the one the text is on
        return (self.own if self.own_is_sure else "") or self.last_subject or self.paragraph_subject or self.own

    def resolve(self, sentence: str, mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
        """The sentence's mentions with 同社, 当社 and their kin resolved to companies."""
        return resolve_same_company(sentence, mentions, self.current(), self.own, lexicon.markers["self"],
                                    lexicon.markers["same_company"])

    def fallback(self, sentence: str, lexicon: Lexicon, opens_with_anaphora: bool, in_list: bool) -> str:
        """The company a figure of the sentence is about when the sentence names none."""
        if self.label_company:
            return self.label_company
        if not opens_with_anaphora and not in_list and lexicon.has_marker("data_source", sentence):
            # a figure a data provider gives ("Crunchbaseのデータによると、AI投資額は…") is the market's
            return ""
        if opens_with_anaphora and self.previous_sentence_company is not None:
            # "このうち…": the figures of the sentence before, market-wide ones included
            return self.previous_sentence_company
        company = self.paragraph_subject or (self.list_company if in_list else self.heading_company)
        if opens_with_anaphora and not company:
            company = self.last_subject
        if company or self.own or in_list or not opens_on_a_metric(sentence, lexicon) \
                or lexicon.has_marker("data_source", sentence):
            return company or self.own
        # the lead names the company, the next paragraph goes on about it ("売上高は…")
        return self.last_subject

    def read_sentence(self, subject: str, figure_company: str | None, in_list: bool, unowned: bool = False) -> None:
        """After a sentence: its subject (topic or first figure's company), its last figure's company and whether
        it stated a figure of no company (`unowned`: a market's total)."""
        self.previous_sentence_company = figure_company
        self.paragraph_market = self.paragraph_market or (unowned and not subject)
        if subject:
            # the paragraph keeps the subject it opened with; later sentences may name investors, rivals
            self.paragraph_subject = self.paragraph_subject or subject
            if not in_list:
                self.last_subject = subject
            elif not self.list_company and figure_company is None:
                # under a heading that names no company, a first list line that names one and states no figure
                # ("- Xが開発する…") says which company the lines after it are about; a line of figures is one
                # item of a list of many
                self.list_company = subject

    def read_heading(self, text: str, mentions: list[Mention], lexicon: Lexicon, names_period: bool) -> None:
        """A heading sets the company of the list lines under it; one naming neither a company nor a period
        resets it ("合計:" is about no company). Companies in brackets only qualify the heading's company:
        "ELYZA(KDDIグループ、非上場):"."""
        brackets = [match.span() for match in BRACKETED.finditer(text)]
        companies = list(dict.fromkeys(
            m.company for m in mentions
            if not is_source_mention(text, m, lexicon) and not any(s <= m.start < e for s, e in brackets)
            and not relation_named(text, m, lexicon.markers["relation"])
        ))
        if len(companies) == 1:
            self.list_company = self.heading_company = companies[0]
        elif companies or not names_period:
            self.list_company = self.heading_company = ""

    def read_intro(self, subject: str) -> None:
        """A text paragraph introduces the list that may follow it: its subject is the list's company; one that
        names none and states a market's totals leaves the list to the heading's company, not to a company an
        earlier paragraph named (the rows go on with the market's totals)."""
        if subject:
            self.list_company = subject
        elif self.paragraph_market:
            self.list_company = self.heading_company
