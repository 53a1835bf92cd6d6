"""Dated exchange rates (loaders/data/fx_rates.toml): an amount in one currency as US dollars of its year."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loaders.datafiles import DataFileError, data_path, read_toml

FX_FILE = "fx_rates.toml"


@dataclass(frozen=True)
class FxTable:
    """Units of each currency per US dollar, by year; conversion uses the rate of the figure's own year."""

    rates: dict[str, dict[int, float]]
    note: str = ""

    def rate(self, currency: str, year: int | None) -> float | None:
        """Units of `currency` per dollar in `year` (the nearest listed year when outside the table)."""
        by_year = self.rates.get(currency)
        if not by_year:
            return None
        if year is None:
            return by_year[max(by_year)]
        nearest = min(by_year, key=lambda listed: (abs(listed - year), -listed))
        return by_year[nearest]

    def to_usd(self, value: float, currency: str, year: int | None = None) -> float | None:
        """`value` in US dollars at the rate of `year`, or None when the currency has no rate."""
        rate = self.rate(currency, year)
        return None if not rate else value / rate


def load_fx_table(data_dir: str | Path | None = None) -> FxTable:
    """Read fx_rates.toml; a malformed entry raises DataFileError naming the file and the entry."""
    path = data_path(FX_FILE, data_dir)
    raw = read_toml(path)
    table = raw.get("units_per_usd")
    if not isinstance(table, dict):
        raise DataFileError(f"{path}: needs a [units_per_usd.CODE] table per currency")
    rates: dict[str, dict[int, float]] = {}
    for currency, by_year in table.items():
        if not isinstance(by_year, dict) or not by_year:
            raise DataFileError(f"{path}: [units_per_usd.{currency}] needs lines YEAR = RATE")
        rates[currency] = {}
        for year, rate in by_year.items():
            if not str(year).isdigit() or isinstance(rate, bool) or not isinstance(rate, int | float) or rate <= 0:
                raise DataFileError(f"{path}: [units_per_usd.{currency}] {year} = {rate!r}: "
                                    "expected YEAR = a positive number")
            rates[currency][int(year)] = float(rate)
    return FxTable(rates, str(raw.get("note", "")))
