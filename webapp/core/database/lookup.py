"""A one-row lookup for the hottest page (the survey form a crowd opens at once from a poster).

SQLAlchemy's work around each execution (execution context, result object, connection
wrapper) takes about 50 µs, as long as the rest of that page's own work. `RowLookup` compiles
its statement once per database, runs it on a pooled DBAPI connection and converts each value
with its column's type, as SQLAlchemy would: the same SQL and the same values, in a fifth of
the time. Everything else uses the ORM.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


class RowLookup:
    """`RowLookup(select).first(engine, name=value, …)`: the first row as a tuple, or None.
    Parameters are strings (they go to the database as given; no bind processing)."""

    def __init__(self, statement: sa.Select):
        self.statement = statement
        self._prepared: dict[tuple, tuple[str, tuple[str, ...] | None, list]] = {}

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
        connection = None
        try:
            connection = engine.raw_connection()
            cursor = connection.cursor()
            try:
                cursor.execute(sql, arguments)
                row = cursor.fetchone()
            finally:
                cursor.close()
        except dialect.loaded_dbapi.Error as error:
            # As SQLAlchemy reports it (a database out of reach is an OperationalError: the 503
            # page), and a connection the database dropped is not given out again.
            if connection is not None and dialect.is_disconnect(error, connection.dbapi_connection, None):
                connection.invalidate(error)
            raise sa.exc.DBAPIError.instance(sql, arguments, error, dialect.loaded_dbapi.Error) from error
        finally:
            if connection is not None:
                connection.close()  # back to the pool, its transaction rolled back
        if row is None:
            return None
        return tuple(value if process is None else process(value)
                     for process, value in zip(processors, row, strict=True))
