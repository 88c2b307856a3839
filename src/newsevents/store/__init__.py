"""The event store: one SQLite file (WAL, FTS5), versioned migrations, ingest and queries."""
