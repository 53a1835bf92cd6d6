"""Parallel lists: names first, then values ("A、B、CのMAUはそれぞれX、Y、Z", "A、Bの順にX、Y").

A sentence that lists two or more companies (or their products, also "Xのウェブ版") joined by 、/や/と and then,
in the same clause, a respectively word ([markers] respectively in data/metrics.toml: それぞれ, 順に …) pairs its i-th
name with the i-th figure after that word: levels with levels, changes with changes, each group only when its
count equals the number of names. Otherwise the figures keep the subject subjects.py gave them.

A list of names whose sentence states no figure after the word ("…A、B、Cはそれぞれ…を発表した。") passes the
names to the next sentence, which takes them only if it names no company of its own (translations often put
the values in a sentence of their own).

A list of items of which only some name a company ("モバイルアプリ、X、およびメーカーのアシスタントのMAUはそれぞれ…")
pairs the same way; an item that names none gives the company the text is on (none, in a market's text).

Names given as sources or givers of money ("A、Bからそれぞれ10億円を調達") are no list of subjects.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.companies import Mention
from loaders.metrics import Lexicon
from loaders.subjects import mention_role

# Between two listed names: a short tail of the first name (社, " Holdings", グループ), a form of its product after
# の ("DeepSeekのウェブ版と…"), then a coordinator.
NAME_LINK = re.compile(r"[^\u3041-\u309f。、，,「」()（）0-9]{0,12}(?:の[^\u3041-\u309f。、，,「」()（）0-9]{1,8})?"
                       r"(?:、|，|,|や|と|および|及び|並びに)\s?")
# Between the last name and the respectively word: the rest of the clause's topic ("のMAUは", " は").
NAMES_TO_MARKER = re.compile(r"[^、。，,!?！？]{0,25}")
# A list of items of which only some name a company ("モバイルアプリ、X、およびメーカーのアシスタントのMAUは"):
# items are noun phrases (no kana but の inside), joined by coordinators, then the topic's metric and particle.
_ITEM = r"[^\u3041-\u309f、。，,「」()（）!?！？]{1,20}(?:の[^\u3041-\u309f、。，,「」()（）!?！？]{1,20})?"
_ITEM_LINK = r"(?:[、，,]\s?(?:および|及び|並びに|や)?|および|及び|並びに|や|と)\s?"
ITEM = re.compile(_ITEM)
ITEM_LIST = re.compile(rf"{_ITEM}(?:{_ITEM_LINK}{_ITEM}){{1,9}}")
ITEM_LINK = re.compile(_ITEM_LINK)
# The topic after the last item, right before the respectively word: "の月間アクティブユーザー数は", "は".
LIST_TOPIC = re.compile(r"(?:の[^\u3041-\u309f、。，,]{1,20})?(?:は|が|では)\s?$")
ITEM_REACH = 160  # how far before the respectively word a list of items is looked for


@dataclass(frozen=True)
class ParallelNames:
    """The companies a sentence lists before a respectively word, and where that word ends."""

    companies: tuple[str, ...]
    end: int


def parallel_names(sentence: str, mentions: list[Mention], lexicon: Lexicon) -> ParallelNames | None:
    """The list of names a respectively word of the sentence refers back to, if any."""
    mentions = sorted(mentions, key=lambda m: m.start)
    for word in lexicon.markers["respectively"]:
        at = sentence.find(word)
        while at >= 0:
            names = _names_before(sentence, mentions, at, lexicon)
            if names:
                return ParallelNames(tuple(m.company for m in names), at + len(word))
            items = _items_before(sentence, mentions, at, lexicon)
            if items:
                return ParallelNames(items, at + len(word))
            at = sentence.find(word, at + len(word))
    return None


def _names_before(sentence: str, mentions: list[Mention], at: int, lexicon: Lexicon) -> list[Mention]:
    before = [m for m in mentions if m.end <= at]
    if not before or not NAMES_TO_MARKER.fullmatch(sentence, before[-1].end, at):
        return []
    if before[-1].is_source or mention_role(sentence, before[-1], lexicon) == "excluded":
        return []
    chain = [before[-1]]
    for mention in reversed(before[:-1]):
        if mention.end > chain[0].start or not NAME_LINK.fullmatch(sentence, mention.end, chain[0].start):
            break
        chain.insert(0, mention)
    return chain if len(chain) > 1 else []


def _items_before(sentence: str, mentions: list[Mention], at: int, lexicon: Lexicon) -> tuple[str, ...]:
    """The companies of a list of items before the respectively word, "" for an item that names none (a product
    class, a segment: what the text is on), when at least one item names a company and one does not."""
    region_start = max(0, at - ITEM_REACH)
    topic = LIST_TOPIC.search(sentence, region_start, at)
    if topic is None:
        return ()
    end = topic.start()
    starts = [region_start] + [i + 1 for i in range(region_start, end) if sentence[i] in "、，,"]
    for start in starts:
        start += len(sentence[start:end]) - len(sentence[start:end].lstrip())
        if not ITEM_LIST.fullmatch(sentence, start, end):
            continue
        spans, position = [], start
        while position < end:
            item = ITEM.match(sentence, position, end)
            spans.append(item.span())
            link = ITEM_LINK.match(sentence, item.end(), end)
            position = link.end() if link else end
        companies = tuple(next((m.company for m in mentions if s <= m.start and m.end <= e and not m.is_source
                                and mention_role(sentence, m, lexicon) != "excluded"), "") for s, e in spans)
        if any(companies) and not all(companies):
            return companies
        return ()
    return ()


def assign_respectively(names: ParallelNames, candidates: list, start: int | None = None,
                        fallback: str = "") -> bool:
    """Give the i-th frame figure after the names' word (or after `start`) the i-th company, per role, where the
    counts agree; an item that names no company gives `fallback` (the company the text is on). Returns whether
    any figure was assigned."""
    start = names.end if start is None else start
    figures = [c for c in candidates if c.frame and not c.absorbed and c.quantity.start >= start]
    assigned = False
    for role in ("level", "change", "share"):
        group = [c for c in figures if c.role == role]
        if group and len(group) == len(names.companies):
            for candidate, company in zip(group, names.companies):
                candidate.company = company or fallback
            assigned = True
    return assigned
