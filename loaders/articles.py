"""One document -> the rows it contributes to every frame (article, companies, figures, sentences, terms, themes)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations
from pathlib import Path

from loaders.budget import checkpoint
from loaders.cleaning import CleanArticle, FurnitureRules, clean_text, load_furniture
from loaders.companies import Gazetteer, KnownMentions, Mention, find_mentions, find_organisations, load_gazetteer
from loaders.figures import Candidate, extract_figures
from loaders.frames import ROW_SCHEMAS
from loaders.subjects import main_company, speaks_of_a_market
from loaders.metrics import Lexicon, load_lexicon
from loaders.numbers import NumberWords, load_number_words, use_number_words
from loaders.periods import Reference
from loaders.reading import Document
from loaders.terms import load_stopwords, make_tagger, terms_of_paragraphs
from loaders.themes import ThemeRule, assign_themes, load_theme_rules
from loaders.vocabulary import load_synonyms

ROW_KINDS = tuple(ROW_SCHEMAS)


@dataclass(frozen=True)
class Knowledge:
    """Everything read from the knowledge files, loaded once per corpus."""

    furniture: FurnitureRules
    gazetteer: Gazetteer
    lexicon: Lexicon
    themes: tuple[ThemeRule, ...]
    stopwords: frozenset[str]
    synonyms: dict[str, str]  # folded spelling -> canonical term (synonyms.toml)
    numbers: NumberWords  # the words around a number (numbers.toml)

    @classmethod
    def load(cls, data_dir: str | Path | None = None) -> Knowledge:
        """Read every knowledge file; numbers are read with this folder's numbers.toml from now on."""
        numbers = load_number_words(data_dir)
        use_number_words(numbers)
        return cls(load_furniture(data_dir), load_gazetteer(data_dir), load_lexicon(data_dir),
                   load_theme_rules(data_dir), load_stopwords(data_dir), load_synonyms(data_dir), numbers)

    @cached_property
    def countries(self) -> dict[str, str]:
        """Company -> country code, built once per corpus (not once per article)."""
        return {name: company.country for name, company in self.gazetteer.companies.items()}


@dataclass(frozen=True)
class ArticleExtraction:
    """Rows of one article for each frame, and the companies of each of its sentences."""

    rows: dict[str, list[dict]]
    sentence_companies: list[set[str]]


def extract_article(document: Document, knowledge: Knowledge) -> ArticleExtraction:
    """Clean one document and extract its rows for every frame."""
    article = clean_text(document.text, document.html_title, document.site_name, knowledge.furniture)
    checkpoint()  # the file's time budget (loaders/budget.py) is checked between stages and per sentence
    article_id = document.article_id
    full_text = "\n".join([article.title, *(p.text for p in article.paragraphs)])
    # the header that names the issuer (会社名　株式会社X) is no body text, but it names an organisation
    searched = f"{article.issuer}\n{full_text}"
    scanned = KnownMentions(searched, knowledge.gazetteer)  # one pass; paragraphs and sentences are slices
    # a metric's word is no product a company names ("Xの売上高は")
    organisations = find_organisations(searched, knowledge.gazetteer, scanned.within(),
                                       lambda word: bool(knowledge.lexicon.keywords_in(word)))
    found: dict[str, tuple[Mention, ...]] = {}

    def mentions_of(text: str) -> list[Mention]:
        # the figures and the sentence rows ask for the same sentences: find their mentions once
        if text not in found:
            checkpoint()
            at = searched.find(text)
            known = scanned.within(at, at + len(text)) if at >= 0 else None
            found[text] = tuple(find_mentions(text, knowledge.gazetteer, organisations.names, known,
                                              organisations.aliases, organisations.kinds))
        return list(found[text])

    countries = knowledge.countries
    paragraph_mentions = [mentions_of(p.text) for p in article.paragraphs]
    headings = _section_headings(article)
    assignment = assign_themes(
        [p.text for p in article.paragraphs],
        [{(m.company, countries.get(m.company, "")) for m in found} for found in paragraph_mentions],
        knowledge.themes,
        contexts=headings,
    )
    paragraph_themes = ["|".join(themes) for themes in assignment.paragraph_themes]

    all_mentions = mentions_of(full_text)
    speaks_as_itself = any(word in full_text for word in knowledge.lexicon.markers["self"])
    own = main_company(all_mentions, mentions_of(article.title), speaks_as_itself, mentions_of(article.issuer),
                       title=article.title, relations=knowledge.lexicon.markers["relation"],
                       of_a_market=speaks_of_a_market(full_text, knowledge.lexicon))
    published = document.published or article.published
    reference = Reference.from_published(published)
    figures = extract_figures(article, mentions_of, knowledge.lexicon, reference.year, own,
                              reference_month=reference.month, fiscal_year_end=knowledge.gazetteer.fiscal_year)
    figure_rows = _figure_rows(article_id, figures, paragraph_themes)
    checkpoint()

    sentence_rows, sentence_companies, mention_rows = [], [], []
    for paragraph, heading in zip(article.paragraphs, headings):
        for index, sentence in enumerate(paragraph.sentences):
            sentence_rows.append({"article_id": article_id, "paragraph": paragraph.index, "sentence_index": index,
                                  "text": sentence, "heading": heading,
                                  "themes": paragraph_themes[paragraph.index]})
            in_sentence = mentions_of(sentence)
            sentence_companies.append({m.company for m in in_sentence})
            mention_rows.extend({"article_id": article_id, "paragraph": paragraph.index, "sentence_index": index,
                                 "company": m.company, "surface": m.surface, "start": m.start, "end": m.end,
                                 "is_known": m.is_known, "is_product": m.is_product} for m in in_sentence)

    labels = {rule.id: rule.label for rule in knowledge.themes}
    theme_rows = [{"article_id": article_id, "theme": theme, "label": labels.get(theme, theme), "score": score}
                  for theme, score in assignment.article_scores.items()]
    terms = terms_of_paragraphs(((article_id, p.index, p.text) for p in _within_budget(article.paragraphs)),
                                 make_tagger(), knowledge.stopwords, knowledge.synonyms)
    rows = {
        "articles": [_article_row(document, article, "|".join(assignment.article_themes), published)],
        "companies": _company_rows(article_id, article, [m for m in all_mentions if not m.is_platform],
                                   knowledge.gazetteer,
                                   _publishing_companies(article, mentions_of, own[0])),
        "figures": figure_rows,
        "sentences": sentence_rows,
        "terms": terms,
        "theme_scores": theme_rows,
        "mentions": mention_rows,
    }
    return ArticleExtraction(rows, sentence_companies)


def _within_budget(items):
    """The items, the file's time budget checked before each."""
    for item in items:
        checkpoint()
        yield item


def _section_headings(article: CleanArticle) -> list[str]:
    """The heading each paragraph sits under ("" before the first heading)."""
    headings, current = [], ""
    for paragraph in article.paragraphs:
        if paragraph.kind == "heading":
            current = paragraph.text
        headings.append(current)
    return headings


def _article_row(document: Document, article: CleanArticle, themes: str, published: str) -> dict:
    return {
        "article_id": document.article_id,
        "source_file": document.source_file,
        "title": article.title,
        "publisher": article.publisher,
        "published": published,
        "n_chars": article.n_chars,
        "themes": themes,
        "encoding": document.encoding,
        "n_paragraphs": len(article.paragraphs),
        "n_sentences": sum(len(p.sentences) for p in article.paragraphs),
        "n_repeats_removed": article.n_repeats_removed,
        "n_furniture_removed": article.n_furniture_removed,
    }


def _publishing_companies(article: CleanArticle, mentions_of, own: str) -> set[str]:
    """The organisations the article's publisher names (ブルームバーグ -> Bloomberg), unless the article is about
    one of them (its main company, or one its title names)."""
    if not article.publisher:
        return set()
    about = {own} | {m.company for m in mentions_of(article.title)}
    return {m.company for m in mentions_of(article.publisher)} - about


def _company_rows(article_id: str, article: CleanArticle, mentions: list[Mention], gazetteer: Gazetteer,
                  publishers: set[str] = frozenset()) -> list[dict]:
    """One row per company the article mentions; its own publisher is no company it mentions."""
    counts = Counter(m.company for m in mentions if m.company not in publishers)
    surfaces: dict[str, dict[str, None]] = {}  # each company's surfaces, so a sentence is not held to every mention
    for mention in mentions:
        surfaces.setdefault(mention.company, {})[mention.surface] = None
    rows = []
    for name, count in counts.most_common():
        known = gazetteer.companies.get(name)
        evidence = next((s for p in article.paragraphs for s in p.sentences
                         if any(surface in s for surface in surfaces[name])), "")
        rows.append({
            "article_id": article_id,
            "company": name,
            "mentions": count,
            "is_known": known is not None,
            "country": known.country if known else "",
            "evidence": evidence or article.title,
        })
    return rows


def _figure_rows(article_id: str, figures: list[tuple[Candidate, int, int, str]],
                 paragraph_themes: list[str]) -> list[dict]:
    """Rows of the figures frame. A figure the article states again is one row: the same value in the same
    frame and unit, for the same company or with no company named the second time."""
    rows: list[dict] = []
    seen: dict[tuple, list[dict]] = {}
    for candidate, paragraph, sentence_index, sentence in figures:
        if candidate.rule is None or not candidate.role:
            continue
        key = (candidate.frame, candidate.unit, round(candidate.value, 4), candidate.status)
        earlier = seen.get(key, []) if candidate.frame else []
        same = [r for r in earlier if r["company"] == candidate.company or not candidate.company
                or not r["company"]]
        if same:
            first = same[0]
            first["company"] = first["company"] or candidate.company
            if first["change_pct"] is None:
                first["change_pct"] = candidate.change_pct
            first["period"] = first["period"] or candidate.period
            continue
        q = candidate.quantity
        row = {
            "article_id": article_id,
            "frame": candidate.frame,
            "company": candidate.company,
            "metric": candidate.metric,
            "value": candidate.value,
            "value_high": q.value_high,
            "unit": candidate.unit,
            "period": candidate.period,
            "change_pct": candidate.change_pct,
            "approx": q.approx,
            "sentence": sentence,
            "themes": paragraph_themes[paragraph],
            "paragraph": paragraph,
            "sentence_index": sentence_index,
            "surface": q.surface,
            "status": candidate.status,
        }
        seen.setdefault(key, []).append(row)
        rows.append(row)
    return rows


def comention_rows(sentence_companies: dict[str, list[set[str]]]) -> list[dict]:
    """Pairs of companies named in the same article (n_articles) and the same sentence (n_sentences)."""
    articles, sentences = Counter(), Counter()
    for per_sentence in sentence_companies.values():
        in_article = set().union(*per_sentence) if per_sentence else set()
        articles.update(combinations(sorted(in_article), 2))
        for companies in per_sentence:
            sentences.update(combinations(sorted(companies), 2))
    return [{"company_a": a, "company_b": b, "n_articles": n, "n_sentences": sentences.get((a, b), 0)}
            for (a, b), n in sorted(articles.items())]
