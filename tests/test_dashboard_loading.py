"""Where the dashboard reads articles from, what its cache depends on, and articles uploaded in a session."""
import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.cache import CORPUS_ENV, DEFAULT_CORPUS, corpus_folder, folder_key, read_session_corpus
from loaders.datafiles import DATA_DIR_ENV

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
STARTUP_TIMEOUT = 120  # generous: the first run starts the extraction workers
ARTICLES = ROOT / "tests" / "data" / "dashboard" / "articles"
SJIS_ARTICLE = "アップロードした記事\n\nOpenAIは2024年に66億ドルを調達した。\n".encode("cp932")

# (command-line arguments after the script, environment, expected folder)
FOLDERS = (
    ([], {}, DEFAULT_CORPUS),
    ([], {CORPUS_ENV: "/data/articles"}, Path("/data/articles")),
    (["--corpus", "/cli"], {CORPUS_ENV: "/data/articles"}, Path("/cli")),
    (["--corpus=/cli"], {}, Path("/cli")),
    (["-q", "--co", "tests"], {}, DEFAULT_CORPUS),  # other programs' options (pytest's) are not ours
)


@pytest.mark.parametrize(("argv", "environ", "expected"), FOLDERS)
def test_corpus_folder(argv, environ, expected):
    assert corpus_folder(argv, environ) == expected


def test_seeds_are_the_default():
    assert DEFAULT_CORPUS == ROOT / "seeds" and DEFAULT_CORPUS.is_dir()


@pytest.fixture
def folder(tmp_path):
    copy = tmp_path / "articles"
    shutil.copytree(ARTICLES, copy)
    return copy


def test_cache_key_follows_the_files(folder):
    before = folder_key(folder)
    assert folder_key(folder) == before
    (folder / "beta.txt").write_text("別の記事\n\n本文が変わった。\n", encoding="utf-8")
    os.utime(folder / "beta.txt", ns=(1, 1))  # even with an old time stamp: the size changed
    edited = folder_key(folder)
    assert edited != before
    (folder / "delta.md").write_text("# 追加\n\n新しい記事。\n", encoding="utf-8")
    assert folder_key(folder) != edited


def test_cache_key_follows_the_knowledge_files(folder, tmp_path, monkeypatch):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    monkeypatch.setenv(DATA_DIR_ENV, str(knowledge))
    before = folder_key(folder)
    (knowledge / "companies.toml").write_text("# edited\n", encoding="utf-8")
    assert folder_key(folder) != before


def test_uploads_are_read_by_the_loaders(folder):
    uploads = (("alpha.html", (folder / "alpha.html").read_bytes()), ("../../秘密.txt", SJIS_ARTICLE),
               ("空.md", b""), ("画像.png", b"\x89PNG\r\n"))
    loaded = read_session_corpus(folder, uploads)
    ids = list(loaded.corpus.articles["article_id"])
    assert ids == ["alpha", "beta", "gamma", "alpha_2", "秘密"]  # a clashing id is renamed, a path is cut to its name
    outcomes = {o.source_file: (o.status, o.reason) for o in loaded.upload_report.outcomes}
    assert outcomes == {"alpha.html": ("loaded", ""), "秘密.txt": ("loaded", ""),
                        "空.md": ("skipped", "空ファイル"), "画像.png": ("skipped", "対応していない形式（.png）")}
    assert len(loaded.corpus.report.outcomes) == 4 + 4  # the folder's files and the uploads
    encoding = loaded.corpus.articles.set_index("article_id").loc["秘密", "encoding"]
    assert encoding == "cp932"


def test_the_app_reads_the_folder_in_the_environment_and_takes_uploads(monkeypatch):
    monkeypatch.setenv(CORPUS_ENV, str(ARTICLES))
    at = AppTest.from_file(APP, default_timeout=STARTUP_TIMEOUT).run()
    assert not at.exception
    assert at.metric[0].value == "3件"
    at.file_uploader(key="uploads").set_value([("追加.txt", SJIS_ARTICLE, "text/plain"),
                                               ("空.md", b"", "text/markdown")]).run()
    assert not at.exception
    assert at.metric[0].value == "4件"
    assert "アップロードした記事" in set(at.dataframe[0].value["タイトル"])
    report = at.sidebar.dataframe[0].value
    assert set(zip(report["ファイル"], report["状態"])) == {("追加.txt", "読み込み済み"), ("空.md", "スキップ")}


def test_a_missing_folder_is_said_in_japanese(monkeypatch, tmp_path):
    monkeypatch.setenv(CORPUS_ENV, str(tmp_path / "nowhere"))
    at = AppTest.from_file(APP, default_timeout=STARTUP_TIMEOUT).run()
    assert not at.exception
    assert "記事フォルダ" in at.error[0].value and "見つかりません" in at.error[0].value
