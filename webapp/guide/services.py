"""The family-services guide: saving entries with their history, publishing under the
organisation's language rules, the public search, corrections from families and the yearly
check reminder. Functions flush; the request (or command) commits."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from webapp.audit.services import SYSTEM, record
from webapp.auth.models import Membership, Role, User
from webapp.core import personal_data
from webapp.core.clock import utcnow
from webapp.core.content_languages import missing_required, required_message
from webapp.core.database import db
from webapp.core.database.types import Translations
from webapp.core.http.urls import external_url
from webapp.core.i18n import DEFAULT_LOCALE, localize
from webapp.core.sami_text import fold_sami
from webapp.guide.models import (
    TRANSITIONS,
    CorrectionStatus,
    Service,
    ServiceAudience,
    ServiceChange,
    ServiceCorrection,
    ServiceStatus,
)
from webapp.guide.search import rank
from webapp.orgs.models import Organisation, ServiceArea
from webapp.outbox.services import enqueue_email
from webapp.regions.services import shared_entry, shared_into

#: Who a service is for (staff form) and, but for the whole family, the public life situations.
SITUATIONS = [audience for audience in ServiceAudience if audience is not ServiceAudience.WHOLE_FAMILY]
#: An entry not confirmed for this long is out of date; its owner gets one reminder.
CHECK_INTERVAL = timedelta(days=365)
#: The fields whose changes are listed in an entry's history.
TRACKED = ("slug", "name", "description", "provider", "sector", "service_area_ids", "audiences", "phone",
           "email", "web_url", "address", "opening_hours", "access", "languages", "is_free", "owner_id")


class GuideError(Exception):
    """A step that the rules refuse; the message is translated."""


# --- links ---------------------------------------------------------------------------------

def tel_href(phone: str) -> str:
    """A `tel:` address: Finnish numbers in international form, short numbers (116 111) as typed."""
    compact = re.sub(r"[^\d+]", "", phone or "")
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+3580"):  # +358 (0)16 …
        compact = "+358" + compact[5:]
    elif compact.startswith("0"):
        compact = "+358" + compact[1:]
    return "tel:" + compact if compact else ""


def map_href(address: str) -> str:
    """A map search for the address (OpenStreetMap; the page itself loads no map tiles)."""
    return "https://www.openstreetmap.org/search?query=" + urllib.parse.quote(address) if address else ""


# --- reading -------------------------------------------------------------------------------

def services_of(organisation: Organisation, *, owner: User | None = None) -> list[Service]:
    """Every entry of the organisation (only `owner`'s when given), in the alphabetical order of
    their names in the reader's language."""
    query = sa.select(Service).where(Service.organisation_id == organisation.id)
    if owner is not None:
        query = query.where(Service.owner_id == owner.id)
    return sorted(db.session.scalars(query), key=lambda s: alphabetical(localize(s.name)))


def published(organisation: Organisation) -> list[Service]:
    """What the public guide lists: the organisation's published entries and those its wellbeing
    services county shares into it (an own entry wins over a county's with the same address)."""
    own = [s for s in services_of(organisation) if s.status is ServiceStatus.PUBLISHED]
    slugs = {s.slug for s in own}
    shared = [s for s in shared_into(organisation, published_only=True) if s.slug not in slugs]
    if not shared:
        return own
    return sorted(own + shared, key=lambda s: alphabetical(localize(s.name)))


def has_published(organisation: Organisation) -> bool:
    return db.session.scalar(sa.select(Service.id).where(
        Service.organisation_id == organisation.id, Service.status == ServiceStatus.PUBLISHED).limit(1)) is not None \
        or bool(shared_into(organisation, published_only=True))


def find(organisation: Organisation, slug: str) -> Service | None:
    """The organisation's own entry with this address name (staff pages)."""
    return db.session.scalar(sa.select(Service).where(Service.organisation_id == organisation.id,
                                                      Service.slug == slug))


def find_listed(organisation: Organisation, slug: str) -> Service | None:
    """The entry the organisation's public guide shows at this address: its own, or one its
    county shares into it."""
    return find(organisation, slug) or shared_entry(organisation, slug=slug)


def is_shared_in(organisation: Organisation, service: Service) -> bool:
    """Whether `service` is a county's entry shared into the organisation (kept by the county)."""
    return service.organisation_id != organisation.id and shared_entry(organisation, service_id=service.id) is not None


def published_entry(organisation: Organisation, service_id: int | None) -> Service | None:
    """The published entry with this id, if any (what an idea or a backlog item links to)."""
    found = by_ids(organisation, [service_id]) if service_id else []
    return found[0] if found and found[0].status is ServiceStatus.PUBLISHED else None


def slug_taken(organisation: Organisation, slug: str, service_id: int | None) -> bool:
    found = find(organisation, slug)
    return found is not None and found.id != service_id


def by_ids(organisation: Organisation, ids) -> list[Service]:
    """The organisation's entries among `ids` (a backlog item's or an idea's services)."""
    ids = [i for i in ids or [] if isinstance(i, int)]
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Service).where(Service.organisation_id == organisation.id,
                                                            Service.id.in_(ids)).order_by(Service.id)))


def is_out_of_date(service: Service, now: datetime | None = None) -> bool:
    return service.checked_at < (now or utcnow()) - CHECK_INTERVAL


def can_edit(user: User, organisation: Organisation, service: Service | None) -> bool:
    """Coordinators and admins edit every entry; a partner's staff only the entries they own."""
    if user.has_role(organisation, Role.ADMIN, Role.COORDINATOR):
        return True
    return service is not None and service.owner_id == user.id and user.has_role(organisation, Role.PARTNER)


def owner_choices(organisation: Organisation) -> list[User]:
    """Staff who can keep an entry up to date: the organisation's coordinators, admins and partners."""
    return list(db.session.scalars(
        sa.select(User).join(Membership).where(
            Membership.organisation_id == organisation.id,
            Membership.role.in_([Role.ADMIN, Role.COORDINATOR, Role.PARTNER]),
            User.is_active_account.is_(True)).distinct().order_by(User.email)))


# --- search --------------------------------------------------------------------------------

def _folded(text: str) -> str:
    """Lower case without accents, so that `cahkkeal` finds `čahkkeal` and `aiti` finds `äiti`,
    and without Sámi letters and marks, so that `saamkioll` finds `sääʹmǩiõll`."""
    return fold_sami(text)


#: Finnish and Swedish order: å, ä and ö come after z (Sámi letters sort with their base letter).
_NORDIC = str.maketrans({"å": "z\u0001", "ä": "z\u0002", "ö": "z\u0003", "æ": "z\u0002", "ø": "z\u0003"})


def alphabetical(text: str) -> str:
    """A sort key for names: case-blind, å ä ö after z, other accents ignored."""
    return _folded(text.casefold().translate(_NORDIC))


@dataclass
class GuideFilters:
    """The public guide's search: words, a life situation, a service area key, a language."""

    q: str = ""
    situation: str = ""
    area: str = ""
    language: str = ""

    @classmethod
    def from_args(cls, args) -> GuideFilters:
        situation = args.get("situation", "")
        return cls(q=args.get("q", "")[:100].strip(),
                   situation=situation if situation in {a.value for a in SITUATIONS} else "",
                   area=args.get("area", "")[:40], language=args.get("language", "")[:8])

    @property
    def is_active(self) -> bool:
        return bool(self.q or self.situation or self.area or self.language)


def search_text(service: Service, areas: dict[int, ServiceArea]) -> str:
    """What a family might type to find the entry, folded: its name in every language, the
    provider, the service areas, and the description as the reader sees it. The page carries
    the same text for the search-as-you-type, so typing and pressing Search agree."""
    parts = [*service.name.values(), localize(service.description), service.provider]
    for area_id in service.service_area_ids or []:
        if area_id in areas:
            parts += [areas[area_id].key, *areas[area_id].name.values()]
    return _folded(" ".join(parts))


def search(services: list[Service], filters: GuideFilters, areas: dict[int, ServiceArea],
           synonyms: dict[str, set[str]] | None = None) -> list[Service]:
    """The entries the filters keep, best match for the typed words first (`guide.search`)."""
    area_ids = {area.id for area in areas.values() if area.key == filters.area}
    found = []
    for service in services:
        wanted = {filters.situation, ServiceAudience.WHOLE_FAMILY.value}
        if filters.situation and not wanted & set(service.audiences or []):
            continue
        if filters.area and not area_ids & set(service.service_area_ids or []):
            continue
        if filters.language and filters.language not in (service.languages or []):
            continue
        found.append(service)
    return rank(found, filters.q, areas, synonyms or {})


# --- writing -------------------------------------------------------------------------------

def _value(service: Service, name: str):
    value = getattr(service, name)
    return dict(value) if isinstance(value, dict) else value


def save_service(organisation: Organisation, service: Service | None, *, actor: User | None = None,
                 public_note: Translations | dict | None = None, **fields) -> Service:
    """Create or change an entry; the change is written to its history (with a note for families
    when given) and to the audit log."""
    is_new = service is None
    if is_new:
        service = Service(organisation_id=organisation.id, checked_at=utcnow())
        db.session.add(service)
    before = {name: None if is_new else _value(service, name) for name in TRACKED}
    for name, value in fields.items():
        if name not in TRACKED:
            raise TypeError(name)
        setattr(service, name, value)
    db.session.flush()
    changed = [name for name in TRACKED if name in fields and _value(service, name) != before[name]]
    note = Translations(public_note or {})
    if changed or is_new or note:  # a note alone ("now open on Thursdays too") is worth keeping
        db.session.add(ServiceChange(service_id=service.id, user_id=getattr(actor, "id", None),
                                     fields=["created"] if is_new else changed, public_note=note or None))
        record("guide.create" if is_new else "guide.update", organisation=organisation, target=service,
               actor=actor, fields=changed)
    return service


def set_status(service: Service, status: ServiceStatus, *, actor: User | None = None) -> None:
    """Publish or return to draft; publishing needs the organisation's required languages."""
    if status is service.status:
        return
    if status not in TRANSITIONS[service.status]:
        raise GuideError(_l("That cannot be done to an entry in this state."))
    organisation = db.session.get(Organisation, service.organisation_id)
    if status is ServiceStatus.PUBLISHED:
        gaps = missing_required(organisation, service.name, service.description, service.opening_hours)
        if gaps:
            raise GuideError(required_message(gaps))
    service.status = status
    db.session.add(ServiceChange(service_id=service.id, user_id=getattr(actor, "id", None), fields=["status"]))
    db.session.flush()
    record("guide.status", organisation=organisation, target=service, actor=actor, status=status.value)


def mark_checked(service: Service, *, actor: User | None = None) -> None:
    """Someone confirmed the entry is right: the yearly check starts again."""
    service.checked_at = utcnow()
    db.session.add(ServiceChange(service_id=service.id, user_id=getattr(actor, "id", None), fields=["checked"]))
    db.session.flush()
    record("guide.checked", organisation=db.session.get(Organisation, service.organisation_id), target=service,
           actor=actor)


def delete_service(service: Service) -> None:
    organisation = db.session.get(Organisation, service.organisation_id)
    record("guide.delete", organisation=organisation, target=service)
    db.session.delete(service)
    db.session.flush()


def recent_public_changes(organisation: Organisation, since: datetime) -> list[ServiceChange]:
    """Changes with a note for families, of published entries, newest first (the progress page)."""
    rows = db.session.scalars(
        sa.select(ServiceChange).join(Service).where(
            Service.organisation_id == organisation.id, Service.status == ServiceStatus.PUBLISHED,
            ServiceChange.created_at >= since)
        .order_by(ServiceChange.created_at.desc(), ServiceChange.id.desc()))
    # A JSON column keeps "no note" as JSON null, which SQL cannot tell from a note: filter here.
    return [change for change in rows if change.public_note][:20]


# --- corrections from families -------------------------------------------------------------

def suggest_correction(service: Service, body: str, locale: str) -> ServiceCorrection:
    correction = ServiceCorrection(organisation_id=service.organisation_id, service_id=service.id, body=body,
                                   locale=locale, has_personal_data=bool(personal_data.find(body)))
    db.session.add(correction)
    db.session.flush()
    return correction


def pending_corrections(organisation: Organisation, service: Service | None = None) -> list[ServiceCorrection]:
    query = sa.select(ServiceCorrection).where(ServiceCorrection.organisation_id == organisation.id,
                                               ServiceCorrection.status == CorrectionStatus.PENDING)
    if service is not None:
        query = query.where(ServiceCorrection.service_id == service.id)
    return list(db.session.scalars(query.options(selectinload(ServiceCorrection.service))
                                   .order_by(ServiceCorrection.created_at, ServiceCorrection.id)))


def close_correction(correction: ServiceCorrection, status: CorrectionStatus) -> None:
    """Handled (the entry was corrected or was right) or rejected; a closed one stays closed."""
    if correction.status is not CorrectionStatus.PENDING or status is CorrectionStatus.PENDING:
        raise GuideError(_l("That cannot be done to an item in this state."))
    correction.status = status
    correction.handled_at = utcnow()
    db.session.flush()
    organisation = db.session.get(Organisation, correction.organisation_id)
    record(f"moderation.correction_{status.value}", organisation=organisation, target=correction)


# --- the yearly check ----------------------------------------------------------------------

def send_check_reminders(now: datetime | None = None) -> int:
    """Email the owner of every entry not checked for 12 months, once per check (run daily).
    An entry without an owner reminds the organisation's contact address. Returns emails queued."""
    now = now or utcnow()
    due = db.session.scalars(sa.select(Service).where(
        Service.checked_at < now - CHECK_INTERVAL,
        sa.or_(Service.check_reminded_at.is_(None), Service.check_reminded_at < Service.checked_at))
        .order_by(Service.organisation_id, Service.id))
    sent = 0
    for service in due:
        organisation = db.session.get(Organisation, service.organisation_id)
        owner = db.session.get(User, service.owner_id) if service.owner_id else None
        if owner is not None and not (owner.is_active_account and owner.has_role(
                organisation, Role.ADMIN, Role.COORDINATOR, Role.PARTNER)):
            owner = None  # left, or lost the role: the organisation's address hears instead
        recipient, locale = (owner.email, owner.locale) if owner else (organisation.contact_email, DEFAULT_LOCALE)
        service.check_reminded_at = now
        if not recipient:
            continue
        link = external_url("guide_admin.edit", org=organisation.slug, service_id=service.id)
        enqueue_email(recipient, "service_check_reminder", locale,
                      organisation=organisation, service=service, link=link)
        record("guide.check_reminder", organisation=organisation, target=service, actor=SYSTEM)
        sent += 1
    db.session.flush()
    return sent


def purge_closed_corrections(now: datetime) -> int:
    """Retention: what a family wrote may hold personal data, so a correction is kept only
    while someone needs it: 90 days after it was handled or rejected."""
    result = db.session.execute(sa.delete(ServiceCorrection).where(
        ServiceCorrection.status != CorrectionStatus.PENDING, ServiceCorrection.handled_at < now - timedelta(days=90)))
    return result.rowcount
