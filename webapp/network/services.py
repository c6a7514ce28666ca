"""The network register: sectors, member units, contact people and the two groups, and the
cooperation practices. Functions flush and never commit; the request owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from webapp.audit.services import record, scrub
from webapp.backlog.models import BacklogItem
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.engine import erase_on_commit
from webapp.core.database.types import Translations
from webapp.guide.models import Service
from webapp.network.models import (
    ContactPerson,
    Group,
    GroupMembership,
    HandbookEdition,
    MemberUnit,
    NetworkLetter,
    NetworkSector,
    Organiser,
    Practice,
    PracticeRole,
)
from webapp.orgs.models import Organisation
from webapp.outbox.models import OutboxMessage
from webapp.outbox.services import delete_messages

#: A contact person whose entry nobody has confirmed for this long is erased by `flask purge`.
CONTACT_RETENTION = timedelta(days=2 * 365)
#: … and the register asks for a check after this long.
CONTACT_CHECK_AFTER = timedelta(days=365)

#: The sectors every network starts with (key, name); each organisation may rename, add or retire them.
DEFAULT_SECTORS = [
    ("social_health", {"fi": "Sosiaali- ja terveyspalvelut", "se": "Sosiála- ja dearvvašvuođabálvalusat",
                       "smn": "Sosiaal- já tiervâsvuođâhuolâttâs palvâlusah",
                       "sms": "Sosiaal- da tiõrvâsvuõđ kääzzkõõzz",
                       "sv": "Social- och hälsovårdstjänster", "en": "Social and health services"}),
    ("education", {"fi": "Varhaiskasvatus ja koulut", "se": "Árrabajásgeassin ja skuvllat",
                   "smn": "Arâšoddâdem já škoovlah", "sms": "Ouddpeâmm da škooul",
                   "sv": "Småbarnspedagogik och skolor", "en": "Early childhood education and schools"}),
    ("youth", {"fi": "Nuorisotyö", "se": "Nuoraidbargu", "smn": "Nuorâipargo", "sms": "Nuõrituâjj",
               "sv": "Ungdomsarbete", "en": "Youth work"}),
    ("specialist", {"fi": "Erityispalvelut", "se": "Erenoamášbálvalusat", "smn": "Sierânâspalvâlusah",
                    "sms": "Sierrkääzzkõõzz", "sv": "Specialtjänster", "en": "Specialist services"}),
    ("ngo", {"fi": "Järjestöt", "se": "Organisašuvnnat", "smn": "Ornijdâhah", "sms": "Organisatio",
             "sv": "Organisationer", "en": "NGOs"}),
    ("parish", {"fi": "Seurakunnat", "se": "Searvegottit", "smn": "Servikodeh", "sms": "Seäʹbrrkååʹdd",
                "sv": "Församlingar", "en": "Parishes"}),
    ("other", {"fi": "Muut", "se": "Eará", "smn": "Eres", "sms": "Jeäʹrab", "sv": "Övriga", "en": "Other"}),
]


class NetworkError(Exception):
    """A rule of the register was broken; the message is for the user."""


# --- sectors -------------------------------------------------------------------------------

def sectors_of(organisation: Organisation, *, required_only: bool = False) -> list[NetworkSector]:
    """The organisation's sectors in their order; the default ones are created on first use."""
    query = sa.select(NetworkSector).where(NetworkSector.organisation_id == organisation.id)
    sectors = list(db.session.scalars(query.order_by(NetworkSector.position, NetworkSector.id)))
    if not sectors:
        for position, (key, name) in enumerate(DEFAULT_SECTORS):
            sector = NetworkSector(organisation_id=organisation.id, key=key, name=Translations(name),
                                   position=position, is_required=key != "other")
            db.session.add(sector)
            sectors.append(sector)
        db.session.flush()
    return [sector for sector in sectors if sector.is_required or not required_only]


def save_sector(organisation: Organisation, sector: NetworkSector | None, *, name: dict,
                is_required: bool = True) -> NetworkSector:
    """Add a sector or change one (the key of a new one is made from its number)."""
    if sector is None:
        existing = sectors_of(organisation)
        sector = NetworkSector(organisation_id=organisation.id, key=f"sector-{len(existing) + 1}",
                               position=len(existing))
        db.session.add(sector)
    sector.name = Translations(name)
    sector.is_required = is_required
    db.session.flush()
    record("network.sector_save", organisation=organisation, target=sector)
    return sector


# --- member units --------------------------------------------------------------------------

def units_of(organisation: Organisation) -> list[MemberUnit]:
    """The organisation's member units (a clinic, a school, an MLL branch …), by sector then id.
    Other features (activities' organisers) may offer these as choices."""
    return list(db.session.scalars(
        sa.select(MemberUnit).join(NetworkSector, MemberUnit.sector_id == NetworkSector.id)
        .where(MemberUnit.organisation_id == organisation.id)
        .options(selectinload(MemberUnit.sector), selectinload(MemberUnit.contacts))
        .order_by(NetworkSector.position, MemberUnit.id)))


def save_unit(organisation: Organisation, unit: MemberUnit | None, *, name: dict, sector_id: int,
              organiser: Organiser | str, service_ids: list[int] | None = None) -> MemberUnit:
    """Add or change a member unit; its sector and services must be the organisation's own."""
    sector = db.session.get(NetworkSector, sector_id)
    if sector is None or sector.organisation_id != organisation.id:
        raise NetworkError("sector")
    if unit is None:
        unit = MemberUnit(organisation_id=organisation.id)
        db.session.add(unit)
    unit.name = Translations(name)
    unit.sector_id = sector.id
    unit.organiser = Organiser(organiser)
    unit.service_ids = _own_services(organisation, service_ids or [])
    db.session.flush()
    record("network.unit_save", organisation=organisation, target=unit)
    return unit


def delete_unit(unit: MemberUnit) -> None:
    """Remove a unit with its contact people (each erased as `remove_contact` does)."""
    organisation = db.session.get(Organisation, unit.organisation_id)
    for contact in list(unit.contacts):
        remove_contact(contact)
    record("network.unit_delete", organisation=organisation, target=unit)
    db.session.delete(unit)
    db.session.flush()


def _own_services(organisation: Organisation, ids: list[int]) -> list[int]:
    if not ids:
        return []
    own = set(db.session.scalars(sa.select(Service.id).where(
        Service.organisation_id == organisation.id, Service.id.in_(ids))))
    return [i for i in ids if i in own]


def services_by_id(organisation: Organisation) -> dict[int, Service]:
    return {s.id: s for s in db.session.scalars(sa.select(Service).where(Service.organisation_id == organisation.id))}


# --- contact people ------------------------------------------------------------------------

@dataclass
class ContactDetails:
    unit_id: int
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    locale: str = "fi"
    gets_letter: bool = True


def contacts_of(organisation: Organisation) -> list[ContactPerson]:
    return list(db.session.scalars(
        sa.select(ContactPerson).where(ContactPerson.organisation_id == organisation.id)
        .options(selectinload(ContactPerson.unit), selectinload(ContactPerson.memberships))
        .order_by(ContactPerson.name)))


def save_contact(organisation: Organisation, contact: ContactPerson | None, details: ContactDetails) -> ContactPerson:
    """Add or change a contact person; saving counts as checking the entry."""
    unit = db.session.get(MemberUnit, details.unit_id)
    if unit is None or unit.organisation_id != organisation.id:
        raise NetworkError("unit")
    is_new = contact is None
    if contact is None:
        contact = ContactPerson(organisation_id=organisation.id)
        db.session.add(contact)
    for name in ("unit_id", "name", "title", "email", "phone", "locale", "gets_letter"):
        setattr(contact, name, getattr(details, name))
    contact.checked_at = utcnow()
    db.session.flush()
    record("network.contact_add" if is_new else "network.contact_update", organisation=organisation, target=contact)
    return contact


def mark_checked(contact: ContactPerson) -> None:
    contact.checked_at = utcnow()
    record("network.contact_checked", organisation=db.session.get(Organisation, contact.organisation_id),
           target=contact)


def needs_check(contact: ContactPerson, now: datetime | None = None) -> bool:
    return contact.checked_at < (now or utcnow()) - CONTACT_CHECK_AFTER


def remove_contact(contact: ContactPerson, *, reason: str = "removed") -> None:
    """Erase a contact person: their row and seats, every email to them, and their name, address
    and number wherever staff wrote them (audit details, info letters, handbook editions)."""
    organisation_id = contact.organisation_id
    words = [w for w in (contact.name, contact.email, contact.phone) if w]
    if contact.email:
        delete_messages(OutboxMessage.recipient == contact.email)
    scrub(organisation_id, words)
    _scrub_documents(organisation_id, words)
    record("network.contact_remove", organisation=db.session.get(Organisation, organisation_id), target=contact,
           reason=reason)
    db.session.delete(contact)
    db.session.flush()
    erase_on_commit()


def _scrub_documents(organisation_id: int, words: list[str]) -> None:
    for model, fields in ((NetworkLetter, ("subject", "body")), (HandbookEdition, ("foreword", "content")),
                          (Practice, ("contact",))):
        for row in db.session.scalars(sa.select(model).where(model.organisation_id == organisation_id)):
            for name in fields:
                value = getattr(row, name)
                cleaned = _without(value, words)
                if cleaned != value:
                    setattr(row, name, cleaned)


def _without(value, words: list[str]):
    if isinstance(value, str):
        for word in sorted(words, key=len, reverse=True):
            if len(word) >= 3:
                value = value.replace(word, "[…]")
        return value
    if isinstance(value, list):
        return [_without(item, words) for item in value]
    if isinstance(value, dict):
        return type(value)({key: _without(item, words) for key, item in value.items()})
    return value


def purge_unchecked_contacts(now: datetime) -> int:
    """Retention: contact people nobody has confirmed for two years are erased."""
    old = list(db.session.scalars(sa.select(ContactPerson).where(ContactPerson.checked_at < now - CONTACT_RETENTION)))
    for contact in old:
        remove_contact(contact, reason="retention")
    return len(old)


# --- groups --------------------------------------------------------------------------------

def members_of(organisation: Organisation, group: Group) -> list[GroupMembership]:
    return list(db.session.scalars(
        sa.select(GroupMembership).join(ContactPerson)
        .where(GroupMembership.organisation_id == organisation.id, GroupMembership.group == group)
        .options(selectinload(GroupMembership.contact).selectinload(ContactPerson.unit)
                 .selectinload(MemberUnit.sector))
        .order_by(ContactPerson.name)))


def set_membership(contact: ContactPerson, group: Group, is_member: bool) -> None:
    """Put a contact person into a group or take them out (idempotent)."""
    current = next((m for m in contact.memberships if m.group is group), None)
    organisation = db.session.get(Organisation, contact.organisation_id)
    if is_member and current is None:
        contact.memberships.append(GroupMembership(organisation_id=contact.organisation_id, group=group))
        record("network.group_join", organisation=organisation, target=contact, group=group.value)
    elif not is_member and current is not None:
        contact.memberships.remove(current)
        record("network.group_leave", organisation=organisation, target=contact, group=group.value)
    db.session.flush()


@dataclass
class Coverage:
    """The core group against the rule "a representative of every sector"."""

    sector: NetworkSector
    members: list[ContactPerson]

    @property
    def is_represented(self) -> bool:
        return bool(self.members)


def core_group_coverage(organisation: Organisation) -> list[Coverage]:
    members = members_of(organisation, Group.CORE)
    return [Coverage(sector, [m.contact for m in members if m.contact.unit.sector_id == sector.id])
            for sector in sectors_of(organisation, required_only=True)]


# --- cooperation practices -----------------------------------------------------------------

def practices_of(organisation: Organisation, *, public_only: bool = False) -> list[Practice]:
    query = (sa.select(Practice).where(Practice.organisation_id == organisation.id)
             .options(selectinload(Practice.roles).selectinload(PracticeRole.unit)).order_by(Practice.id))
    if public_only:
        query = query.where(Practice.is_public.is_(True))
    return list(db.session.scalars(query))


PRACTICE_TEXTS = ("name", "purpose", "target_group", "schedule", "access", "contact")


def save_practice(organisation: Organisation, practice: Practice | None, *, roles: dict[int, dict],
                  service_ids: list[int], backlog_item_ids: list[int], **fields) -> Practice:
    """Add or change a practice. `roles` maps each taking-part unit's id to what it does there."""
    if practice is None:
        practice = Practice(organisation_id=organisation.id)
        db.session.add(practice)
    for name in PRACTICE_TEXTS:
        if name in fields:
            setattr(practice, name, Translations(fields[name]) if fields[name] else None)
    practice.status = fields.get("status", practice.status)
    practice.is_public = bool(fields.get("is_public", practice.is_public))
    practice.service_ids = _own_services(organisation, service_ids)
    practice.backlog_item_ids = _own_items(organisation, backlog_item_ids)
    units = {u.id for u in units_of(organisation)}
    kept = {role.unit_id: role for role in practice.roles}
    practice.roles = [kept.get(unit_id) or PracticeRole(unit_id=unit_id)
                      for unit_id in roles if unit_id in units]
    for role in practice.roles:
        role.does = Translations(roles[role.unit_id]) or None
    db.session.flush()
    record("network.practice_save", organisation=organisation, target=practice)
    return practice


def _own_items(organisation: Organisation, ids: list[int]) -> list[int]:
    if not ids:
        return []
    own = set(db.session.scalars(sa.select(BacklogItem.id).where(
        BacklogItem.organisation_id == organisation.id, BacklogItem.id.in_(ids))))
    return [i for i in ids if i in own]


def delete_practice(practice: Practice) -> None:
    record("network.practice_delete", organisation=db.session.get(Organisation, practice.organisation_id),
           target=practice)
    db.session.delete(practice)
    db.session.flush()
