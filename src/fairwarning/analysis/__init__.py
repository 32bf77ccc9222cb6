"""Clearly-established analysis of an incident: precedent finder and research memo.

Stages (each a module with one public verb): :func:`parse_incident` / :func:`load_incident` (input),
:func:`rank` (retrieval: candidates + ranking), :func:`fairwarning.analysis.assess.assess` (per-claim assessment, pure),
:func:`analyze` (the I/O edge: store + doctrine -> :class:`AnalysisResult`), :func:`render_memo`
(Markdown, HTML, DOCX, JSON from one result) and :func:`evaluate_retrieval` (recall@k/MRR vs BM25).
"""

from fairwarning.analysis.engine import analyze
from fairwarning.analysis.evaluate import evaluate_retrieval
from fairwarning.analysis.incident import Defendant, Incident, load_incident, parse_incident
from fairwarning.analysis.memo import FORMATS, memo_text, render_memo
from fairwarning.analysis.result import AnalysisResult, ClaimAssessment, Precedent
from fairwarning.analysis.retrieval import RANKERS, RetrievalQuery, rank

__all__ = [
    "FORMATS",
    "RANKERS",
    "AnalysisResult",
    "ClaimAssessment",
    "Defendant",
    "Incident",
    "Precedent",
    "RetrievalQuery",
    "analyze",
    "evaluate_retrieval",
    "load_incident",
    "memo_text",
    "parse_incident",
    "rank",
    "render_memo",
]
