"""Case identity and citation form: merged copies, citable citations, short names, pasteable quotes."""

from __future__ import annotations

from fairwarning.analysis.cases import CITABLE, StoredCopy, case_record, docket_citation, merge_copies
from fairwarning.analysis.precedents import clean_quote, separate_opinion_start
from fairwarning.corpus.identity import short_case_name


def _copy(oid: int, **kw: object) -> StoredCopy:
    base: dict[str, object] = dict(
        id=oid, case_name="Damaris Rivera-Ruiz v. Leonardo Gonzalez-Rivera, Etc.", court_id="ca1",
        date_decided="1993-01-05", precedential_status="unknown", document_type="opinion", docket_number="92-1558",
        url=None, cluster_id=None, source="courtlistener", source_id=str(oid), cites=(), inventory_cites=(),
        text_head="x" * 3000)
    base.update(kw)
    return StoredCopy(**base)  # type: ignore[arg-type]


def test_copies_of_one_decision_merge_and_keep_every_source() -> None:
    groups = merge_copies([_copy(1), _copy(2, cites=("983 F.2d 332",)), _copy(3, docket_number="92-9999")])
    assert sorted(len(g) for g in groups) == [1, 2]
    rec = case_record(next(g for g in groups if len(g) == 2))
    assert rec.sources == (1, 2) and rec.citation == "983 F.2d 332"
    assert rec.full_citation == "Rivera-Ruiz v. Gonzalez-Rivera, 983 F.2d 332 (1st Cir. 1993)"
    assert rec.precedential_status == "published" and rec.status_basis == "reporter"


def test_an_errata_sheet_never_stands_in_for_the_decision_date() -> None:
    groups = merge_copies([_copy(1, date_decided="2010-06-01"),
                           _copy(2, date_decided="2010-09-01", document_type="errata")])
    assert len(groups) == 1
    rec = case_record(groups[0])
    assert rec.date_decided == "2010-06-01" and rec.primary == 1


def test_inventory_cite_then_docket_form() -> None:
    assert case_record([_copy(1, inventory_cites=("983 F.2d 332",))]).citation_source == "inventory"
    rec = case_record([_copy(1, case_name="Barton v. Clancy", docket_number="08-2479", date_decided="2011-01-14",
                             precedential_status="published")])
    assert rec.citation == "No. 08-2479 (1st Cir. Jan. 14, 2011)" and CITABLE.match(rec.citation)
    assert rec.full_citation == "Barton v. Clancy, No. 08-2479 (1st Cir. Jan. 14, 2011)"
    assert docket_citation(None, "ca1", "2011-01-14") == ""


def test_short_names_in_citation_form() -> None:
    assert short_case_name("Donald Saucier v. Elliot M. Katz and in Defense of Animals") == "Saucier v. Katz"
    assert short_case_name("Jones Bey v. Johnson") == "Jones Bey v. Johnson"
    assert short_case_name("Manley v. North Carolina") == "Manley v. North Carolina"
    assert short_case_name("United States of America v. William L. Gifford") == "United States v. Gifford"


def test_quotes_lose_footnote_page_and_line_numbers() -> None:
    assert clean_quote("there 19 was probable cause") == "there was probable cause"
    assert clean_quote("the claim.9 We hold") == "the claim. We hold"
    assert clean_quote("11As the district court -24- determined") == "As the district court determined"
    assert clean_quote("under section 5 of the Act") == "under section 5 of the Act"
    assert clean_quote("summary judg- ment") == "summary judgment"


def test_dissent_start_is_found() -> None:
    text = "x" * 2500 + "\nWe affirm.\n\n     TORRUELLA, Circuit Judge, dissenting. I would reverse."
    start = separate_opinion_start(text)
    assert start is not None and text[start:].strip().startswith("TORRUELLA")


def test_pin_cite_from_star_paging() -> None:
    from fairwarning.analysis.precedents import pin_cite

    text = "Syllabus " + "x" * 50 + " *195 first page text *196 more text here. The quote is here."
    assert pin_cite(text, text.index("The quote"), "543 U.S. 194") == "543 U.S. at 196"
    assert pin_cite(text, 5, "543 U.S. 194") is None
    assert pin_cite("no stars at all", 3, "543 U.S. 194") is None


def test_unit_b_of_the_former_fifth_circuit_binds_the_eleventh() -> None:
    import datetime as dt

    from fairwarning.analysis import _domain

    head = "United States Court of Appeals, Fifth Circuit. Unit B."
    ruling = _domain.unit_b_authority("ca5", "FL", dt.date(1982, 3, 1), head)
    assert ruling is not None and ruling.authority == "controlling" and "Stein v. Reynolds" in ruling.source
    assert _domain.unit_b_authority("ca5", "TX", dt.date(1982, 3, 1), head) is None  # not an Eleventh forum
    assert _domain.unit_b_authority("ca5", "FL", dt.date(1982, 3, 1), "Fifth Circuit. Unit A.") is None
    assert _domain.unit_b_authority("ca5", "FL", dt.date(1981, 5, 1), head) is None  # Bonner covers it
    assert _domain.unit_b_court("GA", dt.date(2000, 1, 1)) is not None and _domain.unit_b_court("MA", dt.date(2000, 1, 1)) is None


def test_a_table_cite_does_not_merge_different_decisions() -> None:
    """An F.3d table page (14 F.3d 44) lists many unpublished decisions under one cite: not copies of one case."""
    a = _copy(1, case_name="Gaylon Massey v. Robert Rufo", docket_number="92-1380", cites=("14 F.3d 44",),
              precedential_status="unpublished")
    b = _copy(2, case_name="Carley Distributing Corporation v. First National Bank of Boston",
              docket_number="93-1181", cites=("14 F.3d 44",), precedential_status="unpublished")
    groups = merge_copies([a, b])
    assert len(groups) == 2
    rec = case_record([a])
    assert rec.citation == "14 F.3d 44 (table)" and CITABLE.match(rec.citation)
    assert rec.full_citation == "Massey v. Rufo, 14 F.3d 44 (table) (1st Cir. 1993)"
