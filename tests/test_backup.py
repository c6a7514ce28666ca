"""`flask backup` writes a copy that restores to the same data (SQLite online backup; pg_dump)."""

import subprocess

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.idea_factory import make_board, published_idea
from tests.survey_factory import make_survey
from webapp.core.database import db


def counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
                for table in db.metadata.sorted_tables}


def test_a_backup_restores_to_the_same_rows(app, factory, runner, tmp_path):
    org = factory.organisation("kittila")
    make_survey(app, org)
    published_idea(app, make_board(app, org))
    target = tmp_path / "backup.dump"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        original = counts(db.engine)
        url = make_url(str(db.engine.url))
    assert original["survey_question"] > 0 and original["idea"] == 1

    if url.get_backend_name() == "sqlite":
        restored = sa.create_engine(f"sqlite:///{target}")
    else:  # restore into a fresh PostgreSQL database beside the test one
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text("DROP DATABASE IF EXISTS yhessa_restore_test"))
            connection.execute(sa.text("CREATE DATABASE yhessa_restore_test"))
        admin.dispose()
        restored_url = url.set(database="yhessa_restore_test")
        subprocess.run(["pg_restore", "--no-owner", "--dbname",
                        restored_url.set(drivername="postgresql").render_as_string(hide_password=False),
                        str(target)], check=True)
        restored = sa.create_engine(restored_url)
    try:
        assert counts(restored) == original
    finally:
        restored.dispose()
