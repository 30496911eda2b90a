"""Alembic migrations; applied by `minutes db upgrade`."""
