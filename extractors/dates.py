"""Dates in article text, resolved against the publication date to ISO 8601 at the precision
the text gives: "2025-01-17", "2025-01" or "2016".

Rules are explicit rather than dateparser's guesses because precision matters: "in May" must
stay a month, and a bare "January 19" in a December article means the coming January.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

_PATTERNS = [
    # March 31, 2023 / March 31 2023
    (re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), "mdy"),
    # 31 March 2023
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I), "dmy"),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
    # March 2023
    (re.compile(rf"\b({MONTH_RE})\.?,?\s+(?:of\s+)?(\d{{4}})\b", re.I), "my"),
    # March 31
    (re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I), "md"),
    # 31 March
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\b", re.I), "dm"),
    (re.compile(r"\b(1[89]\d{2}|20\d{2})\b"), "y"),
    (re.compile(rf"\b({MONTH_RE})\b", re.I), "m"),
]
_WEEKDAY_RE = re.compile(r"\b(last\s+|this\s+|next\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE = {"today": 0, "yesterday": -1, "tonight": 0, "this morning": 0, "tomorrow": 1}
SAME_DAY = re.compile(r"\b(the same day|that day|the same date|later that day)\b", re.I)


def parse_published(value: str | None) -> date | None:
    if not value:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def _closest_year(month: int, day: int, published: date | None) -> int | None:
    """The year that puts month/day within nine months before to three after publication."""
    if published is None:
        return None
    for year in (published.year, published.year - 1, published.year + 1):
        try:
            candidate = date(year, month, min(day, calendar.monthrange(year, month)[1]))
        except ValueError:
            continue
        if published - timedelta(days=275) <= candidate <= published + timedelta(days=92):
            return year
    return published.year


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def resolve(text: str, published: date | None) -> str | None:
    """ISO date for a DATE mention, or None when the text names no resolvable date."""
    lowered = text.lower().strip()
    if published is not None:
        for word, offset in _RELATIVE.items():
            if word in lowered:
                return (published + timedelta(days=offset)).isoformat()
    for pattern, kind in _PATTERNS:
        match = pattern.search(text)
        if match:
            return _from_match(kind, match.groups(), published)
    weekday = _WEEKDAY_RE.search(text)
    if weekday and published is not None:
        target = WEEKDAYS[weekday.group(2).lower()]
        delta = (published.weekday() - target) % 7
        if (weekday.group(1) or "").strip().lower() == "next":
            delta = -((target - published.weekday()) % 7 or 7)
        elif (weekday.group(1) or "").strip().lower() == "last" and delta == 0:
            delta = 7
        return (published - timedelta(days=delta)).isoformat()
    return None


def _from_match(kind: str, groups: tuple[str, ...], published: date | None) -> str | None:
    if kind == "mdy":
        return _iso(int(groups[2]), MONTHS[groups[0].lower()], int(groups[1]))
    if kind == "dmy":
        return _iso(int(groups[2]), MONTHS[groups[1].lower()], int(groups[0]))
    if kind == "iso":
        return _iso(int(groups[0]), int(groups[1]), int(groups[2]))
    if kind == "my":
        return _iso(int(groups[1]), MONTHS[groups[0].lower()])
    if kind in ("md", "dm"):
        month_name, day = (groups[0], groups[1]) if kind == "md" else (groups[1], groups[0])
        month = MONTHS[month_name.lower()]
        year = _closest_year(month, int(day), published)
        return _iso(year, month, int(day)) if year else None
    if kind == "y":
        return _iso(int(groups[0]))
    if kind == "m":
        if groups[0].lower() in ("may", "march") and groups[0][0].islower():
            return None  # the modal verb or the noun, not the month
        month = MONTHS[groups[0].lower()]
        year = _closest_year(month, 15, published)
        return _iso(year, month) if year else None
    return None


def agrees(extracted: str | None, gold: str) -> bool:
    """Whether an extracted date agrees with a gold one to the precision the gold gives."""
    return bool(extracted) and extracted[: len(gold)] == gold
