"""Telemetry: the SQLite store (schema, migrations, connection), ingest and importers."""
