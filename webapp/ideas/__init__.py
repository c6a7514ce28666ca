"""Idea boards: families post and support ideas; coordinators moderate them first."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Idea boards, family text in templates, the demo board, contact retention, translation gaps."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.core.features import demo_loader, gap_provider, retention_rule
    from webapp.ideas import demo, services, staff_views, text, views  # noqa: F401
    from webapp.ideas.blueprints import idea_admin, ideas

    app.register_blueprint(idea_admin)
    app.register_blueprint(ideas)
    app.add_template_filter(text.render, "family_text")
    demo_loader(app, demo.load_demo_board)
    retention_rule(app, "emails left with ideas, 12 months old", services.purge_contacts)
    retention_rule(app, "keys of who reported an idea or comment, 2 days old", services.forget_reporters)
    gap_provider(app, services.translation_gaps)
