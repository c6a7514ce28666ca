"""Staff pages at a real year's volume (`flask demo-data --volume` in Kittilä): the median time
of every staff list page (the pages tests/test_staff_statement_counts.py counts) and the SQL
statements each runs, slowest first."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import sqlalchemy as sa


def run(loads: int = 5) -> list[tuple[str, float, int]]:
    """`(address, median ms, statements)` of each page, slowest first."""
    from flask_migrate import upgrade

    from tests.test_staff_statement_counts import list_pages
    from webapp import create_app
    from webapp.core.database import db
    from webapp.demo import DEMO_PASSWORD, SITE_ADMIN, load_demo_data
    from webapp.demo.volume import load_volume
    from webapp.orgs.services import find_organisation

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'volume.sqlite3'}",
                          "SECRET_KEY": "bench-" * 8, "OUTBOX_DIR": tmp, "RATELIMIT_ENABLED": False})
        with app.app_context():
            upgrade()
            load_demo_data()
            organisation = find_organisation("kittila")
            load_volume(organisation)
            db.session.commit()
            kittila = SimpleNamespace(id=organisation.id, slug=organisation.slug)
            engine = db.engine
        client = app.test_client()
        page = client.get("/staff/login").get_data(as_text=True)
        token = page.split('name="csrf_token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
        client.post("/staff/login", data={"csrf_token": token, "email": SITE_ADMIN, "password": DEMO_PASSWORD})
        figures = []
        for url in list_pages(app, kittila):
            statements = []

            def count(conn, cursor, statement, *args, seen=statements):
                seen.append(statement)
            client.get(url)  # the first load compiles the templates it uses
            sa.event.listen(engine, "before_cursor_execute", count)
            client.get(url)
            sa.event.remove(engine, "before_cursor_execute", count)
            times = []
            for _ in range(loads):
                started = time.perf_counter()
                client.get(url)
                times.append(1000 * (time.perf_counter() - started))
            figures.append((url, statistics.median(times), len(statements)))
        with app.app_context():
            db.engine.dispose()
    return sorted(figures, key=lambda figure: -figure[1])


def report(figures, shown: int = 8) -> list[str]:
    slowest = figures[0][1] if figures else 0
    lines = ["## Staff pages at a real year's volume (budget: every list page's median under 300 ms)", "",
             "Kittilä after `flask demo-data --volume` (150 ideas, 2,000 responses, 300 developer-clients, "
             f"60 backlog items): {len(figures)} staff pages, the slowest at {slowest:.0f} ms.", "",
             "| page | median | SQL statements |", "|---|---|---|"]
    lines += [f"| `{url}` | {ms:.0f} ms | {statements} |" for url, ms, statements in figures[:shown]]
    return lines + [""]


if __name__ == "__main__":  # `.venv/bin/python -m bench.staff`: this part alone, every page listed
    import logging

    logging.getLogger("alembic").setLevel(logging.WARNING)
    measured = run()
    print("\n".join(report(measured, shown=len(measured))))
