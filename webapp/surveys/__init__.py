"""Surveys families answer on their phones: builder, answering, results, exports, posters."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Survey answering and the builder, demo survey, translation gaps."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.core.features import demo_loader, gap_provider
    from webapp.surveys import demo, services, staff_paper, staff_results, staff_views, views  # noqa: F401
    from webapp.surveys.blueprints import survey_admin, surveys

    app.register_blueprint(survey_admin)
    app.register_blueprint(surveys)
    demo_loader(app, demo.load_demo_survey)
    gap_provider(app, services.translation_gaps)
