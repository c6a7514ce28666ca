"""Commands: demo-data, create-user, worker, purge, translate (`flask --app webapp …`)."""

from __future__ import annotations

import sys
import time

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from webapp.audit.services import SYSTEM, record
from webapp.extensions import db


def register_commands(app: Flask) -> None:
    app.cli.add_command(demo_data)
    app.cli.add_command(create_user)
    app.cli.add_command(worker)
    app.cli.add_command(purge)
    app.cli.add_command(translate)
    app.cli.add_command(moderation_digest)
    app.cli.add_command(guide_reminders)
    app.cli.add_command(backup)


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup(path):
    """Write a consistent copy of the database to PATH while the app keeps serving.

    SQLite: the online backup API (restore: stop the app, put the file in place).
    PostgreSQL: `pg_dump --format=custom` (restore: `pg_restore --clean --no-owner -d URL PATH`).
    """
    import sqlite3
    import subprocess

    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        target = sqlite3.connect(path)
        try:
            with target:
                source.backup(target)
        finally:
            source.close()
            target.close()
    elif url.get_backend_name() == "postgresql":
        libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", path, "--dbname", libpq], check=True)
    else:
        raise click.ClickException(f"no backup method for {url.get_backend_name()}")
    click.echo(f"backup written to {path}")


@click.command("demo-data")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Load only into a database with no organisations.")
def demo_data(if_empty):
    """Load demo organisations and staff logins (idempotent; refused in production)."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("demo data is refused in production")
    from webapp.demo import DEMO_PASSWORD, demo_logins, load_demo_data
    from webapp.orgs.services import all_organisations

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


ROLE_CHOICES = ["admin", "coordinator", "core_group", "steering_group", "partner", "site_admin"]


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(ROLE_CHOICES), required=True)
@click.option("--org", "org_slug", help="Organisation slug (all roles but site_admin).")
@click.option("--password", help="Prompted for when not given.")
def create_user(email, role, org_slug, password):
    """Create a staff user, or give an existing one another role."""
    from webapp.auth import services as accounts
    from webapp.auth.models import Role
    from webapp.orgs.services import find_organisation

    organisation = None
    if role != "site_admin":
        if not org_slug:
            raise click.UsageError("--org is required for that role")
        organisation = find_organisation(org_slug)
        if organisation is None:
            raise click.ClickException(f"no organisation {org_slug!r}")
    user = accounts.find_user(email)
    if password is None and user is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if password is not None and len(password) < accounts.MIN_PASSWORD_LENGTH:
        raise click.ClickException(
            f"the password must have at least {accounts.MIN_PASSWORD_LENGTH} characters")
    if user is None:
        user = accounts.create_user(email, password, is_site_admin=role == "site_admin",
                                    organisation=organisation)
    elif password is not None:
        accounts.set_password(user, password, actor=SYSTEM)
    if role == "site_admin":
        if not user.is_site_admin:
            user.is_site_admin = True
            record("user.site_admin_grant", target=user, actor=SYSTEM)
    else:
        accounts.grant_role(user, organisation, Role(role))
    db.session.commit()
    click.echo(f"{user.email}: {role}" + (f" in {organisation.slug}" if organisation else ""))


@click.command()
@with_appcontext
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between polls.")
def worker(once, interval):
    """Deliver the outbox (email), retrying failures with backoff."""
    from webapp.outbox.services import deliver_due

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


@click.command()
@with_appcontext
def purge():
    """Apply the retention rules: delete data that may no longer be kept."""
    from webapp.retention import run_all

    for name, count in run_all().items():
        click.echo(f"{count:6d}  {name}")


@click.command("moderation-digest")
@with_appcontext
def moderation_digest():
    """Queue the daily "what waits for moderation" emails (run once a day)."""
    from webapp.ideas.moderation import send_digests

    count = send_digests()
    db.session.commit()
    click.echo(f"{count} digest emails queued")


@click.command("guide-reminders")
@with_appcontext
def guide_reminders():
    """Remind owners of services-guide entries not checked for 12 months (run once a day)."""
    from webapp.guide.services import send_check_reminders

    count = send_check_reminders()
    db.session.commit()
    click.echo(f"{count} check reminders queued")


@click.group(cls=AppGroup)
def translate():
    """Gettext catalogs: extract, update, compile, check."""


@translate.command()
def extract():
    """Write translations/messages.pot from the code and templates."""
    from webapp.translate import TEMPLATE_FILE, write_template

    catalog = write_template()
    click.echo(f"{len(catalog)} messages in {TEMPLATE_FILE}")


@translate.command()
def update():
    """Extract and merge new messages into all six catalogs."""
    from webapp.translate import update as update_catalogs

    for path in update_catalogs():
        click.echo(f"updated {path}")


@translate.command("compile")
def compile_():
    """Compile the catalogs to .mo files."""
    from webapp.translate import compile_catalogs

    for path in compile_catalogs():
        click.echo(f"compiled {path}")


@translate.command()
def check():
    """Fail on any untranslated, fuzzy or missing message, or a wrong plural header."""
    from webapp.translate import check as check_catalogs

    problems = check_catalogs()
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        click.echo(f"{len(problems)} translation problems", err=True)
        sys.exit(1)
    click.echo("all six catalogs are complete")
