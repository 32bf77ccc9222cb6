"""The qualified-immunity labeler: what each opinion decided, with evidence.

- :func:`label_opinion` — pure: opinion text in, :class:`Label` out (gold-schema fields + ``published``,
  ``confidence`` and ``evidence`` with character offsets into the given text).
- :data:`LABELER_VERSION` — stored with each label; bump it when the rules change.
"""

from fairwarning.labeler.core import label_opinion
from fairwarning.labeler.model import GOLD_FIELDS, LABELER_VERSION, Evidence, Label

__all__ = ["label_opinion", "Label", "Evidence", "LABELER_VERSION", "GOLD_FIELDS"]
