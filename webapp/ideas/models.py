"""Boards, ideas, comments, supports, reports, and the contact email kept apart from an idea."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.base import IdMixin, TimestampMixin
from webapp.core.database.types import TranslatedText, Translations, UTCDateTime, enum_column


class ModerationMode(enum.Enum):
    PRE = "pre"    # nothing is public before a moderator publishes it
    POST = "post"  # public at once, unless it looks like personal data


class IdeaStatus(enum.Enum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    HIDDEN = "hidden"
    MERGED = "merged"

IDEA_STATUS_LABELS = {
    IdeaStatus.PENDING: _l("waiting"), IdeaStatus.PUBLISHED: _l("published"), IdeaStatus.REJECTED: _l("rejected"),
    IdeaStatus.HIDDEN: _l("hidden"), IdeaStatus.MERGED: _l("merged"),
}

#: Moderation moves allowed for ideas and comments.
TRANSITIONS: dict[IdeaStatus, set[IdeaStatus]] = {
    IdeaStatus.PENDING: {IdeaStatus.PUBLISHED, IdeaStatus.REJECTED, IdeaStatus.MERGED, IdeaStatus.HIDDEN},
    IdeaStatus.PUBLISHED: {IdeaStatus.HIDDEN, IdeaStatus.MERGED, IdeaStatus.REJECTED},
    IdeaStatus.HIDDEN: {IdeaStatus.PUBLISHED, IdeaStatus.REJECTED, IdeaStatus.MERGED},
    IdeaStatus.REJECTED: {IdeaStatus.PUBLISHED},
    IdeaStatus.MERGED: set(),
}


class RejectReason(enum.Enum):
    PERSONAL_DATA = "personal_data"
    OFFENSIVE = "offensive"
    SPAM = "spam"
    OFF_TOPIC = "off_topic"
    DUPLICATE = "duplicate"
    OTHER = "other"




REJECT_LABELS = {
    RejectReason.PERSONAL_DATA: _l("It contained personal data"),
    RejectReason.OFFENSIVE: _l("It was offensive"),
    RejectReason.SPAM: _l("Spam or advertising"),
    RejectReason.OFF_TOPIC: _l("Not about family services"),
    RejectReason.DUPLICATE: _l("The same idea is already on the board"),
    RejectReason.OTHER: _l("Other reason"),
}
class ReportReason(enum.Enum):
    PERSONAL_DATA = "personal_data"
    OFFENSIVE = "offensive"
    SPAM = "spam"
    OTHER = "other"




REPORT_LABELS = {
    ReportReason.PERSONAL_DATA: _l("It contains personal data"),
    ReportReason.OFFENSIVE: _l("It is offensive"),
    ReportReason.SPAM: _l("It is spam or advertising"),
    ReportReason.OTHER: _l("Something else"),
}
class Board(IdMixin, TimestampMixin, db.Model):
    """An idea board (ideaseinä) with a question to families."""

    __tablename__ = "idea_board"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "slug"),)

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(60))
    title: Mapped[Translations] = mapped_column(TranslatedText)
    #: The question to families ("How could the child health clinic serve you better?").
    prompt: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Service areas (ids) an idea can be filed under; empty: all of the organisation's.
    service_area_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    is_open: Mapped[bool] = mapped_column(default=True)
    moderation: Mapped[ModerationMode] = mapped_column(enum_column(ModerationMode, name="moderation_mode"),
                                                      default=ModerationMode.PRE)
    has_supports: Mapped[bool] = mapped_column(default=True)
    has_comments: Mapped[bool] = mapped_column(default=True)
    #: Reports after which a published item is hidden until a moderator looks at it.
    report_threshold: Mapped[int] = mapped_column(default=3)


class Idea(IdMixin, TimestampMixin, db.Model):
    """An idea written by a family member; single-language, in the language it was written in."""

    __tablename__ = "idea"
    __table_args__ = (sa.Index("ix_idea_board_status", "board_id", "status"),)

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("idea_board.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    #: The language it was written in (the page's language then).
    locale: Mapped[str] = mapped_column(sa.String(8))
    nickname: Mapped[str] = mapped_column(sa.String(60), default="")
    service_area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("service_area.id", ondelete="SET NULL"))
    #: The entry of the services guide the idea concerns, set by a moderator.
    service_id: Mapped[int | None] = mapped_column(sa.ForeignKey("family_service.id", ondelete="SET NULL"))
    status: Mapped[IdeaStatus] = mapped_column(enum_column(IdeaStatus, name="idea_status"), default=IdeaStatus.PENDING)
    #: A moderator changed the text; the public page says so.
    is_edited: Mapped[bool] = mapped_column(default=False)
    #: The text looked like personal data when it came in (held even on a post-moderated board).
    has_personal_data: Mapped[bool] = mapped_column(default=False)
    reject_reason: Mapped[RejectReason | None] = mapped_column(enum_column(RejectReason, name="reject_reason"))
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("idea.id", ondelete="SET NULL"))
    #: Counted from `IdeaSupport` rows, kept here for sorting.
    support_count: Mapped[int] = mapped_column(default=0)
    #: Open reports since the last review.
    report_count: Mapped[int] = mapped_column(default=0)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    board: Mapped[Board] = relationship()
    comments: Mapped[list[Comment]] = relationship(back_populates="idea", order_by="Comment.id",
                                                   cascade="all, delete-orphan")


class IdeaContact(IdMixin, db.Model):
    """The email an author left to hear what happens: apart from the idea, erased when the idea
    is closed or after 12 months."""

    __tablename__ = "idea_contact"

    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    #: Status emails are written in this language.
    locale: Mapped[str] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IdeaSupport(IdMixin, db.Model):
    """One browser's support of an idea (the browser's random id, stored as an HMAC)."""

    __tablename__ = "idea_support"
    __table_args__ = (sa.UniqueConstraint("idea_id", "supporter"),)

    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"))
    supporter: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Comment(IdMixin, TimestampMixin, db.Model):
    """A comment on an idea; moderated like the board's ideas."""

    __tablename__ = "idea_comment"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    locale: Mapped[str] = mapped_column(sa.String(8))
    nickname: Mapped[str] = mapped_column(sa.String(60), default="")
    status: Mapped[IdeaStatus] = mapped_column(enum_column(IdeaStatus, name="comment_status"),
                                               default=IdeaStatus.PENDING)
    is_edited: Mapped[bool] = mapped_column(default=False)
    has_personal_data: Mapped[bool] = mapped_column(default=False)
    reject_reason: Mapped[RejectReason | None] = mapped_column(enum_column(RejectReason, name="comment_reject"))
    report_count: Mapped[int] = mapped_column(default=0)

    idea: Mapped[Idea] = relationship(back_populates="comments")


class Report(IdMixin, db.Model):
    """A family member's report of a published idea or comment."""

    __tablename__ = "idea_report"
    __table_args__ = (sa.UniqueConstraint("target", "reporter"),)

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"))
    #: Set when the report is about a comment of the idea.
    comment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("idea_comment.id", ondelete="CASCADE"))
    #: `idea:<id>` or `comment:<id>`: what was reported (one key, so the unique check has no NULLs).
    target: Mapped[str] = mapped_column(sa.String(24))
    reason: Mapped[ReportReason] = mapped_column(enum_column(ReportReason, name="report_reason"))
    #: The reporting browser (HMAC of its random id): one report per browser and item.
    reporter: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
