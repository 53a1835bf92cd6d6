"""The export CLI: python -m loaders export SRC --out DIR (and score)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loaders.frames import ARTICLE_COLUMNS, COMPANY_COLUMNS

CONTRACT_FIGURE_COLUMNS = ["article_id", "company", "metric", "value", "unit", "period", "change_pct", "approx",
                           "sentence", "themes", "status"]
STATUSES = {"actual", "forecast", "target", "consensus", "in_talks"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loaders", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("export")
    return out, run("export", "seeds", "--out", str(out))


def test_export_writes_five_csvs_with_bom(export):
    out, done = export
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("5 loaded, 0 skipped of 5 files; wrote 5 articles")
    for name in ("articles", "companies", "funding", "revenue", "traffic"):
        raw = (out / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name


def test_articles_csv_has_titles_publishers_and_counts(export):
    out, _ = export
    articles = pd.read_csv(out / "articles.csv", encoding="utf-8-sig", keep_default_na=False)
    assert list(articles.columns) == list(ARTICLE_COLUMNS)
    by_id = articles.set_index("article_id")
    assert by_id.loc["002_26858922228c5695", "title"] == "ChatGPTは終焉?オープンソースのLlama 3が引き起こすパラダイムシフト"
    assert by_id["publisher"].tolist() == ["", "Gate", "note", "タイガースニフ", "Pinecone Finance"]
    raw_000 = Path("seeds/000_3b4012ad22db6480.txt").read_text(encoding="utf-8")
    assert by_id.loc["000_3b4012ad22db6480", "n_chars"] < len(raw_000) / 2  # its text twice, counted once
    assert (by_id["themes"] != "").all()


def test_figure_csvs_have_the_contract_columns(export):
    out, _ = export
    for name in ("funding", "revenue", "traffic"):
        frame = pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig")
        assert set(CONTRACT_FIGURE_COLUMNS) <= set(frame.columns)
        assert len(frame) > 0
        assert set(frame["status"]) <= STATUSES
    companies = pd.read_csv(out / "companies.csv", encoding="utf-8-sig")
    assert list(companies.columns) == list(COMPANY_COLUMNS)


def test_a_forecast_is_exported_with_its_status(export):
    out, _ = export
    revenue = pd.read_csv(out / "revenue.csv", encoding="utf-8-sig")
    forecast = revenue[revenue["sentence"].str.contains("750億ドルにとどまると予想")]
    assert forecast["status"].tolist() == ["forecast"]
    assert (revenue["status"] == "actual").sum() > 0


def test_missing_folder_exits_with_a_message(tmp_path):
    done = run("export", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "not a folder" in done.stderr


def test_folder_with_nothing_loadable_exits_non_zero_and_lists_skips(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    done = run("export", str(tmp_path), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "skipped empty.txt: empty file" in done.stderr
    assert "skipped image.png: unsupported file type" in done.stderr
    assert "no article could be loaded" in done.stderr


def test_score_command_prints_every_frame():
    done = run("score", "tests/data/articles", "--answers", "tests/data/gold")
    assert done.returncode == 0, done.stderr
    assert [line.split()[0] for line in done.stdout.splitlines()] == [
        "funding", "revenue", "traffic", "companies", "figures"]


@pytest.mark.parametrize("budget, code", [("0", 0), ("2.5", 0), ("-1", 2), ("soon", 2)])
def test_time_budget_option(tmp_path, budget, code):
    (tmp_path / "a.txt").write_text("生成AIの新興企業が50億円を調達した。\n", encoding="utf-8")
    done = run("export", str(tmp_path), "--out", str(tmp_path / "out"), "--time-budget", budget)
    assert done.returncode == code, done.stderr
