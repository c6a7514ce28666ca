"""`flask purge`: runs every retention rule the features registered, in one transaction."""

from __future__ import annotations

from datetime import datetime

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.engine import erase_on_commit
from webapp.core.features import registry


def run_all(now: datetime | None = None) -> dict[str, int]:
    """Run every registered rule in one transaction; returns rows removed per rule."""
    now = now or utcnow()
    counts = {name: rule(now) for name, rule in registry().retention_rules}
    erase_on_commit()
    db.session.commit()
    return counts
