"""One settings object for the CLI and the service: flags > environment (KG_*) > .env > kg.toml."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KG_", env_file=".env", extra="ignore", toml_file="kg.toml")

    store: str = "data/kg"
    api_tokens: list[str] = []  # bearer tokens allowed to write; none: writes are off
    sparql_timeout_s: float = 10.0
    sparql_max_bytes: int = 50_000_000
    graphql_timeout_s: float = 15.0
    graphql_max_depth: int = 10
    graphql_max_aliases: int = 30
    graphql_max_tokens: int = 2_000
    graphql_max_fields: int = 5_000  # fields after expanding fragments
    max_page_size: int = 100
    graphql_cache_entries: int = 1024  # answers kept by the /graphql response cache; 0 turns it off
    graphql_cache_ttl_s: float = 5.0  # over a remote store, which others may write to
    sparql_cache_entries: int = 1024  # answers kept by the /sparql response cache; 0 turns it off
    cache_max_bytes: int = 64_000_000  # memory each response cache may hold
    production: bool = False
    cors_origins: list[str] = []

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
