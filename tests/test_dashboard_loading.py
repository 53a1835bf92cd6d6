"""Where the dashboard reads articles from, what its cache depends on, and articles uploaded in a session."""
import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import cache
from dashboard.cache import CORPUS_ENV, DEFAULT_CORPUS, corpus_folder, folder_key, folder_stamp
from loaders import add_uploads, load_corpus, write_frames
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


def test_the_directory_stamp_sees_files_added_removed_and_renamed(folder):
    (folder / "sub").mkdir()
    stamps = [folder_stamp(folder)]
    changes = (
        lambda: (folder / "sub" / "new.txt").write_text("記事\n\n本文。\n", encoding="utf-8"),
        lambda: (folder / "beta.txt").rename(folder / "beta2.txt"),
        lambda: (folder / "gamma.txt").unlink(),
    )
    for change in changes:
        os.utime(folder, ns=(1, 1))  # a time stamp of its own, however coarse the file system's clock
        os.utime(folder / "sub", ns=(1, 1))
        change()
        stamps.append(folder_stamp(folder))
    assert len(set(stamps)) == len(stamps)
    assert folder_stamp(folder) == stamps[-1]  # and it stays put while nothing changes


def test_a_missing_folder_has_a_stamp(tmp_path):
    assert folder_stamp(tmp_path / "nowhere") == ((str(tmp_path / "nowhere"), -1),)


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
    base = load_corpus(folder)
    merged, upload_report = add_uploads(base, uploads)
    ids = list(merged.articles["article_id"])
    assert ids == ["alpha", "beta", "gamma", "alpha_2", "秘密"]  # a clashing id is renamed, a path is cut to its name
    outcomes = {o.source_file: (o.status, o.reason) for o in upload_report.outcomes}
    assert outcomes == {"alpha.html": ("loaded", ""), "秘密.txt": ("loaded", ""),
                        "空.md": ("skipped", "空ファイル"), "画像.png": ("skipped", "対応していない形式（.png）")}
    assert len(merged.report.outcomes) == 4 + 4  # the folder's files and the uploads
    encoding = merged.articles.set_index("article_id").loc["秘密", "encoding"]
    assert encoding == "cp932"
    assert list(base.articles["article_id"]) == ["alpha", "beta", "gamma"]  # the shared corpus is left as it was


def test_uploads_merge_like_one_folder(folder, tmp_path):
    """Adding files to a built corpus gives the frames that reading them all in one folder gives."""
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "追加.txt").write_bytes(SJIS_ARTICLE)
    merged, _ = add_uploads(load_corpus(folder), (("追加.txt", SJIS_ARTICLE),))
    shutil.copy(extra / "追加.txt", folder / "追加.txt")
    whole = load_corpus(folder)
    for name in ("articles", "companies", "figures", "sentences", "terms", "comentions", "theme_scores"):
        expected = getattr(whole, name)
        got = getattr(merged, name)
        key = [c for c in ("article_id", "company_a", "company_b", "paragraph", "sentence_index", "term", "theme",
                           "company", "metric", "value") if c in expected.columns]
        normal = lambda frame: frame.sort_values(key, kind="stable").reset_index(drop=True)  # noqa: E731
        assert normal(got).astype(expected.dtypes.to_dict()).equals(normal(expected)), name


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


def _sessions(n):
    return [AppTest.from_file(APP, default_timeout=STARTUP_TIMEOUT) for _ in range(n)]


def test_sessions_share_the_folder_corpus_and_keep_their_uploads_to_themselves(folder, monkeypatch):
    monkeypatch.setenv(CORPUS_ENV, str(folder))
    uploader, others = _sessions(1)[0], _sessions(3)
    for session in (uploader, *others):
        session.run()
    uploader.file_uploader(key="uploads").set_value([("追加.txt", SJIS_ARTICLE, "text/plain")]).run()
    for session in others:
        session.run()
    assert not uploader.exception and not any(s.exception for s in others)
    assert uploader.metric[0].value == "4件"
    assert [s.metric[0].value for s in others] == ["3件"] * 3
    assert all("アップロードした記事" not in set(s.dataframe[0].value["タイトル"]) for s in others)
    views = [s.session_state["kijiscope_view"].corpus for s in others]
    assert all(v is views[0] for v in views)  # one corpus object for every session without uploads
    assert uploader.session_state["kijiscope_view"].corpus is not views[0]


def test_reload_reads_a_file_edited_in_place(folder, monkeypatch):
    monkeypatch.setenv(CORPUS_ENV, str(folder))
    at = AppTest.from_file(APP, default_timeout=STARTUP_TIMEOUT).run()
    assert "書き換えた記事" not in set(at.dataframe[0].value["タイトル"])
    before = os.stat(folder).st_mtime_ns
    with open(folder / "beta.txt", "w", encoding="utf-8") as edited:  # in place: the directory keeps its time
        edited.write("書き換えた記事\n\nBaiduの売上高は伸びた。\n")
    assert os.stat(folder).st_mtime_ns == before
    at.run()
    assert "書き換えた記事" not in set(at.dataframe[0].value["タイトル"])  # no file was looked at
    next(b for b in at.sidebar.button if b.label == "再読み込み").click().run()
    assert not at.exception
    assert "書き換えた記事" in set(at.dataframe[0].value["タイトル"])


def test_a_file_added_to_the_folder_shows_after_the_check(folder, monkeypatch):
    monkeypatch.setenv(CORPUS_ENV, str(folder))
    at = AppTest.from_file(APP, default_timeout=STARTUP_TIMEOUT).run()
    assert at.metric[0].value == "3件"
    (folder / "delta.txt").write_text("新しい記事\n\nOpenAIは資金を調達した。\n", encoding="utf-8")
    cache._cached_stamp.clear()  # as if CHECK_SECONDS had passed
    at.run()
    assert at.metric[0].value == "4件"


# (command-line arguments after the script, environment, expected export folder)
FRAMES = (
    ([], {}, None),
    ([], {cache.FRAMES_ENV: "/data/frames"}, Path("/data/frames")),
    (["--frames", "/cli"], {cache.FRAMES_ENV: "/data/frames"}, Path("/cli")),
    (["--corpus", "/articles"], {}, None),
)


@pytest.mark.parametrize(("argv", "environ", "expected"), FRAMES)
def test_frames_folder(argv, environ, expected):
    assert cache.frames_folder(argv, environ) == expected


def test_the_app_opens_a_parquet_export_without_parsing(tmp_path, monkeypatch):
    frames = tmp_path / "frames"
    write_frames(load_corpus(ARTICLES), frames)

    def no_parsing(*args, **kwargs):
        raise AssertionError("the export was parsed again")

    monkeypatch.setattr(cache, "load_corpus", no_parsing)  # the folder reader's one way to articles
    monkeypatch.setenv(cache.FRAMES_ENV, str(frames))
    at = AppTest.from_file(APP, default_timeout=STARTUP_TIMEOUT).run()
    assert not at.exception
    assert at.metric[0].value == "3件"
    assert "書き出しフォルダ" in at.sidebar.caption[-1].value


def test_a_broken_export_is_said_in_japanese(tmp_path, monkeypatch):
    frames = tmp_path / "frames"
    write_frames(load_corpus(ARTICLES), frames)
    (frames / "articles.parquet").write_bytes(b"not parquet")
    monkeypatch.setenv(cache.FRAMES_ENV, str(frames))
    at = AppTest.from_file(APP, default_timeout=STARTUP_TIMEOUT).run()
    assert not at.exception
    assert "読み込めません" in at.error[0].value and "articles" in at.error[0].value


def test_a_restarted_server_reads_an_unchanged_folder_back_and_shows_its_progress(folder, tmp_path, monkeypatch):
    """The folder goes through the loaders' extraction cache and snapshots: after a restart (every cached resource
    gone) nothing is parsed or assembled again; the progress callback hears of every file."""
    import loaders.corpus
    monkeypatch.setenv("KIJISCOPE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(CORPUS_ENV, str(folder))
    assembled = []
    real = loaders.corpus.corpus_from_results
    monkeypatch.setattr(loaders.corpus, "corpus_from_results", lambda *a, **k: assembled.append(1) or real(*a, **k))
    seen = []
    first = cache.read_folder_corpus(folder, lambda done, total: seen.append((done, total)))
    n_files = len(first.report.outcomes)
    assert assembled == [1] and seen[-1] == (n_files, n_files)
    at = AppTest.from_file(APP, default_timeout=STARTUP_TIMEOUT).run()
    assert not at.exception and at.metric[0].value == f"{len(first.articles)}件"
    assert assembled == [1]  # the server's first page came from the snapshot
