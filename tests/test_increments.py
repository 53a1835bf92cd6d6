"""Incremental loads: a folder that gained, lost or changed files takes the other articles from the snapshot of its
previous load, extracts only the files that changed, and gives exactly what a load from scratch gives."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import loaders.corpus
from loaders import load_corpus
from loaders.cache import ExtractionCache
from tests.test_engine import ROOT, assert_same_corpus

SOURCES = (ROOT / "seeds", ROOT / "tests/data/articles")
CORRECTION = """[[correction]]
article_id = {article_id}
sentence = {sentence}
value = {value}
unit = {unit}
action = "{action}"
{extra}
"""
NEW_ARTICLE = "新しい記事\n\nOpenAIは2024年に66億ドルを調達した。同社とAnthropicとGoogleが競う。\n"


def _copy_articles(copy: Path) -> Path:
    copy.mkdir()
    for source in SOURCES:
        for path in sorted(source.glob("*.txt"))[:5]:
            shutil.copy(path, copy / path.name)
    return copy


@pytest.fixture
def folder(tmp_path) -> Path:
    return _copy_articles(tmp_path / "articles")


@pytest.fixture
def extracted(monkeypatch) -> list[int]:
    """How many files each load handed to extraction, and whether it assembled from every article."""
    calls = []
    real_extract, real_assemble = loaders.corpus.extract_files, loaders.corpus.corpus_from_results

    def extracting(planned, *args, **kwargs):
        calls.append(len(planned))
        return real_extract(planned, *args, **kwargs)

    def assembling(*args, **kwargs):
        calls.append("assembled")
        return real_assemble(*args, **kwargs)

    monkeypatch.setattr(loaders.corpus, "extract_files", extracting)
    monkeypatch.setattr(loaders.corpus, "corpus_from_results", assembling)
    return calls


def _files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


# Each change returns how many files the next load hands to extraction, and how many of those it parses (a
# renamed file, or a copy of one already parsed, comes from the extraction cache).
def _add_last(folder: Path) -> tuple[int, int]:
    (folder / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    return 1, 1


def _add_first(folder: Path) -> tuple[int, int]:  # sorts before every kept article: rows back in file order
    (folder / "000_aaa_new.txt").write_text(NEW_ARTICLE + "（別の記事）\n", encoding="utf-8")
    return 1, 1


def _add_between(folder: Path) -> tuple[int, int]:
    (folder / (_files(folder)[2].stem + "_b.txt")).write_text(NEW_ARTICLE, encoding="utf-8")
    (folder / (_files(folder)[6].stem + "_b.md")).write_text("# 見出し\n\n" + NEW_ARTICLE, encoding="utf-8")
    return 2, 2


def _edit(folder: Path) -> tuple[int, int]:
    path = _files(folder)[0]
    path.write_bytes(path.read_bytes() + "\n\nAnthropicの売上高は10億ドルだった。".encode())
    return 1, 1


def _remove(folder: Path) -> tuple[int, int]:
    _files(folder)[0].unlink()
    _files(folder)[4].unlink()
    return 0, 0


def _rename(folder: Path) -> tuple[int, int]:
    path = _files(folder)[3]
    path.rename(path.with_name("zz_renamed_" + path.name))
    return 1, 0


def _empty_and_unreadable(folder: Path) -> tuple[int, int]:
    (folder / "m_empty.txt").write_text("\n\n", encoding="utf-8")
    (folder / "n_binary.txt").write_bytes(b"\x00\xff\xfe" * 50)
    return 2, 2


def _all_at_once(folder: Path) -> tuple[int, int]:
    counts = [change(folder) for change in (_remove, _edit, _add_first, _add_last, _rename)]
    return sum(handed for handed, _ in counts), sum(parsed for _, parsed in counts)


CHANGES = (_add_last, _add_first, _add_between, _edit, _remove, _rename, _empty_and_unreadable, _all_at_once)


@pytest.fixture(scope="module")
def corrections(tmp_path_factory) -> str:
    """corrections.toml for the folder as the `folder` fixture makes it: a `wrong` verdict on a figure of the first
    article and a `set` on one of the last (one of them changes or goes in most of CHANGES, the other stays).

    Made once for the file from the articles as extracted with the packaged knowledge files: every test writes it
    into its own copy of them before it edits anything, so each would work out the same text."""
    folder = _copy_articles(tmp_path_factory.mktemp("corrections") / "articles")
    corpus = load_corpus(folder, cache=False, corrected=False)
    figures = corpus.figures
    first, last = corpus.articles["article_id"].iloc[0], corpus.articles["article_id"].iloc[-1]
    entries = []
    for article_id, action, extra in ((first, "wrong", ""), (last, "set", 'company = "Anthropic"')):
        rows = figures[figures["article_id"] == article_id]
        if rows.empty:
            continue
        figure = rows.iloc[0]
        text = {name: json.dumps(str(figure[name]), ensure_ascii=False) for name in ("article_id", "sentence", "unit")}
        entries.append(CORRECTION.format(value=float(figure["value"]), action=action, extra=extra, **text))
    assert entries
    return "".join(entries)


@pytest.mark.parametrize("corrected", (True, False), ids=("corrections applied", "as extracted"))
@pytest.mark.parametrize("change", CHANGES)
def test_a_changed_folder_extracts_only_its_changed_files_and_equals_a_load_from_scratch(
        change, corrected, folder, data_dir, tmp_path, extracted, corrections):
    if corrected:
        (data_dir / "corrections.toml").write_text(corrections, encoding="utf-8")
    cache = ExtractionCache(tmp_path / "cache")
    load_corpus(folder, data_dir=data_dir, cache=cache, corrected=corrected)
    handed, parsed = change(folder)
    extracted.clear()
    seen = []
    again = load_corpus(folder, data_dir=data_dir, cache=cache, corrected=corrected,
                        progress=lambda done, total: seen.append((done, total)))
    assert extracted == [handed]  # the other articles came from the previous snapshot, not assembled again
    n_files = len(again.report.outcomes)
    assert seen[0] == (n_files - parsed, n_files) and seen[-1] == (n_files, n_files)
    assert_same_corpus(load_corpus(folder, data_dir=data_dir, cache=False, corrected=corrected), again)
    if corrected:
        assert again.corrections["applied"].any()


def test_a_load_after_an_incremental_one_builds_on_it(folder, data_dir, tmp_path, extracted):
    cache = ExtractionCache(tmp_path / "cache")
    load_corpus(folder, data_dir=data_dir, cache=cache)
    _add_last(folder)
    load_corpus(folder, data_dir=data_dir, cache=cache)
    _edit(folder)
    extracted.clear()
    again = load_corpus(folder, data_dir=data_dir, cache=cache)
    assert extracted == [1]
    assert_same_corpus(load_corpus(folder, data_dir=data_dir, cache=False), again)
    assert_same_corpus(again, load_corpus(folder, data_dir=data_dir, cache=cache))  # and is kept itself


def _edit_knowledge(data_dir: Path, corrections: str) -> None:
    path = data_dir / "facts.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("window_days = 45", "window_days = 5"),
                    encoding="utf-8")


def _edit_corrections(data_dir: Path, corrections: str) -> None:
    (data_dir / "corrections.toml").write_text(corrections, encoding="utf-8")


@pytest.mark.parametrize("change", (_edit_knowledge, _edit_corrections))
def test_another_basis_assembles_from_every_article(change, folder, data_dir, tmp_path, extracted, corrections):
    cache = ExtractionCache(tmp_path / "cache")
    load_corpus(folder, data_dir=data_dir, cache=cache)
    change(data_dir, corrections)
    _add_last(folder)
    extracted.clear()
    again = load_corpus(folder, data_dir=data_dir, cache=cache)
    assert extracted == [len(again.report.outcomes), "assembled"]
    assert_same_corpus(load_corpus(folder, data_dir=data_dir, cache=False), again)


def test_incremental_false_assembles_from_every_article(folder, data_dir, tmp_path, extracted):
    cache = ExtractionCache(tmp_path / "cache")
    load_corpus(folder, data_dir=data_dir, cache=cache)
    _add_last(folder)
    extracted.clear()
    again = load_corpus(folder, data_dir=data_dir, cache=cache, incremental=False)
    assert extracted == [len(again.report.outcomes), "assembled"]
