"""Dates in article text, resolved against the publication date to ISO 8601 at the precision
the text gives: "2025-01-17", "2025-01" or "2016".

Rules are explicit rather than dateparser's guesses because precision and direction matter:
"in May" must stay a month; "on Sunday" before a future verb is the coming Sunday and after
a past one the last; a bare "January 19" in a December article about a deadline is next
January; "April last year" is the April of the year before.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_N = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"  # "several days later" names no date

_PATTERNS = [
    # March 31, 2023 / March 31 2023
    (re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), "mdy"),
    # 31 March 2023
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I), "dmy"),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
    # last April / this April / next April
    (re.compile(rf"\b(last|this|next)\s+({MONTH_RE})\b", re.I), "rel_m"),
    # March 2023
    (re.compile(rf"\b({MONTH_RE})\.?,?\s+(?:of\s+)?(\d{{4}})\b", re.I), "my"),
    # March 31
    (re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I), "md"),
    # 31 March
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\b", re.I), "dm"),
    (re.compile(r"\b(1[89]\d{2}|20\d{2})\b"), "y"),
    (re.compile(rf"\b({MONTH_RE})\b", re.I), "m"),
]
_WEEKDAY_RE = re.compile(r"\b(last\s+|this\s+|next\s+|past\s+|coming\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE_DAYS = {
    "today": 0,
    "yesterday": -1,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tomorrow": 1,
    "last night": -1,
}
_WEEKEND = re.compile(r"\bweekend\b")  # not "weekends": a habit, not a day
_AGO = re.compile(_N + r"\s+(day|week|month|year)s?\s+(ago|earlier|before)\b", re.I)
_LATER = re.compile(_N + r"\s+(day|week|month|year)s?\s+(later|after|on)\b", re.I)
_PERIOD = re.compile(r"\b(last|this|next|past|previous|coming|earlier this|later this)\s+(week|month|year)\b", re.I)
# "from the first day of the year", "at the end of last year": a named part of a year
_YEAR_PART = re.compile(r"\b(first day|start|beginning|end|close|last day) of (the|this|last|next) year\b", re.I)
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b")
_REL_YEAR = re.compile(r"\b(last|this|next)\s+year\b")
_MONTH_DAY = re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\b")
SAME_DAY = re.compile(
    r"\b(the same day|that day|the same date|later that day|that same day|hours later|within hours"
    r"|that night|that evening|that morning|that afternoon|the same night|the same evening)\b",
    re.I,
)
NEXT_DAY = re.compile(
    r"\b(the (?:next|following) (?:day|morning|evening|night|afternoon)|a day later|one day later|the day after)\b",
    re.I,
)
THAT_YEAR = re.compile(r"\b(?:of |later |earlier )?(?:that|the same|that same) year\b", re.I)
SAME_MONTH = re.compile(r"\b(that same month|the same month|that month)\b", re.I)
NEXT_PERIOD = re.compile(r"\bthe (?:next|following) (week|month|year)\b", re.I)


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


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _year_for(month: int, day: int, published: date | None, tense: str) -> int | None:
    """The year of a month/day named without one, by the tense of the clause it dates."""
    if published is None:
        return None
    this = published.year

    def at(year: int) -> date:
        return date(year, month, min(day, calendar.monthrange(year, month)[1]))

    if tense == "past":
        return this if at(this) <= published else this - 1
    if tense == "future":
        return this if at(this) >= published else this + 1
    for year in (this, this - 1, this + 1):  # nine months back to three ahead
        if published - timedelta(days=275) <= at(year) <= published + timedelta(days=92):
            return year
    return this


def _month_iso(day: date, months: int) -> str:
    """YYYY-MM of the month `months` away from `day`'s."""
    index = day.year * 12 + day.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# "10-12 June 2024", "from May to July 2023": a span of days or months begins the event
_DAY_RANGE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\b", re.I
)
_MONTH_RANGE = re.compile(rf"\b({MONTH_RE})\.?\s*(?:-|–|to|and|until|through)\s*(?:{MONTH_RE})\.?(?=\s+\d{{4}})", re.I)


def _range_start(text: str) -> str:
    """A span told as a date reads as its first day or month: '10-12 June 2024' as 10 June."""
    text = _DAY_RANGE.sub(lambda m: f"{m.group(1)} {m.group(2)}", text)
    return _MONTH_RANGE.sub(lambda m: m.group(1), text)


@lru_cache(maxsize=1 << 14)  # a pure function, asked again for each event of the date's sentence
def resolve(text: str, published: date | None, tense: str = "present") -> str | None:
    """ISO date for a DATE mention, or None when the text names no resolvable date.

    `tense` is the tense of the clause the date belongs to (past, present or future): it
    decides which way a weekday or a month without a year points.
    """
    text = _range_start(text)
    lowered = " ".join(text.lower().split())
    if published is not None:
        for words, offset in _RELATIVE_DAYS.items():
            if words in lowered:
                return (published + timedelta(days=offset)).isoformat()
    if published is not None and _WEEKEND.search(lowered):
        # "over the weekend": the month of the weekend just gone (or coming, in the future)
        ahead = (5 - published.weekday()) % 7 or 7
        saturday = (
            published + timedelta(days=ahead)
            if tense == "future"
            else published - timedelta(days=(published.weekday() - 5) % 7 or 7)
        )
        return saturday.isoformat()[:7]
    numeric = _NUMERIC.search(text)
    if numeric:  # "12/6/2018": day first, as most of the world writes it
        day, month, year = (int(g) for g in numeric.groups())
        if month > 12 >= day:
            day, month = month, day
        return _iso(year, month, day)
    part = _YEAR_PART.search(lowered)
    if part and published is not None:
        return _year_part(part.group(1), part.group(2), published)
    relative_year = _REL_YEAR.search(lowered)
    if relative_year and published is not None:
        # "July 28 last year", "in April last year": the month of that year
        year = published.year + {"last": -1, "this": 0, "next": 1}[relative_year.group(1)]
        month_day = _MONTH_DAY.search(lowered)
        if month_day:
            return _iso(year, MONTHS[month_day.group(1)], int(month_day.group(2)))
        day_month = _DAY_MONTH.search(lowered)
        if day_month:  # "on 21 November last year"
            return _iso(year, MONTHS[day_month.group(2)], int(day_month.group(1)))
        month = re.search(rf"\b({MONTH_RE})\b", text, re.I)
        if month and month.group(1) not in ("may", "march"):  # lower-case: the verb or the noun
            return _iso(year, MONTHS[month.group(1).lower()])
        return f"{year:04d}"
    for pattern, kind in _PATTERNS[:3]:  # dates with a year
        match = pattern.search(text)
        if match:
            return _from_match(kind, match.groups(), published, tense)
    if published is not None:
        relative = _relative(lowered, published)
        if relative is not None:
            return relative or None
    for pattern, kind in _PATTERNS[3:]:
        match = pattern.search(text)
        if match:
            return _from_match(kind, match.groups(), published, tense)
    weekday = _WEEKDAY_RE.search(text)
    if weekday and published is not None:
        return _weekday(weekday.group(1), weekday.group(2), published, tense)
    return None


def _year_part(part: str, which: str, published: date) -> str:
    """'the first day of the year' is 1 January of the year the article speaks from; 'the end of
    last year' that year's December."""
    year = published.year + {"last": -1, "next": 1}.get(which, 0)
    return {
        "first day": f"{year:04d}-01-01",
        "start": f"{year:04d}-01",
        "beginning": f"{year:04d}-01",
        "end": f"{year:04d}-12",
        "close": f"{year:04d}-12",
        "last day": f"{year:04d}-12-31",
    }[part]


def _relative(lowered: str, published: date) -> str | None:
    """'two weeks ago', 'last month', 'earlier this year'; '' when the words name no date."""
    ago = _AGO.search(lowered)
    if ago:
        n = int(ago.group(1)) if ago.group(1).isdigit() else NUMBER_WORDS[ago.group(1)]
        unit = ago.group(2)
        if unit == "day":
            return (published - timedelta(days=n)).isoformat()
        if unit == "week":
            return (published - timedelta(weeks=n)).isoformat()[:7]
        if unit == "month":
            return _month_iso(published, -n)
        return f"{published.year - n:04d}"
    if _LATER.search(lowered):
        return ""  # counted from another event: the caller anchors it
    period = _PERIOD.search(lowered)
    if period:
        which, unit = period.group(1), period.group(2)
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit == "week":
            if step > 0:
                return ""
            return (published + timedelta(weeks=step)).isoformat()[:7]
        if unit == "month":
            if step > 0:
                return ""
            return _month_iso(published, step)
        return f"{published.year + step:04d}"
    return None


def _weekday(modifier: str | None, name: str, published: date, tense: str) -> str:
    target = WEEKDAYS[name.lower()]
    modifier = (modifier or "").strip().lower()
    back = (published.weekday() - target) % 7  # days back to the latest such day (0: today)
    ahead = (target - published.weekday()) % 7  # days ahead to the next (0: today)
    if modifier in ("next", "coming"):
        return (published + timedelta(days=ahead or 7)).isoformat()
    if modifier in ("last", "past"):
        return (published - timedelta(days=back or 7)).isoformat()
    if tense == "future":  # "this Friday" too: the way the tense points
        return (published + timedelta(days=ahead)).isoformat()
    return (published - timedelta(days=back)).isoformat()


def _from_match(kind: str, groups: tuple[str, ...], published: date | None, tense: str) -> str | None:
    if kind == "mdy":
        return _iso(int(groups[2]), MONTHS[groups[0].lower()], int(groups[1]))
    if kind == "dmy":
        return _iso(int(groups[2]), MONTHS[groups[1].lower()], int(groups[0]))
    if kind == "iso":
        return _iso(int(groups[0]), int(groups[1]), int(groups[2]))
    if kind == "my":
        return _iso(int(groups[1]), MONTHS[groups[0].lower()])
    if kind == "rel_m":
        if published is None:
            return None
        which, month = groups[0].lower(), MONTHS[groups[1].lower()]
        if which == "last":
            year = published.year if month < published.month else published.year - 1
        elif which == "next":
            year = published.year if month > published.month else published.year + 1
        else:
            year = published.year
        return _iso(year, month)
    if kind in ("md", "dm"):
        month_name, day = (groups[0], groups[1]) if kind == "md" else (groups[1], groups[0])
        month = MONTHS[month_name.lower()]
        year = _year_for(month, int(day), published, tense)
        return _iso(year, month, int(day)) if year else None
    if kind == "y":
        return _iso(int(groups[0]))
    if kind == "m":
        if groups[0].lower() in ("may", "march") and groups[0][0].islower():
            return None  # the modal verb or the noun, not the month
        month = MONTHS[groups[0].lower()]
        year = _year_for(month, 15 if tense == "present" else 1 if tense == "future" else 28, published, tense)
        if tense == "past" and published is not None and month == published.month:
            year = published.year
        return _iso(year, month) if year else None
    return None


def later(anchor: str | None, text: str) -> str | None:
    """'two days later' counted from the date of the event before it; 'days later', 'hours
    later' (no count) within the anchor's month, as far as a month-precise anchor or an early
    day of one lets that be sure."""
    lowered = text.lower()
    match = _LATER.search(lowered)
    if match and anchor:
        return shift(anchor, _count(match.group(1)), match.group(2))
    if anchor and _SOON_AFTER.search(lowered):
        if len(anchor) == 7:
            return anchor
        if len(anchor) == 10 and int(anchor[8:]) <= 21:
            return anchor[:7]
    return None


_SOON_AFTER = re.compile(r"^(?:(?:a\s+)?few\s+|several\s+)?(?:hours|days)\s+(?:later|afterwards?)$")


_SPAN = re.compile(r"^" + _N + r"\s+(day|week|month|year)s?$", re.I)


@lru_cache(maxsize=1 << 12)
def span(text: str) -> tuple[int, str] | None:
    """'eight days' as (8, 'day'); None for anything else."""
    match = _SPAN.match(" ".join(text.lower().split()))
    return (_count(match.group(1)), match.group(2)) if match else None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def shift(anchor: str, n: int, unit: str) -> str | None:
    """`anchor` moved n units (back when n < 0), at the precision both allow."""
    if len(anchor) == 10 and unit in ("day", "week"):
        base = date.fromisoformat(anchor)
        return (base + timedelta(days=n if unit == "day" else 7 * n)).isoformat()
    if len(anchor) == 7 and unit == "day" and abs(n) <= 2:
        return anchor  # "the next day" after "in December 2015": still December, as far as we know
    if len(anchor) == 7 and unit == "week" and abs(n) >= 4:
        unit, n = "month", round(n * 7 / 30.44)  # "ten weeks before this week": some ten weeks' months
    if len(anchor) >= 7 and unit == "month":
        base = date(int(anchor[:4]), int(anchor[5:7]), 1)
        return _month_iso(base, n)
    if unit == "year":
        return f"{int(anchor[:4]) + n:04d}"
    return None


def agrees(extracted: str | None, gold: str) -> bool:
    """Whether an extracted date agrees with a gold one to the precision the gold gives."""
    return bool(extracted) and extracted[: len(gold)] == gold
