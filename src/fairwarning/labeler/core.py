"""``label_opinion``: read one opinion's text and say what it decided about qualified immunity.

Pure: text (plus optional court id, date and precedential status) in, :class:`Label` out. The reading is
rule-based and explainable: every field's value comes with the sentences (and cue names) that produced it.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from fairwarning.labeler.context import (
    appellate_court,
    lower_pattern,
    lowered_text,
    official_types_of,
    published_of,
    regex_hits,
    rights_of,
    stage_of,
)
from fairwarning.labeler.cues import ARGUMENT_REJECTED, QI_CLAIMED
from fairwarning.labeler.model import Evidence, Label, Ruling
from fairwarning.labeler.rules import QI_MENTION, Hit, court_voice, read_sentence
from fairwarning.labeler.segment import Sentence, split_sentences

__all__ = ["label_opinion"]

_TRIGGER = re.compile(
    r"immun|violat|establish|prong|probable\s+cause|reasonabl|deprived|force|clear|assum|need\s+not|shield|"
    r"believ|infirm|unnecessary|no\s+view",
    re.IGNORECASE,
)
_TRIGGER_LOWER = lower_pattern(_TRIGGER)
_QI_LOWER = lower_pattern(QI_MENTION)
_INTERLOCUTORY = re.compile(
    r"interlocutory|collateral[- ]order|immediately\s+appealable|immediate\s+appeal|Mitchell\s+v\.\s+Forsyth",
    re.IGNORECASE,
)
_APPEAL_OF_DENIAL = re.compile(
    r"\bappeal\w*\s+(?:from\s+|of\s+)?(?:the\s+)?(?:district\s+court'?s?\s+)?(?:order\s+)?(?:denial|denying|"
    r"refusal)[^.]{0,140}qualified\s+immunity"
    r"|\bchalleng\w*\s+the\s+(?:district|trial)\s+court['’]?s\s+(?:ruling|order|decision|determination|conclusion)\s+"
    r"that\s+[^.]{0,60}\bnot\s+entitled\s+to\s+qualified\s+immunity",
    re.IGNORECASE,
)
#: the disposition of a pretrial denial ("we affirm its denial of Morgan's motion for summary judgment"): a denial of
#: summary judgment or of a motion to dismiss is not a final judgment, so its appeal is interlocutory
_PRETRIAL_DENIAL_DISPOSED = re.compile(
    r"\bwe\s+(?:\w+\s+)?(?:affirm|reverse|vacate)\w*\s+(?:the\s+|its\s+|the\s+district\s+court['’]?s\s+)?"
    r"(?:order\s+)?(?:denial|denying)\s+[^.]{0,60}\bmotions?\s+(?:for\s+summary\s+judgment|to\s+dismiss)",
    re.IGNORECASE,
)
_POSTURE_GRANT = re.compile(
    r"\b(?:district|trial)\s+court\b[^.]{0,160}\b(?:grant\w*|held|concluded|found|ruled|determin\w+)\b[^.]{0,160}"
    r"qualified\s+immunity|\bappeals?\s+(?:from\s+)?the\s+district\s+court['’]s\s+grant\s+of[^.]{0,100}qualified\s+immunity",
    re.IGNORECASE,
)
_POSTURE_DENY = re.compile(
    r"\b(?:district|trial)\s+court\b[^.]{0,160}\bden(?:ied|ial|ying)\b[^.]{0,160}qualified\s+immunity|"
    r"\bappeal\w*\s+[^.]{0,80}\bden(?:ial|ying)\b[^.]{0,120}qualified\s+immunity",
    re.IGNORECASE,
)
_DISPOSITION = re.compile(
    r"(?:^|\bwe\s+(?:therefore\s+|accordingly\s+|thus\s+)?|\bcourt\s+is\s+)(affirm|revers|vacat)\w*"
    r"|^(affirmed|reversed|vacated)\b",
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
_OTHER_GROUNDS = re.compile(r"\b(?:different|other|alternative|another)\s+grounds?\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Reading:
    sentences: list[Sentence]
    hits: list[Hit]
    qi_sentences: list[int]
    appellate: bool


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
    if QI_MENTION.search(text) is None:
        return Label(qi_decided=False, published=published, confidence="high", evidence=tuple(pub_ev))
    reading = _read(text, court_id)
    return _decide(text, reading, published, pub_ev)


def _read(text: str, court_id: str | None) -> _Reading:
    sentences = split_sentences(text)
    appellate = appellate_court(text, court_id)
    starts = [s.start for s in sentences]
    lowered = lowered_text(text)
    qi_sentences = sorted(regex_hits(text, starts, QI_MENTION, lowered, _QI_LOWER))
    separate = _separate_opinion_start(sentences)
    hits: list[Hit] = []
    for i in sorted(regex_hits(text, starts, _TRIGGER, lowered, _TRIGGER_LOWER)):
        if i >= separate:
            break  # a dissent or concurrence does not decide the case
        hits.extend(read_sentence(i, sentences[i], appellate=appellate))
    hits.extend(_rejected_qi_arguments(sentences, qi_sentences, separate))
    return _Reading(sentences, hits, qi_sentences, appellate)


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
    outcome = lower if disposition == "affirm" else "denied" if lower == "granted" else "granted"
    ev = [
        _sentence_ev(reading, "qi_outcome", f"posture:lower_{lower}", lower_at),
        _sentence_ev(reading, "qi_outcome", f"disposition:{disposition}", disp_at),
    ]
    return outcome, ev


def _disposition(reading: _Reading) -> tuple[str | None, int]:
    n = len(reading.sentences)
    window = list(range(min(n, 40))) + list(range(max(0, n - 25), n))
    for i in window:
        t = reading.sentences[i].text
        m = _DISPOSITION.search(t)
        if m is None or _OTHER_GROUNDS.search(t) or len(t) > 400:
            continue
        word = (m.group(1) or m.group(2) or "").lower()
        if re.search(r"\bin\s+part\b", t, re.I):
            continue
        return ("affirm" if word.startswith("affirm") else "reverse"), i
    return None, -1


def _outcome(reading: _Reading) -> tuple[str | None, list[Evidence], str]:
    """(outcome, evidence, how) where how is 'explicit', 'prong2' or 'posture'."""
    grants = _by(reading.hits, "grant")
    denies = _by(reading.hits, "deny")
    standing = _by(reading.hits, "deny_left_standing")
    if grants and (denies or standing):
        return "mixed", _ev(reading, "qi_outcome", grants[:3] + denies[:3] + standing[:2], 8), "explicit"
    if grants:
        return "granted", _ev(reading, "qi_outcome", grants), "explicit"
    if denies:
        return "denied", _ev(reading, "qi_outcome", denies), "explicit"
    not_est = _by(reading.hits, "not_established")
    if not_est and reading.qi_sentences:
        return "granted", _ev(reading, "qi_outcome", not_est), "prong2"
    outcome, ev = _derived_outcome(reading)
    if outcome is not None:
        return outcome, ev, "posture"
    return None, [], "none"


def _prongs(outcome: str, reading: _Reading, out_ev: list[Evidence]) -> tuple[str, str, bool, list[Evidence]]:
    viol = _by(reading.hits, "violation")
    noviol = _by(reading.hits, "no_violation")
    skipped = _by(reading.hits, "p1_skipped")
    est = _by(reading.hits, "established")
    nest = _by(reading.hits, "not_established")
    if outcome == "granted":
        p1 = "no_violation" if noviol else ("violation" if viol and nest else "not_reached")
        p2 = "not_clearly_established" if nest or not noviol else "not_reached"
    elif outcome == "denied":
        p1, p2 = "violation", "clearly_established"
    else:
        p1 = _mix(bool(viol), bool(noviol), "violation", "no_violation")
        p2 = _mix(bool(est), bool(nest), "clearly_established", "not_clearly_established")
        if p1 == "violation":
            # a violation was found, so the grants in this mixed result rest on prong 2
            p2 = "mixed" if est else "not_clearly_established"
    skipped_merits = outcome in ("granted", "mixed") and p2 in ("not_clearly_established", "mixed") and (
        p1 == "not_reached" or bool(skipped)
    )
    ev = _ev(reading, "prong1", noviol + viol + skipped) + _ev(reading, "prong2", nest + est)
    if skipped_merits:
        ev += _ev(reading, "merits_skipped", skipped + nest, 3)
    # a prong value inferred from the outcome (no sentence about it) says so, pointing at the outcome
    ruling = _ev(reading, "ruling", _by(reading.hits, "grant", "deny", "deny_left_standing"), 2) or out_ev[:2]
    for name, value, own in (("prong1", p1, noviol + viol + skipped), ("prong2", p2, nest + est)):
        if not own and value != "not_reached":
            ev += [Evidence(name, f"inferred:{value}_from_{outcome}", e.start, e.end, e.text) for e in ruling]
    if skipped_merits and not (skipped + nest):
        ev += [Evidence("merits_skipped", "inferred:granted_without_prong1", e.start, e.end, e.text) for e in ruling]
    return p1, p2, skipped_merits, ev


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
    if outcome is None or stage == "trial_or_post_trial":
        return False, []  # an appeal after trial is from a final judgment
    near_qi: set[int] = set()
    for i in reading.qi_sentences:
        near_qi.update(range(i - 2, i + 3))
    for i, s in enumerate(reading.sentences):
        t = s.text
        cue = _INTERLOCUTORY.search(t)
        if cue and cue.group(0).lower().startswith("mitchell") and not _JURISDICTION.search(t):
            cue = None  # Mitchell v. Forsyth cited for the summary-judgment standard, not for jurisdiction
        if cue and _EARLIER_APPEAL.search(t):
            cue = None  # an earlier appeal in the same case
        if (cue and i in near_qi) or _APPEAL_OF_DENIAL.search(t) or _PRETRIAL_DENIAL_DISPOSED.search(t):
            return True, [_sentence_ev(reading, "interlocutory", "interlocutory", i)]
    return False, []


def _decide(text: str, reading: _Reading, published: bool | None, pub_ev: list[Evidence]) -> Label:
    outcome, out_ev, how = _outcome(reading)
    not_decided = _by(reading.hits, "not_decided")
    stage, stage_ev = stage_of(text, reading.sentences, reading.qi_sentences)
    officials, off_ev = official_types_of(text, reading.sentences)
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
    p1, p2, skipped, prong_ev = _prongs(outcome, reading, out_ev)
    decisions = [h.sentence for h in _by(reading.hits, "grant", "deny", "deny_left_standing")]
    rights, rights_ev = rights_of(
        text,
        reading.sentences, reading.qi_sentences, [h.sentence for h in reading.hits], officials, decisions
    )
    m = _SECTION_1983.search(text) if not officials else None
    if m is not None:
        officials = ("other_state_or_local",)  # a § 1983 defendant with no more specific cue
        i = bisect_right([s.start for s in reading.sentences], m.start()) - 1
        off_ev = [_sentence_ev(reading, "official_type", "official:other_state_or_local:section_1983", max(i, 0))]
    decided_ev = [Evidence("qi_decided", e.cue, e.start, e.end, e.text) for e in out_ev[:3]]
    rulings = _rulings(rights, outcome, p1, p2, skipped, out_ev + prong_ev, rights_ev)
    confidence = {"explicit": "high", "prong2": "medium", "posture": "low"}[how]
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


def _rulings(rights: Iterable[str], outcome: str, p1: str, p2: str, skipped: bool,
             ruling_ev: list[Evidence], rights_ev: list[Evidence]) -> tuple[Ruling, ...]:
    """One ruling per right. rules-1.6 reads the opinion as a whole, so every right gets the opinion's outcome and
    prongs, with the outcome/prong evidence and the sentences that named that right."""
    out = []
    for right in rights:
        named = [e for e in rights_ev if e.cue.startswith(f"right:{right}:")]
        out.append(Ruling(right=right, qi_decided=True, qi_outcome=outcome,  # type: ignore[arg-type]
                          prong1=p1, prong2=p2, merits_skipped=skipped,  # type: ignore[arg-type]
                          evidence=tuple(ruling_ev + named)))
    return tuple(out)
