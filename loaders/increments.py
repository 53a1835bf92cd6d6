"""A corpus from the previous load of its folder and the files that changed since: only those are extracted.

A folder that gained, lost or changed a few files is assembled from the snapshot of its previous load
(loaders.snapshots: the same knowledge files, extractor and corrections) instead of from every article again:

1. An article is *kept* when the previous load had a file of the same name, article id and content key: the
   same bytes read under the same basis, so the same rows. Every other file is extracted as usual (extraction
   cache first, then parsed); the previous load's articles that are not kept (removed, changed) are dropped.
2. Each frame of articles' rows (articles, companies, figures, sentences, terms, theme scores, mentions) is
   the previous frame's rows of the kept articles — whole column blocks, selected by one vectorised look-up of
   every row's article among the kept ones — followed by the new articles' rows. When a new article sorts
   before a kept one, one stable sort on each row's article position in the folder restores the file order;
   rows within an article keep theirs.
3. With the users' corrections applied, they are applied to the new figure rows only: a correction names its
   article, so a kept article's rows are corrected already, and whether its correction found its figure is
   what the previous load said.
4. Co-mention counts are sums over articles: the previous counts, less the pairs of the dropped articles (the
   companies of a sentence are those of its mention rows: articles.py makes both from the same mentions), plus
   the pairs of the new ones.
5. Facts gather figure rows across articles, group by group (loaders.facts): the previous facts of every group
   no kept-or-dropped change touches stay as they are, the groups that gained or lost a row are built again.
6. The load report and the content hash follow the files in folder order: a kept article's outcome is the
   previous one, every other file's is its new result.

The result is what a load from scratch gives: the same rows in the same order with the same ids, the same
report and content hash (tests/test_increments.py).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders.articles import comention_rows
from loaders.corpus import Corpus, content_hash, join_results
from loaders.corrections import apply_corrections, load_corrections
from loaders.engine import FileResult, ReadFile
from loaders.facts import FACT_COLUMNS, build_facts, fact_group_keys, load_fact_rules
from loaders.frames import COMENTION_COLUMNS, ROW_SCHEMAS, frame_from_rows
from loaders.fx import load_fx_table
from loaders.reading import LoadReport


def kept_files(read: Sequence[FileResult | ReadFile], previous_files: pd.DataFrame) -> list[bool]:
    """For every file read, whether the previous load had its article with the same name, id and content."""
    known = set(zip(previous_files["source_file"], previous_files["article_id"], previous_files["key"]))
    return [isinstance(item, ReadFile) and (item.task.source_file, item.task.article_id, item.key) in known
            for item in read]


def corpus_with_changes(previous: Corpus, read: Sequence[FileResult | ReadFile], kept: Sequence[bool],
                        fresh: list[FileResult], data_dir: str | Path | None = None,
                        corrected: bool = True) -> Corpus:
    """The corpus of the folder: the previous corpus's kept articles and the fresh results of every other file
    (`fresh` in folder order, one per file not kept)."""
    joined = join_results(fresh)
    previous_outcomes = {outcome.source_file: outcome for outcome in previous.report.outcomes}
    fresh_results, fresh_outcomes = iter(fresh), iter(joined.outcomes)
    outcomes, articles, kept_ids = [], [], []
    for item, keep in zip(read, kept, strict=True):
        if keep:
            outcomes.append(previous_outcomes[item.task.source_file])
            articles.append((item.task.article_id, item.key))
            kept_ids.append(item.task.article_id)
            continue
        result, outcome = next(fresh_results), next(fresh_outcomes)
        outcomes.append(outcome)
        if result.article_id in joined.sentence_companies:  # loaded, with text
            articles.append((result.article_id, result.key))
    order = [article_id for article_id, _ in articles]

    new_frames = dict(joined.frames)
    if corrected:
        new_frames["figures"], corrections = apply_corrections(new_frames["figures"], load_corrections(data_dir))
    frames = {kind: _in_folder_order(getattr(previous, kind), new_frames[kind], kept_ids, order)
              for kind in ROW_SCHEMAS}
    dropped = set(previous.articles["article_id"].tolist()) - set(kept_ids)
    corpus = Corpus(
        articles=frames["articles"], companies=frames["companies"], figures=frames["figures"],
        sentences=frames["sentences"], terms=frames["terms"], theme_scores=frames["theme_scores"],
        mentions=frames["mentions"],
        comentions=_comentions(previous, dropped, joined.sentence_companies),
        report=LoadReport(tuple(outcomes)),
        content_hash=content_hash(articles, data_dir),
    )
    if not corrected:
        return corpus
    before = {tuple(row[:4]): row[4:] for row in previous.corrections[
        ["article_id", "sentence", "value", "unit", "applied", "detail"]].itertuples(index=False, name=None)}
    kept_set = set(kept_ids)
    applied, detail = [], []
    for row in corrections[["article_id", "sentence", "value", "unit", "applied", "detail"]].itertuples(
            index=False, name=None):
        was = before.get(tuple(row[:4])) if row[0] in kept_set else None
        applied.append(bool(was[0]) if was else row[4])
        detail.append(str(was[1]) if was else row[5])
    corrections = corrections.assign(applied=pd.Series(applied, dtype="bool"),
                                     detail=pd.Series(detail, dtype="string"))
    touched = set(fact_group_keys(_figures_of(previous.figures, dropped))) | set(fact_group_keys(new_frames["figures"]))
    facts = _facts(previous.facts, corpus.figures, corpus.articles, touched, data_dir)
    return replace(corpus, facts=facts, corrections=corrections)


def _positions(frame: pd.DataFrame, article_ids: list[str]) -> np.ndarray:
    """Each row's article's position in `article_ids` (-1: not there), one vectorised look-up."""
    ids = pa.array(frame["article_id"])
    found = pc.index_in(ids, value_set=pa.array(article_ids, type=ids.type))
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype("int64")


def _in_folder_order(old: pd.DataFrame, new: pd.DataFrame, kept: list[str], order: list[str]) -> pd.DataFrame:
    """The kept articles' rows of `old` and the rows of `new`, in the folder's order of their articles."""
    mask = _positions(old, kept) >= 0
    kept_rows = old if mask.all() else old[mask]
    if new.empty:
        return kept_rows.reset_index(drop=True)
    position = np.concatenate([_positions(kept_rows, order), _positions(new, order)])
    joined = pd.concat([kept_rows, new], ignore_index=True)
    if len(position) and np.all(position[1:] >= position[:-1]):  # the new articles come after the kept ones
        return joined
    return joined.take(np.argsort(position, kind="stable")).reset_index(drop=True)


def _figures_of(figures: pd.DataFrame, article_ids: set[str]) -> pd.DataFrame:
    return figures[figures["article_id"].isin(list(article_ids))] if article_ids else figures.iloc[:0]


def _comentions(previous: Corpus, dropped: set[str], added: dict[str, list[set[str]]]) -> pd.DataFrame:
    """The previous co-mention counts, less the dropped articles' pairs, plus the added articles' pairs."""
    frame = previous.comentions
    pairs = list(zip(frame["company_a"].tolist(), frame["company_b"].tolist()))
    in_articles = Counter(dict(zip(pairs, frame["n_articles"].tolist())))
    in_sentences = Counter(dict(zip(pairs, frame["n_sentences"].tolist())))
    if dropped:
        mentions = previous.mentions
        mentions = mentions[mentions["article_id"].isin(list(dropped))]
        per_sentence: dict[str, dict[tuple[int, int], set[str]]] = {}
        for article_id, paragraph, index, company in zip(*(mentions[name].tolist() for name in (
                "article_id", "paragraph", "sentence_index", "company"))):
            per_sentence.setdefault(article_id, {}).setdefault((paragraph, index), set()).add(company)
        gone_articles, gone_sentences = _pair_counts({aid: list(s.values()) for aid, s in per_sentence.items()})
        in_articles.subtract(gone_articles)
        in_sentences.subtract(gone_sentences)
    new_articles, new_sentences = _pair_counts(added)
    in_articles.update(new_articles)
    in_sentences.update(new_sentences)
    rows = [{"company_a": a, "company_b": b, "n_articles": n, "n_sentences": in_sentences.get((a, b), 0)}
            for (a, b), n in sorted(in_articles.items()) if n > 0]
    return frame_from_rows(rows, COMENTION_COLUMNS)


def _pair_counts(sentence_companies: dict[str, list[set[str]]]) -> tuple[Counter, Counter]:
    """Pairs of companies per article and per sentence, as comention_rows counts them."""
    rows = comention_rows(sentence_companies)
    in_articles = Counter({(r["company_a"], r["company_b"]): r["n_articles"] for r in rows})
    in_sentences = Counter({(r["company_a"], r["company_b"]): r["n_sentences"] for r in rows})
    return in_articles, in_sentences


def _facts(previous: pd.DataFrame, figures: pd.DataFrame, articles: pd.DataFrame, touched: set[tuple[str, ...]],
           data_dir: str | Path | None) -> pd.DataFrame:
    """The previous facts of the untouched groups and the touched groups' facts built again, in group order."""
    if not touched:
        return previous
    fact_keys = fact_group_keys(previous)
    untouched = previous[[key not in touched for key in fact_keys]]
    rows = figures[[key in touched for key in fact_group_keys(figures)]]
    rebuilt = build_facts(rows, articles, load_fact_rules(data_dir), load_fx_table(data_dir))
    keys = [key for key in fact_keys if key not in touched] + fact_group_keys(rebuilt)
    joined = pd.concat([untouched, rebuilt], ignore_index=True)
    order = sorted(range(len(keys)), key=keys.__getitem__)  # stable: a group's facts keep their order
    return frame_from_rows([], FACT_COLUMNS) if joined.empty else joined.take(order).reset_index(drop=True)
