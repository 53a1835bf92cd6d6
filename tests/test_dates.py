"""Dates: the publication date from HTML metadata or a dateline, never from a date inside a sentence."""
from __future__ import annotations

import pytest

from loaders.cleaning import clean_text
from loaders.dates import parse_date, published_from_html
from loaders.reading import read_document

PARSED = (
    ("2024年9月4日", "2024-09-04"),
    ("２０２４年９月４日（水）", "2024-09-04"),
    ("2025年（令和7年）9月18日 木曜日", "2025-09-18"),
    ("2024/9/4 10:00", "2024-09-04"),
    ("2024.09.04", "2024-09-04"),
    ("2024-09-04T10:00:00+09:00", "2024-09-04"),
    ("2024年9月", "2024-09"),
    ("9月4日 10:00", ""),  # no year: no date
    ("2024/13/40", ""),
    ("2027-03", "2027-03"),
    ("2027-03-08", "2027-03-08"),
    ("", ""),
)


@pytest.mark.parametrize("text, iso", PARSED)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


HEAD = "<html><head>{}</head><body><article><p>本文です。</p></article></body></html>"
HTML_METADATA = (
    ('<meta property="article:published_time" content="2024-09-04T10:00:00+09:00">', "2024-09-04"),
    ("<meta content='2023-01-31' name='pubdate'>", "2023-01-31"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-02-03T08:00:00Z"}</script>',
     "2025-02-03"),
    ('<meta name="date" content="2022/5/6"><meta property="article:published_time" content="2022-05-07">', "2022-05-07"),
    ('<time datetime="2021-11-12">11月12日</time>', "2021-11-12"),
    ('<meta property="og:title" content="2020年1月2日の記事">', ""),
)


@pytest.mark.parametrize("head, iso", HTML_METADATA)
def test_published_from_html_metadata(head, iso):
    assert published_from_html(HEAD.format(head)) == iso


# (article text, published): a dateline near the top; a date inside a sentence is an event, not a dateline
DATELINES = (
    ("見出し\n2024年9月4日\n本文です。", "2024-09-04"),
    ("見出し\n2024/9/4 10:00\n本文です。", "2024-09-04"),
    ("見出し\n（ブルームバーグ）2024年10月3日\n本文です。", "2024-10-03"),
    ("見出し\n公開日：2024年9月4日\n本文です。", "2024-09-04"),
    ("見出し\n2026年01月15日 07時00分 公開 [山田太郎，テック新報]\n本文です。", "2026-01-15"),
    ("見出し\nミライ電子は2024年11月5日、決算を発表した。", ""),
    ("見出し\n本文です。", ""),
    ("編集部 2027.3.8\n本文です。", "2027-03-08"),                 # a byline ending in its date
    ("山田花子 2027/03/08 09:30\n本文です。", "2027-03-08"),
    ("date 2027-03 ミライ電子の利用者は1億人を超えた。", "2027-03"),  # an ISO dateline glued to the lead
    ("2027-03-08 ミライ電子は調達を発表した。", "2027-03-08"),
    ("Date: 2027-03-08\n本文です。", "2027-03-08"),
    ("ミライ電子は2027-03に上場した。", ""),                          # inside a sentence: an event
    ("2027.03.08 ミライ電子、増収増益\n本文です。", "2027-03-08"),    # a date glued before the headline
    ("ミライ電子の決算\n» 2027年03月08日 09時30分 公開\n本文です。", "2027-03-08"),  # a marked byline date
)


@pytest.mark.parametrize("text, published", DATELINES)
def test_published_from_a_dateline(text, published):
    assert clean_text(text).published == published


def test_html_metadata_reaches_the_document(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(HEAD.format('<meta property="article:published_time" content="2024-09-04">'), encoding="utf-8")
    assert read_document(path, "a.html", "a").published == "2024-09-04"


def test_published_is_a_column_of_the_articles_frame_and_csv(tmp_path):
    import subprocess
    import sys

    import pandas as pd

    from loaders import load_corpus

    source = tmp_path / "articles"
    source.mkdir()
    (source / "a.txt").write_text("見出し\n2024/9/4 10:00\nミライ電子は売上高を公表した。", encoding="utf-8")
    (source / "b.html").write_text(HEAD.format('<meta property="article:published_time" content="2023-02-01">'),
                                   encoding="utf-8")
    (source / "c.txt").write_text("見出し\nミライ電子は2024年11月5日に決算を発表した。", encoding="utf-8")
    expected = {"a": "2024-09-04", "b": "2023-02-01", "c": ""}
    assert dict(zip(*load_corpus(source).articles[["article_id", "published"]].T.values)) == expected
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "loaders", "export", str(source), "--out", str(out)], check=True,
                   capture_output=True, timeout=300)
    exported = pd.read_csv(out / "articles.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert dict(zip(exported["article_id"], exported["published"])) == expected
