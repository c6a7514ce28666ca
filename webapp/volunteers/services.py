"""A developer-client's own life cycle: sign-up, confirmation, self-service, withdrawal, retention.

Every function flushes and leaves the commit to the caller (the request or the command).
"""

from __future__ import annotations

import enum
import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from itsdangerous import BadSignature, SignatureExpired

from webapp.audit.services import record, scrub
from webapp.core.clock import today, utcnow
from webapp.core.database import db
from webapp.core.database.engine import dialect_insert, erase_on_commit
from webapp.core.http.urls import external_url
from webapp.core.i18n import LOCALES
from webapp.core.tokens import signer
from webapp.orgs.models import Organisation, ServiceArea
from webapp.orgs.services import service_areas
from webapp.outbox.models import OutboxMessage
from webapp.outbox.services import delete_messages, enqueue_email
from webapp.volunteers.models import (
    METHOD_LABELS,
    AgeRange,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    SignupTally,
    Volunteer,
    VolunteerStatus,
)

#: An email sign-up not confirmed within this time is erased.
CONFIRM_WITHIN = timedelta(days=7)
#: A phone-only sign-up that no coordinator has confirmed within this time is erased.
CALL_WITHIN = timedelta(days=30)
#: A self-service link works this long.
MANAGE_LINK_AGE = timedelta(hours=48)
#: At most this many emails go to one address in MAIL_WINDOW, whatever is asked.
MAIL_LIMIT = 3
MAIL_WINDOW = timedelta(hours=1)
#: The reminder goes this long before an inactive person is erased.
REMINDER_BEFORE = timedelta(days=30)


class InvalidPhone(ValueError):
    pass


def normalise_phone(text: str) -> str:
    """One stored form for a phone number: `040 123 4567`, `+358 40 123 4567` and `00358401234567`
    all become `+358401234567`; other countries keep their `+` code."""
    compact = re.sub(r"[\s().-]", "", text or "")
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+358") and compact[4:5] == "0":  # +358 (0)40 …
        compact = "+358" + compact[5:]
    elif compact.startswith("0"):
        compact = "+358" + compact[1:]
    if not re.fullmatch(r"\+[1-9]\d{6,14}", compact):
        raise InvalidPhone(text)
    if compact.startswith("+358") and not 9 <= len(compact) <= 14:
        raise InvalidPhone(text)
    return compact


# --- links ---------------------------------------------------------------------------------

class LinkPurpose(enum.Enum):
    CONFIRM = "confirm"
    MANAGE = "manage"
    EMAIL = "email"  # a new email address, confirmed from that address


def _link_signer(purpose: LinkPurpose):
    """Links in developer-clients' emails are signed per purpose: a confirmation link does not
    open the self-service page."""
    return signer(f"volunteer-{purpose.value}")


def link_token(volunteer: Volunteer, purpose: LinkPurpose) -> str:
    return _link_signer(purpose).dumps([volunteer.id, volunteer.link_key])


class LinkProblem(enum.Enum):
    EXPIRED = "expired"
    INVALID = "invalid"


def volunteer_from_token(organisation: Organisation, token: str, purpose: LinkPurpose) -> Volunteer | LinkProblem:
    """The person a link was sent to; a problem when it is tampered, expired or voided."""
    found = _from_token(organisation, token, purpose)
    return found if isinstance(found, LinkProblem) else found[0]


def email_change_from_token(organisation: Organisation, token: str) -> tuple[Volunteer, str] | LinkProblem:
    """The person and the new address an email-change link was sent to."""
    found = _from_token(organisation, token, LinkPurpose.EMAIL)
    if isinstance(found, LinkProblem):
        return found
    volunteer, rest = found
    if len(rest) != 1 or not isinstance(rest[0], str):
        return LinkProblem.INVALID
    return volunteer, rest[0]


def _from_token(organisation: Organisation, token: str, purpose: LinkPurpose) -> tuple[Volunteer, list] | LinkProblem:
    max_age = CONFIRM_WITHIN if purpose is LinkPurpose.CONFIRM else MANAGE_LINK_AGE
    if not token or len(token) > 1000:  # an email-change link carries an address of up to 254 characters
        return LinkProblem.INVALID
    try:
        volunteer_id, key, *rest = _link_signer(purpose).loads(token, max_age=int(max_age.total_seconds()))
    except SignatureExpired:
        return LinkProblem.EXPIRED
    except (BadSignature, ValueError, TypeError):
        return LinkProblem.INVALID
    volunteer = db.session.get(Volunteer, volunteer_id) if isinstance(volunteer_id, int) else None
    if (volunteer is None or volunteer.organisation_id != organisation.id or not isinstance(key, str)
            or not secrets.compare_digest(volunteer.link_key, key)):
        return LinkProblem.INVALID
    return volunteer, rest


def _send(volunteer: Volunteer, organisation: Organisation, template: str, *, to: str | None = None,
          **context) -> bool:
    """Email the person (at `to`, a new address, when given) in their language, unless the address
    has had its share this hour."""
    recipient = to or volunteer.email
    if not recipient:
        return False
    recent = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.recipient == recipient, OutboxMessage.created_at > utcnow() - MAIL_WINDOW))
    if recent >= MAIL_LIMIT:
        return False
    enqueue_email(recipient, template, volunteer.locale, organisation=organisation, volunteer=volunteer, **context)
    return True


def _link(volunteer: Volunteer, organisation: Organisation, purpose: LinkPurpose) -> str:
    """The person's confirmation or self-service address, opening in their language."""
    return external_url(f"volunteers.{purpose.value}", org=organisation.slug, token=link_token(volunteer, purpose),
                        lang=volunteer.locale)


def send_manage_link(volunteer: Volunteer, organisation: Organisation) -> bool:
    return _send(volunteer, organisation, "volunteer_manage", link=_link(volunteer, organisation, LinkPurpose.MANAGE),
                 hours=int(MANAGE_LINK_AGE.total_seconds() // 3600))


def _send_confirmation(volunteer: Volunteer, organisation: Organisation) -> bool:
    return _send(volunteer, organisation, "volunteer_confirm", link=_link(volunteer, organisation, LinkPurpose.CONFIRM),
                 days=CONFIRM_WITHIN.days)


# --- sign-up -------------------------------------------------------------------------------

@dataclass
class Profile:
    """What a developer-client tells about themselves, already validated by the form."""

    name: str
    email: str | None
    phone: str | None
    age_range: AgeRange
    children: list[str] = field(default_factory=list)
    ways: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    availability: str = ""
    service_area_ids: list[int] = field(default_factory=list)


def _areas(organisation: Organisation, ids: list[int]) -> list[ServiceArea]:
    if not ids:
        return []
    return service_areas(organisation, ids=ids)


def _apply(volunteer: Volunteer, organisation: Organisation, profile: Profile) -> None:
    volunteer.name = profile.name
    volunteer.email = profile.email or None
    volunteer.phone = profile.phone or None
    volunteer.age_range = profile.age_range
    volunteer.children = list(profile.children)
    volunteer.ways = list(profile.ways)
    volunteer.languages = [code for code in LOCALES if code in profile.languages]
    volunteer.availability = profile.availability
    volunteer.interests = _areas(organisation, profile.service_area_ids)


def count(organisation_id: int, event: str, day: date | None = None) -> None:
    """Add one to an anonymous tally (it outlives the people counted)."""
    day = day or today()
    db.session.execute(dialect_insert(SignupTally).values(organisation_id=organisation_id, day=day, event=event,
                                                          count=0).on_conflict_do_nothing())
    db.session.execute(sa.update(SignupTally).where(
        SignupTally.organisation_id == organisation_id, SignupTally.day == day, SignupTally.event == event)
        .values(count=SignupTally.count + 1))


def find_by_email(organisation: Organisation, email: str | None) -> Volunteer | None:
    """The registration an email address belongs to: the email is the identity when there is one."""
    if not email:
        return None
    return db.session.scalars(sa.select(Volunteer).where(Volunteer.organisation_id == organisation.id,
                                                         Volunteer.email == email).limit(1)).first()


def _same_person(name: str, other: str) -> bool:
    return " ".join(name.casefold().split()) == " ".join(other.casefold().split())


def find_by_phone_and_name(organisation: Organisation, phone: str | None, name: str) -> Volunteer | None:
    """A registration with this phone number under the same name. A phone is not an identity on
    its own: a family shares one, and a teenager may give a parent's number."""
    if not phone:
        return None
    people = db.session.scalars(sa.select(Volunteer).where(Volunteer.organisation_id == organisation.id,
                                                           Volunteer.phone == phone))
    return next((person for person in people if _same_person(person.name, name)), None)


def find_by_contact(organisation: Organisation, email: str | None, phone: str | None,
                    name: str = "") -> Volunteer | None:
    """The registration a sign-up repeats: the one with its email address or, for a sign-up with
    no email, the one with the same phone number and name."""
    if email:
        return find_by_email(organisation, email)
    return find_by_phone_and_name(organisation, phone, name)


class SignUpOutcome(enum.Enum):
    """What a sign-up led to, so that the page tells the person the truth."""

    EMAIL_SENT = "email"  # a confirmation (or, to a known address, its page link) is on its way
    EMAIL_HELD = "held"  # the address has had its share of emails this hour: none was sent now
    AWAITING_CALL = "phone"  # a phone-only sign-up: the coordinator calls
    ALREADY_BY_PHONE = "known"  # this name and number are registered already: nothing new stored


def sign_up(organisation: Organisation, profile: Profile, *, locale: str,
            quote_consent: bool) -> tuple[Volunteer | None, SignUpOutcome]:
    """Register a sign-up, or, when the email address is already known, email its owner and store
    nothing new. Two people may give the same phone number. Returns the new volunteer (None when
    one existed) and what happened."""
    existing = find_by_contact(organisation, profile.email, profile.phone, profile.name)
    if existing is not None:
        sent = False
        if not profile.email:
            return None, SignUpOutcome.ALREADY_BY_PHONE
        if existing.status is VolunteerStatus.UNCONFIRMED:
            sent = _send_confirmation(existing, organisation)
        else:
            sent = send_manage_link(existing, organisation)  # "you are already with us: here is your page"
        return None, SignUpOutcome.EMAIL_SENT if sent else SignUpOutcome.EMAIL_HELD
    volunteer = _new_volunteer(organisation, profile, locale=locale, quote_consent=quote_consent,
                               method=ConsentMethod.WEB,
                               status=VolunteerStatus.UNCONFIRMED if profile.email else VolunteerStatus.AWAITING_CALL)
    if not volunteer.email:
        return volunteer, SignUpOutcome.AWAITING_CALL
    sent = _send_confirmation(volunteer, organisation)
    return volunteer, SignUpOutcome.EMAIL_SENT if sent else SignUpOutcome.EMAIL_HELD


def add_by_staff(organisation: Organisation, profile: Profile, *, locale: str, quote_consent: bool,
                 method: ConsentMethod) -> Volunteer:
    """A coordinator types in a sign-up given on paper, in person or by phone: confirmed at once,
    with how the consent was given. A known address or number raises `ProfileTaken`. A person with
    an email address gets their self-service link at once: they can see what was typed in, and a
    misread address reaches no one's invitations unnoticed."""
    if find_by_contact(organisation, profile.email, profile.phone, profile.name) is not None:
        raise ProfileTaken()
    volunteer = _new_volunteer(organisation, profile, locale=locale, quote_consent=quote_consent, method=method,
                               status=VolunteerStatus.ACTIVE)
    volunteer.confirmed_at = utcnow()
    count(organisation.id, "confirmed")
    record("volunteer.add", organisation=organisation, target=volunteer, method=method.value)
    if volunteer.email:
        _send(volunteer, organisation, "volunteer_added", link=_link(volunteer, organisation, LinkPurpose.MANAGE),
              hours=int(MANAGE_LINK_AGE.total_seconds() // 3600), method=METHOD_LABELS[method])
    return volunteer


def _new_volunteer(organisation: Organisation, profile: Profile, *, locale: str, quote_consent: bool,
                   method: ConsentMethod, status: VolunteerStatus) -> Volunteer:
    volunteer = Volunteer(organisation_id=organisation.id, locale=locale if locale in LOCALES else "fi",
                          link_key=secrets.token_hex(16), status=status)
    _apply(volunteer, organisation, profile)
    db.session.add(volunteer)
    version = organisation.privacy_notice_version
    volunteer.consents.append(Consent(purpose=ConsentPurpose.CONTACT, notice_version=version, method=method))
    if quote_consent:
        volunteer.consents.append(Consent(purpose=ConsentPurpose.QUOTE, notice_version=version, method=method))
    db.session.flush()
    count(organisation.id, "signed_up")
    return volunteer


def confirm(volunteer: Volunteer) -> bool:
    """The person opened their confirmation link; False when it was confirmed already."""
    if volunteer.status is not VolunteerStatus.UNCONFIRMED:
        return False
    volunteer.status = VolunteerStatus.ACTIVE
    volunteer.confirmed_at = volunteer.last_active_at = utcnow()
    db.session.flush()
    count(volunteer.organisation_id, "confirmed")
    return True


def confirm_by_staff(volunteer: Volunteer, method: ConsentMethod) -> None:
    """A coordinator called a phone-only sign-up and records how the consent was given."""
    if volunteer.status not in (VolunteerStatus.AWAITING_CALL, VolunteerStatus.UNCONFIRMED):
        return
    for consent in volunteer.consents:
        if consent.withdrawn_at is None:
            consent.method = method
            consent.given_at = utcnow()
    volunteer.status = VolunteerStatus.ACTIVE
    volunteer.confirmed_at = utcnow()
    db.session.flush()
    count(volunteer.organisation_id, "confirmed")
    record("volunteer.confirm", organisation=db.session.get(Organisation, volunteer.organisation_id),
           target=volunteer, method=method.value)


def request_manage_link(organisation: Organisation, email: str, locale: str = "fi") -> None:
    """Email the self-service link if the address is known, and otherwise a note that there is no
    registration with it (capped like every email to one address): the same work and the same
    answer either way, so a stranger cannot tell whether someone is registered (L3)."""
    volunteer = find_by_email(organisation, email)
    if volunteer is None:
        recipient = email.strip().lower()
        recent = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
            OutboxMessage.recipient == recipient, OutboxMessage.created_at > utcnow() - MAIL_WINDOW))
        if recent < MAIL_LIMIT:
            enqueue_email(recipient, "volunteer_no_registration", locale if locale in LOCALES else "fi",
                          organisation=organisation, email=recipient,
                          link=external_url("volunteers.join", org=organisation.slug))
        return
    if volunteer.status is VolunteerStatus.UNCONFIRMED:
        _send_confirmation(volunteer, organisation)
    else:
        send_manage_link(volunteer, organisation)


def touch(volunteer: Volunteer) -> None:
    """The person did something themselves: the retention clock starts again."""
    volunteer.last_active_at = utcnow()
    volunteer.reminder_sent_at = None


class ProfileTaken(ValueError):
    """The email address (or, without one, the phone number and name) belongs to another registration."""


def update_profile(volunteer: Volunteer, profile: Profile, *, by_staff: bool = False) -> None:
    organisation = db.session.get(Organisation, volunteer.organisation_id)
    other = find_by_email(organisation, profile.email)  # a phone number may be shared
    if other is not None and other.id != volunteer.id:
        raise ProfileTaken()
    before = _snapshot(volunteer)
    _apply(volunteer, organisation, profile)
    changed = sorted(key for key, value in _snapshot(volunteer).items() if before[key] != value)
    if not by_staff:
        touch(volunteer)
    db.session.flush()
    if by_staff and changed:
        record("volunteer.update", organisation=organisation, target=volunteer, fields=changed)


def update_own_profile(volunteer: Volunteer, profile: Profile) -> str | None:
    """The person's own edit on their page. A new email address takes effect only when it is
    confirmed from that address (a typo must not send their invitations to a stranger): returns
    the address waiting for that, or None."""
    organisation = db.session.get(Organisation, volunteer.organisation_id)
    new_email = profile.email if profile.email and profile.email != volunteer.email else None
    if new_email:
        other = find_by_email(organisation, new_email)
        if other is not None and other.id != volunteer.id:
            raise ProfileTaken()
        profile = replace(profile, email=volunteer.email)
        if not profile.email and not profile.phone:
            raise NoContactLeft()
    update_profile(volunteer, profile)
    if new_email:
        _send_email_change(volunteer, organisation, new_email)
    return new_email


class NoContactLeft(ValueError):
    """A phone-only person would be left with no way to reach them until the email is confirmed."""


def _send_email_change(volunteer: Volunteer, organisation: Organisation, new_email: str) -> bool:
    token = _link_signer(LinkPurpose.EMAIL).dumps([volunteer.id, volunteer.link_key, new_email])
    link = external_url("volunteers.change_email", org=organisation.slug, token=token, lang=volunteer.locale)
    return _send(volunteer, organisation, "volunteer_email_change", to=new_email, link=link,
                 hours=int(MANAGE_LINK_AGE.total_seconds() // 3600))


def change_email(volunteer: Volunteer, new_email: str) -> None:
    """The new address was confirmed from itself: it replaces the old one."""
    organisation = db.session.get(Organisation, volunteer.organisation_id)
    other = find_by_email(organisation, new_email)
    if other is not None and other.id != volunteer.id:
        raise ProfileTaken()
    volunteer.email = new_email
    volunteer.link_key = secrets.token_hex(16)  # links sent to the old address stop working
    touch(volunteer)
    db.session.flush()


def _snapshot(volunteer: Volunteer) -> dict:
    return {"name": volunteer.name, "email": volunteer.email, "phone": volunteer.phone,
            "age_range": volunteer.age_range, "children": list(volunteer.children or []),
            "ways": list(volunteer.ways or []), "languages": list(volunteer.languages or []),
            "availability": volunteer.availability, "interests": sorted(a.id for a in volunteer.interests)}


def set_quote_consent(volunteer: Volunteer, given: bool) -> None:
    organisation = db.session.get(Organisation, volunteer.organisation_id)
    current = volunteer.consent(ConsentPurpose.QUOTE)
    if given and current is None:
        volunteer.consents.append(Consent(purpose=ConsentPurpose.QUOTE, method=ConsentMethod.WEB,
                                          notice_version=organisation.privacy_notice_version))
    elif not given and current is not None:
        current.withdrawn_at = utcnow()
    touch(volunteer)
    db.session.flush()


def set_paused(volunteer: Volunteer, paused: bool) -> None:
    if paused and volunteer.status is VolunteerStatus.ACTIVE:
        volunteer.status = VolunteerStatus.PAUSED
    elif not paused and volunteer.status is VolunteerStatus.PAUSED:
        volunteer.status = VolunteerStatus.ACTIVE
    touch(volunteer)
    db.session.flush()


def own_data(volunteer: Volunteer) -> dict:
    """Everything stored about the person, for their download (GDPR Art. 15 and 20)."""
    return {
        "name": volunteer.name, "email": volunteer.email, "phone": volunteer.phone,
        "age_range": volunteer.age_range.value, "children_age_groups": volunteer.children,
        "ways_to_take_part": volunteer.ways, "languages": volunteer.languages,
        "availability": volunteer.availability, "language_of_emails": volunteer.locale,
        "services_of_interest": [area.key for area in volunteer.interests],
        "status": volunteer.status.value,
        "signed_up_at": volunteer.created_at.isoformat(),
        "confirmed_at": volunteer.confirmed_at.isoformat() if volunteer.confirmed_at else None,
        "last_active_at": volunteer.last_active_at.isoformat(),
        "consents": [{"purpose": c.purpose.value, "privacy_notice_version": c.notice_version,
                      "given_at": c.given_at.isoformat(), "method": c.method.value,
                      "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None}
                     for c in volunteer.consents],
        "groups": [group.name for group in volunteer.groups],
        "invitations": [{"kind": i.kind.value, "sent_at": i.created_at.isoformat(),
                         "survey": i.survey.slug if i.survey else None,
                         "answered_on": (i.survey_invitation.used_on.isoformat()
                                         if i.survey_invitation and i.survey_invitation.used_on else None),
                         "workshop_on": i.workshop.held_on.isoformat() if i.workshop else None}
                        for i in volunteer.invitations],
        "coordinator_notes": volunteer.staff_notes,
    }


def erase(volunteer: Volunteer, event: str) -> None:
    """Delete the person and everything that names them, including emails waiting or sent to
    them (at any address they had or were confirming); only an anonymous count (`event`) is kept."""
    organisation_id = volunteer.organisation_id
    to_them = OutboxMessage.volunteer_id == volunteer.id
    if volunteer.email:
        to_them = sa.or_(to_them, OutboxMessage.recipient == volunteer.email)
    delete_messages(to_them)
    # What staff typed about them elsewhere (a reason for exporting the contact list, say).
    scrub(organisation_id, [volunteer.name, volunteer.email or "", volunteer.phone or ""])
    db.session.delete(volunteer)
    db.session.flush()
    count(organisation_id, event)
    erase_on_commit()  # and nothing of them left in SQLite's write-ahead log


def withdraw(volunteer: Volunteer) -> None:
    """The person withdraws their consent: their data are erased at once."""
    erase(volunteer, "withdrawn")


# --- retention -----------------------------------------------------------------------------

def purge_unconfirmed(now: datetime) -> int:
    expired = list(db.session.scalars(sa.select(Volunteer).where(sa.or_(
        sa.and_(Volunteer.status == VolunteerStatus.UNCONFIRMED, Volunteer.created_at < now - CONFIRM_WITHIN),
        sa.and_(Volunteer.status == VolunteerStatus.AWAITING_CALL, Volunteer.created_at < now - CALL_WITHIN)))))
    for volunteer in expired:
        erase(volunteer, "erased_unconfirmed")
    return len(expired)


def _retention(organisation: Organisation) -> timedelta:
    return timedelta(days=30 * organisation.volunteer_retention_months)


def remind_inactive(now: datetime) -> int:
    """Tell people who have been inactive almost long enough to be erased how to stay."""
    sent = 0
    for organisation in db.session.scalars(sa.select(Organisation)):
        due = now - _retention(organisation) + REMINDER_BEFORE
        people = db.session.scalars(sa.select(Volunteer).where(
            Volunteer.organisation_id == organisation.id, Volunteer.reminder_sent_at.is_(None),
            Volunteer.status.in_([VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED]), Volunteer.last_active_at < due))
        for volunteer in people:
            volunteer.reminder_sent_at = now
            if volunteer.email:
                # Not through _send: this one email must go whatever else the address got this hour.
                enqueue_email(volunteer.email, "volunteer_reminder", volunteer.locale, organisation=organisation,
                              volunteer=volunteer, link=_link(volunteer, organisation, LinkPurpose.MANAGE),
                              days=REMINDER_BEFORE.days)
            sent += 1
    db.session.flush()
    return sent


def purge_inactive(now: datetime) -> int:
    """Erase people inactive for the organisation's retention time whose reminder is 30 days old."""
    erased = 0
    for organisation in db.session.scalars(sa.select(Organisation)):
        people = list(db.session.scalars(sa.select(Volunteer).where(
            Volunteer.organisation_id == organisation.id, Volunteer.last_active_at < now - _retention(organisation),
            Volunteer.reminder_sent_at <= now - REMINDER_BEFORE)))
        for volunteer in people:
            erase(volunteer, "erased_inactive")
        erased += len(people)
    return erased


