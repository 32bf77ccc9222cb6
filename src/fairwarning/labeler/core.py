"""``label_opinion``: read one opinion's text and say what it decided about qualified immunity.

Pure: text (plus optional court id, date and precedential status) in, :class:`Label` out. The reading is
rule-based and explainable: every field's value comes with the sentences (and cue names) that produced it.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from fairwarning.labeler.context import (
    amendment_ruled_in,
    appellate_court,
    lower_pattern,
    lowered_text,
    merits_claims,
    official_counts,
    official_types_of,
    published_of,
    regex_hits,
    right_hits,
    rights_of,
    stage_of,
)
from fairwarning.labeler.cues import (
    ARGUMENT_REJECTED,
    MERITS_ONLY,
    QI_ANSWER,
    QI_ANSWERED_NO,
    QI_ANSWERED_YES,
    QI_CLAIMED,
    QI_QUESTION,
)
from fairwarning.labeler.model import Evidence, Label, Ruling
from fairwarning.labeler.parts import court_spans, mask_outside
from fairwarning.labeler.rules import (
    QI_MENTION,
    Hit,
    court_voice,
    describes_earlier_case,
    in_quotation,
    read_sentence,
)
from fairwarning.labeler.segment import (
    Sentence,
    broken_words,
    collapse,
    rejoin_hyphens,
    split_sentences,
    without_running_heads,
)
from fairwarning.reference.taxonomy import RIGHTS

__all__ = ["label_opinion"]

_TRIGGER = re.compile(
    r"immun|violat|establish|prong|probable\s+cause|reasonabl|deprived|force|clear|assum|need\s+not|shield|"
    r"believ|infirm|unnecessary|no\s+view|any\s+view|debate|protection|remanded\s+for\s+the\s+entry|"
    r"unconstitutional|excessive|did\s+not\s+den|judgment\s+(?:in\s+(?:their|(?:the\s+)?plaintiff)|for\s+(?:the\s+)?plaintiff)|"
    r"(?:cannot|can\s?not|may\s+not)\s+(?:immediately\s+)?appeal\b|state\s+a\s+claim|elect\s+to\s+address",
    re.IGNORECASE,
)
_TRIGGER_LOWER = lower_pattern(_TRIGGER)
_QI_LOWER = lower_pattern(QI_MENTION)
#: :data:`QI_MENTION` for one search of a whole text: a look-ahead at the first letters lets the engine skip the
#: positions where no alternative can start (a third faster over the corpus than the bare alternation)
_MENTIONS_QI = re.compile(r"(?=[qgd])(?:" + QI_MENTION.pattern + ")", re.IGNORECASE)
_INTERLOCUTORY = re.compile(
    r"interlocutory|collateral[- ]order|immediately\s+appealable|immediate\s+appeal|Mitchell\s+v\.\s+Forsyth",
    re.IGNORECASE,
)
_APPEAL_OF_DENIAL = re.compile(
    # (not "the judgment of the Court of Appeals denying qualified immunity": that court's ruling, not an appeal;
    # "appealed the denial of their immunity defense", Harlow v. Fitzgerald, before the words "qualified immunity")
    r"(?<!court\sof\s)(?<!courts\sof\s)\bappeal\w*\s+(?:from\s+|of\s+)?(?:the\s+)?(?:district\s+court'?s?\s+)?"
    r"(?:order\s+)?(?:denial|denying|refusal)[^.]{0,140}(?:qualified\s+immunity|immunity\s+defense)"
    # "Messerschmidt and Lawrence appealed, and a divided panel of the Court of Appeals ... affirmed the District Court's
    # denial of qualified immunity." (Messerschmidt v. Millender): only officials appeal a denial of QI
    r"|\bappealed\b[^.]{0,120}\bdenial\s+of\s+qualified\s+immunity"
    r"|\bchalleng\w*\s+the\s+(?:district|trial)\s+court['’]?s\s+(?:ruling|order|decision|determination|conclusion)\s+"
    r"that\s+[^.]{0,60}\bnot\s+entitled\s+to\s+qualified\s+immunity",
    re.IGNORECASE,
)
#: the disposition of a pretrial denial ("we affirm its denial of Morgan's motion for summary judgment"): a denial of
#: summary judgment or of a motion to dismiss is not a final judgment, so its appeal is interlocutory
_PRETRIAL_DENIAL_DISPOSED = re.compile(
    r"\bwe\s+(?:\w+\s+)?(?:affirm|reverse|vacate)\w*\s+(?:the\s+|its\s+|the\s+district\s+court['’]?s\s+)?"
    r"(?:order\s+)?(?:denial|denying)\s+[^.]{0,60}\bmotions?\s+(?:for\s+summary\s+judgment|to\s+dismiss)"
    # the denial under review, told in the posture ("The court denied the agents' motion for summary judgment on
    # qualified immunity grounds."): the officials appeal it before trial
    r"|\bcourt\s+denied\s+(?:the\s+)?[\w'’\s]{0,40}?\bmotions?\s+for\s+summary\s+judgment\s+on\s+qualified\s+immunity\s+"
    r"grounds\b",
    re.IGNORECASE,
)
#: a word each match of :data:`_INTERLOCUTORY`, :data:`_APPEAL_OF_DENIAL` or :data:`_PRETRIAL_DENIAL_DISPOSED` holds
_INTERLOCUTORY_WORDS = ("interlocutory", "collateral", "appeal", "mitchell", "challeng", "deni", "denying")
_POSTURE_GRANT = re.compile(
    r"\bthe\s+(?:district|trial)\s+court\b[^.]{0,160}(?<!refusal\sto\s)(?<!refused\sto\s)(?<!declined\sto\s)(?<!failure\sto\s)"
    r"\b(?:grant\w*|held|concluded|found|ruled|determin\w+)\b[^.]{0,160}"
    r"qualified\s+immunity|\bappeals?\s+(?:from\s+)?the\s+district\s+court['’]s\s+grant\s+of[^.]{0,100}qualified\s+immunity|"
    # a court of appeals that reversed a denial granted it ("the Court of Appeals "reverse[d] the denial of qualified
    # immunity to both Bright and Jordan."", Ortiz v. Jordan)
    r"\brevers(?:ed|e\[d\])\s+the\s+(?:district\s+court['’]s\s+)?denial\s+of\s+qualified\s+immunity",
    re.IGNORECASE,
)
_POSTURE_DENY = re.compile(
    r"\bthe\s+(?:district|trial)\s+court\b[^.]{0,160}\bden(?:ied|ial|ying)\b[^.]{0,160}qualified\s+immunity|"
    # the court of appeals' holding under review ("The Court of Appeals also held that Anderson was not entitled to summary
    # judgment on qualified immunity grounds", Anderson v. Creighton)
    r"\bthe\s+(?:court\s+of\s+appeals|\w+\s+circuit)\s+(?:also\s+|further\s+)?(?:held|concluded|ruled)\s+that\s+[^.]{0,60}"
    r"\bnot\s+entitled\s+to\s+(?:summary\s+judgment\s+on\s+)?(?:the\s+)?qualified\s+immunity|"
    r"\bappeal\w*\s+[^.]{0,80}(?<!reversed the )(?<!reverse\[d\] the )(?<!reverses the )(?<!reverse the )"
    r"\bden(?:ial|ying)\b[^.]{0,120}qualified\s+immunity",
    re.IGNORECASE,
)
_DISPOSITION = re.compile(
    r"(?:\bwe\s+(?:therefore\s+|accordingly\s+|thus\s+)?|\bcourt\s+is\s+|\band\s+now\s+)(affirm|revers|vacat)\w*"
    r"|^(affirmed|reversed|vacated)\b"
    # the Supreme Court's form: "the judgment of the Court of Appeals is reversed, and the case is remanded ..."
    r"|\b(?:judgments?|decisions?)\s+of\s+the\s+court\s+of\s+appeals(?:\s+for\s+the\s+\w+\s+circuit)?\s+(?:is|are)\s+"
    r"(affirm|revers|vacat)\w*",
    re.IGNORECASE,
)
_EARLIER_APPEAL = re.compile(
    r"\bwe\s+(?:affirmed|reversed|vacated|held)\b|\b(?:earlier|prior|previous|first)\s+(?:interlocutory\s+)?appeal",
    re.IGNORECASE,
)
_JURISDICTION = re.compile(r"appeal|jurisdiction|1291", re.IGNORECASE)
_SECTION_1983 = re.compile(r"\b1983\b")
_SEPARATE_OPINION = re.compile(
    r"(?:\b(?:Circuit\s+)?Judge|\bJustice|\bJ\.|\bC\.\s?J\.|\bjoins?|\bjoined)\s*,?\s*(?:concurring|dissenting)"
    r"(?:\s+in\s+(?:part|the\s+judgment))?(?:\s+and\s+(?:concurring|dissenting)(?:\s+in\s+part)?)?\s*[.:]?\s*$"
)
#: a municipality claiming a qualified immunity ("the city was entitled to assert ... a qualified immunity")
_MUNICIPAL_IMMUNITY = re.compile(r"\b(?:the\s+)?(?:city|county|town|village|municipality|borough)\s+(?:was|is|were|may|could)\s+"
                                 r"(?:not\s+)?(?:entitled|immune|assert)", re.IGNORECASE)
_THEN_TRIED = re.compile(r"\b(?:proceeded|went|go)\s+to\s+trial\b|\bthe\s+case\s+was\s+tried\b", re.IGNORECASE)
_OTHER_GROUNDS = re.compile(r"\b(?:different|other|alternative|another)\s+grounds?\b", re.IGNORECASE)
#: the court affirms on a ground of its own instead of the QI ruling below ("but for a more basic reason", "on a
#: different ground"): it decides no QI defense (the dev labels' Ward v. Hickey: "affirmed ... on a different ground ...
#: never addressed QI")
_INSTEAD_OF_QI = re.compile(r"\bfor\s+a\s+(?:more\s+)?(?:basic|different|simpler|more\s+fundamental)\s+reason\b|"
                            r"\b(?:on|upon)\s+(?:a\s+|an\s+)?(?:different|other|alternative|another)\s+grounds?\b",
                            re.IGNORECASE)


@dataclass
class _Reading:
    sentences: list[Sentence]
    hits: list[Hit]
    qi_sentences: list[int]
    appellate: bool
    #: every sentence read, with all its cues (the merits-only ones too): the merits pass does not read them again
    read: dict[int, list[Hit]] = field(default_factory=dict)
    #: what the QI pass found of the whole text that the merits pass needs too (the officials sued, and the sentences
    #: naming each right): computed once
    officials: tuple[str, ...] | None = None
    named: dict[str, set[int]] | None = None


def label_opinion(
    text: str,
    *,
    court_id: str | None = None,
    date_decided: dt.date | str | None = None,
    precedential_status: str = "unknown",
) -> Label:
    """Label one opinion. Offsets in the evidence index ``text`` exactly as given (the stored text).

    ``date_decided`` is accepted for interface stability (later rule sets may use the Pearson date); it does
    not change the current rules.
    """
    published, pub_ev = published_of(text, precedential_status)
    # the rules read the words as printed: a slip opinion's "quali-\nfied" is "qualified", and a sentence runs on past
    # the next page's running head (same length, same offsets)
    plain = without_running_heads(text)
    broken = broken_words(plain)
    words = rejoin_hyphens(plain, broken)
    mentions_qi = _MENTIONS_QI.search(words) is not None
    if not mentions_qi and not _merits_hinted(words):
        # an appeal that never mentions QI is no officials' appeal of a QI denial: interlocutory false (null when the
        # court is not reviewing another, as the schema has it)
        return Label(qi_decided=False, published=published, confidence="high", evidence=tuple(pub_ev),
                     interlocutory=False if appellate_court(text, court_id) else None)
    # only the court's opinion and its footnotes decide: the syllabus, concurrences and dissents are blanked
    # (same length, so every offset still indexes ``text``)
    court = mask_outside(words, court_spans(text))
    label = _label_court(court, appellate_court(text, court_id), published, pub_ev, mentions_qi=mentions_qi)
    return _quoting(label, text, words, broken) if words is not text else label


def _quoting(label: Label, text: str, words: str, broken: list[tuple[int, int, str]]) -> Label:
    """``label`` with each evidence sentence that spans a rejoined word quoted from the stored ``text`` again, from the
    start of its first word as stored (a rejoined word starts after the spaces it saved, inside the broken one)."""
    starts = [b[0] for b in broken]

    def quoted(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
        out = []
        for e in evidence:
            if text[e.start:e.end] != words[e.start:e.end]:
                k = bisect_right(starts, e.start) - 1
                start = broken[k][0] if k >= 0 and broken[k][0] < e.start < broken[k][1] else e.start
                e = replace(e, start=start, text=collapse(text[start:e.end]))
            out.append(e)
        return tuple(out)

    return replace(label, evidence=quoted(label.evidence),
                   rulings=tuple(replace(r, evidence=quoted(r.evidence)) for r in label.rulings))


def _label_court(court: str, appellate: bool, published: bool | None, pub_ev: list[Evidence], *,
                 mentions_qi: bool = False) -> Label:
    """The label of the court's own opinion (``court``: the text as the rules read it, everything but the court's
    opinion blanked; every offset indexes the stored text). ``mentions_qi``: the whole opinion names the defense."""
    label = Label(qi_decided=False, published=published, confidence="high", evidence=tuple(pub_ev))
    reading = None
    if _MENTIONS_QI.search(court) is not None:
        reading = _read(court, appellate)
        label = _decide(court, reading, published, pub_ev)
    elif mentions_qi:
        label = _context_only(court, appellate, label)
    ruled = frozenset(r.right for r in label.rulings)
    merits = _merits(court, appellate, ruled, reading) if _merits_hinted(court) else ()
    if not label.qi_decided and reading is not None and merits:
        label, merits = _resolved_on_merits(reading, label, merits)
    if label.qi_decided:
        # a QI opinion may also hold on the merits of a claim it rules on outside QI (a claim dismissed as stating no
        # violation, the claim against the town): a merits ruling on that right, from a sentence no QI ruling reads
        used = {(e.start, e.end) for r in label.rulings for e in r.evidence}
        merits = tuple(r for r in merits if not any((e.start, e.end) in used for e in r.evidence))
        return replace(label, rulings=label.rulings + merits) if merits else label
    return replace(label, rulings=merits) if merits else label


def _context_only(court: str, appellate: bool, label: Label) -> Label:
    """An opinion that names qualified immunity only in a separate writing (Monell v. Department of Social Services:
    Justice Powell's concurrence): its court decides no QI, but the case's stage and officials are still told, as for
    any opinion that mentions the defense; an appeal whose court never names it is no officials' appeal of a denial."""
    sentences = split_sentences(court)
    stage, stage_ev = stage_of(court, sentences, [])
    officials, off_ev = official_types_of(court, sentences)
    return replace(label, stage=stage, official_type=officials, interlocutory=False if appellate else None,  # type: ignore[arg-type]
                   evidence=label.evidence + tuple(stage_ev) + tuple(off_ev))


#: an opinion that may hold conduct constitutional or not outside any qualified-immunity ruling (a criminal court
#: suppressing evidence, a suit for an injunction): read for merits holdings
#: the standard no-violation formulas of particular claims (the merits-only cues' words): in the opinion-level hint
#: and in the sentence trigger alike
_CLAIM_FORMULAS = (r"consci\w+[- ]shocking|deliberately\s+indifferent|atypical|fails?\s+to\s+state|"
                   r"not\s+(?:constitutionally\s+)?excessive|affiliation\s+(?:was|is)\s+an?\s+appropriate|"
                   r"not\s+shock\s+the\s+(?:contemporary\s+)?conscience")
_MERITS_HINT = re.compile(
    r"unconstitutional|violat\w*\s+(?:the\s+|his\s+|her\s+|their\s+|[\w'’]+\s+)?(?:first|fourth|fifth|eighth|fourteenth)\s+"
    r"amendment|reasonable\s+suspicion\s+justif|" + _CLAIM_FORMULAS,
    re.IGNORECASE,
)
_DUE_PROCESS = re.compile(r"due\s+process", re.IGNORECASE)
#: a due process holding ("did not violate Colonial's right to procedural due process", "Due process was observed",
#: "the due process claims must fail"), not every mention of due process: asked only of texts that say "due process"
_DUE_PROCESS_HOLDING = re.compile(
    r"\b(?:violat|den(?:y|ied)|depriv)\w*\s+[^.]{0,60}\bdue\s+process|due\s+process\s+(?:clause\s+)?(?:are|were|have\s+been|was)\b"
    r"|due\s+process\s+claims?\s+(?:\w+\s+){0,2}?(?:fails?|failed|must)",
    re.IGNORECASE,
)


_MERITS_HINT_LOWER = lower_pattern(_MERITS_HINT)
_DUE_PROCESS_HOLDING_LOWER = lower_pattern(_DUE_PROCESS_HOLDING)


def _merits_hinted(text: str) -> bool:
    """Whether an opinion may hold conduct constitutional or not (read for merits holdings): case-sensitive patterns
    on the lower-cased text (3x faster), the due process holding asked only of texts that say "due process"."""
    low = text.lower()
    if _MERITS_HINT_LOWER.search(low):
        return True
    return bool(_DUE_PROCESS.search(low)) and bool(_DUE_PROCESS_HOLDING_LOWER.search(low))


_MERITS_TRIGGER = re.compile(
    r"violat|unconstitutional|invalid|suspicion|probable\s+cause|claims?\b[^.]{0,160}\bfail|"
    r"reject\s+(?:the\s+|this\s+|that\s+|[\w'’]+\s+){1,3}"
    r"(?:procedural|substantive|due|equal|first|fourth|eighth|fourteenth|excessive|false|retaliation)"
    r"|due\s+process\s+(?:clause\s+)?(?:are|were|have\s+been|was)\b|no\s+deprivation|" + _CLAIM_FORMULAS,
    re.IGNORECASE,
)
_MERITS_TRIGGER_LOWER = lower_pattern(_MERITS_TRIGGER)


_FOURTH_AMENDMENT_CLAIMS = frozenset(r for r in RIGHTS if r.startswith("4A_"))


def _merits(text: str, appellate: bool, ruled: frozenset[str] = frozenset(),
            reading: _Reading | None = None) -> tuple[Ruling, ...]:
    """Merits holdings outside any qualified-immunity ruling: for each right a holding sentence (or the sentence
    before it) names, whether the conduct violated it (``qi_decided`` false, ``prong1`` set, ``prong2`` not reached).
    A holding that names no right gives no ruling; one that names a right of ``ruled`` (the opinion's QI rulings) is
    about that claim and gives none either. ``reading``: the QI pass's reading of the same text (its sentences and
    the cues it already read), when there was one."""
    sentences = reading.sentences if reading is not None else split_sentences(text)
    done = reading.read if reading is not None else {}
    starts = [s.start for s in sentences]
    hits: list[Hit] = []
    # (the merits pass also reads opinions that never mention QI, where its few passes do not pay for a word list)
    for i in sorted(regex_hits(text, starts, _MERITS_TRIGGER, lowered_text(text), _MERITS_TRIGGER_LOWER, by_words=False)):
        found = done[i] if i in done else read_sentence(i, sentences[i], appellate=appellate)
        hits += [h for h in found if h.cue.signal in ("violation", "no_violation")]
    if not hits:
        return ()
    named = reading.named if reading is not None else None
    if named is None:
        officials = reading.officials if reading is not None else None
        named = right_hits(text, sentences, official_types_of(text, sentences)[0] if officials is None else officials)
    by_right: dict[str, list[Hit]] = {}
    for h in hits:
        if any(h.sentence in where or h.sentence - 1 in where for right, where in named.items() if right in ruled):
            continue
        about = [r for r, where in named.items() if r != "other" and (h.sentence in where or h.sentence - 1 in where)]
        if not about:
            # a generic claim name ("Due process was observed.", "the Fourteenth Amendment claim failed"): the claim
            # of that family named last before it
            # (not "the Fourth Amendment": its five claims are told apart by their facts, not by the last one named)
            about = sorted(merits_claims(sentences, [h.sentence], named) - ruled - _FOURTH_AMENDMENT_CLAIMS)
        if not about:
            # a holding in the words of a claim's standard ("not sufficiently conscience-shocking", "the use of force
            # ... was not constitutionally excessive"), read with the sentence before it: the one claim of the
            # opinion (or of all) with that standard
            words = " ".join(s.text for s in sentences[max(0, h.sentence - 1):h.sentence + 1])
            standard = _standard_named(words, tuple(named)) or _standard_named(words, tuple(RIGHTS))
            about = [r for r in standard if r not in ruled]
        for right in about:
            by_right.setdefault(right, []).append(h)
    reading = _Reading(sentences, hits, [], appellate)
    out = []
    for right in (r for r in RIGHTS if r in by_right):
        mine = by_right[right]
        p1 = _mix(bool(_by(mine, "violation")), bool(_by(mine, "no_violation")), "violation", "no_violation")
        out.append(Ruling(right=right, qi_decided=False, prong1=p1,  # type: ignore[arg-type]
                          evidence=tuple(_ev(reading, "prong1", mine))))
    return tuple(out)


def _said_after(reading: _Reading, at: int, rx: re.Pattern[str], first: int = 0) -> bool:
    """Whether ``rx`` is said in the sentences ``at + first`` to ``at + 2``."""
    return any(rx.search(reading.sentences[j].text) for j in range(at + first, min(len(reading.sentences), at + 3)))


def _instead_of_qi(reading: _Reading, posture: int) -> bool:
    """Whether the court answers the QI ruling told at ``posture`` with a ground of its own, in that sentence or the
    next two ("... entitled to qualified immunity. We agree that Gaetjens's claims fail, but for a more basic reason
    ...")."""
    return _said_after(reading, posture, _INSTEAD_OF_QI)


def _qi_posture(reading: _Reading) -> int | None:
    """The sentence of the court's opinion that tells this case's qualified-immunity ruling below ("The District Court
    granted summary judgment to Smith on the basis of qualified immunity"; "Morse was therefore not entitled to qualified
    immunity"), or None: not a precedent's holding, not a city's claim to its officers' immunity."""
    for i in reading.qi_sentences:
        t = reading.sentences[i].text
        if not _tells_this_case(t) or _MUNICIPAL_IMMUNITY.search(t):
            continue
        if _POSTURE_GRANT.search(t) or _POSTURE_DENY.search(t) or _BELOW_NOT_ENTITLED.search(t):
            return i
    return None


def _tells_this_case(sentence: str) -> bool:
    """Whether a sentence can tell this case's history: not a precedent's ("We held that ...", "In Pearson, the
    District Court ..."), not a question put to the parties (Swint v. Chambers County Comm'n: "... did the Circuit Court
    also have jurisdiction ...?"), not inside a quotation."""
    return not describes_earlier_case(sentence.lower()) and "?" not in sentence and not in_quotation(sentence)


#: the court below held the official not entitled to qualified immunity ("The court further concluded that ... Morse
#: was therefore not entitled to qualified immunity.")
_BELOW_NOT_ENTITLED = re.compile(r"^\W*the\s+(?:court|court\s+of\s+appeals|\w+\s+circuit)\s+(?:further\s+|also\s+)?"
                                 r"(?:concluded|held|ruled|found)\b[^.]{0,300}\bnot\s+entitled\s+to\s+qualified\s+immunity",
                                 re.IGNORECASE)


def _resolved_on_merits(reading: _Reading, label: Label,
                        merits: tuple[Ruling, ...]) -> tuple[Label, tuple[Ruling, ...]]:
    """A review of a qualified-immunity ruling decided on the merits alone: the court below ruled on the officials'
    QI defense in this case, and this court holds, on every claim it decides, that there was no violation (County of
    Sacramento v. Lewis: "it does not shock the conscience"; Morse v. Frederick: "the school officials in this case did
    not violate the First Amendment"). A holding of no violation ends the suit for the officials: QI granted on prong 1,
    prong 2 not reached (not a catch-22). A holding of a violation leaves prong 2 open, so it decides no QI defense and
    stays a merits ruling. Unchanged (``label``, ``merits``) when the rule does not apply."""
    if not reading.appellate or any(r.prong1 != "no_violation" for r in merits):
        return label, merits
    at = _qi_posture(reading)
    if at is None or _instead_of_qi(reading, at) or any(_INSTEAD_OF_QI.search(e.text) for r in merits
                                                         for e in r.evidence):
        return label, merits  # (a merits ground put in place of the QI ruling below decides no QI defense)
    posture = _sentence_ev(reading, "qi_outcome", "posture:qi_ruled_below", at)
    rulings = tuple(replace(r, qi_decided=True, qi_outcome="granted", prong1="no_violation", prong2="not_reached",
                            merits_skipped=False, evidence=(posture,) + r.evidence) for r in merits)
    interlocutory, int_ev = _interlocutory(reading, "granted", label.stage)
    prong_ev = _dedupe(e for r in merits for e in r.evidence)
    decided = [Evidence("qi_decided", posture.cue, posture.start, posture.end, posture.text)]
    kept = [e for e in label.evidence if e.field not in ("qi_decided", "interlocutory")]
    return replace(label, qi_decided=True, qi_outcome="granted", prong1="no_violation", prong2="not_reached",
                   merits_skipped=False, rights=tuple(r.right for r in rulings), interlocutory=interlocutory,
                   confidence="low", evidence=tuple(decided + [posture] + prong_ev + kept + int_ev),
                   rulings=rulings), ()


def _read(text: str, appellate: bool) -> _Reading:
    sentences = split_sentences(text)
    starts = [s.start for s in sentences]
    lowered = lowered_text(text)
    qi_sentences = sorted(regex_hits(text, starts, QI_MENTION, lowered, _QI_LOWER))
    separate = _separate_opinion_start(sentences)
    hits: list[Hit] = []
    read: dict[int, list[Hit]] = {}
    for i in sorted(regex_hits(text, starts, _TRIGGER, lowered, _TRIGGER_LOWER)):
        if i >= separate:
            break  # a dissent or concurrence does not decide the case
        read[i] = read_sentence(i, sentences[i], appellate=appellate)
        hits.extend(h for h in read[i] if h.cue.name not in MERITS_ONLY)
    hits.extend(_rejected_qi_arguments(sentences, qi_sentences, separate))
    hits.extend(_answered_qi_questions(sentences, qi_sentences, separate))
    return _Reading(sentences, hits, qi_sentences, appellate, read)


def _rejected_qi_arguments(sentences: list[Sentence], qi_sentences: list[int], separate: int) -> list[Hit]:
    """A defendant's QI argument ("Defendants further contend that the mayor is entitled to qualified
    immunity ...") answered by the court within the next three sentences ("... ample evidence supports a jury
    finding to the contrary"): a denial, cited at both sentences (the argument names the claim, the answer
    rules on it)."""
    out: list[Hit] = []
    for i in qi_sentences:
        if i >= separate or not QI_CLAIMED.search(sentences[i].reading):
            continue
        for j in range(i + 1, min(i + 4, separate, len(sentences))):
            if QI_CLAIMED.search(sentences[j].reading):
                break  # a new argument starts
            if ARGUMENT_REJECTED.pattern.search(court_voice(sentences[j].reading)):
                out += [Hit(ARGUMENT_REJECTED, i), Hit(ARGUMENT_REJECTED, j)]
                break
    return out


#: a citation standing alone as a sentence: "457 U. S., at 942, n. 23.", "Id., at 12."
_PIN_CITE = re.compile(r"^(?:\d+\s+[A-Z][\w.\s]{0,20}?|Id\.),?\s+at\s+[\d\-–]+(?:,\s+n\.\s+\d+)?\.?$")


def _answered_qi_questions(sentences: list[Sentence], qi_sentences: list[int], separate: int) -> list[Hit]:
    """The court's question whether officials are entitled to qualified immunity, answered in the next sentence
    with an elliptical holding ("We hold that they are not."): a denial (or a grant), cited at the answer."""
    out: list[Hit] = []
    end = min(separate, len(sentences))
    for i in qi_sentences:
        j = i + 1
        if j < end and _PIN_CITE.match(sentences[j].reading.strip()):
            j += 1  # the question's citation, split off as a sentence ("457 U. S., at 942, n. 23.")
        if j >= end or not QI_QUESTION.search(court_voice(sentences[i].reading)):
            continue
        answer = QI_ANSWER.match(sentences[j].reading.strip())
        if answer:
            out.append(Hit(QI_ANSWERED_NO if answer.group("neg") else QI_ANSWERED_YES, j))
    return out


def _separate_opinion_start(sentences: list[Sentence]) -> int:
    """Index of the first sentence of a dissent or concurrence that follows the court's opinion (in the
    last three quarters of the text), or ``len(sentences)``."""
    n = len(sentences)
    for i in range(n // 4, n):
        t = sentences[i].text
        if len(t) < 200 and _SEPARATE_OPINION.search(t) and not t.lstrip("(").startswith(("See", "see", "Id")):
            return i
    return n


def _by(hits: Iterable[Hit], *signals: str) -> list[Hit]:
    return [h for h in hits if h.cue.signal in signals]


def _ev(reading: _Reading, field: str, hits: Iterable[Hit], limit: int = 5) -> list[Evidence]:
    out: list[Evidence] = []
    seen: set[int] = set()
    for h in hits:
        if h.sentence in seen:
            continue
        seen.add(h.sentence)
        s = reading.sentences[h.sentence]
        out.append(Evidence(field, f"{h.cue.signal}:{h.cue.name}", s.start, s.end, s.text))
        if len(out) >= limit:
            break
    return out


def _sentence_ev(reading: _Reading, field: str, cue: str, index: int) -> Evidence:
    s = reading.sentences[index]
    return Evidence(field, cue, s.start, s.end, s.text)


def _derived_outcome(reading: _Reading) -> tuple[str | None, list[Evidence]]:
    """Outcome from the posture ("the district court granted qualified immunity") plus the disposition
    ("We affirm."), used only when no sentence rules on qualified immunity directly."""
    if not reading.appellate or len(reading.qi_sentences) < 2:
        return None, []
    lower: str | None = None
    lower_at = -1
    for i in reading.qi_sentences:
        t = reading.sentences[i].text
        if not _tells_this_case(t):
            continue  # a precedent's holding ("... we held that "a district court's denial of a claim of qualified
            # immunity ... is an appealable 'final decision'""), a question put to the parties: not this case's posture
        if _MUNICIPAL_IMMUNITY.search(t):
            continue  # a city's claim to an immunity of its officers' good faith (Owen v. City of Independence): a
            # municipality has no qualified immunity, so ruling on it is not a QI decision
        if _THEN_TRIED.search(t):
            continue  # a pretrial denial followed by trial ("..., and the case proceeded to trial"): the judgment under
            # review is the one after trial, not that denial (Devenpeck v. Alford)
        if _POSTURE_DENY.search(t):
            lower, lower_at = "denied", i
            break
        if _POSTURE_GRANT.search(t) and not re.search(r"\bnot\s+entitled|\bdid\s+not\s+(?:address|reach)", t, re.I):
            lower, lower_at = "granted", i
            break
    if lower is None:
        return None, []
    disposition, disp_at = _disposition(reading)
    if disposition is None:
        return None, []
    if not _in_window(disp_at, len(reading.sentences)) and _by(reading.hits, "not_decided"):
        return None, []  # a disposition found deep in a long opinion that says it does not reach QI ("there is no reason
        # to enquire further into ... the asserted defense of qualified immunity", Wilkie v. Robbins) is on another ground
    if _instead_of_qi(reading, lower_at):
        return None, []  # the court agrees with the result below on a ground of its own, not on QI
    if _said_after(reading, lower_at, _CONTRARY_BELOW[lower], first=1):
        return None, []  # the court below ruled both ways ("... entitled to qualified immunity on the knock-and-announce
        # claim. But the court concluded that the warrantless entry ... violated clearly established law."): a vacatur
        # does not say which ruling it undoes (County of Los Angeles v. Mendez)
    if (_REVIEWS_APPEALS_COURT.search(reading.sentences[disp_at].text)
            and not _NARRATED_POSTURE.match(reading.sentences[lower_at].text)
            and not _APPEALS_COURT_RULED.search(reading.sentences[lower_at].text)):
        # the Supreme Court disposes of the court of appeals' judgment, and its opinion discusses many district courts'
        # rulings: only a sentence that narrates this case's history ("The District Court accordingly granted summary
        # judgment for the officers on qualified immunity grounds.") gives the ruling under review
        return None, []
    outcome = lower if disposition == "affirm" else "denied" if lower == "granted" else "granted"
    ev = [
        _sentence_ev(reading, "qi_outcome", f"posture:lower_{lower}", lower_at),
        _sentence_ev(reading, "qi_outcome", f"disposition:{disposition}", disp_at),
    ]
    return outcome, ev


#: the court below's ruling the other way on another claim, told next ("But the court concluded that the warrantless
#: entry of the shack violated clearly established law."), by the ruling it contradicts
_BUT_THE_COURT_HELD = r"^\W*(?:but|however,?)\s+(?:the\s+(?:\w+\s+)?court|it)\s+(?:also\s+)?(?:concluded|held|found|determined)\b[^.]{0,200}?\b"
_CONTRARY_BELOW = {
    "granted": re.compile(_BUT_THE_COURT_HELD + r"(?:violated\s+clearly\s+established|not\s+entitled\s+to\s+qualified\s+immunity)",
                          re.IGNORECASE),
    "denied": re.compile(_BUT_THE_COURT_HELD + r"(?<!not\s)entitled\s+to\s+qualified\s+immunity", re.IGNORECASE),
}
#: the disposition of a court of appeals' judgment by the Supreme Court
_REVIEWS_APPEALS_COURT = re.compile(r"\b(?:judgments?|decisions?)\s+of\s+the\s+court\s+of\s+appeals(?:\s+for\s+the\s+\w+\s+circuit)?"
                                    r"\s+(?:is|are)\b",
                                    re.IGNORECASE)
#: the court of appeals' own ruling, the one the Supreme Court reviews ("the Court of Appeals "reverse[d] the denial of
#: qualified immunity to both Bright and Jordan."")
_APPEALS_COURT_RULED = re.compile(r"\bthe\s+(?:court\s+of\s+appeals|appeals\s+court|\w+\s+circuit)\s+[\"“]?(?:revers|affirm|held|"
                                  r"grant|den(?:ied|y)|conclud)", re.IGNORECASE)
#: a sentence whose subject is the district court: it narrates this case's history
_NARRATED_POSTURE = re.compile(r"^\W*(?:\*\d+\s+)?the\s+(?:district|trial)\s+court\b", re.IGNORECASE)


#: where a disposition is looked for first: the opening sentences (a per curiam's "We reverse.") and the closing ones
_HEAD, _TAIL = 40, 25


def _in_window(i: int, n: int) -> bool:
    return i < _HEAD or i >= n - _TAIL


def _disposition(reading: _Reading) -> tuple[str | None, int]:
    n = len(reading.sentences)
    found = _disposition_in(reading, (i for i in range(n) if _in_window(i, n)))
    if found[0] is None and n > _HEAD + _TAIL:
        # a long opinion whose footnotes follow its disposition ("For the reasons stated, we vacate the judgment of the
        # Court of Appeals ...", Anderson v. Creighton): its last disposition sentence anywhere
        found = _disposition_in(reading, range(n - 1, -1, -1))
    return found


def _disposition_in(reading: _Reading, indices: Iterable[int]) -> tuple[str | None, int]:
    for i in indices:
        t = reading.sentences[i].text
        m = _DISPOSITION.search(t)
        if m is None or _OTHER_GROUNDS.search(t) or len(t) > 400:
            continue
        word = next((g for g in m.groups() if g), "").lower()
        if re.search(r"\bin\s+part\b|\b(?:the|that)\s+(?:part|portion)\s+of\b", t, re.I):
            continue  # "we vacate the part of the Ninth Circuit's opinion that decided the Fourth Amendment issue"
        return ("affirm" if word.startswith("affirm") else "reverse"), i
    return None, -1


#: denials that only reject an argument for the defense (the cue, and an argument answered in the next sentences)
_ARGUMENT_ONLY = frozenset({"shielded_argument_rejected", ARGUMENT_REJECTED.name})


def _outcome(reading: _Reading) -> tuple[str | None, list[Evidence], str]:
    """(outcome, evidence, how) where how is 'explicit', 'prong2' or 'posture'."""
    grants = _by(reading.hits, "grant")
    denies = _by(reading.hits, "deny")
    standing = _by(reading.hits, "deny_left_standing")
    if denies and not grants and not standing and all(h.cue.name in _ARGUMENT_ONLY for h in denies) and any(
            h.cue.name == "application_not_decided" for h in reading.hits):
        # an official's argument for immunity rejected, with its application to him expressly left undecided ("nor do
        # we decide, whether petitioner's conduct in this case was in fact objectively reasonable. That issue must be
        # resolved on remand."): the court rules on the standard, as Harlow did, not on his defense (Malley v. Briggs)
        denies = []
    if grants and (denies or standing):
        return "mixed", _ev(reading, "qi_outcome", grants[:3] + denies[:3] + standing[:2], 8), "explicit"
    if grants:
        return "granted", _ev(reading, "qi_outcome", grants), "explicit"
    if denies:
        return "denied", _ev(reading, "qi_outcome", denies), "explicit"
    if standing:
        # the officials' appeal from the denial dismissed, or held not appealable: the denial stands (Johnson v. Jones)
        return "denied", _ev(reading, "qi_outcome", standing), "explicit"
    not_est = _by(reading.hits, "not_established")
    if not_est and reading.qi_sentences:
        return "granted", _ev(reading, "qi_outcome", not_est), "prong2"
    # the prongs decided, in the court's own words, with no sentence that states the decision: a violation of a
    # clearly established right denies qualified immunity ("proceeding with the search was clearly 'unreasonable' ...";
    # "no reasonable officer could believe that a warrant that plainly did not comply with that requirement was valid");
    # no violation at all, held in a qualified-immunity passage, grants it ("we hold that petitioner's claim failed at an
    # analytically earlier stage of the inquiry into qualified immunity: His allegations ... did not state a claim for
    # violation of any rights ...")
    est, viol, no_viol = (_by(reading.hits, s) for s in ("established", "violation", "no_violation"))
    if reading.qi_sentences and not _by(reading.hits, "not_decided"):
        if est and viol and not no_viol:
            return "denied", _ev(reading, "qi_outcome", est + viol), "prong2"
        # (not a merits ground the court puts in place of the QI ruling below: "We agree that Gaetjens's claims fail,
        # but for a more basic reason—the individual defendants did not violate the Fourth Amendment." decides no QI)
        in_qi = [h for h in no_viol if _qi_context(reading, h.sentence)
                 and not _INSTEAD_OF_QI.search(reading.sentences[h.sentence].text)]
        if in_qi and not viol and not est:
            return "granted", _ev(reading, "qi_outcome", in_qi), "prong1"
    outcome, ev = _derived_outcome(reading)
    if outcome is not None:
        return outcome, ev, "posture"
    return None, [], "none"


#: a sentence on qualified immunity's prongs: a merits holding within two sentences of one is part of the QI analysis
_QI_CONTEXT = re.compile(r"qualified(?:ly)?\s+immun|clearly\s+established", re.IGNORECASE)


def _qi_context(reading: _Reading, at: int) -> bool:
    n = len(reading.sentences)
    return any(_QI_CONTEXT.search(reading.sentences[j].text) for j in range(max(0, at - 2), min(n, at + 3)))


_PRONG1 = ("violation", "no_violation", "p1_skipped")
_PRONG2 = ("established", "not_established")
_DECISION = ("grant", "deny", "deny_left_standing")
#: a grant that itself says why: the law was not clearly established / a reasonable officer could have thought so
_GRANT_ON_PRONG2 = re.compile(r"clearly\s+established|reasonabl[ey]\s+(?:officer|official|person)|could\s+(?:reasonably\s+)?"
                              r"have\s+believed|fair\s+(?:warning|notice)|"
                              # "because there is reason to question the clarity with which the right was established"
                              r"\bclarity\s+with\s+which\b[^.]{0,40}\bestablished", re.IGNORECASE)
#: a grant limited to conduct before a precedent was decided ("appellees remain entitled to qualified immunity with
#: respect to any conduct that occurred prior to the Agosto-Feliciano and Rutan decisions"): the law was not yet
#: clearly established then, so the grant is on prong 2
_GRANT_BEFORE_PRECEDENT = re.compile(r"\b(?:conduct|actions?|acts?)\s+(?:that\s+)?(?:occurred|taken|committed)\s+"
                                     r"(?:prior\s+to|before)\b", re.IGNORECASE)


def _ruling_of(outcome: str, hits: list[Hit], reading: _Reading) -> tuple[str, str, bool, list[Evidence]]:
    """Prong 1, prong 2 and merits_skipped of one ruling from the sentences that decide them, never from the outcome
    alone: a denial without a sentence on the merits leaves prong 1 ``not_reached``."""
    viol = _by(hits, "violation")
    noviol = _by(hits, "no_violation")
    skipped = _by(hits, "p1_skipped")
    est = _by(hits, "established")
    nest = _by(hits, "not_established")
    p2_grant: list[Hit] = []
    if outcome == "granted":
        p1 = _mix(bool(viol), bool(noviol), "violation", "no_violation") if not skipped or noviol else "not_reached"
        if p1 == "mixed":
            p1 = "no_violation"  # a grant: the violation sentences are about another right or the court below
        if not nest and not noviol:
            # "entitled to qualified immunity because the law was not clearly established": the grant itself
            # decides prong 2; so does a grant whose court says it does not reach the merits ("We need not reach the
            # merits ... because the defendants were entitled to qualified immunity"): it can rest only on prong 2
            p2_grant = [h for h in _by(hits, "grant") if _GRANT_ON_PRONG2.search(reading.sentences[h.sentence].text)
                        or _GRANT_BEFORE_PRECEDENT.search(reading.sentences[h.sentence].text)]
            if p1 == "not_reached" and skipped:
                p2_grant += skipped
        p2 = "not_clearly_established" if nest or p2_grant else "not_reached"
    elif outcome == "denied":
        p1 = "violation" if viol else "not_reached"
        p2 = "clearly_established" if est else "not_reached"
    else:
        p1 = _mix(bool(viol), bool(noviol), "violation", "no_violation")
        if not nest:
            p2_grant = [h for h in _by(hits, "grant") if _GRANT_BEFORE_PRECEDENT.search(reading.sentences[h.sentence].text)]
        p2 = _mix(bool(est), bool(nest or p2_grant), "clearly_established", "not_clearly_established")
    # a grant that holds one part of the claim lawful and expressly leaves another undecided, granting on prong 2
    # ("the officers did not violate any federal right when they opened Sheehan's door the first time"; "we need not
    # decide whether the Constitution was violated by the officers' failure to accommodate ..."): prong 1 is decided
    # for part of the claim only, and the merits of the rest were skipped
    partial = outcome == "granted" and p1 == "no_violation" and bool(skipped) and p2 == "not_clearly_established"
    if partial:
        p1 = "mixed"
    skipped_merits = partial or outcome in ("granted", "mixed") and p2 in ("not_clearly_established", "mixed") and (
        p1 == "not_reached" or (bool(skipped) and p1 != "violation" and outcome == "mixed")
    )
    # the evidence of each prong is the sentences that give its value (a "need not decide" sentence about another claim is
    # no evidence of a violation found)
    p1_hits = {"violation": viol, "no_violation": noviol, "not_reached": skipped}.get(p1, noviol + viol + skipped)
    p2_hits = {"clearly_established": est, "not_clearly_established": nest, "not_reached": []}.get(p2, nest + est)
    ev = _ev(reading, "prong1", p1_hits) + _ev(reading, "prong2", p2_hits)
    ev += [_sentence_ev(reading, "prong2", f"{h.cue.signal}:{h.cue.name}+prong2", h.sentence) for h in p2_grant[:2]]
    if skipped_merits:
        ev += _ev(reading, "merits_skipped", skipped + nest + p2_grant, 3)
    return p1, p2, skipped_merits, ev


#: the one official a ruling sentence names ("because respondent Franks is entitled to qualified immunity")
_DEFENDANT = re.compile(
    r"\b(?:[Rr]espondent|[Pp]etitioner|[Oo]fficer|[Dd]efendant|[Dd]eputy|[Dd]etective|[Ss]ergeant|[Tt]rooper|[Aa]gent|"
    r"[Aa]ppellant|[Aa]ppellee)\s+([A-Z][A-Za-z'’-]+)\s+(?:is|was)\s+(?:not\s+)?(?:\w+\s+)?entitled\s+to"
)


def _attribute(hits: list[Hit], rights: tuple[str, ...], right_hits: dict[str, set[int]],
               sentences: list[Sentence] | None = None) -> tuple[dict[str, list[Hit]], list[Hit]]:
    """Which right each ruling sentence is about: the rights named in it (or, failing that, in the sentence before);
    a sentence naming none of the opinion's rights is about all of them (returned apart). A prong-2 sentence followed
    by the decision it gives a reason for ("... the right has not been clearly established. Consequently, ... the
    defendants were entitled to dismissal on grounds of qualified immunity" on the substantive due process claim) is
    about the decision's right."""
    own: dict[str, list[Hit]] = {r: [] for r in rights}
    general: list[Hit] = []
    decided = {h.sentence for h in hits if h.cue.signal in _DECISION}
    sections = _claim_sections(sentences, rights) if sentences is not None else []
    for h in hits:
        named = []
        if sentences is not None and h.cue.signal in _PRONG2 and h.sentence + 1 in decided and \
                _CONSEQUENCE.match(sentences[h.sentence + 1].text):
            named = [r for r in rights if h.sentence + 1 in right_hits.get(r, ())]
        if not named and sentences is not None and h.cue.signal in ("violation", "no_violation"):
            named = _main_clause_amendment(sentences[h.sentence].text, rights)
        if not named:
            named = [r for r in rights if h.sentence in right_hits.get(r, ())]
        if not named and not (sentences is not None and h.sentence > 0
                              and _FOR_MUNICIPALITY.search(sentences[h.sentence - 1].text)):
            # (not from a sentence before that disposes of a claim for the town: the town has no QI, so the ruling
            # after it is about the officials' claims)
            named = [r for r in rights if h.sentence - 1 in right_hits.get(r, ())]
        if not named and sections:
            named = _section_right(h.sentence, sections)
        if not named and h.cue.signal in ("violation", "no_violation") and sentences is not None:
            named = _standard_named(sentences[h.sentence].text, rights)
        if not named and h.cue.signal in ("violation", "no_violation"):
            named = _last_named(h.sentence, rights, right_hits)
        if not named or len(named) == len(rights):
            general.append(h)
            continue
        for r in named:
            own[r].append(h)
    return own, general


_OPENING_REASON = re.compile(r"^(?:because|since)\b", re.IGNORECASE)


def _main_clause_amendment(sentence: str, rights: tuple[str, ...]) -> list[str]:
    """The opinion's rights under the amendment a merits holding rules on in its main clause, after an opening reason
    that names one claim on the way ("Because al-Kidd concedes that individualized suspicion supported the issuance of
    the material-witness arrest warrant; and does not assert that his arrest would have been unconstitutional ...; we
    find no Fourth Amendment violation.", Ashcroft v. al-Kidd: the holding is on the whole Fourth Amendment claim, the
    arrest and the detention); empty when the sentence does not open with a reason or its main clause names a right."""
    if not _OPENING_REASON.match(sentence):
        return []
    main = sentence[max(sentence.rfind("; "), sentence.rfind(", ")) + 2:]
    under = amendment_ruled_in(main)
    if under is None or right_hits(main, split_sentences(main)):
        return []
    return [r for r in rights if r.startswith(under + "_")]


#: a numbered or lettered heading naming a claim, which the sentence splitter glues to the sentence after it
#: ("2. The Equal Protection Claim Meléndez claims that ...", "B. The Fourth Amendment Claim We turn ...")
_CLAIM_HEADING = re.compile(
    r"(?:^|\s)(?:\d{1,2}|[A-H]|[IVX]{1,4})\.\s+(?:The\s+)?(?P<name>(?:[A-Z][\w’'-]*\s+){1,5}?)Claims?(?=\s+[A-Z])"
)


def _claim_sections(sentences: list[Sentence], rights: tuple[str, ...]) -> list[tuple[int, str | None]]:
    """Where each claim heading starts a section, and the one right of the opinion its name maps to (None: another
    claim, or several), in text order."""
    out: list[tuple[int, str | None]] = []
    for i, s in enumerate(sentences):
        m = _CLAIM_HEADING.search(s.text)
        if m is None:
            continue
        name = m.group("name") + "claim"
        mapped = [r for r in right_hits(name, split_sentences(name)) if r in rights]
        out.append((i, mapped[0] if len(mapped) == 1 else None))
    return out


def _section_right(at: int, sections: list[tuple[int, str | None]]) -> list[str]:
    """The right of the claim section a ruling sentence lies in (empty outside any, or in one of no single right):
    a prong-2 holding in "1. The Substantive Due Process Claim" is not about the equal protection claim of "2."."""
    heads = [i for i, _ in sections]
    k = bisect_right(heads, at) - 1
    right = sections[k][1] if k >= 0 else None
    return [right] if right else []


#: a sentence that draws the consequence of the one before
_CONSEQUENCE = re.compile(r"^(?:consequently|therefore|thus|accordingly|hence|for\s+(?:these|this|that)\s+reasons?)\b",
                          re.IGNORECASE)


#: the legal standard of a claim, named in a merits holding instead of the claim ("Because Plaintiffs allegations of
#: deliberate indifference fail to state a constitutional claim, ..."), and the rights whose standard it is
_STANDARD_NAMES: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"\bdeliberate(?:ly)?\s+indifferen", re.IGNORECASE),
     frozenset({"8A_medical_or_conditions", "14A_substantive_due_process"})),
    (re.compile(r"\bconsci\w+[- ]shocking|shocks?\s+the\s+conscience", re.IGNORECASE),
     frozenset({"14A_substantive_due_process"})),
    (re.compile(r"\batypical\b", re.IGNORECASE), frozenset({"14A_procedural_due_process"})),
    # the process due: notice and a hearing, fair warning
    (re.compile(r"due\s+process[^.]*\b(?:notice|hearing|heard|warning|opportunity)\b|\b(?:notice|hearing|heard|warning|opportunity)\b[^.]*"
                r"due\s+process", re.IGNORECASE), frozenset({"14A_procedural_due_process"})),
    (re.compile(r"\bforce\b[^.]{0,60}\bexcessive\b", re.IGNORECASE),
     frozenset({"4A_excessive_force", "8A_excessive_force"})),
)


def _standard_named(sentence: str, rights: tuple[str, ...]) -> list[str]:
    """The one right of the opinion whose legal standard a merits holding names (empty when none or several)."""
    named = {r for rx, family in _STANDARD_NAMES if rx.search(sentence) for r in family if r in rights}
    return list(named) if len(named) == 1 else []


def _last_named(at: int, rights: tuple[str, ...], right_hits: dict[str, set[int]], back: int = 12) -> list[str]:
    """The one right of the opinion named last in the ``back`` sentences before a merits holding that names none
    ("... a post-deprivation hearing may adequately protect due process rights. ... It therefore did not deny him due
    process of law."): the claim the holding is about. Empty when the nearest naming sentence names several."""
    for j in range(at - 2, max(-1, at - back - 1), -1):
        named = [r for r in rights if j in right_hits.get(r, ())]
        if named:
            return named if len(named) == 1 else []
    return []


#: a claim disposed of for a municipality ("we affirm the grant of summary judgment for the Town on O'Connor's political
#: discharge claim"): a town has no qualified immunity, so that disposition is on the merits
_FOR_MUNICIPALITY = re.compile(r"\bfor\s+the\s+(?:town|city|county|municipality|village|borough)\b", re.IGNORECASE)


def _per_right(rights: tuple[str, ...], right_hits: dict[str, set[int]], reading: _Reading, outcome: str,
               out_ev: list[Evidence], rights_ev: list[Evidence]) -> tuple[Ruling, ...]:
    """One ruling per right: its own outcome and prongs from the sentences about it; the sentences about no right in
    particular count for every right, for a signal (outcome, prong 1, prong 2) that the right has no sentence of
    its own on."""
    hits = [h for h in reading.hits if h.cue.signal in _DECISION + _PRONG1 + _PRONG2]
    own, general = (_attribute(hits, rights, right_hits, reading.sentences) if len(rights) > 1
                    else ({r: [] for r in rights}, hits))
    out = []
    for right in rights:
        mine = own[right]
        named = [e for e in rights_ev if e.cue.startswith(f"right:{right}")]
        if len(rights) > 1 and not mine and named and all(_FOR_MUNICIPALITY.search(e.text) for e in named) \
                and any(own[r] for r in rights if r != right):
            continue  # no ruling sentence of its own, named where the claim is disposed of for the town: not QI
        pool: list[Hit] = []
        for group in (_DECISION, _PRONG1, _PRONG2):
            pool += _by(mine, *group) or _by(general, *group)
        grants, denies = _by(pool, "grant"), _by(pool, "deny", "deny_left_standing")
        r_outcome = "mixed" if grants and denies else "granted" if grants else "denied" if denies else outcome
        if r_outcome != outcome and outcome != "mixed":
            r_outcome = outcome  # the opinion's outcome is not mixed: no right can have another
        p1, p2, skipped, ev = _ruling_of(r_outcome, pool, reading)
        ruling_ev = _ev(reading, "qi_outcome", _by(pool, *_DECISION)) or out_ev[:3]
        who = {m.group(1) for h in _by(pool, *_DECISION) for m in _DEFENDANT.finditer(reading.sentences[h.sentence].text)}
        out.append(Ruling(right=right, qi_decided=True, qi_outcome=r_outcome,  # type: ignore[arg-type]
                          prong1=p1, prong2=p2, merits_skipped=skipped,  # type: ignore[arg-type]
                          defendant=who.pop() if len(who) == 1 else None,
                          evidence=tuple(ruling_ev + ev + named)))
    return tuple(out)


def _combine(values: Iterable[str], none: str) -> str:
    """The opinion-level value of a prong from its rulings' values (``not_reached`` ones do not count)."""
    decided = {v for v in values if v != none}
    if not decided:
        return none
    return decided.pop() if len(decided) == 1 else "mixed"


def _mix(yes: bool, no: bool, yes_value: str, no_value: str) -> str:
    if yes and no:
        return "mixed"
    if yes:
        return yes_value
    return no_value if no else "not_reached"


def _interlocutory(reading: _Reading, outcome: str | None, stage: str | None) -> tuple[bool | None, list[Evidence]]:
    """True when officials appeal a denial of QI before final judgment (appellate opinions that rule on QI)."""
    if not reading.appellate:
        return None, []
    if stage == "trial_or_post_trial":
        return False, []  # an appeal after trial is from a final judgment
    # (an officials' appeal of a QI denial is interlocutory whether or not this court decides it: "The five officers
    # have taken an immediate interlocutory appeal of the denial of qualified immunity." before a stay of discovery,
    # Hegarty v. Somerset County; the collateral-order appeal of Harlow v. Fitzgerald, remanded under a new standard)
    near_qi: set[int] = set()
    for i in reading.qi_sentences:
        near_qi.update(range(i - 2, i + 3))
    for i, s in enumerate(reading.sentences):
        t = s.text
        low = t.lower()
        if not any(w in low for w in _INTERLOCUTORY_WORDS):
            continue  # none of the three patterns below can match
        # (a court that decides no QI: only the appeal of a denial itself, told, makes it interlocutory, not "at this
        # interlocutory stage" of a county's appeal, Swint v. Chambers County Comm'n)
        cue = _INTERLOCUTORY.search(t) if outcome is not None else None
        if cue and cue.group(0).lower().startswith("mitchell") and not _JURISDICTION.search(t):
            cue = None  # Mitchell v. Forsyth cited for the summary-judgment standard, not for jurisdiction
        if cue and _EARLIER_APPEAL.search(t):
            cue = None  # an earlier appeal in the same case
        if cue and re.match(r"\s+immunity\b", t[cue.end():], re.IGNORECASE):
            cue = None  # "this type of objectively determined, immediately appealable immunity" describes the defense
        if (cue and i in near_qi) or _APPEAL_OF_DENIAL.search(t) or _PRETRIAL_DENIAL_DISPOSED.search(t):
            return True, [_sentence_ev(reading, "interlocutory", "interlocutory", i)]
    if stage in ("summary_judgment", "motion_to_dismiss"):
        # the trial court's pretrial denial of QI, told as this case's history ("The District Court denied qualified
        # immunity."; "Ashcroft filed a motion to dismiss based on absolute and qualified immunity, which the District
        # Court denied."), with no trial after it: the review of that denial is interlocutory
        for i in reading.qi_sentences:
            t = reading.sentences[i].text
            if _TRIAL_COURT_DENIED.search(t) and _tells_this_case(t) and not _THEN_TRIED.search(t):
                return True, [_sentence_ev(reading, "interlocutory", "interlocutory:pretrial_denial", i)]
    return False, []


#: the trial court denied the officials' QI defense in this case
_TRIAL_COURT_DENIED = re.compile(
    r"^\W*(?:\*\d+\s+)?the\s+(?:district|trial)\s+court\s+(?:\w+\s+)?denied\s+[^.]{0,80}qualified\s+immunity"
    r"|\bqualified\s+immunity,\s+which\s+the\s+(?:district|trial)\s+court\s+denied\b",
    re.IGNORECASE,
)


def _decide(text: str, reading: _Reading, published: bool | None, pub_ev: list[Evidence]) -> Label:
    outcome, out_ev, how = _outcome(reading)
    not_decided = _by(reading.hits, "not_decided")
    stage, stage_ev = stage_of(text, reading.sentences, reading.qi_sentences)
    counted = official_counts(text, reading.sentences)
    officials, off_ev = official_types_of(text, reading.sentences, counted=counted)
    reading.officials = officials
    interlocutory, int_ev = _interlocutory(reading, outcome, stage)
    if outcome is None:
        ev = _ev(reading, "qi_decided", not_decided) + stage_ev + off_ev + int_ev + pub_ev
        conf = "high" if not_decided or len(reading.qi_sentences) <= 2 else "medium"
        return Label(
            qi_decided=False,
            stage=stage,  # type: ignore[arg-type]
            official_type=officials,
            interlocutory=interlocutory,
            published=published,
            confidence=conf,  # type: ignore[arg-type]
            evidence=tuple(ev),
        )
    decisions = [h.sentence for h in _by(reading.hits, "grant", "deny", "deny_left_standing")]
    right_hits: dict[str, set[int]] = {}
    rights, rights_ev = rights_of(
        text,
        reading.sentences, reading.qi_sentences, [h.sentence for h in reading.hits], officials, decisions,
        hits_out=right_hits, merits_sentences=[h.sentence for h in _by(reading.hits, "violation", "no_violation")],
    )
    reading.named = right_hits
    rulings = _per_right(rights, right_hits, reading, outcome, out_ev, rights_ev)
    if len(rulings) < len(rights):  # a claim disposed of for the town only: the QI rulings are the others
        rights = tuple(r.right for r in rulings)
        rights_ev = [e for e in rights_ev if any(e.cue.startswith(f"right:{r}") for r in rights)]
    outcome = _combine((r.qi_outcome or outcome for r in rulings), "")
    p1 = _combine((r.prong1 for r in rulings), "not_reached")
    p2 = _combine((r.prong2 for r in rulings), "not_reached")
    skipped = any(r.merits_skipped for r in rulings)
    prong_ev = _dedupe(e for r in rulings for e in r.evidence if e.field in ("prong1", "prong2", "merits_skipped"))
    if not officials:
        officials, off_ev = official_types_of(text, reading.sentences, most_named=True, counted=counted)
    if not officials:
        officials, off_ev = _section_1983_official(text, reading)
    decided_ev = [Evidence("qi_decided", e.cue, e.start, e.end, e.text) for e in out_ev[:3]]
    confidence = {"explicit": "high", "prong2": "medium", "prong1": "medium", "posture": "low"}[how]
    if confidence == "high" and (not_decided or outcome == "mixed"):
        confidence = "medium"
    return Label(
        qi_decided=True,
        qi_outcome=outcome,  # type: ignore[arg-type]
        prong1=p1,  # type: ignore[arg-type]
        prong2=p2,  # type: ignore[arg-type]
        merits_skipped=skipped,
        rights=rights,
        official_type=officials,
        stage=stage,  # type: ignore[arg-type]
        interlocutory=interlocutory,
        published=published,
        confidence=confidence,  # type: ignore[arg-type]
        evidence=tuple(decided_ev + out_ev + prong_ev + rights_ev + off_ev + stage_ev + int_ev + pub_ev),
        rulings=rulings,
    )


def _section_1983_official(text: str, reading: _Reading) -> tuple[tuple[str, ...], list[Evidence]]:
    """``other_state_or_local`` for an opinion with no more specific cue that names § 1983 (a suit against a state or
    local official), with the sentence that names it; nothing otherwise."""
    m = _SECTION_1983.search(text)
    if m is None:
        return (), []
    i = bisect_right([s.start for s in reading.sentences], m.start()) - 1
    return ("other_state_or_local",), [
        _sentence_ev(reading, "official_type", "official:other_state_or_local:section_1983", max(i, 0))]


def _dedupe(evidence: Iterable[Evidence]) -> list[Evidence]:
    seen: set[tuple[str, int]] = set()
    out = []
    for e in evidence:
        if (e.field, e.start) not in seen:
            seen.add((e.field, e.start))
            out.append(e)
    return out
