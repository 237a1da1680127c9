"""Every kind of input becomes Articles; every bad one becomes one clear SourceError."""

from pathlib import Path

from kg.sources import MAX_ARTICLE_BYTES, Article, SourceError, read_path

INPUTS = Path(__file__).resolve().parent.parent / "fixtures" / "inputs"


def read(name: str) -> list[Article | SourceError]:
    return list(read_path(INPUTS / name))


def test_jsonl_lines_are_articles_with_their_metadata_and_bad_lines_are_errors() -> None:
    items = read("batch.jsonl")
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, SourceError)]
    assert [a.title for a in good] == ["Nepal bans TikTok", "FTC probes Snapchat"]
    assert good[0].published == "2023-11-14" and good[0].url == "https://example.org/nepal-tiktok"
    assert [e.reason for e in bad] == [
        "'text' must be a string, not a number",
        "malformed JSON (Expecting property name enclosed in double quotes)",
    ]


def test_html_pages_give_main_text_title_date_and_url() -> None:
    [article] = read("page.html")
    assert article.title == "Vietnam orders Telegram blocked"
    assert article.published == "2025-05-23"
    assert "Copyright" not in article.text and "block Telegram" in article.text


def test_feeds_give_one_article_per_item_and_empty_items_fail() -> None:
    items = read("feed.xml")
    assert isinstance(items[0], Article) and items[0].published == "2025-05-08"
    assert items[0].url == "https://example.org/pakistan-x"
    assert isinstance(items[1], SourceError)


def test_empty_binary_and_misencoded_files_are_refused_plainly() -> None:
    assert read("empty.txt")[0].reason == "empty article: no text"
    assert read("binary.txt")[0].reason == "binary content (NUL bytes), not text"
    assert read("latin1.txt")[0].reason.startswith("not UTF-8 text")
    assert read("broken-feed.xml")[0].reason.startswith("malformed feed")


def test_oversize_articles_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("TikTok was banned. " * (MAX_ARTICLE_BYTES // 10))
    [error] = list(read_path(big))
    assert isinstance(error, SourceError) and "larger than the limit" in error.reason


def test_a_dateline_gives_the_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text("Title\n\nROME, December 21, 2024 — Italy's regulator fined OpenAI on Friday.")
    [article] = list(read_path(path))
    assert article.published == "2024-12-21"


def test_folders_are_read_recursively_and_skip_gold_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("The Federal Trade Commission fined Meta on Monday.")
    (tmp_path / "a.gold.json").write_text("{}")
    assert [type(i).__name__ for i in read_path(tmp_path)] == ["Article"]


def test_a_missing_path_is_an_error_not_a_crash(tmp_path: Path) -> None:
    [error] = list(read_path(tmp_path / "nope.txt"))
    assert error.reason == "no such file or folder"
