"""Demo developer-clients and groups: a few made-up people per organisation (never real data)."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.volunteers.models import (
    AgeRange,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Volunteer,
    VolunteerGroup,
    VolunteerStatus,
)

#: name, email, phone, age, children, ways, languages, interests (service-area keys), groups
PEOPLE = [
    ("Aino K.", "aino@perhe.example", None, AgeRange.ADULT, ["0-2", "3-6"], ["surveys", "workshops"],
     ["fi"], ["neuvola", "varhaiskasvatus"], ["Vauvaperheet"]),
    ("Máret", "maret@perhe.example", "+358401234567", AgeRange.ADULT, ["expecting", "3-6"], ["surveys", "interviews"],
     ["se", "fi"], ["neuvola"], ["Vauvaperheet"]),
    ("Jouni", None, "+358501112233", AgeRange.MIDDLE_AGED, ["7-12"], ["workshops"], ["fi"], ["koulu"], []),
    ("Niina", "niina@perhe.example", None, AgeRange.YOUNG_ADULT, ["0-2"], ["surveys", "trying"], ["fi", "sv"],
     ["neuvola", "perheneuvola"], ["Vauvaperheet"]),
    ("Eeli", "eeli@nuoret.example", None, AgeRange.TEEN, [], ["surveys", "workshops"], ["fi", "en"],
     ["nuorisotyo", "koulu"], ["Nuorten raati"]),
    ("Sámmol", "sammol@nuoret.example", None, AgeRange.TEEN, [], ["workshops"], ["se", "fi"], ["nuorisotyo"],
     ["Nuorten raati"]),
]


def load_demo_volunteers(organisation: Organisation) -> None:
    """Add the demo people once; emails use `.example` domains, so nothing can reach anyone."""
    if db.session.scalar(sa.select(Volunteer.id).where(Volunteer.organisation_id == organisation.id).limit(1)):
        return
    areas = {area.key: area for area in organisation.service_areas}
    groups: dict[str, VolunteerGroup] = {}
    for name, email, phone, age, children, ways, languages, interests, group_names in PEOPLE:
        volunteer = Volunteer(
            organisation_id=organisation.id, name=name, email=email, phone=phone, age_range=age, children=children,
            ways=ways, languages=languages, locale=languages[0], status=VolunteerStatus.ACTIVE,
            confirmed_at=utcnow(), link_key=secrets.token_hex(16),
            interests=[areas[key] for key in interests if key in areas])
        volunteer.consents.append(Consent(purpose=ConsentPurpose.CONTACT, method=ConsentMethod.WEB,
                                          notice_version=organisation.privacy_notice_version))
        for group_name in group_names:
            if group_name not in groups:
                groups[group_name] = VolunteerGroup(organisation_id=organisation.id, name=group_name)
            volunteer.groups.append(groups[group_name])
        db.session.add(volunteer)
    db.session.flush()
