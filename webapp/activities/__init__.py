"""Meeting places and events (kohtaamispaikat): what is on this week, in every language and in
the families' phone calendars."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The activities for families and staff, their calendars, and the demo meeting places."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.activities import demo, staff_views, views  # noqa: F401
    from webapp.activities.blueprints import activities, activities_admin, activity_feeds
    from webapp.core.features import demo_loader

    app.register_blueprint(activities_admin)
    app.register_blueprint(activities)
    app.register_blueprint(activity_feeds)
    demo_loader(app, demo.load_demo_activities)
