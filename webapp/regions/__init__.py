"""Wellbeing services counties (hyvinvointialue) above municipalities: shared guide entries,
one survey run in many municipalities and compared, the steering report across members."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The county's staff pages, `flask region-member`, the demo county and the copy guard."""
    from webapp.core.features import demo_finisher
    from webapp.regions import commands, copies, demo, views  # noqa: F401
    from webapp.regions.blueprints import region_admin
    from webapp.surveys.blueprints import survey_admin

    app.register_blueprint(region_admin)
    # Only the survey builder's requests, after its own guard: no other page pays for the check.
    app.before_request_funcs.setdefault(survey_admin.name, []).append(copies.refuse_edits_of_copies)
    app.cli.add_command(commands.region_member)
    demo_finisher(app, demo.load_demo_region)
