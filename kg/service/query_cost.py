"""A cost limit for /graphql: an operation is priced from the page sizes it asks for, before
any of it runs.

Depth, alias and token limits bound a document's shape, not its work: `entities(first: 100)`
with every entity's `events { agent { events { ... } } }` stays inside all three and still asks
the store for millions of objects. So each operation is priced as the number of objects it may
return, the way GitHub prices its GraphQL API by nodes:

- every field costs 1, and a field's selection is paid once per object the field returns;
- a connection (a field with a `first` argument) returns `first` objects (the variable's value,
  else the argument's default; capped at KG_MAX_PAGE_SIZE, whose refusal says more);
- a list the schema does not page (`timeline`, `Event.agent`, `nodes(ids:)`) is priced at
  UNPAGED_LIST_ESTIMATE objects, or at the length of the list of ids it is given.

The price is an upper estimate of the work, not a measure of it: a whole list may be longer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.type import GraphQLInterfaceType, GraphQLObjectType
from strawberry.extensions import SchemaExtension

UNPAGED_LIST_ESTIMATE = 20  # the objects a list without `first` is priced at (a default page)
MAX_REPORTED = 10**15  # past this a price is only "too much"; nested lists grow it exponentially


def _is_list(type_: Any) -> bool:
    return isinstance(type_.of_type if isinstance(type_, GraphQLNonNull) else type_, GraphQLList)


class QueryCost:
    """Prices one document against one schema; fragments are priced once each (a fragment's
    price does not depend on where it is spread), so pricing costs the document's size."""

    def __init__(
        self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any], cap: int
    ) -> None:
        self.schema, self.fragments, self.variables, self.cap = schema, fragments, variables, cap
        self.memo: dict[str, int] = {}

    def page_size(self, field: FieldNode, definition: Any) -> int | None:
        """The objects a list field returns: `first`, or the ids it is given; None: not paged."""
        given = {a.name.value: a.value for a in field.arguments or ()}
        if "first" in definition.args:
            value = given.get("first")
            if isinstance(value, VariableNode):
                value = self.variables.get(value.name.value, definition.args["first"].default_value)
            elif isinstance(value, IntValueNode):
                value = int(value.value)
            elif value is None:
                value = definition.args["first"].default_value
            return min(value, self.cap) if isinstance(value, int) and value > 0 else self.cap
        for value in given.values():
            if isinstance(value, ListValueNode):
                return len(value.values)
        return None

    def selections(self, selection_set: SelectionSetNode | None, parent: Any, paged: bool, seen: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, paged, seen)
            elif isinstance(selection, InlineFragmentNode):
                on = self.schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
                total += self.selections(selection.selection_set, on or parent, paged, seen)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                total += self.fragment(selection.name.value, seen)
        return total

    def fragment(self, name: str, seen: frozenset[str]) -> int:
        if name not in self.memo:
            definition = self.fragments.get(name)
            on = self.schema.get_type(definition.type_condition.name.value) if definition else None
            self.memo[name] = self.selections(definition.selection_set, on, False, seen | {name}) if on else 0
        return self.memo[name]

    def field(self, node: FieldNode, parent: Any, paged: bool, seen: frozenset[str]) -> int:
        fields = parent.fields if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) else {}
        definition = fields.get(node.name.value)
        if definition is None:  # __typename, or a field validation refuses anyway
            return 1
        size = self.page_size(node, definition)
        if size is None and _is_list(definition.type):
            size = 1 if paged else UNPAGED_LIST_ESTIMATE  # a connection's edges: `first` paid for them
        connection = "first" in definition.args  # its edges' list is the page `size` already prices
        inner = self.selections(node.selection_set, get_named_type(definition.type), connection, seen)
        return 1 + (size or 1) * inner

    def operation(self, operation: OperationDefinitionNode) -> int:
        root = {
            OperationType.QUERY: self.schema.query_type,
            OperationType.MUTATION: self.schema.mutation_type,
            OperationType.SUBSCRIPTION: self.schema.subscription_type,
        }[operation.operation]
        return self.selections(operation.selection_set, root, False, frozenset()) if root else 0


def query_cost(schema: GraphQLSchema, document: Any, variables: dict[str, Any] | None, max_page_size: int) -> int:
    """The price of the costliest operation in `document` (only one of them runs)."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    pricing = QueryCost(schema, fragments, variables or {}, max_page_size)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return min(max((pricing.operation(op) for op in operations), default=0), MAX_REPORTED)


class QueryCostLimiter(SchemaExtension):
    """Refuses an operation priced over `max_cost` before it runs (QUERY_TOO_COSTLY)."""

    def __init__(self, *, max_cost: int, max_page_size: int) -> None:
        self.max_cost, self.max_page_size = max_cost, max_page_size

    def on_validate(self) -> Iterator[None]:
        """Listed after the validation cache, which has validated the document by now: one that
        breaks the schema's rules or the depth and alias limits gets their more precise error."""
        context = self.execution_context
        if context.graphql_document is not None and not context.pre_execution_errors:
            variables = context.variables if isinstance(context.variables, dict) else {}
            try:
                cost = query_cost(context.schema._schema, context.graphql_document, variables, self.max_page_size)
            except RecursionError:
                cost = MAX_REPORTED
            if cost > self.max_cost:
                context.pre_execution_errors = [cost_error(cost, self.max_cost)]
        yield


def cost_error(cost: int, max_cost: int) -> GraphQLError:
    about = "more than" if cost >= MAX_REPORTED else "about"
    return GraphQLError(
        f"the query may return {about} {cost:,} objects, over the limit of {max_cost:,} (KG_GRAPHQL_MAX_COST): "
        "ask for smaller pages (first) or fewer nested lists",
        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "maxCost": max_cost},
    )
