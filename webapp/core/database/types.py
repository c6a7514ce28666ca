"""Column types shared by every feature: UTC times, translatable text, portable enums."""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa

from webapp.core.text import clean_text


class UTCDateTime(sa.TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite keeps no offset itself)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use webapp.core.clock.utcnow()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Translations(dict):
    """Staff-written text in several languages: `{locale: text}`, empty languages dropped."""

    def __init__(self, value: dict | None = None, **kwargs):
        super().__init__()
        for locale, text in {**(value or {}), **kwargs}.items():
            if isinstance(text, str) and text.strip():
                self[locale] = clean_text(text)

    def missing(self, locales) -> list[str]:
        """The locales, of those given, that have no text."""
        return [locale for locale in locales if not self.get(locale)]

    def __bool__(self) -> bool:
        return any(self.values())


class TranslatedText(sa.TypeDecorator):
    """A JSON column holding `Translations`; read it with `webapp.i18n.localize()`."""

    impl = sa.JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return dict(Translations(value))

    def process_result_value(self, value, dialect):
        return None if value is None else Translations(value)


def enum_column(enum_cls, **kwargs):
    """A portable Enum column: stored as its value in a VARCHAR on SQLite and PostgreSQL."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        length=32,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
        **kwargs,
    )


def render_migration_type(type_, obj, autogen_context):
    """Alembic autogenerate: write our column types as the plain types they store as."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, TranslatedText):
        return "sa.JSON()"
    return False
