"""The qualified-immunity labeler: what each opinion decided, with evidence.

- :func:`label_opinion` — pure: opinion text in, :class:`Label` out (gold-schema fields + ``published``,
  ``confidence`` and ``evidence`` with character offsets into the given text).
- :data:`LABELER_VERSION` — stored with each label; bump it when the rules change.
- Store edge (:mod:`fairwarning.labeler.storage`): :func:`label_store` (incremental), :func:`load_labels`,
  :func:`export_records`.
- Evaluation against hand-coded labels: :mod:`fairwarning.labeler.evaluate`.

Every opinion is labeled, whatever its ``document_type``: an order can decide qualified immunity, and an
"errata" record may carry the opinion it corrects (texts that never mention qualified immunity take a fast
path and come out ``qi_decided: false``).
"""

from fairwarning.labeler.core import label_opinion
from fairwarning.labeler.model import GOLD_FIELDS, LABELER_VERSION, Evidence, Label
from fairwarning.labeler.storage import LabelRun, StoredLabel, export_records, label_store, load_labels

__all__ = [
    "label_opinion",
    "Label",
    "Evidence",
    "LABELER_VERSION",
    "GOLD_FIELDS",
    "label_store",
    "load_labels",
    "export_records",
    "LabelRun",
    "StoredLabel",
]
