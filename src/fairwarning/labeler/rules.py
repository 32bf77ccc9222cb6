"""Sentence-level reading: which sentences are this court's own voice, and which cues fire in them.

A sentence counts as the court's ruling only after removing what is *not* the court speaking about this case:
parentheticals (citation explanations), long quotations, party arguments ("Johnson argues that ..."),
statements of the general standard ("officials are entitled to qualified immunity unless ..."),
questions, and (in appellate opinions) descriptions of what the court below did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fairwarning.labeler.cues import CUES, Cue
from fairwarning.labeler.segment import Sentence, collapse

__all__ = ["Hit", "court_voice", "read_sentence", "QI_MENTION", "is_standard_statement", "in_quotation",
           "describes_earlier_case"]

#: qualified immunity by name (not "unqualified immunity", an absolute one), or by its name before Harlow v. Fitzgerald:
#: "the defense of good faith and probable cause" a police officer may assert to a § 1983 claim (Pierson v. Ray, 386
#: U.S. 547; a star page may sit inside it)
QI_MENTION = re.compile(
    r"\bqualified(?:ly)?\s+immun|good[- ]faith\s+immunity"
    r"|defen[cs]es?\s+of\s+(?:\*\d+\s+)?good[- ]faith\s+and\s+(?:\*\d+\s+)?probable\s+cause",
    re.IGNORECASE,
)

_PARENS = re.compile(r"\([^()]*\)")
_BRACKETS = re.compile(r"\[[^\[\]]{0,3}\]")
#: a one-letter bracketed alteration at the start of a word ("[I]t is clearly established", "[t]he law"): the letter
#: is the quoted word's own, kept (the other short brackets, "[1]", "['s]", are dropped)
_BRACKET_LETTER = re.compile(r"\[([A-Za-z])\](?=[a-z])")
_LONG_QUOTE = re.compile(r"[\"“][^\"“”]{60,}[\"”]")
_ARGUMENT = re.compile(
    r"\b(?:argues?|argued|arguing|contends?|contended|contending|asserts?|asserted|asserting|maintains?|"
    r"maintaining|urges?|urging|insists?|insisting|suggests?|responds?|responded|replies|replied|counters?|"
    r"posits?|alleges?|alleged|alleging|complains?|complaining|objects?|maintained)\b"
    r"[^.]{0,60}\bthat\b"
    r"|\bclaim(?:s|ed|ing)?\s+that\b"
    # a party's case told as its claim ("Lozman's claim is that, notwithstanding the presence of probable cause, his
    # arrest ... violated the First Amendment", Lozman v. Riviera Beach)
    r"|\b(?:claim|contention|argument|theory|position)\s+(?:is|was)\s+that\b"
    # a party's say-so or concession ("defendants say the instruction precluded the jury from finding ..., and
    # therefore that Officer Tsoukalas had probable cause", "The government had in fact conceded that the items ...
    # must be suppressed because ...", "whose primary defense was that he had probable cause")
    r"|\b(?:defendants?|plaintiffs?|appellants?|appellees?|petitioners?|respondents?|the\s+government|the\s+state)\s+"
    r"(?:\w+\s+){0,3}?(?:say|says|said|conceded|concedes)\b[^.]{0,200}\bthat\b"
    r"|\bdefen[cs]e\s+(?:was|is)\s+that\b"
    # a theory a party pressed or gave up ("Officer Bright, quite wisely, no longer defends the theory raised below that
    # he had probable cause to arrest Northrup.")
    r"|\b(?:defends?|defended|press(?:es|ed)?|abandon(?:s|ed)?|advanc(?:es|ed))\s+(?:the|this|that|a|his|her|their)\s+"
    r"(?:\w+\s+)?theory\b[^.]{0,60}\bthat\b"
    r"|\b(?:argument|motions?|moved|moves|seeks?|sought|asks?|asked|petition)\b[^.]{0,60}"
    r"\b(?:that|for\s+(?:judgment|summary|dismissal)|because|on\s+the\s+grounds?)\b"
    # a party's grounds of appeal ("He now appeals on three grounds: that the search ... violated the Fourth
    # Amendment"): the verb after a party, so "the Court of Appeals held that ..." is not caught
    r"|\b(?:he|she|they|appellants?|appellees?|defendants?|plaintiffs?|petitioners?|respondents?)\s+"
    r"(?:now\s+|also\s+|then\s+)?(?:appeals?|appealed|challenges?|challenged)\b[^.]{0,60}"
    r"\b(?:that|grounds?|arguing)\b"
    # a party's argument told with the attribution set off by commas, no "that" ("Accordingly, petitioners argued,
    # her termination did not violate clearly established law.", Johnson v. Fankell, 520 U.S. 911)
    r"|,\s*(?:the\s+)?(?:he|she|they|appellants?|appellees?|defendants?|plaintiffs?|petitioners?|respondents?|"
    r"officers?|officials?)\s+(?:argues?|argued|contends?|contended|asserts?|asserted|maintains?|maintained|"
    r"insists?|insisted|urges?|urged|claims?|claimed)\s*,"
)
_STANDARD = re.compile(
    r"\b(?:unless|insofar\s+as\s+(?:their|his|her|its|the)\s+conduct|so\s+long\s+as|only\s+if|only\s+when|to\s+determine|in\s+determining|"
    r"the\s+question\s+(?:is|of)|before\s+concluding|must\s+(?:determine|decide|consider|ask)|a\s+court\s+(?:must|should|may)|"
    r"courts?\s+(?:must|should|may|often)|two-?\s?(?:part|prong|step)|burden\s+(?:to|of)\s+(?:demonstrate|show|"
    r"establish|prove|proving|showing|demonstrating))\b"
    r"|\b(?:entitled\s+to\s+(?:qualified\s+)?immunity|clearly\s+established)\s+(?:if|where|when)\b"
    # what a party must show ("To survive summary judgment, a plaintiff must show that a reasonable jury could find
    # that a retaliatory motive ... was a "but-for cause" of the adverse action", Graham v. Barnette, 8th Cir. 2021)
    r"|\bto\s+survive\s+(?:summary\s+judgment|a\s+motion\b)|\bplaintiffs?\s+must\s+(?:show|prove|establish|demonstrate)\b"
    r"|^(?:(?:but|and|yet|so)\s+)?(?:if|where|when|even\s+if|even\s+when)\b|^whether\b"
    r"|\b(?:government|governmental|public|state|police)\s+(?:officials|officers|actors)\s+"
    r"(?:are|generally|who|performing)"
    r"|\b(?:when|where|if)\s+(?:their|his|her|the\s+official's)\s+conduct\b"
    r"|\b(?:an|a)\s+(?:officer|official|defendant)\s+is\s+(?:entitled|immune)"
    # a class of claims described ("The immunity standard in Harlow itself eliminates all motive-based claims in which
    # the official's conduct did not violate clearly established law.", Crawford-El v. Britton)
    r"|\b(?:claims?|cases?|suits?|actions?)\s+in\s+which\b"
    # the usual course ("Ordinarily, for the nonmovant to avoid the entry of summary judgment, ..."), a class of
    # situations ("Even in situations in which an officer reasonably but mistakenly concludes that probable cause exists,
    # ..."), what a conclusion can rest on ("... can provide especially strong support for a conclusion that the law is
    # clearly established")
    r"|^(?:ordinarily|generally|as\s+a\s+general\s+(?:rule|matter))\b"
    r"|\b(?:situations?|circumstances)\s+(?:in\s+which|where)\b"
    r"|\bsupport\s+for\s+a\s+(?:conclusion|finding|determination)\s+that\b"
)
_LOWER_COURT = re.compile(
    r"\b(?:district|trial|lower|bankruptcy|circuit|superior|magistrate)\s+(?:court|judge)\b|\bcourt\s+below\b|"
    r"\bcourt\s+of\s+appeals\b|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|federal)\s+"
    r"circuit\b|\bthe\s+panel\b|\bthe\s+circuit\s+(?:then\s+|also\s+|further\s+)?(?:applied|held|found|concluded|ruled|"
    r"reasoned|determined|decided|granted|denied|reversed|affirmed)\b|"
    # a judge below told by pronoun ("He also concluded that, assuming a constitutional violation, the law was not
    # clearly established.", Los Angeles County v. Rettele, 550 U.S. 609: the District Judge): an appellate court speaks
    # of itself as "we" or "the Court", never "he" or "she"
    r"\b(?:he|she|the\s+judge)\s+(?:also\s+|further\s+|then\s+|next\s+|first\s+|thus\s+|therefore\s+)?"
    r"(?:concluded|held|ruled|found|determined|decided|reasoned)\s+that\b|"
    r"\bmagistrate\b|\bthe\s+court\s+(?:held|concluded|found|ruled|granted|denied|determined|decided|"
    r"rejected|noted|reasoned|added)\b|\bthe\s+court\s+(?:nevertheless|nonetheless|however|accordingly|first|"
    r"finally|ultimately)\s+(?:held|concluded|found|ruled|determined|decided|added)\b|\baccording\s+to\s+the\s+court\b|\bthe\s+court\s+(?:also|then|further|next|thus|therefore)\s+"
    r"(?:held|concluded|found|ruled|determined|decided|recognized|noted)\b|\bthe\s+court\s+went\s+on\s+to\s+"
    r"(?:conclude|hold|find)\b|\b(?:the|panel)\s+majority(?:['’]s)?\s+(?:also\s+)?(?:decided|held|"
    r"concluded|determination|reasoned)\b|"
    # "The court, however, refused Lefemine's request for nominal damages, finding that the defendants were entitled to
    # qualified immunity ..." (Lefemine v. Wideman, 568 U.S. 1: the District Court, in the case's history)
    r"\bthe\s+court,\s+(?:however|nevertheless|nonetheless|though),\s+[a-z]+ed\b|\bthe\s+court\s+(?:refused|declined)\b"
)
_AGREES = re.compile(
    r"\bwe\s+(?:\w+\s+)?(?:agree|affirm|uphold|conclude|hold|find)|\bcorrectly\b|\bproperly\b|"
    r"\bwas\s+(?:legally\s+)?correct\b|\bwe\s+(?:\w+\s+)?reverse\b"
)
#: "As the district court determined, ... must be dismissed on the ground of qualified immunity": the court adopts
#: the ruling below as its own (a footnote number may be glued to "As")
_ADOPTS_BELOW = re.compile(
    r"^\d{0,3}as\s+the\s+(?:district|trial|lower)\s+court\s+(?:\w+\s+)?(?:determined|held|found|concluded|ruled)\b"
)
#: a case cited in the sentence; not a short-form pin cite after a quoted phrase ("The \"fair and clear warning,\"
#: Lanier, 520 U. S., at 271, that these cases provided was sufficient to preclude ..."): that cites the quote's source
_CITED_CASE = re.compile(r"\b[A-Z][\w.'’-]+\s+v\.\s+[A-Z]|\b\d+\s+(?:U\.\s?S\.|F\.\s?(?:2d|3d|4th|Supp)|S\.\s?Ct\.)(?!,?\s+at\b)")
_OTHER_COURT = (
    r"\b(?:circuit|supreme\s+court|the\s+court|courts|[a-z]+\s+court|it)\s+(?:has\s+|had\s+)?(?:\w+ly\s+)?"
    r"(?:held|found|concluded|ruled|stated|noted|explained|reasoned|determined|decided|recognized)\b"
)
#: this court's earlier decisions ("We held ...", "In Welsh, ...")
_EARLIER_CASE = (
    r"\bwe\s+(?:have\s+)?(?:previously\s+|recently\s+|then\s+)?(?:held|found|ruled|reasoned)\b"
    # "Thereafter, we have several times assumed without deciding that Bivens extends to First Amendment claims."
    r"|\bwe\s+have\s+(?:several\s+times|repeatedly|often|long|consistently|frequently|twice|before)\s+"
    r"(?:assumed|held|found|ruled|said|stated|recognized|declined)\b"
    r"|\bwe\s+went\s+on\s+to\s+\w+|\bwe\s+(?:then\s+|ultimately\s+|previously\s+)?(?:concluded|explained|stated|observed|"
    r"emphasized|noted)\b"
    # "In Welsh, ...", "In Garner we stated ...": a sentence about an earlier case
    r"|^in\s+(?!this\b|sum\b|all\b|short\b|any\b|light\b|addition\b|other\b|particular\b|the\b|that\b|these\b|our\b|"
    r"so\b|doing\b|such\b|both\b|each\b|contrast\b|fact\b|reaching\b|view\b|re\b|part\b|turn\b|its\b|his\b|her\b|"
    r"their\b|determining\b|evaluating\b|assessing\b|applying\b|order\b)[a-z][\w'’.-]*(?:\s+v\.\s+[\w'’.-]+)?,"
    # "In Graham we noted that ...": the earlier case named, then what this court said in it
    r"|^in\s+[a-z][\w'’.-]*(?:\s+v\.\s+[\w'’.-]+)?\s+we\s+(?:noted|held|said|stated|explained|observed|recognized)\b"
    # "the Harlow Court refashioned the qualified immunity doctrine ...": an earlier decision named by its case (not a
    # court of this case: "the district court held ...")
    r"|\bthe\s+(?!district\b|trial\b|lower\b|appeals\b|appellate\b|circuit\b|bankruptcy\b|magistrate\b|state\b|"
    r"supreme\b|superior\b|federal\b|municipal\b|county\b|juvenile\b|family\b|probate\b|tax\b|claims\b|habeas\b|"
    r"reviewing\b|sentencing\b|motion\b|banc\b|same\b|other\b|present\b|instant\b|full\b|panel\b)[a-z]+\s+court\s+"
    r"(?:refashioned|held|said|stated|explained|recognized|reasoned|noted|observed|rejected|adopted|emphasized)\b"
)
_OTHER_DECISION = re.compile(_OTHER_COURT + "|" + _EARLIER_CASE)
#: the court endorses another court's holding as its own ("The Court of Appeals for the Fifth Circuit properly held that
#: such conditions of confinement violate the Eighth Amendment's prohibition on cruel and unusual punishment.", Taylor v.
#: Riojas, 592 U.S. 7): the holding is the court's too
_ENDORSED = re.compile(r"\b(?:correctly|properly|rightly)\s+(?:held|found|concluded|ruled|determined|decided)\b")
_EARLIER_DECISION = re.compile(_EARLIER_CASE)
_EQUITABLE = re.compile(r"equitable|injunctive|declaratory|official[- ]capacity|prospective\s+relief")
_STATE_LAW = re.compile(r"\bch\.\s*\d|\bchapter\s+\d|\bstate[- ]law\b|\bg\.\s?l\.|\bm\.g\.l|\bstatute\b")
#: cues that say the court below was wrong: read even in a sentence that describes the court below
_CORRECTS_BELOW = frozenset({"not_beyond_debate", "erred_not_entitled", "remand_judgment_for_officers",
                             "denial_must_be_reversed", "reverse_not_entitled_determination", "erred_granting",
                             "erred_denying"})
#: cues read with their own, narrower tests of whether the sentence is this court's ruling — "arguing": a party's
#: argument; "below": a court below; "posed": a question ("whether" or "if" before the cue)
_OWN_TESTS: dict[str, frozenset[str]] = {
    # this court's own disposition in the passive: the "motion for summary judgment" it names is no party's argument,
    # and the court below it names is what is disposed of ("The order of the district court denying ... is REVERSED")
    "passive_disposition_for_officials": frozenset({"posed"}),
    "passive_disposition_against_officials": frozenset({"posed"}),
    # "We hold that the defendants cannot immediately appeal ..."
    "cannot_appeal_denial": frozenset({"arguing", "below", "posed"}),
    # the court answering an argument it states, whose own "if an officer is entitled ..." is no question
    "shielded_argument_rejected": frozenset({"below"}),
}
#: the words of a constitutional claim, which an assumed violation names
_CONSTITUTIONAL_CONTEXT = re.compile(r"violat|constitution|amendment|\bright|unlawful|illegal|excessive|probable\s+cause|"
                                     r"unreasonabl|seiz|search|arrest|interest|process|retaliat|discriminat|force")
#: the court below named only as the author of a rule the court judges ("The rule applied by the panel majority was not
#: clearly established because it was not "settled law."", District of Columbia v. Wesby): the sentence is the court's
_BELOW_AS_AGENT = re.compile(r"\b(?:rule|standard|test|principle)\s+(?:applied|adopted|announced)\s+by\s+the\s+"
                             r"(?:panel\s+majority|panel|court\s+below|district\s+court|court\s+of\s+appeals|\w+\s+circuit)\b")
#: what a precedent did not hold, before a violation or no-violation ruling it names
_NOT_HELD = re.compile(r"\b(?:did\s+not|does\s+not|never)\s+[\"“]?h[eo]ld[\"”]?\s+that\b")
#: a hypothetical before a grant or denial ("that even if Anderson is entitled to qualified immunity ...")
_HYPOTHETICAL = re.compile(r"\b(?:even\s+)?if\b(?![^,;]*,\s*(?:we|the\s+court)\b)")
#: the right to raise the defense, not the court's grant of it
_SEEKS_QI = re.compile(r"\bentitled\s+to\s+(?:seek|assert|raise|invoke|claim|plead)\b")
#: an immunity under state law, not qualified immunity ("entitled to immunity on ... state-law claims")
_STATE_LAW_IMMUNITY = re.compile(r"\bimmun\w*\s+(?:\w+\s+){0,2}on\s+[^.]{0,40}\bstate[- ]law\s+claims?\b")
#: this court speaking in its own voice, in a sentence that also names another court
_OWN_VOICE = re.compile(r"\bwe\b|\bthis\s+court\b")
#: what a judge below (or a dissent) would have held ("Dissenting in part, Judge Graber would have held that the
#: officers were entitled to qualified immunity"): not this court's decision
_WOULD_HAVE_HELD = re.compile(r"\bwould\s+have\s+(?:held|found|concluded|ruled|granted|denied)\b")
#: cues that say the court upholds a finding below ("the evidence supports the jury's and the district court's
#: determination that ..."): read in a sentence that names the court below, every other test still applies
_UPHOLDS_BELOW = frozenset({"evidence_supports_violation"})
#: a prosecutor's or grand jury's finding told in the history ("Later, the State's attorney determined there was probable
#: cause to arrest Lozman ... but decided to dismiss the charges."), unless the court rests its own ruling on it ("The
#: district court properly directed a verdict ..., since a grand jury found there was probable cause")
_CHARGING_FOUND = re.compile(r"\b(?:state['’]s\s+attorney|prosecutors?|district\s+attorney|grand\s+jury)\s+(?:\w+\s+)?"
                             r"(?:found|concluded|determined|decided)\b")
#: what the jury found or could have found, told by the court ("the jury could have concluded that the police had
#: probable cause"): the jury's finding on a claim, not this court's ruling that there was no violation
_JURY_FOUND = re.compile(r"\bthe\s+jury\s+(?:could\s+have\s+|may\s+have\s+|must\s+have\s+|reasonably\s+)?"
                         r"(?:found|concluded|determined)\b")
#: a slip opinion's page header followed by the tail of a sentence cut by the page break ("Cite as: 572 U. S. ____
#: (2014) 5 Per Curiam violated the Fourth Amendment."): a fragment, not a sentence
_PAGE_FRAGMENT = re.compile(
    r"^(?:Cite\s+as:\s+\d+\s+U\.\s?S\.\s+\S+\s+\(\d{4}\)\s+\d+|\d+\s+[A-Z][A-Z .,'’&-]+\s+v\.\s+[A-Z][A-Z .,'’&-]+?)\s+"
    r"(?:Per\s+Curiam\s+|Opinion\s+of\s+the\s+Court\s+)?[a-z]"
)
#: "notwithstanding that his actions violated the Fourth Amendment", "even assuming ...": not a finding
#: ("His allegations, even if accepted as true, did not state a claim ..." takes the allegations as pleaded: a finding)
_ASSUMED = re.compile(r"\b(?:notwithstanding\s+that|even\s+(?:if|assuming|though)(?!\s+(?:accepted|taken)\s+as\s+true\b|"
                      r"\s+true\b)|assuming)\b")
#: a merits rule stated with its condition after the verb ("Retaliatory employment actions do not violate the First
#: Amendment if: (1) the speech ...", "A warrantless entry ... does not violate the Fourth Amendment's protection ...
#: if the officers have obtained the consent of a third party"): the general rule, not a holding on these facts
#: (the court's "did not violate his rights, even if ..." still holds)
_RULE_CONDITION = re.compile(r"^[\s,:;]*(?:[\w'’-]+[\s,]+){0,7}?(?<!even\s)(?:if|unless|so\s+long\s+as|as\s+long\s+as|"
                             r"provided\s+that|only\s+when)\b")
#: whose burden it is to show a violation ("the union bears the burden of establishing that the disputed assessments
#: do not violate the dissenter's First Amendment rights"): the rule on proof, not a holding
_BURDEN = re.compile(r"\bburden\s+of\s+(?:establishing|proving|showing|demonstrating)\b")
#: a conceded premise made the subject of the sentence ("That, at some later point, the length of his detention
#: violated the Fourth Amendment does not retroactively invalidate the prior lawful search"): the court rules on
#: what follows, not on the premise
_CONCEDED_PREMISE = re.compile(r"^that\b")
_PREMISE_VERB = re.compile(r"^[^.;]*?\b(?:does|do|did|would|could|will|can)\s*(?:not|n't)\b")
#: the law of the time of the conduct ("did not violate Graham's Fourth Amendment rights under our then-extant
#: community-caretaking jurisprudence"): a prong-2 statement, not a merits ruling
_THEN_EXTANT = re.compile(r"\bunder\s+(?:our|the|this\s+circuit['’]s)\s+(?:then-?\s?extant|then-?\s?existing|pre-?\s?existing)\b")
_PRONG2_FRAME = re.compile(r"clearly\s+establish|beyond\s+debate|(?:been|be)\s+clear\s+to\s+(?:a|every)\s+reasonable")
#: (not the court's own "we think it is quite clear that Deputy Scott did not violate the Fourth Amendment")
_THIS_CASE_BELIEF = re.compile(r"(?<!\bwe )(?<!\bwe also )\b(?:believed?|thought|understood|known|think)\b[^.]{0,60}$")


@dataclass(frozen=True)
class Hit:
    """A cue that fired in a sentence (``sentence`` indexes the document's sentence list)."""

    cue: Cue
    sentence: int


def court_voice(text: str) -> str:
    """The part of a sentence that speaks for the court: parentheticals and long quotations removed. (Each step only
    when its character is there: most sentences have no parenthesis, bracket or quotation mark.)"""
    out = text
    if "(" in out:
        for _ in range(2):
            out = _PARENS.sub(" ", out)
    if "[" in out:
        out = _BRACKETS.sub("", _BRACKET_LETTER.sub(r"\1", out))
    if '"' in out or "“" in out:
        out = _LONG_QUOTE.sub(" ", out)
    return collapse(out)


def in_quotation(text: str) -> bool:
    """True for a sentence of a quotation that runs over several sentences (its quotation marks do not balance:
    "... a reasonable jury could find that Scott violated [respondent's] Fourth Amendment rights.”): a quoted
    passage is another court's voice, not this court's ruling."""
    return text.count("“") != text.count("”") or text.count('"') % 2 == 1


def describes_earlier_case(low: str) -> bool:
    """True for a sentence (lower-cased court voice) that describes an earlier case ("In Anderson, a warrantless
    search case, we rejected ...", "We held that ..."), unless this court rules in it too ("we conclude")."""
    return bool(_EARLIER_DECISION.search(low)) and not re.search(r"\bwe\s+(?:\w+\s+)?(?:conclude|hold|find|agree)\b", low)


def is_standard_statement(voice: str) -> bool:
    """True for statements of the general rule rather than a ruling in this case."""
    return bool(_STANDARD.search(voice.lower()))


#: a sentence that is wholly a quotation followed by its citation ("“But whether or not the constitutional rule
#: applied by the court below was correct, it was not ‘beyond debate.’ ” Stanton v. Sims, 571 U. S. ___ ..."): the
#: court states its conclusion in the words of an earlier case
_ADOPTED_QUOTE = re.compile(r"^[\"“](?P<q>[^\"“”]{20,})[\"”]\s*(?P<cite>[A-Z][^\"“”]{0,400})$")
_CITE_TAIL = re.compile(r"^(?:[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,8}?,\s+\d+\s+[A-Z]|Id\.,?\s+at\b)")
#: what an adopted quotation is read for: the law's state (prong 2), which a court often puts in a precedent's
#: words; a quoted grant, denial or merits ruling is the earlier case's, about its own facts
_ADOPTED_SIGNALS = ("established", "not_established")
#: a quoted sentence that ends the sentence after the court's own ("... we need not tarry long over this claim.
#: \"[I]t is clearly established, and was at the time of the events in question, that terminating a non-policy-making
#: employee based on political affiliation violates the First Amendment.\""; the citation follows as the next
#: sentence): the court's statement of the law's state, in a precedent's words; read for prong 2 as an adopted quote
#: a sentence that opens with a quotation and goes on in the court's own words, which qualify it ("\"Because
#: Pickering's constitutional rule turns upon a fact-intensive balancing test, it can rarely be considered 'clearly
#: established' for purposes of the Harlow qualified immunity standard,\" at least where substantial disruption has
#: been shown ..."): the court adopts the quotation; read for prong 2 as an adopted quote
_LEADING_QUOTE = re.compile(r"^[\"“](?P<q>[^\"“”]{20,})[\"”]\s*,?\s*(?P<tail>[a-z][^\"“”]*)$")
_TRAILING_QUOTE = re.compile(r"[.!?]\s+[\"“](?P<q>[^\"“”]{20,}[.!?])[\"”]\s*$")


#: a sentence-initial concessive "Whether A or B, ..." clause: the main clause after it is asserted, not posed
#: ("Whether the state of the law is evaluated by reference to the opinions of this Court, of the Courts of Appeals,
#: or of the local District Court, there was no "clearly established" ... right ...", Procunier v. Navarette)
_CONCESSIVE = re.compile(r"^whether\b[^.;?]*?\bor\b[^,;?]*,\s*")


#: an example given on the way to a ruling, not the ruling
_ILLUSTRATION = re.compile(r"(?:\[?\d+\]?\s+)?for\s+(?:instance|example)\b", re.IGNORECASE)


def read_sentence(index: int, sentence: Sentence, *, appellate: bool) -> list[Hit]:
    """The cues that fire in one sentence read as this court's ruling (possibly none)."""
    if (in_quotation(sentence.text) or _PAGE_FRAGMENT.match(sentence.text) or sentence.reading[:1].islower()
            or _ILLUSTRATION.match(sentence.reading)):
        # (a sentence that starts in lower case is the tail of one a footnote at the foot of a page cut off, its running
        # head blanked by ``segment.without_running_heads``: "... did not decide whether Cotton's actions" [footnote]
        # "violated the Fourth Amendment."; one that opens "For instance," illustrates an argument or a standard: "For
        # instance, there is no doubt that the officers did not violate any federal right when they opened Sheehan's
        # door the first time." is no ruling on the claims, City and County of San Francisco v. Sheehan, 575 U.S. 600;
        # "For example, the right to due process of law is quite clearly established by the Due Process Clause, and
        # thus ..." is not the law's state here, Anderson v. Creighton, 483 U.S. 635)
        return []
    adopted = _ADOPTED_QUOTE.match(sentence.reading)
    if adopted and _CITE_TAIL.match(adopted.group("cite")):
        return [h for h in _read_voice(index, court_voice(adopted.group("q")), appellate)
                if h.cue.signal in _ADOPTED_SIGNALS]
    leading = _LEADING_QUOTE.match(sentence.reading)
    tail = leading.group("tail").lower() if leading else ""
    if leading and not _OTHER_DECISION.search(tail) and not _ARGUMENT.search(tail) and not _LOWER_COURT.search(tail):
        return [h for h in _read_voice(index, court_voice(leading.group("q")), appellate)
                if h.cue.signal in _ADOPTED_SIGNALS]
    hits = _read_voice(index, court_voice(sentence.reading), appellate)
    trailing = _TRAILING_QUOTE.search(sentence.reading)
    if trailing:
        seen = {h.cue.name for h in hits}
        hits += [h for h in _read_voice(index, court_voice(trailing.group("q")), appellate)
                 if h.cue.signal in _ADOPTED_SIGNALS and h.cue.name not in seen]
    return hits


def _read_voice(index: int, voice: str, appellate: bool) -> list[Hit]:
    if not voice or voice.endswith("?"):
        return []
    low = voice.lower()
    found = [(cue, m) for cue in _candidates(tuple(k for k in _KEYWORDS if k in low))
             if (m := cue.search_lower(low)) is not None]
    if not found:
        return []  # most sentences read: no cue, so none of the court-voice tests below is needed
    concessive = _CONCESSIVE.match(low)
    if concessive and all(m.start() >= concessive.end() for _, m in found):
        # every cue is in the main clause after a concessive "Whether A or B, ...": read the main clause alone
        voice = voice[concessive.end():]
        low = low[concessive.end():]
        found = [(cue, m) for cue, _ in found if (m := cue.search_lower(low)) is not None]
    standard = is_standard_statement(low)
    arguing = bool(_ARGUMENT.search(low)) and not re.search(
        r"\bwe\s+(?:\w+\s+)?(?:hold|conclude|agree|find)|^we\s+need\s+not\b", low
    )  # "We need not reach the merits of this ... argument because ..." is the court speaking
    adopts = bool(_ADOPTS_BELOW.search(low))
    describing_below = _tells_below(low, appellate) and not adopts
    other_decision = bool(_OTHER_DECISION.search(low)) and not adopts and not _ENDORSED.search(low)
    hits: list[Hit] = []
    for cue, m in found:
        cited = other_decision or bool(_CITED_CASE.search(voice[: m.end()]))
        below = describing_below
        main = _main_clause(low, m.start()) if cue.signal in ("grant", "deny") else 0
        if main:
            # "Because the Second Circuit failed to identify a case where ..., Emmons, 586 U. S., at 43 ..., Zorn was
            # entitled to qualified immunity." (Zorn v. Linton): the court below and the precedent are the reason; the
            # main clause is this court's ruling
            cited = bool(_OTHER_DECISION.search(low[main:]) or _CITED_CASE.search(voice[main:m.end()]))
            below = _tells_below(low[main:], appellate)
        if not _admissible(cue, low, m.start(), standard, arguing, below, cited, m.end()):
            continue
        hits.append(Hit(cue, index))
    return hits


def _tells_below(low: str, appellate: bool) -> bool:
    """Whether (a clause of) a sentence tells the court below's ruling rather than agreeing with it (the court below
    named only as the author of a rule the court judges does not count)."""
    return appellate and bool(_LOWER_COURT.search(_BELOW_AS_AGENT.sub(" ", low))) and not _AGREES.search(low)


_BECAUSE = re.compile(r"(?:because|since)\b")


def _main_clause(low: str, at: int) -> int:
    """Where the main clause starts, in a sentence that opens with a "because" clause and rules after it (the last comma
    before ``at``); 0 when the sentence does not open so."""
    if not _BECAUSE.match(low):
        return 0
    comma = low.rfind(", ", 0, at)
    return comma + 2 if comma > 0 else 0


#: every cue's prefilter keywords; a sentence is tested only against the cues whose keyword it holds (or that have
#: none), in table order
_KEYWORDS = tuple(sorted({k for c in CUES for k in c.keywords}))


@lru_cache(maxsize=4096)
def _candidates(present: tuple[str, ...]) -> tuple[Cue, ...]:
    have = set(present)
    return tuple(c for c in CUES if not c.keywords or have.intersection(c.keywords))


#: a denial of what the clause after it says ("It by no means follows that ...", "it does not follow that ...")
_NOT_FOLLOWS = re.compile(r"\b(?:by\s+no\s+means|does\s+not|doesn['’]t|did\s+not|not\s+necessarily)\s+follows?\b")
_POSED = re.compile(r"(?<!regardless )(?<!regardless of )\b(?:whether|if|unless)\b"
                    r"(?!\s+(?:deemed|proven|proved|true|so|(?:accepted|taken)\s+as\s+true)\b)")


def _admissible(cue: Cue, low: str, at: int, standard: bool, arguing: bool, below: bool, cited: bool,
                end: int = -1) -> bool:
    """Whether a cue match at ``at`` is this court's ruling on this case."""
    own = _OWN_TESTS.get(cue.name)
    if own is not None:
        return not (("arguing" in own and arguing) or ("below" in own and below)
                    or ("posed" in own and re.search(r"\b(?:whether|if)\b", low[:at])))
    if cue.signal in ("not_decided", "p1_skipped") and (describes_earlier_case(low) or (
            (_OTHER_DECISION.search(low) or _LOWER_COURT.search(low))
            and not _OWN_VOICE.search(low) and not _ADOPTS_BELOW.search(low))):
        return False  # another court's or an earlier case's assumption ("The Third Circuit, like this circuit, has
        # assumed without deciding that ...")
    if cue.name == "assume_violation" and not _CONSTITUTIONAL_CONTEXT.search(low):
        return False  # an assumption on another question ("Even assuming, arguendo, that the standard suggested in
        # Carparts is applicable here, Clancy did not exercise sufficient control ... to qualify as his employer": Title
        # VII), not an assumed violation
    if cue.signal in ("not_decided", "p1_skipped"):
        return not arguing
    if cue.name in _CORRECTS_BELOW:
        return not arguing and not standard  # "whether or not the rule applied by the court below was correct, it was not
        # 'beyond debate'"; not the rule ("A right is not clearly established if existing precedent does not place the
        # constitutional question 'beyond debate.'")
    if cue.signal == "deny_left_standing" or cue.name == "infirm_shielded":
        return not arguing  # "we lack jurisdiction over the district court's denial", "... are shielded"
    if arguing or (below and cue.name not in _UPHOLDS_BELOW):
        return False
    if cue.signal == "deny" and _EQUITABLE.search(low):
        return False  # "qualified immunity is no defense to equitable relief" is not a denial of QI
    if cue.signal == "grant" and re.search(r"\b(?:not|never)\b|n't\b", low[max(0, at - 25):at]):
        return False  # "... have not shown that they are entitled to qualified immunity"
    if _WOULD_HAVE_HELD.search(low[:at]):
        return False  # what a judge below would have held ("He would have held that when Howards was arrested, it was not
        # clearly established ...": the dissent in the court of appeals)
    if cue.signal in ("grant", "deny") and (_HYPOTHETICAL.search(low[max(0, at - 60):at]) or _SEEKS_QI.search(low)
                                           or _STATE_LAW_IMMUNITY.search(low)):
        return False  # "even if Anderson is entitled to qualified immunity ...", "entitled to seek the protection of
        # qualified immunity", immunity "on Leona Mullins's state-law claims"
    if cue.signal in ("grant", "deny", "deny_left_standing"):
        # "The sole question, then, is whether the force used violated ... so that petitioner was not entitled to
        # immunity" poses the question
        # ("... genuine issues of material fact remain about whether the force ... violated his Eighth Amendment
        # rights, and that Defendants are not entitled to qualified immunity" rules after the question)
        # ("Qualified immunity protects the officers from this lawsuit if either of two things is true: ..." states the
        # rule with its condition, Northrup v. City of Toledo)
        return (not standard and not cited and not re.search(r"\bwhether\b(?![^;]*,\s+and\s+that\b)", low[:at])
                and not (end >= 0 and _RULE_CONDITION.match(low[end:end + 60])))
    if _OTHER_DECISION.search(low) and not re.search(r"\bwe\s+(?:\w+\s+)?(?:conclude|hold|find|agree)\b", low) \
            and not _ADOPTS_BELOW.search(low) and not _ENDORSED.search(low):
        return False  # another court's (or an earlier) decision, described (not adopted: "As the district court
        # correctly determined that ..., we affirm")
    if _POSED.search(low[:at]) and not re.search(r"genuine\s+issues?|triable", low):
        return False  # "the question is whether ...", "... if the right was not clearly established" pose (not a
        # concessive "Regardless whether Smith's behavior offended ... tort law, it does not shock the conscience")
    if cue.name == "reasonable_factfinder_could_find" and _STATE_LAW.search(low):
        return False
    if cue.signal in ("violation", "no_violation") and (_ASSUMED.search(low[:at]) or _NOT_HELD.search(low[:at])):
        return False  # an assumption; what a precedent did not hold ("Amnesty America did not hold that any of those
        # actions violated the Fourth Amendment")
    if cue.signal in ("violation", "no_violation") and (
        (end >= 0 and _RULE_CONDITION.match(low[end:end + 60])) or _BURDEN.search(low[:at])
        or (_CONCEDED_PREMISE.match(low) and end >= 0 and _PREMISE_VERB.match(low[end:]))
    ):
        return False  # the rule stated with its condition, the burden of proof, a conceded premise
    if cue.signal in ("violation", "no_violation") and (
            _PRONG2_FRAME.search(low[:max(end, at)]) or (end >= 0 and _THEN_EXTANT.search(low[end:]))):
        return False  # "it was not clearly established that an arrest ... could violate the First Amendment"; "the
        # officers' warrantless entry did not violate Graham's Fourth Amendment rights under our then-extant
        # community-caretaking jurisprudence" (the law of that time: prong 2)
    if cue.signal == "no_violation" and _CHARGING_FOUND.search(low[:at]) and not _AGREES.search(low):
        return False  # a prosecutor's or grand jury's finding, told
    if cue.signal == "no_violation" and _JURY_FOUND.search(low[:at]):
        return False  # "the jury could have concluded that the police had probable cause to believe ..."
    if cue.signal == "no_violation" and _THIS_CASE_BELIEF.search(low[:at]):
        return False  # "could reasonably have believed that their conduct did not violate ..." is prong 2
    if cue.signal in ("established", "not_established"):
        if re.search(r"\b(?:federal\s+law|unreasonable\s+application|contrary\s+to)\b", low):
            return False  # AEDPA habeas language, not qualified immunity
        if cue.signal == "established" and _NOT_FOLLOWS.search(low[:at]):
            return False  # "It by no means follows, however, that Mitchell's actions ... violated law that was clearly
            # established at the time" denies what follows
        return not standard
    return not standard
