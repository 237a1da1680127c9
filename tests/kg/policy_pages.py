"""Walking policy impact's pages to the end, as a client would, for tests that hold the pages
to the whole answer."""

from __future__ import annotations

from kg import answers, question_rows
from kg.store import EmbeddedStore


def walked(store: EmbeddedStore, ties: question_rows.Ties, part: str, size: int = 2) -> list[answers.Act]:
    """Every act of `part` ("response" or "consequence"), page by page of `size`."""
    got: list[answers.Act] = []
    after = None
    while page := answers.policy_impact_page(store, ties, part, size, after, len(got)):
        got += [a for a, _ in page]
        after = question_rows.After(page[-1][1], page[-1][0].instance)
    return got
