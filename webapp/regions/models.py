"""What a wellbeing services county (region) shares with its member municipalities: guide
entries shown in their guides, and copies of one survey run in each of them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from webapp.core.database import db
from webapp.core.database.base import IdMixin, TimestampMixin


class SharedService(db.Model):
    """A county's guide entry listed in a member municipality's guide: one entry, kept by the
    county, shown with the county as provider."""

    __tablename__ = "region_shared_service"

    #: The county's entry (its `organisation_id` is the county).
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("family_service.id", ondelete="CASCADE"),
                                            primary_key=True)
    #: The member municipality whose guide lists it.
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"),
                                                 primary_key=True, index=True)


class SharedActivity(db.Model):
    """A county's meeting place or event listed in a member municipality's activities, the same
    way as a shared guide entry."""

    __tablename__ = "region_shared_activity"

    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"),
                                                 primary_key=True, index=True)


class RegionSurveyCopy(IdMixin, TimestampMixin, db.Model):
    """The county's survey as run in one member municipality: a survey of the municipality (its
    own address, short code, poster and answers), copied from the county's survey, with the map
    from the county's questions and options to the copy's so that answers can be compared."""

    __tablename__ = "region_survey_copy"
    __table_args__ = (sa.UniqueConstraint("master_survey_id", "organisation_id"),)

    #: The county's own survey, where its staff write the questions.
    master_survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    #: The member municipality running the copy.
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    #: The municipality's survey: its answers carry the municipality.
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"), unique=True)
    #: `{county question id: copy question id}` (keys are strings: JSON).
    question_map: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: `{county option id: copy option id}`.
    option_map: Mapped[dict] = mapped_column(sa.JSON, default=dict)
