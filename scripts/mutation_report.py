"""Summarise `mutmut results --all true` per module and function: killed / survived / no tests /
timeout, and the score (killed + timeout over all mutants that some test runs)."""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict

LINE = re.compile(r"^\s*(?P<name>[\w.ǁ]+)__mutmut_\d+: (?P<status>[\w ]+)$")


def parse(text: str) -> dict[str, Counter[str]]:
    by_function: dict[str, Counter[str]] = defaultdict(Counter)
    for line in text.splitlines():
        match = LINE.match(line)
        if match:
            by_function[match["name"].replace("xǁ", "").replace("ǁ", ".")][match["status"].strip()] += 1
    return by_function


MODULES = (
    "kg.service.response_cache",
    "kg.service.updates",
    "kg.service.auth",
    "kg.queries",
    "kg.risk",
    "kg.sources",
    "extractors.dates",
    "extractors.identity",
)


def module_of(function: str) -> str:
    return next((m for m in MODULES if function.startswith(m + ".")), function.rsplit(".", 1)[0])


def score(counts: Counter[str]) -> float:
    tested = sum(counts.values()) - counts["no tests"] - counts["skipped"]
    return (counts["killed"] + counts["timeout"]) / tested if tested else 1.0


def main() -> int:
    functions = parse(sys.stdin.read())
    modules: dict[str, Counter[str]] = defaultdict(Counter)
    for function, counts in functions.items():
        modules[module_of(function)] += counts
    print("| module | mutants | killed | timeout | survived | no tests | score |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    total: Counter[str] = Counter()
    for module in sorted(modules):
        c = modules[module]
        total += c
        print(
            f"| `{module}` | {sum(c.values())} | {c['killed']} | {c['timeout']} | {c['survived']} | "
            f"{c['no tests']} | {score(c):.0%} |"
        )
    print(
        f"| **all** | {sum(total.values())} | {total['killed']} | {total['timeout']} | {total['survived']} | "
        f"{total['no tests']} | **{score(total):.0%}** |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
