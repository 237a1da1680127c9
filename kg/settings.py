"""One settings object for the CLI and the service: flags > environment (KG_*) > .env > kg.toml."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KG_", env_file=".env", extra="ignore", toml_file="kg.toml")

    store: str = "data/kg"
    host: str = "127.0.0.1"  # kg serve listens here
    port: int = 8000
    query_url: str | None = None  # a remote store's SPARQL query endpoint; None: --store + /query
    update_url: str | None = None  # its update endpoint; None: --store + /update
    dask_scheduler: str | None = None  # kg ingest runs extraction on this Dask cluster (tcp://host:8786)
    dask_connect_timeout_s: float = 20.0  # how long kg ingest tries to reach that scheduler
    api_tokens: list[str] = []  # bearer tokens allowed to write; none: writes are off
    sparql_timeout_s: float = 10.0
    sparql_max_bytes: int = 50_000_000
    graphql_timeout_s: float = 15.0
    graphql_max_depth: int = 10
    graphql_max_aliases: int = 30
    graphql_max_tokens: int = 2_000
    graphql_max_fields: int = 5_000  # fields after expanding fragments
    graphql_max_cost: int = 50_000  # objects an operation may return, priced from its page sizes
    max_page_size: int = 100
    graphql_cache_entries: int = 1024  # answers kept by the /graphql response cache; 0 turns it off
    graphql_cache_ttl_s: float = 5.0  # over a remote store, which others may write to
    sparql_cache_entries: int = 1024  # answers kept by the /sparql response cache; 0 turns it off
    cache_max_bytes: int = 64_000_000  # memory each response cache may hold
    sync_writes: bool = True  # kg serve: each acknowledged write fsync'd (survives a power loss, not only a crash)
    production: bool = False  # masks internal errors; introspection and "Did you mean" suggestions off
    graphql_introspection: bool | None = None  # None: on, except in production
    cors_origins: list[str] = []
    # What one request may cost before the app reads it (kg/service/limits.py, kg/service/protocol.py)
    graphql_max_body_bytes: int = 1_000_000
    sparql_max_body_bytes: int = 1_000_000
    articles_max_body_bytes: int = 16_000_000  # a batch: 8 articles at the 2 MB text limit
    max_body_bytes: int = 64_000  # every other path
    max_buffered_body_bytes: int = 32_000_000  # bodies held at once by all requests together
    body_timeout_s: float = 10.0  # from the request's headers to the end of its body
    header_timeout_s: float = 5.0  # from the connection (or the last response) to the end of the headers
    keep_alive_timeout_s: int = 5
    max_header_bytes: int = 16_384  # request line and headers together
    max_headers: int = 64
    max_concurrent_requests: int = 64  # in flight at once; /healthz is not counted
    auth_failures_per_minute: int = 20  # failed bearer tokens one client may send before 429
    # How store work is bounded (kg/service/store_work.py, kg/service/budget.py)
    store_workers: int = 4  # threads running /graphql store reads; one client holds at most half
    store_queue: int = 64  # store reads one client may have waiting; past it BUSY (GraphQL) at once
    graphql_light_cost: int = 100  # operations priced at most this go straight in; costlier ones take a seat
    graphql_heavy_seats: int = 2  # heavy /graphql operations at once, half per client; as many worker processes
    graphql_worker_memory_mb: int = 2048  # memory (RLIMIT_DATA) each heavy-query worker process may take; 0: no limit
    query_seconds_per_minute: float = 60.0  # per client, on /graphql and /sparql; past it 429
    client_max_concurrent_queries: int = 8  # one client's /graphql and /sparql requests at once; past it 429
    # Watchlists (kg/watch/, kg/service/webhooks.py)
    watchlists_db: str | None = None  # the watchlists' SQLite file; default: watchlists.sqlite in the store's folder
    webhook_max_attempts: int = 8  # tries of one webhook delivery before it is marked failed
    webhook_backoff_s: float = 1.0  # the wait after the first failed try, doubled after each next one
    webhook_timeout_s: float = 10.0  # one try's limit, connecting to the receiver's answer

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, dotenv_settings, TomlConfigSettingsSource(settings_cls)

    def samples_dir(self) -> Path:
        return Path(__file__).resolve().parent.parent / "examples"
