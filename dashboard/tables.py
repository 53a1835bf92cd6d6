"""Pure table builders: corpus frames -> the Japanese tables the pages show and the CSV files they offer."""
from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import pandas as pd

from dashboard.formatting import (
    status_label,
    FRAME_LABELS,
    company_label,
    encoding_label,
    display_value_text,
    format_percent,
    format_period,
    metric_label,
    native_value_text,
)
from dashboard.evidence import evidence_params, evidence_window
from loaders import formula_safe

SOURCE_PAGE = "sources"
LINK_COLUMN = "本文"
LINK_TEXT = "本文を見る"
EVIDENCE_COLUMN = "根拠の文"
SENTENCE_COLUMN = "根拠の文（全文）"
OTHER_FRAME_LABEL = "その他"
STATUS_LABELS = {"loaded": "読み込み済み", "skipped": "スキップ"}


def source_link(article_id: str, filters: Mapping[str, str | list[str]] | None = None,
                sentence: tuple[int, int] | None = None) -> str:
    """A relative link to the ソース page showing one article (works under any base path); with `filters` (the
    reader's query parameters) kept and, given its (paragraph, sentence_index), that sentence marked."""
    if filters is None and sentence is None:
        return f"{SOURCE_PAGE}?{urlencode({'article': article_id})}"
    params = evidence_params(filters or {}, article_id, *sentence) if sentence is not None else {
        **{name: value for name, value in (filters or {}).items() if name != "article"}, "article": [article_id]}
    return f"{SOURCE_PAGE}?{urlencode(params, doseq=True)}"


def theme_text(themes: str, labels: Mapping[str, str]) -> str:
    """Theme ids joined with | -> their Japanese labels joined with ・."""
    if not isinstance(themes, str) or not themes:
        return ""
    return "・".join(labels.get(theme, theme) for theme in themes.split("|") if theme)


def articles_table(articles: pd.DataFrame, theme_labels: Mapping[str, str],
                   filters: Mapping[str, str | list[str]] | None = None) -> pd.DataFrame:
    """One row per article: title, publisher, themes, characters and a link to its text (keeping `filters`, the
    reader's query parameters)."""
    return pd.DataFrame({
        "タイトル": articles["title"].to_numpy(),
        "発行元": articles["publisher"].to_numpy(),
        "テーマ": [theme_text(t, theme_labels) for t in articles["themes"].tolist()],
        "文字数": articles["n_chars"].to_numpy(),
        "ファイル": articles["source_file"].to_numpy(),
        LINK_COLUMN: [source_link(a, filters) for a in articles["article_id"].tolist()],
    })


def figures_table(display_rows: pd.DataFrame, articles: pd.DataFrame, currency_mode: str,
                  filters: Mapping[str, str | list[str]] | None = None) -> pd.DataFrame:
    """Figure rows (prepared by formatting.with_display_values) with their evidence, article and a link that
    opens the ソース page on the figure's sentence, marked, keeping `filters` (the reader's query parameters)."""
    titles = dict(zip(articles["article_id"], articles["title"]))
    rows = display_rows.reset_index(drop=True)
    records = [row for _, row in rows.iterrows()]
    table = pd.DataFrame({
        "区分": [FRAME_LABELS.get(r["frame"], OTHER_FRAME_LABEL) for r in records],
        "企業": [company_label(r["company"]) for r in records],
        "指標": [metric_label(r["metric"]) for r in records],
        "値": [display_value_text(r) for r in records],
    })
    if currency_mode == "usd":
        table["元の値"] = [native_value_text(r) for r in records]
    table["期間"] = [format_period(r["period"]) for r in records]
    table["変化率"] = [format_percent(r["change_pct"], signed=True) for r in records]
    table["概数"] = ["約" if r["approx"] else "" for r in records]
    # a figure stated as forecast, target, consensus or in talks says so next to its value
    table["状態"] = ["" if r.get("status", "") in ("", "actual") else status_label(r["status"]) for r in records]
    # the cell shows the words around the number; the whole sentence goes into the CSV file
    table[EVIDENCE_COLUMN] = [evidence_window(r["sentence"], r.get("surface", "")) for r in records]
    table[SENTENCE_COLUMN] = [r["sentence"] for r in records]
    table["記事"] = [titles.get(r["article_id"], r["article_id"]) for r in records]
    table[LINK_COLUMN] = [source_link(r["article_id"], filters, _sentence_place(r)) for r in records]
    # Raw values for sorting and for the CSV file; the page hides them.
    table["数値"] = rows["display_value"].to_numpy()
    table["単位"] = rows["display_unit"].to_numpy()
    table["article_id"] = rows["article_id"].to_numpy()
    return table


def _sentence_place(row: Mapping) -> tuple[int, int] | None:
    """A figure row's (paragraph, sentence_index), when it has both."""
    place = (row.get("paragraph"), row.get("sentence_index"))
    return None if any(v is None or pd.isna(v) for v in place) else (int(place[0]), int(place[1]))


RAW_FIGURE_COLUMNS = ("数値", "単位", "article_id", SENTENCE_COLUMN)


def company_articles_table(companies: pd.DataFrame, articles: pd.DataFrame, company: str,
                           filters: Mapping[str, str | list[str]] | None = None) -> pd.DataFrame:
    """The articles that name a company, most mentions first, with links to their text (keeping `filters`)."""
    rows = companies[companies["company"] == company].merge(articles[["article_id", "title", "publisher"]],
                                                             on="article_id", how="left")
    rows = rows.sort_values(["mentions", "article_id"], ascending=[False, True])
    return pd.DataFrame({
        "記事": rows["title"].fillna(rows["article_id"]).to_numpy(),
        "発行元": rows["publisher"].fillna("").to_numpy(),
        "言及回数": rows["mentions"].to_numpy(),
        LINK_COLUMN: [source_link(a, filters) for a in rows["article_id"]],
    })


def load_report_table(report: pd.DataFrame) -> pd.DataFrame:
    """The load report with Japanese headings: file, status, reason (or note), encoding, bytes."""
    return pd.DataFrame({
        "ファイル": report["source_file"].to_numpy(),
        "状態": [STATUS_LABELS.get(s, s) for s in report["status"].tolist()],
        "理由・注記": report["reason"].to_numpy(),
        "文字コード": [encoding_label(e) for e in report["encoding"].tolist()],
        "バイト数": report["n_bytes"].to_numpy(),
    })


def load_summary(report: pd.DataFrame) -> str:
    """One Japanese line: how many files were read and skipped."""
    loaded = int((report["status"] == "loaded").sum())
    skipped = int((report["status"] == "skipped").sum())
    return f"{len(report)}件のファイルのうち {loaded}件を読み込み、{skipped}件をスキップしました。"


def kwic_table(lines: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Keyword-in-context lines (loaders.terms.kwic) with the article title, its date and a link."""
    titles = dict(zip(articles["article_id"], articles["title"]))
    published = dict(zip(articles["article_id"], articles["published"])) if "published" in articles else {}
    return pd.DataFrame({
        "前": lines["left"].to_numpy(),
        "語": lines["match"].to_numpy(),
        "後": lines["right"].to_numpy(),
        "記事": [titles.get(a, a) for a in lines["article_id"]],
        "日付": [published.get(a) or "" for a in lines["article_id"]],
        LINK_COLUMN: [source_link(a) for a in lines["article_id"]],
    })


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as CSV in UTF-8 with a BOM, so that Excel reads the Japanese correctly; no text cell starts a
    formula (loaders.formula_safe)."""
    return formula_safe(table).to_csv(index=False).encode("utf-8-sig")
