"""Every rule of kg/sources.py, one input at a time, with the exact answer it gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.sources import MAX_ARTICLE_BYTES, Article, SourceError, _strip_tags, check_text, from_text, read_path

TEXT = "Kenya blocked Telegram on Monday as national exams began."


def one(path: Path) -> Article | SourceError:
    [item] = list(read_path(path))
    return item


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty article: no text"),
        (" \n\t ", "empty article: no text"),
        ("a\x00" * 30, "binary content (NUL bytes), not text"),
        ("1234567890 !!! ??? 19 letters abcdefghijk", "no readable text (fewer than 20 letters)"),
        ("x" * (MAX_ARTICLE_BYTES + 1), f"larger than the limit of {MAX_ARTICLE_BYTES:,} bytes"),
        (
            "é" * (MAX_ARTICLE_BYTES // 2 + 1),
            f"larger than the limit of {MAX_ARTICLE_BYTES:,} bytes",
        ),  # bytes, not chars
    ],
)
def test_text_that_is_no_article_is_refused_with_its_reason(text: str, reason: str) -> None:
    with pytest.raises(SourceError) as caught:
        check_text(text, "src")
    assert (caught.value.source, caught.value.reason, str(caught.value)) == ("src", reason, f"src: {reason}")


def test_twenty_letters_are_enough_and_the_limit_itself_is_allowed() -> None:
    assert check_text("abcdefghijklmnopqrst", "s") == "abcdefghijklmnopqrst"
    assert len(check_text("a" * MAX_ARTICLE_BYTES, "s")) == MAX_ARTICLE_BYTES


def test_from_text_cleans_the_metadata() -> None:
    article = from_text(TEXT, "api", "  A title  ", " 2024-06-12T08:00:00Z ", "https://example.org/a")
    assert article == Article(TEXT, "api", "A title", "2024-06-12", "https://example.org/a")
    assert from_text(TEXT, "api", "   ").title is None
    assert from_text(TEXT, "api", "t" * 1500).title == "t" * 1000
    dated = "Kenya blocks Telegram\n\nNAIROBI, June 12, 2024 — " + TEXT
    assert from_text(dated, "api").published == "2024-06-12"  # the dateline, when none is given
    assert from_text(dated, "api", published="2024-06-13").published == "2024-06-13"


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"title": 5}, "'title' must be a string, not int"),
        ({"published": 20240612}, "'published' must be a string, not int"),
        ({"url": ["x"]}, "'url' must be a string, not list"),
        ({"published": "June 12"}, "'published' must be an ISO date (YYYY-MM-DD), not 'June 12'"),
        ({"published": "2024-02-30"}, "'published' must be an ISO date (YYYY-MM-DD), not '2024-02-30'"),
        (
            {"published": "2024-06-12 and more"},
            "'published' must be an ISO date (YYYY-MM-DD), not '2024-06-12 and more'",
        ),
    ],
)
def test_bad_metadata_is_refused_with_its_reason(kwargs: dict, reason: str) -> None:
    with pytest.raises(SourceError, match=None) as caught:
        from_text(TEXT, "api", **kwargs)
    assert caught.value.reason == reason


def test_files_are_decoded_as_utf8_with_or_without_a_bom(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeff".encode() + TEXT.encode())
    assert one(tmp_path / "bom.txt") == Article(TEXT, str(tmp_path / "bom.txt"))
    (tmp_path / "bad.txt").write_bytes(TEXT.encode() + b"\xff\xfe rest")
    assert one(tmp_path / "bad.txt").reason == f"not UTF-8 text (bad byte at offset {len(TEXT)})"
    (tmp_path / "nul.txt").write_bytes(b"abc\x00" + TEXT.encode())
    assert one(tmp_path / "nul.txt").reason == "binary content (NUL bytes), not text"
    (tmp_path / "huge.txt").write_bytes(b"a" * (MAX_ARTICLE_BYTES * 4 + 1))
    assert one(tmp_path / "huge.txt").reason == f"larger than the limit of {MAX_ARTICLE_BYTES:,} bytes"


def test_jsonl_lines_each_become_an_article_or_an_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"text": "' + TEXT + '", "title": "T", "published": "2024-06-12", "url": "u"}\n'
        "\n"
        '["not", "an", "object"]\n'
        '{"text": 5}\n'
        '{"text": "' + TEXT + '", "published": "yesterday"}\n'
        "{broken\n"
    )
    items = list(read_path(path))
    assert items[0] == Article(TEXT, f"{path}:1", "T", "2024-06-12", "u")
    assert [(e.source, e.reason) for e in items[1:]] == [
        (f"{path}:3", "an article must be a JSON object with a string 'text', not a list"),
        (f"{path}:4", "'text' must be a string, not a number"),
        (f"{path}:5", "'published' must be an ISO date (YYYY-MM-DD), not 'yesterday'"),
        (f"{path}:6", "malformed JSON (Expecting property name enclosed in double quotes)"),
    ]
    (tmp_path / "empty.jsonl").write_text("\n  \n")
    assert one(tmp_path / "empty.jsonl").reason == "empty file: no JSON lines"


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>
<item><title>Kenya blocks Telegram</title><link>https://example.org/k</link>
<description>&lt;p&gt;Kenya blocked &lt;b&gt;Telegram&lt;/b&gt; on Monday as exams began.&lt;/p&gt;</description>
<pubDate>Wed, 12 Jun 2024 08:00:00 GMT</pubDate></item>
<item><title>x</title><description>short</description></item>
</channel></rss>"""


def test_feed_items_become_articles_with_title_date_link_and_clean_text(tmp_path: Path) -> None:
    path = tmp_path / "f.rss"
    path.write_text(FEED)
    first, second = list(read_path(path))
    assert first == Article(
        "Kenya blocks Telegram\n\nKenya blocked  Telegram  on Monday as exams began.",
        f"{path}#1",
        "Kenya blocks Telegram",
        "2024-06-12",
        "https://example.org/k",
    )
    assert (second.source, second.reason) == (f"{path}#2", "no readable text (fewer than 20 letters)")


def test_feeds_without_entries_or_unreadable_are_refused(tmp_path: Path) -> None:
    (tmp_path / "none.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>c</title></channel></rss>'
    )
    assert one(tmp_path / "none.xml").reason == "the feed has no entries"
    (tmp_path / "junk.xml").write_text("<rss><channel><item>")
    assert one(tmp_path / "junk.xml").reason.startswith("malformed feed (")


def test_an_html_page_gives_its_main_text(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    body = " ".join([TEXT] * 8)
    page.write_text(
        "<html><head><title>Kenya blocks Telegram</title>"
        '<meta property="article:published_time" content="2024-06-12"></head>'
        f"<body><nav>Home | World</nav><article><h1>Kenya blocks Telegram</h1><p>{body}</p></article>"
        "<footer>Copyright 2024</footer></body></html>"
    )
    article = one(page)
    assert (article.title, article.published, article.source) == ("Kenya blocks Telegram", "2024-06-12", str(page))
    # the page's own heading opens the text, so the title is not added again
    assert article.text.startswith("Kenya blocks Telegram\nKenya blocked Telegram")
    assert "Copyright" not in article.text and "Home" not in article.text
    (tmp_path / "empty.html").write_text("<html><body></body></html>")
    assert one(tmp_path / "empty.html").reason == "no article text found in the HTML page"


def test_a_folder_reads_known_kinds_only_in_name_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.TXT", ".hidden.txt", "notes.pdf", "x.gold.json", "y.json"):
        (tmp_path / name).write_text(TEXT)
    assert [Path(i.source).name for i in read_path(tmp_path)] == ["a.md", "b.txt", "c.TXT"]


def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(TEXT)
    path.chmod(0)
    try:
        item = one(path)
        assert isinstance(item, Article) or item.reason == "cannot read: Permission denied"  # root reads anyway
    finally:
        path.chmod(0o644)


def test_tags_are_stripped_and_space_before_line_ends_dropped() -> None:
    assert _strip_tags("<p>a <b>b</b></p>  \n<p>c</p>") == "a  b\n c"


def test_every_refusal_names_the_input_it_came_from(tmp_path: Path) -> None:
    cases = {
        "empty.jsonl": (b"\n", "empty file: no JSON lines"),
        "none.rss": (b'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title></channel></rss>', None),
        "nul.txt": (b"ab\x00" + TEXT.encode(), "binary content (NUL bytes), not text"),
        "latin.txt": (TEXT.encode() + b"\xe9t\xe9", f"not UTF-8 text (bad byte at offset {len(TEXT)})"),
        "blank.html": (b"<html><body></body></html>", "no article text found in the HTML page"),
        "junk.xml": (b"}{ not a feed", None),
        "short.txt": (b"too short", "no readable text (fewer than 20 letters)"),
    }
    for name, (data, reason) in cases.items():
        (tmp_path / name).write_bytes(data)
        error = one(tmp_path / name)
        assert isinstance(error, SourceError) and error.source == str(tmp_path / name), name
        if reason:
            assert error.reason == reason, name
    assert one(tmp_path / "none.rss").reason == "the feed has no entries"
    assert one(tmp_path / "junk.xml").reason == "malformed feed (<unknown>:2:0: not well-formed (invalid token))"
    missing = one(tmp_path / "gone.txt")
    assert (missing.source, missing.reason) == (str(tmp_path / "gone.txt"), "no such file or folder")


def test_a_folder_skips_gold_files_but_reads_jsonl_and_feeds(tmp_path: Path) -> None:
    (tmp_path / "a.gold.json").write_text("{}")
    (tmp_path / "b.jsonl").write_text('{"text": "' + TEXT + '"}\n')
    (tmp_path / "c.rss").write_text(FEED)
    (tmp_path / "d.htm").write_text(f"<html><body><article><p>{' '.join([TEXT] * 6)}</p></article></body></html>")
    sources = [Path(i.source).name for i in read_path(tmp_path)]
    assert sources == ["b.jsonl:1", "c.rss#1", "c.rss#2", "d.htm"]


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:f</id><updated>2024-06-12T08:00:00Z</updated>
<entry><title>Kenya blocks Telegram</title><id>urn:e1</id><link href="https://example.org/e1"/>
<updated>2024-06-11T08:00:00Z</updated>
<content type="html">&lt;p&gt;Kenya blocked Telegram on Monday as national exams began.&lt;/p&gt;</content>
<summary>a summary that the full content replaces</summary></entry>
<entry><id>urn:e2</id><updated>2024-06-10T08:00:00Z</updated>
<summary>Uganda blocked Telegram on Tuesday as its exams began.</summary></entry>
</feed>"""


def test_atom_entries_prefer_full_content_and_fall_back_to_the_update_date(tmp_path: Path) -> None:
    path = tmp_path / "f.atom"
    path.write_text(ATOM)
    first, second = list(read_path(path))
    assert first == Article(
        "Kenya blocks Telegram\n\nKenya blocked Telegram on Monday as national exams began.",
        f"{path}#1",
        "Kenya blocks Telegram",
        "2024-06-11",
        "https://example.org/e1",
    )
    # no title: the text is the summary alone
    assert (second.text, second.title, second.published) == (
        "Uganda blocked Telegram on Tuesday as its exams began.",
        None,
        "2024-06-10",
    )


def test_an_entry_of_a_broken_feed_says_the_feed_is_broken(tmp_path: Path) -> None:
    path = tmp_path / "half.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>'
        "<item><title>x</title><description>short</description></item>"
        "<item><title>Kenya blocks Telegram</title><description>" + TEXT + "</description></item>"
        "</channel>"  # no closing </rss>: feedparser reads the items but flags the feed
    )
    items = list(read_path(path))
    assert isinstance(items[1], Article)
    assert items[0].source == f"{path}#1"
    assert items[0].reason.startswith("malformed feed (") and items[0].reason.endswith(
        "): no readable text (fewer than 20 letters)"
    )


def test_an_html_page_keeps_its_canonical_url_and_adds_a_title_the_text_lacks(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    body = " ".join([TEXT] * 8)
    page.write_text(
        '<html><head><title>Telegram blocked</title><link rel="canonical" href="https://example.org/tg">'
        '<meta property="article:published_time" content="2024-06-12T09:30:00+03:00"></head>'
        f"<body><article><p>{body}</p></article></body></html>"
    )
    article = one(page)
    assert (article.title, article.published, article.url) == (
        "Telegram blocked",
        "2024-06-12",
        "https://example.org/tg",
    )
    assert article.text == f"Telegram blocked\n\n{body}"
