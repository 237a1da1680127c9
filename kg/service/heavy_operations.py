"""A heavy GraphQL query answered whole in a worker process (kg/service/read_processes.py): parsed,
validated, priced, resolved and encoded there, so the server's event loop only forwards bytes.

Why the whole operation: with only its store reads in a worker, a light question still waited
0.1-0.6 s behind a heavy one's resolution on the event loop (thousands of reasons and events
turned into objects, then into JSON, in steps of 50-350 ms: benchmarks/RESULTS.md, "lanes").
Queries only: a mutation writes through the server's own store, and the watchlist fields need
the request's token and the server's watchlists, so those run in the server.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from graphql import DocumentNode, FieldNode, OperationDefinitionNode, OperationType
from strawberry.types import ExecutionResult

from kg.settings import Settings

IN_SERVER_FIELDS = frozenset({"watchlists"})  # Query fields that need the request (its token) or the server


class EncodedResult(ExecutionResult):
    """An operation's whole answer, already encoded as the response body."""

    def __init__(self, body: bytes) -> None:
        super().__init__(data=None, errors=None)
        self.body = body


class EncodedBody(dict):
    """EncodedResult's body where strawberry expects the response's dict (KGGraphQL.encode_json)."""

    def __init__(self, body: bytes) -> None:
        super().__init__()
        self.body = body


def runs_in_worker(document: DocumentNode | None, operation_name: str | None) -> bool:
    """A query (the operation the request names, or its only one) touching no IN_SERVER_FIELDS."""
    if document is None:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if len(chosen) != 1 or chosen[0].operation is not OperationType.QUERY:
        return False
    roots = chosen[0].selection_set.selections
    return all(isinstance(s, FieldNode) and s.name.value not in IN_SERVER_FIELDS for s in roots)


_schema: Any = None  # one per worker process, built on its first operation


def answer_in_worker(
    store: Any, settings: Settings, query: str, variables: dict[str, Any] | None, operation_name: str | None
) -> bytes:
    """The response body of one query over the worker's view of the store, as the server would
    encode it (strawberry's process_result: data, then errors, then extensions)."""
    global _schema
    from strawberry.types.graphql import OperationType as StrawberryOperationType

    from kg.service.graphql_view import build_schema
    from kg.service.loaders import loaders
    from kg.store import _vanished_file

    if _schema is None:
        _schema = build_schema(settings)
    context = {"store": store, "settings": settings, **loaders(store), "request": None, "response": None}
    _schema.internal_errors = []
    result = asyncio.run(
        _schema.execute(
            query,
            variable_values=variables,
            context_value=context,
            operation_name=operation_name,
            allowed_operation_types={StrawberryOperationType.QUERY},
        )
    )
    if any(isinstance(error.original_error, MemoryError) for error in result.errors or ()):
        raise MemoryError  # a resolver out of memory: the worker's whole answer is, not one field
    for error in _schema.internal_errors:
        if isinstance(error.original_error, OSError | RuntimeError):
            if _vanished_file(error.original_error, store.location):
                raise error.original_error  # the worker retries the whole operation on a fresh view
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [error.formatted for error in result.errors]
    if result.extensions:
        body["extensions"] = result.extensions
    return json.dumps(body, separators=(",", ":")).encode()
