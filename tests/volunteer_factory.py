"""Builds developer-clients for tests through the same services the sign-up uses."""

import re

import sqlalchemy as sa

from tests.conftest import post_form
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.outbox.models import OutboxMessage
from webapp.volunteers import services
from webapp.volunteers.models import AgeRange, Volunteer

SIGNUP = {"name": "Máret Ǩuõbbâr", "email": "maret@perhe.example", "phone": "", "age_range": "30-44",
          "contact_consent": "y", "languages": ["se", "fi"], "ways": ["surveys"], "availability": "Iltaisin"}


def sign_up(client, org_slug="kittila", lang=None, **fields):
    """POST the public sign-up form as a family would; returns the response."""
    url = f"/{org_slug}/join" + (f"?lang={lang}" if lang else "")
    return post_form(client, url, {**SIGNUP, **fields})


def add_volunteer(app, org, *, name="Aino", email="aino@perhe.example", phone=None, locale="fi",
                  languages=("fi",), confirmed=True, area_keys=()) -> int:
    """An active (or unconfirmed) developer-client made directly through the services."""
    with app.test_request_context():
        organisation = db.session.get(Organisation, org.id)
        area_ids = [a.id for a in organisation.service_areas if a.key in area_keys]
        profile = services.Profile(name=name, email=email, phone=phone, age_range=AgeRange.ADULT,
                                   languages=list(languages), service_area_ids=area_ids)
        volunteer, _outcome = services.sign_up(organisation, profile, locale=locale, quote_consent=False)
        if confirmed:
            if volunteer.email:
                services.confirm(volunteer)
            else:
                services.confirm_by_staff(volunteer, services.ConsentMethod.PHONE)
        db.session.commit()
        return volunteer.id


def last_link(app, recipient: str, kind: str) -> str:
    """The path of the newest `/join/<kind>/…` link emailed to `recipient`."""
    with app.app_context():
        bodies = db.session.scalars(sa.select(OutboxMessage.body).where(OutboxMessage.recipient == recipient)
                                    .order_by(OutboxMessage.id.desc())).all()
    for body in bodies:
        match = re.search(rf"https?://[^/\s]+(/\S*/join/{kind}/[^\s?]+)", body)
        if match:
            return match.group(1)
    raise AssertionError(f"no {kind} link emailed to {recipient}")


def volunteers(app) -> list[Volunteer]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Volunteer).order_by(Volunteer.id)).all()
        db.session.expunge_all()
        return rows
