"""The :class:`Label` value (one opinion's qualified-immunity ruling) and its :class:`Evidence`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Evidence", "Label", "GOLD_FIELDS", "LABELER_VERSION"]

#: Bump when the rules change: stored labels of an older version are re-computed by ``fairwarning label``.
LABELER_VERSION = "rules-1.5"

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

    @classmethod
    def from_fields(cls, fields: dict[str, Any], evidence: list[dict[str, Any]] | None = None,
                    labeler_version: str = LABELER_VERSION) -> Label:
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
        )
