"""On PostgreSQL only: a trigram index on the directory's search text.

The directory searches with `search_text LIKE '%word%'`, which no ordinary B-tree index can serve; a
GIN index with pg_trgm's operator class can. SQLite has no such index and scans, which is fast enough
at the sizes it is meant for. pg_trgm is a trusted extension (PostgreSQL 13 and later): the owner of
the database may create it.
"""

from django.db import migrations

INDEX = "directory_organisation_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_organisation USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_oid_validator")]
    operations = [migrations.RunPython(create_index, drop_index)]
