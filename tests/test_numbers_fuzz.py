"""Hypothesis over Japanese-ish strings: find_quantities never raises and its spans hold."""
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.numbers import find_quantities, parse_amount, parse_number

PIECES = (
    list("0123456789０１２３４５６７８９〇一二三四五六七八九十百千万億兆")
    + list(",.，．%％~〜～-−+＋▲△$￥¥€£ 　\n")
    + ["ドル", "米ドル", "円", "元", "人民元", "ユーロ", "ポンド", "ウォン", "パーセント", "ポイント",
       "約", "超", "以上", "近く", "を超え", "増", "減少", "上昇", "マイナス", "から", "第", "数",
       "人", "社", "件", "年", "月", "日", "か月", "四半期", "余", "強", "billion", "bn", "B", "M", "K",
       "US$", "USD", "RMB", "GPT-", "Llama ", "百度", "一方"]
    + list("あいうえおのはがをにカタナクラウドAIbmk")
)
japanese_ish = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(japanese_ish)
def test_find_quantities_spans_hold(text):
    quantities = find_quantities(text)
    for quantity in quantities:
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert text[quantity.start:quantity.end] == quantity.surface
        assert quantity.kind in {"money", "percent", "number"}
        assert quantity.direction in {-1, 0, 1}
        if quantity.value_high is not None and quantity.value >= 0:
            assert quantity.value_high >= quantity.value
    assert all(left.end <= right.start for left, right in zip(quantities, quantities[1:]))


@settings(max_examples=300, deadline=None)
@given(japanese_ish)
def test_parsers_never_raise(text):
    amount = parse_amount(text)
    assert amount is None or text[amount.start:amount.end] == amount.surface
    assert parse_number(text) is None or isinstance(parse_number(text), float)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_find_quantities_on_any_text(text):
    for quantity in find_quantities(text):
        assert text[quantity.start:quantity.end] == quantity.surface
