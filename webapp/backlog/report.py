"""The steering group's report for a period, and the action plan for the family-centre handbook."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from webapp.backlog.models import AgendaItem, BacklogItem, BacklogStatus, StatusChange, Workshop
from webapp.core import clock
from webapp.core.database import db
from webapp.ideas.models import Idea, IdeaStatus
from webapp.orgs.models import Organisation
from webapp.surveys.models import Response, Survey
from webapp.volunteers.models import SignupTally


@dataclass
class Decision:
    """A status change in the report, dated by its workshop when it was decided in one."""

    on: date
    change: StatusChange
    item: BacklogItem


@dataclass
class Report:
    date_from: date
    date_to: date
    responses_by_channel: Counter = field(default_factory=Counter)
    responses_by_survey: list = field(default_factory=list)
    ideas_by_area: Counter = field(default_factory=Counter)
    ideas_total: int = 0
    #: Anonymous developer-client counts: signed_up, confirmed, withdrawn, erased_… (they outlive the people).
    signups: Counter = field(default_factory=Counter)
    decisions: list = field(default_factory=list)
    done: list = field(default_factory=list)
    late: list = field(default_factory=list)


def quarter_end(quarter: str) -> date | None:
    """The last day of a target quarter such as "2027-Q1"."""
    try:
        year, number = int(quarter[:4]), int(quarter[-1])
    except (ValueError, IndexError):
        return None
    if not 1 <= number <= 4:
        return None
    first_of_next = date(year + 1, 1, 1) if number == 4 else date(year, number * 3 + 1, 1)
    return first_of_next - timedelta(days=1)


def steering_report(organisation: Organisation, date_from: date, date_to: date, today: date | None = None) -> Report:
    """What came in, what was decided, what is done and what is late, for one period."""
    today = today or clock.today()
    report = Report(date_from, date_to)
    start = datetime.combine(date_from, time.min, tzinfo=UTC)
    end = datetime.combine(date_to, time.max, tzinfo=UTC)
    in_period = sa.and_(Response.organisation_id == organisation.id, Response.submitted_on >= date_from,
                        Response.submitted_on <= date_to)
    for channel, n in db.session.execute(sa.select(Response.channel, sa.func.count()).where(in_period)
                                         .group_by(Response.channel)):
        report.responses_by_channel[channel.value] = n
    report.responses_by_survey = db.session.execute(
        sa.select(Survey, sa.func.count(Response.id)).join(Response, Response.survey_id == Survey.id)
        .where(in_period).group_by(Survey.id).order_by(sa.func.count(Response.id).desc())).all()
    for area_id, n in db.session.execute(
            sa.select(Idea.service_area_id, sa.func.count()).where(
                Idea.organisation_id == organisation.id, Idea.created_at >= start, Idea.created_at <= end,
                Idea.status.not_in([IdeaStatus.REJECTED, IdeaStatus.MERGED]))
            .group_by(Idea.service_area_id)):
        report.ideas_by_area[area_id] = n
    report.ideas_total = sum(report.ideas_by_area.values())
    for event, n in db.session.execute(
            sa.select(SignupTally.event, sa.func.sum(SignupTally.count)).where(
                SignupTally.organisation_id == organisation.id, SignupTally.day >= date_from,
                SignupTally.day <= date_to).group_by(SignupTally.event)):
        report.signups[event] = int(n)
    # A decision made in a workshop carries the workshop's date, whenever the minutes were recorded.
    report.decisions = [Decision(held_on or change.at.date(), change, item) for change, item, held_on in
                        db.session.execute(
        sa.select(StatusChange, BacklogItem, Workshop.held_on)
        .join(BacklogItem, BacklogItem.id == StatusChange.item_id)
        .outerjoin(Workshop, Workshop.id == StatusChange.workshop_id)
        .where(BacklogItem.organisation_id == organisation.id, StatusChange.old_status.is_not(None),
               StatusChange.new_status != BacklogStatus.MERGED,  # a merge is housekeeping, not a decision
               sa.or_(sa.and_(Workshop.id.is_not(None), Workshop.held_on >= date_from, Workshop.held_on <= date_to),
                      sa.and_(Workshop.id.is_(None), StatusChange.at >= start, StatusChange.at <= end)))
        .order_by(StatusChange.at))]
    report.decisions.sort(key=lambda decision: decision.on)
    report.done = [decision.item for decision in report.decisions
                   if decision.change.new_status is BacklogStatus.DONE]
    open_items = db.session.scalars(sa.select(BacklogItem).where(
        BacklogItem.organisation_id == organisation.id,
        BacklogItem.status.in_([BacklogStatus.PLANNED, BacklogStatus.IN_PROGRESS])))
    report.late = [item for item in open_items
                   if (end_day := quarter_end(item.target_quarter)) is not None and end_day < today]
    return report


def latest_decisions(items: list[BacklogItem]) -> dict[int, tuple[date, str]]:
    """Per item, the latest decision recorded in a workshop's minutes: the workshop's date and the text."""
    if not items:
        return {}
    rows = db.session.execute(
        sa.select(AgendaItem.item_id, Workshop.held_on, AgendaItem.decision).join(Workshop)
        .where(AgendaItem.item_id.in_([item.id for item in items]), AgendaItem.decision != "")
        .order_by(Workshop.held_on, AgendaItem.id))
    return {item_id: (held_on, decision) for item_id, held_on, decision in rows}


def action_plan(organisation: Organisation) -> list[BacklogItem]:
    """Planned and in-progress items, by target quarter (those without one last)."""
    items = db.session.scalars(sa.select(BacklogItem).where(
        BacklogItem.organisation_id == organisation.id,
        BacklogItem.status.in_([BacklogStatus.PLANNED, BacklogStatus.IN_PROGRESS]))
        .options(selectinload(BacklogItem.sources))).all()  # the Word file counts each item's voices
    return sorted(items, key=lambda item: (item.target_quarter or "9999", item.title.lower()))
