"""Date expressions resolved against a publication date (Wednesday 12 June 2024), in each
tense, and without one: the whole table, so a change to any rule shows which answers moved."""

from datetime import date

import pytest

from extractors.dates import later, parse_published, resolve

PUBLISHED = date(2024, 6, 12)

# text: ((past, present, future), without a publication date)
TABLE = {
    "March 31, 2023": (("2023-03-31", "2023-03-31", "2023-03-31"), "2023-03-31"),
    "Mar. 31 2023": (("2023-03-31", "2023-03-31", "2023-03-31"), "2023-03-31"),
    "March 31st, 2023": (("2023-03-31", "2023-03-31", "2023-03-31"), "2023-03-31"),
    "31 March 2023": (("2023-03-31", "2023-03-31", "2023-03-31"), "2023-03-31"),
    "31st of March 2023": (("2023-03-31", "2023-03-31", "2023-03-31"), "2023-03-31"),
    "2023-03-31": (("2023-03-31", "2023-03-31", "2023-03-31"), "2023-03-31"),
    "2023-02-30": ((None, None, None), None),
    "February 30, 2023": ((None, None, None), None),
    "April last year": (("2023-04", "2023-04", "2023-04"), None),
    "April of last year": (("2023-04", "2023-04", "2023-04"), None),
    "21 November last year": (("2023-11-21", "2023-11-21", "2023-11-21"), None),
    "November 21 last year": (("2023-11-21", "2023-11-21", "2023-11-21"), None),
    "April this year": (("2024-04", "2024-04", "2024-04"), None),
    "April next year": (("2025-04", "2025-04", "2025-04"), None),
    "last April": (("2024-04", "2024-04", "2024-04"), None),
    "next April": (("2025-04", "2025-04", "2025-04"), None),
    "this April": (("2024-04", "2024-04", "2024-04"), None),
    "last August": (("2023-08", "2023-08", "2023-08"), None),
    "next March": (("2025-03", "2025-03", "2025-03"), None),
    "March 2023": (("2023-03", "2023-03", "2023-03"), "2023-03"),
    "March, 2023": (("2023-03", "2023-03", "2023-03"), "2023-03"),
    "March of 2023": (("2023-03", "2023-03", "2023-03"), "2023-03"),
    "March 31": (("2024-03-31", "2024-03-31", "2025-03-31"), None),
    "31 March": (("2024-03-31", "2024-03-31", "2025-03-31"), None),
    "Dec 5": (("2023-12-05", "2023-12-05", "2024-12-05"), None),
    "5 Dec": (("2023-12-05", "2023-12-05", "2024-12-05"), None),
    "2016": (("2016", "2016", "2016"), "2016"),
    "the 1990s": ((None, None, None), None),
    "1850": (("1850", "1850", "1850"), "1850"),
    "May": (("2024-05", "2024-05", "2025-05"), None),
    "may": ((None, None, None), None),
    "March": (("2024-03", "2024-03", "2025-03"), None),
    "march": ((None, None, None), None),
    "June": (("2024-06", "2024-06", "2025-06"), None),
    "12/6/2018": (("2018-06-12", "2018-06-12", "2018-06-12"), "2018-06-12"),
    "13/6/2018": (("2018-06-13", "2018-06-13", "2018-06-13"), "2018-06-13"),
    "6/13/2018": (("2018-06-13", "2018-06-13", "2018-06-13"), "2018-06-13"),
    "31/02/2018": ((None, None, None), None),
    "yesterday": (("2024-06-11", "2024-06-11", "2024-06-11"), None),
    "today": (("2024-06-12", "2024-06-12", "2024-06-12"), None),
    "tomorrow": (("2024-06-13", "2024-06-13", "2024-06-13"), None),
    "tonight": (("2024-06-12", "2024-06-12", "2024-06-12"), None),
    "two weeks ago": (("2024-05", "2024-05", "2024-05"), None),
    "3 days ago": (("2024-06-09", "2024-06-09", "2024-06-09"), None),
    "a month ago": (("2024-05", "2024-05", "2024-05"), None),
    "two years ago": (("2022", "2022", "2022"), None),
    "several days ago": ((None, None, None), None),
    "one month earlier": (("2024-05", "2024-05", "2024-05"), None),
    "last week": (("2024-06", "2024-06", "2024-06"), None),
    "this week": (("2024-06", "2024-06", "2024-06"), None),
    "next week": ((None, None, None), None),
    "last month": (("2024-05", "2024-05", "2024-05"), None),
    "this month": (("2024-06", "2024-06", "2024-06"), None),
    "next month": ((None, None, None), None),
    "last year": (("2023", "2023", "2023"), None),
    "this year": (("2024", "2024", "2024"), None),
    "next year": (("2025", "2025", "2025"), None),
    "past year": (("2023", "2023", "2023"), None),
    "previous month": (("2024-05", "2024-05", "2024-05"), None),
    "earlier this year": (("2024", "2024", "2024"), None),
    "later this month": (("2024-06", "2024-06", "2024-06"), None),
    "two days later": ((None, None, None), None),
    "Friday": (("2024-06-07", "2024-06-07", "2024-06-14"), None),
    "this Friday": (("2024-06-07", "2024-06-07", "2024-06-14"), None),
    "coming Friday": (("2024-06-14", "2024-06-14", "2024-06-14"), None),
    "past Friday": (("2024-06-07", "2024-06-07", "2024-06-07"), None),
    "last Wednesday": (("2024-06-05", "2024-06-05", "2024-06-05"), None),
    "next Wednesday": (("2024-06-19", "2024-06-19", "2024-06-19"), None),
    "July 28 last year": (("2023-07-28", "2023-07-28", "2023-07-28"), None),
    "in April last year": (("2023-04", "2023-04", "2023-04"), None),
    # the year window: nine months back to three ahead, "this" year first
    "August 1": (("2023-08-01", "2024-08-01", "2024-08-01"), None),
    "June 12": (("2024-06-12", "2024-06-12", "2024-06-12"), None),  # the day itself, either way
    "September 12": (("2023-09-12", "2024-09-12", "2024-09-12"), None),  # 92 days ahead: still this year
    "September 13": (("2023-09-13", "2023-09-13", "2024-09-13"), None),  # 93 days ahead: last year's
    "12/13/2018": (("2018-12-13", "2018-12-13", "2018-12-13"), "2018-12-13"),  # month first when it must be
    "13/12/2018": (("2018-12-13", "2018-12-13", "2018-12-13"), "2018-12-13"),
    "may last year": (("2023", "2023", "2023"), None),  # the verb, not the month
    "May last year": (("2023-05", "2023-05", "2023-05"), None),
    "march last year": (("2023", "2023", "2023"), None),
    "March last year": (("2023-03", "2023-03", "2023-03"), None),
    "the coming year": (("2025", "2025", "2025"), None),
    "previous year": (("2023", "2023", "2023"), None),
    "this Wednesday": (("2024-06-12", "2024-06-12", "2024-06-12"), None),
}


@pytest.mark.parametrize("text", sorted(TABLE))
def test_resolution_table(text: str) -> None:
    by_tense, undated = TABLE[text]
    assert tuple(resolve(text, PUBLISHED, tense) for tense in ("past", "present", "future")) == by_tense
    assert resolve(text, None) == undated


@pytest.mark.parametrize(
    ("text", "expected"),
    [("last week", "2024-05"), ("this week", "2024-06"), ("past week", "2024-05"), ("two weeks ago", "2024-05")],
)
def test_weeks_count_from_a_monday_early_in_the_month(text: str, expected: str) -> None:
    assert resolve(text, date(2024, 6, 3), tense="past") == expected


@pytest.mark.parametrize(
    ("anchor", "text", "expected"),
    [
        ("2024-06-12", "two days later", "2024-06-14"),
        ("2024-06-12", "3 weeks later", "2024-07-03"),
        ("2024-06-12", "a month later", "2024-07"),
        ("2024-11", "three months later", "2025-02"),
        ("2024-06-12", "two years later", "2026"),
        ("2024", "a year later", "2025"),
        ("2015-12", "one day later", "2015-12"),  # still that month, as far as we know
        ("2015-12", "two days later", "2015-12"),
        ("2015-12", "three days later", None),  # might be the next month: unknown
        ("2015-12", "a week later", None),
        ("2024", "two months later", None),  # a year anchor gives no month
        (None, "two days later", None),
        ("2024-06-12", "several days later", "2024-06"),  # an early day: still that month
        ("2024-06-25", "several days later", None),  # a late one: maybe the next
        ("2024-04", "days later", "2024-04"),  # uncounted days after a month: most likely that month
        ("2024-06-12", "later that week", None),
        ("2024-06-12", "five days after", "2024-06-17"),
        ("2024-06-12", "10 days on", "2024-06-22"),
    ],
)
def test_later_counts_from_its_anchor_at_the_anchors_precision(anchor, text, expected) -> None:
    assert later(anchor, text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-12", date(2024, 6, 12)),
        (" 2024-06-12T10:00:00Z ", date(2024, 6, 12)),
        ("2024-02-30", None),
        ("12 June 2024", None),
        ("", None),
        (None, None),
    ],
)
def test_a_publication_date_is_an_iso_day_or_nothing(value, expected) -> None:
    assert parse_published(value) == expected
