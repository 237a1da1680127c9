"""Money amounts and metrics ("€530 million", "over 70,000 posts", "No. 1")."""

from __future__ import annotations

import re

from extractors.model import Amount, Metric

SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
CURRENCY_SYMBOLS = {
    "€": "EUR",
    "us$": "USD",
    "$": "USD",
    "£": "GBP",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "r$": "BRL",
    "₺": "TRY",
    "₩": "KRW",
    "a$": "AUD",
    "c$": "CAD",
    "¥": "CNY",
    "hk$": "HKD",
    "gh₵": "GHS",
    "₦": "NGN",
    "₱": "PHP",
    "₫": "VND",
    "₽": "RUB",
    "s$": "SGD",
    "nt$": "TWD",
    "rm": "MYR",
    "rp": "IDR",
    "ksh": "KES",
    "kes": "KES",
}
CURRENCY_WORDS = {
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "pound": "GBP",
    "pounds": "GBP",
    "rupee": "INR",
    "rupees": "INR",
    "yuan": "CNY",
    "renminbi": "CNY",
    "lira": "TRY",
    "liras": "TRY",
    "reais": "BRL",
    "real": "BRL",
    "won": "KRW",
    "yen": "JPY",
    "rubles": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rouble": "RUB",
    "rupiah": "IDR",
    "ringgit": "MYR",
    "naira": "NGN",
    "shillings": "KES",
    "rand": "ZAR",
    "dong": "VND",
    "pesos": "MXN",
    "zlotys": "PLN",
    "zloty": "PLN",
    "kronor": "SEK",
    "kroner": "NOK",
    "krone": "NOK",
    "francs": "CHF",
    "dirhams": "AED",
    "cedis": "GHS",
    "taka": "BDT",
    "hryvnias": "UAH",
}
ISO_CODES = (
    "EUR",
    "USD",
    "GBP",
    "INR",
    "CNY",
    "JPY",
    "KRW",
    "BRL",
    "TRY",
    "RUB",
    "AUD",
    "CAD",
    "NGN",
    "KES",
    "ZAR",
    "GHS",
    "IDR",
    "MYR",
    "PHP",
    "VND",
    "PKR",
    "BDT",
    "NPR",
    "SGD",
    "HKD",
    "TWD",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "MXN",
    "ARS",
    "COP",
    "CLP",
    "EGP",
    "SAR",
    "AED",
    "ILS",
    "UAH",
    "KZT",
    "NZD",
)
_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
_SCALE = r"(?:\s*(thousand|million|billion|trillion|lakh|crore|mn|bn|tn|m|b|k)\b)?"
_MONEY = re.compile(
    # a mark written with letters starts a word: "reporters 5 Dec." holds no rupees
    r"((?<![a-z])(?:us\$|hk\$|nt\$|s\$|a\$|c\$|r\$|gh₵|rs\.?|ksh|kes|rm|rp)|[€$£₹₺₩¥₦₱₫₽]|\b(?:"
    + "|".join(ISO_CODES)
    + r")\b)\s*"
    + _NUMBER
    + _SCALE,
    re.I,
)
_MONEY_WORD = re.compile(_NUMBER + _SCALE + r"(?:\s+[A-Z][a-z]+)?\s+(" + "|".join(CURRENCY_WORDS) + r")\b", re.I)
_WORD_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}


def _number(digits: str, scale: str | None) -> float:
    value = float(digits.replace(",", ""))
    return value * SCALES.get((scale or "").lower(), 1)


def parse_money(text: str) -> Amount | None:
    """The first amount of money in a text: "1.2 billion euros ($1.3 billion)" is the euros."""
    symbol = _MONEY.search(text)
    word = _MONEY_WORD.search(text)
    if word and (symbol is None or word.start() < symbol.start()):
        currency = CURRENCY_WORDS[word.group(3).lower()]
        return Amount(_clean(_number(word.group(1), word.group(2))), currency, word.group(0).strip())
    if symbol:
        mark = symbol.group(1)
        currency = mark.upper() if mark.upper() in ISO_CODES else CURRENCY_SYMBOLS[mark.lower()]
        return Amount(_clean(_number(symbol.group(2), symbol.group(3))), currency, symbol.group(0).strip())
    return None


def parse_count(text: str) -> float | None:
    """'over 70,000' -> 70000, 'roughly 200 million' -> 2e8, 'millions' -> None."""
    match = re.search(_NUMBER + _SCALE, text, re.I)
    if match:
        return _clean(_number(match.group(1), match.group(2)))
    words = text.lower().split()
    for i, word in enumerate(words):
        if word in _WORD_NUMBERS and i + 1 < len(words) and words[i + 1] in SCALES:
            return _clean(_WORD_NUMBERS[word] * SCALES[words[i + 1]])
    return None


def _clean(value: float) -> float:
    return int(value) if float(value).is_integer() else value


RANK = re.compile(r"\b(?:No\.|number|#)\s*(\d+)\b|\btop(?:ped)?\b", re.I)


def parse_rank(sentence: str) -> Metric | None:
    match = RANK.search(sentence)
    if not match:
        return None
    value = int(match.group(1)) if match.group(1) else 1
    return Metric("rank", value, match.group(0))
