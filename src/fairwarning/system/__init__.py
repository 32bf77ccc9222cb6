"""The system view: how qualified immunity runs across courts, rights and years, and what other rules would change.

Home of the analytics over the stored per-right labels (grant rates, merits skipping, the stock of
clearly-established law, with intervals) and the simulator of doctrine regimes calibrated on them.

Reads the store and the labels; depends on :mod:`fairwarning.labeler`, :mod:`fairwarning.doctrine`,
:mod:`fairwarning.corpus` and :mod:`fairwarning.reference`, never on the CLI or the web application.
"""
