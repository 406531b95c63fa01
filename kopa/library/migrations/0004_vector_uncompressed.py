"""PostgreSQL: search vectors are stored uncompressed (STORAGE EXTERNAL). A common word matches most
documents, and ranking them reads every matching vector; decompressing each one cost more than the
match and the ranking together. Existing vectors are rewritten so the setting applies to them too."""

from django.db import migrations

FORWARD = """
ALTER TABLE library_searchdocument ALTER COLUMN vector SET STORAGE EXTERNAL;
UPDATE library_searchdocument SET text = text;
"""
BACKWARD = "ALTER TABLE library_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("library", "0003_postgresql_vector")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
