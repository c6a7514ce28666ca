"""The family-services guide (palveluopas): services, their change history, and corrections
suggested by families."""

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


class Sector(enum.Enum):
    MUNICIPALITY = "municipality"
    COUNTY = "county"  # the wellbeing services county (hyvinvointialue)
    NGO = "ngo"
    PARISH = "parish"
    OTHER = "other"




SECTOR_LABELS = {
    Sector.MUNICIPALITY: _l("Municipality"),
    Sector.COUNTY: _l("Wellbeing services county"),
    Sector.NGO: _l("Organisation (NGO)"),
    Sector.PARISH: _l("Parish"),
    Sector.OTHER: _l("Other provider"),
}
class ServiceAudience(enum.Enum):
    """Who a service is for; the public filter's life situations map onto these."""

    EXPECTING = "expecting"
    BABY = "baby"                  # 0–2
    UNDER_SCHOOL_AGE = "under_school_age"  # 3–6
    SCHOOL_CHILD = "school_child"  # 7–12
    YOUNG_PERSON = "young_person"  # 13–17 and young adults
    PARENT = "parent"
    WHOLE_FAMILY = "whole_family"  # matches every life situation




AUDIENCE_LABELS = {
    ServiceAudience.EXPECTING: _l("Expecting a baby"),
    ServiceAudience.BABY: _l("Baby (under 3)"),
    ServiceAudience.UNDER_SCHOOL_AGE: _l("Child under school age"),
    ServiceAudience.SCHOOL_CHILD: _l("School child"),
    ServiceAudience.YOUNG_PERSON: _l("Young person"),
    ServiceAudience.PARENT: _l("Parent"),
    ServiceAudience.WHOLE_FAMILY: _l("Whole family"),
}
class Access(enum.Enum):
    """How a service is reached."""

    WALK_IN = "walk_in"
    APPOINTMENT = "appointment"
    ONLINE = "online"




ACCESS_LABELS = {
    Access.WALK_IN: _l("Walk in, no appointment"),
    Access.APPOINTMENT: _l("By appointment"),
    Access.ONLINE: _l("Online or by phone"),
}
class ServiceStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"




STATUS_LABELS = {ServiceStatus.DRAFT: _l("Draft"), ServiceStatus.PUBLISHED: _l("Published")}
#: Allowed moves between states.
TRANSITIONS: dict[ServiceStatus, set[ServiceStatus]] = {
    ServiceStatus.DRAFT: {ServiceStatus.PUBLISHED},
    ServiceStatus.PUBLISHED: {ServiceStatus.DRAFT},
}


class CorrectionStatus(enum.Enum):
    PENDING = "pending"
    HANDLED = "handled"    # the entry was corrected, or it was right already
    REJECTED = "rejected"  # spam, offensive, personal data


class Service(IdMixin, TimestampMixin, db.Model):
    """One service for families in the guide: a clinic, a club, a helpline …"""

    __tablename__ = "family_service"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "slug"),
                      sa.Index("ix_family_service_org_status", "organisation_id", "status"))

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"))
    #: Address name: `/<org>/services/<slug>`.
    slug: Mapped[str] = mapped_column(sa.String(60))
    name: Mapped[Translations] = mapped_column(TranslatedText)
    description: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Who provides it ("Lapin hyvinvointialue", "MLL Kittilä", "Sodankylän seurakunta").
    provider: Mapped[str] = mapped_column(sa.String(200), default="")
    sector: Mapped[Sector] = mapped_column(enum_column(Sector, name="service_sector"), default=Sector.MUNICIPALITY)
    #: Service areas (ids) of the organisation it belongs to.
    service_area_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    #: `ServiceAudience` values.
    audiences: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: Stored as typed; `tel:` links use the normalised form.
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    web_url: Mapped[str] = mapped_column(sa.String(500), default="")
    #: Street address with postcode and town; the map link searches for it.
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    opening_hours: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: `Access` values.
    access: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: Languages the service itself can be had in (locale codes of the six).
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    is_free: Mapped[bool] = mapped_column(default=True)
    status: Mapped[ServiceStatus] = mapped_column(enum_column(ServiceStatus, name="service_status"),
                                                  default=ServiceStatus.DRAFT)
    #: The staff member who keeps the entry up to date (a partner's staff may edit only their own).
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    #: When someone last confirmed the entry is right.
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the owner was reminded of an old check (one reminder per check).
    check_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    changes: Mapped[list[ServiceChange]] = relationship(back_populates="service", order_by="ServiceChange.id.desc()",
                                                        cascade="all, delete-orphan")


class ServiceChange(IdMixin, db.Model):
    """One change to a service entry: who, when, which fields, and what families should know."""

    __tablename__ = "family_service_change"

    service_id: Mapped[int] = mapped_column(sa.ForeignKey("family_service.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Names of the changed fields (`name`, `phone`, `status` …), or `checked`, `imported`.
    fields: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: What changed, for families: shown on the service page and the progress page when given.
    public_note: Mapped[Translations | None] = mapped_column(TranslatedText)

    service: Mapped[Service] = relationship(back_populates="changes")


class ServiceCorrection(IdMixin, db.Model):
    """A family member's "this is wrong": waits in the moderation queue like a comment."""

    __tablename__ = "family_service_correction"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("family_service.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    #: The language it was written in.
    locale: Mapped[str] = mapped_column(sa.String(8))
    status: Mapped[CorrectionStatus] = mapped_column(enum_column(CorrectionStatus, name="correction_status"),
                                                     default=CorrectionStatus.PENDING)
    has_personal_data: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    service: Mapped[Service] = relationship()


class GuideSearchSettings(TimestampMixin, db.Model):
    """What an organisation's staff tune in the guide's search: synonyms, and whom a family who
    found nothing can call. No row: the defaults in `webapp.guide.search`."""

    __tablename__ = "guide_search_settings"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"),
                                                 primary_key=True)
    #: One line a word: `nuoret: nuoriso, nuorisotila` (the word, then what it should also find).
    synonyms: Mapped[str] = mapped_column(sa.Text, default="")
    #: The family centre's own number, for the call button when a search finds nothing.
    family_centre_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    #: One line a number: `Lasten ja nuorten puhelin: 116 111`.
    help_numbers: Mapped[str] = mapped_column(sa.Text, default="")
