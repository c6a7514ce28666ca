"""The core group's development backlog: items, their sources, workshops, the public answer."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The backlog and workshops for staff, the public progress page, public answers' gaps."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.backlog import demo, services, staff_views, views  # noqa: F401
    from webapp.backlog.blueprints import backlog_admin, backlog_public
    from webapp.core.features import demo_loader, gap_provider

    app.register_blueprint(backlog_admin)
    app.register_blueprint(backlog_public)
    gap_provider(app, services.translation_gaps)
    demo_loader(app, demo.load_demo_backlog)
