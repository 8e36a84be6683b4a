"""Database helpers for migrations that differ between PostgreSQL and SQLite."""

from __future__ import annotations

from django.db import migrations


def trigram_index(table: str, column: str, name: str) -> migrations.RunPython:
    """A trigram GIN index on PostgreSQL (pg_trgm), so `column LIKE '%word%'` searches use an
    index; nothing on SQLite, which searches by scanning the organization's rows (DESIGN.md:
    a PostgreSQL-only feature with a fallback). Not declared in the model's Meta, so SQLite
    never sees it."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)'
        )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards, elidable=False)
