"""The coordinators' register of developer-clients: search, groups, invitations and contact export."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import selectinload

from webapp.audit.services import record
from webapp.backlog.models import Workshop
from webapp.core.clock import today, utcnow
from webapp.core.content_languages import language_list
from webapp.core.database import db
from webapp.core.http.requests import MAX_ID, bounded_int
from webapp.core.http.urls import external_url
from webapp.core.i18n import localize
from webapp.core.pagination import paginate
from webapp.core.tabular import Cell, join
from webapp.orgs.models import Organisation
from webapp.outbox.services import enqueue_email, render_email
from webapp.surveys.models import Survey, SurveyStatus
from webapp.surveys.services import create_invitation
from webapp.volunteers.models import (
    PURPOSE_LABELS,
    STATUS_LABELS,
    ConsentPurpose,
    InvitationKind,
    Volunteer,
    VolunteerGroup,
    VolunteerInvitation,
    VolunteerStatus,
    volunteer_group_member,
    volunteer_interest,
)

PAGE_SIZE = 100


@dataclass
class Filters:
    """The register's search and filters, as given in the query string."""

    q: str = ""
    area: int | None = None
    language: str = ""
    child: str = ""
    way: str = ""
    status: str = ""
    group: int | None = None
    #: "recent": active in the last 12 months; "dormant": not.
    activity: str = ""

    @classmethod
    def from_args(cls, args) -> Filters:
        return cls(q=args.get("q", "")[:100].strip(), area=args.get("area", type=bounded_int),
                   language=args.get("language", "")[:8], child=args.get("child", "")[:10],
                   way=args.get("way", "")[:20], status=args.get("status", "")[:20],
                   group=args.get("group", type=bounded_int), activity=args.get("activity", "")[:10])

    def as_args(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if value not in ("", None)}

    def as_audit(self) -> dict:
        """The filters for an audit event: the search words only as "searched", since they are
        a name, an address or a phone number as often as not."""
        args = self.as_args()
        if args.pop("q", None):
            args["searched"] = True
        return args


def _json_contains(column, value: str):
    # JSON lists of short codes: a quoted match is exact on both SQLite and PostgreSQL.
    return sa.cast(column, sa.Text).contains(f'"{value}"')


def search(organisation: Organisation, filters: Filters):
    """A select of the organisation's volunteers matching `filters`, by name."""
    query = sa.select(Volunteer).where(Volunteer.organisation_id == organisation.id)
    if filters.q:
        like = f"%{filters.q.lower()}%"
        query = query.where(sa.or_(sa.func.lower(Volunteer.name).like(like), Volunteer.email.like(like),
                                   Volunteer.phone.like(f"%{filters.q.replace(' ', '')}%")))
    if filters.area:
        query = query.where(Volunteer.id.in_(sa.select(volunteer_interest.c.volunteer_id).where(
            volunteer_interest.c.service_area_id == filters.area)))
    if filters.group:
        query = query.where(Volunteer.id.in_(sa.select(volunteer_group_member.c.volunteer_id).where(
            volunteer_group_member.c.group_id == filters.group)))
    for column, value in ((Volunteer.languages, filters.language), (Volunteer.children, filters.child),
                          (Volunteer.ways, filters.way)):
        if value and value.replace("-", "").isalnum():
            query = query.where(_json_contains(column, value))
    if filters.status in {status.value for status in VolunteerStatus}:
        query = query.where(Volunteer.status == VolunteerStatus(filters.status))
    year_ago = utcnow() - timedelta(days=365)
    if filters.activity == "recent":
        query = query.where(Volunteer.last_active_at >= year_ago)
    elif filters.activity == "dormant":
        query = query.where(Volunteer.last_active_at < year_ago)
    return query.order_by(sa.func.lower(Volunteer.name), Volunteer.id)


def page(organisation: Organisation, filters: Filters, number: int) -> Pagination:
    """One page of the people the filters find, with their total (and their groups, which the
    list shows: in one query, not one per person)."""
    return paginate(search(organisation, filters).options(selectinload(Volunteer.groups)), page=number,
                    per_page=PAGE_SIZE)


def of_organisation(organisation: Organisation, ids) -> list[Volunteer]:
    ids = [int(i) for i in ids if str(i).isascii() and str(i).isdigit() and int(i) <= MAX_ID][:5000]
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Volunteer).where(Volunteer.organisation_id == organisation.id,
                                                              Volunteer.id.in_(ids)).order_by(Volunteer.name)))


def contact_rows(organisation: Organisation, filters: Filters, reason: str) -> list[list[Cell]]:
    """The filtered contact list, header first, in the reader's language; the export is
    audited (inside the request's transaction)."""
    query = search(organisation, filters).options(
        selectinload(Volunteer.consents), selectinload(Volunteer.groups), selectinload(Volunteer.interests))
    volunteers = list(db.session.scalars(query))
    rows = [_contact_row(volunteer) for volunteer in volunteers]
    # Whose contacts left the system: the person's page answers "who exported my data?".
    record("volunteer.export", organisation=organisation, reason=reason, rows=len(rows),
           filters=filters.as_audit(), people=[volunteer.id for volunteer in volunteers])
    header = [_("Name"), _("Email"), _("Phone"), _("Languages"), _("Status"), _("Groups"), _("Interests"),
              _("Consents")]
    return [header, *rows]


def _contact_row(volunteer: Volunteer) -> list[Cell]:
    consents = [str(PURPOSE_LABELS[purpose]) for purpose in ConsentPurpose if volunteer.consent(purpose)]
    return [volunteer.name, volunteer.email, volunteer.phone, language_list(volunteer.languages),
            str(STATUS_LABELS[volunteer.status]), join(group.name for group in volunteer.groups),
            join(localize(area.name) for area in volunteer.interests), join(consents)]


# --- groups --------------------------------------------------------------------------------

def groups_of(organisation: Organisation) -> list[VolunteerGroup]:
    return list(db.session.scalars(sa.select(VolunteerGroup).where(
        VolunteerGroup.organisation_id == organisation.id).order_by(VolunteerGroup.name)))


def member_counts(organisation: Organisation) -> dict[int, int]:
    """How many people each group has, counted in one query: {group id: members}."""
    return dict(db.session.execute(
        sa.select(volunteer_group_member.c.group_id, sa.func.count())
        .join(VolunteerGroup, VolunteerGroup.id == volunteer_group_member.c.group_id)
        .where(VolunteerGroup.organisation_id == organisation.id)
        .group_by(volunteer_group_member.c.group_id)).all())


def group_name_taken(organisation: Organisation, name: str, group_id: int | None) -> bool:
    existing = db.session.scalar(sa.select(VolunteerGroup.id).where(
        VolunteerGroup.organisation_id == organisation.id, sa.func.lower(VolunteerGroup.name) == name.lower()))
    return existing is not None and existing != group_id


def save_group(organisation: Organisation, group: VolunteerGroup | None, *, name: str,
               description: str) -> VolunteerGroup:
    if group is None:
        group = VolunteerGroup(organisation_id=organisation.id)
        db.session.add(group)
    group.name, group.description = name, description
    db.session.flush()
    record("volunteer_group.save", organisation=organisation, target=group)
    return group


def set_members(group: VolunteerGroup, volunteers: list[Volunteer]) -> None:
    before = {v.id for v in group.members}
    group.members = volunteers
    db.session.flush()
    after = {v.id for v in volunteers}
    if before != after:
        record("volunteer_group.members", organisation=db.session.get(Organisation, group.organisation_id),
               target=group, added=sorted(after - before), removed=sorted(before - after))


def change_members(group: VolunteerGroup, *, add: Iterable[Volunteer] = (),
                   remove: Iterable[Volunteer] = ()) -> tuple[int, int]:
    """Add and remove people (the rest stay as they are); returns how many were added and removed."""
    current = {v.id: v for v in group.members}
    wanted = dict(current)
    for volunteer in add:
        wanted[volunteer.id] = volunteer
    for volunteer in remove:
        wanted.pop(volunteer.id, None)
    set_members(group, sorted(wanted.values(), key=lambda v: (v.name.lower(), v.id)))
    return len(wanted.keys() - current.keys()), len(current.keys() - wanted.keys())


def search_outside(group: VolunteerGroup, words: str, limit: int = 50) -> list[Volunteer]:
    """People found by name, email or phone who are not yet in the group."""
    organisation = db.session.get(Organisation, group.organisation_id)
    members = sa.select(volunteer_group_member.c.volunteer_id).where(volunteer_group_member.c.group_id == group.id)
    query = search(organisation, Filters(q=words)).where(Volunteer.id.not_in(members)).limit(limit)
    return list(db.session.scalars(query))


# --- invitations ---------------------------------------------------------------------------

def invitable_surveys(organisation: Organisation) -> list[Survey]:
    return [survey for survey in db.session.scalars(sa.select(Survey).where(
        Survey.organisation_id == organisation.id, Survey.status == SurveyStatus.OPEN).order_by(Survey.id))
        if survey.accepts_answers()]


def upcoming_workshops(organisation: Organisation) -> list[Workshop]:
    return list(db.session.scalars(sa.select(Workshop).where(
        Workshop.organisation_id == organisation.id, Workshop.held_on >= today()).order_by(Workshop.held_on)))


#: Why someone chosen is not invited, in the order they are checked.
SKIP_REASONS = {
    "invited": _l("invited already"),
    "paused": _l("on a break"),
    "unconfirmed": _l("sign-up not confirmed by email"),
    "awaiting_call": _l("sign-up waiting for a confirming call"),
    "no_consent": _l("no consent to be contacted"),
}


@dataclass
class InvitationRun:
    emailed: list[Volunteer] = field(default_factory=list)
    #: Phone-only people, with the personal link (if any) for the coordinator to text or read out.
    to_call: list[tuple[Volunteer, str]] = field(default_factory=list)
    #: Who is not invited, with the reason's code (`SKIP_REASONS`).
    skipped: list[tuple[Volunteer, str]] = field(default_factory=list)


def _invited_already(kind: InvitationKind, target_id: int) -> set[int]:
    """Who has been invited to this survey or workshop, in one query."""
    column = VolunteerInvitation.survey_id if kind is InvitationKind.SURVEY else VolunteerInvitation.workshop_id
    return set(db.session.scalars(sa.select(VolunteerInvitation.volunteer_id).where(
        VolunteerInvitation.kind == kind, column == target_id)))


def _skip_reason(volunteer: Volunteer, invited: set[int]) -> str | None:
    if volunteer.id in invited:
        return "invited"
    if volunteer.can_be_invited:
        return None
    if volunteer.status is VolunteerStatus.PAUSED:
        return "paused"
    if volunteer.status is VolunteerStatus.UNCONFIRMED:
        return "unconfirmed"
    if volunteer.status is VolunteerStatus.AWAITING_CALL:
        return "awaiting_call"
    return "no_consent"


def plan_invitations(volunteers: list[Volunteer], *, survey: Survey | None = None,
                     workshop: Workshop | None = None) -> InvitationRun:
    """Who would get an email, who is to be called and who is skipped and why; nothing is stored."""
    kind = InvitationKind.SURVEY if survey is not None else InvitationKind.WORKSHOP
    plan = InvitationRun()
    invited = _invited_already(kind, (survey or workshop).id)
    for volunteer in volunteers:
        reason = _skip_reason(volunteer, invited)
        if reason is not None:
            plan.skipped.append((volunteer, reason))
            continue
        invited.add(volunteer.id)
        if volunteer.email:
            plan.emailed.append(volunteer)
        else:
            plan.to_call.append((volunteer, ""))
    return plan


def message_for(message: Mapping[str, str] | None, locale: str) -> str:
    """The coordinator's words in the recipient's language (or the language they fall back to)."""
    return localize(message, locale) if message else ""


def email_previews(organisation: Organisation, plan: InvitationRun, *, survey: Survey | None,
                   workshop: Workshop | None, message: Mapping[str, str] | None) -> list[tuple[str, int, str, str]]:
    """One sample email per language the recipients read: (language, recipients, subject, body),
    written for the first recipient in that language, with a stand-in for the personal link."""
    kind = InvitationKind.SURVEY if survey is not None else InvitationKind.WORKSHOP
    by_locale: dict[str, list[Volunteer]] = {}
    for volunteer in plan.emailed:
        by_locale.setdefault(volunteer.locale, []).append(volunteer)
    previews = []
    for locale, people in by_locale.items():
        subject, body = render_email(f"volunteer_invite_{kind.value}", locale, organisation=organisation,
                                     volunteer=people[0], survey=survey, workshop=workshop,
                                     link=PREVIEW_LINK if survey is not None else "",
                                     message=message_for(message, locale))
        previews.append((locale, len(people), subject, body))
    return previews


#: Stands for each person's own one-time link in a preview.
PREVIEW_LINK = "https://…"


def invite(organisation: Organisation, volunteers: list[Volunteer], *, survey: Survey | None = None,
           workshop: Workshop | None = None, message: Mapping[str, str] | None = None) -> InvitationRun:
    """Invite each person once, by email in their own language with the coordinator's words in
    that language; every invitation is recorded."""
    kind = InvitationKind.SURVEY if survey is not None else InvitationKind.WORKSHOP
    plan = plan_invitations(volunteers, survey=survey, workshop=workshop)
    run = InvitationRun(skipped=plan.skipped)
    for volunteer in plan.emailed + [v for v, _link in plan.to_call]:
        invitation = VolunteerInvitation(organisation_id=organisation.id, volunteer_id=volunteer.id, kind=kind,
                                         invited_by_id=getattr(current_user, "id", None))
        link = ""
        if survey is not None:
            # A code, not words: the invitation page shows it in the reader's language.
            survey_invitation, token = create_invitation(survey, label="developer-client")
            invitation.survey_id, invitation.survey_invitation_id = survey.id, survey_invitation.id
            lang = volunteer.locale if volunteer.locale in survey.locales else survey.locales[0]
            link = external_url("surveys.answer", org=organisation.slug, slug=survey.slug, i=token, lang=lang)
        else:
            invitation.workshop_id = workshop.id
        db.session.add(invitation)
        if volunteer.email:
            enqueue_email(volunteer.email, f"volunteer_invite_{kind.value}", volunteer.locale,
                          organisation=organisation, volunteer=volunteer, survey=survey, workshop=workshop,
                          link=link, message=message_for(message, volunteer.locale))
            run.emailed.append(volunteer)
        else:
            run.to_call.append((volunteer, link))
    db.session.flush()
    record("volunteer.invite", organisation=organisation, kind=kind.value, target=survey or workshop,
           invited=[v.id for v in run.emailed] + [v.id for v, _link in run.to_call])
    return run


def workshop_invitee_count(workshop: Workshop) -> int:
    """How many developer-clients were invited to the workshop (the page shows the number only)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(VolunteerInvitation).where(
        VolunteerInvitation.workshop_id == workshop.id))
