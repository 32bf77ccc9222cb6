"""Reference data: thin, cached wrappers over packaged or external tables every stage looks things up in.

- :mod:`.courts` -- court ids, names and citation strings from courts-db (plus a small packaged alias table).
- :mod:`.scdb` -- the Supreme Court Database's case-centered citation table (``../shared/reference/scdb``).
- :mod:`.taxonomy` -- the rights and official types of the gold schema, as data with examples
  (``data/taxonomy/*.json``).
- :mod:`.patterns` -- helpers over the packaged regular expressions.

Depends only on :mod:`fairwarning.errors`.

>>> from fairwarning.reference import court_name
>>> court_name("ca1")
'Court of Appeals for the First Circuit'
"""

from fairwarning.reference.courts import court_from_name, court_from_url, court_name, is_court

__all__ = ["court_from_name", "court_from_url", "court_name", "is_court"]
