"""The project's scorer (loaders/scoring.py) counts rows the way the contract's scorer does."""
import pandas as pd
import pytest

from loaders.scoring import score_figures

ANSWER = {"article": "a1", "frame": "funding", "company": ["Acme"], "metric": "raised",
          "value": 5e8, "unit": "USD", "period": None, "change_pct": None}


def _figures(*rows):
    columns = ["article_id", "frame", "company", "value", "unit", "status"]
    return pd.DataFrame([dict(zip(columns, row)) for row in rows], columns=columns)


@pytest.mark.parametrize(("rows", "matched", "predicted"), [
    # an actual that matches, and nothing else
    ([("a1", "funding", "Acme", 5e8, "USD", "actual")], 1, 1),
    # a forecast, target or consensus row is not a prediction at all: no extra, no match
    ([("a1", "funding", "Acme", 5e8, "USD", "actual"), ("a1", "funding", "Acme", 9e8, "USD", "forecast")], 1, 1),
    ([("a1", "funding", "Acme", 9e8, "USD", "target")], 0, 0),
    ([("a1", "funding", "Acme", 9e8, "USD", "consensus")], 0, 0),
    # the right value labelled a forecast is a miss, never a match
    ([("a1", "funding", "Acme", 5e8, "USD", "forecast")], 0, 0),
    # figures stated as in talks stay predictions, as in the contract's scorer
    ([("a1", "funding", "Acme", 9e8, "USD", "in_talks")], 0, 1),
    # a missing status counts as actual
    ([("a1", "funding", "Acme", 5e8, "USD", None)], 1, 1),
    # another article's rows are not this answer set's predictions
    ([("b2", "funding", "Acme", 5e8, "USD", "actual")], 0, 0),
])
def test_rows_not_stated_as_actuals_are_left_out(rows, matched, predicted):
    tally = score_figures(_figures(*rows), [ANSWER], "funding")
    assert (tally.matched, tally.predicted, tally.expected) == (matched, predicted, 1)


def test_frames_without_a_status_column_still_score():
    figures = _figures(("a1", "funding", "Acme", 5e8, "USD", "actual")).drop(columns="status")
    assert score_figures(figures, [ANSWER], "funding").matched == 1
