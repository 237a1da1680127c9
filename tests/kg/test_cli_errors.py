"""One error family for the `kg` command: every expected failure is one line `error: ...` on
stderr, with a hint where one helps, and its documented exit code (kg/cli/edge.py: 1 failed,
2 asked wrongly, 3 store or server unavailable), never a traceback. Run through the real entry
point (`python -m kg`), as a user meets them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import BadInput, Failure, KgError, Unavailable
from tests.conftest import EXAMPLES, FIXTURES, free_port, run_kg


def test_the_family_carries_an_exit_code_an_http_status_and_a_graphql_code() -> None:
    assert [(e.exit_code, e.http_status, e.graphql_code) for e in (Failure, BadInput, Unavailable)] == [
        (1, 500, "INTERNAL_SERVER_ERROR"),
        (2, 400, "BAD_USER_INPUT"),
        (3, 503, "UNAVAILABLE"),
    ]
    assert str(KgError("no store at x", hint="run kg ingest first")) == "no store at x (run kg ingest first)"


def fails_with(code: int, stderr: str, *args: str, env: dict[str, str] | None = None) -> None:
    result = run_kg(*args, env=env, timeout=120)
    assert (result.returncode, result.stderr, result.stdout) == (code, stderr, "")


def test_an_unknown_option_names_the_one_meant_and_the_help_to_read() -> None:
    fails_with(
        2,
        "error: No such option: --frmat (Possible options: --format) (see kg query --help)\n",
        "query",
        "--frmat",
        "x",
    )


def test_an_option_value_out_of_its_choices_lists_them() -> None:
    fails_with(
        2,
        "error: Invalid value for '--format' / '-f': Value error, 'xml' is not one of 'json', 'csv', 'table'. "
        "(see kg query --help)\n",
        "query",
        "entities",
        "--format",
        "xml",
    )


def test_an_unknown_command_is_a_usage_error() -> None:
    fails_with(2, "error: No such command 'stat'. Did you mean 'stats'? (see kg --help)\n", "stat")


def test_an_unknown_canned_query_points_at_the_list(sample_store: Path) -> None:
    fails_with(
        2,
        "error: no canned query 'nope' (`kg query --list` shows them)\n",
        "query",
        "nope",
        "--store",
        str(sample_store),
    )


def test_a_param_without_a_value_is_named_not_dropped(sample_store: Path) -> None:
    fails_with(
        2,
        "error: --param takes key=value, not 'platform'\n",
        "query",
        "exposure",
        "-p",
        "platform",
        "--store",
        str(sample_store),
    )


def test_a_day_that_is_not_a_day() -> None:
    fails_with(
        2,
        "error: --as-of must be a day such as 2025-01-18, not '2025-13-01'\n",
        "ask",
        "exposure",
        "TikTok",
        "--as-of",
        "2025-13-01",
    )


def test_a_setting_that_does_not_parse_names_its_variable() -> None:
    fails_with(
        2,
        "error: KG_PORT='eighty': Input should be a valid integer, unable to parse string as an integer "
        "(see Settings in the README)\n",
        "serve",
        env={"KG_PORT": "eighty"},
    )


def test_extract_of_a_missing_file(tmp_path: Path) -> None:
    fails_with(2, f"error: {tmp_path / 'gone.txt'}: no such file\n", "extract", str(tmp_path / "gone.txt"))


def test_extract_of_a_file_that_is_no_article() -> None:
    binary = FIXTURES / "inputs" / "binary.txt"
    fails_with(1, f"error: {binary}: binary content (NUL bytes), not text\n", "extract", str(binary))


def test_to_nquads_on_a_file(tmp_path: Path) -> None:
    afile = tmp_path / "shards"
    afile.write_text("")
    fails_with(
        2,
        f"error: {afile} is a file; --to-nquads takes a folder for the shards\n",
        "ingest",
        str(EXAMPLES),
        "--to-nquads",
        str(afile),
    )


def test_an_unreachable_sparql_server_is_named() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    fails_with(
        3, f"error: cannot reach the SPARQL server {url}: [Errno 111] Connection refused\n", "stats", "--store", url
    )


def test_an_unreachable_dask_scheduler_is_named_with_its_setting(tmp_path: Path) -> None:
    """Dask retries a refused connection until the connect timeout (KG_DASK_CONNECT_TIMEOUT_S,
    20 s unless set; 3 s here, to keep the suite short); the line comes after it."""
    address = f"tcp://127.0.0.1:{free_port()}"
    store = str(tmp_path / "kg")
    wait = {"KG_DASK_CONNECT_TIMEOUT_S": "3"}
    result = run_kg("ingest", str(EXAMPLES), "--store", store, "--cluster", address, "-q", env=wait, timeout=120)
    assert result.returncode == 3
    assert result.stderr == (
        f"error: cannot reach the Dask scheduler at {address}: Timed out trying to connect to {address} after 3 s "
        "(check --cluster or KG_DASK_SCHEDULER)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"), [(["verify"], "no store at {store}"), (["backup", "{dest}"], "no store at {store}")]
)
def test_the_other_read_commands_say_no_store_too(tmp_path: Path, args: list[str], message: str) -> None:
    store, dest = tmp_path / "typo", tmp_path / "copy"
    shown = [a.format(dest=dest) for a in args]
    fails_with(3, f"error: {message.format(store=store)} (run kg ingest first)\n", *shown, "--store", str(store))
    assert not store.exists() and not dest.exists()


def test_a_list_setting_that_is_not_json_says_how_to_write_one() -> None:
    fails_with(
        2,
        """error: KG_API_TOKENS does not parse: a list is written as JSON, such as '["a", "b"]'\n""",
        "serve",
        env={"KG_API_TOKENS": "my-token"},
    )
