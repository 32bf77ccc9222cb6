"""Metadata recovery: dates, courts, case names, status and dockets, on real opinion headers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairwarning.corpus.metadata import (
    Fields,
    case_name_from_caption,
    case_name_from_slug,
    complete_from_text,
    court_from_caption,
    date_from_text,
    docket_from_text,
    docket_from_url,
    name_with_slug,
    parse_date,
    recover,
    status_from_text,
    status_from_url,
)
from fairwarning.corpus.text import clean_text, unescape_entities


def _text(corpus_dir: Path, rel: str) -> str:
    obj = json.loads((corpus_dir / rel).read_text(encoding="utf-8"))
    raw = obj.get("plain_text") or obj.get("Case_Text") or ""
    if raw and "Usage:" not in raw:
        return clean_text(unescape_entities(raw), html=False)
    html = obj.get("html_with_citations") or obj.get("html") or obj.get("HTMLtext")
    return clean_text(html, html=True)


# (file, expected date, where the text says it)
REAL_DATES = [
    (
        "courtlistener-ca1/opinions/183761.json",
        "2011-01-27",
        "standalone 'January 27, 2011' before PER CURIAM",
    ),
    ("courtlistener-ca1/opinions/195453.json", "1994-06-24", "'June 24, 1994  [Not for Publication]'"),
    ("courtlistener-ca1/opinions/195359.json", "1994-05-06", "standalone 'May 6, 1994'"),
    (
        "courtlistener-ca1/opinions/174118.json",
        "2010-08-26",
        "header date beats a 'dated April 12, 2005' in the body",
    ),
    ("courtlistener-ca1/opinions/194551.json", "1993-02-23", "'February 23, 1993 UNITED STATES COURT...'"),
    ("courtlistener-ca1/opinions/2448.json", "2009-11-12", "'(Argued: ...   Decided: November 12, 2009)'"),
    (
        "courtlistener-ca1/opinions/3449.json",
        "2010-04-21",
        "'on the 21st day of April, two thousand and ten'",
    ),
    ("courtlistener-ca1/opinions/237584.json", "1955-07-27", "'Decided July 27, 1955.' (from HTML)"),
    (
        "courtlistener-ca1/opinions/181206.json",
        "2010-09-09",
        "redacted opinion: header date, not publication",
    ),
]


@pytest.mark.parametrize(
    ("rel", "expected", "why"), REAL_DATES, ids=[r[0].split("/")[-1] for r in REAL_DATES]
)
def test_date_from_real_text(corpus_dir: Path, rel: str, expected: str, why: str) -> None:
    got = date_from_text(_text(corpus_dir, rel))
    assert got is not None, why
    assert got.value.isoformat() == expected, why
    assert got.how == "inferred:text"


def test_errata_has_no_date_of_its_own(corpus_dir: Path) -> None:
    # "The opinion of this Court issued on May 14, 2010, is amended" is the opinion's date, not the errata's
    assert date_from_text(_text(corpus_dir, "courtlistener-ca1/opinions/147477.json")) is None


DATE_LINES = [
    ("Argued January 11, 1967.\nDecided April 11, 1967.", dt.date(1967, 4, 11)),
    ("Heard Nov. 5, 1993.\nDecided Jan. 28, 1994.", dt.date(1994, 1, 28)),
    ("Filed: 6/26/86", dt.date(1986, 6, 26)),
    ("Order entered October 16, 2014\n\nIn The Court of Appeals", dt.date(2014, 10, 16)),
    ("Argued\nMarch 3, 1990\n", None),
    ("The defendant was arrested on June 1, 1989, and", None),
    ("Decided February 30, 1990.", None),
    ("Decided March 1, 2999.", None),
]


@pytest.mark.parametrize(("text", "expected"), DATE_LINES)
def test_date_lines(text: str, expected: dt.date | None) -> None:
    got = date_from_text(text)
    assert (got.value if got else None) == expected


def test_parse_date_forms() -> None:
    assert parse_date("2001-04-23 00:00:00") == dt.date(2001, 4, 23)
    assert parse_date("Sept. 27, 2007") == dt.date(2007, 9, 27)
    assert parse_date("2010") is None


COURT_CAPTIONS = [
    ("          United States Court of Appeals\n                For the First Circuit\n\nNo. 10-1820", "ca1"),
    ("UNITED STATES COURT OF APPEALS\n\nFOR THE SECOND CIRCUIT\n\nSUMMARY ORDER", "ca2"),
    ("Supreme Court of Indiana.\n\nSeptember 25, 2007.", "ind"),
    ("APPEAL FROM THE UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF MAINE\n", None),
]


@pytest.mark.parametrize(("text", "expected"), COURT_CAPTIONS)
def test_court_from_caption(text: str, expected: str | None) -> None:
    got = court_from_caption(text)
    assert (got.value if got else None) == expected


def test_court_from_real_caption_without_court_url(corpus_dir: Path) -> None:
    got = court_from_caption(_text(corpus_dir, "courtlistener-ca1/opinions/237584.json"))
    assert got is not None and got.value == "ca2" and got.how == "inferred:caption"


CAPTIONS = [
    (
        "No. 10-1820\n\nKEVEN A. MCKENNA,\n\nPlaintiff, Appellant,\n\nv.\n\nSANDRA POWELL, in her capacity;\n\nDefendants, Appellees.",
        "Keven A. McKenna v. Sandra Powell",  # Mc names keep their second capital
    ),
    (
        "Walter HILDEBRAND, Libelant-Appellant-Appellee,\nv.\nUNITED STATES of America, Respondent-Appellee-Appellant.",
        "Walter HILDEBRAND v. UNITED STATES of America",
    ),
    ("08-5388-cv\nCrenshaw v. City of Mount Vernon, et al.\n", "Crenshaw v. City of Mount Vernon"),
    ("No caption here at all.", None),
]


@pytest.mark.parametrize(("text", "expected"), CAPTIONS)
def test_case_name_from_caption(text: str, expected: str | None) -> None:
    got = case_name_from_caption(text)
    assert (got.value if got else None) == expected


# Real First Circuit captions that once gave broken names (docket line taken as a party, a party's name cut at
# its first line, "and" dangling, a co-party line taken as the first party, "d/b/a"/"as Receiver" descriptors).
REAL_CAPTION_NAMES = [
    ("195387", "Marlene Brooks v. John J. Beatty"),  # was "No. 93-1891 v. John J. Beatty"
    ("195148", "Julio Febus-Rodriguez v. Ismael Betancourt-Lebron"),  # was "Julio Febus-Rodriguez and v. ..."
    ("194643", "Conservation Law Foundation of New England v. Barbara H. Franklin"),
    ("195199", "United States of America v. The Members of the Estate of Luis Boothby"),
    ("194745", "Noemi Alvarez-Crespo v. Mateo Olavarria-Rivera"),
    ("194517", "United States v. Jose A. Garcia"),
    ("195068", "James D. Williams v. John Jones"),  # "JOHN JONES d/b/a NICOLE ENTERPRISES"
    ("194594", "Bruce A. Howell v. Federal Deposit Insurance Corporation"),  # "..., As Receiver for Eliot"
    ("195304", "United States of America v. Certain Real Property Located At 330 Fern Street"),  # "LOCATED AT,"
    ("195352", "In Re: United States of America v. Fleet Bank of Maine"),  # an "In re:" line is a party
    ("194625", "David J. McCullough and Winifred M. McCullough v. Federal Deposit Insurance Corporation"),
]


@pytest.mark.parametrize(("opinion_id", "expected"), REAL_CAPTION_NAMES)
def test_case_name_from_real_caption(corpus_dir: Path, opinion_id: str, expected: str) -> None:
    got = case_name_from_caption(_text(corpus_dir, f"courtlistener-ca1/opinions/{opinion_id}.json"))
    assert got is not None and got.value == expected


def test_co_party_line_is_not_the_first_party() -> None:
    caption = (
        "SEA HUNT, INCORPORATED, Plaintiff-Appellee,\nand\nCOMMONWEALTH OF VIRGINIA, Intervenor-Appellee,\n"
        "v.\nTHE UNIDENTIFIED SHIPWRECKED VESSEL OR VESSELS, Defendant,\n"
    )
    got = case_name_from_caption(caption)
    assert got is not None and got.value == "Sea Hunt v. The Unidentified Shipwrecked Vessel Or Vessels"


def _inventory_rows(corpus_dir: Path, ids: set[str]) -> dict[str, dict[str, str]]:
    import csv

    with open(corpus_dir / "courtlistener-ca1/ca1-inventory.csv", encoding="utf-8", newline="") as fh:
        return {r["file_name"].split(".")[0]: r for r in csv.DictReader(fh) if r["file_name"].split(".")[0] in ids}


def test_inventory_names_checked_against_the_slug(corpus_dir: Path) -> None:
    rows = _inventory_rows(corpus_dir, {"182844", "149845", "148516", "152314", "180300"})
    name = {k: r["case_name"].replace("_", " ") for k, r in rows.items()}
    url = {k: r["absolute_url"] for k, r in rows.items()}
    assert name["182844"] == "Downey v. Bobs Discount Furniture Holdi"  # the table cuts names short
    assert name_with_slug(name["182844"], url["182844"]) == "Downey v. Bobs Discount Furniture Holdings Inc"
    assert name_with_slug(name["149845"], url["149845"]) == "Jennifer Sheehan v. The North American Marketing Corp"
    assert name_with_slug(name["148516"], url["148516"]) is None  # "Ameriquest Mortgage Company v." (no 2nd party)
    assert name_with_slug(name["152314"], url["152314"]) is None  # "Hato Rey Partnership" for a "-v-" slug
    assert name_with_slug(name["180300"], url["180300"]) == name["180300"]  # whole names are kept as they are


def test_inventory_name_respelled_from_the_caption(corpus_dir: Path) -> None:
    """File-name-derived names lose apostrophes and accents; the caption has them."""
    cases = {
        "175462": ("Fusi v. OBrien", "Fusi v. O’Brien"),
        "147782": ("Carlos Concepcion-Chaparro v. Ruiz-Hernandez", "Carlos Concepción-Chaparro v. Ruiz-Hernández"),
        "177136": ("Pena-Beltre v. Holder", "Peña-Beltre v. Holder"),
        "150362": ("US v. Weeks", "US v. Weeks"),  # nothing to respell
        # a 1-3 letter stub is completed only after the same previous word in the caption
        "151655": (
            "Rectrix Aerodrome Centers Inc v. Barnstable Municipal Airport C",
            "Rectrix Aerodrome Centers Inc v. Barnstable Municipal Airport Commission",
        ),
        "151562": ("Cruz-Vazquez v. Mennonite General Hospital In", "Cruz-Vázquez v. Mennonite General Hospital Inc"),
    }
    for opinion_id, (stored, expected) in cases.items():
        text = _text(corpus_dir, f"courtlistener-ca1/opinions/{opinion_id}.json")
        assert complete_from_text(stored, text) == expected


def test_inventory_join_reads_inverted_and_cut_names(corpus_dir: Path) -> None:
    from fairwarning.corpus.sources import discover, inventory

    _, companions, _ = discover([corpus_dir / "courtlistener-ca1" / "ca1-inventory.csv"])
    harrington = inventory.lookup(companions, "149678")  # the table says "Harrington_v._Nashua_City_of"
    assert harrington is not None and harrington.case_name == "Harrington v. City of Nashua"
    stow = inventory.lookup(companions, "194774")  # "Stow_v._State_Prison_et_al"
    assert stow is not None and stow.case_name == "Stow v. State Prison"
    rows = _inventory_rows(corpus_dir, {"149678"})
    assert name_with_slug("Acevedo-Lopez v. Police Department of", rows["149678"]["absolute_url"]) is None


def test_inventory_name_completed_from_the_caption(corpus_dir: Path) -> None:
    rows = _inventory_rows(corpus_dir, {"152316", "180299", "179184"})
    collazo = rows["152316"]["case_name"].replace("_", " ")
    assert collazo.endswith("Manufactu")
    text = _text(corpus_dir, "courtlistener-ca1/opinions/152316.json")
    assert complete_from_text(collazo, text) == collazo[: -len("Manufactu")] + "Manufacturing"
    iom = rows["180299"]["case_name"].replace("_", " ")  # ends with the abbreviation "Corp": left alone
    assert complete_from_text(iom, _text(corpus_dir, "courtlistener-ca1/opinions/180299.json")) == iom
    assert complete_from_text("Short v. Name", text) == "Short v. Name"
    ffrf = rows["179184"]["case_name"].replace("_", " ")  # cut inside the first party's name
    assert ffrf == "Freedom From Religion Foundati v. US"
    got = complete_from_text(ffrf, _text(corpus_dir, "courtlistener-ca1/opinions/179184.json"))
    assert got == "Freedom From Religion Foundation v. US"


def test_case_name_from_slug() -> None:
    got = case_name_from_slug("/opinion/1036108/manning-v-boston-medical-center/")
    assert got is not None and got.value == "Manning v. Boston Medical Center" and got.how == "inferred:slug"
    assert case_name_from_slug("/opinion/1/unknown-case-name/") is None
    got = case_name_from_slug("/opinion/194710/in-re-trustees-v/")  # a dangling "v" is dropped
    assert got is not None and got.value == "In re Trustees"
    long = case_name_from_slug("/opinion/737987/willis-l-gordon-barbara-a-gordon-v-eugene-e-patterson-individually-and/")
    assert long is not None and long.value.endswith("v. Eugene E Patterson Individually")  # no dangling "and"
    cut = case_name_from_slug("/opinion/118449/donald-saucier-v-elliot-m-katz-and-in-defense-of-a/")
    assert cut is not None and cut.value == "Donald Saucier v. Elliot M Katz and in Defense"  # cut at 50 characters


STATUS_TEXTS = [
    ("June 24, 1994  [Not for Publication]\n\nUnited States Court of Appeals", "unpublished"),
    ("Not for Publication in West's Federal Reporter\n\nUnited States Court of Appeals", "unpublished"),
    ("SUMMARY ORDER\nRULINGS BY SUMMARY ORDER DO NOT HAVE PRECEDENTIAL EFFECT", "unpublished"),
    ("NOTICE: First Circuit Local Rule 36.2(b)6 states unpublished opinions may be cited", "unpublished"),
    ("                              UNPUBLISHED\n\nUNITED STATES COURT OF APPEALS", "unpublished"),
    ("                              PUBLISHED\n\nUNITED STATES COURT OF APPEALS", "published"),
    ("FOR PUBLICATION\n\nUNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT", "published"),
    ("United States Court of Appeals\nFor the First Circuit", None),
]


@pytest.mark.parametrize(("text", "expected"), STATUS_TEXTS)
def test_status_from_text(text: str, expected: str | None) -> None:
    got = status_from_text(text)
    assert (got.value if got else None) == expected


STATUS_URLS = [
    ("http://www.ca1.uscourts.gov/pdf.opinions/08-2575P-01A.pdf", "published"),
    ("http://www.ca1.uscourts.gov/pdf.opinions/09-1291U-01A.pdf", "unpublished"),
    ("http://www.ca1.uscourts.gov/pdf.opinions/08-2331E-01A.pdf", None),
    ("http://pacer.ca4.uscourts.gov/opinion.pdf/016322.U.pdf", "unpublished"),
    ("http://www.ca2.uscourts.gov/decisions/isysquery/x/2/doc/08-4882_so.pdf", "unpublished"),
    ("http://www.ca2.uscourts.gov/decisions/isysquery/x/43/doc/07-4244-cv_opn.pdf", "published"),
    (None, None),
]


@pytest.mark.parametrize(("url", "expected"), STATUS_URLS)
def test_status_from_url(url: str | None, expected: str | None) -> None:
    got = status_from_url(url)
    assert (got.value if got else None) == expected


def test_dockets() -> None:
    assert docket_from_text("Nos. 12-1573, 12-1653\n\nELIZABETH").value == "12-1573, 12-1653"  # type: ignore[union-attr]
    assert docket_from_text("No. 92-2324\n").value == "92-2324"  # type: ignore[union-attr]
    assert (
        docket_from_url("http://www.ca1.uscourts.gov/cgi-bin/getopn.pl?OPINION=93-1782.01A").value
        == "93-1782"
    )  # type: ignore[union-attr]
    assert docket_from_url("http://www.ca1.uscourts.gov/pdf.opinions/08-2575P-01A.pdf").value == "08-2575"  # type: ignore[union-attr]


def test_recover_keeps_source_fields_and_records_provenance() -> None:
    fields = Fields()
    fields.set("court_id", "ca2")
    text = "United States Court of Appeals\nFor the First Circuit\n\nNo. 10-1820\n\n     January 27, 2011\n"
    recover(fields, text, urls=("http://www.ca1.uscourts.gov/pdf.opinions/10-1820P-01A.pdf",))
    assert fields.values["court_id"] == "ca2" and fields.provenance["court_id"] == "source"
    assert fields.values["date_decided"] == dt.date(2011, 1, 27)
    assert fields.provenance["date_decided"] == "inferred:text"
    assert fields.provenance["precedential_status"] == "inferred:url"


def test_recovery_agrees_with_known_metadata_on_real_sample(corpus_dir: Path) -> None:
    """On sample opinions whose source fields give court and date, recovering them from the text alone must
    mostly agree (disagreements are mostly CourtListener dating a later event: rehearing, publication order)."""
    from fairwarning.corpus.sources import discover, read_records
    from fairwarning.models import OpinionRecord
    from fairwarning.reference.courts import _courts

    inputs, companions, _ = discover([corpus_dir / "courtlistener-sample"])
    dates = {"same": 0, "diff": 0}
    courts = {"same": 0, "diff": 0}
    for f in inputs[::3]:
        for r in read_records(f, companions):
            if not isinstance(r, OpinionRecord):
                continue
            d = date_from_text(r.text)
            if d and r.provenance.get("date_decided") == "source":
                dates["same" if d.value == r.date_decided else "diff"] += 1
            c = court_from_caption(r.text)
            if c and r.court_id and r.provenance.get("court_id") == "source":
                child = _courts()[c.value].get("parent") == r.court_id or c.value.startswith(r.court_id)
                courts["same" if c.value == r.court_id or child else "diff"] += 1
    assert dates["same"] >= 150 and dates["same"] / (dates["same"] + dates["diff"]) >= 0.9, dates
    assert courts["same"] >= 120 and courts["same"] / (courts["same"] + courts["diff"]) >= 0.97, courts


_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


@given(st.dates(min_value=dt.date(1750, 1, 1), max_value=dt.date(2025, 12, 31)), st.booleans())
def test_decided_line_round_trip(day: dt.date, abbreviated: bool) -> None:
    month = _MONTH_NAMES[day.month - 1]
    month = month[:3] + "." if abbreviated and len(month) > 4 else month
    text = f"No. 99-1234\n\nArgued January 1, 1700.\nDecided {month} {day.day}, {day.year}.\n\nPER CURIAM."
    got = date_from_text(text)
    assert got is not None and got.value == day
    assert parse_date(day.isoformat()) == day
