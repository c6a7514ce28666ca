"""Meeting places and events (kohtaamispaikat ja tapahtumat): what is on, when, and for whom.

Times are wall-clock times in the family centres' zone (Europe/Helsinki): a family café at ten
on Mondays is at ten in winter and in summer, so a repeating activity keeps its first date and
its local start and end times, and the rule expands in local time."""

from __future__ import annotations

import enum
from datetime import date, time

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from webapp.core.database import db
from webapp.core.database.base import IdMixin, TimestampMixin
from webapp.core.database.types import TranslatedText, Translations, enum_column


class Repeat(enum.Enum):
    """How an activity repeats (each becomes an RFC 5545 rule)."""

    ONCE = "once"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"  # every other week
    MONTHLY = "monthly"          # the first weekday of the month, e.g. the first Monday


REPEAT_LABELS = {
    Repeat.ONCE: _l("Once (an event)"),
    Repeat.WEEKLY: _l("Every week"),
    Repeat.FORTNIGHTLY: _l("Every other week"),
    Repeat.MONTHLY: _l("Once a month, on the first such weekday"),
}


class ActivityStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


STATUS_LABELS = {ActivityStatus.DRAFT: _l("Draft"), ActivityStatus.PUBLISHED: _l("Published")}


class Activity(IdMixin, TimestampMixin, db.Model):
    """An open meeting place that repeats (a family café on Mondays) or a one-off event."""

    __tablename__ = "activity"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "slug"),
                      sa.Index("ix_activity_org_status", "organisation_id", "status"))

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"))
    #: Address name: `/<org>/activities/<slug>`.
    slug: Mapped[str] = mapped_column(sa.String(60))
    title: Mapped[Translations] = mapped_column(TranslatedText)
    description: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Where ("Seurakuntatalo, alakerta").
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Street address with postcode and town; the map link searches for it.
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Who runs it ("MLL Kittilä", "Kittilän seurakunta"), as typed (a network unit later).
    organiser: Mapped[str] = mapped_column(sa.String(200), default="")
    #: `ServiceAudience` values of the services guide: the same life situations.
    audiences: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: Empty when free of charge.
    cost: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Steps, lift, accessible toilet, hearing loop …
    accessibility: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Languages it is held in (locale codes of the six).
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    needs_registration: Mapped[bool] = mapped_column(default=False)
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    #: The day it first takes place (a one-off event's only day).
    first_date: Mapped[date] = mapped_column(sa.Date)
    #: Local wall-clock start and end (Europe/Helsinki).
    start_time: Mapped[time] = mapped_column(sa.Time)
    end_time: Mapped[time] = mapped_column(sa.Time)
    repeat: Mapped[Repeat] = mapped_column(enum_column(Repeat, name="activity_repeat"), default=Repeat.ONCE)
    #: Weekdays it repeats on, 0 = Monday (weekly and fortnightly activities).
    weekdays: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    #: The last day it may take place (none: until further notice).
    last_date: Mapped[date | None] = mapped_column(sa.Date)
    #: Days it does not take place ("cancelled this week", holidays), ISO dates.
    cancelled_dates: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[ActivityStatus] = mapped_column(enum_column(ActivityStatus, name="activity_status"),
                                                   default=ActivityStatus.DRAFT)
    #: The staff member who keeps it (a partner's staff may edit only their own).
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    #: A short feedback survey for the event: its answers carry the channel `event`.
    feedback_survey_id: Mapped[int | None] = mapped_column(sa.ForeignKey("survey.id", ondelete="SET NULL"))


class ActivityFeedback(db.Model):
    """Which event a feedback response came through (the response itself holds no person)."""

    __tablename__ = "activity_feedback"

    response_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_response.id", ondelete="CASCADE"),
                                             primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activity.id", ondelete="CASCADE"), index=True)
