"""Persistence: SQLAlchemy models, engine and unit of work, media files, migrations."""
