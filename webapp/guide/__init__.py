"""The family-services guide (palveluopas): what is on offer, findable on a phone in every language."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The guide for families and staff, `flask guide-reminders`, demo entries, corrections' retention."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.core.features import demo_loader, retention_rule
    from webapp.guide import commands, demo, services, staff_views, views  # noqa: F401
    from webapp.guide.blueprints import guide, guide_admin

    app.register_blueprint(guide_admin)
    app.register_blueprint(guide)
    app.cli.add_command(commands.guide_reminders)
    demo_loader(app, demo.load_demo_guide)
    retention_rule(app, "corrections suggested to the services guide, 90 days after they were closed",
                   services.purge_closed_corrections)
