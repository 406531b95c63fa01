"""PostgreSQL: each search document keeps its text-search vector, in its own configuration, in a
column kept by a trigger (the configuration is a column, so no generated column can hold it), with a
GIN index; search then reads the index instead of parsing every document's text. SQLite uses FTS5
(0002); other databases neither."""

from django.db import migrations

CREATE = """
ALTER TABLE library_searchdocument ADD COLUMN IF NOT EXISTS vector tsvector;
CREATE OR REPLACE FUNCTION library_searchdocument_vector() RETURNS trigger AS $$
BEGIN
  NEW.vector := to_tsvector(NEW.config::regconfig, coalesce(NEW.text, ''));
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS library_searchdocument_vector ON library_searchdocument;
CREATE TRIGGER library_searchdocument_vector BEFORE INSERT OR UPDATE OF text, config
  ON library_searchdocument FOR EACH ROW EXECUTE FUNCTION library_searchdocument_vector();
UPDATE library_searchdocument SET text = text;
CREATE INDEX IF NOT EXISTS library_searchdocument_vector_gin ON library_searchdocument USING GIN (vector);
"""

DROP = """
DROP INDEX IF EXISTS library_searchdocument_vector_gin;
DROP TRIGGER IF EXISTS library_searchdocument_vector ON library_searchdocument;
DROP FUNCTION IF EXISTS library_searchdocument_vector();
ALTER TABLE library_searchdocument DROP COLUMN IF EXISTS vector;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("library", "0002_fts")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
