"""`flask worker`: delivers the outbox."""

from __future__ import annotations

import time

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from webapp.core.database import db
from webapp.outbox.services import deliver_due


@click.command()
@with_appcontext
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between polls.")
def worker(once, interval):
    """Deliver the outbox (email), retrying failures with backoff."""
    while True:
        try:
            counts = deliver_due()
        except sa.exc.SQLAlchemyError:
            # The database is away for a moment: keep the worker alive and try again.
            current_app.logger.exception("outbox worker: database error")
            db.session.rollback()
            if once:
                raise
            time.sleep(interval)
            continue
        if counts["sent"] or counts["failed"]:
            click.echo(f"sent {counts['sent']}, failed {counts['failed']}")
        if once and not (counts["sent"] or counts["failed"]):
            break
        if not once:
            db.session.remove()
            time.sleep(interval)
