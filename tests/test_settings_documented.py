"""Every setting is named in the README's settings list, as its environment variable."""

from __future__ import annotations

from kg.settings import Settings
from tests.conftest import ROOT


def test_every_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [f"KG_{name.upper()}" for name in Settings.model_fields if f"KG_{name.upper()}" not in readme]
    assert missing == []


def _readme_settings() -> dict[str, tuple[str, str]]:
    """The README's settings table: name -> (default, meaning), as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = readme.index("| setting | default | meaning |")
    rows = {}
    for line in readme[start + 2 :]:
        if not line.startswith("| `KG_"):
            break
        name, default, meaning = (cell.strip() for cell in line.strip("|").split(" | "))
        rows[name.strip("`")] = (default, meaning)
    return rows


def as_written(value: object) -> str:
    """A default as the table writes it: what one would type, numbers with thousands separators."""
    import json

    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list):
        return f"`{json.dumps(value)}`"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}"
    return f"`{value}`"


def test_the_readme_table_gives_each_setting_its_default_and_a_meaning() -> None:
    table = _readme_settings()
    expected = {f"KG_{name.upper()}": as_written(field.default) for name, field in Settings.model_fields.items()}
    assert {name: default for name, (default, _) in table.items()} == expected
    assert [name for name, (_, meaning) in table.items() if len(meaning) < 10] == []


def test_the_readme_names_no_setting_that_does_not_exist() -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    known = {f"KG_{name.upper()}" for name in Settings.model_fields}
    assert sorted(set(re.findall(r"\bKG_[A-Z][A-Z0-9_]*", readme)) - known) == []


def test_no_module_reads_a_kg_variable_but_the_settings() -> None:
    """One settings object: a `KG_*` read elsewhere would escape `.env`, `kg.toml` and the README."""
    import re

    readers = [
        str(path.relative_to(ROOT))
        for folder in ("kg", "extractors")
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"(environ|getenv|envvar)\b[^\n]*[\"']KG_", path.read_text(encoding="utf-8"))
    ]
    assert readers == []
