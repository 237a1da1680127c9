"""One settings object for the CLI and the service: environment (KG_*), a .env file, flags."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KG_", env_file=".env", extra="ignore")

    store: str = "data/kg"
    api_tokens: list[str] = []  # bearer tokens allowed to write; none: writes are off
    sparql_timeout_s: float = 10.0
    sparql_max_rows: int = 10_000
    max_page_size: int = 100
    production: bool = False

    def samples_dir(self) -> Path:
        return Path(__file__).resolve().parent.parent / "examples"
