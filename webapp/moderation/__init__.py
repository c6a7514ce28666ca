"""Moderation of what families write (ideas, comments, services-guide corrections): the personal-data
detector, publish with edits, reject, merge, hide, restore, and the daily digest."""

from flask import Flask


def init_app(app: Flask) -> None:
    """`flask moderation-digest`."""
    from webapp.moderation import commands

    app.cli.add_command(commands.moderation_digest)
