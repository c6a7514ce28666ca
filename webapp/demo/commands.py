"""`flask demo-data`: demo organisations, staff logins and each feature's demo content."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from webapp.core.database import db
from webapp.demo import DEMO_PASSWORD, demo_logins, load_demo_data
from webapp.orgs.services import all_organisations


@click.command("demo-data")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Load only into a database with no organisations.")
def demo_data(if_empty):
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
    if logins:
        click.echo(f"Demo staff logins (password for all: {DEMO_PASSWORD}):")
    for email, description in logins:
        click.echo(f"  {email:36} {description}")
