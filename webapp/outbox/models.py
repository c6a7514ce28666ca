"""Outbox message rows."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.base import IdMixin, TimestampMixin
from webapp.core.database.types import UTCDateTime, enum_column


class OutboxStatus(enum.Enum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(IdMixin, TimestampMixin, db.Model):
    """An email waiting for, or done with, delivery by `flask worker`."""

    __tablename__ = "outbox_message"
    __table_args__ = (sa.Index("ix_outbox_message_due", "status", "next_attempt_at"),)

    #: Organisation the message is sent for, if any.
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE")
    )
    #: `email` or `webhook`.
    kind: Mapped[str] = mapped_column(sa.String(16), default="email")
    #: Recipient address.
    recipient: Mapped[str] = mapped_column(sa.String(254))
    #: The developer-client the message is about, whatever address it went to (a new address
    #: being confirmed, an old one since changed): erasing the person deletes it.
    volunteer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("volunteer.id", ondelete="CASCADE"), index=True)
    #: Subject, already in the recipient's language.
    subject: Mapped[str] = mapped_column(sa.String(300))
    #: Plain-text body, already in the recipient's language.
    body: Mapped[str] = mapped_column(sa.Text)
    #: The language it was rendered in.
    locale: Mapped[str] = mapped_column(sa.String(8))
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus, name="outbox_status"), default=OutboxStatus.PENDING
    )
    #: Delivery attempts so far.
    attempts: Mapped[int] = mapped_column(default=0)
    #: Not tried again before this time (backoff).
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The latest delivery error, for staff diagnosis.
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    #: When delivery succeeded.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
