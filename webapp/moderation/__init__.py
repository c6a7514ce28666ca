"""Moderation of what families write (ideas, comments, services-guide corrections): the personal-data
detector, publish with edits, reject, merge, hide, restore, and the daily digest."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The moderation queue and `flask moderation-digest`."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.moderation import commands, staff_views  # noqa: F401  (the views add routes to the blueprint)
    from webapp.moderation.blueprints import moderation

    app.register_blueprint(moderation)
    app.cli.add_command(commands.moderation_digest)
