"""Canned SPARQL queries: queries/*.rq with grlc-style '#+' headers, found by name.

Parameters appear in a query as ?_name (a string), ?_name_iri (an IRI), ?_name_list (IRIs,
for VALUES), ?_name_key (the string as a name key, for an index lookup of
rr:nameKey) or ?_name_ref (the string as an IRI when it is one, else an IRI that names
nothing, for VALUES). A value is bound
by pyoxigraph's own term serialisation, so it is always one escaped RDF term: user input
never reaches SPARQL as text to be parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pyoxigraph as ox

from kg.store import Row, Store
from kg.vocab import SPARQL_PREFIXES, name_key

_PARAM = re.compile(r"\?_([A-Za-z]\w*)")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_PROLOGUE = re.compile(r"^(\s*PREFIX\s+\S*\s*<[^>]*>\s*)+", re.I)


class CannedQueryError(ValueError):
    """A canned query was called with a missing or malformed parameter."""


@dataclass(frozen=True)
class CannedQuery:
    name: str
    summary: str
    text: str
    params: tuple[str, ...]
    defaults: tuple[tuple[str, str], ...] = ()
    examples: tuple[tuple[str, str], ...] = ()  # `#+ example: key=value`: what the query page shows
    tags: tuple[str, ...] = ()

    def example(self) -> str:
        """The query as the /sparql page offers it: prefixes declared and every parameter bound
        to its example (or default), so it runs as it is."""
        values: dict[str, object] = {}
        for key, value in self.examples:
            values[key] = value.split(",") if key.endswith("_list") else value
        return f"# {self.summary}\n{self.bind(values)}"

    def bind(self, values: dict[str, object]) -> str:
        merged = dict(self.defaults) | {k: v for k, v in values.items() if v is not None}

        def term(match: re.Match[str]) -> str:
            key = match.group(1)
            base = key.removesuffix("_key").removesuffix("_ref")
            if key != base and base in merged:
                value = str(merged[base])
                if key.endswith("_key"):
                    return str(ox.Literal(name_key(value)))
                return term_for_ref(value)
            if key not in merged:
                raise CannedQueryError(f"query '{self.name}' needs --param {base.removesuffix('_iri')}=...")
            if key.endswith("_list"):
                items = merged[key] if isinstance(merged[key], (list, tuple)) else [merged[key]]
                try:
                    return " ".join(str(ox.NamedNode(str(v))) for v in items) or "<urn:x-regrisk:none>"
                except ValueError as exc:
                    raise CannedQueryError(f"{key}: not a list of IRIs") from exc
            value = str(merged[key])
            if key.endswith("_iri"):
                try:
                    return str(ox.NamedNode(value))
                except ValueError as exc:
                    raise CannedQueryError(f"{key}: not an IRI: {value!r}") from exc
            return str(ox.Literal(value))

        return SPARQL_PREFIXES + _PARAM.sub(term, self.text)

    def run(self, store: Store, values: dict[str, object], limit: int | None = None, offset: int = 0) -> list[Row]:
        """Rows of the query; limit/offset are checked integers, appended after ORDER BY."""
        text = self.bind(values)
        if limit is not None:
            text += f"\nLIMIT {int(limit)} OFFSET {max(0, int(offset))}"
        return store.select(text)

    def count(self, store: Store, values: dict[str, object]) -> int:
        """How many rows the query has: the query as a subquery of a COUNT."""
        body = _PROLOGUE.sub("", self.bind(values))
        rows = store.select(f"{SPARQL_PREFIXES}SELECT (COUNT(*) AS ?total) WHERE {{ {{ {body} }} }}")
        return int(rows[0]["total"] or 0) if rows else 0


def term_for_ref(value: str) -> str:
    """The SPARQL term of a `?_name_ref` parameter: the value as an IRI when it is one, else an IRI
    that names nothing (so the lookup finds nothing rather than failing)."""
    if _ABSOLUTE_IRI.match(value):
        try:
            return str(ox.NamedNode(value))
        except ValueError:
            pass
    return "<urn:x-regrisk:none>"


def _parse(name: str, text: str) -> CannedQuery:
    summary, defaults, examples, tags = "", [], [], ()
    for line in text.splitlines():
        if line.startswith("#+ summary:"):
            summary = line.split(":", 1)[1].strip()
        elif line.startswith(("#+ default:", "#+ example:")):
            key, _, value = line.split(":", 1)[1].strip().partition("=")
            (defaults if line.startswith("#+ default:") else examples).append((key.strip(), value.strip()))
        elif line.startswith("#+ tags:"):
            tags = tuple(t.strip() for t in line.split(":", 1)[1].split(","))
    params = tuple(dict.fromkeys(re.sub(r"_(key|ref)$", "", p) for p in _PARAM.findall(text)))
    return CannedQuery(name, summary, text, params, tuple(defaults), tuple(examples), tags)


@cache
def catalogue() -> dict[str, CannedQuery]:
    """The questions (queries/*.rq) and the research examples (queries/research/*.rq, named
    research/NAME): one place that GraphQL, /sparql's tabs and `kg query` all read."""
    out = {}
    for prefix, folder in (("", resources.files("queries")), ("research/", resources.files("queries") / "research")):
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.name.endswith(".rq"):
                name = prefix + item.name.removesuffix(".rq")
                out[name] = _parse(name, item.read_text(encoding="utf-8"))
    return out
