"""Public pages: landing, an organisation's front page, legal pages, health check."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The landing page, front pages, legal pages and /healthz. Registered last: its `/<org>/`
    rules must not shadow `/staff/` and `/healthz`."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.public import views  # noqa: F401
    from webapp.public.blueprints import public

    app.register_blueprint(public)
