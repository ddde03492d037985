"""Each lookup entry keeps its published record's date.

Equal matches are ordered newest first; with the date beside the words, the
ranking no longer reads the published layer for every candidate. Entries
that exist already take the date from their record. On PostgreSQL the table
is then rewritten compactly (``VACUUM FULL``): the search scans it from the
start, and the old row versions would leave its first half empty. At a
million entries this takes a few minutes, with the lookup unavailable.
"""

from django.db import migrations, models

BACKFILL = (
    "UPDATE lookup_lookupentry SET sort_date = ("
    "SELECT p.sort_date FROM factfile_publishedrecord p "
    "WHERE p.id = lookup_lookupentry.published_id)"
)


def backfill(apps, schema_editor):
    schema_editor.execute(BACKFILL)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("VACUUM FULL ANALYZE lookup_lookupentry")


class Migration(migrations.Migration):
    # VACUUM cannot run inside a transaction.
    atomic = False

    dependencies = [("lookup", "0002_full_text_search")]

    operations = [
        # Nullable, so that SQLite adds the column in place and keeps the
        # FTS5 triggers of 0002.
        migrations.AddField(
            model_name="lookupentry",
            name="sort_date",
            field=models.DateField(
                help_text="The published record's date, kept here to order equal "
                "matches.",
                null=True,
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
