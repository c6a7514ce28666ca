"""Surveys families answer on their phones: builder, answering, results, exports, posters."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Survey answering and the builder, demo survey, translation gaps."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.core.features import demo_loader, gap_provider
    from webapp.surveys import (  # noqa: F401
        conditions,
        demo,
        demo_rounds,
        services,
        staff_crosstab,
        staff_paper,
        staff_reminders,
        staff_results,
        staff_summary,
        staff_templates,
        staff_views,
        views,
    )
    from webapp.surveys.blueprints import survey_admin, surveys

    app.register_blueprint(survey_admin)
    app.register_blueprint(surveys)
    app.add_template_global(conditions.form_context, "survey_form_context")
    demo_loader(app, demo.load_demo_survey)
    demo_loader(app, demo_rounds.load_demo_rounds)
    gap_provider(app, services.translation_gaps)
