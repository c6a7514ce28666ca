"""The JSON API under /api/v1, authenticated by per-organisation tokens."""

from flask import Flask


def init_app(app: Flask) -> None:
    """/api/v1."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.api import views  # noqa: F401
    from webapp.api.blueprints import api

    app.register_blueprint(api)
