"""The schema comes from Alembic revisions, and they match the models."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from webapp.core.database import db
from webapp.core.database.types import render_migration_type


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "render_item": render_migration_type})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "run `flask db migrate` and review the new revision"


def test_downgrade_to_nothing_and_upgrade_again(settings, tmp_path):
    from webapp import create_app

    fresh = create_app({**settings, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"})
    with fresh.app_context():
        upgrade()
        assert "organisation" in sa.inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert "outbox_message" in sa.inspect(db.engine).get_table_names()


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite pragmas do not apply to PostgreSQL")
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_upgrading_sqlite_keeps_the_rows_of_altered_tables(settings, tmp_path):
    """Batch migrations on SQLite copy a table and drop the old one: with foreign keys on, the
    drop would cascade into every child row. Memberships and service areas must survive."""
    from webapp import create_app

    fresh = create_app({**settings, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'keep.sqlite3'}"})
    with fresh.app_context():
        upgrade(revision="d4cac2c9686b")  # before the organisation table was altered
        db.session.execute(sa.text(
            "INSERT INTO organisation (id, slug, name, content_locales, contact_email, dpo_contact, "
            "privacy_notice_version, created_at, updated_at) VALUES (1, 'kittila', '{\"fi\": \"K\"}', '[\"fi\"]', "
            "'', '', 1, '2026-01-01', '2026-01-01')"))
        db.session.execute(sa.text(
            "INSERT INTO staff_user (id, email, display_name, password_hash, locale, is_site_admin, "
            "is_active_account, created_at, updated_at) VALUES (1, 'a@b.fi', '', 'x', 'fi', 0, 1, "
            "'2026-01-01', '2026-01-01')"))
        db.session.execute(sa.text(
            "INSERT INTO membership (id, user_id, organisation_id, role, created_at, updated_at) "
            "VALUES (1, 1, 1, 'coordinator', '2026-01-01', '2026-01-01')"))
        db.session.commit()
        upgrade()
        assert db.session.execute(sa.text("SELECT count(*) FROM membership")).scalar() == 1
        assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
