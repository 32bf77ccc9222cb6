"""The :class:`Label` value (one opinion's qualified-immunity ruling) and its :class:`Evidence`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Evidence", "Label", "Ruling", "GOLD_FIELDS", "LABELER_VERSION", "RULING_FIELDS"]

#: Bump when the rules change: stored labels of an older version are re-computed by ``fairwarning label``.
LABELER_VERSION = "rules-1.43"

#: The label fields of the gold schema (``/work/shared/eval/README.md``), in export order.
GOLD_FIELDS = (
    "qi_decided",
    "qi_outcome",
    "prong1",
    "prong2",
    "merits_skipped",
    "rights",
    "official_type",
    "stage",
    "interlocutory",
)

#: The fields of one per-right :class:`Ruling`, in export order.
RULING_FIELDS = ("right", "qi_decided", "qi_outcome", "prong1", "prong2", "merits_skipped", "defendant")

Outcome = Literal["granted", "denied", "mixed"]
Prong1 = Literal["violation", "no_violation", "not_reached", "mixed"]
Prong2 = Literal["clearly_established", "not_clearly_established", "not_reached", "mixed"]
Stage = Literal["motion_to_dismiss", "summary_judgment", "trial_or_post_trial", "other"]
Confidence = Literal["high", "medium", "low"]


@dataclass(frozen=True)
class Evidence:
    """A sentence supporting a field: ``start``/``end`` are offsets into the labeled text; ``cue`` names the
    rule that fired (e.g. ``"grant:entitled"``, ``"right:4A_excessive_force:excessive force"``)."""

    field: str
    cue: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "cue": self.cue, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(str(d["field"]), str(d["cue"]), int(d["start"]), int(d["end"]), str(d["text"]))


@dataclass(frozen=True)
class Ruling:
    """What one opinion decided on one right (a claim): its own QI outcome and prongs, with evidence.

    ``qi_decided`` is false for a merits holding outside a QI ruling (a criminal court holding a search
    unconstitutional: ``prong1`` says what it held, ``qi_outcome`` is None). ``defendant`` names the official
    the ruling is about when the opinion distinguishes them (None: all of them, or not said).
    """

    right: str
    qi_decided: bool
    qi_outcome: Outcome | None = None
    prong1: Prong1 = "not_reached"
    prong2: Prong2 = "not_reached"
    merits_skipped: bool = False
    defendant: str | None = None
    evidence: tuple[Evidence, ...] = field(default=(), compare=False)

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in RULING_FIELDS}

    @classmethod
    def from_fields(cls, fields: dict[str, Any], evidence: list[dict[str, Any]] | None = None) -> Ruling:
        return cls(
            right=str(fields["right"]),
            qi_decided=bool(fields["qi_decided"]),
            qi_outcome=fields.get("qi_outcome"),
            prong1=fields.get("prong1", "not_reached"),
            prong2=fields.get("prong2", "not_reached"),
            merits_skipped=bool(fields.get("merits_skipped", False)),
            defendant=fields.get("defendant"),
            evidence=tuple(Evidence.from_dict(e) for e in (evidence or [])),
        )


@dataclass(frozen=True)
class Label:
    """What one opinion decided about qualified immunity, with the gold schema's keys and values."""

    qi_decided: bool
    qi_outcome: Outcome | None = None
    prong1: Prong1 = "not_reached"
    prong2: Prong2 = "not_reached"
    merits_skipped: bool = False
    rights: tuple[str, ...] = ()
    official_type: tuple[str, ...] = ()
    stage: Stage | None = None
    interlocutory: bool | None = None
    published: bool | None = None
    confidence: Confidence = "low"
    evidence: tuple[Evidence, ...] = field(default=(), compare=False)
    labeler_version: str = LABELER_VERSION
    #: one ruling per right the opinion rules on (QI or merits); the opinion-level fields summarize them
    rulings: tuple[Ruling, ...] = field(default=(), compare=False)

    def fields(self) -> dict[str, Any]:
        """The gold-schema fields plus ``published`` and ``confidence`` (lists for list fields)."""
        out: dict[str, Any] = {}
        for name in GOLD_FIELDS:
            value = getattr(self, name)
            out[name] = list(value) if isinstance(value, tuple) else value
        out["published"] = self.published
        out["confidence"] = self.confidence
        return out

    def evidence_for(self, field_name: str) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.field == field_name)

    def ruling_for(self, right: str) -> Ruling | None:
        """This opinion's ruling on ``right`` (None when it rules on nothing under that right)."""
        return next((r for r in self.rulings if r.right == right), None)

    @classmethod
    def from_fields(cls, fields: dict[str, Any], evidence: list[dict[str, Any]] | None = None,
                    labeler_version: str = LABELER_VERSION, rulings: tuple[Ruling, ...] = ()) -> Label:
        """Rebuild a label from :meth:`fields` output (as stored)."""
        return cls(
            qi_decided=bool(fields["qi_decided"]),
            qi_outcome=fields.get("qi_outcome"),
            prong1=fields.get("prong1", "not_reached"),
            prong2=fields.get("prong2", "not_reached"),
            merits_skipped=bool(fields.get("merits_skipped", False)),
            rights=tuple(fields.get("rights") or ()),
            official_type=tuple(fields.get("official_type") or ()),
            stage=fields.get("stage"),
            interlocutory=fields.get("interlocutory"),
            published=fields.get("published"),
            confidence=fields.get("confidence", "low"),
            evidence=tuple(Evidence.from_dict(e) for e in (evidence or [])),
            labeler_version=labeler_version,
            rulings=rulings,
        )
