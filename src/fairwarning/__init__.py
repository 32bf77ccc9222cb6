"""fairwarning: qualified-immunity research over real case law."""

from fairwarning.errors import DataError, FairwarningError, InputError, RemoteError, SourceError, StoreError
from fairwarning.models import OpinionRecord, Rejection

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "FairwarningError",
    "InputError",
    "OpinionRecord",
    "Rejection",
    "RemoteError",
    "SourceError",
    "StoreError",
    "__version__",
]
