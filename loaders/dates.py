"""The date an article was published, as ISO `YYYY-MM-DD` (or `YYYY-MM`), or "".

Where it comes from, most trusted first:
1. HTML metadata: `<meta property="article:published_time">` (and the other publication-time metas in
   PUBLISHED_METAS), JSON-LD `datePublished`, the first `<time datetime>`.
2. A dateline: a line that cleaning recognises as metadata (furniture.toml: 2024年9月4日 alone on a line,
   2024/9/4 10:00, 公開日：…, （ブルームバーグ）2024年10月3日) and that holds a date with its year.
A date inside a sentence ("…は2024年11月5日、決算を発表した") is an event, not a dateline: never used.
The scans are single passes with bounded repetitions (no back-tracking without bound).
"""
from __future__ import annotations

import re

from loaders.text import HALF_WIDTH

# 2024年9月4日, 2025年（令和7年）9月18日, 2024年9月
DATE_JA = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s?年\s?(?:[（(][^（()）]{1,8}[）)]\s?)?(?P<m>\d{1,2})\s?月"
                     r"(?:\s?(?P<d>\d{1,2})\s?日)?")
# 2024/9/4, 2024.09.04, 2024-09-04T10:00:00+09:00
DATE_NUMERIC = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})(?!\d)")
# 2024-09: an ISO month (no day)
DATE_ISO_MONTH = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>\d{2})(?![\d/.\-])")

# meta names / properties / itemprops that give the publication time, most trusted first
PUBLISHED_METAS = ("article:published_time", "og:published_time", "datepublished", "article:published",
                   "pubdate", "publishdate", "publish-date", "publish_date", "parsely-pub-date", "sailthru.date",
                   "dc.date.issued", "dc.date", "date", "citation_publication_date")
META_TAG = re.compile(r"<meta\b[^>]{0,800}>", re.IGNORECASE)
TIME_TAG = re.compile(r"<time\b[^>]{0,400}>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""(?P<name>[A-Za-z_:.\-]{1,60})\s{0,3}=\s{0,3}(?:"(?P<dq>[^"]{0,400})"|'(?P<sq>[^']{0,400})')""")
JSON_LD_PUBLISHED = re.compile(r""""datePublished"\s{0,3}:\s{0,3}"(?P<value>[^"]{4,60})\"""")


def parse_date(text: str) -> str:
    """The first date with a year in a short text, as YYYY-MM-DD (YYYY-MM without a day), or ""."""
    text = text.translate(HALF_WIDTH)
    found = [m for m in (DATE_JA.search(text), DATE_NUMERIC.search(text), DATE_ISO_MONTH.search(text)) if m]
    for match in sorted(found, key=lambda m: m.start()):
        year, month = int(match["y"]), int(match["m"])
        day = int(match["d"]) if match.groupdict().get("d") else 0
        if not 1 <= month <= 12 or day > 31:
            continue
        return f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}"
    return ""


def _attributes(tag: str) -> dict[str, str]:
    return {m["name"].lower(): (m["dq"] if m["dq"] is not None else m["sq"] or "") for m in ATTRIBUTE.finditer(tag)}


def published_from_html(html: str) -> str:
    """The publication date an HTML page states in its metadata, or ""."""
    metas: dict[str, str] = {}
    for tag in META_TAG.finditer(html):
        attributes = _attributes(tag.group(0))
        key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
        if key in PUBLISHED_METAS and key not in metas:
            metas[key] = attributes.get("content", "")
    candidates = [metas[key] for key in PUBLISHED_METAS[:2] if key in metas]
    candidates += [m["value"] for m in JSON_LD_PUBLISHED.finditer(html)][:1]
    candidates += [metas[key] for key in PUBLISHED_METAS[2:] if key in metas]
    candidates += [_attributes(tag.group(0)).get("datetime", "") for tag in TIME_TAG.finditer(html)][:1]
    for candidate in candidates:
        date = parse_date(candidate)
        if date:
            return date
    return ""


def published_from_datelines(lines: list[str]) -> str:
    """The first date with a year among metadata lines (datelines, bylines, 公開日：…), or ""."""
    for line in lines:
        date = parse_date(line)
        if date:
            return date
    return ""
