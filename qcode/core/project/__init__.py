"""The project store: one SQLite file, its schema and migrations, the audit log, undo."""
