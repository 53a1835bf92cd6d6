"""Metric names on screen come from metrics.toml: every id a row can carry has a Japanese label, counts a counter."""
from pathlib import Path

import pytest

from dashboard.formatting import axis_title, format_count, format_value, metric_label
from loaders import load_corpus, metric_names
from loaders.metrics import load_lexicon

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# (metric id, label, counter)
NAMES = (
    ("revenue", "売上高", ""),
    ("revenue_growth", "売上の伸び率", ""),
    ("visits", "訪問数", "回"),
    ("users", "ユーザー数", "人"),
    ("customers", "顧客数", "社"),
    ("downloads_change", "ダウンロード数の増減", ""),
    ("stock_price", "株価・時価総額", ""),
    ("market_size", "市場規模", ""),
)

# (value, unit, metric, shown)
SHOWN = (
    (5.7e9, "count", "visits", "57億回"),
    (1.8e8, "count", "users", "1.8億人"),
    (1000.0, "count", "customers", "1,000社"),
    (3.5e8, "USD", "raised", "3.5億ドル"),
)


def every_metric_id() -> set[str]:
    rules = load_lexicon().rules.values()
    return {rule.id for rule in rules} | {r.change_metric for r in rules if r.change_metric} \
        | {r.share_metric for r in rules if r.share_metric}


@pytest.mark.parametrize("metric", sorted(every_metric_id()))
def test_every_metric_id_has_a_japanese_label(metric):
    label = metric_names()[metric].label
    assert label and not label.isascii(), metric
    assert metric_label(metric) == label


def test_every_metric_of_the_seeds_has_a_label():
    figures = load_corpus(SEEDS).figures
    assert not figures.empty
    assert {m for m in figures["metric"] if m not in metric_names()} == set()


@pytest.mark.parametrize(("metric", "label", "counter"), NAMES)
def test_names_and_counters(metric, label, counter):
    name = metric_names()[metric]
    assert (name.label, name.counter) == (label, counter)


@pytest.mark.parametrize(("value", "unit", "metric", "shown"), SHOWN)
def test_counts_take_their_metrics_counter(value, unit, metric, shown):
    assert format_value(value, unit, metric) == shown


def test_axis_titles_use_the_counter():
    assert axis_title("visits", "count", 5.7e9) == "訪問数（億回）"
    assert format_count(12.0, "questions") == "12件"
