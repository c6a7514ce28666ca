"""API tokens: one organisation each, stored as a SHA-256 hash."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.base import IdMixin
from webapp.core.database.types import UTCDateTime


class ApiToken(IdMixin, db.Model):
    """A bearer token for the API; the token itself is shown once and never stored."""

    __tablename__ = "api_token"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    #: What it is for ("Planner sync").
    name: Mapped[str] = mapped_column(sa.String(100))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: Read-only tokens cannot create items or change statuses.
    can_write: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
