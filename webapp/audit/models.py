"""The audit event table."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.base import IdMixin
from webapp.core.database.types import UTCDateTime


class AuditEvent(IdMixin, db.Model):
    """One staff action (or a security event such as a lockout)."""

    __tablename__ = "audit_event"

    #: When it happened.
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: Who did it; empty for anonymous or system events.
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"), index=True
    )
    #: The organisation concerned, if any.
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    #: Dotted action name (`user.create`, `auth.lockout`).
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    #: Kind and id of the record acted on.
    target_type: Mapped[str] = mapped_column(sa.String(40), default="")
    target_id: Mapped[int | None] = mapped_column()
    #: What changed, as plain JSON; never a password or a free-text answer.
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    actor = relationship("User")
