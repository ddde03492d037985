"""Cited passages, and the sentences they stand in, become a fourth field.

PostgreSQL: the generated ``document`` is made again with the passages
weighted D, with its GIN index. SQLite: adding a column that is not null
rebuilds the entry table, which drops the FTS5 triggers of 0002; the FTS5
table is made again over four fields, with its triggers.

Entries that exist already have no passages until ``manage.py
reindex_lookup`` runs: they are found as before meanwhile.
"""

from django.db import migrations, models

_DOCUMENT = (
    "ALTER TABLE lookup_lookupentry ADD COLUMN document tsvector "
    "GENERATED ALWAYS AS ("
    "setweight(to_tsvector('lookup_folded'::regconfig, body), 'A') || "
    "setweight(to_tsvector('lookup_folded'::regconfig, names), 'B') || "
    "setweight(to_tsvector('lookup_folded'::regconfig, context), 'C'){passages}"
    ") STORED"
)
_PASSAGES = " || setweight(to_tsvector('lookup_folded'::regconfig, passages), 'D')"
_INDEX = "CREATE INDEX lookup_entry_document ON lookup_lookupentry USING gin (document)"


def _postgresql(passages: bool) -> list[str]:
    return [
        "ALTER TABLE lookup_lookupentry DROP COLUMN IF EXISTS document",
        _DOCUMENT.format(passages=_PASSAGES if passages else ""),
        _INDEX,
    ]


def _sqlite(columns: list[str]) -> list[str]:
    listed = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    return [
        "DROP TRIGGER IF EXISTS lookup_fts_insert",
        "DROP TRIGGER IF EXISTS lookup_fts_delete",
        "DROP TRIGGER IF EXISTS lookup_fts_update",
        "DROP TABLE IF EXISTS lookup_fts",
        f"CREATE VIRTUAL TABLE lookup_fts USING fts5({listed}, "
        "content='lookup_lookupentry', content_rowid='published_id', "
        "tokenize='unicode61 remove_diacritics 2')",
        "CREATE TRIGGER lookup_fts_insert AFTER INSERT ON lookup_lookupentry BEGIN "
        f"INSERT INTO lookup_fts(rowid, {listed}) "
        f"VALUES (new.published_id, {new}); END",
        "CREATE TRIGGER lookup_fts_delete AFTER DELETE ON lookup_lookupentry BEGIN "
        f"INSERT INTO lookup_fts(lookup_fts, rowid, {listed}) "
        f"VALUES ('delete', old.published_id, {old}); END",
        "CREATE TRIGGER lookup_fts_update AFTER UPDATE ON lookup_lookupentry BEGIN "
        f"INSERT INTO lookup_fts(lookup_fts, rowid, {listed}) "
        f"VALUES ('delete', old.published_id, {old}); "
        f"INSERT INTO lookup_fts(rowid, {listed}) "
        f"VALUES (new.published_id, {new}); END",
        "INSERT INTO lookup_fts(lookup_fts) VALUES ('rebuild')",
    ]


THREE = ["body", "names", "context"]
FOUR = [*THREE, "passages"]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, _postgresql(passages=True))
    elif vendor == "sqlite":
        _run(schema_editor, _sqlite(FOUR))


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, _postgresql(passages=False))


def backwards_sqlite(apps, schema_editor):
    # After the column is gone (and the table rebuilt once more).
    if schema_editor.connection.vendor == "sqlite":
        _run(schema_editor, _sqlite(THREE))


class Migration(migrations.Migration):
    dependencies = [("lookup", "0003_lookupentry_sort_date")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, backwards_sqlite),
        migrations.AddField(
            model_name="lookupentry",
            name="passages",
            field=models.TextField(
                blank=True,
                default="",
                help_text="Weighted fourth: the cited passages and the sentences "
                "they stand in.",
            ),
        ),
        # Backwards, PostgreSQL's document no longer reads the passages
        # before they go.
        migrations.RunPython(forwards, backwards),
    ]
