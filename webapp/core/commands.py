"""Commands of the core: backup, purge (the registered retention rules) and translate."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from webapp.core import catalog_review, catalogs
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
@click.option("--report", is_flag=True, help="Also print the reviewed share of each Sámi catalog.")
def check(report):
    """Fail on any untranslated, fuzzy or missing message, or a wrong plural header."""
    problems = check_catalogs()
    for problem in problems:
        click.echo(problem, err=True)
    if report:
        for locale, reviewed, total in catalog_review.reviewed_share(catalogs.TRANSLATIONS):
            click.echo(f"{locale}: {reviewed} of {total} messages reviewed ({100 * reviewed // max(total, 1)} %), "
                       f"{total - reviewed} marked # {catalog_review.REVIEW_MARK}")
    if problems:
        click.echo(f"{len(problems)} translation problems", err=True)
        sys.exit(1)
    click.echo("all six catalogs are complete")


@translate.command("review-export")
@click.option("--lang", "locale", required=True, type=click.Choice(catalog_review.REVIEWED_LOCALES + ("fi", "sv")))
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--glossary", type=click.Path(dir_okay=False, path_type=Path), default=catalog_review.GLOSSARY_FILE,
              show_default=True, help="The glossary whose terms each row lists.")
@click.option("--all", "everything", is_flag=True, help="Every message, not only those marked # tarkista.")
@with_appcontext
def review_export(locale, output, glossary, everything):
    """Write an XLSX sheet of the translations marked # tarkista, for a native reviewer."""
    count = catalog_review.export_review(locale, output, catalogs.TRANSLATIONS, glossary, everything,
                                         current_app)
    click.echo(f"{count} messages of {locale} written to {output}")


@translate.command("review-import")
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "locale", default=None, help="The catalog, when the sheet is not named after it.")
@with_appcontext
def review_import(sheet, locale):
    """Apply a reviewed sheet: corrections, approvals, # tarkista cleared; or refuse it whole."""
    try:
        result = catalog_review.import_review(str(sheet), catalogs.TRANSLATIONS, locale)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise click.ClickException(f"{sheet} is not an XLSX workbook ({error})") from error
    except catalog_review.ReviewRefused as refused:
        for problem in refused.problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"{sheet} was not applied: {len(refused.problems)} broken rows") from refused
    for line in result.lines():
        click.echo(line)
    click.echo("run `flask translate compile` to use the changes")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup)
    app.cli.add_command(purge)
    app.cli.add_command(translate)
