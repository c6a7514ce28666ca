"""Backlog operations: items, status changes with history, sources, workshops and decisions.

Operations flush and audit; views commit. A status change tells the authors of the ideas
behind the item (those who left an email), in the language they wrote in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.audit.services import record
from webapp.backlog.models import (
    CLOSED_STATUSES,
    FINAL_STATUSES,
    STATUS_LABELS,
    TRANSITIONS,
    AgendaItem,
    Attendee,
    BacklogItem,
    BacklogStatus,
    Sector,
    Source,
    SourceKind,
    StatusChange,
    Workshop,
)
from webapp.core import personal_data
from webapp.core.content_languages import Gap, gaps_in
from webapp.core.database import db
from webapp.core.database.types import Translations
from webapp.core.http.urls import external_url
from webapp.core.i18n import localize
from webapp.ideas.models import Idea, IdeaContact, IdeaStatus
from webapp.orgs.models import Organisation
from webapp.outbox import webhooks
from webapp.outbox.services import enqueue_email
from webapp.volunteers.models import Volunteer, VolunteerInvitation


class BacklogRuleError(Exception):
    """A step the backlog's rules refuse; the message is translated."""


def _organisation(item) -> Organisation:
    return db.session.get(Organisation, item.organisation_id)


def item_of(organisation: Organisation, item_id: int) -> BacklogItem | None:
    item = db.session.get(BacklogItem, item_id)
    return item if item is not None and item.organisation_id == organisation.id else None


def items_of(organisation: Organisation, *, status=None, area_id=None, priority=None, source_kind=None,
             search: str = ""):
    """The organisation's items, latest change first, narrowed by the filters and by words of the
    title or description (each word must appear; "#12" or "12" finds the item numbered 12 too)."""
    query = sa.select(BacklogItem).where(BacklogItem.organisation_id == organisation.id)
    words = search.strip().lstrip("#")
    if words.isdigit() and len(words) <= 9:
        query = query.where(sa.or_(BacklogItem.id == int(words), BacklogItem.title.contains(words, autoescape=True),
                                   BacklogItem.description.contains(words, autoescape=True)))
    else:
        for word in words.split()[:8]:
            query = query.where(sa.or_(BacklogItem.title.icontains(word, autoescape=True),
                                       BacklogItem.description.icontains(word, autoescape=True)))
    if status:
        query = query.where(BacklogItem.status == status)
    if priority:
        query = query.where(BacklogItem.priority == priority)
    if source_kind:
        query = query.where(BacklogItem.id.in_(sa.select(Source.item_id).where(Source.kind == source_kind)))
    items = list(db.session.scalars(query.order_by(BacklogItem.updated_at.desc(), BacklogItem.id.desc())))
    if area_id:  # a JSON list: filtered here, the backlog of one family centre is small
        items = [item for item in items if area_id in (item.service_area_ids or [])]
    return items


def candidates(organisation: Organisation, search: str = "", *, exclude: int | None = None,
               limit: int = 20) -> list[BacklogItem]:
    """Open items to choose from (to promote into, or to merge into), newest change first: by words
    of the title, or by number ("12" or "#12")."""
    query = sa.select(BacklogItem).where(BacklogItem.organisation_id == organisation.id,
                                         BacklogItem.status.not_in(CLOSED_STATUSES))
    if exclude is not None:
        query = query.where(BacklogItem.id != exclude)
    words = search.strip().lstrip("#")
    if words.isdigit() and len(words) <= 9:
        query = query.where(sa.or_(BacklogItem.id == int(words), BacklogItem.title.contains(words)))
    elif words:
        for word in words.split()[:8]:
            query = query.where(BacklogItem.title.icontains(word, autoescape=True))
    return list(db.session.scalars(query.order_by(BacklogItem.updated_at.desc(), BacklogItem.id.desc())
                                   .limit(limit)))


def create_item(organisation: Organisation, *, title: str, description: str = "", **fields) -> BacklogItem:
    item = BacklogItem(organisation_id=organisation.id, title=title, description=description)
    db.session.add(item)
    _apply(item, fields)
    db.session.flush()
    db.session.add(StatusChange(item_id=item.id, old_status=None, new_status=item.status, actor_id=_actor_id()))
    record("backlog.create", organisation=organisation, target=item)
    webhooks.emit(organisation, "item.created", _event_data(item))
    return item


def _event_data(item: BacklogItem) -> dict:
    return {"id": item.id, "title": personal_data.mask(item.title), "status": item.status.value,
            "priority": item.priority.value, "target_quarter": item.target_quarter, "is_public": item.is_public}


def update_item(item: BacklogItem, **fields) -> None:
    changed = _apply(item, fields)
    db.session.flush()
    if changed:
        record("backlog.update", organisation=_organisation(item), target=item, fields=changed)


def _apply(item: BacklogItem, fields: dict) -> list[str]:
    changed = []
    for name, value in fields.items():
        if name in ("public_title", "public_answer"):
            value = Translations(value)
        if getattr(item, name) != value:
            setattr(item, name, value)
            changed.append(name)
    return changed


def _actor_id() -> int | None:
    from flask import has_request_context
    from flask_login import current_user

    return current_user.id if has_request_context() and current_user.is_authenticated else None


def change_status(item: BacklogItem, status: BacklogStatus, note: str = "", workshop: Workshop | None = None) -> None:
    """Move an item along the transition table, keep the history, tell the idea authors."""
    if status is item.status:
        return
    if status not in TRANSITIONS[item.status]:
        raise BacklogRuleError(_l("An item cannot move from %(old)s to %(new)s.",
                                  old=STATUS_LABELS[item.status], new=STATUS_LABELS[status]))
    old = item.status
    item.status = status
    db.session.add(StatusChange(item_id=item.id, old_status=old, new_status=status, note=note,
                                actor_id=_actor_id(), workshop_id=workshop.id if workshop else None))
    db.session.flush()
    record("backlog.status", organisation=_organisation(item), target=item, old=old.value, new=status.value)
    webhooks.emit(_organisation(item), "item.status_changed", {**_event_data(item), "old_status": old.value,
                                                               "note": note})
    _tell_idea_authors(item)
    _tell_workshop_participants(item)
    if status in FINAL_STATUSES:
        _forget_idea_authors(item)


def _tell_idea_authors(item: BacklogItem) -> None:
    organisation = _organisation(item)
    contacts = db.session.execute(
        sa.select(IdeaContact, Idea).join(Idea, Idea.id == IdeaContact.idea_id)
        .join(Source, Source.idea_id == Idea.id).where(Source.item_id == item.id).distinct()).all()
    link = external_url("backlog_public.progress", org=organisation.slug)
    for contact, idea in contacts:
        enqueue_email(contact.email, "backlog_status", contact.locale, organisation=organisation, item=item,
                      idea=idea, status=STATUS_LABELS[item.status], link=link)


def _forget_idea_authors(item: BacklogItem) -> None:
    """Done or declined, the item has its answer and the authors have been told: the idea is
    closed, so the addresses given with it are erased (as the idea form promises), unless the
    idea is also the source of an item still being worked on."""
    open_items = sa.select(Source.idea_id).join(BacklogItem, BacklogItem.id == Source.item_id).where(
        Source.idea_id.is_not(None), BacklogItem.status.not_in(FINAL_STATUSES))
    ideas = sa.select(Source.idea_id).where(Source.item_id == item.id, Source.idea_id.not_in(open_items))
    db.session.execute(sa.delete(IdeaContact).where(IdeaContact.idea_id.in_(ideas))
                       .execution_options(synchronize_session=False))


def _tell_workshop_participants(item: BacklogItem) -> None:
    """Developer-clients invited to a workshop that had the item on its agenda hear of its new
    status in their own language (unless they are on a break or no longer consent to contact)."""
    organisation = _organisation(item)
    invited = sa.select(VolunteerInvitation.volunteer_id).join(
        AgendaItem, AgendaItem.workshop_id == VolunteerInvitation.workshop_id).where(AgendaItem.item_id == item.id)
    people = db.session.scalars(sa.select(Volunteer).where(Volunteer.id.in_(invited)))
    link = external_url("backlog_public.progress", org=organisation.slug)
    for volunteer in people:
        if volunteer.can_be_invited and volunteer.email:
            enqueue_email(volunteer.email, "volunteer_backlog_status", volunteer.locale, organisation=organisation,
                          volunteer=volunteer, item=item, status=STATUS_LABELS[item.status], link=link)


def promote_idea(idea: Idea, item: BacklogItem | None = None) -> BacklogItem:
    """Make a published idea the source of a new item, or of an existing one."""
    if idea.status is not IdeaStatus.PUBLISHED:
        raise BacklogRuleError(_l("Only a published idea can go to the backlog."))
    organisation = db.session.get(Organisation, idea.organisation_id)
    if item is None:
        item = create_item(organisation, title=personal_data.mask(idea.title),
                           description=personal_data.mask(idea.body),
                           service_area_ids=[idea.service_area_id] if idea.service_area_id else [])
    elif any(source.idea_id == idea.id for source in item.sources):
        return item
    db.session.add(Source(item_id=item.id, kind=SourceKind.IDEA, idea_id=idea.id))
    db.session.flush()
    record("backlog.source_add", organisation=organisation, target=item, kind="idea", idea=idea.id)
    return item


def add_source(item: BacklogItem, kind: SourceKind, *, count: int = 1, note: str = "",
               survey_id: int | None = None, answer_id: int | None = None) -> Source:
    source = Source(item_id=item.id, kind=kind, count=count, note=note, survey_id=survey_id, answer_id=answer_id)
    db.session.add(source)
    db.session.flush()
    record("backlog.source_add", organisation=_organisation(item), target=item, kind=kind.value, count=count)
    return source


def existing_source(organisation: Organisation, kind: SourceKind, *, item: BacklogItem | None = None,
                    survey_id: int | None = None, answer_id: int | None = None) -> Source | None:
    """The source of this kind for the survey or answer already on `item`, or on any of the
    organisation's items when no item is named."""
    query = sa.select(Source).join(BacklogItem).where(BacklogItem.organisation_id == organisation.id,
                                                      Source.kind == kind)
    if item is not None:
        query = query.where(Source.item_id == item.id)
    if survey_id is not None:
        query = query.where(Source.survey_id == survey_id)
    if answer_id is not None:
        query = query.where(Source.answer_id == answer_id)
    return db.session.scalars(query.limit(1)).first()


def source_counts(item: BacklogItem) -> Counter:
    """Voices by kind of source: {SourceKind.IDEA: 12, SourceKind.SURVEY_ANSWER: 40}."""
    counts: Counter = Counter()
    for source in item.sources:
        counts[source.kind] += source.count
    return counts


def items_fed_by(idea: Idea) -> list[BacklogItem]:
    """Every backlog item the idea is a source of (for its staff page)."""
    return list(db.session.scalars(sa.select(BacklogItem).join(Source).where(Source.idea_id == idea.id)
                                   .order_by(BacklogItem.id)))


def item_for_idea(idea: Idea) -> BacklogItem | None:
    """The public backlog item an idea went into, if any."""
    return db.session.scalar(sa.select(BacklogItem).join(Source).where(
        Source.idea_id == idea.id, BacklogItem.is_public.is_(True)).order_by(BacklogItem.id).limit(1))


def public_items(organisation: Organisation, area_id: int | None = None) -> list[BacklogItem]:
    """Public items that have a public title (the internal title may quote a family's words)."""
    items = db.session.scalars(sa.select(BacklogItem).where(
        BacklogItem.organisation_id == organisation.id, BacklogItem.is_public.is_(True))
        .order_by(BacklogItem.updated_at.desc(), BacklogItem.id.desc())).all()
    return [item for item in items if item.public_title and (not area_id or area_id in (item.service_area_ids or []))]


def workshops_of(organisation: Organisation) -> list[Workshop]:
    return list(db.session.scalars(sa.select(Workshop).where(Workshop.organisation_id == organisation.id)
                                   .order_by(Workshop.held_on.desc(), Workshop.id.desc())))


def save_workshop(organisation: Organisation, workshop: Workshop | None, *, attendees=None, **fields) -> Workshop:
    """Create or update a workshop; `attendees` (rows of name, sector value and consent), when given,
    replace the recorded attendees."""
    if workshop is None:
        workshop = Workshop(organisation_id=organisation.id)
        db.session.add(workshop)
    for name, value in fields.items():
        setattr(workshop, name, value)
    if attendees is not None:
        workshop.attendees = [Attendee(name=row.name, sector=Sector(row.sector),
                                       is_named_by_consent=row.is_named_by_consent
                                       and row.sector == Sector.DEVELOPER_CLIENT.value)
                              for row in attendees]
    db.session.flush()
    record("workshop.save", organisation=organisation, target=workshop)
    return workshop


def add_to_agenda(workshop: Workshop, item: BacklogItem) -> None:
    if any(entry.item_id == item.id for entry in workshop.agenda):
        return
    position = max((entry.position for entry in workshop.agenda), default=0) + 1
    workshop.agenda.append(AgendaItem(item_id=item.id, position=position))
    db.session.flush()
    record("workshop.agenda_add", organisation=_organisation(workshop), target=workshop, item=item.id)


def remove_from_agenda(workshop: Workshop, entry: AgendaItem) -> None:
    workshop.agenda.remove(entry)
    _renumber(workshop)
    db.session.flush()
    record("workshop.agenda_remove", organisation=_organisation(workshop), target=workshop, item=entry.item_id)


def move_on_agenda(workshop: Workshop, entry: AgendaItem, step: int) -> None:
    """Swap the entry with its neighbour above (-1) or below (+1)."""
    agenda = list(workshop.agenda)
    index = agenda.index(entry)
    other = index + step
    if 0 <= other < len(agenda):
        agenda[index], agenda[other] = agenda[other], agenda[index]
        for position, item in enumerate(agenda):
            item.position = position
        db.session.flush()
        db.session.expire(workshop, ["agenda"])


def _renumber(workshop: Workshop) -> None:
    for position, item in enumerate(workshop.agenda):
        item.position = position


def record_decision(entry: AgendaItem, *, decision: str, status: BacklogStatus | None) -> None:
    """The decision on one agenda item: written to the minutes and, with a status, applied."""
    entry.decision = decision
    entry.decided_status = status
    if status is not None:
        change_status(entry.item, status, note=decision, workshop=entry.workshop)
    db.session.flush()
    record("workshop.decision", organisation=_organisation(entry.workshop), target=entry.workshop,
           item=entry.item_id, status=status.value if status else None)


def merge_items(item: BacklogItem, into: BacklogItem) -> None:
    """Merge a duplicate item into another: all its sources move over, and it becomes "merged into
    #N" (not declined: nothing was decided about it)."""
    if (item.id == into.id or item.organisation_id != into.organisation_id or into.status in CLOSED_STATUSES
            or item.status is BacklogStatus.MERGED):
        raise BacklogRuleError(_l("Choose another item of the same organisation."))
    ideas_there = {source.idea_id for source in into.sources if source.idea_id}
    for source in list(item.sources):
        if source.idea_id and source.idea_id in ideas_there:
            db.session.delete(source)  # the same idea once is enough
        else:
            source.item_id = into.id
    db.session.flush()
    db.session.expire(into, ["sources"])
    db.session.expire(item, ["sources"])
    note = f"→ #{into.id} {into.title}"
    old = item.status
    item.status, item.merged_into_id, item.is_public = BacklogStatus.MERGED, into.id, False
    db.session.add(StatusChange(item_id=item.id, old_status=old, new_status=BacklogStatus.MERGED, note=note,
                                actor_id=_actor_id()))
    db.session.flush()
    record("backlog.merge", organisation=_organisation(item), target=item, into=into.id)
    webhooks.emit(_organisation(item), "item.merged", {**_event_data(item), "old_status": old.value,
                                                       "merged_into": into.id})


def translation_gaps(organisation: Organisation, locales: list[str]) -> Iterator[Gap | None]:
    """Public answers ("you said, we did") that lack a content language."""
    items = db.session.scalars(sa.select(BacklogItem).where(BacklogItem.organisation_id == organisation.id,
                                                            BacklogItem.is_public.is_(True)).order_by(BacklogItem.id))
    for item in items:
        yield gaps_in(_("Public answer"), localize(item.public_title) or item.title,
                      url_for("backlog_admin.item", org=organisation.slug, item_id=item.id), locales,
                      item.public_title, item.public_answer)
