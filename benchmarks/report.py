"""How every benchmark reports: a ratio against its limit, min/median/max over repeats."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass
class Row:
    name: str
    ratios: list[float]
    target: float
    detail: str = ""
    higher_is_better: bool = True

    @property
    def median(self) -> float:
        return statistics.median(self.ratios)

    @property
    def met(self) -> bool:
        return self.median >= self.target if self.higher_is_better else self.median <= self.target

    def line(self) -> str:
        sign = ">=" if self.higher_is_better else "<="
        return (
            f"{self.name}: {self.median:.2f}x (min {min(self.ratios):.2f}, max {max(self.ratios):.2f}; "
            f"target {sign} {self.target}x) {'MET' if self.met else 'BELOW TARGET'}  [{self.detail}]"
        )


def print_rows(rows: list[Row]) -> None:
    for row in rows:
        print(row.line(), flush=True)
