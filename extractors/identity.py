"""Which text is which article: an article's id is a hash of its words, so the same story read
from a file, a feed and an API call, with other line breaks, spacing or Unicode composition,
is the same article, and any change of wording is another."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache


def normalise(text: str) -> str:
    return re.sub(r"[ \t]+", " ", unicodedata.normalize("NFC", text)).strip()


@lru_cache(maxsize=8)  # asked by the pipeline and again by `extract_doc` for the same text
def article_id(text: str) -> str:
    """Content hash: the same text is the same article, whatever file it came from."""
    return hashlib.sha256(" ".join(normalise(text).split()).encode()).hexdigest()[:20]
