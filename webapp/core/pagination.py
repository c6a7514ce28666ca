"""Paged lists: one bounded page-number parser, Flask-SQLAlchemy's pagination for rows of a
model, the same for plain result rows, and one template macro (`macros/pagination.html`)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import request
from flask_sqlalchemy.pagination import Pagination, SelectPagination

from webapp.core.database import db

#: No list is that long; a larger number in the address is the last page, not an overflow.
MAX_PAGE = 100_000


def page_number(name: str = "page") -> int:
    """The page asked for in the query string, from 1 to MAX_PAGE (anything else is page 1)."""
    value = request.args.get(name, "")
    if not (value.isascii() and value.isdigit()):
        return 1
    return MAX_PAGE if len(value) > 6 else min(max(int(value), 1), MAX_PAGE)


def paginate(select: sa.Select, *, page: int, per_page: int) -> Pagination:
    """One page of the model rows `select` returns, with the total count (`db.paginate`)."""
    return db.paginate(select, page=page, per_page=per_page, max_per_page=per_page, error_out=False)


class RowsPagination(SelectPagination):
    """One page of plain result rows (several columns), with a total the caller may already
    know (counted with other aggregates) or that is counted here."""

    def _query_items(self) -> list[Any]:
        select = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(select).all())

    def _query_count(self) -> int:
        known = self._query_args.get("total")
        return known if known is not None else super()._query_count()


def paginate_rows(select: sa.Select, *, page: int, per_page: int, total: int | None = None) -> Pagination:
    """One page of the rows `select` returns (tuples, not model objects)."""
    return RowsPagination(select=select, session=db.session, total=total, page=page, per_page=per_page,
                          max_per_page=per_page, error_out=False)
