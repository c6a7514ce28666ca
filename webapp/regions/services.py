"""A wellbeing services county (region) and its member municipalities: membership, guide
entries shared into members' guides, and one survey run in many municipalities. Functions
flush and audit; the request (or command) commits.

Every municipality's data stays its own: the county reads its members' survey answers only as
counts per municipality (`webapp.regions.comparison`), never a municipality's rows.
"""

from __future__ import annotations

import sqlalchemy as sa

from webapp.activities.models import Activity, ActivityStatus
from webapp.audit.services import record
from webapp.core.database import db
from webapp.guide.models import Service, ServiceStatus
from webapp.orgs.models import MUNICIPALITY, REGION, Organisation
from webapp.regions.models import RegionSurveyCopy, SharedActivity, SharedService
from webapp.surveys import services as surveys
from webapp.surveys.models import TRANSITIONS, Survey, SurveyStatus
from webapp.surveys.templates_library import copy_questions, new_draft


class RegionError(Exception):
    """A step the rules refuse; the message is translated."""


# --- membership ----------------------------------------------------------------------------

def region_of(organisation: Organisation) -> Organisation | None:
    """The county a municipality belongs to, if any."""
    return db.session.get(Organisation, organisation.region_id) if organisation.region_id else None


def members_of(region: Organisation) -> list[Organisation]:
    """The county's member municipalities, by address name."""
    return list(db.session.scalars(sa.select(Organisation).where(Organisation.region_id == region.id)
                                   .order_by(Organisation.slug)))


def make_region(organisation: Organisation) -> None:
    """Turn an organisation into a county (one with no county above it)."""
    if organisation.region_id is not None:
        raise ValueError("a member municipality cannot be a region")
    if organisation.kind != REGION:
        organisation.kind = REGION
        db.session.flush()
        record("region.create", organisation=organisation, target=organisation)


def add_member(region: Organisation, member: Organisation) -> None:
    """Make `member` a municipality of `region` (site administrators, `flask region-member`)."""
    if not region.is_region or member.is_region or member.id == region.id:
        raise ValueError("a region's members are municipalities")
    if member.region_id != region.id:
        member.region_id, member.kind = region.id, MUNICIPALITY
        db.session.flush()
        record("region.member_add", organisation=region, target=member, member=member.slug)


# --- shared guide entries ------------------------------------------------------------------

def shared_into(organisation: Organisation, *, published_only: bool = False) -> list[Service]:
    """The county's entries listed in this municipality's guide."""
    if organisation.region_id is None:
        return []
    query = (sa.select(Service).join(SharedService, SharedService.service_id == Service.id)
             .where(SharedService.organisation_id == organisation.id,
                    Service.organisation_id == organisation.region_id))
    if published_only:
        query = query.where(Service.status == ServiceStatus.PUBLISHED)
    return list(db.session.scalars(query.order_by(Service.id)))


def shared_entry(organisation: Organisation, *, slug: str | None = None,
                 service_id: int | None = None) -> Service | None:
    """The county's entry with this address name (or id) shared into this municipality."""
    if organisation.region_id is None or (slug is None and service_id is None):
        return None
    query = (sa.select(Service).join(SharedService, SharedService.service_id == Service.id)
             .where(SharedService.organisation_id == organisation.id,
                    Service.organisation_id == organisation.region_id))
    query = query.where(Service.slug == slug) if slug is not None else query.where(Service.id == service_id)
    return db.session.scalar(query)


def shares_of(service: Service) -> set[int]:
    """The ids of the municipalities whose guides list the entry."""
    return set(db.session.scalars(sa.select(SharedService.organisation_id)
                                  .where(SharedService.service_id == service.id)))


def shares_by_entry(region: Organisation) -> dict[int, set[int]]:
    """For each of the county's entries, the ids of the municipalities whose guides list it (one query)."""
    found: dict[int, set[int]] = {}
    for service_id, organisation_id in db.session.execute(
            sa.select(SharedService.service_id, SharedService.organisation_id).join(
                Service, Service.id == SharedService.service_id).where(Service.organisation_id == region.id)):
        found.setdefault(service_id, set()).add(organisation_id)
    return found


def set_shares(region: Organisation, service: Service, member_ids, *, actor=None) -> None:
    """List the county's entry in exactly these members' guides (other ids are ignored)."""
    members = {member.id for member in members_of(region)}
    wanted = {i for i in member_ids if i in members}
    current = shares_of(service)
    for organisation_id in wanted - current:
        db.session.add(SharedService(service_id=service.id, organisation_id=organisation_id))
    if current - wanted:
        db.session.execute(sa.delete(SharedService).where(SharedService.service_id == service.id,
                                                          SharedService.organisation_id.in_(current - wanted)))
    db.session.flush()
    if wanted != current:
        record("region.service_shared", organisation=region, target=service, actor=actor,
               members=sorted(wanted))


# --- shared activities (meeting places and events) ----------------------------------------

def shared_activities_into(organisation: Organisation, *, published_only: bool = False) -> list[Activity]:
    """The county's activities listed in this municipality's activities."""
    if organisation.region_id is None:
        return []
    query = (sa.select(Activity).join(SharedActivity, SharedActivity.activity_id == Activity.id)
             .where(SharedActivity.organisation_id == organisation.id,
                    Activity.organisation_id == organisation.region_id))
    if published_only:
        query = query.where(Activity.status == ActivityStatus.PUBLISHED)
    return list(db.session.scalars(query.order_by(Activity.id)))


def shared_activity(organisation: Organisation, *, slug: str | None = None,
                    activity_id: int | None = None) -> Activity | None:
    """The county's activity with this address name (or id) shared into this municipality."""
    if organisation.region_id is None or (slug is None and activity_id is None):
        return None
    query = (sa.select(Activity).join(SharedActivity, SharedActivity.activity_id == Activity.id)
             .where(SharedActivity.organisation_id == organisation.id,
                    Activity.organisation_id == organisation.region_id))
    query = query.where(Activity.slug == slug) if slug is not None else query.where(Activity.id == activity_id)
    return db.session.scalar(query)


def activity_shares_by_entry(region: Organisation) -> dict[int, set[int]]:
    """For each of the county's activities, the ids of the municipalities listing it (one query)."""
    found: dict[int, set[int]] = {}
    for activity_id, organisation_id in db.session.execute(
            sa.select(SharedActivity.activity_id, SharedActivity.organisation_id).join(
                Activity, Activity.id == SharedActivity.activity_id).where(Activity.organisation_id == region.id)):
        found.setdefault(activity_id, set()).add(organisation_id)
    return found


def set_activity_shares(region: Organisation, activity: Activity, member_ids, *, actor=None) -> None:
    """List the county's activity in exactly these members' activities."""
    members = {member.id for member in members_of(region)}
    wanted = {i for i in member_ids if i in members}
    current = activity_shares_by_entry(region).get(activity.id, set())
    for organisation_id in wanted - current:
        db.session.add(SharedActivity(activity_id=activity.id, organisation_id=organisation_id))
    if current - wanted:
        db.session.execute(sa.delete(SharedActivity).where(SharedActivity.activity_id == activity.id,
                                                           SharedActivity.organisation_id.in_(current - wanted)))
    db.session.flush()
    if wanted != current:
        record("region.activity_shared", organisation=region, target=activity, actor=actor,
               members=sorted(wanted))


# --- one survey in many municipalities -----------------------------------------------------

def copies_of(master: Survey) -> list[tuple[RegionSurveyCopy, Organisation, Survey]]:
    """Each municipality's copy of the county's survey, by municipality."""
    return [tuple(row) for row in db.session.execute(
        sa.select(RegionSurveyCopy, Organisation, Survey)
        .join(Organisation, Organisation.id == RegionSurveyCopy.organisation_id)
        .join(Survey, Survey.id == RegionSurveyCopy.survey_id)
        .where(RegionSurveyCopy.master_survey_id == master.id).order_by(Organisation.slug))]


def copy_record(survey: Survey) -> RegionSurveyCopy | None:
    """The copy record if `survey` is a municipality's copy of a county's survey."""
    return db.session.scalar(sa.select(RegionSurveyCopy).where(RegionSurveyCopy.survey_id == survey.id))


def is_region_copy(survey_id: int) -> bool:
    return db.session.scalar(sa.select(RegionSurveyCopy.id).where(RegionSurveyCopy.survey_id == survey_id)) \
        is not None


def run_in(region: Organisation, master: Survey, member: Organisation, *, actor=None,
           open_now: bool = False) -> Survey:
    """Copy the county's survey into one member municipality: the copy gets the municipality's
    own address, short code (and so poster); `open_now` opens it for answers."""
    if member.region_id != region.id or master.organisation_id != region.id:
        raise ValueError("the survey runs only in the county's own members")
    existing = db.session.scalar(sa.select(RegionSurveyCopy).where(
        RegionSurveyCopy.master_survey_id == master.id, RegionSurveyCopy.organisation_id == member.id))
    if existing is not None:
        return db.session.get(Survey, existing.survey_id)
    copy = new_draft(master, member, slug=master.slug)
    copy.opens_at, copy.closes_at = master.opens_at, master.closes_at  # the county's times for all
    question_ids, option_ids = copy_questions(master, copy)
    question_map = {str(source): copied for source, copied in question_ids.items()}
    option_map = {str(source): copied for source, copied in option_ids.items()}
    db.session.add(RegionSurveyCopy(master_survey_id=master.id, organisation_id=member.id, survey_id=copy.id,
                                    question_map=question_map, option_map=option_map))
    db.session.flush()
    db.session.expire(copy, ["questions"])
    record("region.survey_run", organisation=region, target=master, actor=actor, member=member.slug,
           survey_id=copy.id)
    record("survey.create", organisation=member, target=copy, actor=actor, slug=copy.slug, region=region.slug)
    if open_now:
        surveys.change_status(copy, SurveyStatus.OPEN)
    return copy


def set_copies_status(master: Survey, status: SurveyStatus) -> int:
    """Open or close the survey in every municipality running it; returns how many changed.
    The county's own survey stays a draft: families answer only a municipality's copy, so that
    every answer carries its municipality."""
    changed = 0
    for _record, _member, copy in copies_of(master):
        if copy.status is not status and status in TRANSITIONS[copy.status]:
            surveys.change_status(copy, status)
            changed += 1
    return changed
