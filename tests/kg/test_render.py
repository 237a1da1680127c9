"""Rows as a user reads them: JSON and CSV whole, tables chosen and wrapped to fit the terminal
(kg/render.py). The exact tables are those of `kg query articles` over the sample articles, from
the real command at 80 and 200 columns (COLUMNS, which rich reads as the terminal's width)."""

from __future__ import annotations

from pathlib import Path

from kg.render import Columns, choose_columns, compact
from tests.conftest import FIXTURES, run_kg

TABLES = FIXTURES / "render"  # made by the command below, trailing spaces cut; read them to see


def table_at(width: int, store: Path) -> str:
    result = run_kg("query", "articles", "--store", str(store), env={"COLUMNS": str(width)})
    assert result.returncode == 0, result.stderr
    return "".join(line.rstrip() + "\n" for line in result.stdout.splitlines())  # rich pads the caption


def test_at_80_columns_titles_wrap_at_spaces_and_the_iri_column_gives_way(sample_store: Path) -> None:
    assert table_at(80, sample_store) == (TABLES / "articles-at-80.txt").read_text(encoding="utf-8")


def test_at_200_columns_every_column_with_a_value_is_shown_unwrapped(sample_store: Path) -> None:
    assert table_at(200, sample_store) == (TABLES / "articles-at-200.txt").read_text(encoding="utf-8")


ROWS = [
    {
        "jurisdiction": "https://w3id.org/regrisk/id/entity/united-states",
        "jurisdictionLabel": "United States",
        "instance": "https://w3id.org/regrisk/id/event-instance/495891a460e176f118a9",
        "type": "https://w3id.org/regrisk/ontology#CourtRuling",
        "outcome": None,
        "sentence": "The Supreme Court upheld the law on Friday, two days before the ban.",
    }
]


def test_everything_that_fits_is_shown_with_the_projects_iris_shortened() -> None:
    assert choose_columns(ROWS, 400) == Columns(
        [(k, k) for k in ("jurisdiction", "jurisdictionLabel", "instance", "type", "sentence")], ["outcome"], []
    )
    assert [compact(v) for v in ROWS[0].values()] == [
        "entity/united-states",
        "United States",
        "event-instance/495891a460e176f118a9",
        "rr:CourtRuling",
        "",
        "The Supreme Court upheld the law on Friday, two days before the ban.",
    ]


def test_a_label_stands_in_for_its_iri_then_identifiers_go_then_columns_from_the_right() -> None:
    assert choose_columns(ROWS, 120) == Columns(
        [("jurisdiction", "jurisdictionLabel"), ("type", "type"), ("sentence", "sentence")], ["outcome"], ["instance"]
    )
    # at 34 cells the longest words of two columns fit ("jurisdiction", "rr:CourtRuling"): the last goes
    assert choose_columns(ROWS, 34) == Columns(
        [("jurisdiction", "jurisdictionLabel"), ("type", "type")], ["outcome"], ["instance", "sentence"]
    )
