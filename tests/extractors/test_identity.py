"""An article is its words: whitespace and Unicode composition do not make another article."""

from extractors.identity import article_id, normalise


def test_an_article_id_ignores_whitespace_and_unicode_form_but_not_words() -> None:
    text = "Kenya blocks Telegram\n\nNAIROBI — Kenya blocked Telegram on Wednesday."
    same = [
        text + "\n",
        "\n" + text.replace("\n\n", "\n\n\n"),
        text.replace("\n", "\r\n"),
        text.replace(" ", "  ").replace("—", "\u2014"),
        "Kenya blocks Telegram\n\nNAIROBI — Kenya blocked Telegram on Wednesday.\t ",
    ]
    assert {article_id(t) for t in same} == {article_id(text)}
    assert article_id("Café closes") == article_id("Cafe\u0301 closes")  # NFC and NFD are one text
    assert article_id(text.replace("Wednesday", "Thursday")) != article_id(text)
    assert article_id(text.lower()) != article_id(text)


def test_normalising_composes_characters_and_collapses_spaces_but_keeps_lines() -> None:
    assert normalise("  Cafe\u0301 \t closes\n\nnow  ") == "Café closes\n\nnow"
    assert len(article_id("x")) == 20 and article_id("x") == article_id(" x ")


def test_ids_are_stable_across_releases() -> None:
    # A stored article keeps its id: this value may never change (it names graphs in stores).
    assert article_id("Kenya blocks Telegram") == "0be174618a7bf0413cd5"
