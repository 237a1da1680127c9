"""The lock files pin what pyproject.toml asks for: a dependency added or narrowed in
pyproject.toml without `scripts/lock.sh` would install from the lock a set the project does not
declare (or miss a package), and only a fresh clone would notice."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)
PYTHON_311_LINUX = {"python_version": "3.11", "python_full_version": "3.11.7", "sys_platform": "linux"}


def pins(lock: str) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall((ROOT / lock).read_text())}


def declared(extra: str | None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return [r for r in map(Requirement, names) if r.marker is None or r.marker.evaluate(PYTHON_311_LINUX)]


@pytest.mark.parametrize(("lock", "extra"), [("requirements.lock", None), ("requirements-dev.lock", "dev")])
def test_every_declared_dependency_is_pinned_within_its_range(lock: str, extra: str | None) -> None:
    pinned = pins(lock)
    wrong = {}
    for req in declared(extra):
        version = pinned.get(canonicalize_name(req.name))
        if version is None or version not in req.specifier:
            wrong[str(req)] = version
    assert wrong == {}, f"run scripts/lock.sh: {wrong}"


def test_every_pin_carries_hashes() -> None:
    """pip checks each file against them (--require-hashes), so a file swapped on the index fails."""
    for lock in ("requirements.lock", "requirements-dev.lock"):
        blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text().split("\n", 2)[2])
        assert [b.split(" ")[0] for b in blocks if "--hash=sha256:" not in b] == [], lock


def test_quickstart_installs_from_the_lock_and_the_project_without_its_own_dependencies() -> None:
    script = (ROOT / "quickstart.sh").read_text()
    assert "pip install --quiet --require-hashes -r requirements-dev.lock" in script
    assert "pip install --quiet --no-deps -e ." in script
    assert '-e ".[dev]"' not in script
