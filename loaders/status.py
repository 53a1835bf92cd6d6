"""Figure status: whether a number is stated as actual, or as a forecast, target, analysts' consensus or in talks.

The words live in data/metrics.toml [status]. For each figure of a sentence:
1. The sentence is cut into clauses at 。 ； and at a comma after a predicate's kana (…を計上し、 …で、); a comma
   after a particle (2030年までに、 売上高は、) keeps the clause going. A status word outside the number's
   clause never governs it, so "売上高は120億ドルとなり、通期見通しを引き上げた" keeps 120億ドル actual.
2. Within its clause the number takes, in order:
   a. a word right after it (at most POSTFIX_GAP characters on past a bracketed aside, no other figure between):
      "1,000億円を目指す", "1兆ドル（約150兆円）ものデータセンター投資を計画",
      "500億ドルになるとの見通し", "318億ドルの市場予想を上回った" — unless the word leads on to the next figure
      ("330億ドル（市場予想は318億ドル）": 市場予想 is 318億ドル's), or a comparison follows the word and the
      number does not modify it ("330億ドルと予想を上回った" is actual);
   b. a word right before it (at most PREFIX_GAP characters back): "市場予想の318億ドル", "見通しは売上高500億ドル",
      unless a comparison follows the word ("予想を上回る330億ドル" is actual) or an actual word stands
      between ("見通しに対し実績は…");
   c. the status of a neighbour it is listed with ("2025年に500億ドル、26年に600億ドルを見込む"): nothing but list
      glue between them, no topic (は, が), no comparison, no bracket;
   d. the status of the revised value, for the value a revision starts from ("90億ドルから100億ドルに上方修正");
   e. a forecast that is the sentence's topic ("2025年度の業績予想は…、売上収益は…3兆3600億円となっている",
      "通期の見通しについて、売上高が…"), for a number after it, unless a turn ("…据え置いたが、") or an actual word
      stands between;
   f. a talks word anywhere in its clause ("評価額1,500億ドルで65億ドルを調達する方向で協議している").
   Otherwise it is actual.
"""
from __future__ import annotations

import re

from loaders.metrics import Lexicon
from loaders.numbers import Quantity

ACTUAL = "actual"
# a short aside in brackets ("（約220兆円）", "（前年比12%増）"): it does not part a number from the words after it
BRACKETED = re.compile(r"[（(][^（()）]{1,30}[)）]")
POSTFIX_GAP = 16
PREFIX_GAP = 12
# What ends a list link between two figures of one clause: a new topic, a comparison, a bracket, a source.
LIST_BREAKS = ("は", "が", "で", "から", "に対し", "（", "(", "）", ")")
# What a number that modifies a status word is followed by: "318億ドルの市場予想", "500億円という目標".
QUOTATIVE = ("と発表", "と述べ", "と報じ", "と明らか", "とし", "と語")
TIME_TOPIC = "には"
MODIFIER_GLUE = ("の", "という", "との", "とする", "規模の", "程度の", "前後の")


def clause_spans(sentence: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """The clauses of a sentence as (start, end) spans that cover it."""
    kana = set(lexicon.status_words["clause_end"])
    spans, start = [], 0
    for i, ch in enumerate(sentence):
        if ch in "。；;\n" or (ch in "、，," and i and sentence[i - 1] in kana):
            spans.append((start, i + 1))
            start = i + 1
    if start < len(sentence) or not spans:
        spans.append((start, len(sentence)))
    return spans


def figure_statuses(sentence: str, quantities: list[Quantity], lexicon: Lexicon) -> list[str]:
    """The status of each quantity of one sentence (quantities in text order, figures only)."""
    if not quantities:
        return []
    words = lexicon.status_words_in(sentence)
    if not words:
        return [ACTUAL] * len(quantities)
    spans = clause_spans(sentence, lexicon)
    clause_of = [next(i for i, (s, e) in enumerate(spans) if s <= q.start < e or e == len(sentence))
                 for q in quantities]
    comparisons = tuple(lexicon.status_words["comparison"])
    actual_words = lexicon.status_words["actual"]

    def compared(end: int) -> bool:
        return sentence.startswith(comparisons, end)

    own: list[str | None] = []
    how: list[str] = []  # "after" | "before" | "" — where the own status came from
    word_after: list[str] = []  # the status word after the number that gave it its status, if any
    for i, q in enumerate(quantities):
        clause_start, clause_end = spans[clause_of[i]]
        following = quantities[i + 1] if i + 1 < len(quantities) and clause_of[i + 1] == clause_of[i] else None
        previous = quantities[i - 1] if i and clause_of[i - 1] == clause_of[i] else None
        status, source = None, ""
        right_limit = following.start if following else clause_end
        for word_status, start, end in words:
            # a word may begin inside the number's span, which holds a hedge ("1兆円突破|へ")
            if not (q.start < start < right_limit and end > q.end) or word_status == "in_talks":
                continue
            gap = sentence[q.end:max(q.end, start)]
            aside = BRACKETED.match(gap)
            if len(gap) - (aside.end() if aside else 0) > POSTFIX_GAP:
                break
            if following is not None and _leads_on(sentence[end:following.start]) and not compared(end):
                break  # the word leads on to the next figure: it is that one's
            if compared(end) and gap.strip() not in MODIFIER_GLUE:
                continue
            status, source = word_status, "after"
            break
        word_after.append(sentence[start:end] if source == "after" else "")
        if status is None:
            left_limit = previous.end if previous else clause_start
            for word_status, start, end in reversed(words):
                if not (left_limit <= start and end <= q.start) or word_status == "in_talks":
                    continue
                gap = sentence[end:q.start]
                if not _leads_on(gap) or any(w in gap for w in actual_words):
                    break
                if compared(end):
                    break
                status, source = word_status, "before"
                break
        own.append(status)
        how.append(source)

    statuses = list(own)
    # the value a revision starts from ("90億ドルから100億ドルに上方修正") is the guidance it replaces
    revisions = lexicon.status_words["revision"]
    for i in range(len(quantities) - 1):
        if statuses[i] is None and word_after[i + 1] in revisions and clause_of[i] == clause_of[i + 1] \
                and sentence[quantities[i].end:quantities[i + 1].start].strip() == "から":
            statuses[i], how[i] = statuses[i + 1], "listed"
    # c. a list takes the status its end or its head states
    for i in range(len(quantities) - 2, -1, -1):
        if statuses[i] is None and how[i + 1] in ("after", "listed") and clause_of[i] == clause_of[i + 1] \
                and _listed(sentence, quantities[i], quantities[i + 1], lexicon):
            statuses[i], how[i] = statuses[i + 1], "listed"
    for i in range(1, len(quantities)):
        if statuses[i] is None and how[i - 1] == "before" and clause_of[i - 1] == clause_of[i] \
                and _listed(sentence, quantities[i - 1], quantities[i], lexicon):
            statuses[i], how[i] = statuses[i - 1], "before"
    # e. a forecast or target the sentence has as its topic governs the figures after it
    topic = _topic_status(sentence, words, lexicon)
    if topic is not None:
        status, end = topic
        for i, q in enumerate(quantities):
            if statuses[i] is None and q.start >= end and not any(
                    w in sentence[end:q.start] for w in (*lexicon.status_words["turn"], *actual_words)):
                statuses[i] = status
    # d. talks cover their clause
    talks = {clause for clause, (s, e) in enumerate(spans)
             if any(w == "in_talks" and s <= start < e for w, start, _ in words)}
    return [status or ("in_talks" if clause_of[i] in talks else ACTUAL) for i, status in enumerate(statuses)]


def _topic_status(sentence: str, words: list[tuple[str, int, int]], lexicon: Lexicon) -> tuple[str, int] | None:
    """A forecast word that is the sentence's topic ("業績予想は", "見通しについて、"), as (status, where its topic marker
    ends), or None. (A target as topic is often one named before: "この野心的な目標は、同社が…を調達してから".)"""
    for status, _start, end in words:
        if status != "forecast":
            continue
        marker = next((m for m in lexicon.status_words["topic"] if sentence.startswith(m, end)), None)
        if marker is not None:
            return status, end + len(marker)
    return None


def _leads_on(gap: str) -> bool:
    """A status word leads on to the figure after it: a short gap, not a quotation it closes ("…予定と発表、")."""
    return len(gap) <= PREFIX_GAP and not gap.startswith(QUOTATIVE)


def heading_status(text: str, lexicon: Lexicon) -> str:
    """The status a heading or list intro gives the list lines under it ("■通期の業績見通し", "2030年の目標は次の
    通り"): its first status word that is no yardstick, else actual."""
    comparisons = tuple(lexicon.status_words["comparison"])
    for status, _start, end in lexicon.status_words_in(text):
        if status != "in_talks" and not text.startswith(comparisons, end):
            return status
    return ACTUAL


def _listed(sentence: str, first: Quantity, second: Quantity, lexicon: Lexicon) -> bool:
    """Two figures of one list: joined by a comma or と, with no topic, comparison, bracket or actual word."""
    # "2025年には…、2029年には…": に+は after a time is an adverbial, no new topic
    between = sentence[first.end:second.start].replace(TIME_TOPIC, "")
    if not between or between[0] not in "、，,とや":
        return False
    if any(w in between for w in LIST_BREAKS) or any(w in between for w in lexicon.status_words["actual"]):
        return False
    return not any(w in between for w in lexicon.status_words["comparison"])
