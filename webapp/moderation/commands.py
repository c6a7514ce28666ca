"""`flask moderation-digest`: the daily email of what waits for moderation."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from webapp.core.database import db
from webapp.moderation.services import send_digests


@click.command("moderation-digest")
@with_appcontext
def moderation_digest():
    """Queue the daily "what waits for moderation" emails (run once a day)."""
    count = send_digests()
    db.session.commit()
    click.echo(f"{count} digest emails queued")
