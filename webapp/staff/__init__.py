"""The staff area under /staff/: organisations, users and roles, service areas, legal texts."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The staff area, role labels in templates, and the organisation's own translation gaps."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.core.features import gap_provider
    from webapp.orgs.services import translation_gaps
    from webapp.staff import areas, members, views  # noqa: F401  (they add routes to the blueprint)
    from webapp.staff.blueprints import staff
    from webapp.staff.desk import staff_menu
    from webapp.staff.forms import role_label

    app.register_blueprint(staff)
    app.add_template_global(role_label)
    app.add_template_global(staff_menu)
    gap_provider(app, translation_gaps)
