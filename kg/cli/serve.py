"""`kg serve`: the explorer, GraphQL, SPARQL and ingestion under uvicorn, with the first lines a
user needs (where each page is, whether writes are on) and a taken port said before anything slow."""

from __future__ import annotations

import errno
import socket
from typing import Annotated

import typer

from kg.cli.edge import app
from kg.cli.options import StoreOpt
from kg.cli.stores import check_location, open_checked
from kg.cli.terminal import err
from kg.errors import BadInput, Unavailable
from kg.settings import Settings
from kg.store import StoreError


@app.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[str | None, typer.Option(help="Address to listen on (KG_HOST, default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (KG_PORT, default 8000)")] = None,
    samples: Annotated[bool, typer.Option(help="Ingest the bundled sample articles first")] = False,
) -> None:
    """Serve the explorer (/), GraphQL (/graphql), SPARQL (/sparql) and ingestion (/articles) with uvicorn."""
    import uvicorn

    from kg.service.app import create_app
    from kg.service.protocol import uvicorn_options

    given = {"store": store, "host": host, "port": port}
    settings = Settings(**{k: v for k, v in given.items() if v is not None})
    check_location(settings.store, read_only=False)
    listener = listen(settings.host, settings.port)  # before the slow parts, so a taken port is said at once
    if samples:
        ingest_samples(settings)
    try:
        service = create_app(settings)
    except StoreError as exc:
        raise Unavailable(str(exc)) from exc
    for line in startup_lines(settings, listener.getsockname()[1]):
        err.print(line, highlight=False)
    # access_log off: the app writes its own structured line per request (kg.service AccessLog)
    config = uvicorn.Config(service, log_level="info", access_log=False, **uvicorn_options(settings))
    uvicorn.Server(config).run(sockets=[listener])


def ingest_samples(settings: Settings) -> None:
    """The bundled articles, with a line before (how many, where) and the counts after, so a
    first `./quickstart.sh serve` is never silent while spaCy loads and the articles are read."""
    from kg.cli.ingest import STATUSES, ingest_paths
    from kg.sources import count_inputs

    folder = settings.samples_dir()
    shown = f"ingesting {count_inputs([folder])} sample articles from {folder} into {settings.store}"
    err.print(shown, highlight=False)
    summary = ingest_paths([folder], open_checked(settings.store), label="samples")
    counts = summary.counts
    err.print("samples: " + ", ".join(f"{counts[k]} {k}" for k in STATUSES), highlight=False)


def listen(host: str, port: int) -> socket.socket:
    """Bind the port here rather than in uvicorn, which says a port is taken only after
    "Application startup complete" and without a hint; uvicorn then serves on this socket."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise BadInput(
                f"port {port} on {host} is taken (another kg serve?); "
                f"choose another with --port {port + 1} or KG_PORT={port + 1}"
            ) from exc
        raise BadInput(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(True)
    return sock


def startup_lines(settings: Settings, port: int) -> list[str]:
    """What a user needs first: where each page is, which store is served, and whether writes
    are on (with no tokens every write is refused, which is otherwise learnt by trying)."""
    from kg.service.auth import NO_TOKENS  # one wording for "writes are off" everywhere

    host = settings.host
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    writes = (
        f"writes are on: POST {base}/articles or the ingestArticle mutation, with one of the "
        f"{len(settings.api_tokens)} KG_API_TOKENS as a bearer token"
        if settings.api_tokens
        else NO_TOKENS
    )
    return [
        f"kg serve: store {settings.store}",
        f"  explorer  {base}/",
        f"  GraphQL   {base}/graphql (GraphiQL in a browser)",
        f"  SPARQL    {base}/sparql",
        f"  {writes}",
    ]
