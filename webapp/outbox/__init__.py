"""The outbox: email and webhooks written in the same transaction as the change, delivered by a worker."""

from flask import Flask


def init_app(app: Flask) -> None:
    """`flask worker` and the outbox's retention rules."""
    from webapp.core.features import retention_rule
    from webapp.outbox import commands, services

    app.cli.add_command(commands.worker)
    retention_rule(app, "delivered emails older than 30 days", services.purge_sent)
    retention_rule(app, "undeliverable emails older than 90 days", services.purge_failed)
