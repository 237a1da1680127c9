"""The article's layout before parsing: headline, dateline, paragraphs and headings.

News text is not a run of sentences: a headline has no full stop, a dateline ("LAGOS, June 5
(Reuters) —") names where and when it was filed rather than any event, and liveblog entries
and headings stand on their own lines. Left to the parser, a headline fuses with the first
sentence and a dateline becomes its subject. This component marks those boundaries first.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extractors import dates as datelib

DASHES = ("—", "–", "--", "-")
_NUMBER_ONLY = {
    "no.",
    "nos.",
    "art.",
    "arts.",
    "sec.",
    "secs.",
    "para.",
    "p.",
    "pp.",
    "vol.",
    "ch.",
    "s.",
    "u.s.",
    "inc.",
    "corp.",
    "co.",
    "ltd.",
    "jr.",
    "sr.",
}
_ABBREVIATIONS = _NUMBER_ONLY | {
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
    "gov.",
    "sen.",
    "rep.",
    "gen.",
    "lt.",
    "col.",
    "dr.",
    "mr.",
    "mrs.",
    "ms.",
    "st.",
    "mt.",
    "ft.",
    "prof.",
    "rev.",
    "hon.",
    "atty.",
    "supt.",
}
_TERMINAL = (".", "!", "?", ":", ";", '"', "”", "'", "’", ")")
_MONTHS = {m.lower() for m in calendar.month_name[1:]} | {m.lower() for m in calendar.month_abbr[1:]}

if not Doc.has_extension("dateline"):
    Doc.set_extension("dateline", default=None)  # (start, end) token indices, or None
if not Doc.has_extension("headline"):
    Doc.set_extension("headline", default=None)  # (start, end) token indices, or None
if not Doc.has_extension("liveblog"):
    Doc.set_extension("liveblog", default=False)  # entries stamped with a time of day
if not Doc.has_extension("entries"):
    Doc.set_extension("entries", default=None)  # [(first token, ISO day or None)] of a liveblog's entries

# "11:58 —", "08:55 PKT —", "Mon., Jan. 20, 9:52 p.m. —": a liveblog entry's time stamp
# "12.01am —", and a stamp on a line of its own: "Wednesday, January 15, 9:10 a.m."
_ENTRY_STAMP = re.compile(
    r"^[^\n—–]{0,40}?\b\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?(?:\s?[A-Z]{2,4})?[ \t]*(?:[—–]|$)", re.MULTILINE
)


def _line_break_after(token: Token) -> int:
    """How many line breaks follow a token (in its trailing space or a whitespace token)."""
    return token.whitespace_.count("\n") + (token.text.count("\n") if token.is_space else 0)


def _wrapped(prev: Token, nxt: Token) -> bool:
    """A hard-wrapped line ("... the\\ncourt said"): the break is not a boundary."""
    return not prev.text.endswith(_TERMINAL) and nxt.is_lower and prev.is_alpha


def _title_case(line: Span) -> bool:
    words = [t for t in line if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.is_title for t in words) / len(words) > 0.7


@Language.component("article_layout")
def article_layout(doc: Doc) -> Doc:
    if not len(doc):
        return doc
    starts = [0]
    prev = None
    for token in doc:
        if prev is not None:
            breaks = _line_break_after(prev)
            if breaks and not (breaks == 1 and not token.is_space and _wrapped(prev, token)):
                if not token.is_space:
                    token.is_sent_start = True
                    starts.append(token.i)
            elif token.is_space and "\n" in token.text:
                token.is_sent_start = False
        prev = token
    for token in doc[1:]:
        prev = doc[token.i - 1]
        # "Law No. 7253", "Art. 19", "Sec. 230": an abbreviation before a number ends nothing
        if prev.lower_ in _ABBREVIATIONS and (
            token.like_num
            or token.text[:1].isdigit()
            or (prev.lower_ not in _NUMBER_ONLY and token.is_title and "\n" not in prev.whitespace_)
        ):
            token.is_sent_start = False
    stamps = list(_ENTRY_STAMP.finditer(doc.text))
    doc._.liveblog = len(stamps) >= 2
    first_end = starts[1] if len(starts) > 1 else len(doc)
    first_line = doc[0:first_end]
    if 0 < first_end < len(doc) and (
        not first_line.text.rstrip().endswith((".", "!", "?"))
        # "Where Else Have Governments Blocked Online Platforms?": a title-case line with a question
        # mark is a headline too, though a lede may end the same way
        or (not first_line.text.rstrip().endswith(".") and _title_case(first_line))
    ):
        doc._.headline = (0, first_end)
    for start in starts[:4]:
        dateline = _dateline_at(doc, start)
        if dateline is not None:
            doc._.dateline = (start, dateline)
            if doc._.published is None:
                # "NAIROBI, June 12, 2024 —": a wire story dates itself; relative dates count from it
                told = datelib.resolve(doc[start:dateline].text, None)
                if told and len(told) == 10:
                    doc._.published = date.fromisoformat(told)
            break
    if doc._.liveblog:
        doc._.entries = _entries(doc, stamps)
    return doc


def _entries(doc: Doc, stamps: list[re.Match]) -> list[tuple[int, str | None]]:
    """Each entry's first token and its day: the day its stamp names ("Wednesday, January 15,
    9:10 a.m."), else the day of the entry before it, else the day of publication."""
    published = doc._.published
    day = published.isoformat() if published else None
    out = []
    for stamp in stamps:
        told = datelib.resolve(stamp.group(0).strip(" —–"), published, tense="past")
        if told and len(told) == 10:
            day = told
        span = doc.char_span(stamp.start(), stamp.end(), alignment_mode="expand")
        if span is not None:
            out.append((span.start, day))
    return out


def _dateline_at(doc: Doc, start: int) -> int | None:
    """End (exclusive, the token after the dash) of a dateline opening a paragraph, if any:
    "WASHINGTON, April 25, 2024 —", "NEW DELHI, June 30 (Reuters) -", "Brussels, 3 May 2025 –"."""
    window = doc[start : start + 18]
    dash = next((t for t in window if t.text in DASHES and t.i > start), None)
    if dash is None or dash.i + 1 >= len(doc):
        return None
    head = doc[start : dash.i]
    first = doc[start]
    if not first.is_alpha or not (first.is_upper or first.is_title):
        return None
    # The place: capitalised words up to a comma or an agency in brackets.
    place_end = start
    while place_end < dash.i and (doc[place_end].is_title or doc[place_end].is_upper or doc[place_end].text == "."):
        place_end += 1
    if place_end == start:
        return None
    rest = doc[place_end : dash.i].text.strip()
    has_date = bool(re.search(r"\d", rest)) or any(t.lower_ in _MONTHS for t in head)
    all_caps_place = all(t.is_upper or not t.is_alpha for t in doc[start:place_end])
    agency = "(" in rest
    if not rest.startswith(",") and not agency and not all_caps_place:
        return None
    if not (has_date or agency or all_caps_place):
        return None
    if any(t.tag_.startswith("VB") for t in head):  # runs before the parser: tags only
        return None
    for t in doc[start + 1 : dash.i + 1]:
        t.is_sent_start = False
    doc[dash.i + 1].is_sent_start = True
    return dash.i + 1
