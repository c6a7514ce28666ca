"""`flask demo-data`: demo organisations, staff logins and each feature's demo content."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from webapp.core.database import db
from webapp.demo import DEMO_PASSWORD, ORGANISATIONS, demo_logins, load_demo_data
from webapp.demo.volume import load_volume
from webapp.orgs.services import all_organisations


@click.command("demo-data")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Load only into a database with no organisations.")
@click.option("--volume", is_flag=True, help="Also fill each demo organisation to a real year's volume: "
              "150 ideas, 2,000 survey responses, 300 developer-clients, 60 backlog items.")
def demo_data(if_empty, volume):
    """Load demo organisations and staff logins (idempotent; refused in production)."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("demo data is refused in production")
    if if_empty and all_organisations():
        logins = demo_logins()
        click.echo("The database already has data; demo data was not loaded.")
    else:
        logins = load_demo_data()
        db.session.commit()
        click.echo("Demo data is ready.")
    if volume:
        for organisation in all_organisations():
            if organisation.slug in ORGANISATIONS:
                added = load_volume(organisation)
                db.session.commit()
                click.echo(f"{organisation.slug}: added " + ", ".join(f"{n} {what.replace('_', ' ')}"
                                                                     for what, n in added.items()))
    if logins:
        click.echo(f"Demo staff logins (password for all: {DEMO_PASSWORD}):")
    for email, description in logins:
        click.echo(f"  {email:36} {description}")
