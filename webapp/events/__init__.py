"""Events (tapahtumat): a coordinator opens a time-limited event for an idea board, a survey or
the join page; its poster link carries a code, and posts with a valid code get a limit sized
for a crowd on one Wi-Fi rather than for one household."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The staff pages of events."""
    # Imported here, not at the top: importing the package's models must not pull in its views.
    from webapp.events import staff_views  # noqa: F401
    from webapp.events.blueprints import event_admin

    app.register_blueprint(event_admin)
