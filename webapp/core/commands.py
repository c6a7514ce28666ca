"""Commands of the core: backup, purge (the registered retention rules) and translate."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from webapp.core.catalogs import TEMPLATE_FILE, compile_catalogs, write_template
from webapp.core.catalogs import check as check_catalogs
from webapp.core.catalogs import update as update_catalogs
from webapp.core.database import db
from webapp.core.database.engine import private_file
from webapp.core.retention import run_all


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup(path):
    """Write a consistent copy of the database to PATH while the app keeps serving.

    SQLite: the online backup API (restore: stop the app, put the file in place).
    PostgreSQL: `pg_dump --format=custom` (restore: `pg_restore --clean --no-owner -d URL PATH`).
    """
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        if not url.database:
            raise click.ClickException("an in-memory SQLite database has no file to back up")
        private_file(path)  # a copy of everyone's data: readable by its owner only
        source = sqlite3.connect(url.database)
        target = sqlite3.connect(path)
        try:
            with target:
                source.backup(target)
        finally:
            source.close()
            target.close()
    elif url.get_backend_name() == "postgresql":
        private_file(path)  # pg_dump keeps the permissions of the file it overwrites
        libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", path, "--dbname", libpq], check=True)
    else:
        raise click.ClickException(f"no backup method for {url.get_backend_name()}")
    click.echo(f"backup written to {path}")


@click.command()
@with_appcontext
def purge():
    """Apply the retention rules: delete data that may no longer be kept."""
    for name, count in run_all().items():
        click.echo(f"{count:6d}  {name}")


@click.group(cls=AppGroup)
def translate():
    """Gettext catalogs: extract, update, compile, check."""


@translate.command()
def extract():
    """Write translations/messages.pot from the code and templates."""
    catalog = write_template()
    click.echo(f"{len(catalog)} messages in {TEMPLATE_FILE}")


@translate.command()
def update():
    """Extract and merge new messages into all six catalogs."""
    for path in update_catalogs():
        click.echo(f"updated {path}")


@translate.command("compile")
def compile_():
    """Compile the catalogs to .mo files."""
    for path in compile_catalogs():
        click.echo(f"compiled {path}")


@translate.command()
def check():
    """Fail on any untranslated, fuzzy or missing message, or a wrong plural header."""
    problems = check_catalogs()
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        click.echo(f"{len(problems)} translation problems", err=True)
        sys.exit(1)
    click.echo("all six catalogs are complete")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup)
    app.cli.add_command(purge)
    app.cli.add_command(translate)
