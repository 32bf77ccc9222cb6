"""Migrations registry for the SQLite store (sqlite-utils ``Migrations`` style).

Each migration is applied once, in list order, inside a transaction, and recorded in ``_migrations``.
Never edit a migration that has shipped: append a new one. Modules that own tables add their migration
to :data:`MIGRATIONS` here (corpus first, then labels, then anything later).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Migration", "MIGRATIONS"]


@dataclass(frozen=True)
class Migration:
    name: str
    sql: str


_CORPUS = """
CREATE TABLE opinions (
    id INTEGER PRIMARY KEY,
    text_hash TEXT NOT NULL UNIQUE,          -- sha256 of the normalized text (dedup key)
    case_name TEXT,
    court_id TEXT,                           -- courts-db id
    date_decided TEXT,                       -- ISO YYYY-MM-DD
    precedential_status TEXT NOT NULL DEFAULT 'unknown'
        CHECK (precedential_status IN ('published', 'unpublished', 'unknown')),
    docket_number TEXT,
    document_type TEXT NOT NULL DEFAULT 'opinion'
        CHECK (document_type IN ('opinion', 'errata', 'order')),  -- errata sheets / short orders are kept, flagged
    text TEXT NOT NULL,                      -- the stored (cleaned) text; label/citation offsets point into it
    provenance TEXT NOT NULL DEFAULT '{}',   -- JSON: field -> "source" | "inferred:<how>"
    url TEXT,
    cluster_id TEXT,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX opinions_court_date ON opinions (court_id, date_decided);
CREATE INDEX opinions_date ON opinions (date_decided);

-- every (source, source_id) that delivered an opinion; duplicates point at the same opinion
CREATE TABLE opinion_sources (
    source TEXT NOT NULL,
    source_id TEXT NOT NULL,
    opinion_id INTEGER NOT NULL REFERENCES opinions (id),
    path TEXT,
    PRIMARY KEY (source, source_id)
);
CREATE INDEX opinion_sources_opinion ON opinion_sources (opinion_id);

-- the opinion's own reporter citations ("533 U.S. 194"), normalized with reporters-db
CREATE TABLE reporter_citations (
    opinion_id INTEGER NOT NULL REFERENCES opinions (id),
    cite TEXT NOT NULL,
    PRIMARY KEY (opinion_id, cite)
);
CREATE INDEX reporter_citations_cite ON reporter_citations (cite);

-- citations found in an opinion's text (eyecite); spans are offsets into opinions.text
CREATE TABLE citations (
    id INTEGER PRIMARY KEY,
    opinion_id INTEGER NOT NULL REFERENCES opinions (id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    matched_text TEXT NOT NULL,
    kind TEXT NOT NULL,                      -- full | short | id | supra
    normalized TEXT,                         -- "533 U.S. 194"; short/id/supra: the full citation they refer to
    pin_cite TEXT,
    scdb_verified INTEGER,                   -- U.S. Reports cites: 1 found in SCDB, 0 not found, NULL not checked
    resolved_opinion_id INTEGER REFERENCES opinions (id)
);
CREATE INDEX citations_opinion ON citations (opinion_id);
CREATE INDEX citations_normalized ON citations (normalized);
CREATE INDEX citations_resolved ON citations (resolved_opinion_id);

-- the citation graph: one edge per (citing, cited) pair of stored opinions
CREATE VIEW citation_graph AS
    SELECT opinion_id AS citing_id, resolved_opinion_id AS cited_id, COUNT(*) AS times
    FROM citations WHERE resolved_opinion_id IS NOT NULL GROUP BY opinion_id, resolved_opinion_id;

CREATE VIRTUAL TABLE opinions_fts USING fts5 (
    case_name, text, content='opinions', content_rowid='id', tokenize='porter unicode61'
);

-- inputs that were not stored, with the reason
CREATE TABLE rejections (
    path TEXT NOT NULL,
    source_id TEXT NOT NULL DEFAULT '',      -- '' when the whole file was rejected
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (path, source_id)
);

-- every file an ingest saw (resumable ingest): an input file is recorded (status ok | rejected) only in the
-- transaction that committed all its records; also companion tables (companion:<kind>) and files rejected
-- at discovery (rejected_at_discovery), so every file is accounted for
CREATE TABLE ingested_files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    status TEXT NOT NULL
);
"""

_COUNTS = """
CREATE TABLE court_counts (
    court_id TEXT PRIMARY KEY,               -- courts-db id; '' for opinions without a court
    opinions INTEGER NOT NULL
);
CREATE TRIGGER court_counts_insert AFTER INSERT ON opinions BEGIN
    INSERT INTO court_counts (court_id, opinions) VALUES (COALESCE(NEW.court_id, ''), 1)
        ON CONFLICT (court_id) DO UPDATE SET opinions = opinions + 1;
END;
CREATE TRIGGER court_counts_delete AFTER DELETE ON opinions BEGIN
    UPDATE court_counts SET opinions = opinions - 1 WHERE court_id = COALESCE(OLD.court_id, '');
END;
CREATE TRIGGER court_counts_update AFTER UPDATE OF court_id ON opinions
WHEN COALESCE(OLD.court_id, '') != COALESCE(NEW.court_id, '') BEGIN
    UPDATE court_counts SET opinions = opinions - 1 WHERE court_id = COALESCE(OLD.court_id, '');
    INSERT INTO court_counts (court_id, opinions) VALUES (COALESCE(NEW.court_id, ''), 1)
        ON CONFLICT (court_id) DO UPDATE SET opinions = opinions + 1;
END;
INSERT INTO court_counts (court_id, opinions) SELECT COALESCE(court_id, ''), COUNT(*) FROM opinions GROUP BY 1;

CREATE TABLE label_counts (
    labeler_version TEXT PRIMARY KEY,        -- '*': distinct labeled opinions (any version)
    opinions INTEGER NOT NULL,               -- opinions with a label of this version
    qi_decided INTEGER NOT NULL              -- ... of which the label says QI was decided (0 for '*')
);
CREATE TRIGGER label_counts_insert AFTER INSERT ON labels BEGIN
    INSERT INTO label_counts (labeler_version, opinions, qi_decided) VALUES (NEW.labeler_version, 1, NEW.qi_decided != 0)
        ON CONFLICT (labeler_version) DO UPDATE SET opinions = opinions + 1, qi_decided = qi_decided + (NEW.qi_decided != 0);
    INSERT INTO label_counts (labeler_version, opinions, qi_decided) SELECT '*', 1, 0
        WHERE NOT EXISTS (SELECT 1 FROM labels WHERE opinion_id = NEW.opinion_id AND labeler_version != NEW.labeler_version)
        ON CONFLICT (labeler_version) DO UPDATE SET opinions = opinions + 1;
END;
CREATE TRIGGER label_counts_delete AFTER DELETE ON labels BEGIN
    UPDATE label_counts SET opinions = opinions - 1, qi_decided = qi_decided - (OLD.qi_decided != 0)
        WHERE labeler_version = OLD.labeler_version;
    UPDATE label_counts SET opinions = opinions - 1
        WHERE labeler_version = '*' AND NOT EXISTS (SELECT 1 FROM labels WHERE opinion_id = OLD.opinion_id);
END;
CREATE TRIGGER label_counts_update AFTER UPDATE OF qi_decided ON labels
WHEN (OLD.qi_decided != 0) != (NEW.qi_decided != 0)
    AND OLD.opinion_id = NEW.opinion_id AND OLD.labeler_version = NEW.labeler_version BEGIN
    UPDATE label_counts SET qi_decided = qi_decided + (NEW.qi_decided != 0) - (OLD.qi_decided != 0)
        WHERE labeler_version = NEW.labeler_version;
END;
-- a label moved to another version or opinion: counted as the delete of OLD and the insert of NEW
CREATE TRIGGER label_counts_rekey AFTER UPDATE OF opinion_id, labeler_version ON labels
WHEN OLD.opinion_id != NEW.opinion_id OR OLD.labeler_version != NEW.labeler_version BEGIN
    UPDATE label_counts SET opinions = opinions - 1, qi_decided = qi_decided - (OLD.qi_decided != 0)
        WHERE labeler_version = OLD.labeler_version;
    INSERT INTO label_counts (labeler_version, opinions, qi_decided) VALUES (NEW.labeler_version, 1, NEW.qi_decided != 0)
        ON CONFLICT (labeler_version) DO UPDATE SET opinions = opinions + 1, qi_decided = qi_decided + (NEW.qi_decided != 0);
    UPDATE label_counts SET opinions = opinions - 1 WHERE labeler_version = '*' AND OLD.opinion_id != NEW.opinion_id
        AND NOT EXISTS (SELECT 1 FROM labels WHERE opinion_id = OLD.opinion_id);
    UPDATE label_counts SET opinions = opinions + 1 WHERE labeler_version = '*' AND OLD.opinion_id != NEW.opinion_id
        AND NOT EXISTS (SELECT 1 FROM labels WHERE opinion_id = NEW.opinion_id AND rowid != NEW.rowid);
END;
INSERT INTO label_counts (labeler_version, opinions, qi_decided)
    SELECT labeler_version, COUNT(*), SUM(qi_decided != 0) FROM labels GROUP BY 1;
INSERT INTO label_counts (labeler_version, opinions, qi_decided) SELECT '*', COUNT(DISTINCT opinion_id), 0 FROM labels;

CREATE TABLE citation_counts (
    name TEXT PRIMARY KEY,                   -- 'all' | 'resolved' (resolved_opinion_id set)
    n INTEGER NOT NULL
);
CREATE TRIGGER citation_counts_insert AFTER INSERT ON citations BEGIN
    UPDATE citation_counts SET n = n + 1 WHERE name = 'all';
    UPDATE citation_counts SET n = n + 1 WHERE name = 'resolved' AND NEW.resolved_opinion_id IS NOT NULL;
END;
CREATE TRIGGER citation_counts_delete AFTER DELETE ON citations BEGIN
    UPDATE citation_counts SET n = n - 1 WHERE name = 'all';
    UPDATE citation_counts SET n = n - 1 WHERE name = 'resolved' AND OLD.resolved_opinion_id IS NOT NULL;
END;
CREATE TRIGGER citation_counts_update AFTER UPDATE OF resolved_opinion_id ON citations
WHEN (OLD.resolved_opinion_id IS NULL) != (NEW.resolved_opinion_id IS NULL) BEGIN
    UPDATE citation_counts SET n = n + (CASE WHEN NEW.resolved_opinion_id IS NULL THEN -1 ELSE 1 END)
        WHERE name = 'resolved';
END;
INSERT INTO citation_counts (name, n) VALUES ('all', (SELECT COUNT(*) FROM citations)),
    ('resolved', (SELECT COUNT(*) FROM citations WHERE resolved_opinion_id IS NOT NULL));

-- the QI-deciding labels, for retrieval's rulings query (a scan of all labels otherwise)
CREATE INDEX labels_qi_decided ON labels (opinion_id, labeler_version) WHERE qi_decided = 1;
"""

MIGRATIONS: list[Migration] = [
    Migration("0001_corpus", _CORPUS),
    # labels (owned by fairwarning.labeler.storage): one row per (opinion, labeler version); text_hash is the
    # opinion's hash when labeled, so a changed opinion is labeled again; fields/evidence are JSON
    Migration(
        "0002_labels",
        """
CREATE TABLE labels (
    opinion_id INTEGER NOT NULL REFERENCES opinions (id),
    labeler_version TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    qi_decided INTEGER NOT NULL,
    qi_outcome TEXT,
    fields TEXT NOT NULL,
    evidence TEXT NOT NULL,
    labeled_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (opinion_id, labeler_version)
);
CREATE INDEX labels_version ON labels (labeler_version, qi_decided);
""",
    ),
    # per-right rulings (owned by fairwarning.labeler.storage): one row per (opinion, labeler version, right),
    # written with the opinion's label in one transaction; court/date/publication are copied from the opinion so
    # the precedent finder and the system view select candidates by right, court and date from an index
    Migration(
        "0003_label_rulings",
        """
CREATE TABLE label_rulings (
    opinion_id INTEGER NOT NULL REFERENCES opinions (id),
    labeler_version TEXT NOT NULL,
    right TEXT NOT NULL,
    qi_decided INTEGER NOT NULL,
    qi_outcome TEXT,
    prong1 TEXT NOT NULL,
    prong2 TEXT NOT NULL,
    merits_skipped INTEGER NOT NULL,
    defendant TEXT,
    court_id TEXT,
    date_decided TEXT,
    published INTEGER,
    evidence TEXT NOT NULL,
    PRIMARY KEY (opinion_id, labeler_version, right)
);
CREATE INDEX label_rulings_right ON label_rulings (labeler_version, right, court_id, date_decided);
CREATE INDEX label_rulings_date ON label_rulings (labeler_version, date_decided);
""",
    ),
    # counts kept as aggregates by triggers, so that no read scans a table to count it (issue 13): opinions per
    # court (court_id '' = unknown court), labels per labeler version (labeler_version '*' = distinct labeled
    # opinions, any version), citations (all, resolved); plus a partial index of the QI-deciding labels. The
    # writers need not know: every
    # INSERT, DELETE and UPDATE of the counted columns is counted, whatever the code path. (An INSERT OR REPLACE
    # on these tables would not be, as SQLite fires no DELETE trigger for the replaced row by default: fairwarning
    # never does one — labels are upserted — and ``fairwarning.corpus.store.refresh_counts`` recounts.)
    Migration("0004_store_counts", _COUNTS),
]
