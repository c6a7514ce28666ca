"""Engine settings per database: SQLite gets WAL, foreign keys, a busy timeout, `secure_delete`,
a file readable by its owner only, and a checkpoint after an erasure."""

from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask

from webapp.core.database import db, lookup


def configure_engine_options(app: Flask) -> None:
    url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    # Errors name the statement but not its values: a logged database error holds no personal data.
    options.setdefault("hide_parameters", True)
    if url.get_backend_name() == "sqlite":
        options.setdefault("connect_args", {}).setdefault("timeout", 15)
    elif url.get_backend_name() == "postgresql":
        options.setdefault("connect_args", {}).setdefault("connect_timeout", 5)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MB of page cache for result aggregates
    # Deleted rows are overwritten with zeros, whatever the SQLite build's default.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def private_file(path: str) -> None:
    """Create `path` readable and writable by its owner only (or make an existing file so).
    SQLite gives its -wal and -shm files the database file's permissions."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(path, 0o600)
    except (PermissionError, FileNotFoundError):  # the operator's file, or no folder: SQLite will say
        pass


def erase_on_commit() -> None:
    """Mark the transaction as one that deletes personal data: once it commits, SQLite's
    write-ahead log is checkpointed and truncated, so the deleted rows do not linger in `-wal`."""
    db.session.info["checkpoint_after_commit"] = True


def _checkpoint_after_erasure(session) -> None:
    if not session.info.pop("checkpoint_after_commit", False):
        return
    engine = db.engine
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    app.extensions[lookup.ENGINE] = engine
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        if engine.url.database and engine.url.database != ":memory:":
            private_file(engine.url.database)
    if not sa.event.contains(sa.orm.Session, "after_commit", _checkpoint_after_erasure):
        sa.event.listen(sa.orm.Session, "after_commit", _checkpoint_after_erasure)

    @app.teardown_request
    def rollback_unfinished(exc):
        # The request owns the transaction: anything not committed by a view is undone.
        if exc is not None:
            db.session.rollback()


def dialect_insert(model):
    """An INSERT that supports `on_conflict_do_nothing/_update` on SQLite and PostgreSQL alike."""
    from sqlalchemy.dialects.postgresql import insert as postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    return insert(model)
