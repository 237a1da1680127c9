"""A missing part skips a test locally, with the command that installs it, and fails it under CI."""

import pytest

from tests.conftest import missing_part


def test_locally_a_missing_part_is_a_skip_naming_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="install it with: apt-get install -y chromium"):
        missing_part("Debian's chromium", "apt-get install -y chromium")


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_under_ci_a_missing_part_is_a_failure(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI needs every part: graphql-http is missing"):
        missing_part("graphql-http", "npm ci --prefix tests/audit")
