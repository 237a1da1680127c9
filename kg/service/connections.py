"""Relay cursor connections: page sizes, page info and the cursors of every list.

Two kinds of cursor. A list ordered by a key the read model indexes (`events`: newest first,
then by instance IRI; `timeline`/`Entity.eventsConnection` and `migrationsConnection`: oldest
first, then by instance IRI) gives *keyset* cursors: the last row's sort key, so the next page
is a range scan that starts there (its cost does not grow with the page number, and a write
between two pages neither repeats nor skips a row before the cursor). Its position is carried
too, for pageInfo and for a store without a read model (SPARQL over a remote store), which pages
by offset. `articles` (newest first, then by article IRI) gives the same kind of cursor, its
sort key being the publication day (kg/article_rows.py), and so do policyImpact's responses and
consequences (oldest first, then by instance IRI; kg/service/policy_impact.py). Lists sorted in
Python after scoring (exposure's reasons) carry the same kind of cursor but page by its position
(kg/service/acts.py); entities give offset cursors. A cursor names its
list and sort order; one from another list or order is refused with BAD_USER_INPUT rather than
read as something it is not.

`first` above KG_MAX_PAGE_SIZE (100 by default) is refused, not clamped: a client asking for
500 and silently getting 100 would think it had everything.
"""

from __future__ import annotations

import base64
import json

import strawberry
from graphql import GraphQLError
from strawberry.types import Info
from strawberry.types.nodes import SelectedField

from kg.errors import BadInput
from kg.question_rows import After
from kg.service.error_edges import graphql_error

DEFAULT_PAGE = 20
EVENTS_NEWEST = "events.newest"  # the order of queries/events.rq: DESC(earliest), instance
ARTICLES_NEWEST = "articles.newest"  # the order of queries/articles.rq: DESC(published), article IRI


def bad_input(message: str) -> GraphQLError:
    return graphql_error(BadInput(message))


@strawberry.type(description="Where a page of a connection stands (Relay cursor connections)")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether a page follows this one")
    has_previous_page: bool = strawberry.field(description="Whether this page starts after the first item")
    start_cursor: str | None = strawberry.field(description="The first item's cursor; null on an empty page")
    end_cursor: str | None = strawberry.field(
        description="The last item's cursor: pass it as 'after' for the next page; null on an empty page"
    )


def asks_for(info: Info, *path: str) -> bool:
    """Whether the field being resolved selects `path` (a field, or a field inside fields:
    "edges", "node", "evidence"), directly or through fragments: what costs more than its
    page (policyImpact's count, a page of reasons' evidence) is worked out only when shown,
    and read along with the page when it is."""

    def among(selections: list, path: tuple[str, ...]) -> bool:
        for s in selections:
            if isinstance(s, SelectedField):
                if s.name == path[0] and (len(path) == 1 or among(s.selections, path[1:])):
                    return True
            elif among(s.selections, path):  # a fragment: its fields are this field's
                return True
        return False

    return any(among(f.selections, path) for f in info.selected_fields)


def page_size(info: Info, first: int | None) -> int:
    cap = info.context["settings"].max_page_size
    size = DEFAULT_PAGE if first is None else first
    if not 1 <= size <= cap:
        raise bad_input(f"'first' must be between 1 and {cap}")
    return size


def _decode(after: str) -> tuple[str, str]:
    try:
        kind, _, rest = base64.b64decode(after.encode(), validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_input("'after' is not a cursor this API gave out") from exc
    return kind, rest


# ---- offset cursors (entities) ----


def cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def offset_after(after: str | None) -> int:
    """The offset of the item after this cursor (0 without one)."""
    if not after:
        return 0
    kind, number = _decode(after)
    if kind != "offset" or not number.isdigit():
        raise bad_input("'after' is not a cursor of this list (a cursor is only good for the list that gave it)")
    return int(number) + 1


def page_info(offset: int, count: int, total: int) -> PageInfo:
    return PageInfo(
        has_next_page=offset + count < total,
        has_previous_page=offset > 0,
        start_cursor=cursor(offset) if count else None,
        end_cursor=cursor(offset + count - 1) if count else None,
    )


# ---- keyset cursors (events, timeline, migrations, articles) ----


def key_cursor(order: str, earliest: str | None, instance: str, position: int) -> str:
    body = json.dumps([earliest, instance, position], separators=(",", ":"))
    return base64.b64encode(f"{order}:{body}".encode()).decode()


def key_after(order: str, after: str | None) -> tuple[After | None, int]:
    """The sort key after which the page starts, and the position of the page's first item."""
    if not after:
        return None, 0
    kind, body = _decode(after)
    if kind != order:
        raise bad_input(
            f"'after' is a cursor of another list or sort order ({kind or 'unknown'}), not of this one ({order}): "
            "ask for the first page again without 'after'"
        )
    try:
        earliest, instance, position = json.loads(body)
        if not (earliest is None or isinstance(earliest, str)) or not isinstance(instance, str):
            raise ValueError
        return After(earliest, instance), int(position) + 1
    except (ValueError, TypeError) as exc:
        raise bad_input("'after' is not a cursor this API gave out") from exc


def key_page_info(order: str, keys: list[tuple[str | None, str]], start: int, total: int) -> PageInfo:
    return keyed_page_info(order, keys, start, start + len(keys) < total)


def keyed_page_info(order: str, keys: list[tuple[str | None, str]], start: int, more: bool) -> PageInfo:
    """A keyset page's info when whether another page follows is known without a count (the
    page was read one row long): a count can cost more than its page at 50M quads."""
    count = len(keys)
    return PageInfo(
        has_next_page=more,
        has_previous_page=start > 0,
        start_cursor=key_cursor(order, *keys[0], start) if count else None,
        end_cursor=key_cursor(order, *keys[-1], start + count - 1) if count else None,
    )
