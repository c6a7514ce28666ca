"""Moderating ideas and comments: publish (with edits), reject, merge, hide, restore.

Every action writes an audit event naming who did what to which item, never the text.
Authors who left an email hear of the outcome in the language they wrote in.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from webapp.audit.models import AuditEvent
from webapp.audit.services import record
from webapp.auth.models import Membership, Role, User
from webapp.core import personal_data
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.http.urls import external_url
from webapp.guide.services import pending_corrections
from webapp.ideas.models import (
    REJECT_LABELS,
    TRANSITIONS,
    Comment,
    Idea,
    IdeaContact,
    IdeaStatus,
    IdeaSupport,
    RejectReason,
    Report,
)
from webapp.orgs.models import Organisation
from webapp.outbox.services import enqueue_email


class ModerationError(Exception):
    """A moderation step that does not fit the item's state; the message is translated."""


class PersonalDataLeft(ModerationError):
    """The text to publish still looks like personal data, and nobody confirmed that it is not."""


def queue(organisation: Organisation) -> dict[str, list]:
    """What waits for a moderator, oldest first: pending and report-hidden ideas and comments,
    and published items with open reports."""
    waiting = (IdeaStatus.PENDING, IdeaStatus.HIDDEN)
    ideas = db.session.scalars(
        sa.select(Idea).where(Idea.organisation_id == organisation.id,
                              sa.or_(Idea.status.in_(waiting), Idea.report_count > 0))
        .options(selectinload(Idea.board)).order_by(Idea.created_at, Idea.id)).all()
    comments = db.session.scalars(  # each is shown with its idea's title: loaded in one query
        sa.select(Comment).where(Comment.organisation_id == organisation.id,
                                 sa.or_(Comment.status.in_(waiting), Comment.report_count > 0))
        .options(selectinload(Comment.idea)).order_by(Comment.created_at, Comment.id)).all()
    return {"ideas": list(ideas), "comments": list(comments)}


def waiting_query(organisation: Organisation, kind: str, *, board_id: int | None = None, flagged: bool = False,
                  reported: bool = False) -> sa.Select:
    """The queue of one kind ("idea" or "comment") as a query to page, oldest first: pending and
    report-hidden items and published items with open reports, narrowed to one board, to items
    that may hold personal data, or to reported items."""
    model = Idea if kind == "idea" else Comment
    waiting = (IdeaStatus.PENDING, IdeaStatus.HIDDEN)
    query = sa.select(model).where(model.organisation_id == organisation.id,
                                   sa.or_(model.status.in_(waiting), model.report_count > 0))
    if board_id:
        query = query.where(Idea.board_id == board_id) if model is Idea else query.where(
            Comment.idea_id.in_(sa.select(Idea.id).where(Idea.board_id == board_id)))
    if flagged:
        query = query.where(model.has_personal_data.is_(True))
    if reported:
        query = query.where(model.report_count > 0)
    # Each is shown with its board or its idea's title: loaded in one more query per page.
    related = selectinload(Idea.board) if model is Idea else selectinload(Comment.idea)
    return query.options(related).order_by(model.created_at, model.id)


def open_reports(organisation: Organisation) -> dict[str, list[Report]]:
    """Unresolved reports by target key (`idea:5`, `comment:7`)."""
    reports: dict[str, list[Report]] = {}
    for report in db.session.scalars(sa.select(Report).where(
            Report.organisation_id == organisation.id, Report.resolved_at.is_(None)).order_by(Report.id)):
        reports.setdefault(report.target, []).append(report)
    return reports


def highlights(item) -> dict[str, list]:
    """Personal-data matches in an item's texts (an idea, a comment, a correction to the services
    guide), for `<mark>` in the moderator's view."""
    return {name: personal_data.find(getattr(item, name) or "") for name in ("title", "body", "nickname")
            if hasattr(item, name)}


def merge_candidates(idea: Idea, search: str = "", limit: int = 10) -> list[Idea]:
    """Published ideas of the same board that the idea could be merged into, by words of the title."""
    query = sa.select(Idea).where(Idea.board_id == idea.board_id, Idea.id != idea.id,
                                  Idea.status == IdeaStatus.PUBLISHED)
    for word in search.split()[:8]:
        query = query.where(Idea.title.icontains(word, autoescape=True))
    return list(db.session.scalars(query.order_by(Idea.published_at.desc(), Idea.id.desc()).limit(limit)))


def history(item) -> list[AuditEvent]:
    """What was done to an idea or comment, oldest first (from the audit log: who and what, never the text)."""
    return list(db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.target_type == type(item).__name__, AuditEvent.target_id == item.id,
        AuditEvent.action.like("moderation.%")).order_by(AuditEvent.at, AuditEvent.id)))


def _move(item, status: IdeaStatus) -> None:
    if status not in TRANSITIONS[item.status]:
        raise ModerationError(_l("That cannot be done to an item in this state."))
    item.status = status


def _resolve_reports(item) -> None:
    target = f"{'comment' if isinstance(item, Comment) else 'idea'}:{item.id}"
    db.session.execute(sa.update(Report).where(Report.target == target, Report.resolved_at.is_(None))
                       .values(resolved_at=utcnow()))
    item.report_count = 0


def _kind(item) -> str:
    return "comment" if isinstance(item, Comment) else "idea"


def _organisation(item) -> Organisation:
    return db.session.get(Organisation, item.organisation_id)


def publish(item, *, title: str | None = None, body: str | None = None, despite_personal_data: bool = False) -> None:
    """Publish, optionally with the moderator's edits (the page then says it was edited).

    Text that still looks like personal data is published only when the moderator confirmed that
    it is not a family's (a service's public number, say); the confirmation is audited. A nickname
    that looks like personal data is always replaced by the marker."""
    new_title = title if isinstance(item, Idea) and title is not None else getattr(item, "title", None)
    new_body = body if body is not None else item.body
    left = personal_data.looks_personal(new_title, new_body)
    if left and not despite_personal_data:
        raise PersonalDataLeft(_l("The text may still contain personal data. Remove it, or confirm that it may "
                                  "be published."))
    edited = False
    if isinstance(item, Idea) and new_title != item.title:
        item.title, edited = new_title, True
    if new_body != item.body:
        item.body, edited = new_body, True
    if item.nickname and personal_data.looks_personal(item.nickname):
        item.nickname, edited = personal_data.mask(item.nickname, item.locale), True
    if edited:
        item.is_edited = True
    if item.status is not IdeaStatus.PUBLISHED:
        _move(item, IdeaStatus.PUBLISHED)
    if isinstance(item, Idea) and item.published_at is None:
        item.published_at = utcnow()
    _resolve_reports(item)
    db.session.flush()
    record(f"moderation.{_kind(item)}_publish", organisation=_organisation(item), target=item, edited=edited)
    if left:
        record(f"moderation.{_kind(item)}_publish_despite_personal_data", organisation=_organisation(item),
               target=item)
    if isinstance(item, Idea):
        _tell_author(item, "idea_published")


def reject(item, reason: RejectReason) -> None:
    _move(item, IdeaStatus.REJECTED)
    item.reject_reason = reason
    _resolve_reports(item)
    db.session.flush()
    record(f"moderation.{_kind(item)}_reject", organisation=_organisation(item), target=item, reason=reason.value)
    if isinstance(item, Idea):
        _tell_author(item, "idea_rejected", reason=REJECT_LABELS[reason])
        _erase_contact(item)  # the idea is closed: the email is no longer needed


def hide(item) -> None:
    _move(item, IdeaStatus.HIDDEN)
    db.session.flush()
    record(f"moderation.{_kind(item)}_hide", organisation=_organisation(item), target=item)


def restore(item) -> None:
    """Show a hidden item again and close its reports."""
    _move(item, IdeaStatus.PUBLISHED)
    _resolve_reports(item)
    db.session.flush()
    record(f"moderation.{_kind(item)}_restore", organisation=_organisation(item), target=item)


def dismiss_reports(item) -> None:
    """The reports were unfounded: keep the item as it is and close them."""
    _resolve_reports(item)
    db.session.flush()
    record(f"moderation.{_kind(item)}_reports_dismissed", organisation=_organisation(item), target=item)


def merge(idea: Idea, into: Idea) -> None:
    """Merge a duplicate into another idea of the same board; its supports move over."""
    if into.id == idea.id or into.board_id != idea.board_id or into.status is not IdeaStatus.PUBLISHED:
        raise ModerationError(_l("Choose another published idea on the same board."))
    _move(idea, IdeaStatus.MERGED)
    idea.merged_into_id = into.id
    moved = sa.select(sa.literal(into.id), IdeaSupport.supporter, IdeaSupport.created_at).where(
        IdeaSupport.idea_id == idea.id,
        IdeaSupport.supporter.not_in(sa.select(IdeaSupport.supporter).where(IdeaSupport.idea_id == into.id)))
    db.session.execute(sa.insert(IdeaSupport).from_select(["idea_id", "supporter", "created_at"], moved))
    db.session.execute(sa.delete(IdeaSupport).where(IdeaSupport.idea_id == idea.id))
    into.support_count = db.session.scalar(sa.select(sa.func.count()).select_from(IdeaSupport)
                                           .where(IdeaSupport.idea_id == into.id))
    idea.support_count = 0
    _resolve_reports(idea)
    db.session.flush()
    record("moderation.idea_merge", organisation=_organisation(idea), target=idea, into=into.id)
    _tell_author(idea, "idea_merged", into=into)
    _erase_contact(idea)


def set_service_area(idea: Idea, area_id: int | None) -> None:
    idea.service_area_id = area_id
    db.session.flush()
    record("moderation.idea_service_area", organisation=_organisation(idea), target=idea, area=area_id)


def set_service(idea: Idea, service_id: int | None) -> None:
    """Point the idea to the entry of the services guide it concerns (shown on its public page)."""
    idea.service_id = service_id
    db.session.flush()
    record("moderation.idea_service", organisation=_organisation(idea), target=idea, service=service_id)


def _tell_author(idea: Idea, template: str, **context) -> None:
    contact = db.session.scalar(sa.select(IdeaContact).where(IdeaContact.idea_id == idea.id))
    if contact is None:
        return
    organisation = _organisation(idea)
    board = idea.board
    link = external_url("ideas.idea", org=organisation.slug, board=board.slug, idea_id=idea.id)
    enqueue_email(contact.email, template, contact.locale, organisation=organisation, idea=idea, board=board,
                  link=link, **context)


def _erase_contact(idea: Idea) -> None:
    db.session.execute(sa.delete(IdeaContact).where(IdeaContact.idea_id == idea.id))


def send_digests() -> int:
    """Email each coordinator and admin of every organisation that wants it a summary of what
    waits for moderation (run daily, e.g. from cron). Returns the number of emails queued."""
    sent = 0
    for organisation in db.session.scalars(sa.select(Organisation).where(Organisation.has_moderation_digest)):
        waiting = queue(organisation)
        corrections = len(pending_corrections(organisation))
        if not waiting["ideas"] and not waiting["comments"] and not corrections:
            continue
        people = db.session.scalars(
            sa.select(User).join(Membership).where(
                Membership.organisation_id == organisation.id, Membership.role.in_([Role.ADMIN, Role.COORDINATOR]),
                User.is_active_account.is_(True)).distinct())
        link = external_url("moderation.queue", org=organisation.slug)
        for person in people:
            enqueue_email(person.email, "moderation_digest", person.locale, organisation=organisation,
                          ideas=len(waiting["ideas"]), comments=len(waiting["comments"]), corrections=corrections,
                          link=link)
            sent += 1
    return sent
