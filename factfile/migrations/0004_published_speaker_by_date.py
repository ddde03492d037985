from django.db import migrations, models

# A speaker's id says the row is a statement: without statistics on the two
# columns together, PostgreSQL multiplies their selectivities, expects a
# handful of rows for a busy speaker, and sorts all of them instead of
# reading the speaker's index in order.
STATISTICS = "published_resource_speaker"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (dependencies, mcv) "
            "ON resource, speaker_id FROM factfile_publishedrecord"
        )
        schema_editor.execute("ANALYZE factfile_publishedrecord")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("factfile", "0003_index_retracted_published_records"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="publishedrecord",
            name="published_speaker",
        ),
        migrations.AddIndex(
            model_name="publishedrecord",
            index=models.Index(
                fields=["resource", "speaker_id", "sort_date", "record_id"],
                name="published_speaker_by_date",
            ),
        ),
        migrations.RunPython(create_statistics, drop_statistics, elidable=False),
    ]
