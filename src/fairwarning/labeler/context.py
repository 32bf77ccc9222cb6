"""The context fields of a label: court level, publication, stage, rights at issue, officials sued.

Rights and official types are read with the cue patterns of :mod:`fairwarning.reference.taxonomy`; rights are counted
only in the sentences around the qualified-immunity discussion (a claim pleaded but never reached by the QI
analysis is not labeled), official types over the whole opinion (who was sued).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

from fairwarning.labeler.model import Evidence
from fairwarning.labeler.rules import court_voice, describes_earlier_case
from fairwarning.labeler.segment import Sentence
from fairwarning.reference import taxonomy
from fairwarning.reference.patterns import leading_letters, literal_start_alternatives

__all__ = ["sentences_matching", "regex_hits", "lower_pattern", "lowered_text", "appellate_court", "published_of", "stage_of", "rights_of", "official_types_of", "official_counts", "custody_swaps", "right_hits", "merits_claims"]

_APPELLATE_HEADER = re.compile(
    r"court\s+of\s+appeals|supreme\s+court|appeals\s+court|appellate\s+(?:court|division)|court\s+of\s+civil\s+appeals",
    re.IGNORECASE,
)
_TRIAL_HEADER = re.compile(r"district\s+court|magistrate\s+judge|court\s+of\s+claims|bankruptcy\s+court", re.IGNORECASE)
#: the Supreme Court and the federal courts of appeals: they always review another court
_REVIEWING_ID = re.compile(r"^(?:ca\d+|cadc|cafc|scotus)$")
_APPELLATE_ID = re.compile(_REVIEWING_ID.pattern + r"|ctapp|app|sup")
_TRIAL_ID = re.compile(r"^[a-z]{2,5}[db]$|ctcl|super|dist|tax|cc$")
_UNPUBLISHED = re.compile(
    r"not\s+for\s+publication|not\s+recommended\s+for\s+(?:full[- ]text\s+)?publication|\bunpublished\b|"
    r"\bsummary\s+order\b|non-?precedential|not\s+precedential",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"recommended\s+for\s+full[- ]text\s+publication|^\s*\d+\s+(?:F\.\s?(?:2d|3d|4th)|F\.\s?Supp\.(?:\s?2d|\s?3d)?|"
    r"U\.S\.|S\.W\.\s?3d|P\.\s?3d|N\.E\.\s?2d|A\.\s?2d|So\.\s?2d)\s+\d+",
    re.IGNORECASE,
)

_BIVENS = re.compile(r"\bBivens\b")
_BLANKS = re.compile(r"\s{2,}")

_STAGES: dict[str, re.Pattern[str]] = {
    "motion_to_dismiss": re.compile(
        r"motion\s+to\s+dismiss|12\s?\(b\)\s?\(6\)|fail(?:s|ed|ure)?\s+to\s+state\s+a\s+claim|1915\s?\((?:d|e)\)|"
        r"judgment\s+on\s+the\s+pleadings|12\s?\(c\)|sua\s+sponte\s+dismiss|"
        r"dismiss(?:ed|al\s+of)?\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:amended\s+)?complaint|"
        r"\bcomplaint\s+(?:was|is|were|had\s+been)\s+(?:\w+ly\s+)?dismissed",
        re.IGNORECASE,
    ),
    "summary_judgment": re.compile(r"summary\s+judgment", re.IGNORECASE),
    "trial_or_post_trial": re.compile(
        # (not "a reasonable jury could find": the summary-judgment standard)
        r"\bjury\b(?<!grand\sjury)(?<!reasonable\sjury)(?!\s+(?:could|might|may)\b)|\bverdict\b|judgment\s+as\s+a\s+matter\s+of\s+law|\bJMOL\b|rule\s+50|new\s+trial|bench\s+trial",
        re.IGNORECASE,
    ),
    "other": re.compile(
        # (a criminal court's ruling on a motion to suppress: "Heien moved to suppress the evidence seized from the car")
        r"preliminary\s+injunction|discovery\s+order|scope[- ]of[- ]employment|Westfall|"
        r"(?:motion|moved)\s+to\s+suppress|suppression\s+(?:motion|ruling|decision)",
        re.IGNORECASE,
    ),
    # an injunction is relief that any stage can grant: the ruling's stage only when no other stage is named
    # (REBA "appeals from the district court's summary judgment rulings" that granted an injunction: summary judgment)
    "other_relief": re.compile(r"\binjunction\b(?<!preliminary\sinjunction)", re.IGNORECASE),
}


def sentences_matching(text: str, starts: list[int], cues: Iterable[taxonomy.Cue], lowered: str | None = None) -> set[int]:
    """Indices of the sentences (given by their start offsets) in which any of ``cues`` matches; one pass of
    each pattern over the whole text, much faster than searching sentence by sentence."""
    out: set[int] = set()
    for cue in cues:
        if cue.fast and lowered is not None:
            for rx, boundary in cue.fast:
                if _may_match(lowered, rx, boundary):
                    _skip_search(lowered, starts, rx, boundary, out)
            continue
        for at in cue.starts(text, lowered):
            i = bisect_right(starts, at) - 1
            if i >= 0:
                out.add(i)
    return out


_WORD_LETTERS = re.compile(r"[a-z]+")


@lru_cache(maxsize=4)
def _words(lowered: str) -> tuple[list[str], str]:
    """The distinct runs of lower-case letters of a lower-cased text, sorted, and joined by line breaks."""
    words = sorted(set(_WORD_LETTERS.findall(lowered)))
    return words, "\n".join(words)


@cache
def _start_letters(rx: re.Pattern[str]) -> str:
    return "" if rx.flags & re.IGNORECASE else leading_letters(rx.pattern)


def _may_match(lowered: str, rx: re.Pattern[str], boundary: bool) -> bool:
    """False when ``rx`` (searched at word starts when ``boundary``) cannot match ``lowered``: no word of it starts
    with (or, anywhere, holds) the letters every match starts with. Most of a text's passes find nothing (about 170 of
    200 per opinion); a look-up in the text's sorted words, or a search of its few thousand distinct words, replaces
    such a pass."""
    letters = _start_letters(rx)
    if not letters:
        return True
    words, joined = _words(lowered)
    if not boundary:
        return letters in joined
    i = bisect_left(words, letters)
    return i < len(words) and words[i].startswith(letters)


def _skip_search(text: str, starts: list[int], rx: re.Pattern[str], boundary: bool, out: set[int]) -> None:
    """Add to ``out`` the sentences in which ``rx`` matches (preceded by a word boundary when ``boundary``). After a
    match the search resumes at the next sentence (or at the match's end, if later): a sentence's further matches
    add nothing, and common words ("force", "clear", "jury") match many times a sentence."""
    n, size = len(starts), len(text)
    pos = 0
    search = rx.search
    while pos < size:
        m = search(text, pos)
        if m is None:
            return
        at = m.start()
        if boundary and at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_"):
            pos = at + 1
            continue
        i = bisect_right(starts, at) - 1
        if i >= 0:
            out.add(i)
        end = m.end() if m.end() > at else at + 1
        pos = max(end, starts[i + 1]) if i + 1 < n else size


@lru_cache(maxsize=4)
def lowered_text(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset (same length), for the fast lower-case patterns; else None. (The
    passes over one opinion ask for it several times; the last few are kept.)"""
    low = text.lower()
    return low if len(low) == len(text) else None


def lower_pattern(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` (case-insensitive, no upper-case escapes) recompiled for lower-cased text: 3x faster (the core's
    trigger and the stage patterns over 200 First Circuit opinions: 2.0 s -> 0.7 s)."""
    assert not re.search(r"\\[A-Z]", rx.pattern), rx.pattern
    return re.compile(rx.pattern.lower())


_STAGES_LOWER = {k: lower_pattern(v) for k, v in _STAGES.items()}


def regex_hits(text: str, starts: list[int], rx: re.Pattern[str], lowered: str | None = None,
               rx_lower: re.Pattern[str] | None = None, *, by_words: bool = True) -> set[int]:
    """Indices of the sentences in which ``rx`` matches (one pass over the whole text; on the lower-cased
    text with ``rx_lower`` when both are given: then each top-level alternative runs apart, without its leading
    ``\\b``, so the engine can jump to its literal prefix). ``by_words``: skip the alternatives no word of the text
    can start (:func:`_may_match`); worth its word list only on a text that many passes read."""
    out: set[int] = set()
    if lowered is not None and rx_lower is not None:
        for alt, boundary in _alternatives(rx_lower):
            if not by_words or _may_match(lowered, alt, boundary):
                _skip_search(lowered, starts, alt, boundary, out)
    else:
        _skip_search(text, starts, rx, False, out)
    return out


@cache
def _alternatives(rx: re.Pattern[str]) -> tuple[tuple[re.Pattern[str], bool], ...]:
    """``rx`` as :func:`~fairwarning.reference.patterns.literal_start_alternatives`, compiled with its flags; ``rx``
    itself when an alternative cannot be rewritten."""
    alts = literal_start_alternatives(rx.pattern)
    if alts is None:
        return ((rx, False),)
    return tuple((re.compile(body, rx.flags), boundary) for body, boundary in alts)


def appellate_court(text: str, court_id: str | None) -> bool:
    """Whether the deciding court reviews another court (appellate), from the header or the court id. The Supreme
    Court and the federal courts of appeals always review: their id wins over a "district court" told in the first
    pages' facts (Hernandez v. Mesa, 589 U.S. 93, printed without its caption)."""
    if court_id and _REVIEWING_ID.match(court_id):
        return True
    head = text[:3000]
    a = _APPELLATE_HEADER.search(head)
    t = _TRIAL_HEADER.search(head)
    if a and (not t or a.start() < t.start()):
        return True
    if t:
        return False
    if court_id:
        return bool(_APPELLATE_ID.search(court_id)) or not _TRIAL_ID.search(court_id)
    return bool(re.search(r"\bwe\s+(?:affirm|reverse|vacate)\b", text, re.IGNORECASE))


def published_of(text: str, precedential_status: str) -> tuple[bool | None, list[Evidence]]:
    """Published or not: the stored precedential status when known, else the opinion's own header."""
    if precedential_status == "published":
        return True, []
    if precedential_status == "unpublished":
        return False, []
    head = text[:4000]
    m = _UNPUBLISHED.search(head)
    if m:
        return False, [Evidence("published", "unpublished_header", m.start(), m.end(), m.group(0))]
    m = _PUBLISHED.search(head)
    if m:
        return True, [Evidence("published", "published_header", m.start(), m.end(), m.group(0))]
    return None, []


def _near(indices: list[int], radius: int, n: int) -> set[int]:
    out: set[int] = set()
    for i in indices:
        out.update(range(max(0, i - radius), min(n, i + radius + 1)))
    return out


#: a sentence that tells the case's procedural history: the trial court's action, a party's motion, a bench trial
_POSTURE_STAGE = re.compile(r"\b(?:district|trial)\s+court\b|\bmoved\s+(?:to|for)\b|\bbench\s+trial\b", re.IGNORECASE)


def stage_of(text: str, sentences: list[Sentence], qi_sentences: list[int]) -> tuple[str | None, list[Evidence]]:
    """The procedural stage of the ruling reviewed: cue counts near the QI discussion weigh 3, elsewhere 1."""
    near = _near(qi_sentences, 2, len(sentences))
    starts = [s.start for s in sentences]
    lowered = lowered_text(text)
    score: dict[str, float] = {}
    first: dict[str, int] = {}
    for stage, rx in _STAGES.items():
        hits = regex_hits(text, starts, rx, lowered, _STAGES_LOWER[stage])
        if not hits:
            continue
        total = sum(3.0 if i in near else 1.0 for i in hits)
        score[stage] = total if not stage.startswith("other") else total * 0.75  # a fallback, not a rival
        first[stage] = min(hits)
    relief = score.pop("other_relief", 0.0)
    if relief and max((v for k, v in score.items() if k != "other"), default=0.0) < 1.5:
        score["other"] = score.get("other", 0.0) + relief
        first["other"] = min(first.get("other", len(sentences)), first["other_relief"])
    if not score:
        return None, []
    stage, best = max(score.items(), key=lambda kv: kv[1])
    if best < 1.5 and not (len(score) == 1 and _POSTURE_STAGE.search(sentences[first[stage]].text)):
        # one mention far from the QI discussion decides nothing, unless it is the only stage named and tells this
        # case's history ("After a 3-day bench trial, the District Court entered judgment for all defendants.")
        return None, []
    s = sentences[first[stage]]
    return stage, [Evidence("stage", f"stage:{stage}", s.start, s.end, s.text)]


#: generic names of a claim in a ruling sentence, and the rights each may mean
_GENERIC_CLAIMS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"(?<!substantive )(?<!procedural )\bdue\s+process\b"),
     frozenset({"14A_procedural_due_process", "14A_substantive_due_process"})),
    (re.compile(r"\bfirst\s+amendment\b"), frozenset({"1A_retaliation", "1A_other", "political_discrimination"})),
    (re.compile(r"\bfourth\s+amendment\b"), frozenset({"4A_excessive_force", "4A_false_arrest", "4A_unlawful_search",
                                                       "4A_unlawful_detention", "4A_malicious_prosecution"})),
    (re.compile(r"\beighth\s+amendment\b"), frozenset({"8A_medical_or_conditions", "8A_excessive_force"})),
    (re.compile(r"\bfourteenth\s+amendment\b"), frozenset({"14A_procedural_due_process", "14A_substantive_due_process",
                                                           "14A_equal_protection"})),
)


def _generic_claims(sentences: list[Sentence], decisions: set[int]) -> set[str]:
    """Rights a ruling sentence may mean by a generic claim name ("the due process claim")."""
    out: set[str] = set()
    for i in decisions:
        low = sentences[i].text.lower()
        for rx, family in _GENERIC_CLAIMS:
            if rx.search(low):
                out.update(family)
    return out


def merits_claims(sentences: list[Sentence], merits: Iterable[int], by_right: dict[str, set[int]],
                   back: int = 12) -> set[str]:
    """Rights a merits holding that names no right of its own is about: of the rights its generic claim name may
    mean ("It therefore did not deny him due process of law."), those named in the last sentence before it (within
    ``back``) that names any right (" ... a post-deprivation hearing may adequately protect due process rights.")."""
    out: set[str] = set()
    for m in merits:
        if any(m in h or m - 1 in h for h in by_right.values()):
            continue  # the holding (or the sentence before) names its right: the decision sentences decide
        family = _generic_claims(sentences, {m})
        for j in range(m - 2, max(-1, m - back - 1), -1):
            last = {r for r, h in by_right.items() if j in h}
            if last:
                out |= last & family
                break
    return out


#: a cue that is a leading case's name (``Graham v. Connor``): in a bare citation sentence it shows only that the
#: case was cited, often for the general QI standard, not which right the ruling is about
_CASE_NAME_CUE = re.compile(r"\\s\+v\\\.|^\\b[A-Z][a-z]+\\b$")
_CITATION = re.compile(
    r"(?:[A-Z][\w.'’&-]*\s+){1,6}v\.\s+(?:[A-Z][\w.'’&-]*,?\s+){1,6}?\d+\s+[A-Z][\w. ]{0,12}?\s+\d+"
    r"|\d+\s+[A-Z][\w. ]{0,12}?,?\s+at\s+\d+|\([^()]*\)|"
    # a case name whose reporter cite the sentence splitter cut off at an abbreviation ("see also Morales-Tañon v.
    # P.R. Elec." | "Power Auth., 524 F.3d 15 ...")
    r"(?:[A-Z][\w.'’&-]*\s+){1,6}v\.\s+(?:[A-Z][\w.'’&-]*\s*){1,6}$|\b(?:see|also|cf|e|g|accord|supra|id|at|n)\b\.?|[\d,;.*-]+",
    re.IGNORECASE,
)


def citation_only(sentence: str) -> bool:
    """True when a sentence is only citations ("See, e. g., Graham v. Connor, 490 U. S. 386, 394 (1989).")."""
    rest = _CITATION.sub(" ", sentence)
    return len(re.findall(r"[A-Za-z]{2,}", rest)) < 3


def right_hits(text: str, sentences: list[Sentence], officials: tuple[str, ...] = ()) -> dict[str, set[int]]:
    """For each right (final id, after :func:`custody_swaps`), the sentences that name it."""
    starts = [s.start for s in sentences]
    lowered = lowered_text(text)
    swaps = custody_swaps(officials)
    out: dict[str, set[int]] = {}
    for r in taxonomy.rights():
        hits = _cue_hits(text, sentences, starts, r, lowered)
        if hits:
            final = swaps.get(r.id, r.id)
            out[final] = out.get(final, set()) | hits
    return out


def _cue_hits(text: str, sentences: list[Sentence], starts: list[int], r: taxonomy.Right,
              lowered: str | None) -> set[int]:
    """Sentences matching a right's cues, less those where only a case-name cue matched a bare citation that does
    not follow a sentence about the right (Wilson v. Layne cites Graham v. Connor for the QI standard only)."""
    named = [c for c in r.cues if _CASE_NAME_CUE.search(c.pattern)]
    if not named:
        return _about_claims(sentences, r, sentences_matching(text, starts, r.cues, lowered))
    other = sentences_matching(text, starts, [c for c in r.cues if c not in named], lowered)
    cited = sentences_matching(text, starts, named, lowered) - other
    # a bare citation right after a sentence about the right supports that sentence ("... more than a de minimis
    # use of force against the prisoner. Hudson v. McMillian, 503 U.S. 1, 9-10 (1992).")
    return _about_claims(sentences, r, other | {i for i in cited if i - 1 in other or not citation_only(sentences[i].text)})


#: "a warrantless search case", "our probable cause and search warrant cases": a kind of case law, not a claim
_KIND_OF_CASE = re.compile(r"\s*(?:(?:and|or)\s+[\w\s-]{0,30}?)?cases?\b")
#: a sentence framed under the First Amendment (and not the Fourth): probable cause there is an element of the
#: retaliation claim (Hartman v. Moore, Reichle v. Howards), not a Fourth Amendment claim of its own
_FIRST_AMENDMENT_FRAME = re.compile(r"first\s+amendment|retaliat")
_FOURTH_AMENDMENT = re.compile(r"fourth\s+amendment")


def _about_claims(sentences: list[Sentence], r: taxonomy.Right, hits: set[int]) -> set[int]:
    """``hits`` less the sentences that name the right without it being a claim before this court: a sentence about
    an earlier case ("In Anderson, a warrantless search case, we rejected ...", "We held that qualified immunity
    shielded the agents from claims that the arrest violated ..."; a description of the court below is kept: it
    often names the claim on appeal), one where the right's words only name a kind of case ("our probable cause and
    search warrant cases"), and a probable-cause cue in a sentence framed under the First Amendment."""
    out = set()
    for i in hits:
        s = sentences[i]
        low = s.reading.lower()
        if describes_earlier_case(court_voice(s.reading).lower()):
            continue
        ends = [m.end() for c in r.cues for m in c.regex.finditer(s.reading)]
        if ends and all(_KIND_OF_CASE.match(s.reading, e) for e in ends):
            continue
        if (r.id.startswith("4A_") and _FIRST_AMENDMENT_FRAME.search(low) and not _FOURTH_AMENDMENT.search(low)
                and all("probable" in c.pattern for c in r.cues if c.regex.search(s.reading))):
            continue
        out.add(i)
    return out


#: a section heading at the start of a sentence: "III. The ...", "B. ...", and a Supreme Court text's bare part number
#: before its paragraph number ("III 22 The case was presented ...", "II 7 The Court of Appeals ruled ...")
_HEADING = re.compile(r"^(?:[A-H]|[IVX]{1,4}|\d{1,2})\.\s+[A-Z]|^(?:[IVX]{2,4}|I(?=\s+\d))\s+(?:\d{1,3}\s+)?[A-Z]")


def _zone(sentences: list[Sentence], qi_sentences: list[int], ruling_sentences: list[int]) -> set[int]:
    """Sentences of the QI analysis: the reasoning before each ruling (up to 20 sentences, same section),
    a little after it, and the neighbours of each mention of qualified immunity."""
    section = []
    current = 0
    for s in sentences:
        if _HEADING.match(s.text):
            current += 1
        section.append(current)
    n = len(sentences)
    zone: set[int] = set()
    for centre, before, after in [(i, 20, 3) for i in ruling_sentences] + [(i, 2, 2) for i in qi_sentences]:
        for j in range(max(0, centre - before), min(n, centre + after + 1)):
            if section[j] == section[centre]:
                zone.add(j)
    return zone


def rights_of(
    text: str,
    sentences: list[Sentence],
    qi_sentences: list[int],
    ruling_sentences: list[int],
    officials: tuple[str, ...] = (),
    decision_sentences: list[int] | None = None,
    hits_out: dict[str, set[int]] | None = None,
    merits_sentences: list[int] | None = None,
) -> tuple[tuple[str, ...], list[Evidence]]:
    """The rights at issue in the QI analysis (gold ids, schema order); ``("other",)`` when none is found.

    ``decision_sentences`` are the sentences that grant or deny QI. When they name claims ("entitled to
    qualified immunity on the substantive due process claim", "... against Raiche's excessive force claim"),
    the QI ruling is about those claims: a right only discussed nearby (a claim the jury rejected, a liberty
    interest mentioned in passing) is dropped, unless a merits holding (``merits_sentences``: violation or no
    violation) names its claim generically ("It therefore did not deny him due process of law.").
    """
    zone = _zone(sentences, qi_sentences, ruling_sentences)
    starts = [s.start for s in sentences]
    lowered = lowered_text(text)
    zone_count: Counter[str] = Counter()
    all_count: Counter[str] = Counter()
    where: dict[str, tuple[int, str]] = {}
    rulings = set(ruling_sentences) | _ruling_tests(sentences, merits_sentences or ())
    decisions = set(decision_sentences or ())
    named: set[str] = set()  # rights a ruling sentence names specifically
    by_right: dict[str, set[int]] = {}
    for r in taxonomy.rights():
        hits = _cue_hits(text, sentences, starts, r, lowered)
        by_right[r.id] = hits
        if hits_out is not None:
            final = custody_swaps(officials).get(r.id, r.id)
            hits_out[final] = hits_out.get(final, set()) | hits
        if hits & decisions:
            named.add(r.id)
        all_count[r.id] = len(hits)
        in_zone = sorted(hits & zone)
        # a right named in the ruling sentence itself ("... entitled to qualified immunity on the due process
        # claim") counts twice
        zone_count[r.id] = len(in_zone) + len(hits & rulings)
        if in_zone:
            where[r.id] = (in_zone[0], "cue")
    found = {r for r in zone_count if zone_count[r] >= 2 or (zone_count[r] >= 1 and all_count[r] >= 3)}
    if named:
        allowed = named | _generic_claims(sentences, decisions) | merits_claims(sentences, merits_sentences or (),
                                                                                    by_right)
        found = (found & allowed) or named
    if len(found) > 1 and not named:
        # the ruling names no claim. (1) It names the one amendment it rules under ("it was not clearly established that
        # an arrest supported by probable cause could violate the First Amendment"): that amendment's rights, not
        # another's whose words the ruling uses on the way. (2) Of the rights discussed in its passage, those the
        # plaintiff's claim is stated in ("all causes of action other than Bryant's Fourth Amendment claims for arrest
        # without probable cause and without a warrant"), not a fact told on the way ("Bryant gave Hunter permission to
        # search the apartment")
        under = _amendment_ruled(sentences, ruling_sentences)
        found = {r.id for r in taxonomy.rights() if r.amendment == under and r.id in found} or found
        stated = _claims_stated(sentences, by_right)
        if len(found) > 1 and stated & found:
            found &= stated
    if not found and zone_count and max(zone_count.values()) >= 1:
        # a short ruling that names its right once: take the best-supported right rather than "other"
        top = max(zone_count.values())
        found = {r for r, n in zone_count.items() if n == top}
    if not found:
        found = _claims_stated(sentences, by_right)
        claims = _claim_sentences(sentences)
        for rid in found:
            where[rid] = (min(by_right[rid] & claims), "claim")
    if not found:
        for rid, i in _amendment_claims_by_facts(sentences, by_right).items():
            found.add(rid)
            where[rid] = (i, "facts")
    origin = _by_custody(found, officials)
    chosen = _resolve_overlaps(set(origin), zone_count)
    unmapped = _unmapped_claims(sentences, qi_sentences, set(chosen) | found) if chosen else None
    if unmapped is not None:
        chosen.add("other")
        where["other"] = (unmapped, "claim")
    ordered = tuple(r for r in taxonomy.RIGHTS if r in chosen) or ("other",)
    ev = []
    for rid in ordered:
        source = origin.get(rid, rid)
        if source in where:
            i, _ = where[source]
            ev.append(Evidence("rights", f"right:{rid}", sentences[i].start, sentences[i].end, sentences[i].text))
    return ordered, ev


#: the test a merits ruling just made applies, told after it ("In making this determination in the context of prison
#: conditions, we must ascertain whether the officials involved acted with "deliberate indifference" to the inmates'
#: health or safety.", Hope v. Pelzer, 536 U.S. 730, after "... violated the Eighth Amendment")
_RULING_TEST = re.compile(r"^\[?\d*\]?\s*in\s+making\s+(?:this|that)\s+determination\b", re.IGNORECASE)


def _ruling_tests(sentences: list[Sentence], merits_sentences: Iterable[int]) -> set[int]:
    """The sentences, among the two after a merits ruling, that state the test the ruling applies: the right they
    name is the one ruled on, as if named in the ruling itself."""
    return {j for i in merits_sentences for j in range(i + 1, min(i + 3, len(sentences)))
            if _RULING_TEST.match(sentences[j].reading)}


#: a ruling's own amendment: "could violate the First Amendment", "a First Amendment violation", "violated his Fourth
#: Amendment rights"
_AMENDMENT_RULED = re.compile(
    r"\bviolat\w*\s+(?:the\s+|his\s+|her\s+|their\s+|[\w'’]+\s+)?(first|fourth|eighth|fourteenth)\s+amendment"
    r"|\b(first|fourth|eighth|fourteenth)\s+amendment\s+violations?\b",
    re.IGNORECASE,
)
_AMENDMENT_IDS = {"first": "1A", "fourth": "4A", "eighth": "8A", "fourteenth": "14A"}


def _amendments_ruled(clause: str) -> set[str]:
    """The amendments a clause says were or were not violated."""
    return {_AMENDMENT_IDS[(m.group(1) or m.group(2)).lower()] for m in _AMENDMENT_RULED.finditer(clause)}


def amendment_ruled_in(clause: str) -> str | None:
    """The one amendment a clause says was or was not violated ("we find no Fourth Amendment violation": "4A")."""
    named = _amendments_ruled(clause)
    return named.pop() if len(named) == 1 else None


def _amendment_ruled(sentences: list[Sentence], ruling_sentences: list[int]) -> str | None:
    """The one amendment the ruling sentences say the conduct did or did not violate; None when they name none or
    several."""
    named = set().union(*(_amendments_ruled(sentences[i].reading) for i in ruling_sentences))
    return named.pop() if len(named) == 1 else None


#: a sentence that states the plaintiff's claim ("Jones claimed that these policemen used excessive force when they
#: arrested him and that they beat him at the station.")
_CLAIM_STATEMENT = re.compile(
    r"\b(?:claim(?:s|ed)?\s+that|alleg(?:es|ed|ing)\s+that|complain(?:s|ed)\s+that|brought\s+(?:this|a|the)\b[^.]{0,60}"
    r"\b(?:action|suit)|su(?:ed|es)\s+[^.]{0,60}\bfor\b)",
    re.IGNORECASE,
)


def _claim_sentences(sentences: list[Sentence]) -> set[int]:
    return {i for i, s in enumerate(sentences) if _CLAIM_STATEMENT.search(court_voice(s.reading))}


def _claims_stated(sentences: list[Sentence], by_right: dict[str, set[int]]) -> set[str]:
    """The rights named in the sentences that state the plaintiff's claim, for a ruling whose own passage names no right
    (a Supreme Court opinion on appealability or on who may claim the immunity, its claim told only in the facts): the
    right(s) named in most such sentences; empty when none is."""
    claims = _claim_sentences(sentences)
    count = {r: len(h & claims) for r, h in by_right.items() if r != "other" and h & claims}
    if not count:
        return set()
    top = max(count.values())
    return {r for r, n in count.items() if n == top}


#: the amendments a claim is stated under ("alleging that the order to produce the building materials violated his rights
#: under the Fourth and Fourteenth Amendments")
_CLAIM_AMENDMENTS = re.compile(
    r"\b(first|fourth|eighth|fourteenth)(?:\s+(?:and|or)\s+(first|fourth|eighth|fourteenth))?\s+amendments?\b",
    re.IGNORECASE,
)


def _amendment_claims_by_facts(sentences: list[Sentence], by_right: dict[str, set[int]]) -> dict[str, int]:
    """For a claim stated only by its amendment, in an opinion whose ruling names no right (Filarsky v. Delia, 566 U.S.
    377: "alleging that the order ... violated his rights under the Fourth and Fourteenth Amendments"; the ruling is on
    who may claim the immunity): the one right of that amendment the court's text names anywhere ("Filarsky requested
    permission for Peel to enter Delia's home"), with the first sentence that names it. An amendment whose text names
    none, or several, of its rights gives none."""
    named = {_AMENDMENT_IDS[w.lower()] for i in _claim_sentences(sentences)
             for m in _CLAIM_AMENDMENTS.finditer(sentences[i].reading) for w in m.groups() if w}
    out: dict[str, int] = {}
    for under in sorted(named):
        # (not in a citation's parenthetical: "(public prosecutor represented plaintiff in a suit for malicious
        # prosecution)")
        told = {r.id: [i for i in sorted(by_right.get(r.id, ()))
                       if any(c.regex.search(court_voice(sentences[i].reading)) for c in r.cues)]
                for r in taxonomy.rights() if r.amendment == under and r.id != "other"}
        mine = {rid: hits[0] for rid, hits in told.items() if hits}
        if len(mine) == 1:
            out.update(mine)
    return out


#: a claim named by its amendment ("Mr. Werner's Eighth Amendment and due process claims", "his Eighth and Fourteenth
#: Amendment claims"), for the amendments whose claims the taxonomy's rights do not cover in full, and the rights that
#: amendment's claims map to (the Eighth Amendment's cover force and medical care or conditions, not a detention
#: past the release date; no right covers the Second or Sixth)
_AMENDMENT_CLAIMS = re.compile(
    r"\b((?:second|sixth|eighth|fourteenth|fourth|first)(?:\s+(?:and|or)\s+(?:second|sixth|eighth|fourteenth))?)\s+"
    r"amendments?\d{0,3}(?:\s+(?:and|or)\s+[a-z ]{0,30}?)?\s+claims?\b",
    re.IGNORECASE,
)
_AMENDMENT_FAMILY: dict[str, frozenset[str]] = {
    "second": frozenset(),
    "sixth": frozenset(),
    "eighth": frozenset({"8A_medical_or_conditions", "8A_excessive_force"}),
}


def _unmapped_claims(sentences: list[Sentence], qi_sentences: list[int], rights: set[str]) -> int | None:
    """True when a sentence about qualified immunity names a claim by its amendment ("It concluded that his Eighth
    and Fourteenth Amendment claims were barred by qualified immunity") and no right of that amendment was found:
    the claim has no right of its own in the taxonomy (an over-detention claim under the Eighth Amendment), so it is
    ``other``. Returns the index of the first such sentence, or None."""
    for i in qi_sentences:
        for m in _AMENDMENT_CLAIMS.finditer(sentences[i].reading):
            for word in re.findall(r"[a-z]+", m.group(1).lower()):
                family = _AMENDMENT_FAMILY.get(word)
                if family is not None and not family & rights:
                    return i
    return None


def custody_swaps(officials: tuple[str, ...]) -> dict[str, str]:
    """Force on a prisoner is an Eighth Amendment claim; force on, or medical care of, an arrestee is
    Fourth Amendment / due process: the right id a cue's id becomes, given who was sued."""
    prison = "corrections" in officials and "police" not in officials
    swaps = {"4A_excessive_force": "8A_excessive_force"} if prison else {}
    if "corrections" not in officials:  # the Eighth Amendment protects prisoners only
        swaps = {"8A_excessive_force": "4A_excessive_force", "8A_medical_or_conditions": "14A_substantive_due_process"}
    return swaps


def _by_custody(chosen: set[str], officials: tuple[str, ...]) -> dict[str, str]:
    """Returns final id -> the id whose cues found it (see :func:`custody_swaps`)."""
    swaps = custody_swaps(officials)
    out: dict[str, str] = {}
    for r in sorted(chosen):
        out.setdefault(swaps.get(r, r), r)
    return out


def _resolve_overlaps(chosen: set[str], count: Counter[str]) -> set[str]:
    if "8A_excessive_force" in chosen and count["4A_excessive_force"] <= count["8A_excessive_force"]:
        chosen.discard("4A_excessive_force")
    if "political_discrimination" in chosen:
        chosen.discard("1A_other")
    if "1A_retaliation" in chosen and count["1A_other"] <= count["1A_retaliation"]:
        chosen.discard("1A_other")
    return chosen


#: per official type, how many sentences name it and the first that does; and the length of the court's own words
OfficialCounts = tuple[Counter[str], dict[str, int], int]


def official_counts(text: str, sentences: list[Sentence]) -> OfficialCounts:
    """How many sentences name each official type, the first that does, and the length of the court's own words
    (what :func:`official_types_of` decides on; count once when deciding twice)."""
    starts = [s.start for s in sentences]
    lowered = lowered_text(text)
    counts: Counter[str] = Counter()
    where: dict[str, int] = {}
    for o in taxonomy.official_types():
        hits = sentences_matching(text, starts, o.cues, lowered)
        if hits:
            counts[o.id] = len(hits)
            where[o.id] = min(hits)
    # the court's own words: the syllabus and separate opinions are blanked out of ``text`` (a long dissent must not
    # dilute the majority's "military police officer")
    return counts, where, len(text) - sum(m.end() - m.start() - 1 for m in _BLANKS.finditer(text))


def official_types_of(text: str, sentences: list[Sentence], *, most_named: bool = False,
                      counted: OfficialCounts | None = None) -> tuple[tuple[str, ...], list[Evidence]]:
    """Who was sued, by cue density over the whole opinion (gold ids, schema order). ``most_named``: when no type is
    dense enough, the type named in most sentences (at least three) — for an opinion known to rule on officials'
    qualified immunity, not for one that may concern no official at all. ``counted``: :func:`official_counts` of the
    same text, when already computed."""
    counts, where, own = counted if counted is not None else official_counts(text, sentences)
    if not counts:
        return (), []
    per_10k = {k: v * 10000 / max(own, 1) for k, v in counts.items()}
    top = max(counts.values())
    chosen = {k for k, v in counts.items() if v >= 2 and per_10k[k] >= 1.0 and v >= top * 0.3}
    if not chosen and most_named and top >= 3:
        # a long qualified-immunity opinion that names its officials a few times ("petitioner, a former Attorney
        # General of the United States"): the type named most, rather than none
        chosen = {k for k, v in counts.items() if v == top}
    if "federal" in chosen and _BIVENS.search(text):
        # a Bivens suit is against federal officials; local officers named in it are context, not defendants
        chosen = {k for k in chosen if k == "federal" or counts[k] > 2 * counts["federal"]}
    ordered = tuple(o for o in taxonomy.OFFICIAL_TYPES if o in chosen)
    ev = [
        Evidence("official_type", f"official:{o}", sentences[where[o]].start, sentences[where[o]].end,
                 sentences[where[o]].text)
        for o in ordered
    ]
    return ordered, ev
