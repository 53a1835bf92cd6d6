"""The one place where values become display strings and display units (Japanese style, USD equivalents)."""
from __future__ import annotations

import math
import re
import tomllib
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.periods import PERIOD_PATTERN
from loaders import DataFileError, currency_names, metric_names, place_of, read_toml, status_labels

FX_RATES_PATH = Path(__file__).resolve().parent / "data" / "fx_rates.toml"
ENCODINGS_PATH = Path(__file__).resolve().parent / "data" / "encodings.toml"

# Japanese large-number units, largest first.
SCALES = ((1e12, "兆"), (1e8, "億"), (1e4, "万"))


FRAME_LABELS = {"funding": "資金調達", "revenue": "売上・収益", "traffic": "トラフィック"}
INDUSTRY_LABEL = "業界全体"
UNKNOWN_PERIOD_LABEL = "期間不明"
CURRENCY_MODES = {"native": "元の通貨", "usd": "USD換算"}


MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str, limit: int = 80) -> str:
    """Text from a URL or an article made safe to put in Streamlit markdown: shortened, specials escaped."""
    text = str(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return MARKDOWN_SPECIALS.sub(r"\\\1", text)


def _trimmed(number: float, decimals: int) -> str:
    """`number` with thousands separators and at most `decimals` decimals, trailing zeros dropped."""
    text = f"{number:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def scale_for(magnitude: float) -> tuple[float, str]:
    """The Japanese unit (divisor, word) to write a number of this size with: 兆, 億, 万 or none."""
    for divisor, word in SCALES:
        if abs(magnitude) >= divisor:
            return divisor, word
    return 1.0, ""


APPROXIMATE_DIGITS = 2  # significant digits of a converted (hence approximate) amount


def round_significant(value: float, digits: int) -> float:
    """`value` rounded to `digits` significant digits: 83333333.3 -> 83000000 (2 digits)."""
    if not value or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def format_amount(value: float, decimals: int = 2, significant: int | None = None) -> str:
    """A number in Japanese units: 113600000000 -> 1,136億; 350000000 -> 3.5億; 25000 -> 2.5万.

    With `significant`, the value is first rounded to that many significant digits (8.33e7 -> 8,300万).
    """
    if value is None or pd.isna(value):
        return ""
    if significant:
        value = round_significant(float(value), significant)
    divisor, word = scale_for(value)
    # Rounding can carry into the next unit (9999.999万 -> 1億).
    scaled = round(value / divisor, decimals)
    if word and abs(scaled) >= 10000 and divisor < SCALES[0][0]:
        return format_amount(math.copysign(abs(scaled) * divisor, value), decimals)
    return _trimmed(scaled, decimals) + word


def currency_word(currency: str) -> str:
    """How a currency is written after an amount (USD -> ドル); unknown codes are kept as they are."""
    return currency_names().get(currency, f" {currency}" if currency else "")


def format_money(value: float, currency: str) -> str:
    """Money in Japanese style: 113600000000 USD -> 1,136億ドル; 2.5e12 JPY -> 2.5兆円."""
    if value is None or pd.isna(value):
        return ""
    return format_amount(value) + currency_word(currency)


def format_percent(value: float, signed: bool = False) -> str:
    """Percentage points: 12.5 -> 12.5%; with `signed`, 17.6 -> +17.6% and -9.7 -> -9.7%."""
    if value is None or pd.isna(value):
        return ""
    text = _trimmed(value, 2) + "%"
    return f"+{text}" if signed and value > 0 else text


def format_count(value: float, metric: str = "") -> str:
    """A count with its counter word when the metric has one: 1.9e9 -> 19億; users 1.9e7 -> 1,900万人."""
    if value is None or pd.isna(value):
        return ""
    return format_amount(value) + metric_counter(metric)


def format_value(value: float, unit: str, metric: str = "", value_high: float = float("nan"),
                 approximate: bool = False) -> str:
    """Any figure value as a display string, a range written low〜high; an `approximate` (converted) amount
    keeps two significant digits (8,333.33万 -> 8,300万), as many as a conversion at one rate can claim."""
    if value is None or pd.isna(value):
        return ""
    if approximate and unit not in ("%", "count"):
        value = round_significant(float(value), APPROXIMATE_DIGITS)
        value_high = value_high if pd.isna(value_high) else round_significant(float(value_high), APPROXIMATE_DIGITS)
    if unit == "%":
        text = format_percent(value)
        return text if pd.isna(value_high) else f"{_trimmed(value, 2)}〜{format_percent(value_high)}"
    if unit == "count":
        suffix = metric_counter(metric)
    else:
        suffix = currency_word(unit)
    if pd.isna(value_high):
        return format_amount(value) + suffix
    return f"{format_amount(value)}〜{format_amount(value_high)}{suffix}"


def metric_label(metric: str) -> str:
    """The Japanese name of a metric, from its `label` in metrics.toml (the identifier when it has none)."""
    name = metric_names().get(metric)
    return name.label if name is not None else metric


@lru_cache(maxsize=1)
def _encoding_names() -> dict[str, str]:
    with open(ENCODINGS_PATH, "rb") as handle:
        return {str(k): str(v) for k, v in tomllib.load(handle).get("names", {}).items()}


def encoding_label(codec: str) -> str:
    """A codec name as a Japanese reader knows it (utf_8 -> UTF-8, cp932 -> Shift_JIS（Windows-31J）)."""
    if not isinstance(codec, str) or not codec:
        return ""
    return _encoding_names().get(codec.lower().replace("-", "_"), codec)


def metric_counter(metric: str) -> str:
    """The counter word of a metric's counts, from its `counter` in metrics.toml (訪問数 -> 回; "" for none)."""
    name = metric_names().get(metric)
    return name.counter if name is not None else ""


def company_label(company: str) -> str:
    """A figure's subject for display: an empty company is the industry as a whole."""
    return company if isinstance(company, str) and company else INDUSTRY_LABEL


def format_period(period: str) -> str:
    """2023 -> 2023年; 2023Q4 -> 2023年Q4; 2023H1 -> 2023年上期; 2023-06 -> 2023年6月; FY2024 -> 2024年度."""
    if not isinstance(period, str) or not period:
        return UNKNOWN_PERIOD_LABEL
    match = PERIOD_PATTERN.match(period.strip().upper())
    if match is None:
        return period
    year = match["year"] + ("年度" if match["fy"] else "年")
    if match["quarter"]:
        return f"{year}Q{match['quarter']}"
    if match["half"]:
        return year + ("上期" if match["half"] == "1" else "下期")
    if match["month"]:
        return f"{year}{int(match['month'])}月"
    return year


def axis_unit(unit: str, metric: str, magnitude: float) -> tuple[float, str]:
    """(divisor, unit text) for a chart axis of values this large: (1e8, 億ドル), (1e4, 万人), (1, %)."""
    if unit == "%":
        return 1.0, "%"
    divisor, word = scale_for(magnitude)
    if unit == "count":
        return divisor, (word + metric_counter(metric)) or "件"
    return divisor, word + currency_word(unit).strip()


def axis_title(metric: str, unit: str, magnitude: float) -> str:
    """An axis title with its unit: 売上高（億ドル）."""
    _, text = axis_unit(unit, metric, magnitude)
    return f"{metric_label(metric)}（{text}）"


@dataclass(frozen=True)
class FxRates:
    """Units of each currency per US dollar, and the date they were taken."""

    units_per_usd: dict[str, float] = field(default_factory=dict)
    as_of: str = ""
    note: str = ""

    def to_usd(self, value: float, currency: str) -> float | None:
        """The USD equivalent of an amount, or None when the currency has no rate."""
        rate = self.units_per_usd.get(currency)
        if rate is None or pd.isna(value):
            return None
        return value / rate

    def caption(self) -> str:
        """The Japanese line that says which rates a page used."""
        note = f"・{self.note}" if self.note else ""
        return f"USD換算は {self.as_of} 時点のレート{note}（dashboard/data/fx_rates.toml）"


def load_fx_rates(path: str | Path = FX_RATES_PATH) -> FxRates:
    """Read the exchange-rate file; a rate must be a positive number. Any fault is a DataFileError naming
    the file and the line."""
    path = Path(path)
    document = read_toml(path)
    table = document.get("units_per_usd", {})
    if not isinstance(table, dict):
        raise DataFileError(f"{place_of(path, 'units_per_usd')}: units_per_usd must be a table")
    rates = {}
    for code, rate in table.items():
        if not isinstance(rate, (int, float)) or isinstance(rate, bool) or rate <= 0:
            raise DataFileError(f"{place_of(path, str(code))}: rate for {code} must be a positive "
                                f"number, got {rate!r}")
        rates[str(code).upper()] = float(rate)
    return FxRates(rates, str(document.get("as_of", "")), str(document.get("note", "")))


def is_money(unit: str) -> bool:
    """True for an ISO currency code (anything but % and count)."""
    return bool(unit) and unit not in ("%", "count")


def with_display_values(figures: pd.DataFrame, currency_mode: str, rates: FxRates) -> pd.DataFrame:
    """Add display_value, display_value_high, display_unit and converted: USD equivalents when asked and known."""
    frame = figures.copy()
    frame["display_value"] = frame["value"].astype("float64")
    frame["display_value_high"] = frame["value_high"].astype("float64")
    frame["display_unit"] = frame["unit"].astype("string")
    frame["converted"] = False
    if currency_mode != "usd" or frame.empty:
        return frame
    for index, row in frame.iterrows():
        if not is_money(row["unit"]) or row["unit"] == "USD":
            continue
        low = rates.to_usd(row["value"], row["unit"])
        if low is None:
            continue
        high = rates.to_usd(row["value_high"], row["unit"])
        frame.loc[index, ["display_value", "display_value_high"]] = [low, high if high is not None else math.nan]
        frame.loc[index, "display_unit"] = "USD"
        frame.loc[index, "converted"] = True
    return frame


def display_value_text(row: pd.Series) -> str:
    """The display string of one row prepared by with_display_values (converted amounts rounded)."""
    return format_value(row["display_value"], row["display_unit"], row["metric"], row["display_value_high"],
                        approximate=bool(row["converted"]))


def currency_caption(unit: str) -> str:
    """What a panel's values are measured in: 割合・率（%）, 件数・人数, USD（ドル）."""
    if unit == "%":
        return "割合・率（%）"
    if unit == "count":
        return "件数・人数"
    return f"{unit}（{currency_word(unit).strip()}）"


def native_value_text(row: pd.Series) -> str:
    """The display string of one figure row in the currency the text used."""
    return format_value(row["value"], row["unit"], row["metric"], row["value_high"])


@lru_cache(maxsize=1)
def status_names() -> dict[str, str]:
    """Figure status id -> its Japanese name ([status_labels] in metrics.toml), read once per process."""
    return status_labels()


def status_label(status: str) -> str:
    """実績, 予想・見通し, … (the identifier itself when it has no label; no status is an actual)."""
    return status_names().get(status or "actual", status)
