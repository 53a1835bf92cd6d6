"""Sentences -> figure rows: frame, metric, company, value, unit, period, change, evidence.

How a number becomes a figure (the words involved live in data/metrics.toml):
1. Quantities come from `numbers.find_quantities`; dates, durations, ordinals, multiples and numbers
   inside product names (Office 365) are dropped.
2. Each quantity is governed by a metric keyword: one right after it ("25億元の資金調達", "1,000社以上の
   顧客"), else the nearest before it since the previous quantity ("売上高は100億円"), else one at the end
   of the noun phrase after it, else the previous quantity's metric (a coordinated list "5月に10%、6月に15%").
3. Money and counts become levels of that metric when it takes them; a percentage becomes a change
   (its own direction, a change marker such as 前年比, or the direction word that closes its list) or a
   share (割合, 占め); a change stated with a level is folded into that level's row.
4. The subject is the company named inside the governing noun phrase, else the nearest company before the
   number, else the context (the heading over a list, the subject of the sentence before, 同社); a
   sentence about the market as a whole (世界の, 業界全体) has none. Companies cited as sources never are.
5. The period is the nearest one named before the number, else the heading's or intro's over a list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.cleaning import CleanArticle
from loaders.companies import Mention
from loaders.metrics import Keyword, Lexicon, MetricRule
from loaders.numbers import Quantity, find_quantities
from loaders.periods import PeriodMention, find_periods

# Counters that make a number a date, a duration, an ordinal or a multiple: never a figure.
NOT_FIGURE_COUNTERS = frozenset(
    "年 年度 年代 年間 周年 月 月期 か月 日 日間 時間 分 分間 秒 週 週間 位 倍 歳 代 世代 四半期 半期 期 号 割 "
    "段階 次元 点 度 ポイント bp つ".split()
)
# Text allowed between a number and the noun phrase that follows it ("の", "を", "規模の").
RIGHT_GLUE = ("の", "を", "に", "もの", "規模の", "分の", "相当の", "相当を", "程度の", "ほどの", "ものの")
NOUN_PHRASE_MAX = 45
# A noun phrase ends at punctuation or at any hiragana but の (a particle or a verb ending).
NOUN_PHRASE_END = re.compile(r"[\u3041-\u306d\u306f-\u309f、。，,.（()（）「」『』:：;；!?！？\s]")
# How far before a number a keyword may stand and still govern it ("ユーザー数は 100 万人").
LEFT_REACH = {"money": 40, "number": 25}
CHANGE_MARKER_WINDOW = 15
SHARE_MARKER_WINDOW = 12


@dataclass
class Candidate:
    """A number of a sentence on its way to becoming a row."""

    quantity: Quantity
    rule: MetricRule | None
    role: str  # level | change | share | ""
    direction: int
    own_keyword: bool
    company: str = ""
    period: str = ""
    change_pct: float | None = None
    absorbed: bool = False  # a change folded into a level

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
        return {"level": self.rule.id, "change": self.rule.change_metric or f"{self.rule.id}_change",
                "share": self.rule.share_metric or f"{self.rule.id}_share"}.get(self.role, self.rule.id)

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
    """What the sentences read so far say about the subject and period of the next ones."""

    list_company: str = ""
    list_period: str = ""
    last_subject: str = ""
    last_rule: MetricRule | None = None
    last_candidate: Candidate | None = None
    last_paragraph: int = -1
    rows: list[Candidate] = field(default_factory=list)


def _is_figure_quantity(q: Quantity, sentence: str, mentions: list[Mention]) -> bool:
    if q.kind == "number" and q.counter in NOT_FIGURE_COUNTERS:
        return False
    if any(m.start < q.end and q.start < m.end for m in mentions):
        return False  # a number inside a product or company name (Office 365, Qihoo 360)
    before = sentence[max(0, q.start - 1):q.start]
    if q.kind == "number" and before and (before.isascii() and before.isalpha() or before in "-.vV"):
        return False  # a version or model size (V1.5, GPT-4)
    if before in "/／" or sentence[q.end:q.end + 1] in ("/", "／"):
        return False  # a fraction (1/4)
    return True


def _right_keyword(sentence: str, q: Quantity, limit: int, keywords: list[Keyword]) -> tuple[Keyword | None, bool]:
    """The head keyword of the noun phrase after the number, and whether that phrase starts with a keyword."""
    start = q.end + len(sentence[q.end:limit]) - len(sentence[q.end:limit].lstrip())
    for glue in sorted(RIGHT_GLUE, key=len, reverse=True):
        if sentence.startswith(glue, start):
            start += len(glue)
            break
    end_match = NOUN_PHRASE_END.search(sentence, start, limit)
    end = end_match.start() if end_match else limit
    if end - start > NOUN_PHRASE_MAX:
        return None, False
    inside = [k for k in keywords if start <= k.start and k.end <= end]
    if not inside:
        return None, False
    return inside[-1], inside[0].start == start


def _left_keyword(sentence: str, q: Quantity, window_start: int, keywords: list[Keyword]) -> Keyword | None:
    """The nearest keyword before the number, close enough to govern it."""
    before = [k for k in keywords if window_start <= k.start and k.end <= q.start]
    if not before:
        return None
    keyword = before[-1]
    gap = sentence[keyword.end:q.start]
    if len(gap) > LEFT_REACH["money" if q.kind == "money" else "number"]:
        return None
    if q.kind == "number" and "、" in gap.lstrip("はがもで").lstrip("、"):
        return None
    return keyword


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
    ups = min((tail.find(w) for w in lexicon.markers["up"] if w in tail), default=-1)
    downs = min((tail.find(w) for w in lexicon.markers["down"] if w in tail), default=-1)
    if ups < 0 and downs < 0:
        return 0
    if ups < 0:
        return -1
    if downs < 0:
        return 1
    return 1 if ups < downs else -1


def _candidates(sentence: str, quantities: list[Quantity], keywords: list[Keyword], lexicon: Lexicon,
                inherited: MetricRule | None) -> list[Candidate]:
    """Metric and role of every figure-like number of one sentence."""
    result: list[Candidate] = []
    for i, q in enumerate(quantities):
        previous = result[-1] if result else None
        window_start = quantities[i - 1].end if i else 0
        limit = quantities[i + 1].start if i + 1 < len(quantities) else len(sentence)
        left_text = sentence[window_start:q.start]
        right, adjacent = _right_keyword(sentence, q, limit, keywords)
        left = _left_keyword(sentence, q, window_start, keywords)
        keyword = right if adjacent else (left or right)
        rule = keyword.rule if keyword else None
        own = rule is not None
        role, direction = "", q.direction
        if q.kind == "percent":
            near_left = left_text[-SHARE_MARKER_WINDOW:]
            after = sentence[q.end:limit]
            if lexicon.has_marker("share", near_left) or after.lstrip().startswith(("を占め", "の割合", "のシェア")):
                role = "share"
            elif direction or lexicon.has_marker("change", left_text[-CHANGE_MARKER_WINDOW:]):
                role = "change"
            elif not own and previous is not None and previous.quantity.kind == "percent":
                role = previous.role
            if not direction and role in ("change", ""):
                direction = _direction_after(sentence, q, quantities[i + 1:], lexicon)
                role = "change" if direction else role
            if role == "change" and not direction and previous is not None and previous.role == "change":
                direction = previous.direction
        elif rule is not None:
            wanted = "money" if q.kind == "money" else "count"
            role = "level" if wanted in rule.units else ""
        if rule is None and previous is not None and not lexicon.has_marker("change", left_text):
            rule, role = previous.rule, role or (previous.role if q.kind == previous.quantity.kind else "")
        if rule is None and inherited is not None:
            rule = inherited
            if q.kind != "percent":
                role = "level" if ("money" if q.kind == "money" else "count") in rule.units else ""
        if q.kind != "percent" and rule is not None and role == "":
            role = "level" if ("money" if q.kind == "money" else "count") in rule.units else ""
        result.append(Candidate(q, rule, role, direction, own))
    return result


def _source_mention(sentence: str, mention: Mention, lexicon: Lexicon) -> bool:
    if mention.is_source:
        return True
    after = sentence[mention.end:mention.end + 16].split("、", 1)[0]
    return lexicon.has_marker("source", after)


def _subject(sentence: str, q: Quantity, keyword_end: int | None, mentions: list[Mention], lexicon: Lexicon,
             fallback: str) -> str:
    """The company a number is about (see the module docstring, step 4)."""
    usable = [m for m in mentions if not _source_mention(sentence, m, lexicon)]
    if keyword_end is not None:
        inside = [m for m in usable if q.end <= m.start and m.end <= keyword_end]
        if inside:
            return inside[0].company
    before = [
        m for m in usable
        if m.end <= q.start and not sentence[m.end:m.end + 2].startswith(tuple(lexicon.markers["from_other"]))
    ]
    if before:
        chosen = before[-1]
        between = sentence[chosen.end:q.start]
        # "マスク氏の売上総利益": a person's holdings, not the company named before
        return "" if lexicon.has_marker("market", between) or "氏の" in between else chosen.company
    if lexicon.has_marker("market", sentence[:q.start]):
        return ""
    return fallback


def topic_company(sentence: str, mentions: list[Mention], lexicon: Lexicon) -> str:
    """The company a sentence is about: the last one marked as topic (Xは, Xが, Xの売上高), else the first."""
    usable = [m for m in mentions if not _source_mention(sentence, m, lexicon)]
    topical = []
    for m in usable:
        after = sentence[m.end:m.end + 14].removeprefix("社")
        if after.startswith(("は", "が", "も", "では")) or (
            after.startswith("の") and lexicon.keywords_in(after[:12])
        ):
            topical.append(m)
    if topical:
        return topical[-1].company
    return usable[0].company if usable else ""


def _period_for(q: Quantity, periods: list[PeriodMention], fallback: str) -> str:
    before = [p for p in periods if p.end <= q.start]
    return before[-1].period if before else fallback


def _fold_changes(candidates: list[Candidate]) -> None:
    """A change stated with a level ("1082億ドル(前年比4.3%増)", "20%増の500億円") joins that level's row."""
    for i, change in enumerate(candidates):
        if change.role != "change":
            continue
        target = None
        for level in reversed(candidates[:i]):
            if level.role == "change" and not level.absorbed:
                break
            if level.role == "level" and level.change_pct is None and level.frame:
                target = level
                break
        if target is None and i + 1 < len(candidates):
            following = candidates[i + 1]
            gap = following.quantity.start - change.quantity.end
            if following.role == "level" and following.change_pct is None and following.frame and gap <= 4:
                target = following
        if target is not None and (change.rule is None or not change.own_keyword or change.rule == target.rule
                                   or change.rule.frame == target.rule.frame):
            target.change_pct = change.value
            change.absorbed = True


def figures_from_sentence(
    sentence: str,
    mentions: list[Mention],
    lexicon: Lexicon,
    *,
    reference_year: int | None = None,
    fallback_company: str = "",
    fallback_period: str = "",
    inherited: MetricRule | None = None,
) -> list[Candidate]:
    """Every number of one sentence with its metric, role, subject and period (including non-figures)."""
    quantities = [q for q in find_quantities(sentence) if _is_figure_quantity(q, sentence, mentions)]
    if not quantities:
        return []
    keywords = lexicon.keywords_in(sentence)
    periods = find_periods(sentence, reference_year)
    candidates = _candidates(sentence, quantities, keywords, lexicon, inherited)
    for i, candidate in enumerate(candidates):
        q = candidate.quantity
        limit = quantities[i + 1].start if i + 1 < len(quantities) else len(sentence)
        right, adjacent = _right_keyword(sentence, q, limit, keywords)
        keyword_end = right.end if right is not None and not adjacent else None
        candidate.company = _subject(sentence, q, keyword_end, mentions, lexicon, fallback_company)
        candidate.period = _period_for(q, periods, fallback_period)
    _fold_changes(candidates)
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
) -> list[tuple[Candidate, int, int, str]]:
    """Every number of an article as (candidate, paragraph, sentence index, sentence).

    `mentions_of(text)` returns the company mentions of a text (known and unknown organisations).
    """
    state = ArticleState()
    out: list[tuple[Candidate, int, int, str]] = []
    for paragraph in article.paragraphs:
        if paragraph.kind == "heading":
            _read_heading(paragraph.text, mentions_of(paragraph.text), lexicon, state, reference_year)
        paragraph_subject = ""
        for index, sentence in enumerate(paragraph.sentences):
            mentions = mentions_of(sentence)
            mentions = _resolve_same_company(sentence, mentions, state.last_subject or paragraph_subject)
            opens_with_anaphora = sentence.lstrip("（(「").startswith(tuple(lexicon.markers["anaphora"]))
            in_list = paragraph.kind in ("list", "heading")
            fallback_company = state.list_company if in_list else paragraph_subject
            if opens_with_anaphora and not fallback_company:
                fallback_company = state.last_subject
            candidates = figures_from_sentence(
                sentence, mentions, lexicon, reference_year=reference_year,
                fallback_company=fallback_company,
                fallback_period=state.list_period if in_list else "",
                inherited=state.last_rule if opens_with_anaphora else None,
            )
            _attach_to_previous(state, candidates, paragraph.index, opens_with_anaphora)
            for candidate in candidates:
                if candidate.absorbed:
                    continue
                out.append((candidate, paragraph.index, index, sentence))
                if candidate.frame:
                    state.last_candidate = candidate
                    state.last_paragraph = paragraph.index
            figures = [c for c in candidates if c.frame and not c.absorbed]
            subject = figures[-1].company if figures else topic_company(sentence, mentions, lexicon)
            if subject:
                paragraph_subject = subject
                if not in_list:
                    state.last_subject = subject
            framed = [k.rule for k in lexicon.keywords_in(sentence) if k.rule.frame or k.rule.change_metric]
            if framed:
                state.last_rule = framed[-1]
        if paragraph.kind == "text":
            _read_intro(paragraph, paragraph_subject, lexicon, state, reference_year)
    return out


def _resolve_same_company(sentence: str, mentions: list[Mention], current: str) -> list[Mention]:
    """同社 ("the same company") stands for the company the text is about."""
    if not current or "同社" not in sentence:
        return mentions
    extra = []
    start = sentence.find("同社")
    while start >= 0:
        extra.append(Mention(current, "同社", start, start + 2, False, True))
        start = sentence.find("同社", start + 2)
    return sorted([*mentions, *extra], key=lambda m: m.start)


def _read_heading(text: str, mentions: list[Mention], lexicon: Lexicon, state: ArticleState,
                  reference_year: int | None) -> None:
    """A heading sets the company and period of the list lines under it (a heading naming neither resets)."""
    companies = list(dict.fromkeys(m.company for m in mentions if not _source_mention(text, m, lexicon)))
    periods = find_periods(text, reference_year)
    if periods:
        state.list_period = periods[-1].period
    if len(companies) == 1:
        state.list_company = companies[0]
    elif companies or not periods:
        state.list_company = ""


def _read_intro(paragraph, subject: str, lexicon: Lexicon, state: ArticleState,
                reference_year: int | None) -> None:
    """A text paragraph introduces the list that may follow it ("…の2023年における売上総利益は以下の通り")."""
    if subject:
        state.list_company = subject
    periods = find_periods(paragraph.text, reference_year)
    if periods:
        state.list_period = periods[-1].period
