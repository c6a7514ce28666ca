"""Developer-clients (kehittäjäasiakkaat): sign-up, consents, self-service, the coordinators' register."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Sign-up and the register, the demo people, and the retention rules for sign-ups and inactivity."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.core.features import demo_loader, retention_rule
    from webapp.volunteers import demo, services, staff_views, views  # noqa: F401
    from webapp.volunteers.blueprints import volunteer_admin, volunteers

    app.register_blueprint(volunteer_admin)
    app.register_blueprint(volunteers)
    demo_loader(app, demo.load_demo_volunteers)
    retention_rule(app, "developer-client sign-ups never confirmed (7 days; phone-only 30 days)",
                   services.purge_unconfirmed)
    retention_rule(app, "reminders to developer-clients about to be erased for inactivity", services.remind_inactive)
    retention_rule(app, "developer-clients inactive past their organisation's limit, reminded 30 days ago",
                   services.purge_inactive)
