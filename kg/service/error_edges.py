"""kg/errors.py's family at the service's two edges: an HTTP answer with the error's status and
headers, a GraphQL error with its code in `extensions`. Mapped here once, so `/articles` and the
`ingestArticle` mutation (or any other pair of doors onto one check) cannot drift apart.

A row the `ingestArticle` input types refuse (a missing or non-string `text`, a `published`
that is no date, an input that is no object) is refused by graphql-core while it coerces the
variables, before any resolver runs, in GraphQL's words; POST /articles refuses the same row in
kg/article_row.py's. `ArticleInputErrors` gives the mutation the article row's words too, so a
client meets one message per bad row whichever door it uses; a row written into the document
(`ingestArticle(input: {...})`, refused by validation) is reworded the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    NonNullTypeNode,
    OperationDefinitionNode,
    VariableNode,
    value_from_ast_untyped,
)
from starlette.requests import Request
from starlette.responses import JSONResponse
from strawberry.extensions import SchemaExtension

from kg.article_row import article_from_row
from kg.errors import KgError
from kg.sources import SourceError

ARTICLE_INPUT = "ArticleInput"
ROW_SOURCE = "ingestArticle"  # the source an input row is named by (POST names its rows article[i])
MUTATION_FIELD = "ingestArticle"
_SCALAR_REFUSALS = ("String cannot represent", "Value cannot represent a Date")  # graphql-core's, strawberry's


def http_body(exc: KgError) -> dict[str, str]:
    """What every HTTP edge says of an error: its words and the code GraphQL would give it."""
    return {"error": str(exc), "code": exc.graphql_code}


def http_answer(exc: KgError) -> JSONResponse:
    return JSONResponse(http_body(exc), exc.http_status, headers=exc.headers)


async def on_kg_error(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's exception handler for the family: a route raises, the edge answers."""
    assert isinstance(exc, KgError)
    return http_answer(exc)


def graphql_error(exc: KgError, response: Any | None = None) -> GraphQLError:
    """The error as GraphQL says it; a wait (429) is also said by the HTTP response's status and
    Retry-After, which a client or proxy acts on without reading the body."""
    if exc.http_status == 429 and response is not None:
        response.status_code = 429
        response.headers.update(exc.headers)
    return GraphQLError(str(exc), extensions={"code": exc.graphql_code})


def row_error(reason: str, nodes: Any = None) -> GraphQLError:
    return GraphQLError(reason, nodes=nodes, extensions={"code": "BAD_USER_INPUT"})


class ArticleInputErrors(SchemaExtension):
    """Rewords graphql-core's refusal of an `ArticleInput` variable as kg/article_row.py's
    refusal of the same row, with the code BAD_USER_INPUT."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        variables = self._article_variables()
        if variables:
            raw = self.execution_context.variables or {}
            result.errors = [self._reworded(error, variables, raw) for error in result.errors]
        literals = self._bad_literal_rows()
        if literals:
            result.errors = _reworded_literals(result.errors, literals)

    def _article_variables(self) -> set[str]:
        document = self.execution_context.graphql_document
        names = set()
        for definition in document.definitions if document else ():
            if isinstance(definition, OperationDefinitionNode):
                for variable in definition.variable_definitions or ():
                    type_ = variable.type.type if isinstance(variable.type, NonNullTypeNode) else variable.type
                    if getattr(getattr(type_, "name", None), "value", None) == ARTICLE_INPUT:
                        names.add(variable.variable.name.value)
        return names

    def _bad_literal_rows(self) -> list[tuple[int, int, str]]:
        """Each `ingestArticle(input: {...})` written in the document that the row validator
        refuses: where it stands (its span) and why."""
        document = self.execution_context.graphql_document
        found: list[tuple[int, int, str]] = []
        for field in _fields(document, MUTATION_FIELD) if document else ():
            for argument in field.arguments or ():
                value = argument.value
                if argument.name.value == "input" and not isinstance(value, VariableNode) and value.loc:
                    try:
                        article_from_row(value_from_ast_untyped(value, self.execution_context.variables), ROW_SOURCE)
                    except SourceError as exc:
                        found.append((value.loc.start, value.loc.end, exc.reason))
        return found

    @staticmethod
    def _reworded(error: GraphQLError, variables: set[str], raw: dict[str, Any]) -> GraphQLError:
        name = next((n for n in variables if error.message.startswith(f"Variable '${n}' ")), None)
        if name is None or error.path:  # not a coercion error of an article's variable
            return error
        try:
            article_from_row(raw.get(name), ROW_SOURCE)
        except SourceError as exc:
            return row_error(exc.reason, error.nodes)
        return row_error(error.message, error.nodes)  # refused by GraphQL alone: its words, our code


def _fields(document: DocumentNode, name: str) -> Iterator[FieldNode]:
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            for selection in definition.selection_set.selections:
                if isinstance(selection, FieldNode) and selection.name.value == name:
                    yield selection


def _reworded_literals(errors: list[GraphQLError], rows: list[tuple[int, int, str]]) -> list[GraphQLError]:
    """Validation errors inside a refused row (one row's several errors become its one reason).
    A scalar's refusal of a value (a Date, a list given for a String) may carry no position;
    it goes to the refused row when the document has one."""
    out: list[GraphQLError] = []
    said: set[int] = set()
    for error in errors:
        starts = [n.loc.start for n in error.nodes or () if n.loc]
        row = next((r for r in rows if starts and all(r[0] <= p < r[1] for p in starts)), None)
        if row is None and not starts and len(rows) == 1 and error.message.startswith(_SCALAR_REFUSALS):
            row = rows[0]
        if row is None:
            out.append(error)
        elif row[0] not in said:
            said.add(row[0])
            out.append(row_error(row[2], error.nodes))
    return out
