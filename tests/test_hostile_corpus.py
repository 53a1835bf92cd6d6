"""A corpus of hostile files, generated here: each is loaded or reported by name with a reason, the good
articles beside them load, and nothing raises.

The table holds the loaders' side of the hardening issue: long runs of one character, one huge line, many
short lines, an entity flood, absurd table spans, deep and unclosed HTML nesting, a deep folder tree,
names that are not UTF-8 or hold control characters, a FIFO, a folder that cannot be listed and UTF-16
without a BOM. Sizes are those of the issue where they are cheap, smaller where only the shape matters
(the work bound itself is tested in test_patterns.py, without clocks).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loaders.reading as reading_module
from loaders import display_name, load_corpus
from loaders.reading import MAX_RUN, clamp_runs

GOOD = "生成AIの新興企業カグラAIは50億円を調達したと発表した。資金は研究開発に充てる。\n"
ARTICLE = (GOOD * 4).encode("utf-8")
TABLE_CELL = "<tr><td>売上高</td><td>100億円</td></tr>"

# name -> (bytes, expected status, expected code or "" for loaded)
HOSTILE: dict[str, tuple[bytes, str, str]] = {
    "run_of_D.txt": (b"D" * 50_000, "loaded", ""),
    "run_of_kana.txt": (("あ" * 20_000).encode(), "loaded", ""),
    "run_of_digits.txt": (b"1" * 20_000, "loaded", ""),
    "run_of_spaces.txt": (b"A" + b" " * 20_000 + b"B", "loaded", ""),
    "run_of_punctuation.txt": (("、" * 20_000).encode(), "loaded", ""),
    "latin_words.txt": (b"Alpha Beta Gamma " * 3_000, "loaded", ""),
    "one_long_line.txt": ((GOOD.strip() * 2_000).encode(), "loaded", ""),
    "short_lines.txt": ("".join(f"行{i}\n" for i in range(20_000)).encode(), "loaded", ""),
    "entity_flood.html": (b"<html><body><p>" + b"&amp;" * 90_000 + b"</p></body></html>", "loaded", ""),
    "huge_span.html": ((f"<html><body><table><tr><td colspan=100000000>見出し</td>"
                       f"<td rowspan=100000000>x</td></tr>{TABLE_CELL}</table></body></html>").encode(),
                       "loaded", ""),
    "deep_nesting.html": (b"<html><body>" + b"<div>" * 10_000 + GOOD.encode() + b"</div>" * 10_000 + b"</body></html>",
                          "loaded", ""),
    "unclosed.html": (b"<html><body>" + b"<div><b><i>" * 3_000 + GOOD.encode() + b"</body></html>", "loaded", ""),
    "utf16_no_bom.txt": ((GOOD * 3).encode("utf-16-le"), "loaded", ""),
    "utf16_broken.txt": ((GOOD * 3).encode("utf-16-le")[:-2] + b"\x00\xd8", "skipped", "undecodable"),
    "empty.txt": (b"", "skipped", "empty"),
    "binary.txt": (bytes(range(256)) * 8, "skipped", "binary"),
    "name_\x1b[31mred\nfake.txt": (ARTICLE, "loaded", ""),
}
NON_UTF8_NAME = "記事".encode("cp932") + b".txt"  # a name from a Windows zip


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, (data, _, _) in HOSTILE.items():
        (folder / name).write_bytes(data)
    for index in range(2):
        (folder / f"good_{index}.txt").write_bytes(ARTICLE)
    os.mkfifo(folder / "pipe.txt")
    deep = folder
    for _ in range(1_000):  # one level at a time: os.makedirs itself recurses
        deep = deep / "d"
        deep.mkdir()
    (deep / "deep.txt").write_bytes(ARTICLE)
    (folder / "locked").mkdir()
    (folder / "locked" / "inside.txt").write_bytes(ARTICLE)
    with open(os.path.join(os.fsencode(folder), NON_UTF8_NAME), "wb") as handle:
        handle.write(ARTICLE)
    yield folder
    # pytest's clean-up of old temporary folders (shutil.rmtree) recurses once per level: remove the deep tree
    # here, from the bottom up, so no later run trips over it
    levels = [folder / "d"]
    while (levels[-1] / "d").is_dir():  # os.walk recurses too (before Python 3.12)
        levels.append(levels[-1] / "d")
    for level in reversed(levels):
        for entry in level.iterdir():
            if not entry.is_dir():
                entry.unlink()
        level.rmdir()


@pytest.fixture(scope="module")
def hostile_corpus(hostile_folder):
    real_scandir = os.scandir

    def scandir(path):
        if not isinstance(path, int) and Path(path).name == "locked":  # shutil.rmtree lists by descriptor
            raise PermissionError(13, "Permission denied")  # tests run as root, who can list anything
        return real_scandir(path)
    reading_module.os.scandir = scandir
    try:
        return load_corpus(hostile_folder, time_budget=0)
    finally:
        reading_module.os.scandir = real_scandir


def outcome(corpus, name):
    rows = [o for o in corpus.report.outcomes if o.source_file == name]
    assert len(rows) == 1, (name, [o.source_file for o in corpus.report.outcomes])
    return rows[0]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_file_is_loaded_or_reported_with_its_reason(hostile_corpus, name):
    _, status, code = HOSTILE[name]
    found = outcome(hostile_corpus, name)
    assert (found.status, found.code) == (status, code), found.reason_en
    if status == "skipped":
        assert found.reason and found.reason_en


def test_the_good_articles_beside_them_load(hostile_corpus):
    loaded = set(hostile_corpus.articles["source_file"])
    assert {"good_0.txt", "good_1.txt", "/".join(["d"] * 1_000) + "/deep.txt"} <= loaded
    assert "カグラAI" in set(hostile_corpus.companies["company"])


@pytest.mark.parametrize("name, code", [("pipe.txt", "special"), ("locked/", "unlistable")])
def test_fifos_and_unlistable_folders_are_reported_by_name(hostile_corpus, name, code):
    assert outcome(hostile_corpus, name).code == code


def test_a_long_run_is_cut_and_the_file_says_so(hostile_corpus):
    found = outcome(hostile_corpus, "run_of_D.txt")
    assert f"{MAX_RUN}文字に短縮" in found.reason
    text = clamp_runs("xx" + "D" * 50_000 + "yy" + "あ" * 65)[0]
    assert text == "xx" + "D" * MAX_RUN + "yy" + "あ" * MAX_RUN


def test_utf16_without_a_bom_is_read_as_text(hostile_corpus):
    found = outcome(hostile_corpus, "utf16_no_bom.txt")
    assert found.encoding == "utf_16_le" and "BOM" in found.reason


def test_a_name_that_is_not_utf8_is_kept_as_escaped_text_everywhere(hostile_corpus, tmp_path):
    name = display_name(os.fsdecode(NON_UTF8_NAME))
    assert name == "\\x8bL\\x8e\\x96.txt"
    assert outcome(hostile_corpus, name).status == "loaded"
    articles = hostile_corpus.articles
    assert name in set(articles["source_file"])
    for frame_name in ("articles", "companies", "sentences", "figures"):
        frame = getattr(hostile_corpus, frame_name)
        frame.to_csv(tmp_path / f"{frame_name}.csv", index=False, encoding="utf-8-sig")
        frame.to_parquet(tmp_path / f"{frame_name}.parquet")
    hostile_corpus.report.to_frame().to_parquet(tmp_path / "report.parquet")
    assert name in set(pd.read_parquet(tmp_path / "articles.parquet")["source_file"])


def test_the_cli_escapes_control_characters_in_names(hostile_folder, tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "name_\x1b[31mred\nfake.txt").write_bytes(b"")
    (folder / "good.txt").write_bytes(ARTICLE)
    done = subprocess.run([sys.executable, "-m", "loaders", "export", str(folder), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stderr and "skipped name_\\x1b[31mred\\x0afake.txt: empty file" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_out_pointing_at_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_bytes(ARTICLE)
    target = tmp_path / "taken"
    target.write_text("not a folder")
    done = subprocess.run([sys.executable, "-m", "loaders", "export", str(tmp_path), "--out", str(target)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "is a file" in done.stderr and "Traceback" not in done.stderr


def test_the_dashboard_cache_key_walks_a_deep_tree(hostile_folder):
    from dashboard.cache import folder_key
    _, files, _ = folder_key(hostile_folder)
    names = [name for name, _, _ in files]
    assert "/".join(["d"] * 1_000) + "/deep.txt" in names
    assert "pipe.txt" not in names


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2_000))
def test_any_bytes_load_or_are_reported(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "article.txt").write_bytes(data)
    corpus = load_corpus(folder)
    assert [o.source_file for o in corpus.report.outcomes] == ["article.txt"]
    assert corpus.report.outcomes[0].code != "internal_error", corpus.report.outcomes[0].reason_en
