"""A one-row lookup for the hottest page (the survey form a crowd opens at once from a poster).

SQLAlchemy's work around each execution (execution context, result object, connection
wrapper) takes about 50 µs, and a pooled connection adds a ping at checkout and a rollback at
checkin: on PostgreSQL four round trips for one SELECT. `RowLookup` compiles its statement
once per database and runs it on a connection of its own, held by the process in autocommit
mode (no transaction to end, no snapshot kept), converting each value with its column's type
as SQLAlchemy would: the same SQL and the same values, in a fraction of the time. A
connection the database dropped is replaced and the lookup tried again once, as the pool's
ping would have done. Everything else uses the ORM and the pool.
"""

from __future__ import annotations

import atexit
import os
import threading
from typing import Any

import sqlalchemy as sa
from flask import current_app

#: Where `engine.init_app` keeps the app's engine for `current_engine()`.
ENGINE = "yhessa.engine"


def current_engine() -> sa.Engine:
    """The current app's engine, as `db.engine` (Flask-SQLAlchemy finds that in a weak mapping
    of apps on every call, a few µs for a lookup that takes a few more)."""
    return current_app.extensions[ENGINE]


class RowLookup:
    """`RowLookup(select).first(engine, name=value, …)`: the first row as a tuple, or None.
    Parameters are strings (they go to the database as given; no bind processing)."""

    def __init__(self, statement: sa.Select):
        self.statement = statement
        self._prepared: dict[tuple, tuple[str, tuple[str, ...] | None, list]] = {}
        self._lock = threading.Lock()  # one lookup at a time on the held connection
        self._held: tuple[sa.Engine, int, Any] | None = None  # engine, process id, detached connection
        atexit.register(self._drop)  # closed with the process, not left to the garbage collector

    def _prepare(self, dialect: sa.Dialect) -> tuple[str, tuple[str, ...] | None, list]:
        compiled = self.statement.compile(dialect=dialect)
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        processors = [column.type.dialect_impl(dialect).result_processor(dialect, None)
                      for column in self.statement.selected_columns]
        prepared = self._prepared[type(dialect), dialect.paramstyle] = (str(compiled), order, processors)
        return prepared

    def first(self, engine: sa.Engine, **params: str) -> tuple | None:
        dialect = engine.dialect
        sql, order, processors = self._prepared.get((type(dialect), dialect.paramstyle)) or self._prepare(dialect)
        arguments: Any = params if order is None else [params[name] for name in order]
        with self._lock:
            for attempt in (1, 2):
                connection = None
                try:
                    connection = self._connection(engine)
                    cursor = connection.cursor()
                    try:
                        cursor.execute(sql, arguments)
                        row = cursor.fetchone()
                    finally:
                        cursor.close()
                    break
                except dialect.loaded_dbapi.Error as error:
                    dropped = connection is not None and dialect.is_disconnect(error, connection, None)
                    self._drop()
                    if attempt == 1 and dropped:
                        continue  # dropped by the database (a restart): once more on a new connection
                    # As SQLAlchemy reports it: a database out of reach is an OperationalError (the 503 page).
                    raise sa.exc.DBAPIError.instance(sql, arguments, error, dialect.loaded_dbapi.Error) from error
        if row is None:
            return None
        return tuple([value if process is None else process(value)
                      for process, value in zip(processors, row, strict=True)])

    def _connection(self, engine: sa.Engine):
        """The held DBAPI connection to `engine`, made on first use in this process (a forked
        worker never uses its parent's)."""
        held = self._held
        if held is not None and held[0] is engine and held[1] == os.getpid():
            return held[2].dbapi_connection
        if held is not None:
            self._drop()  # another app's engine (tests make many), or the parent process's
        connection = engine.raw_connection()  # a connection error is SQLAlchemy's, as anywhere
        connection.detach()  # its own from now on, not the pool's
        dbapi_connection = connection.dbapi_connection
        assert dbapi_connection is not None
        engine.dialect.set_isolation_level(dbapi_connection, "AUTOCOMMIT")
        self._held = (engine, os.getpid(), connection)
        # Disposing of the engine closes this connection too, as it closes the pool's (the tests
        # do it at the end of each test, before the database file may be replaced).
        sa.event.listen(engine, "engine_disposed", self._engine_disposed, once=True)
        return dbapi_connection

    def _engine_disposed(self, engine: sa.Engine) -> None:
        with self._lock:
            if self._held is not None and self._held[0] is engine:
                self._drop()

    def _drop(self) -> None:
        held, self._held = self._held, None
        if held is not None and held[1] == os.getpid():
            try:
                held[2].close()  # detached: really closed
            except Exception:  # noqa: BLE001 - a connection that is already broken
                pass
