"""Articles from files: text, Markdown, JSONL, HTML pages, RSS/Atom feeds, or folders of them.

Each bad input yields a SourceError naming the file and the reason; the rest go on.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from extractors.dates import parse_published

MAX_ARTICLE_BYTES = 2_000_000  # 2 MB of text: far above any news article, far below a dump
MAX_LINE_BYTES = MAX_ARTICLE_BYTES * 4  # a JSONL line: its text, escaped, plus its metadata
STDIN = "-"
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{1,40},\s+((?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+\d{1,2},\s+\d{4})\s*[—–-]",
    re.M,
)


@dataclass
class Article:
    text: str
    source: str
    title: str | None = None
    published: str | None = None
    url: str | None = None


class SourceError(ValueError):
    """An input that cannot be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source, self.reason = source, reason


def dateline_date(text: str) -> str | None:
    """'WASHINGTON, April 25, 2024 — ...': the date a wire story gives for itself."""
    from datetime import datetime

    match = _DATELINE.search(text[:600])
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%B %d, %Y").date().isoformat()
    except ValueError:
        return None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+\-Z]*)?$")


def check_text(text: str, source: str) -> str:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_ARTICLE_BYTES:
        raise SourceError(source, f"larger than the limit of {MAX_ARTICLE_BYTES:,} bytes")
    if "\x00" in text:
        raise SourceError(source, "binary content (NUL bytes), not text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # "\udc80" in JSON: bytes decoded with the wrong codec, escaped
        raise SourceError(source, f"mis-encoded text (a lone surrogate at character {exc.start})") from None
    if not text.strip():
        raise SourceError(source, "empty article: no text")
    if sum(c.isalpha() for c in text) < 20:
        raise SourceError(source, "no readable text (fewer than 20 letters)")
    return text


def _decode(data: bytes, source: str) -> str:
    if len(data) > MAX_ARTICLE_BYTES * 4:
        raise SourceError(source, f"larger than the limit of {MAX_ARTICLE_BYTES:,} bytes")
    if b"\x00" in data[:8192]:
        raise SourceError(source, "binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(source, f"not UTF-8 text (bad byte at offset {exc.start})") from exc


def from_text(
    text: str, source: str, title: str | None = None, published: str | None = None, url: str | None = None
) -> Article:
    text = check_text(text, source)
    for name, value in (("title", title), ("published", published), ("url", url)):
        if value is not None and not isinstance(value, str):
            raise SourceError(source, f"'{name}' must be a string, not {type(value).__name__}")
    if published:
        published = published.strip()
        if not _ISO_DATE.match(published) or parse_published(published[:10]) is None:
            raise SourceError(source, f"'published' must be an ISO date (YYYY-MM-DD), not {published[:40]!r}")
        published = published[:10]
    title = (title.strip()[:1000] or None) if title else None
    return Article(text=text, source=source, title=title, published=published or dateline_date(text), url=url)


def _jsonl_row(raw: bytes, where: str) -> Article | SourceError:
    """One line, decoded on its own: a binary or mis-encoded line costs only itself. Its fields
    are checked by kg.article_row, as a POST's are."""
    from kg.article_row import article_from_row

    try:
        if b"\x00" in raw:
            raise SourceError(where, "binary content (NUL bytes), not text")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(where, f"not UTF-8 text (bad byte at offset {exc.start})") from None
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(where, f"malformed JSON ({exc.msg})") from None
        return article_from_row(row, where)
    except SourceError as exc:
        return exc


def _lines(stream: BinaryIO) -> Iterator[bytes]:
    """A stream's lines as they arrive, each at most MAX_LINE_BYTES (the rest of a longer line is
    skipped, so an oversize line is refused without being held whole)."""
    while True:
        line = stream.readline(MAX_LINE_BYTES)
        if not line:
            return
        if len(line) == MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
        yield line


def jsonl_lines(stream: BinaryIO, source: str) -> Iterator[Article | SourceError]:
    """JSONL read line by line as it arrives (a file, a pipe, stdin): the first article is
    ready before the last line is read, and memory does not grow with the input."""
    seen = False
    for n, raw in enumerate(_lines(stream), 1):
        if n == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        seen = True
        if len(raw) >= MAX_LINE_BYTES and not raw.endswith(b"\n"):
            yield SourceError(f"{source}:{n}", f"larger than the limit of {MAX_ARTICLE_BYTES:,} bytes")
            continue
        yield _jsonl_row(raw, f"{source}:{n}")
    if not seen:
        yield SourceError(source, "empty file: no JSON lines")


def _html(path: Path, data: str) -> Article:
    import trafilatura

    found = trafilatura.extract(data, output_format="json", with_metadata=True)
    if not found:
        raise SourceError(str(path), "no article text found in the HTML page")
    meta = json.loads(found)
    text = meta.get("text") or ""
    title = meta.get("title")
    body = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    return from_text(body, str(path), title, (meta.get("date") or "")[:10] or None, meta.get("source"))


def _feed(path: Path, data: str) -> Iterator[Article | SourceError]:
    import feedparser

    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        yield SourceError(str(path), f"malformed feed ({feed.get('bozo_exception', 'unreadable')})")
        return
    if not feed.entries:
        yield SourceError(str(path), "the feed has no entries")
        return
    for n, entry in enumerate(feed.entries, 1):
        where = f"{path}#{n}"
        parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
        text = _strip_tags(" ".join(parts))
        title = entry.get("title")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}" if stamp else None
        try:
            yield from_text(f"{title}\n\n{text}" if title else text, where, title, published, entry.get("link"))
        except SourceError as exc:
            if feed.bozo:
                exc = SourceError(where, f"malformed feed ({feed.get('bozo_exception', 'unreadable')}): {exc.reason}")
            yield exc


def _strip_tags(html: str) -> str:
    return re.sub(r"\s+\n", "\n", re.sub(r"<[^>]+>", " ", html)).strip()


def _wanted(path: Path) -> bool:
    return not path.name.endswith(".gold.json") and path.suffix.lower() in (
        TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | {".jsonl"}
    )


def _files(folder: Path) -> Iterator[Path]:
    for child in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        if _wanted(child):
            yield child


def read_path(path: Path) -> Iterator[Article | SourceError]:
    """One input's articles as they are read. `-` is JSONL on standard input."""
    if str(path) == STDIN:
        yield from jsonl_lines(sys.stdin.buffer, "stdin")
        return
    if path.is_dir():
        for child in _files(path):
            yield from read_path(child)
        return
    if not path.exists():
        yield SourceError(str(path), "no such file or folder")
        return
    try:
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            with path.open("rb") as stream:
                yield from jsonl_lines(stream, str(path))
            return
        data = _decode(path.read_bytes(), str(path))
        if suffix in HTML_SUFFIXES:
            yield _html(path, data)
        elif suffix in FEED_SUFFIXES:
            yield from _feed(path, data)
        else:
            yield from_text(data, str(path))
    except SourceError as exc:
        yield exc
    except OSError as exc:
        yield SourceError(str(path), f"cannot read: {exc.strerror}")


def read_inputs(paths: list[Path], published: str | None = None) -> Iterator[Article | SourceError]:
    """Every input's articles, streamed; `published` dates the articles that give no date."""
    for path in paths:
        for item in read_path(path):
            if published and isinstance(item, Article) and not item.published:
                item.published = published
            yield item


def count_inputs(paths: list[Path]) -> int | None:
    """How many items `read_inputs` will yield, found without keeping any (JSONL lines counted as
    they stream past, feeds parsed for their entries), so a progress bar can show a total while
    the articles are already being written; None for standard input, which can be read once."""
    total = 0
    for path in paths:
        if str(path) == STDIN:
            return None
        for file in _files(path) if path.is_dir() else [path]:
            total += _count_file(file)
    return total


def _count_file(path: Path) -> int:
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            with path.open("rb") as stream:
                return max(1, sum(1 for raw in _lines(stream) if raw.removeprefix(codecs.BOM_UTF8).strip()))
        if suffix in FEED_SUFFIXES:
            return max(1, sum(1 for _ in _feed(path, _decode(path.read_bytes(), str(path)))))
    except (OSError, SourceError):
        return 1
    return 1
