"""The project schema, as an ordered list of forward migrations.

A project file records the number of migrations applied to it (`meta.schema_version`).
Opening a file applies the missing ones in one transaction, so a project made by an older
qcode is brought forward the first time a newer one opens it, and a half-migrated file
cannot exist. Migrations are never edited once released: a change to the schema is a new
entry at the end of `MIGRATIONS`.

Every table has an INTEGER `id` so that the audit log can name any row and undo can put
it back exactly; every entity REFI-QDA knows also has a GUID.
"""

from __future__ import annotations

MIGRATION_1 = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('observation', 'interview', 'log', 'other')),
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    original_path TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL DEFAULT '',
    metadata TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX documents_hash ON documents(content_hash);
CREATE TABLE attributes (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    key TEXT NOT NULL,
    value TEXT NOT NULL DEFAULT '',
    UNIQUE (document_id, key)
);
CREATE TABLE codes (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES codes(id),
    level INTEGER NOT NULL DEFAULT 1,
    colour TEXT NOT NULL DEFAULT '#808080',
    shortcut TEXT,
    description TEXT NOT NULL DEFAULT '',
    include_note TEXT NOT NULL DEFAULT '',
    exclude_note TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '[]',
    aliases TEXT NOT NULL DEFAULT '[]',
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX codes_shortcut ON codes(shortcut) WHERE shortcut IS NOT NULL;
CREATE TABLE codings (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    code_id INTEGER NOT NULL REFERENCES codes(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    coder TEXT NOT NULL,
    created_at TEXT NOT NULL,
    memo TEXT NOT NULL DEFAULT '',
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX codings_document ON codings(document_id, start);
CREATE INDEX codings_code ON codings(code_id);
CREATE TABLE memos (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    target TEXT NOT NULL CHECK (target IN ('project', 'document', 'code')),
    target_id INTEGER,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX memos_target ON memos(target, target_id);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    coder TEXT NOT NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    params TEXT NOT NULL DEFAULT '{}',
    undoes INTEGER REFERENCES audit(id),
    undone_by INTEGER REFERENCES audit(id)
);
CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    audit_id INTEGER NOT NULL REFERENCES audit(id),
    seq INTEGER NOT NULL,
    "table" TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    row_id INTEGER NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX changes_audit ON changes(audit_id, seq);
CREATE INDEX changes_row ON changes("table", row_id);
"""

# Structure found by the importers (observation-sheet sections, transcript turns) and the
# full-text index arrived as a second step; keeping it separate also gives the migration
# mechanism a real step to test on files made at version 1.
#
# Sections and turns are part of the imported document, fixed like its text, so they live
# in the document's row as JSON arrays of spans ({"title", "level", "start", "end"} and
# {"speaker", "start", "end", "body_start"}). One row per document keeps import fast, and
# undoing or redoing an import restores a document with its structure in one piece.
MIGRATION_2 = """
ALTER TABLE documents ADD COLUMN sections TEXT NOT NULL DEFAULT '[]';
ALTER TABLE documents ADD COLUMN turns TEXT NOT NULL DEFAULT '[]';
"""

# Keyword suggestions awaiting an analyst's verdict (level-1 auto-coding proposes, the
# analyst decides; rejected ones are remembered so they are not proposed again), and the
# pseudonym table applied to every export. `coding_id` is a plain reference, not a foreign
# key: the coding an accepted suggestion became may later be removed.
MIGRATION_3 = """
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    code_id INTEGER NOT NULL REFERENCES codes(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    keyword TEXT NOT NULL DEFAULT '',
    score REAL NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
    coding_id INTEGER,
    created_at TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    UNIQUE (document_id, code_id, start, "end")
);
CREATE INDEX suggestions_status ON suggestions(status, code_id);
CREATE TABLE pseudonyms (
    id INTEGER PRIMARY KEY,
    real TEXT NOT NULL UNIQUE COLLATE NOCASE,
    alias TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT ''
);
"""

# Level-2 categories: a coding made by assigning a coded segment to a category records
# the coding it was derived from, so a category can show where it came from. A plain
# reference, not a foreign key: the source coding may be removed later.
MIGRATION_4 = """
ALTER TABLE codings ADD COLUMN derived_from INTEGER;
CREATE INDEX codings_span ON codings(document_id, start, "end");
"""

# The analyst's matrix (framework charting): a summary written for one cell, a code × a
# case (`by` names the attribute the cases come from; `source` for one case per document),
# kept when the cell later loses its excerpts, so nothing written is lost; and saved views,
# a matrix's rows, columns, nesting, filters and coders under a name (`spec` as JSON).
MIGRATION_5 = """
CREATE TABLE summaries (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    code_id INTEGER NOT NULL REFERENCES codes(id),
    by TEXT NOT NULL,
    case_value TEXT NOT NULL,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (code_id, by, case_value)
);
CREATE TABLE views (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    spec TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""

MIGRATIONS: tuple[str, ...] = (MIGRATION_1, MIGRATION_2, MIGRATION_3, MIGRATION_4, MIGRATION_5)

SCHEMA_VERSION = len(MIGRATIONS)

# Tables whose rows the audit log records and undo restores, in dependency order
# (parents first): undo deletes children before parents and restores parents first.
TRACKED_TABLES = (
    "documents",
    "attributes",
    "codes",
    "codings",
    "memos",
    "suggestions",
    "pseudonyms",
    "summaries",
    "views",
)

# Columns left out of an insert's "after" image because they are large and can be read
# back from the row itself while it exists (a document's text and structure are immutable).
BULKY_COLUMNS = {"documents": ("text", "sections", "turns")}
