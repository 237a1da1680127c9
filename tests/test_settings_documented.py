"""Every setting is named in the README's settings list, as its environment variable."""

from __future__ import annotations

from kg.settings import Settings
from tests.conftest import ROOT


def test_every_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [f"KG_{name.upper()}" for name in Settings.model_fields if f"KG_{name.upper()}" not in readme]
    assert missing == []
