"""The family-centre network (perhekeskusverkosto): its sectors, member units, contact people,
core and steering groups, cooperation practices, the yearly handbook and the info letter."""

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
from webapp.guide.models import Sector as Organiser


class Group(enum.Enum):
    CORE = "core"          # ydinryhmä: a representative of every sector
    STEERING = "steering"  # ohjausryhmä: the unit heads


GROUP_LABELS = {Group.CORE: _l("Core group"), Group.STEERING: _l("Steering group")}


class PracticeStatus(enum.Enum):
    IN_USE = "in_use"
    DEVELOPING = "developing"
    ENDED = "ended"


PRACTICE_STATUS_LABELS = {
    PracticeStatus.IN_USE: _l("In use"),
    PracticeStatus.DEVELOPING: _l("Being developed"),
    PracticeStatus.ENDED: _l("Ended"),
}


class EditionStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"  # frozen: its content no longer follows the network


class LetterStatus(enum.Enum):
    DRAFT = "draft"
    SENT = "sent"


class NetworkSector(IdMixin, db.Model):
    """A sector of the network (social and health services, schools, NGOs …), per organisation."""

    __tablename__ = "network_sector"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "key"),)

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    #: A stable name for code and demo data (`social_health`, `education` …).
    key: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[Translations] = mapped_column(TranslatedText)
    position: Mapped[int] = mapped_column(default=0)
    #: The core group should have a representative of it ("other" need not).
    is_required: Mapped[bool] = mapped_column(default=True)


class MemberUnit(IdMixin, TimestampMixin, db.Model):
    """A member of the network: a clinic, a school, an MLL branch, the parish."""

    __tablename__ = "network_unit"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    name: Mapped[Translations] = mapped_column(TranslatedText)
    sector_id: Mapped[int] = mapped_column(sa.ForeignKey("network_sector.id", ondelete="RESTRICT"), index=True)
    #: Who runs it: the municipality, the wellbeing services county, an NGO or a parish.
    organiser: Mapped[Organiser] = mapped_column(enum_column(Organiser, name="unit_organiser"),
                                                 default=Organiser.MUNICIPALITY)
    #: Its services in the guide (ids of `family_service`).
    service_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)

    sector: Mapped[NetworkSector] = relationship()
    contacts: Mapped[list[ContactPerson]] = relationship(back_populates="unit", order_by="ContactPerson.name",
                                                         cascade="all, delete-orphan")


class ContactPerson(IdMixin, TimestampMixin, db.Model):
    """A named person of a member unit: staff-only personal data, kept like the developer-client
    register (viewing is audited; removal erases every trace; unchecked entries expire)."""

    __tablename__ = "network_contact"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("network_unit.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    #: Their title in the unit ("terveydenhoitaja", "rehtori").
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    #: The language of the info letter they get.
    locale: Mapped[str] = mapped_column(sa.String(8), default="fi")
    #: Gets the monthly info letter (one link in every letter turns it off).
    gets_letter: Mapped[bool] = mapped_column(default=True)
    #: When a coordinator last confirmed the entry; the retention rule counts from it.
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[MemberUnit] = relationship(back_populates="contacts")
    memberships: Mapped[list[GroupMembership]] = relationship(back_populates="contact",
                                                              cascade="all, delete-orphan")


class GroupMembership(IdMixin, db.Model):
    """A contact person's seat in the core group or the steering group."""

    __tablename__ = "network_group_member"
    __table_args__ = (sa.UniqueConstraint("contact_id", "group"),)

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(sa.ForeignKey("network_contact.id", ondelete="CASCADE"))
    group: Mapped[Group] = mapped_column(enum_column(Group, name="network_group"))
    is_chair: Mapped[bool] = mapped_column(default=False)

    contact: Mapped[ContactPerson] = relationship(back_populates="memberships")


class Practice(IdMixin, TimestampMixin, db.Model):
    """A cooperation practice (yhteistyökäytäntö), described as facts in the manner of Innokylä."""

    __tablename__ = "network_practice"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    name: Mapped[Translations] = mapped_column(TranslatedText)
    purpose: Mapped[Translations | None] = mapped_column(TranslatedText)
    target_group: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: When and how often ("every autumn", "the first Tuesday of the month").
    schedule: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: How a family gets in.
    access: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Who to contact: a unit's phone or desk, not a person's name (it goes into the handbook).
    contact: Mapped[Translations | None] = mapped_column(TranslatedText)
    status: Mapped[PracticeStatus] = mapped_column(enum_column(PracticeStatus, name="practice_status"),
                                                   default=PracticeStatus.IN_USE)
    #: Shown in the public part of the handbook.
    is_public: Mapped[bool] = mapped_column(default=False)
    #: Services of the guide (ids) and backlog items (ids) it concerns.
    service_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    backlog_item_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)

    roles: Mapped[list[PracticeRole]] = relationship(back_populates="practice", order_by="PracticeRole.id",
                                                     cascade="all, delete-orphan")


class PracticeRole(IdMixin, db.Model):
    """A unit taking part in a practice, and what it does there."""

    __tablename__ = "network_practice_role"
    __table_args__ = (sa.UniqueConstraint("practice_id", "unit_id"),)

    practice_id: Mapped[int] = mapped_column(sa.ForeignKey("network_practice.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("network_unit.id", ondelete="CASCADE"), index=True)
    does: Mapped[Translations | None] = mapped_column(TranslatedText)

    practice: Mapped[Practice] = relationship(back_populates="roles")
    unit: Mapped[MemberUnit] = relationship()


class HandbookEdition(IdMixin, TimestampMixin, db.Model):
    """One yearly edition of the family-centre handbook ("Käsikirja 2027"). A draft shows the
    network as it is; publishing freezes its content, so that last year's can still be read."""

    __tablename__ = "handbook_edition"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "year"),)

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column()
    foreword: Mapped[Translations | None] = mapped_column(TranslatedText)
    status: Mapped[EditionStatus] = mapped_column(enum_column(EditionStatus, name="handbook_status"),
                                                  default=EditionStatus.DRAFT)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The frozen content (see `handbook.assemble`), set when published; names no person.
    content: Mapped[dict | None] = mapped_column(sa.JSON)


class NetworkLetter(IdMixin, TimestampMixin, db.Model):
    """The network's monthly info letter: composed from what happened, edited, then sent."""

    __tablename__ = "network_letter"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    subject: Mapped[Translations] = mapped_column(TranslatedText)
    body: Mapped[Translations] = mapped_column(TranslatedText)
    status: Mapped[LetterStatus] = mapped_column(enum_column(LetterStatus, name="letter_status"),
                                                 default=LetterStatus.DRAFT)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: How many contact people it was queued to.
    recipient_count: Mapped[int] = mapped_column(default=0)
