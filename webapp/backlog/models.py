"""Backlog items, their sources and status history; workshops and their agendas."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.base import IdMixin, TimestampMixin
from webapp.core.database.types import TranslatedText, Translations, UTCDateTime, enum_column


class BacklogStatus(enum.Enum):
    NEW = "new"
    CONSIDERING = "considering"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DECLINED = "declined"
    #: A duplicate whose sources moved to another item (`merged_into_id`); not a decision.
    MERGED = "merged"




STATUS_LABELS = {
    BacklogStatus.NEW: _l("New"),
    BacklogStatus.CONSIDERING: _l("Under consideration"),
    BacklogStatus.PLANNED: _l("Planned"),
    BacklogStatus.IN_PROGRESS: _l("In progress"),
    BacklogStatus.DONE: _l("Done"),
    BacklogStatus.DECLINED: _l("Declined"),
    BacklogStatus.MERGED: _l("Merged"),
}
#: Allowed status moves (kehittämislistan tilat).
TRANSITIONS: dict[BacklogStatus, set[BacklogStatus]] = {
    BacklogStatus.NEW: {BacklogStatus.CONSIDERING, BacklogStatus.PLANNED, BacklogStatus.DECLINED},
    BacklogStatus.CONSIDERING: {BacklogStatus.PLANNED, BacklogStatus.DECLINED, BacklogStatus.NEW},
    BacklogStatus.PLANNED: {BacklogStatus.IN_PROGRESS, BacklogStatus.CONSIDERING, BacklogStatus.DECLINED},
    BacklogStatus.IN_PROGRESS: {BacklogStatus.DONE, BacklogStatus.PLANNED},
    BacklogStatus.DONE: {BacklogStatus.IN_PROGRESS},
    BacklogStatus.DECLINED: {BacklogStatus.CONSIDERING},
    BacklogStatus.MERGED: set(),  # only through merge_items(), and for good
}
#: The workflow's order: move choices are offered in it, the next step first.
WORKFLOW = (BacklogStatus.NEW, BacklogStatus.CONSIDERING, BacklogStatus.PLANNED, BacklogStatus.IN_PROGRESS,
            BacklogStatus.DONE, BacklogStatus.DECLINED)


def moves_from(status: BacklogStatus) -> list[BacklogStatus]:
    """Where an item can move, in workflow order starting from the next step; "declined" comes last
    and is never the default."""
    targets = TRANSITIONS[status]
    if status not in WORKFLOW:
        return []
    after = WORKFLOW[WORKFLOW.index(status) + 1:] + WORKFLOW[:WORKFLOW.index(status)]
    forward = [s for s in after if s in targets and s is not BacklogStatus.DECLINED]
    return forward + ([BacklogStatus.DECLINED] if BacklogStatus.DECLINED in targets else [])


#: Where an item's story ends (it can still be reopened, except a merged one).
FINAL_STATUSES = frozenset({BacklogStatus.DONE, BacklogStatus.DECLINED, BacklogStatus.MERGED})
#: Items no longer offered to promote into, merge into or put on an agenda.
CLOSED_STATUSES = frozenset({BacklogStatus.DECLINED, BacklogStatus.MERGED})


class Priority(enum.Enum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"




PRIORITY_LABELS = {Priority.LOW: _l("Low"), Priority.NORMAL: _l("Normal"), Priority.HIGH: _l("High")}
class SourceKind(enum.Enum):
    IDEA = "idea"
    SURVEY_ANSWER = "survey_answer"
    SURVEY = "survey"
    WORKSHOP = "workshop"
    EVENT = "event"
    HEARING = "hearing"  # e.g. disability and patient organisations
    STAFF = "staff"




SOURCE_LABELS = {
    SourceKind.IDEA: _l("Idea"),
    SourceKind.SURVEY_ANSWER: _l("Survey answer"),
    SourceKind.SURVEY: _l("Survey"),
    SourceKind.WORKSHOP: _l("Workshop"),
    SourceKind.EVENT: _l("Public event"),
    SourceKind.HEARING: _l("Organisation hearing"),
    SourceKind.STAFF: _l("Staff observation"),
}
class BacklogItem(IdMixin, TimestampMixin, db.Model):
    """A development target (kehittämiskohde) the core group works on."""

    __tablename__ = "backlog_item"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    service_area_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    #: Entries of the services guide (ids) the item concerns.
    service_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list, server_default="[]")
    priority: Mapped[Priority] = mapped_column(enum_column(Priority, name="backlog_priority"), default=Priority.NORMAL)
    status: Mapped[BacklogStatus] = mapped_column(enum_column(BacklogStatus, name="backlog_status"),
                                                  default=BacklogStatus.NEW)
    #: The sector or person who carries it forward.
    responsible: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Target quarter, e.g. "2027-Q1".
    target_quarter: Mapped[str] = mapped_column(sa.String(7), default="")
    #: Shown on the public progress page.
    is_public: Mapped[bool] = mapped_column(default=False)
    public_title: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: What the family centre answers: what was decided and done.
    public_answer: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: The item this duplicate was merged into (status "merged").
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("backlog_item.id", ondelete="SET NULL"))

    sources: Mapped[list[Source]] = relationship(back_populates="item", order_by="Source.id",
                                                 cascade="all, delete-orphan")
    history: Mapped[list[StatusChange]] = relationship(back_populates="item", order_by="StatusChange.id",
                                                       cascade="all, delete-orphan")


class Source(IdMixin, db.Model):
    """Where an item came from: an idea, survey answers, a workshop, an event, a hearing …"""

    __tablename__ = "backlog_source"

    item_id: Mapped[int] = mapped_column(sa.ForeignKey("backlog_item.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SourceKind] = mapped_column(enum_column(SourceKind, name="backlog_source_kind"))
    idea_id: Mapped[int | None] = mapped_column(sa.ForeignKey("idea.id", ondelete="SET NULL"), index=True)
    survey_id: Mapped[int | None] = mapped_column(sa.ForeignKey("survey.id", ondelete="SET NULL"))
    answer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("survey_answer.id", ondelete="SET NULL"))
    #: How many voices it stands for ("40 survey answers"); 1 for one idea or answer.
    count: Mapped[int] = mapped_column(default=1)
    #: Staff's note (what was heard and where); never a family member's personal data.
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[BacklogItem] = relationship(back_populates="sources")


class StatusChange(IdMixin, db.Model):
    """One step in an item's history."""

    __tablename__ = "backlog_status_change"

    item_id: Mapped[int] = mapped_column(sa.ForeignKey("backlog_item.id", ondelete="CASCADE"), index=True)
    old_status: Mapped[BacklogStatus | None] = mapped_column(enum_column(BacklogStatus, name="backlog_old_status"))
    new_status: Mapped[BacklogStatus] = mapped_column(enum_column(BacklogStatus, name="backlog_new_status"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    workshop_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workshop.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[BacklogItem] = relationship(back_populates="history")
    actor = relationship("User")
    #: The workshop whose decision this was: the decision carries the workshop's date.
    workshop: Mapped[Workshop | None] = relationship()


class Sector(enum.Enum):
    """The sector a workshop attendee comes from (the family centre's network)."""

    SOCIAL_SERVICES = "social_services"
    HEALTH_CARE = "health_care"
    EARLY_CHILDHOOD = "early_childhood"
    SCHOOL = "school"
    YOUTH_WORK = "youth_work"
    PARISH = "parish"
    NGO = "ngo"
    DEVELOPER_CLIENT = "developer_client"
    OTHER = "other"


SECTOR_LABELS = {
    Sector.SOCIAL_SERVICES: _l("Social services"),
    Sector.HEALTH_CARE: _l("Health care"),
    Sector.EARLY_CHILDHOOD: _l("Early childhood education"),
    Sector.SCHOOL: _l("School"),
    Sector.YOUTH_WORK: _l("Youth work"),
    Sector.PARISH: _l("Parish"),
    Sector.NGO: _l("Non-governmental organisation"),
    Sector.DEVELOPER_CLIENT: _l("Developer-client"),
    Sector.OTHER: _l("Other"),
}


class Workshop(IdMixin, TimestampMixin, db.Model):
    """A core-group workshop (työpaja) with an agenda of backlog items."""

    __tablename__ = "workshop"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    held_on: Mapped[date] = mapped_column(sa.Date)
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Who else took part, or a note on the participants, as written in the minutes (free text).
    participants: Mapped[str] = mapped_column(sa.Text, default="")
    #: Developer-clients who took part without being named (each named one is an attendee, by consent).
    developer_client_count: Mapped[int] = mapped_column(default=0, server_default="0")

    agenda: Mapped[list[AgendaItem]] = relationship(back_populates="workshop", order_by="AgendaItem.position",
                                                    cascade="all, delete-orphan")
    attendees: Mapped[list[Attendee]] = relationship(back_populates="workshop", order_by="Attendee.id",
                                                     cascade="all, delete-orphan")


@dataclass
class AttendeeRow:
    """An attendee as typed into the workshop form: a name, a sector value, and for a developer-client
    their consent to be named."""

    name: str = ""
    sector: str = ""
    is_named_by_consent: bool = False


class Attendee(IdMixin, db.Model):
    """Someone who took part in a workshop, by name and sector. A developer-client is named only with
    their consent (`is_named_by_consent`); otherwise they are counted in `developer_client_count`."""

    __tablename__ = "workshop_attendee"

    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    sector: Mapped[Sector] = mapped_column(enum_column(Sector, name="workshop_attendee_sector"))
    #: A developer-client said they may be named in the minutes.
    is_named_by_consent: Mapped[bool] = mapped_column(default=False)

    workshop: Mapped[Workshop] = relationship(back_populates="attendees")


class AgendaItem(IdMixin, db.Model):
    """A backlog item on a workshop's agenda, with the decision made on it."""

    __tablename__ = "workshop_agenda_item"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "item_id"),)

    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("backlog_item.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    #: The decision as recorded in the minutes.
    decision: Mapped[str] = mapped_column(sa.Text, default="")
    decided_status: Mapped[BacklogStatus | None] = mapped_column(
        enum_column(BacklogStatus, name="agenda_decided_status"))

    workshop: Mapped[Workshop] = relationship(back_populates="agenda")
    item: Mapped[BacklogItem] = relationship()
