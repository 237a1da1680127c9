import pytest

from extractors.quantities import parse_count, parse_money, parse_rank


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("€530 million", 530_000_000, "EUR"),
        ("$95 billion", 95_000_000_000, "USD"),
        ("£18m", 18_000_000, "GBP"),
        ("15 million euros", 15_000_000, "EUR"),
        ("Rs 100 crore", 1_000_000_000, "INR"),
    ],
)
def test_money_amounts_have_value_and_currency(text: str, value: float, currency: str) -> None:
    amount = parse_money(text)
    assert amount is not None
    assert (amount.value, amount.currency) == (value, currency)


@pytest.mark.parametrize(
    "text",
    [
        "in a briefing with reporters 5 Dec., she said",  # "rs 5" inside a word
        "the farm 12 miles away",  # "rm 12"
        "a group of 40 workers 3 days later",
    ],
)
def test_a_currency_mark_inside_a_word_is_no_amount(text: str) -> None:
    assert parse_money(text) is None


def test_counts_read_scale_words() -> None:
    assert parse_count("over 70,000") == 70_000
    assert parse_count("roughly 200 million") == 200_000_000
    assert parse_count("millions") is None


def test_rank_from_chart_language() -> None:
    assert parse_rank("Bluesky climbed to No. 1 on the App Store").value == 1
    assert parse_rank("RedNote topped the App Store").value == 1
