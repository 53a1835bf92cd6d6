"""Reading: encodings, HTML, size limits and the load report, on a bad-input corpus written here."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from loaders.reading import (
    DEFAULT_MAX_BYTES,
    UnreadableFile,
    decode_bytes,
    html_to_text,
    read_folder,
)

ARTICLE = "OpenAIは2023年に100億ドルの資金調達を発表した。日本語の記事本文です。売上高は前年比20%増となった。"
# full-width Latin, digits and symbols throughout, as trade papers print them
WIDE_ARTICLE = "ＬＩＮＥヤフーは、ＡＩアシスタントの月間利用者数が前年同月比▲４．５％となった。\n　ＬＩＮＥ　ＡＩ　　２，１５０万人（▲４．５％）"

# (encoding, BOM) pairs a Japanese article arrives in; decode_bytes must give the text back exactly.
ENCODINGS = (
    ("utf_8", b""),
    ("utf_8", b"\xef\xbb\xbf"),
    ("cp932", b""),
    ("shift_jis", b""),
    ("euc_jp", b""),
    ("iso2022_jp", b""),
    ("utf_16_le", b"\xff\xfe"),
    ("utf_16_be", b"\xfe\xff"),
)


@pytest.mark.parametrize("encoding, bom", ENCODINGS, ids=[f"{e}{'+BOM' if b else ''}" for e, b in ENCODINGS])
def test_decode_japanese_encodings(encoding, bom):
    text, _, notes = decode_bytes(bom + ARTICLE.encode(encoding))
    assert text == ARTICLE
    assert notes == ()


@pytest.mark.parametrize("encoding", ("cp932", "euc_jp", "iso2022_jp"))
def test_decode_full_width_heavy_text(encoding):
    text, used, _ = decode_bytes(WIDE_ARTICLE.encode(encoding))
    assert text == WIDE_ARTICLE
    assert used == encoding


def test_short_shift_jis_is_not_read_as_a_western_code_page():
    data = "生成AIの資金調達".encode("cp932")
    text, encoding, _ = decode_bytes(data)
    assert text == "生成AIの資金調達"
    assert encoding in ("cp932", "shift_jis")


@pytest.mark.parametrize(
    "data, code",
    (
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (b"%PDF-1.7\n" + bytes(range(200)), "binary"),
        (bytes(range(256)) * 4, "binary"),
    ),
    ids=["empty", "blank", "png", "pdf", "noise"],
)
def test_unreadable_bytes(data, code):
    with pytest.raises(UnreadableFile) as caught:
        decode_bytes(data)
    assert caught.value.code == code


def test_truncated_utf8_keeps_all_but_the_cut_character():
    data = ARTICLE.encode("utf_8")[:-2]  # cut inside the final 。
    text, encoding, notes = decode_bytes(data)
    assert encoding == "utf_8"
    assert text == ARTICLE[:-1]
    assert notes


def test_html_keeps_article_and_title_and_drops_page_chrome():
    html = """<html><head><title>生成AI投資が加速 | テックニュース</title>
    <meta property="og:site_name" content="テックニュース"><script>alert(1)</script>
    <style>p{color:red}</style></head><body>
    <header>ログイン 会員登録</header><nav><a href="/">トップ</a> &gt; AI</nav>
    <article><h1>生成AI投資が加速</h1><p>OpenAIは<b>100億ドル</b>を調達した。</p>
    <img src=x onerror="alert(2)"><ul><li>売上高:20億ドル</li></ul>
    <p>本文中のコード例 &lt;script&gt;alert(3)&lt;/script&gt; は文字列です。</p></article>
    <aside>関連記事 他社のニュース</aside><footer>Copyright 2024</footer></body></html>"""
    text, title, site = html_to_text(html)
    assert title == "生成AI投資が加速 | テックニュース"
    assert site == "テックニュース"
    assert "# 生成AI投資が加速" in text
    assert "OpenAIは100億ドルを調達した。" in text
    assert "・売上高:20億ドル" in text
    assert "<script>alert(3)</script>" in text  # escaped text stays text
    for chrome in ("alert(1)", "color:red", "ログイン", "トップ", "関連記事", "Copyright", "alert(2)"):
        assert chrome not in text


@pytest.fixture
def bad_corpus(tmp_path: Path) -> Path:
    """A folder with every kind of bad file beside good ones; returns the folder."""
    folder = tmp_path / "articles"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("外部のファイル。" * 10, encoding="utf-8")
    files = {
        "good_utf8.txt": ARTICLE.encode("utf_8"),
        "good_sjis.txt": ARTICLE.encode("cp932"),
        "good_eucjp.md": ("# 見出し\n\n" + ARTICLE).encode("euc_jp"),
        "good_utf16le.txt": b"\xff\xfe" + ARTICLE.encode("utf_16_le"),
        "good_utf16be.txt": b"\xfe\xff" + ARTICLE.encode("utf_16_be"),
        "truncated.txt": ARTICLE.encode("utf_8")[:-1],
        "記事 スペース 入り.txt": ARTICLE.encode("utf_8"),
        "page.html": (
            "<html><head><title>見出し</title><script>alert(1)</script></head>"
            f"<body><article><p>{ARTICLE}</p><img src=x onerror=alert(1)></article></body></html>"
        ).encode("utf_8"),
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 8,
        "image.md": b"\x89PNG\r\n\x1a\n" + bytes(200),
        "notes.pdf": b"%PDF-1.4 something",
        ".hidden.txt": ARTICLE.encode("utf_8"),
        "empty_page.html": b"<html><body><script>x()</script></body></html>",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "huge.txt").write_bytes(("大" * 100 + "\n").encode("utf_8") * 200)  # ~60 KB
    os.symlink(outside, folder / "link_outside.txt")
    os.symlink(folder / "good_utf8.txt", folder / "link_inside.txt")
    return folder


EXPECTED_SKIPS = {
    "empty.txt": "empty",
    "binary.txt": "binary",
    "image.md": "binary",
    "notes.pdf": "unsupported",
    ".hidden.txt": "hidden",
    "link_outside.txt": "outside_link",
    "huge.txt": "too_large",
    "empty_page.html": "no_text",
}


def test_bad_input_corpus_loads_the_good_and_reports_the_bad(bad_corpus):
    documents, report = read_folder(bad_corpus, max_bytes=50_000)
    outcomes = {o.source_file: o for o in report.outcomes}
    assert {name: outcomes[name].code for name in EXPECTED_SKIPS} == EXPECTED_SKIPS
    for name in EXPECTED_SKIPS:
        assert outcomes[name].status == "skipped"
        assert outcomes[name].reason  # a Japanese reason a person understands
    loaded = {d.source_file: d for d in documents}
    assert set(loaded) == {
        "good_utf8.txt", "good_sjis.txt", "good_eucjp.md", "good_utf16le.txt", "good_utf16be.txt",
        "truncated.txt", "記事 スペース 入り.txt", "page.html", "link_inside.txt",
    }
    for name in ("good_utf8.txt", "good_sjis.txt", "good_utf16le.txt", "good_utf16be.txt", "記事 スペース 入り.txt"):
        assert loaded[name].text == ARTICLE
    assert ARTICLE in loaded["good_eucjp.md"].text
    assert loaded["page.html"].text == ARTICLE
    assert "alert" not in loaded["page.html"].text
    assert outcomes["truncated.txt"].status == "loaded" and outcomes["truncated.txt"].detail
    assert report.summary() == f"{len(loaded)} loaded, {len(EXPECTED_SKIPS)} skipped of {len(outcomes)} files"


def test_report_frame_lists_every_file(bad_corpus):
    _, report = read_folder(bad_corpus, max_bytes=50_000)
    frame = report.to_frame()
    assert len(frame) == len(report.outcomes)
    assert set(frame["status"]) == {"loaded", "skipped"}
    assert frame.loc[frame["source_file"] == "huge.txt", "reason"].item().startswith("大きすぎる")


def test_default_size_limit_is_five_megabytes():
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024


def test_article_ids_stay_unique_across_subfolders(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(ARTICLE, encoding="utf-8")
    documents, _ = read_folder(tmp_path)
    assert sorted(d.article_id for d in documents) == ["same", "same_2"]
    assert sorted(d.source_file for d in documents) == ["a/same.txt", "b/same.txt"]


def test_a_page_of_nothing_but_furniture_is_reported_without_text(tmp_path):
    from loaders import load_corpus
    (tmp_path / "good.txt").write_text("見出し\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "furniture.txt").write_text("シェア\nコメント\nログイン\nCopyright 2025 Example", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    outcome = {o.source_file: o for o in corpus.report.outcomes}["furniture.txt"]
    assert (outcome.status, outcome.code) == ("skipped", "no_text")
    assert corpus.articles["source_file"].tolist() == ["good.txt"]


def test_a_few_stray_bytes_do_not_lose_a_utf8_article():
    cut = len(ARTICLE[:20].encode("utf_8"))  # a character boundary
    data = ARTICLE.encode("utf_8")
    text, encoding, notes = decode_bytes(data[:cut] + b"\x92" + data[cut:])
    assert encoding == "utf_8" and notes
    assert text.replace("\ufffd", "") == ARTICLE


@pytest.mark.parametrize("text", ("MZ世代の生成AI利用率は高い。" * 3, "GIF8枚で振り返る今年のAIニュース。" * 3))
def test_text_that_starts_like_a_file_signature_is_still_text(text):
    assert decode_bytes(text.encode("utf_8"))[0] == text


def test_symlink_loop_and_dangling_link_are_reported(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(tmp_path / "loop_b.txt", tmp_path / "loop_a.txt")
    os.symlink(tmp_path / "loop_a.txt", tmp_path / "loop_b.txt")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    documents, report = read_folder(tmp_path)
    codes = {o.source_file: o.code for o in report.outcomes}
    assert codes == {"good.txt": "", "loop_a.txt": "unreadable", "loop_b.txt": "unreadable",
                     "dangling.txt": "unreadable"}
    assert [d.source_file for d in documents] == ["good.txt"]


def test_html_tables_read_row_by_row_with_spans_filled_in():
    html = """<html><body><article><p>資金調達の上位企業を表にまとめた。</p><table>
    <tr><th>企業</th><th>時期</th><th>調達額</th></tr>
    <tr><td rowspan="2">Sakana AI</td><td>2024年9月</td><td>約300億円</td></tr>
    <tr><td>2025年11月</td><td>約200億円</td></tr>
    <tr><td colspan="2">合計</td><td>約500億円</td></tr></table>
    <table><tr><td>LayerX</td><td>150億円</td><td>シリーズB</td></tr></table></article></body></html>"""
    text, _, _ = html_to_text(html)
    assert text.splitlines()[1:] == [
        "企業：Sakana AI、時期：2024年9月、調達額：約300億円",
        "企業：Sakana AI、時期：2025年11月、調達額：約200億円",
        "企業：合計、時期：合計、調達額：約500億円",
        "LayerX、150億円、シリーズB",
    ]


def test_html_article_is_the_longest_article_element():
    story = "<p>" + "OpenAIは新たに66億ドルを調達したと発表した。" * 10 + "</p>"
    html = (f"<html><body><article><p>速報：日経平均が最高値</p></article><main><article>{story}</article></main>"
            "<form><input name=q>検索</form></body></html>")
    text, _, _ = html_to_text(html)
    assert text.startswith("OpenAIは新たに66億ドル") and "速報" not in text and "検索" not in text


def test_a_page_inside_one_form_keeps_its_text():
    story = "<p>" + "生成AIの市場は拡大を続けている。" * 20 + "</p>"
    text, _, _ = html_to_text(f"<html><body><form id=aspnetForm>{story}</form></body></html>")
    assert text.startswith("生成AIの市場は拡大")
