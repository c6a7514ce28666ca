"""`flask guide-reminders`: reminders to check services-guide entries."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from webapp.core.database import db
from webapp.guide.services import send_check_reminders


@click.command("guide-reminders")
@with_appcontext
def guide_reminders():
    """Remind owners of services-guide entries not checked for 12 months (run once a day)."""
    count = send_check_reminders()
    db.session.commit()
    click.echo(f"{count} check reminders queued")
