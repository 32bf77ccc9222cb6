"""memo_words: the words of a Markdown memo before its appendix, as a reader counts them."""

from __future__ import annotations

from fairwarning.analysis.memo import memo_words
from fairwarning.analysis.outline import APPENDIX


def test_counts_words_not_markdown() -> None:
    md = ("# Clearly-established analysis: a title\n\n"
          "**Strength: WEAK (see the short answer)**\n\n"
          "| Precedent | Court |\n| --- | --- |\n"
          "| [Lane v. Franks, 573 U.S. 228 (2014)](https://www.courtlistener.com/opinion/2679557/lane-v-franks/) | U.S. |\n\n"
          "- one — two\n> \"a quote\"\n")
    # title 4 + strength 6 + header 2 + row 8 (the link's 7 words, not its URL, and "U.S.") + bullet 2 + quote 2
    assert memo_words(md) == 4 + 6 + 2 + 8 + 2 + 2


def test_stops_at_the_appendix_heading() -> None:
    body = "one two three\n"
    assert memo_words(body + f"## {APPENDIX}\n\nfour five six seven\n") == 3
    assert memo_words(body) == 3
    # a heading that merely mentions the appendix does not stop the count
    assert memo_words("## Appendix notes\nfour\n") == 3


def test_escaped_link_text_and_empty_memo() -> None:
    assert memo_words("[O\\'Connor v. Steeves \\[1993\\]](https://x/y)") == 4
    assert memo_words("") == 0
    assert memo_words("| --- | :---: |\n- —\n") == 0
