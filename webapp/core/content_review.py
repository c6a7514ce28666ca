"""An organisation's texts to a translator and back, as a spreadsheet.

Every translatable column (`TranslatedText`) of every table is found in the models' metadata,
and a row belongs to the organisation when its table, or a table it points to (an option →
its question → its survey), has the organisation's id. `export_rows` lists the texts written
in some language but missing in the chosen one; `plan_import` reads the translator's sheet
back and `apply_import` stores the filled-in texts, touching the `updated_at` of the rows up
the chain so that cached pages (a survey's answer page) are rendered again.

A sheet with a broken row stores nothing: a row that names no text of this organisation, a
text that is not translatable, or a translation that cannot be stored. Rows left empty are
skipped; a translation of a text that has one already replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.base import Base
from webapp.core.database.types import TranslatedText, Translations
from webapp.core.i18n import LANGUAGE_NAMES
from webapp.core.tabular import Cell
from webapp.core.text import clean_text, has_unstorable

SHEET_HEADER = ("Key", "What", "Field", "Finnish", "Other languages", "Translation")
_KEY, _WHAT, _FIELD, _FINNISH, _OTHER, _TRANSLATION = range(6)


@dataclass(frozen=True)
class _Table:
    model: Any
    columns: tuple[str, ...]
    #: From this table up to one with organisation_id: (foreign key column, parent table).
    chain: tuple[tuple[sa.Column, sa.Table], ...]


def _tables() -> dict[str, _Table]:
    """Tables with translatable columns that belong to an organisation, by table name."""
    found = {}
    for mapper in Base.registry.mappers:
        columns = tuple(c.name for c in mapper.columns if isinstance(c.type, TranslatedText))
        table = mapper.local_table
        if not columns or not isinstance(table, sa.Table) or table.name == "organisation":
            continue
        chain = _chain_to_organisation(table)
        if chain is not None:
            found[table.name] = _Table(mapper.class_, columns, chain)
    return found


def _chain_to_organisation(table: sa.Table, depth: int = 0) -> tuple | None:
    if "organisation_id" in table.c:
        return ()
    if depth > 3:
        return None
    for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
        if fk.parent.nullable:
            continue
        parent = fk.column.table
        rest = _chain_to_organisation(parent, depth + 1)
        if rest is not None:
            return ((fk.parent, parent), *rest)
    return None


def _owned(table: _Table, organisation_id: int):
    """A select of the table's rows that belong to the organisation."""
    query: Any = sa.select(table.model)
    top = table.model.__table__
    for column, parent in table.chain:
        query = query.join(parent, column == parent.c.id)
        top = parent
    return query.where(top.c.organisation_id == organisation_id)


def _what(table_name: str, row, tables: dict[str, _Table]) -> str:
    """"survey question 12 · Neuvolakysely": the row, and what it belongs to."""
    label = f"{table_name.replace('_', ' ')} {row.id}"
    chain = tables[table_name].chain
    if not chain:
        return label
    column, parent = chain[0]
    owner = tables.get(parent.name)
    if owner is None:
        return label
    text = db.session.scalar(sa.select(parent.c[owner.columns[0]]).where(parent.c.id == getattr(row, column.name)))
    title = Translations(text).get("fi") or next(iter(Translations(text).values()), "") if text else ""
    return f"{label} · {title}" if title else label


def export_rows(organisation, locale: str) -> list[list[Cell]]:
    """The sheet: a row for every text written in some language but missing in `locale`."""
    rows: list[list[Cell]] = [list(SHEET_HEADER)]
    tables = _tables()
    for name, table in sorted(tables.items()):
        for row in db.session.scalars(_owned(table, organisation.id).order_by(table.model.id)):
            for column in table.columns:
                value = Translations(getattr(row, column))
                if not value or value.get(locale):
                    continue
                others = "\n".join(f"{LANGUAGE_NAMES.get(code, code)}: {text}"
                                   for code, text in value.items() if code != "fi" and text)
                rows.append([f"{name}:{row.id}:{column}", _what(name, row, tables), column, value.get("fi", ""),
                             others, None])
    return rows


@dataclass
class ImportPlan:
    locale: str
    changes: list[tuple[object, str, str]] = field(default_factory=list)  # row, column, text
    errors: list[str] = field(default_factory=list)


def plan_import(organisation, locale: str, rows: list[tuple]) -> ImportPlan:
    """Check every row of the translator's sheet; nothing is changed yet."""
    plan = ImportPlan(locale)
    header = [str(cell or "").strip() for cell in (rows[0] if rows else [])]
    if tuple(header[:len(SHEET_HEADER)]) != SHEET_HEADER:
        plan.errors.append(f"row 1: the columns are not {', '.join(SHEET_HEADER)}")
        return plan
    tables = _tables()
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (len(SHEET_HEADER) - len(row))
        raw = str(cells[_TRANSLATION] or "")
        key = str(cells[_KEY] or "").strip()
        if not key or not raw.strip():
            continue
        text = clean_text(raw)
        name, _, rest = key.partition(":")
        row_id, _, column = rest.partition(":")
        table = tables.get(name)
        if table is None or column not in table.columns or not row_id.isdigit():
            plan.errors.append(f"row {number}: {key!r} is not a translatable text")
            continue
        target = db.session.scalar(_owned(table, organisation.id).where(table.model.id == int(row_id)))
        if target is None:
            plan.errors.append(f"row {number}: {key!r} is not a text of this organisation")
            continue
        if has_unstorable(raw):
            plan.errors.append(f"row {number}: the translation has characters that cannot be stored")
            continue
        plan.changes.append((target, column, text))
    return plan


def apply_import(plan: ImportPlan) -> int:
    """Store a checked plan; returns the number of texts written."""
    now = utcnow()
    for target, column, text in plan.changes:
        value = Translations(getattr(target, column))
        setattr(target, column, Translations({**value, plan.locale: text}))
        _touch_parents(target, now)
    db.session.flush()
    return len(plan.changes)


def _touch_parents(target, now) -> None:
    """A changed question makes its survey changed too (cached pages key on updated_at)."""
    table = _tables()[target.__table__.name]
    row_id = target.id
    current = target.__table__
    for column, parent in table.chain:
        parent_id = db.session.scalar(sa.select(column).where(current.c.id == row_id))
        if "updated_at" in parent.c and parent_id is not None:
            db.session.execute(parent.update().where(parent.c.id == parent_id).values(updated_at=now))
        row_id, current = parent_id, parent
