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
