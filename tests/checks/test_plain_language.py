"""plain_language (ISO-7.3.2.3-01): every public text, in each language, in sentences of at most the limit."""

from __future__ import annotations

from made_in_process import outcomes


def test_plain_language_reads_every_public_text_and_only_those():
    long = " ".join(["word"] * 30) + "."
    data = {
        "reception": {"greeting_standard": long},
        "complaints": {
            k: long
            for k in (
                "introduction",
                "commitment",
                "scope",
                "visibility_and_access",
                "feedback_to_complainant",
                "monitoring",
            )
        },
        "services": [{"standard": {"promise": long}}, {"standard": "x"}, "junk", {"standard": {"promise": 5}}],
    }
    paths = [o.path for o in outcomes("plain_language", data, max_sentence_words=25)]
    assert paths == [
        ("reception", "greeting_standard"),
        ("complaints", "introduction"),
        ("complaints", "commitment"),
        ("complaints", "scope"),
        ("complaints", "visibility_and_access"),
        ("complaints", "feedback_to_complainant"),
        ("services", 0, "standard", "promise"),
    ]
    short = "Short one. " * 10
    assert outcomes("plain_language", {"reception": {"greeting_standard": short}}, max_sentence_words=25) == []
    [one] = outcomes(
        "plain_language", {"reception": {"greeting_standard": "Fine here. " + long}}, max_sentence_words=25
    )
    assert one.detail.startswith(
        "reception.greeting_standard has a sentence of 30 words (svcstd's limit: 25): 'word word"
    )


def test_plain_language_reads_each_language_of_a_text_given_per_language():
    long = " ".join(["palabra"] * 30) + "."
    data = {
        "reception": {"greeting_standard": {"en": "Short.", "es": long, "fr": 5}},
        "services": [{"standard": {"promise": {"en": long}}}],
    }
    assert [o.path for o in outcomes("plain_language", data, max_sentence_words=25)] == [
        ("reception", "greeting_standard", "es"),
        ("services", 0, "standard", "promise", "en"),
    ]


def test_plain_language_quotes_at_most_seventy_characters_of_the_long_sentence():
    sentence = " ".join(f"w{i:02d}" for i in range(30)) + "."
    [found] = outcomes("plain_language", {"reception": {"greeting_standard": sentence}}, max_sentence_words=25)
    quoted = found.detail.split("(svcstd's limit: 25): ", 1)[1]
    assert len(quoted) == 70 and quoted.endswith("…") and quoted.startswith("'w00 w01")
