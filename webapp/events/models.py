"""Events (tapahtumat): a time-limited code that lets a crowd post from one address."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from webapp.core.database import db
from webapp.core.database.base import IdMixin, TimestampMixin
from webapp.core.database.types import UTCDateTime, enum_column


class EventTarget(enum.Enum):
    """Which form an event's code opens up."""

    BOARD = "board"
    SURVEY = "survey"
    JOIN = "join"


TARGET_LABELS = {
    EventTarget.BOARD: _l("Idea board"),
    EventTarget.SURVEY: _l("Survey"),
    EventTarget.JOIN: _l("Sign-up as a developer-client"),
}


class CrowdEvent(IdMixin, TimestampMixin, db.Model):
    """A family fair, a school visit or a parents' evening (tapahtuma): for its hours, posts
    that carry its code are counted against a limit sized for a crowd on one network."""

    __tablename__ = "crowd_event"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    #: What the coordinator calls it, for example "Perhemessut 12.3.".
    name: Mapped[str] = mapped_column(sa.String(200))
    #: The form the code applies to.
    target: Mapped[EventTarget] = mapped_column(enum_column(EventTarget, name="event_target"))
    #: The board's or survey's id; none for the join page.
    target_id: Mapped[int | None] = mapped_column()
    #: Carried by the poster's link (`?event=…`); random, unambiguous capitals and digits.
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    #: The code works from this time …
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: … until this one (closing the event early moves it to the moment of closing).
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Posts with the code that were stored.
    accepted_posts: Mapped[int] = mapped_column(default=0)
    #: Posts with the code that even the crowd limit refused (their form came back to be sent again).
    refused_posts: Mapped[int] = mapped_column(default=0)
    #: The staff member who opened it.
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))

    def is_running(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at
