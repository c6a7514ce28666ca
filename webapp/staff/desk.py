"""The coordinator's desk: the staff menu on every staff page and the counts of what waits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from webapp.auth.models import Role
from webapp.backlog.models import BacklogItem, BacklogStatus, StatusChange
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.guide.models import CorrectionStatus, ServiceCorrection
from webapp.ideas.models import Comment, Idea, IdeaStatus
from webapp.orgs.models import Organisation
from webapp.volunteers.models import Volunteer, VolunteerStatus

MANAGING = (Role.ADMIN, Role.COORDINATOR)
NETWORK = (Role.ADMIN, Role.COORDINATOR, Role.CORE_GROUP, Role.STEERING_GROUP)
#: A backlog item still new or under consideration this long without a decision is counted as waiting.
UNDECIDED_DAYS = 60
UNDECIDED = (BacklogStatus.NEW, BacklogStatus.CONSIDERING)

#: (blueprint, endpoint, label, roles): the sections of the staff menu, in order.
SECTIONS = [
    ("survey_admin", "survey_admin.index", _l("Surveys"), MANAGING),
    ("moderation", "moderation.queue", _l("Moderation"), MANAGING),
    ("idea_admin", "idea_admin.ideas", _l("Ideas"), MANAGING),
    ("volunteer_admin", "volunteer_admin.index", _l("Developer-clients"), MANAGING),
    ("guide_admin", "guide_admin.index", _l("Services guide"), (*MANAGING, Role.PARTNER)),
    ("activities_admin", "activities_admin.index", _l("Activities"), (*MANAGING, Role.PARTNER)),
    ("backlog_admin", "backlog_admin.backlog", _l("Development backlog"), NETWORK),
    ("network_admin", "network_admin.index", _l("Family-centre network"), NETWORK),
    ("staff_admin", "staff.members", _l("Users and roles"), (Role.ADMIN,)),
    ("staff_audit", "staff.audit_log", _l("Audit log"), (Role.ADMIN,)),
]


@dataclass
class MenuItem:
    url: str
    label: str
    current: bool


def staff_menu(organisation: Organisation | None) -> list[MenuItem]:
    """The sections of the organisation the signed-in person may open, the current one marked."""
    if organisation is None or not current_user.is_authenticated:
        return []
    blueprint = (request.endpoint or "").split(".")[0]
    items = []
    for section, endpoint, label, roles in SECTIONS:
        if current_user.has_role(organisation, *roles):
            current = section == blueprint or request.endpoint == endpoint
            items.append(MenuItem(url_for(endpoint, org=organisation.slug), str(label), current))
    return items


@dataclass
class Waiting:
    count: int
    text: str
    url: str


def _count(query) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


def waiting(organisation: Organisation) -> list[Waiting]:
    """What waits for the coordinators, each with a link to where it is handled (nothing waiting:
    nothing listed)."""
    slug = organisation.slug
    ideas = _count(sa.select(Idea.id).where(Idea.organisation_id == organisation.id,
                                            Idea.status == IdeaStatus.PENDING))
    comments = _count(sa.select(Comment.id).where(Comment.organisation_id == organisation.id,
                                                  Comment.status == IdeaStatus.PENDING))
    corrections = _count(sa.select(ServiceCorrection.id).where(
        ServiceCorrection.organisation_id == organisation.id, ServiceCorrection.status == CorrectionStatus.PENDING))
    calls = _count(sa.select(Volunteer.id).where(Volunteer.organisation_id == organisation.id,
                                                 Volunteer.status == VolunteerStatus.AWAITING_CALL))
    since = utcnow() - timedelta(days=UNDECIDED_DAYS)
    recent = sa.select(StatusChange.item_id).where(StatusChange.at >= since)
    undecided = _count(sa.select(BacklogItem.id).where(
        BacklogItem.organisation_id == organisation.id, BacklogItem.status.in_(UNDECIDED),
        BacklogItem.created_at < since, BacklogItem.id.not_in(recent)))
    found = [
        Waiting(ideas, ngettext("%(num)d idea to moderate", "%(num)d ideas to moderate", ideas),
                url_for("moderation.queue", org=slug)),
        Waiting(comments, ngettext("%(num)d comment to moderate", "%(num)d comments to moderate", comments),
                url_for("moderation.queue", org=slug)),
        Waiting(corrections, ngettext("%(num)d correction to the services guide",
                                      "%(num)d corrections to the services guide", corrections),
                url_for("guide_admin.index", org=slug)),
        Waiting(calls, ngettext("%(num)d sign-up awaiting a call", "%(num)d sign-ups awaiting a call", calls),
                url_for("volunteer_admin.index", org=slug, status=VolunteerStatus.AWAITING_CALL.value)),
        Waiting(undecided, ngettext("%(num)d backlog item with no decision for %(days)d days",
                                    "%(num)d backlog items with no decision for %(days)d days", undecided,
                                    days=UNDECIDED_DAYS),
                url_for("backlog_admin.board", org=slug)),
    ]
    return [item for item in found if item.count]
