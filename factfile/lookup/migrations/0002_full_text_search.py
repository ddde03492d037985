"""The database's own full-text machinery for the lookup index.

PostgreSQL: the unaccent and pg_trgm extensions, an accent-folding text
search configuration, a generated weighted tsvector with a GIN index, and a
GIN trigram index on the vocabulary of names.

SQLite: an FTS5 table over the entry table's three fields, kept in step by
triggers. Django does not know these triggers: a later migration that makes
SQLite rebuild ``lookup_lookupentry`` must create them again.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

POSTGRESQL = [
    (
        "CREATE TEXT SEARCH CONFIGURATION lookup_folded (COPY = simple)",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS lookup_folded",
    ),
    (
        "ALTER TEXT SEARCH CONFIGURATION lookup_folded "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
        None,
    ),
    (
        "ALTER TABLE lookup_lookupentry ADD COLUMN document tsvector "
        "GENERATED ALWAYS AS ("
        "setweight(to_tsvector('lookup_folded'::regconfig, body), 'A') || "
        "setweight(to_tsvector('lookup_folded'::regconfig, names), 'B') || "
        "setweight(to_tsvector('lookup_folded'::regconfig, context), 'C')"
        ") STORED",
        "ALTER TABLE lookup_lookupentry DROP COLUMN IF EXISTS document",
    ),
    (
        "CREATE INDEX lookup_entry_document ON lookup_lookupentry "
        "USING gin (document)",
        "DROP INDEX IF EXISTS lookup_entry_document",
    ),
    (
        "CREATE INDEX lookup_name_trigram ON lookup_lookupname "
        "USING gin (word gin_trgm_ops)",
        "DROP INDEX IF EXISTS lookup_name_trigram",
    ),
]

_FTS_COLUMNS = "rowid, body, names, context"
SQLITE = [
    (
        "CREATE VIRTUAL TABLE lookup_fts USING fts5("
        "body, names, context, content='lookup_lookupentry', "
        "content_rowid='published_id', "
        "tokenize='unicode61 remove_diacritics 2')",
        "DROP TABLE IF EXISTS lookup_fts",
    ),
    (
        "CREATE TRIGGER lookup_fts_insert AFTER INSERT ON lookup_lookupentry BEGIN "
        f"INSERT INTO lookup_fts({_FTS_COLUMNS}) "
        "VALUES (new.published_id, new.body, new.names, new.context); END",
        "DROP TRIGGER IF EXISTS lookup_fts_insert",
    ),
    (
        "CREATE TRIGGER lookup_fts_delete AFTER DELETE ON lookup_lookupentry BEGIN "
        f"INSERT INTO lookup_fts(lookup_fts, {_FTS_COLUMNS}) "
        "VALUES ('delete', old.published_id, old.body, old.names, old.context); END",
        "DROP TRIGGER IF EXISTS lookup_fts_delete",
    ),
    (
        "CREATE TRIGGER lookup_fts_update AFTER UPDATE ON lookup_lookupentry BEGIN "
        f"INSERT INTO lookup_fts(lookup_fts, {_FTS_COLUMNS}) "
        "VALUES ('delete', old.published_id, old.body, old.names, old.context); "
        f"INSERT INTO lookup_fts({_FTS_COLUMNS}) "
        "VALUES (new.published_id, new.body, new.names, new.context); END",
        "DROP TRIGGER IF EXISTS lookup_fts_update",
    ),
    # Entries that exist already (none on a fresh database).
    ("INSERT INTO lookup_fts(lookup_fts) VALUES ('rebuild')", None),
]


def _statements(vendor: str) -> list[tuple[str, str | None]]:
    return {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor, [])


def forwards(apps, schema_editor):
    for sql, _ in _statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for _, sql in reversed(_statements(schema_editor.connection.vendor)):
        if sql:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("lookup", "0001_lookup_index")]

    operations = [
        # Both do nothing on a database other than PostgreSQL.
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
