from datetime import date

import pytest

from extractors.dates import agrees, resolve

PUBLISHED = date(2024, 12, 17)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday", "2024-12-16"),
        ("on Friday", "2024-12-13"),
        ("Tuesday", "2024-12-17"),
        ("December 6", "2024-12-06"),
        ("January 19", "2025-01-19"),  # a bare date just after publication is the coming one
        ("May", "2024-05"),  # a month stays a month
        ("March 31, 2023", "2023-03-31"),
        ("31 March 2023", "2023-03-31"),
        ("January 2021", "2021-01"),
        ("2016", "2016"),
        ("yesterday", "2024-12-16"),
    ],
)
def test_dates_resolve_against_publication_at_the_precision_given(text: str, expected: str) -> None:
    assert resolve(text, PUBLISHED) == expected


def test_text_without_a_date_resolves_to_nothing() -> None:
    assert resolve("a month", PUBLISHED) is None
    assert resolve("nine days", PUBLISHED) is None


def test_weekday_without_publication_date_is_unknown() -> None:
    assert resolve("Friday", None) is None


def test_agreement_is_to_the_gold_precision() -> None:
    assert agrees("2023-04-28", "2023-04")
    assert not agrees("2023-05-01", "2023-04")
    assert not agrees(None, "2023")


@pytest.mark.parametrize("tense", ["past", "present", "future"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # published on Wednesday 12 June 2024
        ("next Friday", "2024-06-14"),
        ("next Monday", "2024-06-17"),
        ("last Friday", "2024-06-07"),
        ("last Monday", "2024-06-10"),
        ("last month", "2024-05"),
        ("last year", "2023"),
    ],
)
def test_next_and_last_say_the_direction_whatever_the_tense(text: str, expected: str, tense: str) -> None:
    assert resolve(text, date(2024, 6, 12), tense=tense) == expected


def test_a_bare_weekday_points_the_way_of_the_tense() -> None:
    published = date(2024, 6, 12)  # a Wednesday
    assert resolve("Friday", published, tense="past") == "2024-06-07"
    assert resolve("Friday", published, tense="future") == "2024-06-14"
    assert resolve("Wednesday", published, tense="past") == "2024-06-12"


def test_the_weekend_is_the_month_of_the_weekend_just_gone_or_coming() -> None:
    """A weekend spans two days: the month is all the text supports."""
    assert resolve("over the weekend", date(2025, 8, 1), "past") == "2025-07"
    assert resolve("last weekend", date(2025, 8, 2), "past") == "2025-07"
    assert resolve("this weekend", date(2025, 7, 29), "future") == "2025-08"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the first day of the year", "2024-01-01"),
        ("the start of this year", "2024-01"),
        ("the beginning of next year", "2025-01"),
        ("the end of last year", "2023-12"),
        ("the last day of the year", "2024-12-31"),
    ],
)
def test_a_named_part_of_a_year_is_that_part_of_the_year_the_article_speaks_from(text: str, expected: str) -> None:
    assert resolve(text, PUBLISHED, tense="past") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10-12 June 2024", "2024-06-10"),
        ("from 3 to 5 March 2023", "2023-03-03"),
        ("from May to July 2023", "2023-05"),
        ("May-June 2023", "2023-05"),
    ],
)
def test_a_span_of_days_or_months_dates_its_beginning(text: str, expected: str) -> None:
    assert resolve(text, PUBLISHED, tense="past") == expected
