"""Persistence layer: typed SQLAlchemy models, engine set-up, change log and migrations.

Imports SQLAlchemy (and Alembic for migrations) only; never Qt.
"""
