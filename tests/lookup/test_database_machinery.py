"""The database's own search machinery: made by the migrations, used by queries."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from factfile.lookup.search import parse, tsqueries
from tests.lookup.conftest import postgresql_only

pytestmark = pytest.mark.django_db


def test_no_lookup_migration_is_pending():
    out = StringIO()
    call_command("makemigrations", "lookup", "--check", "--dry-run", stdout=out)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5")
def test_sqlite_has_the_fts5_table_and_its_triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name FROM sqlite_master WHERE name LIKE %s", ["lookup_fts%"]
        )
        found = set(cursor.fetchall())
    assert ("table", "lookup_fts") in found
    assert {
        ("trigger", "lookup_fts_insert"),
        ("trigger", "lookup_fts_update"),
        ("trigger", "lookup_fts_delete"),
    } <= found


@postgresql_only
def test_postgresql_has_the_extensions_configuration_and_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename LIKE 'lookup_%%'"
        )
        indexes = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT to_tsvector('lookup_folded', 'Félix Prévot')::text")
        (vector,) = cursor.fetchone()
    assert {"unaccent", "pg_trgm"} <= extensions
    assert {"lookup_entry_document", "lookup_name_trigram"} <= indexes
    assert vector == "'felix':1 'prevot':2"


@postgresql_only
def test_postgresql_search_and_typo_fixes_use_the_gin_indexes(seeded):
    ts = tsqueries(parse("Kagame ceasefire"))
    match = " && ".join(sql for sql, _ in ts.groups)
    params = [param for _, group in ts.groups for param in group]
    with connection.cursor() as cursor:
        # On a table this small the planner would rather read it all; these
        # settings leave it the index scans alone to choose from.
        cursor.execute("ANALYZE lookup_lookupentry")
        cursor.execute("ANALYZE lookup_lookupname")
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        cursor.execute(
            "EXPLAIN SELECT published_id FROM lookup_lookupentry "
            f"WHERE document @@ ({match})",
            params,
        )
        search_plan = "\n".join(row for (row,) in cursor.fetchall())
        cursor.execute(
            "EXPLAIN SELECT word FROM lookup_lookupname WHERE word %% %s", ["kagme"]
        )
        names_plan = "\n".join(row for (row,) in cursor.fetchall())
    assert "lookup_entry_document" in search_plan
    assert "lookup_name_trigram" in names_plan
