"""The ファクト page in AppTest: facts and conflicts shown, a correction saved, applied after a restart and by the
CLI export alike, and undone."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders import load_corpus
from loaders.__main__ import main as cli
from loaders.corrections import load_corrections

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
ARTICLES = ROOT / "tests" / "data" / "facts" / "articles"
TIMEOUT = 60


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("KIJISCOPE_CORPUS", str(ARTICLES))
    monkeypatch.setenv("KIJISCOPE_DATA_DIR", str(folder))
    return folder


def facts_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("app_pages/facts.py")
    at.run()
    assert not at.exception, at.exception
    return at


def widget(elements, label):
    return next(element for element in elements if element.label == label)


def test_facts_page_counts_facts(data_dir):
    at = facts_page()
    assert at.title[0].value == "ファクト"
    expected = len(load_corpus(ARTICLES).facts)
    assert widget(at.metric, "ファクト").value == f"{expected}件"


def choose_seed_round(at: AppTest) -> None:
    """Pick Mistral AI's seed round (a fact only one article states) in the figure chooser."""
    figure = widget(at.selectbox, "数値を選ぶ")
    figure.set_value(next(i for i, label in enumerate(figure.options) if "1億500万ユーロ" in label)).run()


def test_a_correction_survives_a_restart_and_reaches_the_export(data_dir, tmp_path):
    at = facts_page()
    choose_seed_round(at)
    widget(at.radio, "この数値は").set_value("set")
    widget(at.text_input, "企業").set_value("Mistral")
    widget(at.button, "保存").click().run()
    assert not at.exception, at.exception
    [stored] = load_corrections(data_dir)
    assert (stored.action, stored.company, stored.value) == ("set", "Mistral", 1.05e8)

    restarted = facts_page()  # a new script run from scratch reads the file again
    table = restarted.dataframe[-1].value
    assert list(table["操作"]) == ["修正"] and list(table["適用"]) == ["適用中"]

    out = tmp_path / "out"
    assert cli(["export", str(ARTICLES), "--out", str(out), "--data-dir", str(data_dir)]) == 0
    with open(out / "funding.csv", encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["surface"].startswith("1億500万")]
    assert [(row["company"], row["review"]) for row in rows] == [("Mistral", "corrected")]

    widget(restarted.button, "修正を取り消す").click().run()
    assert load_corrections(data_dir) == []
    reverted = load_corpus(ARTICLES, data_dir=data_dir).figures
    assert set(reverted.loc[reverted["value"] == 1.05e8, "company"]) == {"Mistral AI"}


def test_marking_a_figure_wrong_removes_it(data_dir):
    at = facts_page()
    before = int(widget(at.metric, "ファクト").value.rstrip("件"))
    choose_seed_round(at)
    widget(at.radio, "この数値は").set_value("wrong")
    widget(at.button, "保存").click().run()
    assert not at.exception, at.exception
    assert int(widget(at.metric, "ファクト").value.rstrip("件")) == before - 1


def test_with_a_passphrase_login_a_correction_records_who_made_it(data_dir, monkeypatch):
    from dashboard import auth, login

    passphrase = "修正テスト用の合言葉 2718"
    monkeypatch.setenv(auth.PASSPHRASE_ENV, auth.hash_passphrase(passphrase, n=2**10))
    login.server_attempts.clear()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    widget(at.text_input, "合言葉").set_value(passphrase)
    widget(at.button, "ログイン").click().run()
    at.switch_page("app_pages/facts.py")
    at.run()
    assert not at.exception, at.exception
    choose_seed_round(at)
    widget(at.radio, "この数値は").set_value("confirm")
    widget(at.button, "保存").click().run()
    assert load_corrections(data_dir) == []  # no name given: nothing recorded
    assert any("名前を入力" in warning.value for warning in at.warning)
    widget(at.text_input, "あなたの名前（修正の記録に残ります）").set_value("佐藤")
    widget(at.button, "保存").click().run()
    [stored] = load_corrections(data_dir)
    assert (stored.action, stored.by) == ("confirm", "佐藤")
    login.server_attempts.clear()


def test_the_chosen_figure_links_to_its_sentence_in_the_same_tab(data_dir):
    at = facts_page()
    choose_seed_round(at)
    links = [element.proto for element in at.get("page_link") if element.proto.label == "本文を見る"]
    assert len(links) == 1 and not links[0].external
    query = dict(part.split("=", 1) for part in links[0].query_string.split("&"))
    assert set(query) == {"article", "sentence"} and query["sentence"].replace("-", "").isdigit()
