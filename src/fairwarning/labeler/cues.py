"""Cue tables for reading a qualified-immunity ruling: each cue is a named regular expression with the
signal it gives and a real example sentence from the shared corpus (``tests/test_label_cues.py`` checks
that every example matches its own pattern).

Patterns run on one whitespace-collapsed, lower-cased sentence from which parentheticals and long
quotations have been removed (see :func:`fairwarning.labeler.rules.court_voice`), so a case quoted or
described in a citation parenthetical does not count as this court's ruling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fairwarning.reference.patterns import guarded_alternatives, split_top_level

__all__ = ["Cue", "CUES", "cues_for", "SIGNALS", "CONSTRUCTED_EXAMPLES", "QI_CLAIMED", "ARGUMENT_REJECTED", "QI_QUESTION",
           "QI_ANSWERED_NO", "QI_ANSWERED_YES", "QI_ANSWER"]

#: cues whose example is written by us because the shared corpus holds no instance (say why in the table)
CONSTRUCTED_EXAMPLES = frozenset({"affirm_denial", "reverse_grant", "cannot_appeal_denial", "passive_disposition_for_officials",
                                  "passive_disposition_against_officials", "unlike_other_entitled",
                                  "reverse_not_entitled_determination", "erred_granting", "erred_denying",
                                  "did_not_clearly_establish", "no_fair_notice", "not_obvious_case",
                                  "would_not_interpret_to_establish", "obvious_to_any_officer"})


@dataclass(frozen=True)
class Cue:
    name: str
    signal: str  # one of SIGNALS
    pattern: re.Pattern[str]
    example: str  # verbatim sentence (whitespace collapsed) from the corpus
    example_opinion: str  # CourtListener opinion id of the example
    #: one literal word per top-level alternative that any match must contain (lower case); a sentence with
    #: none of them is skipped without running the regex. Empty: always run.
    keywords: tuple[str, ...] = ()

    def may_match(self, low: str) -> bool:
        return not self.keywords or any(k in low for k in self.keywords)

    @property
    def lower(self) -> re.Pattern[str]:
        """The pattern for lower-cased text: no case folding, about twice as fast (same matches: the patterns
        hold no upper-case letter)."""
        return _LOWER.get(self.name) or self.pattern

    def search_lower(self, low: str) -> re.Match[str] | None:
        """``self.lower.search(low)`` for a lower-cased sentence, found faster: each alternative's body searched from
        the literal it starts with, its opening assertions checked where it matches (see
        :func:`~fairwarning.reference.patterns.guarded_alternatives`)."""
        parts = _PARTS.get(self.name)
        if parts is None:
            return self.lower.search(low)
        best: re.Match[str] | None = None
        best_at = len(low) + 1
        for finder, checker in parts:
            pos = 0
            while (m := finder.search(low, pos)) is not None and m.start() < best_at:
                at = m.start()
                if checker is not None and (m := checker.match(low, at)) is None:
                    pos = at + 1  # the body is here but not its assertions: search on
                    continue
                best, best_at = m, at  # (a later alternative wins only by starting earlier)
                break
        return best


SIGNALS = (
    "grant",  # this court grants or upholds QI (for someone)
    "deny",  # this court denies QI or upholds its denial
    "deny_left_standing",  # appeal from a denial dismissed: the denial stands
    "not_decided",  # the court says it does not reach QI
    "violation",  # prong 1: the facts show a constitutional violation
    "no_violation",  # prong 1: no violation
    "p1_skipped",  # prong 1 expressly not decided / assumed
    "established",  # prong 2: the right was clearly established
    "not_established",  # prong 2: not clearly established / reasonable official could think lawful
)

_QI = (
    r"(?:qualified(?:ly)?\s+immun\w*|good[- ]faith\s+immunity|(?<!sovereign )(?<!absolute )(?<!statutory )"
    r"(?<!amendment )(?<!judicial )(?<!prosecutorial )(?<!witness )(?<!official )(?<!sovereign-)(?<!same )immunity)"
)
_RIGHTS = (
    r"(?:constitutional|fourth amendment|first amendment|eighth amendment|fourteenth amendment|due process|"
    r"federal(?:ly)? protected|federal|civil|equal protection)"
)

#: the parts of a disposition told in the passive about the order below ("The order of the district court denying ...
#: qualified immunity is REVERSED"); never one "in part" (the other rules read a partial result)
_NOT_IN_PART = r"(?:(?!\bin\s+part\b)[^.])"
_ORDER_DENYING = (rf"\b(?:order|denial|judgment|decision|ruling)\b{_NOT_IN_PART}{{0,100}}\bden(?:ying|ied)\b[^.]{{0,100}}{_QI}"
                  rf"{_NOT_IN_PART}{{0,60}}")
_ORDER_GRANTING = (rf"\b(?:order|judgment|decision|ruling)\b{_NOT_IN_PART}{{0,100}}\bgrant(?:ing|ed)\b[^.]{{0,100}}{_QI}"
                   rf"{_NOT_IN_PART}{{0,60}}")
#: the court below erred in ruling ("erred in granting", "erred when it denied")
_ERRED = r"\berred\s+(?:in|by|when\s+it)\s+"
#: notice not given ("did not give fair notice to", "could not have given fair warning")
_NOT_GIVEN = r"\b(?:did|does|could)\s+not\s+(?:have\s+)?(?:give|given|provide|provided)\s+(?:[\w\[\]’'-]+\s+){0,3}?(?:fair\s+)?"
_IS_REVERSED = r"\b(?:is|are|be|must\s+be)\s+(?:hereby\s+)?(?:reversed|vacated)\b(?!\s+in\s+part)"
_IS_AFFIRMED = r"\b(?:is|are)\s+(?:hereby\s+)?affirmed\b(?!\s+in\s+part)"

# (name, signal, pattern, example, opinion id)
_TABLE: list[tuple[str, str, str, str, str]] = [
    # ---- grants ---------------------------------------------------------------------------------------
    (
        "entitled",
        "grant",
        rf"(?<!not )(?<!n't )\b(?:is|are|was|were|be|been|remains?)\s+(?:therefore\s+|thus\s+|also\s+|similarly\s+|"
        rf"nonetheless\s+|still\s+|clearly\s+|plainly\s+|correctly\s+|at\s+least\s+)?entitled\s+to\s+"
        # not "entitled to only qualified immunity" (a ruling that absolute immunity is unavailable, Buckley v.
        # Fitzsimmons), nor "entitled to prevail but for the immunity defenses" (Crawford-El v. Britton)
        rf"(?:(?!only\b|prevail\b|but\b)[\w-]+\s+){{0,4}}?{_QI}",
        "Officer Guttman was therefore entitled to qualified immunity.",
        "3449",
    ),
    (
        # the defense's availability held under its name before Harlow: the officers may assert it (Pierson v. Ray)
        "good_faith_defense_available",
        "grant",
        r"\bwe\s+(?:\w+\s+)?hold\s+that\s+the\s+defen[cs]e\s+of\s+good[- ]faith\s+and\s+probable\s+cause\b[^.]{0,200}?"
        r"\b(?:is|are)\s+(?:also\s+)?available\s+to\s+(?:them|the\s+(?:officers|officials|defendants|petitioners|respondents))\b",
        "We hold that the defense of good faith and probable cause, which the Court of Appeals found available to the "
        "officers in the common-law action for false arrest and imprisonment, is also available to them in the action "
        "under § 1983.",
        "107411",
    ),
    (
        "affirm_grant",
        "grant",
        rf"\baffirm\w*\s+(?:the\s+)?(?:district\s+court'?s?\s+|court'?s\s+)?(?:grant|award|entry)\w*\s+of\s+[^.]{{0,80}}{_QI}",
        "For all these reasons, we affirm the grant of qualified immunity on the due process claim.",
        "180885",
    ),
    (
        "reverse_denial",
        "grant",
        rf"\bwe\s+(?:\w+\s+)?revers\w*\s+[^.]{{0,160}}\bden(?:ial|ied|ying)\b[^.]{{0,160}}{_QI}",
        "Accordingly, we reverse the judgment of the district court, insofar as it denied the officers' motion "
        "for summary judgment on grounds of qualified immunity.",
        "194789",
    ),
    (
        "denial_must_be_reversed",
        "grant",
        rf"\bjudgment\s+of\s+the\s+court\s+of\s+ap-?\s?peals\s+(?:denying|that\s+denied)\s+[^.]{{0,60}}{_QI}\s+"
        r"(?:must|is|should)\s+(?:there-?\s?fore\s+|accordingly\s+)?(?:be\s+)?reversed",
        "The judgment of the Court of Ap- peals denying the officers qualified immunity must there- fore be reversed.",
        "623242",
    ),
    (
        "cert_granted_reverse",
        "grant",
        rf"\bwe\s+grant\s+the\s+petition\s+[^.]{{0,60}}{_QI}[^.]{{0,20}}\band\s+reverse\b",
        "We grant the petition on the second, qualified immunity question and reverse.",
        "137736",
    ),
    (
        "properly_granted",
        "grant",
        rf"\b(?:properly|correctly|appropriately)\s+granted\s+[^.]{{0,60}}{_QI}|{_QI}[^.]{{0,40}}\b(?:properly|correctly)\s+granted",
        "Under these circumstances, we conclude that summary judgment was properly granted on the qualified "
        "immunity issue.",
        "569255",
    ),
    (
        "erred_not_entitled",
        "grant",
        rf"\berred\s+(?:when|in)\s+(?:it\s+)?h[eo]ld(?:ing)?\s+that\s+[^.]{{0,60}}\bnot\s+entitled\s+to\s+{_QI}",
        "The Third Circuit therefore erred when it held that Carroll was not entitled to qualified immunity.",
        "2750102",
    ),
    (
        # a summary reversal's disposition of the court of appeals' QI denial ("we grant Rivas-Villegas' petition for
        # certiorari and reverse the Ninth Circuit's determination that Rivas-Villegas is not entitled to qualified
        # immunity", Rivas-Villegas v. Cortesluna, 595 U.S. 1; Mullenix v. Luna, 577 U.S. 7: fresh batch-11)
        "reverse_not_entitled_determination",
        "grant",
        rf"\brevers\w*\s+(?:the\s+)?[^.]{{0,60}}\b(?:determination|holding|conclusion)\s+that\s+[^.]{{0,60}}\bnot\s+"
        rf"entitled\s+to\s+{_QI}",
        "For that reason, we grant Rivas-Villegas’ petition for certiorari and reverse the Ninth Circuit’s determination "
        "that Rivas-Villegas is not entitled to qualified immunity.",
        "",  # constructed: Rivas-Villegas v. Cortesluna, 595 U.S. 1 (2021), fresh batch-11
    ),
    (
        # the court below erred in granting the immunity ("The Fifth Circuit erred in granting the officers qualified
        # immunity on this basis.", Taylor v. Riojas, 592 U.S. 7: fresh batch-11)
        "erred_granting",
        "deny",
        rf"{_ERRED}grant(?:ing|ed)\s+[^.]{{0,60}}{_QI}",
        "The Fifth Circuit erred in granting the officers qualified immunity on this basis.",
        "",  # constructed: Taylor v. Riojas, 592 U.S. 7 (2020), fresh batch-11
    ),
    (
        "erred_denying",
        "grant",
        rf"{_ERRED}den(?:ying|ied)\s+[^.]{{0,60}}{_QI}",
        "The Court of Appeals erred in denying the officers qualified immunity.",
        "",  # constructed: the mirror of erred_granting
    ),
    (
        "remand_judgment_for_officers",
        "grant",
        r"\bremanded\s+for\s+the\s+entry\s+of\s+(?:a\s+)?judgment\s+in\s+favor\s+of\s+(?:the\s+)?(?:petitioners?|officers?|defendants?)",
        "The petition for certiorari is granted, the judgment of the Ninth Circuit is reversed, and the case is "
        "remanded for the entry of judgment in favor of petitioners.",
        "621292",
    ),
    (
        "shielded",
        "grant",
        rf"{_QI}\s*,?\s*(?:therefore\s*,?\s*|thus\s*,?\s*)?(?:shielded|protected|barred|bars|shields|protects)\s+"
        r"(?:the|these|those)\s+(?:individual\s+)?(?:defendants?|officers?|officials?)",
        "Qualified immunity, therefore, shielded the defendants from the due process claims of the plaintiffs.",
        "148836",
    ),
    (
        "qi_bars_recovery",
        "grant",
        rf"{_QI}\s+(?:bars?|barred|precludes?|defeats?|forecloses?)\s+(?:any\s+)?(?:recovery|liability|damages|"
        r"the\s+claims?|(?:his|her|their|plaintiffs?['’]?s?|appellants?['’]?s?)\s+claims?)",
        "The Claim for Money Damages Insofar as appellant's First Amendment transfer-and- demotion claim is one "
        "for compensatory damages, we conclude that the doctrine of qualified immunity bars recovery.",
        "194682",
    ),
    (
        "affirm_on_qi_basis",
        "grant",
        rf"\bwe\s+(?:\w+\s+)?affirm\w*\s+[^.]{{0,80}}\b(?:on\s+the\s+(?:basis|grounds?)\s+of|based\s+on|because\s+of)\s+"
        rf"(?:the\s+)?{_QI}",
        "We affirm its decision on the basis of the qualified immunity defense asserted by defendants on appeal, "
        "which, in this case, may be resolved as a question of law.",
        "195294",
    ),
    (
        "protected_by",
        "grant",
        rf"(?<!not )\b(?:are|is|were|was)\s+(?:(?!not\b)\w+\s+)?(?:protected|shielded)\s+by\s+{_QI}",
        "Accordingly, defendants are protected by qualified immunity, and Stow's claim for compensatory damages "
        "was properly dismissed.",
        "195294",
    ),
    (
        "ruling_correct",
        "grant",
        rf"\b(?:ruling|determination|conclusion|decision|holding)\s+that\s+[^.]{{0,100}}\bentitled\s+to\s+{_QI}"
        r"[^.]{0,100}\bwas\s+(?:plainly\s+|clearly\s+|entirely\s+|therefore\s+)?(?:correct|right|proper|sound)",
        "As a result, the district court's ruling that defendants were entitled to qualified immunity from "
        "plaintiff's claim for civil damages was plainly correct.",
        "194478",
    ),
    (
        # the denial below, held erroneous ("... the District Court's erroneous decision that Mitchell is not entitled
        # to summary judgment on the ground of qualified immunity, the judgment of the Court of Appeals is reversed")
        "erroneous_denial_below",
        "grant",
        rf"\berroneous\s+(?:decision|ruling|determination|conclusion|holding)\s+that\s+[^.]{{0,60}}\bnot\s+entitled\s+to\s+"
        rf"[^.]{{0,60}}{_QI}",
        "The court erred, however, in declining to accept jurisdiction over the question of qualified immunity; and to "
        "the extent that the effect of the judgment of the Court of Appeals is to leave standing the District Court's "
        "erroneous decision that Mitchell is not entitled to summary judgment on the ground of qualified immunity, the "
        "judgment of the Court of Appeals is reversed.",
        "111481",
    ),
    (
        # immune despite a violation the court takes as given ("Mitchell is immune from suit for his authorization of the
        # Davidon wiretap notwithstanding that his actions violated the Fourth Amendment"): the grant, on prong 2
        "immune_notwithstanding",
        "grant",
        r"(?<!absolutely )\bimmune\s+from\s+(?:suit|liability|damages)\b[^.]{0,120}\bnotwithstanding\s+that\b",
        "Hence, in the absence of contrary directions from Congress, Mitchell is immune from suit for his authorization "
        "of the Davidon wiretap notwithstanding that his actions violated the Fourth Amendment.",
        "111481",
    ),
    (
        "entitled_to_dismissal_on_qi",
        "grant",
        rf"(?<!not )\bentitled\s+to\s+(?:dismissal|summary\s+judgment|judgment)\s+on\s+(?:the\s+)?(?:grounds?|basis)\s+"
        rf"of\s+{_QI}|\bmust\s+be\s+dismissed\s+on\s+the\s+grounds?\s+of\s+{_QI}",
        "Consequently, to the extent that the complaint even raised an issue of substantive due process, we "
        "agree with the district court that the defendants were entitled to dismissal on grounds of qualified "
        "immunity.",
        "194558",
    ),
    (
        "qi_judgment_affirmed",
        "grant",
        rf"\bon\s+(?:the\s+)?grounds?\s+of\s+{_QI}\s+(?:is|are)\s+(?:\w+\s+)?affirmed",
        "The judgment dismissing all claims against the individual defendants on the grounds of qualified "
        "immunity is likewise affirmed.",
        "194753",
    ),
    (
        "barred_by",
        "grant",
        rf"(?<!not )\b(?:were|was|are|is)\s+barred\s+by\s+{_QI}",
        "It concluded that his Eighth and Fourteenth Amendment claims were barred by qualified immunity and "
        "that his official capacity challenge to the directive as a policy No.",
        "4030802",
    ),
    (
        "defense_disposes",
        "grant",
        rf"{_QI}\s+defense\s+accepted\s+by\s+the\s+district\s+court\s+disposes",
        "The qualified immunity defense accepted by the district court disposes of this appeal, and the "
        "legal framework for it is straightforward.",
        "177300",
    ),
    (
        "infirm_shielded",
        "grant",
        r"\b(?:infirm|barred|fail)\s+because\s+(?:public\s+|the\s+)?(?:officials|officers|defendants)\s+are\s+"
        r"shielded\s+from\s+liability",
        "The remaining claims against the various state, county and local officials are infirm because public "
        "officials are shielded from liability for civil damages under 1983 \"unless their conduct was "
        "unreasonable in light of clearly established law.\"",
        "195360",
    ),
    # ---- denials --------------------------------------------------------------------------------------
    (
        "not_entitled",
        "deny",
        rf"\b(?:is|are|was|were|be)\s*(?:'|’)?\s+not\s+(?:\w+\s+)?entitled\s+to\s+(?:the\s+protections?\s+of\s+)?{_QI}",
        "Defendants are not entitled to qualified immunity, but the Court agrees with their newly raised "
        "argument.",
        "1947820",
    ),
    (
        "defense_fails",
        "deny",
        rf"{_QI}\s+(?:defense\s+)?(?:does|do|did|cannot|can\s+not|could\s+not|would\s+not|will\s+not)\s+(?:not\s+)?"
        r"(?:rescue|protect|shield|apply|bar|save)",
        "The qualified immunity defense does not rescue appellees in this case.",
        "194476",
    ),
    (
        "no_refuge",
        "deny",
        rf"{_QI}\s+affords\s+(?:him|her|them)\s+no\s+refuge|may\s+not\s+avail\s+(?:himself|herself|themselves)\s+of\s+{_QI}",
        "This exercise reveals that, given the jury's resolution of the facts, Pietroski's use of force was "
        "not defensible and, therefore, that qualified immunity affords him no refuge.",
        "177847",
    ),
    (
        "denial_correct",
        "deny",
        rf"\bdenial\s+of\s+[^.]{{0,80}}{_QI}\s+was\s+(?:legally\s+)?(?:correct|proper|appropriate)",
        "And, the district court's denial of the defendants' claims of qualified immunity was legally correct.",
        "194728",
    ),
    (
        "affirm_denial",
        "deny",
        rf"\bwe\s+(?:\w+\s+)?affirm\w*\s+[^.]{{0,120}}\bden(?:ial|ied|ying)\b[^.]{{0,120}}{_QI}",
        "We affirm the district court's denial of the officers' motion for summary judgment on qualified "
        "immunity grounds.",
        "",  # constructed: the shared corpus has no affirmance of a QI denial (see CONSTRUCTED_EXAMPLES)
    ),
    (
        "reverse_grant",
        "deny",
        rf"\bwe\s+(?:\w+\s+)?(?:revers|vacat)\w*\s+(?:(?!instructions|direct)[^.]){{0,160}}\bgrant\w*\b[^.]{{0,160}}{_QI}",
        "We reverse the district court's grant of summary judgment to the officers on qualified immunity "
        "grounds and remand for trial.",
        "",  # constructed: the shared corpus has no reversal of a QI grant (see CONSTRUCTED_EXAMPLES)
    ),
    (
        # one official's immunity contrasted with another's: the other is not entitled to it (a denial, beside the
        # sentence's own grant)
        "unlike_other_entitled",
        "deny",
        rf"^\W*unlike\s+(?:(?:officer|sergeant|deputy|trooper|detective|defendants?|lieutenant|agent)\s+)?[^,]{{1,40}},\s+"
        rf"(?:[\w.'’-]+\s+){{1,4}}(?:is|was|are|were)\s+entitled\s+to\s+{_QI}",
        "Unlike Officer Bright, Sergeant Ray is entitled to qualified immunity.",
        "",  # constructed: Northrup v. City of Toledo Police Dep't, 785 F.3d 1128 (6th Cir. 2015), fresh circuit-1 batch
    ),
    (
        "recommend_denied",
        "deny",
        rf"\b(?:be|is|are)\s+denied\s+on\s+the\s+grounds?\s+that\s+[^.]{{0,80}}not\s+entitled\s+to\s+{_QI}",
        "Accordingly, as set forth above, I respectfully RECOMMEND that Defendants' Second Motion for Summary "
        "Judgment be DENIED on the grounds that Defendants Raymond and Gonzales are not entitled to qualified "
        "immunity on Plaintiffs Sixth Claim for Relief.",
        "1403654",
    ),
    (
        "cannot_shield",
        "deny",
        rf"{_QI}\s+cannot\s+shield",
        "Because an inmate's right not to be subject to retaliatory conduct in response to the exercise of his "
        "constitutional rights was \"clearly established\" at the time of the alleged violations, qualified "
        "immunity cannot shield these officials from § 1983 liability.",
        "1947820",
    ),
    (
        "sufficient_to_preclude",
        "deny",
        rf"\b(?:was|were|is|are)\s+(?:sufficient|enough)\s+to\s+(?:preclude|defeat|overcome)\s+(?:the\s+|their\s+|any\s+)?"
        rf"(?:defense\s+of\s+)?{_QI}",
        "The \"fair and clear warning,\" Lanier, 520 U. S., at 271, that these cases provided was sufficient to "
        "preclude the defense of qualified immunity at the summary judgment stage.",
        "121169",
    ),
    (
        # the court rejects the official's argument that he is shielded all the same (Malley v. Briggs, 475 U.S. 335:
        # the officer "is entitled to only qualified immunity" and the argument that the warrant application is per
        # se reasonable is rejected; the judgment reversing his directed verdict is affirmed)
        "shielded_argument_rejected",
        "deny",
        r"\bwe\s+(?:also\s+|therefore\s+|thus\s+|likewise\s+)?reject\s+[^.]{0,40}\bargument\s+that\b"
        r"(?:(?!\bnot\b|\bno\b|n't\b)[^.]){0,200}\b(?:shielded|protected)\s+from\s+(?:damages\s+)?liability",
        "III We also reject petitioner's argument that if an officer is entitled to only qualified immunity in cases "
        "like this, he is nevertheless shielded from damages liability because the act of applying for a warrant is "
        "per se objectively reasonable, provided that the officer believes that the facts alleged in his affidavit "
        "are true.",
        "111611",
    ),
    (
        # a holding that the officials may not appeal the denial now: it stands (Johnson v. Jones, 515 U.S. 304)
        "cannot_appeal_denial",
        "deny_left_standing",
        r"\b(?:defendants?|officials?|officers?|petitioners?|appellants?)\s+(?:cannot|can\s?not|may\s+not)\s+(?:immediately\s+)?"
        r"appeal\b",
        "We hold that the defendants cannot immediately appeal this kind of fact-related district court determination.",
        "",  # constructed: from Johnson v. Jones (docs/fresh-reading/batch-1), not in the shared corpus
    ),
    (
        # the disposition told in the passive, naming the order below ("The order of the district court denying Officer
        # Jacobson's motion for summary judgment based on qualified immunity is REVERSED, and the case is REMANDED ...",
        # Knight v. Jacobson, 300 F.3d 1272 (11th Cir. 2002)): reversing a denial or affirming a grant grants QI
        "passive_disposition_for_officials",
        "grant",
        rf"{_ORDER_DENYING}{_IS_REVERSED}|{_ORDER_GRANTING}{_IS_AFFIRMED}",
        "The order of the district court denying Officer Jacobson's motion for summary judgment based on qualified "
        "immunity is REVERSED, and the case is REMANDED with directions that summary judgment be entered for him on "
        "that basis.",
        "",  # constructed: from Knight v. Jacobson (docs/fresh-reading/circuit-1), not in the shared corpus
    ),
    (
        # its mirror: reversing a grant or affirming a denial denies QI
        "passive_disposition_against_officials",
        "deny",
        rf"{_ORDER_GRANTING}{_IS_REVERSED}|{_ORDER_DENYING}{_IS_AFFIRMED}",
        "The order of the district court granting the officers' motion for summary judgment based on qualified "
        "immunity is reversed.",
        "",  # constructed: the mirror of passive_disposition_for_officials
    ),
    (
        "lack_jurisdiction",
        "deny_left_standing",
        rf"\black\s+(?:appellate\s+)?jurisdiction\s+over\s+[^.]{{0,80}}den(?:ial|ying|ied)\s+{_QI}",
        "We therefore 8 lack appellate jurisdiction over the district court’s decision denying qualified"
        " immunity to Detective 9 Driscoll and must dismiss that portion of the appeal.",
        "3449",
    ),
    # ---- not decided ----------------------------------------------------------------------------------
    (
        "need_not_reach_qi",
        "not_decided",
        rf"\b(?:need\s+not|do\s+not|will\s+not|shall\s+not|not\s+necessary\s+to|no\s+reason\s+to|decline\s+to)\s+"
        rf"(?:reach|address|consider|decide|discuss|resolve|enquire|inquire)\s+[^.]{{0,80}}{_QI}",
        "Because the complaint was correctly dismissed, there is no reason to consider the subsidiary issues "
        "of qualified immunity and standards for injunctive relief.",
        "151292",
    ),
    (
        # the application of the defense expressly left undecided: "The question is not presented to us, nor do we
        # decide, whether petitioner's conduct in this case was in fact objectively reasonable. That issue must be resolved
        # on remand." (Malley v. Briggs, 475 U.S. 335, n. 8: the Court defines the standard, as Harlow did, and applies it
        # to no one)
        "application_not_decided",
        "not_decided",
        r"\b(?:nor|not)\s+do\s+we\s+(?:decide|reach|consider)\b,?\s+whether\s+[^.]{0,100}\b(?:was|were)\s+"
        r"(?:in\s+fact\s+)?objectively\s+reasonable",
        "[8] The question is not presented to us, nor do we decide, whether petitioner's conduct in this case was in "
        "fact objectively reasonable.",
        "111611",
    ),
    (
        "alternative_ground",
        "not_decided",
        rf"\balternative\s+ground\s+for\s+affirming\s+[^.]{{0,60}}\bis\s+{_QI}|{_QI}[^.]{{0,20}}\bnot\s+discussed\s+here",
        "A likely alternative ground for affirming the district court is qualified immunity.",
        "194553",
    ),
    # ---- prong 1 --------------------------------------------------------------------------------------
    (
        "did_not_violate",
        "no_violation",
        rf"\b(?:did|does|do)\s+not\s+violate\s+[^.]{{0,60}}\b(?:{_RIGHTS}\s+rights?|rights?|the\s+\w+\s+amendment|the\s+constitution)",
        "As noted above, the defendants did not violate Jones Bey’s constitutional rights; thus, they ar"
        "e entitled to qualified immunity.",
        "2975623",
    ),
    (
        "no_violation_occurred",
        "no_violation",
        r"\bno\s+(?:constitutional|fourth\s+amendment|eighth\s+amendment|first\s+amendment|due\s+process|"
        r"federal)\s+(?:violation|right)s?\s+(?:occurred|was|were|has|have|had|existed)",
        "Because no constitutional violation occurred with respect to the warrantless search, Bettencourt is "
        "entitled to qualified immunity on that score.",
        "151843",
    ),
    (
        "find_no_violation",
        "no_violation",
        r"\bwe\s+(?:therefore\s+|thus\s+)?(?:find|see|discern|perceive)\s+no\s+(?:constitutional|fourth\s+amendment|"
        r"eighth\s+amendment|first\s+amendment|fourteenth\s+amendment|due\s+process|federal)\s+violation",
        "Because al-Kidd concedes that individualized suspicion supported the issuance of the material-witness arrest "
        "warrant; and does not assert that his arrest would have been unconstitutional absent the alleged pretextual "
        "use of the warrant; we find no Fourth Amendment violation.3",
        "217703",
    ),
    (
        "rights_not_violated",
        "no_violation",
        r"\b(?:right|rights)\s+(?:to\s+[\w\s'’]{1,30}\s+)?(?:is|was|were|had\s+not\s+been)\s+not\s+violated|"
        r"\bright\s+to\s+equal\s+protection\s+was\s+not\s+violated",
        "Accordingly, Meléndez's right to equal protection was not violated, and the defendants are entitled "
        "to qualified immunity on the equal protection claim.",
        "180885",
    ),
    (
        "fails_to_state_claim",
        "no_violation",
        r"\bfail(?:s|ed)?\s+to\s+(?:state|establish|show|make\s+out|demonstrate)\s+(?:a|any)\s+"
        r"(?:constitutional|federal|eighth\s+amendment|fourth\s+amendment|cognizable)\s+(?:claim|violation)"
        # "His allegations, even if accepted as true, did not state a claim for violation of any rights secured to him
        # under the United States Constitution"; "failed not only to allege ..., but also to establish the violation of
        # any constitutional right at all"
        r"|\b(?:did|does|do)\s+not\s+state\s+a\s+claim\s+for\s+(?:a\s+)?(?:violation|denial|deprivation)\s+of\s+any\s+"
        r"(?:constitutional\s+|federal\s+)?rights?"
        r"|\bto\s+(?:establish|allege|show)\s+the\s+violation\s+of\s+any\s+(?:constitutional|federal)\s+right\s+at\s+all"
        # "We hold that respondent's complaint fails to plead sufficient facts to state a claim for purposeful and
        # unlawful discrimination against petitioners." (Ashcroft v. Iqbal, 556 U.S. 662)
        r"|\bfail(?:s|ed)?\s+to\s+plead\s+(?:sufficient\s+)?(?:facts|factual\s+matter)\s+[^.]{0,20}\bto\s+state\s+a\s+claim\b",
        "Because Plaintiff's allegations of sexual molestation fail to state a constitutional claim, "
        "Defendant Mora is entitled to qualified immunity on this claim.",
        "1403654",
    ),
    (
        # a due process holding in the past tense, about this case ("It therefore did not deny him due process of
        # law."; the present "an agency does not deny a driver due process by ..." states the rule)
        "no_due_process_denied",
        "no_violation",
        r"\bdid\s+not\s+(?:deny|deprive)\s+[^.]{0,50}?\bdue\s+process\b",
        "It therefore did not deny him due process of law.",
        "194558",
    ),
    # ---- the standard no-violation formulas of particular claims, said of this case --------------------------------
    (
        "no_violation_of_occurred",
        "no_violation",
        r"\bno\s+violation\s+of\s+(?:due\s+process|(?:the\s+)?(?:first|fourth|eighth|fourteenth)\s+amendment|"
        r"(?:his|her|their|[\w'’]+['’]s?)\s+(?:constitutional\s+|\w+\s+amendment\s+)?rights?)\s+(?:has\s+|had\s+)?"
        r"(?:occurred|taken\s+place|took\s+place)",
        "Even assuming arguendo that all of the disputed items left in Murphy’s office in fact belonged to Murphy, and "
        "that he had a property interest implicating the due process clause, no violation of due process has occurred.",
        "3038940",
    ),
    (
        # substantive due process: conduct that does not shock the conscience
        "not_conscience_shocking",
        "no_violation",
        # (not a concessive "while certainly not conscience-shocking, was pervasive": the main clause is the point)
        r"(?<!while\s)(?<!while\scertainly\s)\bnot\s+(?:sufficiently\s+|so\s+)?[\"“]?consci\w+[- ]shocking|\bf[ae]ll\w*\s+(?:far\s+)?short\s+of\s+"
        r"(?:showing\s+)?(?:any\s+)?conscience[- ]shocking"
        # said of this case's conduct in the verb form ("it does not shock the conscience, and petitioners are not called
        # upon to answer for it under § 1983", County of Sacramento v. Lewis)
        r"|\b(?:it|this|that|conduct|behavior|actions?)\s+(?:does|did)\s+not\s+shock\s+the\s+(?:contemporary\s+)?conscience",
        "Defendants' conduct in this case, allegedly designed to force Colonial to reduce the size of its project, is "
        "similarly not sufficiently \"conscious-shocking.\"",
        "195323",
    ),
    (
        # the Eighth Amendment (and detainees' due process) medical-care standard, found unmet
        "not_deliberately_indifferent",
        "no_violation",
        r"\b(?:were|was|are|is)\s+not\s+[\"“]?deliberately\s+indifferent",
        "Plainly, there is no material question of fact that defendants were not \"deliberately indifferent\" to "
        "plaintiff's medical needs.",
        "195138",
    ),
    (
        # Sandin v. Conner: no liberty interest, so no process was due
        "not_atypical_and_significant",
        "no_violation",
        r"\bneither\s+(?:an?\s+)?atypical\s+nor\s+(?:a\s+)?significant|\bnot\s+(?:an?\s+)?atypical\s+and\s+significant",
        "Applying the Sandin analysis to the present case, the Court finds that plaintiff's nine day confinement in "
        "keeplock is neither an atypical nor a significant deprivation implicating a liberty interest.",
        "1947820",
    ),
    (
        # a named constitutional claim that fails ("Accordingly, plaintiff's due process claim must fail."; "his claim
        # that the defendants deprived him of a property interest within the meaning of the Due Process Clause
        # necessarily fails")
        "constitutional_claim_fails",
        "no_violation",
        r"\b(?:due\s+process|first\s+amendment|fourth\s+amendment|eighth\s+amendment|fourteenth\s+amendment|"
        r"equal\s+protection|retaliation|false\s+arrest|excessive\s+force)\s+claims?\s+(?:\w+\s+){0,2}?"
        r"(?:fails?|failed|must\s+fail)\b"
        r"|\bclaim\s+that\s+[^.;]{0,160}\b(?:due\s+process\s+clause|amendment)\s+(?:\w+\s+)?fails\b",
        "Accordingly, plaintiff's due process claim must fail.",
        "1947820",
    ),
    (
        # "We therefore reject the appellants' procedural due process claim."
        "named_claim_rejected",
        "no_violation",
        r"\bwe\s+(?:therefore\s+|thus\s+|also\s+|accordingly\s+)?reject\s+(?:the\s+|this\s+|that\s+|[\w'’]+['’]s?\s+){1,3}"
        r"(?:procedural\s+|substantive\s+)?(?:due\s+process|equal\s+protection|first\s+amendment|fourth\s+amendment|"
        r"eighth\s+amendment|fourteenth\s+amendment|excessive\s+force|false\s+arrest|retaliation)\s+claims?\b",
        "We therefore reject the appellants' procedural due process claim.",
        "182273",
    ),
    (
        # the process due was given: "the requirements of the Due Process Clause are satisfied", "Due process was
        # observed", "he suffered no deprivation of his constitutional right to due process"
        "due_process_satisfied",
        "no_violation",
        r"\brequirements\s+of\s+(?:the\s+)?due\s+process(?:\s+clause)?\s+(?:are|were|have\s+been)\s+(?:satisfied|met)"
        r"|\bdue\s+process\s+was\s+(?:observed|satisfied|afforded|not\s+(?:violated|denied|offended))"
        r"|\bsuffered\s+no\s+deprivation\s+of\s+(?:his|her|their|any)\s+(?:constitutional\s+)?rights?\s+to\s+due\s+process",
        "He was given reasonable notice and full opportunity to be heard with regard to the recidivist charges. Due "
        "process was observed.",
        "2396574",
    ),
    (
        # "Because the use of force in this case was not constitutionally excessive, ..."
        "force_not_excessive",
        "no_violation",
        r"\b(?:use\s+of\s+)?force\s+(?:used\s+)?(?:in\s+this\s+case\s+)?(?:was|is)\s+not\s+(?:constitutionally\s+)?excessive\b"
        r"|\bwas\s+not\s+an?\s+(?:constitutionally\s+)?excessive\s+(?:use\s+of\s+)?force",
        "Because the use of force in this case was not constitutionally excessive, the alleged injuries McClain "
        "suffered become irrelevant.",
        "195310",
    ),
    (
        # political discrimination (Branti v. Finkel): affiliation an appropriate requirement for the position
        "affiliation_appropriate_requirement",
        "no_violation",
        r"\bpolitical\s+affiliation\s+(?:was|is)\s+an?\s+appropriate\s+(?:requirement|qualification|criterion)",
        "As the district court correctly determined that O'Connor's political affiliation was an appropriate criterion "
        "for the position that he held, we affirm its grant of summary judgment on the political discharge claim.",
        "194753",
    ),
    (
        "fails_to_state_plausible_claim",
        "no_violation",
        r"\bfail(?:s|ed)?\s+to\s+state\s+a\s+plausible\s+claim\s+for\s+(?:\w+\s+){0,3}?(?:relief|violation)",
        "Therefore, to the extent that Plaintiffs Fifth Claim for Relief may be construed as a First Amendment claim "
        "for access to the Courts, I find that Plaintiff fails to state a plausible claim for First Amendment relief.",
        "1403654",
    ),
    (
        "no_triable_violation",
        "no_violation",
        r"\bfailed\s+to\s+(?:introduce|present|produce|offer)\s+sufficient\s+evidence\s+[^.]{0,80}\bviolated",
        "Because the plaintiffs have failed to introduce sufficient evidence to create a triable issue that "
        "the police superintendent violated Febus' constitutional rights, Betancourt is entitled to qualified "
        "immunity.",
        "195148",
    ),
    (
        "probable_cause_found",
        "no_violation",
        r"\b(?:supporting|there\s+was|had|existed|establish(?:es|ed)?)\s+(?:arguable\s+)?probable\s+cause\s+to\s+"
        r"(?:arrest|believe|search)|\bwas\s+objectively\s+reasonable\s+under\s+the\s+circumstances",
        "Hutchins’s detention of Crenshaw while the dispatcher checked 15 for the warrant was objectivel"
        "y reasonable under the circumstances, and therefore Hutchins was 16 entitled to qualified immun"
        "ity.",
        "3449",
    ),
    (
        "suspicion_justified",
        "no_violation",
        r"\bthere\s+was\s+reasonable\s+suspicion\s+justifying\s+the\s+(?:stop|detention|seizure)|\bneither\s+has\s+the\s+"
        r"(?:officer|official)\s+violated\s+the\s+\w+\s+amendment",
        "The driver has not violated the law, but neither has the officer violated the Fourth Amendment.",
        "2760668",
    ),
    (
        "no_evidence_force_unnecessary",
        "no_violation",
        r"\b(?:no|not)\s+(?:\w+\s+)?evidence\s+to\s+indicate\s+that\s+the\s+force\s+[^.]{0,60}unnecessary|"
        r"\bsuggests\s+more\s+force\s+than\s+necessary",
        "Statchen's own deposition provided no evidence to indicate that the force exerted (however "
        "considerable) was unnecessary, or that a reasonable police officer would have thought otherwise.",
        "177300",
    ),
    (
        # immunity held despite a violation the court takes as given: prong 1 decided against the official
        "immune_notwithstanding_violation",
        "violation",
        r"\bnotwithstanding\s+that\s+(?:his|her|their|its|the\s+[\w'’]+['’]s?)\s+(?:actions?|conduct)\s+violated\s+"
        r"(?:the\s+)?(?:first|fourth|fifth|eighth|fourteenth)\s+amendment",
        "Hence, in the absence of contrary directions from Congress, Mitchell is immune from suit for his authorization "
        "of the Davidon wiretap notwithstanding that his actions violated the Fourth Amendment.",
        "111481",
    ),
    (
        "violated_rights",
        "violation",
        rf"\b(?:jury\s+could\s+(?:find|conclude)|we\s+(?:conclude|hold|find)|court\s+finds|sufficiently\s+"
        rf"(?:demonstrated|alleged)|evidence\s+supports\s+a\s+finding)\b[^.]{{0,160}}(?<!not )(?<!n't )\bviolat\w*\s+"
        # "we hold that the search did violate the Constitution" (Safford Unified School Dist. No. 1 v. Redding)
        rf"[^.]{{0,40}}\b(?:{_RIGHTS}\s+rights?|rights?|amendment|the\s+constitution)",
        "Therefore, I find that Plaintiff has sufficiently demonstrated that genuine issues of material "
        "fact remain about whether the force Defendants Brown, Sims and Diclusion used against Plaintiff"
        " violated his Eighth Amendment rights, and that Defendants are' not entitled to qualified immun"
        "ity at this time.",
        "1403654",
    ),
    (
        "reasonable_factfinder_could_find",
        "violation",
        r"(?<!no )\breasonable\s+(?:jury|factfinder|fact-?finder|trier\s+of\s+fact)\s+(?:could|to)\s+"
        r"(?:easily\s+|readily\s+|reasonably\s+)?(?:find|conclude|determine)|(?<!no )\breasonable\s+(?:jury|factfinder|fact-?finder),\s+[^.;]{0,120},\s+"
        r"could\s+(?:easily\s+|readily\s+|reasonably\s+)?(?:find|conclude|determine)",
        "Simply put, we believe that Rivera's allegations, which have not been demonstrated to be false, could "
        "provide a sufficient evidentiary basis for a reasonable factfinder to determine, by clear and convincing "
        "evidence, that Rivera's current position is \"unreasonably inferior to the norm,\" as that term is "
        "defined in Agosto-Feliciano.",
        "194476",
    ),
    (
        # a violation upheld on review of a verdict or of the record ("both the law and the evidence support the
        # jury's and the district court's determination that Pietroski violated Raiche's Fourth Amendment right");
        # read even though it names the court below (see rules._UPHOLDS_BELOW)
        "evidence_supports_violation",
        "violation",
        r"(?<!\bno )(?<!insufficient )(?<!little )\b(?:evidence|record)\b(?:(?!\bnot\b|\bno\b|n't\b|\bfail)[^.]){0,60}"
        r"\bsupports?\s+(?:the\s+|a\s+)?(?:(?!\bnot\b|\bno\b)[^.]){0,60}\b(?:verdict|finding|determination)\s+that\s+"
        r"(?:(?!\bnot\b|\bno\b|n't\b)[^.]){0,100}\b(?:violat\w*|unreasonabl[ey]|excessive|unconstitutional)",
        "In all, both the law and the evidence support the jury's and the district court's determination that "
        "Pietroski violated Raiche's Fourth Amendment right to be free from unreasonable seizures by employing "
        "excessive force against him.",
        "177847",
    ),
    (
        "affirm_judgment_for_plaintiffs",
        "violation",
        r"\bwe\s+(?:\w+\s+)?affirm\w*\s+(?:the\s+|its\s+)?(?:district\s+court['’]?s\s+)?(?:grant\s+of\s+)?(?:summary\s+)?"
        r"judgment\s+(?:in\s+(?:their|(?:the\s+)?plaintiffs?['’]?s?)\s+favor|for\s+(?:the\s+)?plaintiffs?\b)",
        "Plaintiffs satisfied all these conditions, and we affirm the district court's grant of summary judgment in "
        "their favor.",
        "147782",
    ),
    (
        "force_unreasonable",
        "violation",
        r"\buse\s+of\s+force\s+was\s+(?:wholly\s+|objectively\s+|clearly\s+|plainly\s+|constitutionally\s+)?"
        r"(?:unreasonable|excessive)\b"
        # "The Court of Appeals correctly held that the search was unconstitutional."
        r"|\bsearch\s+was\s+(?:clearly\s+|plainly\s+)?[\"“]?(?:unconstitutional|unreasonable)\b",
        "Consequently, all of the Graham factors indicate that Pietroski's use of force was wholly unreasonable.",
        "177847",
    ),
    (
        "violation_occurred",
        "violation",
        r"\b(?:a|the)\s+(?:constitutional|fourth\s+amendment|first\s+amendment|eighth\s+amendment|due\s+process)\s+"
        r"violation\s+(?:occurred|took\s+place)|\bviolation\s+(?:is|was)\s+(?:so\s+)?obvious\b",
        "Viewing the facts in the light most favorable to Raiche, as we must, we conclude that there is ample "
        "evidence to support the jury's finding that Pietroski's conduct was unreasonable under the circumstances "
        "and, therefore, that a constitutional violation occurred.",
        "177847",
    ),
    (
        "unconstitutional_insofar",
        "violation",
        r"\b(?:is|was)\s+unconstitutional\s+insofar\s+as|\bwe\s+hold\s+that\s+the\s+statute\s+is\s+invalid\s+insofar\s+as",
        "The Tennessee statute is unconstitutional insofar as it authorizes the use of deadly force against such "
        "fleeing suspects.",
        "111397",
    ),
    (
        "speech_protected",
        "violation",
        r"\b(?:speech|testimony)\s+(?:is|was)\s+(?:entitled\s+to\s+first\s+amendment\s+protection|(?:speech\s+)?protected\s+by\s+"
        r"the\s+first\s+amendment)",
        "Lane’s speech is entitled to First Amendment protection, but because respondent Franks is entitled to "
        "qualified immunity, we affirm the judgment of the Eleventh Circuit",
        "2679557",
    ),
    (
        "deprived_without_process",
        "violation",
        r"\bdeprived\s+(?:her|him|them|plaintiffs?)\s+of\s+[^.]{0,30}\bwithout\s+[^.]{0,20}process",
        "Hence, they have deprived her of \"property\" without the \"process\" that the Federal Constitution "
        "requires.",
        "194728",
    ),
    (
        "make_out_violation",
        "violation",
        r"(?<!not )\b(?:makes?|made)\s+out\s+a\s+(?:constitutional\s+)?violation\b|\bviolation\s+of\s+"
        r"(?:his|her|their)\s+\w+\s+amendment\s+rights?\s+(?:occurred|was\s+established)",
        "Even when plaintiffs make out a violation of a constitutional right, officials are entitled to "
        "qualified immunity unless that right was also \"clearly established at the time of [their] alleged "
        "misconduct.\"",
        "147782",
    ),
    (
        "unconstitutional_conduct",
        "violation",
        r"\bviolated\s+the\s+(?:first|fourth|eighth|fourteenth)\s+amendment\b(?![^.]{0,20}\bif\b)"
        # a holding endorsed in the present tense ("properly held that such conditions of confinement violate the
        # Eighth Amendment's prohibition on cruel and unusual punishment", Taylor v. Riojas, 592 U.S. 7)
        r"|\b(?:correctly|properly|rightly)\s+(?:held|concluded|found|determined)\s+that\s+[^.]{0,120}?"
        r"\bviolates?\s+the\s+(?:first|fourth|eighth|fourteenth)\s+amendment\b",
        "The Boston Bar Association argues that the issuance of the injunction and declaratory relief against "
        "REBA for having brought suit violated the First Amendment.",
        "149043",
    ),
    (
        "second_prong_first",
        "p1_skipped",
        r"\b(?:address|proceed\s+to|turn\s+(?:directly\s+)?to|go\s+directly\s+to|skip\s+to|begin\s+with|focus\s+on|"
        r"start\s+with)\s+the\s+second\s+prong",
        "In light of Pearson, we may now address the second prong of the qualified immunity test first.",
        "180885",
    ),
    (
        "assume_violation",
        "p1_skipped",
        r"\bassum(?:e|ing|ed)\s+(?:arguendo|without\s+deciding|for\s+the\s+sake\s+of\s+argument)|"
        r"(?<!not have )(?<!n't have )\bassum(?:e|ing|ed),\s+arguendo\b|"
        r"(?<!\berror of )\bassuming\s+(?:arguendo\s+)?that\s+[^.]{0,160}\bviolat",
        "Moreover, assuming arguendo the immateriality of Toribio's misrepresentation regarding his children, "
        "there is no question that his misrepresentation regarding previous spouses is material.",
        "150276",
    ),
    (
        "need_not_decide_violation",
        "p1_skipped",
        r"\bneed\s+not(?:,\s+and\s+(?:do|does|did)\s+not,)?\s+(?:decide|reach|resolve|determine|address)\s+"
        r"(?:whether|the\s+(?:merits|question))\b"
        r"(?![^.]{0,80}\b(?:measure|amount|award)\s+of\s+damages|[^.]{0,80}\b(?:appropriate|proper)\s+remedy)"
        r"[^.]{0,200}\b(?:violat\w*|constitutional|unlawful|merits)"
        rf"|\bneed\s+not\s+(?:decide|reach|resolve|address)\s+the\s+merits\b[^.]{{0,120}}\bbecause\b[^.]{{0,80}}{_QI}"
        # "Because of the disposition of this case on immunity grounds, we do not address petitioners' other
        # submissions: ... that state prisoners have no First and Fourteenth Amendment rights in their outgoing mail."
        # (Procunier v. Navarette, 434 U.S. 555, n. 14): the case is disposed of on immunity, the right left undecided
        r"|\bon\s+(?:qualified\s+)?immunity\s+grounds,?\s+we\s+(?:do|need)\s+not\s+(?:address|reach|decide|consider)\b"
        r"[^.]{0,200}\b(?:amendment|constitutional)\s+rights?\b",
        "We need not decide whether Bettencourt's seizure of Giragosian's federal firearms license or gun "
        "frames violated the Fourth Amendment, because Giragosian has waived any argument that they did.",
        "151843",
    ),
    (
        # the court says it decides only the second prong ("We elect to address only the second question.", Reichle v.
        # Howards): the merits are left open
        "second_prong_only",
        "p1_skipped",
        r"\belect\s+to\s+address\s+only\s+the\s+second\s+(?:question|prong)\b"
        # "We address only the qualified immunity question, not whether there was a Fourth Amendment violation in the
        # first place, and now reverse." (Mullenix v. Luna, 577 U.S. 7: fresh batch-11)
        rf"|\baddress\s+only\s+the\s+{_QI}\s+question,?\s+not\s+whether\b"
        # "Accordingly, we now affirm the district court's grant of summary judgment under the second prong of the
        # qualified-immunity analysis." (Graham v. Barnette, 5 F.4th 872, 8th Cir. 2021: fresh circuit-2)
        r"|\b(?:affirm|revers)\w*\s+[^.]{0,100}\bunder\s+the\s+second\s+prong\b",
        "We elect to address only the second question.",
        "801500",
    ),
    (
        # "Leaving for another day the question of whether Barton has stated a constitutional violation, we hold that
        # ... the law was not sufficiently clear ...", Barton v. Clancy
        "left_for_another_day",
        "p1_skipped",
        r"\bleaving\s+for\s+another\s+day\s+the\s+question\s+(?:of\s+)?whether\b[^.]{0,120}\b(?:constitutional|violat)",
        "Leaving for another day the question of whether Barton has stated a constitutional violation, we hold that as of "
        "April 2006, the law was not sufficiently clear to put Clancy on notice that declining to reappoint Barton to the "
        "volunteer position of Parks Commissioner in retaliation for his First Amendment activities was unlawful.",
        "182845",
    ),
    (
        # "Whether any of these facts ... actually establish probable cause is a question we need not decide.",
        # Messerschmidt v. Millender
        "question_we_need_not_decide",
        "p1_skipped",
        r"\bactually\s+(?:establish|show|amount\s+to)\b[^.]{0,80}\bis\s+a\s+question\s+we\s+need\s+not\s+(?:decide|resolve|reach)\b",
        "Whether any of these facts, standing alone or taken together, actually establish probable cause is a question we "
        "need not decide.",
        "623242",
    ),
    (
        "no_view_whether",
        "p1_skipped",
        r"\b(?:(?:do|does|did)\s+not\s+express\s+any|express\s+no)\s+view\s+(?:on|as\s+to)\s+whether\b[^.]{0,160}"
        r"(?:con-?\s*stitu|violat|amend|lawful)",
        "We do not express any view on whether Officer Stan- ton’s entry into Sims’ yard in pursuit of Patrick was con- "
        "stitutional.",
        "2641101",
    ),
    (
        "no_view_constitutional_question",
        "p1_skipped",
        r"\bexpress\s+no\s+view\s+(?:as\s+to|on)\s+[^.]{0,100}\bconstitutional\s+question",
        "We express no view as to the correctness of the Court of Appeals' decision on the constitutional question "
        "itself.",
        "137736",
    ),
    # ---- prong 2 --------------------------------------------------------------------------------------
    (
        "law_not_established",
        "not_established",
        r"\b(?:was|were|is|had\s+been|be)\s+not\s+(?:yet\s+)?(?:sufficiently\s+)?clearly\s+established|"
        r"\b(?:has|have|had)\s+not\s+(?:yet\s+)?been\s+[\"“]?clearly\s+established|"
        r"\b(?:in\s+the\s+)?absence\s+of\s+(?:a|any)\s+clearly\s+established\s+(?:right|law|rule)|"
        r"\bnot\s+clearly\s+established\s+(?:at\s+the\s+time|that|in)|\bviolated\s+no\s+clearly\s+established|"
        # "there was no "clearly established" First and Fourteenth Amendment right with respect to ..." (Procunier v.
        # Navarette, 434 U.S. 555: the pre-Harlow wording of a prong-2 holding)
        r"(?<!\bif )(?<!\bwhether )\bthere\s+(?:was|is)\s+no\s+[\"“]?clearly\s+established[\"”]?\s+(?:[\w-]+\s+){0,6}"
        r"(?:right|law|rule)\b|"
        r"\bno\s+(?:caselaw|case\s+law|precedent|authority)\s+[^.]{0,60}\bclearly\s+established|"
        # "It cannot be said there was a clearly established rule that would prohibit using the force petitioner did
        # ..." (Saucier v. Katz, 533 U.S. 194)
        r"\b(?:cannot|can\s?not|could\s+not)\s+be\s+said\s+(?:that\s+)?(?:there\s+(?:was|is)\s+)?an?\s+[\"“]?clearly\s+"
        r"established[\"”]?\s+(?:[\w-]+\s+){0,3}?(?:right|law|rule)\b|"
        r"\bclearly\s+established\s+law\s+[^.]{0,40}\bwould\s+not\s+have\s+notified|"
        # "Thus, the law respondents seek to invoke cannot be clearly established." (Ziglar v. Abbasi, 582 U.S. 120);
        # not the rule ("... cannot be clearly established at a high level of generality", "... unless ...")
        r"\b(?:law|right|rule)\b[^.]{0,60}\b(?:cannot|can\s?not|could\s+not)\s+(?:have\s+)?be(?:en)?\s+clearly\s+established"
        r"(?!\s+(?:unless|if|when|where|by|through|at|in|merely|simply|without|for)\b)|"
        r"\b(?:demonstrated|shown|established|proved)\s+no\s+violation\s+of\s+(?:his|her|their|any|a)?\s*[\"“]?clearly\s+"
        r"established",
        "We conclude that the officers violated no clearly established federal or state standards in arr"
        "esting Topp, 1Judge Tevrizian, a District Judge of the Central District of California, was desi"
        "gnated to sit in the District of New Hampshire.",
        "194789",
    ),
    (
        # the legality of the conduct an open question when the official acted (Mitchell v. Forsyth, 472 U.S. 511)
        "open_question_then",
        "not_established",
        r"\b(?:legality|lawfulness|constitutionality|validity)\s+of\s+[^.]{0,160}?\b(?:was|were)\s*,?\s+"
        r"(?:at\s+(?:that|the)\s+time|then)\s*,?\s+an\s+open\s+question",
        "The legality of the warrantless domestic security wiretap Mitchell authorized in November 1970, was, at that "
        "time, an open question, and Harlow teaches that officials performing discretionary functions are not subject to "
        "suit when such questions are resolved against them only after they have acted.",
        "111481",
    ),
    (
        # the precedent relied on below did not settle the law ("Amnesty America did not clearly establish that Zorn's
        # specific conduct violated the Fourth Amendment.", Zorn v. Linton, 607 U.S. ___: fresh batch-11)
        "did_not_clearly_establish",
        "not_established",
        r"\b(?:did|does|do)\s+not\s+[\"“]?clearly\s+establish[\"”]?\s+that\b|\bcannot\s+conclude\s+that\s+[^.]{0,80}?"
        r"[\"“]?clearly\s+established[\"”]?\s+that\b",
        "Amnesty America did not clearly establish that Zorn’s specific conduct violated the Fourth Amendment.",
        "",  # constructed: Zorn v. Linton, 607 U.S. ___ (2026), fresh batch-11
    ),
    (
        # no fair notice ("LaLonde did not give fair notice to Rivas-Villegas.", Rivas-Villegas v. Cortesluna; "did not
        # "put [Zorn] on notice that his specific conduct was unlawful."", Zorn v. Linton: fresh batch-11)
        "no_fair_notice",
        "not_established",
        # (one alternative per noun, so that the keyword prefilter has a word to look for in each)
        rf"{_NOT_GIVEN}notice\b|{_NOT_GIVEN}warning\b|\bdid\s+not\s+[\"“]?put\s+[^.]{{0,40}}\bon\s+notice\b",
        "Even assuming that controlling Circuit precedent clearly establishes law for purposes of §1983, LaLonde did not "
        "give fair notice to Rivas-Villegas.",
        "",  # constructed: Rivas-Villegas v. Cortesluna, 595 U.S. 1 (2021), fresh batch-11
    ),
    (
        # "This is far from an obvious case in which any competent officer would have known that shooting Hughes ...
        # would violate the Fourth Amendment." (Kisela v. Hughes, 584 U.S. 100; "this is not an "obvious case"", District
        # of Columbia v. Wesby: fresh batch-11)
        "not_obvious_case",
        "not_established",
        r"\b(?:far\s+from|not)\s+an?\s+[\"“]?obvious\s+case\b",
        "This is far from an obvious case in which any competent officer would have known that shooting Hughes to "
        "protect Chadwick would violate the Fourth Amendment.",
        "",  # constructed: Kisela v. Hughes, 584 U.S. 100 (2018), fresh batch-11
    ),
    (
        "would_not_interpret_to_establish",
        "not_established",
        r"\bwould\s+not\s+[\"“]?interpret\b[^.]{0,60}\bto\s+establish\b",
        "Reasonable officials would not “interpret [Amnesty America] to establish” that using a routine wristlock to move "
        "a resistant protester after warning her, without more, violates the Constitution.",
        "",  # constructed: Zorn v. Linton, 607 U.S. ___ (2026), fresh batch-11
    ),
    (
        "not_plainly_incompetent",
        "not_established",
        r"\bwould\s+not\s+have\s+been\s+[\"“]?entirely\s+unreasonable[\"”]?\s+for\s+an?\s+(?:officer|official)\s+to\s+"
        r"(?:believe|conclude)|\b(?:was|were)\s+not\s+[\"“]?plainly\s+incompetent",
        "Given the foregoing, it would not have been “entirely unreasonable” for an officer to believe, in the "
        "particular circumstances of this case, that there was probable cause to search for all firearms and "
        "firearm-related materials.",
        "623242",
    ),
    (
        "not_beyond_debate",
        "not_established",
        r"\b(?:was|were|is)\s+not\s+(?:[\"“‘'’]\s?){0,3}beyond\s+debate|"
        r"\b(?:do|does|did)\s+not\s+place\s+[^.]{0,120}?(?:[\"“‘'’]\s?){0,3}beyond\s+debate|\bno\s+clearly\s+established\s+law\b(?![^.]{0,40}\bif\b)[^.]{0,80}"
        r"\brequired|\bby\s+no\s+means\s+[\"“]?clearly\s+establish",
        "But whether or not the constitutional rule applied by the court below was correct, it was not “beyond "
        "debate.”",
        "2641101",
    ),
    (
        "did_not_violate_established",
        "not_established",
        r"\bdid\s+not\s+violate\s+(?:a\s+|any\s+)?[\"“]?clearly\s+established\b|\bnot\s+a\s+case\s+where\s+it\s+is\s+obvious\s+that\s+there\s+"
        r"was\s+a\s+violation\s+of\s+clearly\s+established",
        "On the record described by the Court of Appeals, Officer White did not violate clearly established law.",
        "4151832",
    ),
    (
        "reasonably_believed_lawful",
        "not_established",
        r"\bcould\s+(?:reasonably\s+)?have\s+(?:reasonably\s+)?believed\s+(?:that\s+)?[^.]{0,60}"
        r"(?:did\s+not\s+violate|lawful|proper|constitutional|not\s+subjected|within\s+the\s+bounds\s+of\s+appropriate)|\bcould\s+not\s+have\s+"
        r"reasonably\s+known|\bnot\s+clearly\s+wrong\s+in\s+believing|\bit\s+was\s+reasonable\s+to\s+think|"
        r"\bwould\s+have\s+thought\s+otherwise|\bwould\s+not\s+have\s+been\s+clear\s+to\s+a\s+reasonable\s+"
        r"(?:official|officer|person)|\breasonable\s+(?:police\s+)?(?:officers?|officials?)\s+[^.]{0,60}\bcould\s+have\s+"
        r"(?:come\s+to\s+the\s+conclusion|concluded)\s+that\s+[^.]{0,60}\b(?:permitted|allowed|authorized|lawful)",
        "Based on the case law prior to 1981, defendants could reasonably have believed that their conduct "
        "did not violate Johnson's eighth amendment right.",
        "569255",
    ),
    (
        "cannot_say_clearly_unconstitutional",
        "not_established",
        r"\b(?:cannot|can\s?not|could\s+not)\s+say\s+(?:that\s+)?[^.]{0,120}\b(?:was|were|is)\s+[\"“]?clearly\s+"
        r"unconstitutional",
        "Thus, we cannot say that, when defendants applied their publishers only rule to Stow, the rule was "
        "\"clearly unconstitutional\" because it did not provide for the exceptions suggested by Stow or because Stow "
        "was unable to afford to buy particular materials not otherwise available in the prison library.",
        "195294",
    ),
    (
        "rarely_clearly_established",
        "not_established",
        r"\bcan\s+rarely\s+be\s+considered\s+[\"“'‘]?clearly\s+established",
        "\"Because Pickering's constitutional rule turns upon a fact-intensive balancing test, it can rarely be "
        "considered 'clearly established' for purposes of the Harlow qualified immunity standard,\" at least where "
        "substantial disruption has been shown to exist as a basis for the discharge.",
        "194753",
    ),
    (
        "clearly_unconstitutional",
        "established",
        r"(?<!not )\b(?:was|were|is)\s+clearly\s+unconstitutional\s+for\b",
        "Given the overall state of the law at the time of Raiche's arrest and the violence of Pietroski's conduct, "
        "it was clearly unconstitutional for a police officer to apply the force that Pietroski did under the "
        "circumstances.",
        "177847",
    ),
    (
        "law_established",
        "established",
        r"(?<!not )\b(?:law|right|obligation|rule|principle|unlawfulness)\s+(?:\w+\s+){0,3}(?:was|were|is|had\s+"
        r"been)\s+(?:sufficiently\s+|quite\s+)?clearly\s+established|\bthe\s+law\s+was\s+clearly\s+established|"
        r"\bwas\s+clear\s+in\s+(?:19|20)\d\d|\bthe\s+basic\s+law\s+[^.]{0,60}\bwas\s+clear\b|"
        r"(?<!not )\bit\s+(?:is|was|has\s+(?:long\s+)?been|had\s+(?:long\s+)?been)\s+clearly\s+established[^.]{0,60}\bthat\b|\bwould\s+have\s+violated\s+clearly\s+"
        r"established\s+(?:rights?|law)|"
        r"\bno\s+reasonable\s+(?:police\s+)?(?:officer|official)\s+could\s+(?:have\s+)?(?:believed?|thought|think|claim\s+to\s+"
        r"be\s+unaware)\b|\bany\s+reasonable\s+(?:police\s+)?(?:officer|official)\s+would\s+have\s+known\b",
        "The Court finds that the law was clearly established in Hudson and Northington that prison offi"
        "cials' malicious application of force, which is more than de minimis, and that prison officials"
        "' failure to prevent such harm when there is an opportunity to do so, violates the Eighth Amend"
        "ment.",
        "1403654",
    ),
    (
        # the obvious case ("But no reasonable correctional officer could have concluded that, under the extreme
        # circumstances of this case, it was constitutionally permissible to house Taylor in such deplorably unsanitary
        # conditions ...", "any reasonable officer should have realized that Taylor's conditions of confinement offended
        # the Constitution", Taylor v. Riojas, 592 U.S. 7: fresh batch-11)
        "obvious_to_any_officer",
        "established",
        r"\bno\s+reasonable\s+(?:[\w-]+\s+){0,2}(?:officers?|officials?)\s+could\s+have\s+(?:concluded|believed|thought)\s+"
        r"that,?\s+[^.]{0,160}\b(?:permissible|lawful|constitutional|proper)\b|\bany\s+reasonable\s+(?:[\w-]+\s+){0,2}"
        r"(?:officers?|officials?)\s+(?:should|would)\s+have\s+(?:realized|known|understood)\s+that\s+[^.]{0,160}\b"
        r"(?:offended|violated)\s+the\s+constitution",
        "Confronted with the particularly egregious facts of this case, any reasonable officer should have realized "
        "that Taylor’s conditions of confinement offended the Constitution.",
        "",  # constructed: Taylor v. Riojas, 592 U.S. 7 (2020), fresh batch-11
    ),
    (
        "violated_established_law",
        "established",
        r"(?<!not )(?<!n't )(?<!never )\bviolated\s+[\"“]?clearly\s+established\s+(?:law|rights?|(?:federal\s+|"
        r"constitutional\s+|statutory\s+)(?:law|rights?))\b",
        "Respondents violated clearly established law.",
        "121169",
    ),
    (
        "had_clearly_established",
        "established",
        r"\bhad\s+clearly\s+established\s+(?:an?|the)\s+[^.]{0,40}\bright\b|\bwas\s+[\"“]?clearly\s+"
        r"established[\"”]?\s+at\s+the\s+time\b",
        "By 1988, the Court of Appeals for the Second Circuit had clearly established an inmate's right to be "
        "free from retaliation for filing grievances.",
        "1947820",
    ),
]

#: a defendant's claim of qualified immunity, stated as a party's argument (not a ruling by itself) ...
QI_CLAIMED = re.compile(
    r"\b(?:defendants?|appellants?|officers?|officials?|the\s+mayor|he|she|they)\s+(?:also\s+|further\s+|next\s+|"
    r"additionally\s+)?(?:argues?|argued|contends?|contended|asserts?|maintains?|insists?|claims?)\s+that\s+"
    r"[^.]{0,80}\b(?:is|are|was|were)\s+entitled\s+to\s+(?:the\s+protection\s+of\s+)?qualified\s+immunity",
    re.IGNORECASE,
)
#: ... and the court's rejection of it in one of the next sentences: together they deny QI on that point.
#: Courts often dispose of a subsidiary QI argument this way, in a footnote, without the words "not entitled".
ARGUMENT_REJECTED = Cue(
    "qi_argument_rejected",
    "deny",
    re.compile(
        r"\b(?:we\s+(?:reject|disagree|are\s+not\s+persuaded)|to\s+the\s+contrary|without\s+merit|unavailing|"
        r"no\s+support\s+for\s+(?:that|this|the)\s+argument|need\s+not\s+tarry|(?:this|that|the)\s+argument\s+fails)\b",
        re.IGNORECASE,
    ),
    "As discussed above, ample evidence supports a jury finding to the contrary on both of these points.",
    "149044",
)


def _keywords(pattern: str) -> tuple[str, ...]:
    """The longest plain word (4+ letters, not optional) at the top level of each alternative of ``pattern``;
    empty when some alternative has none (then the cue cannot be prefiltered)."""
    out = []
    for alt in split_top_level(pattern):
        words = re.findall(r"\b[a-z]{4,}(?![a-z]*[?*{])", _strip_groups(alt).replace("\\s", " ").replace("\\b", " "))
        if not words and "immun" in alt:
            words = ["immun"]  # the qualified-immunity phrase itself
        if not words:
            return ()
        out.append(max(words, key=len))
    return tuple(out)




def _strip_groups(pattern: str) -> str:
    """Replace every parenthesized group (and character class) with a space."""
    out: list[str] = []
    depth, esc, in_class = 0, False, False
    for ch in pattern:
        if esc:
            esc = False
            if depth == 0 and not in_class:
                out.append("\\" + ch)
            continue
        if ch == "\\":
            esc = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            out.append(" ")
        elif ch == "(":
            depth += 1
            out.append(" ")
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


#: cues read only for merits rulings outside QI (a claim's standard failed): in an opinion that mentions QI they do not
#: make a QI ruling or its prong 1, since a QI ruling is decided by the cues that were measured for it
MERITS_ONLY: frozenset[str] = frozenset({
    "no_violation_of_occurred", "not_conscience_shocking", "not_deliberately_indifferent", "not_atypical_and_significant",
    "constitutional_claim_fails", "fails_to_state_plausible_claim", "named_claim_rejected", "due_process_satisfied",
    "force_not_excessive", "affiliation_appropriate_requirement",
})
CUES: tuple[Cue, ...] = tuple(
    Cue(name, signal, re.compile(pattern, re.IGNORECASE), example, oid, _keywords(pattern))
    for name, signal, pattern, example, oid in _TABLE
)
#: cue name -> its pattern compiled for lower-cased text (see :attr:`Cue.lower`)
_LOWER: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern) for name, _, pattern, _, _ in _TABLE
    if not re.search(r"[A-Z]", re.sub(r"\\.", "", pattern))
}


def _parts(pattern: re.Pattern[str]) -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] | None:
    """``pattern`` as (body, guarded body or None) pairs for :meth:`Cue.search_lower`; None to search it whole."""
    alts = guarded_alternatives(pattern.pattern)
    if alts is None or len(alts) > 24:
        return None  # (a pattern of many alternatives is searched whole: one pass beats two dozen)
    return tuple((re.compile(body, pattern.flags), re.compile(guard + body, pattern.flags) if guard else None)
                 for guard, body in alts)


#: cue name -> its lower-case pattern as (body, guarded body) alternatives (see :meth:`Cue.search_lower`)
_PARTS = {c.name: p for c in CUES if (p := _parts(c.lower)) is not None}


def cues_for(signal: str) -> tuple[Cue, ...]:
    """The cues that give ``signal``."""
    return tuple(c for c in CUES if c.signal == signal)

#: the court poses the question whether officials are entitled to qualified immunity ...
QI_QUESTION = re.compile(
    r"\bwhether\b[^?]{0,300}\b(?:are|is|were|was)\s+entitled\s+to\s+(?:a\s+|the\s+)?qualified\s+immunity\b",
    re.IGNORECASE,
)
#: ... and answers it in the next sentence with an elliptical holding ("The issue before us is whether prison guards
#: who are employees of a private prison management firm are entitled to a qualified immunity from suit by prisoners
#: charging a violation of 42 U. S. C. § 1983. We hold that they are not.", Richardson v. McKnight, 521 U.S. 399;
#: "... we left open the question whether private defendants ... are entitled to qualified immunity from suit. ...
#: We now hold that they are not.", Wyatt v. Cole, 504 U.S. 158): the court decides QI's availability
QI_ANSWER = re.compile(
    r"^we\s+(?:now\s+|therefore\s+|thus\s+)?(?:hold|conclude)\s+(?:that\s+)?(?:they|he|she|(?:the\s+)?"
    r"(?:petitioners?|respondents?|officers?|officials?|defendants?|guards?))\s+(?:are|is)(?P<neg>\s+not)?\s*\.?$",
    re.IGNORECASE,
)
QI_ANSWERED_NO = Cue("qi_question_answered_no", "deny", QI_ANSWER, "We now hold that they are not.", "")
QI_ANSWERED_YES = Cue("qi_question_answered_yes", "grant", QI_ANSWER, "We hold that they are.", "")
