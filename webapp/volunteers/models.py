"""Developer-clients (kehittäjäasiakkaat): the register, consents, groups and invitations."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.base import IdMixin, TimestampMixin
from webapp.core.database.types import UTCDateTime, enum_column


class VolunteerStatus(enum.Enum):
    #: Signed up by email, the confirmation link not yet opened; erased after 7 days.
    UNCONFIRMED = "unconfirmed"
    #: Signed up with a phone number only: a coordinator confirms by calling.
    AWAITING_CALL = "awaiting_call"
    ACTIVE = "active"
    #: Taking a break: not invited, kept in the register.
    PAUSED = "paused"




STATUS_LABELS = {
    VolunteerStatus.UNCONFIRMED: _l("Email not confirmed"),
    VolunteerStatus.AWAITING_CALL: _l("Waiting for a call"),
    VolunteerStatus.ACTIVE: _l("Active"),
    VolunteerStatus.PAUSED: _l("On a break"),
}
class AgeRange(enum.Enum):
    TEEN = "13-17"
    YOUNG_ADULT = "18-29"
    ADULT = "30-44"
    MIDDLE_AGED = "45-64"
    SENIOR = "65+"




AGE_RANGE_LABELS = {
    AgeRange.TEEN: _l("13–17 years"),
    AgeRange.YOUNG_ADULT: _l("18–29 years"),
    AgeRange.ADULT: _l("30–44 years"),
    AgeRange.MIDDLE_AGED: _l("45–64 years"),
    AgeRange.SENIOR: _l("65 years or more"),
}
#: Children's age groups a developer-client may tell (optional).
CHILD_AGE_GROUPS = ("expecting", "0-2", "3-6", "7-12", "13-17")
#: Ways of taking part.
WAYS = ("surveys", "workshops", "interviews", "trying")


class ConsentPurpose(enum.Enum):
    #: Required: we may contact the person to invite them.
    CONTACT = "contact"
    #: Optional: their words may be quoted anonymously.
    QUOTE = "quote"




PURPOSE_LABELS = {
    ConsentPurpose.CONTACT: _l("You may contact me to invite me to take part"),
    ConsentPurpose.QUOTE: _l("My words may be quoted without my name"),
}
class ConsentMethod(enum.Enum):
    WEB = "web"
    PHONE = "phone"
    IN_PERSON = "in_person"
    PAPER = "paper"




METHOD_LABELS = {
    ConsentMethod.WEB: _l("On the web form"),
    ConsentMethod.PHONE: _l("By phone"),
    ConsentMethod.IN_PERSON: _l("In person"),
    ConsentMethod.PAPER: _l("On a paper form"),
}
volunteer_interest = sa.Table(
    "volunteer_interest", db.metadata,
    sa.Column("volunteer_id", sa.ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("service_area_id", sa.ForeignKey("service_area.id", ondelete="CASCADE"), primary_key=True),
)

volunteer_group_member = sa.Table(
    "volunteer_group_member", db.metadata,
    sa.Column("group_id", sa.ForeignKey("volunteer_group.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("volunteer_id", sa.ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True),
)


class Volunteer(IdMixin, TimestampMixin, db.Model):
    """A developer-client (kehittäjäasiakas): a parent or young person who helps develop services.

    Every column here is personal data; withdrawal deletes the row and everything hanging on it.
    """

    __tablename__ = "volunteer"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "email", name="uq_volunteer_organisation_email"),
        # Not unique: a family shares a phone, and a teenager may give a parent's number.
        sa.Index("ix_volunteer_organisation_phone", "organisation_id", "phone"),
    )

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    #: Name or nickname, as the person wrote it.
    name: Mapped[str] = mapped_column(sa.String(100))
    #: Lower-case email, or None for a phone-only sign-up.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    #: Phone number in international form (+358401234567), or None.
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    age_range: Mapped[AgeRange] = mapped_column(enum_column(AgeRange, name="volunteer_age_range"))
    #: Keys of CHILD_AGE_GROUPS.
    children: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: Keys of WAYS.
    ways: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: Languages the person can take part in (our locale codes).
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: When they can take part, in their own words.
    availability: Mapped[str] = mapped_column(sa.Text, default="")
    #: The language of the sign-up: emails are written in it.
    locale: Mapped[str] = mapped_column(sa.String(8))
    status: Mapped[VolunteerStatus] = mapped_column(enum_column(VolunteerStatus, name="volunteer_status"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The person's own last action (confirmed, opened their page, answered an invitation).
    last_active_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the "we will erase your data unless…" reminder was sent; cleared by any activity.
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Random key in every link sent to the person; replacing it voids the links.
    link_key: Mapped[str] = mapped_column(sa.String(32))
    #: Coordinators' notes, never shown to the person's public pages (but included in their data download).
    staff_notes: Mapped[str] = mapped_column(sa.Text, default="")

    interests = relationship("ServiceArea", secondary=volunteer_interest, order_by="ServiceArea.position")
    consents: Mapped[list[Consent]] = relationship(back_populates="volunteer", cascade="all, delete-orphan",
                                                   order_by="Consent.id", passive_deletes=True)
    groups: Mapped[list[VolunteerGroup]] = relationship(secondary=volunteer_group_member,
                                                        back_populates="members", order_by="VolunteerGroup.name")
    invitations: Mapped[list[VolunteerInvitation]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan", order_by="VolunteerInvitation.id.desc()",
        passive_deletes=True)

    def consent(self, purpose: ConsentPurpose) -> Consent | None:
        """The consent in force for `purpose`, if any."""
        for consent in self.consents:
            if consent.purpose is purpose and consent.withdrawn_at is None:
                return consent
        return None

    @property
    def can_be_invited(self) -> bool:
        return self.status is VolunteerStatus.ACTIVE and self.consent(ConsentPurpose.CONTACT) is not None


class Consent(IdMixin, db.Model):
    """A purpose-specific consent, with the privacy notice version it was given under."""

    __tablename__ = "volunteer_consent"

    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteer.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[ConsentPurpose] = mapped_column(enum_column(ConsentPurpose, name="consent_purpose"))
    #: The organisation's privacy notice version shown when the consent was given.
    notice_version: Mapped[int]
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: How it was given: on the web form, or recorded by a coordinator (phone, in person, paper).
    method: Mapped[ConsentMethod] = mapped_column(enum_column(ConsentMethod, name="consent_method"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    volunteer: Mapped[Volunteer] = relationship(back_populates="consents")


class VolunteerGroup(IdMixin, TimestampMixin, db.Model):
    """A client group or panel of developer-clients, such as "Vauvaperheet" or "Nuorten raati"."""

    __tablename__ = "volunteer_group"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "name"),)

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    description: Mapped[str] = mapped_column(sa.Text, default="")

    members: Mapped[list[Volunteer]] = relationship(secondary=volunteer_group_member, back_populates="groups",
                                                    order_by="Volunteer.name")


class InvitationKind(enum.Enum):
    SURVEY = "survey"
    WORKSHOP = "workshop"


class VolunteerInvitation(IdMixin, TimestampMixin, db.Model):
    """A developer-client invited to a survey (with a personal one-time link) or a workshop."""

    __tablename__ = "volunteer_invitation"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteer.id", ondelete="CASCADE"), index=True)
    kind: Mapped[InvitationKind] = mapped_column(enum_column(InvitationKind, name="volunteer_invitation_kind"))
    survey_id: Mapped[int | None] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"))
    #: The survey's one-time link; its `used_on` tells whether the person answered (never which answer).
    survey_invitation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("survey_invitation.id", ondelete="SET NULL"))
    workshop_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    #: Staff member who sent it.
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))

    volunteer: Mapped[Volunteer] = relationship(back_populates="invitations")
    survey = relationship("Survey")
    survey_invitation = relationship("Invitation")
    workshop = relationship("Workshop")


class SignupTally(db.Model):
    """Anonymous counts that outlive the people: sign-ups, confirmations, withdrawals, erasures per day."""

    __tablename__ = "volunteer_tally"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"),
                                                 primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    #: `signed_up`, `confirmed`, `withdrawn`, `erased_unconfirmed`, `erased_inactive`.
    event: Mapped[str] = mapped_column(sa.String(24), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


CHILD_LABELS = {
    "expecting": _l("Expecting a baby"),
    "0-2": _l("0–2 years"),
    "3-6": _l("3–6 years"),
    "7-12": _l("7–12 years"),
    "13-17": _l("13–17 years"),
}


WAY_LABELS = {
    "surveys": _l("Answering surveys"),
    "workshops": _l("Workshops with staff"),
    "interviews": _l("Interviews"),
    "trying": _l("Trying out new services"),
}
