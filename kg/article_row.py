"""One validator for an article given as a row of fields: a JSONL line (`kg ingest file.jsonl`),
an item of `POST /articles` and the `ingestArticle` mutation's input all go through
`article_from_row`, so the same bad row is refused with the same words on every path.

The row's shape (an object, a string `text`, optional string `title`, `published`, `url`) is a
pydantic model; what the text must be (not empty, not binary, valid Unicode, at most 2 MB) and
what `published` may say are `kg.sources.from_text`'s checks, which files and feeds share.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from kg.sources import Article, SourceError, from_text

_JSON_TYPES = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number"}


class ArticleRow(BaseModel):
    """An article's fields as a client sends them; other fields are ignored, not refused, so that
    a feed exporter's extra columns do not cost the article."""

    model_config = ConfigDict(strict=True, extra="ignore")

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None


def _kind(value: Any) -> str:
    if isinstance(value, float):
        return "a number"
    return "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)


def row_error(row: Any, exc: ValidationError) -> str:
    """The first problem pydantic found, in the words the README uses for articles."""
    if not isinstance(row, dict):
        return f"an article must be a JSON object with a string 'text', not {_kind(row)}"
    problem = exc.errors()[0]
    field = str(problem["loc"][0]) if problem["loc"] else "text"
    if problem["type"] == "missing":
        return f"'{field}' is missing: an article needs a string 'text'"
    return f"'{field}' must be a string, not {_kind(row.get(field))}"


def article_from_row(row: Any, source: str) -> Article:
    """The article `row` describes, or a SourceError naming `source` and the first problem."""
    try:
        fields = ArticleRow.model_validate(row)
    except ValidationError as exc:
        raise SourceError(source, row_error(row, exc)) from None
    return from_text(fields.text, source, fields.title, fields.published, fields.url)
