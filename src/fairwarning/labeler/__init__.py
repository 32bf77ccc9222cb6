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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fairwarning.labeler.core import label_opinion
    from fairwarning.labeler.model import GOLD_FIELDS, LABELER_VERSION, Evidence, Label
    from fairwarning.labeler.storage import LabelRun, StoredLabel, export_records, label_store, load_labels

#: exported name -> the module defining it; imported on first use (PEP 562), so importing the package (or one of
#: its light modules) does not import its heavy ones
_EXPORTS = {
    "label_opinion": "fairwarning.labeler.core",
    "GOLD_FIELDS": "fairwarning.labeler.model",
    "LABELER_VERSION": "fairwarning.labeler.model",
    "Evidence": "fairwarning.labeler.model",
    "Label": "fairwarning.labeler.model",
    "LabelRun": "fairwarning.labeler.storage",
    "StoredLabel": "fairwarning.labeler.storage",
    "export_records": "fairwarning.labeler.storage",
    "label_store": "fairwarning.labeler.storage",
    "load_labels": "fairwarning.labeler.storage",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

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
