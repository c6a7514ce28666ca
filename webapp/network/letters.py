"""The network's monthly info letter (tiedote): composed from what happened since the last one,
edited by the coordinator, sent through the outbox to every contact person in their language,
and turned off with one link."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature

from webapp.audit.services import record
from webapp.backlog.models import AgendaItem, Workshop
from webapp.core.clock import today, utcnow
from webapp.core.database import db
from webapp.core.database.types import Translations
from webapp.core.http.urls import external_url
from webapp.core.i18n import FORMAT_LOCALES, localize, ordered_locales
from webapp.core.personal_data import mask
from webapp.core.tokens import signer
from webapp.guide.models import Service, ServiceChange, ServiceStatus
from webapp.network.models import ContactPerson, LetterStatus, NetworkLetter
from webapp.orgs.models import Organisation
from webapp.outbox.services import enqueue_email

#: What a letter looks back on when there was no letter before.
FIRST_PERIOD = timedelta(days=31)
UNSUBSCRIBE = "network-letter-unsubscribe"


class LetterError(Exception):
    """A rule of the letters was broken; the message is for the user."""


def letters_of(organisation: Organisation) -> list[NetworkLetter]:
    return list(db.session.scalars(sa.select(NetworkLetter).where(
        NetworkLetter.organisation_id == organisation.id).order_by(NetworkLetter.id.desc())))


def _since(organisation: Organisation) -> datetime:
    last = db.session.scalar(sa.select(sa.func.max(NetworkLetter.sent_at)).where(
        NetworkLetter.organisation_id == organisation.id, NetworkLetter.status == LetterStatus.SENT))
    return last or utcnow() - FIRST_PERIOD


def news(organisation: Organisation, since: datetime) -> dict:
    """What happened since `since`: decisions, coming workshops, new and changed services."""
    decisions = db.session.execute(
        sa.select(Workshop.held_on, Workshop.title, AgendaItem.decision)
        .join(AgendaItem, AgendaItem.workshop_id == Workshop.id)
        .where(Workshop.organisation_id == organisation.id, AgendaItem.decision != "",
               Workshop.held_on >= since.date(), Workshop.held_on <= today())
        .order_by(Workshop.held_on, AgendaItem.position)).all()
    workshops = db.session.execute(
        sa.select(Workshop.held_on, Workshop.title, Workshop.place)
        .where(Workshop.organisation_id == organisation.id, Workshop.held_on > today())
        .order_by(Workshop.held_on).limit(10)).all()
    changed = db.session.execute(
        sa.select(Service, sa.func.min(ServiceChange.created_at))
        .join(ServiceChange, ServiceChange.service_id == Service.id)
        .where(Service.organisation_id == organisation.id, Service.status == ServiceStatus.PUBLISHED,
               ServiceChange.created_at >= since)
        .group_by(Service.id).order_by(Service.id)).all()
    return {
        "decisions": [(held_on, mask(title), mask(decision)) for held_on, title, decision in decisions],
        "workshops": [(held_on, mask(title), place) for held_on, title, place in workshops],
        "services": [(service, service.created_at >= since) for service, _first in changed],
    }


def compose(organisation: Organisation) -> NetworkLetter:
    """A draft letter in each of the organisation's languages, for the coordinator to edit."""
    happened = news(organisation, _since(organisation))
    subject, body = {}, {}
    for locale in ordered_locales(organisation.content_locales) or ["fi"]:
        with force_locale(FORMAT_LOCALES[locale]):
            subject[locale] = _("News from the family-centre network of %(org)s",
                                org=localize(organisation.name, locale))
            body[locale] = render_template("network/letter_draft.txt", organisation=organisation,
                                           locale=locale, **happened).strip()
    letter = NetworkLetter(organisation_id=organisation.id, subject=Translations(subject), body=Translations(body))
    db.session.add(letter)
    db.session.flush()
    record("network.letter_compose", organisation=organisation, target=letter)
    return letter


def update(letter: NetworkLetter, *, subject: dict, body: dict) -> None:
    if letter.status is not LetterStatus.DRAFT:
        raise LetterError(_("A sent letter cannot be changed."))
    letter.subject = Translations(subject)
    letter.body = Translations(body)
    db.session.flush()


def recipients(organisation: Organisation) -> list[ContactPerson]:
    """Contact people who get the letter: with an email address, not unsubscribed."""
    return list(db.session.scalars(sa.select(ContactPerson).where(
        ContactPerson.organisation_id == organisation.id, ContactPerson.gets_letter.is_(True),
        ContactPerson.email != "").order_by(ContactPerson.id)))


def send(letter: NetworkLetter) -> int:
    """Queue the letter to every recipient in their language (through the fallback chain)."""
    if letter.status is not LetterStatus.DRAFT:
        raise LetterError(_("This letter has been sent already."))
    organisation = db.session.get(Organisation, letter.organisation_id)
    people = recipients(organisation)
    if not people:
        raise LetterError(_("No contact person gets the letter: add email addresses first."))
    for contact in people:
        enqueue_email(contact.email, "network_letter", contact.locale, organisation=organisation,
                      subject=localize(letter.subject, contact.locale), body=localize(letter.body, contact.locale),
                      unsubscribe=unsubscribe_link(contact))
    letter.status = LetterStatus.SENT
    letter.sent_at = utcnow()
    letter.recipient_count = len(people)
    db.session.flush()
    record("network.letter_send", organisation=organisation, target=letter, recipients=len(people))
    return len(people)


def _address_tag(contact: ContactPerson) -> str:
    # Ties the link to the address it was sent to: a row id reused after an erasure opens nothing.
    return hashlib.sha256(contact.email.encode()).hexdigest()[:16]


def unsubscribe_token(contact: ContactPerson) -> str:
    return signer(UNSUBSCRIBE).dumps({"c": contact.id, "o": contact.organisation_id, "a": _address_tag(contact)})


def unsubscribe_link(contact: ContactPerson) -> str:
    organisation = db.session.get(Organisation, contact.organisation_id)
    return external_url("network.unsubscribe", org=organisation.slug, token=unsubscribe_token(contact),
                        lang=contact.locale)


def contact_from_token(organisation: Organisation, token: str) -> ContactPerson | None:
    """The contact person a letter's link names, or None (a bad link, or a person since removed)."""
    try:
        data = signer(UNSUBSCRIBE).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("o") != organisation.id or not isinstance(data.get("c"), int):
        return None
    contact = db.session.get(ContactPerson, data["c"])
    if contact is None or contact.organisation_id != organisation.id or data.get("a") != _address_tag(contact):
        return None
    return contact


def unsubscribe(contact: ContactPerson) -> None:
    contact.gets_letter = False
    db.session.flush()
    record("network.letter_unsubscribe", organisation=db.session.get(Organisation, contact.organisation_id),
           target=contact)
