"""Each lookup entry keeps its published record's date.

Equal matches are ordered newest first; with the date beside the words, the
ranking no longer reads the published layer for every candidate. Entries
that exist already take the date from their record (at a million entries on
PostgreSQL this rewrites the table: a few minutes; ``reindex_lookup`` does the
same).
"""

from django.db import migrations, models

BACKFILL = (
    "UPDATE lookup_lookupentry SET sort_date = ("
    "SELECT p.sort_date FROM factfile_publishedrecord p "
    "WHERE p.id = lookup_lookupentry.published_id)"
)


class Migration(migrations.Migration):
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
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
