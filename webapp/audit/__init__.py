"""Audit events: who did what to which record, for staff actions on personal data."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Audit labels in templates and the five-year retention of audit events."""
    from webapp.audit import labels, services
    from webapp.core.features import retention_rule

    app.add_template_global(labels.action_label, "audit_label")
    retention_rule(app, "audit events older than 5 years", services.purge_old_events)
