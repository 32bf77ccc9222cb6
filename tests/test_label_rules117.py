"""Rules added in rules-1.17 (issue 10, round 8): who was sued, on the Supreme Court texts of the fourth reading
(docs/scotus-reading; all 31 spent by then). A long majority that names its officials a few times, and a syllabus or
dissent that dilutes their density, left Saucier v. Katz (a military police officer) read as police, and Mitchell v.
Forsyth (the Attorney General) and Anderson v. Creighton (an FBI agent) as other state or local officials."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairwarning.labeler.context import official_types_of
from fairwarning.labeler.segment import split_sentences
from test_label_helpers import stored_label


@pytest.mark.parametrize(("cl_id", "officials"), [
    ("118449", ("federal",)),  # Saucier v. Katz: "a military police officer", a Bivens suit
    ("111481", ("federal",)),  # Mitchell v. Forsyth: "a former Attorney General of the United States"
    ("111953", ("federal",)),  # Anderson v. Creighton: "an agent of the Federal Bureau of Investigation"
])
def test_federal_officials_of_supreme_court_qi_decisions(corpus_dir: Path, cl_id: str,
                                                          officials: tuple[str, ...]) -> None:
    assert stored_label(corpus_dir, cl_id).official_type == officials


def test_the_most_named_type_is_only_for_an_opinion_about_officials() -> None:
    """Without ``most_named`` a text that names a type only a few times in a long opinion gives none (a private
    dispute that mentions students is not a suit against school officials); with it, the type named most."""
    filler = " ".join(["The parties dispute the contract terms at length."] * 400)
    text = f"{filler} The students complained. The students left. The students returned. {filler}"
    sentences = split_sentences(text)
    assert official_types_of(text, sentences)[0] == ()
    assert official_types_of(text, sentences, most_named=True)[0] == ("school",)
