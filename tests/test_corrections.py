"""Corrections: stored as data, found again after re-parsing, applied, reported, reversible."""
from __future__ import annotations

import pytest

from loaders.corrections import (
    Correction,
    apply_corrections,
    corrections_path,
    load_corrections,
    record_correction,
    undo_correction,
)
from loaders.datafiles import DataFileError
from loaders.frames import FIGURE_COLUMNS, frame_from_rows

SENTENCE = "ELYZAの2023年の売上高は10億円だった。"


def figures():
    rows = [
        {"article_id": "a1", "frame": "revenue", "company": "Meta", "metric": "revenue", "value": 1e9, "unit": "JPY",
         "sentence": SENTENCE, "period": "2023"},
        {"article_id": "a1", "frame": "traffic", "company": "ELYZA", "metric": "users", "value": 3e5, "unit": "count",
         "sentence": "利用者は30万人。"},
        {"article_id": "a2", "frame": "revenue", "company": "ELYZA", "metric": "revenue", "value": 1e9, "unit": "JPY",
         "sentence": SENTENCE},
    ]
    return frame_from_rows(rows, {**FIGURE_COLUMNS, "status": "string"})


def fix(action, **fields):
    base = {"article_id": "a1", "sentence": SENTENCE, "value": 1e9, "unit": "JPY", "at": "2026-12-01T10:00:00Z"}
    return Correction(**{**base, **fields}, action=action)


# (correction, expected (company, metric, status, review) of article a1's revenue row, or None when it is dropped)
CASES = [
    (fix("set", company="ELYZA"), ("ELYZA", "revenue", "", "corrected")),
    (fix("set", status="forecast", metric="segment_revenue"), ("Meta", "segment_revenue", "forecast", "corrected")),
    (fix("confirm"), ("Meta", "revenue", "", "confirmed")),
    (fix("wrong"), None),
]


@pytest.mark.parametrize(("correction", "expected"), CASES, ids=[c[0].action for c in CASES])
def test_apply(correction, expected):
    corrected, report = apply_corrections(figures(), [correction])
    row = corrected[(corrected["article_id"] == "a1") & (corrected["unit"] == "JPY")]
    if expected is None:
        assert row.empty and len(corrected) == 2
    else:
        assert tuple(row[["company", "metric", "status", "review"]].iloc[0]) == expected
        assert row["reviewed_at"].iloc[0] == "2026-12-01T10:00:00Z"
    # the same sentence and value in another article is another figure
    other = corrected[corrected["article_id"] == "a2"].iloc[0]
    assert (other["company"], other["review"]) == ("ELYZA", "")
    assert report["applied"].tolist() == [True]


def test_a_correction_whose_figure_is_gone_is_reported():
    corrected, report = apply_corrections(figures(), [fix("wrong", sentence="もう存在しない文。")])
    assert len(corrected) == 3
    assert report["applied"].tolist() == [False]
    assert "not found" in report["detail"].iloc[0]


def test_the_last_correction_of_a_figure_wins():
    corrected, _ = apply_corrections(figures(), [fix("wrong"), fix("set", company="ELYZA")])
    assert "ELYZA" in corrected[corrected["article_id"] == "a1"]["company"].tolist()


def test_round_trip_through_the_file_and_undo(tmp_path):
    tricky = 'ELYZAは「"引用"」\\と\tタブ\n改行を含む。'
    record_correction(fix("set", company="ELYZA", by="analyst@example.com"), tmp_path)
    record_correction(fix("wrong", sentence=tricky, value=3e5, unit="count"), tmp_path)
    record_correction(fix("confirm", by="second"), tmp_path)  # replaces the first: same figure
    stored = load_corrections(tmp_path)
    assert [(c.action, c.sentence, c.by) for c in stored] == [("wrong", tricky, ""), ("confirm", SENTENCE, "second")]
    assert corrections_path(tmp_path).read_text(encoding="utf-8").startswith("# Corrections")
    undo_correction(stored[1].key, tmp_path)
    assert [c.action for c in load_corrections(tmp_path)] == ["wrong"]


def test_recording_stamps_the_time(tmp_path):
    record_correction(fix("confirm", at=""), tmp_path)
    assert load_corrections(tmp_path)[0].at.endswith("Z")


def test_no_file_no_corrections(tmp_path):
    assert load_corrections(tmp_path) == []


@pytest.mark.parametrize(("text", "message"), [
    ('[[correction]]\narticle_id = "a"\nsentence = "s"\nvalue = 1.0\nunit = "USD"\naction = "maybe"\n', "maybe"),
    ('[[correction]]\narticle_id = "a"\nsentence = "s"\nunit = "USD"\naction = "wrong"\n', "missing value"),
    ('[[correction]]\narticle_id = "a"\nsentence = "s"\nvalue = 1.0\nunit = "USD"\naction = "set"\n', "needs one"),
    ('[[correction]]\narticle_id = "a"\nsentence = "s\n', "line 3"),
])
def test_broken_file_names_file_and_entry(tmp_path, text, message):
    corrections_path(tmp_path).write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as error:
        load_corrections(tmp_path)
    assert "corrections.toml" in str(error.value)
