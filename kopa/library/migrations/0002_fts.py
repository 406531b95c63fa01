"""The SQLite full-text index of the library (FTS5, accents removed by the tokenizer as well as by the
folded text the services write). PostgreSQL searches `library_searchdocument` directly."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS library_fts USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS library_fts")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
