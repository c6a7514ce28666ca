"""Builds a small family-centre network for tests through the network's services."""

from types import SimpleNamespace

from webapp.core.database import db
from webapp.network import services
from webapp.network.models import Group, Organiser, PracticeStatus
from webapp.orgs.models import Organisation


def make_network(app, org, *, contacts=(("Aila Esimerkki", "aila@kittila.example", "fi", [Group.CORE]),
                                         ("Ristenne Ovdamearka", "ristenne@kittila.example", "se", []))):
    """Two units (a clinic, a day-care centre), contacts of the clinic, a public and a staff-only practice."""
    with app.test_request_context():
        organisation = db.session.get(Organisation, org.id)
        sectors = {s.key: s.id for s in services.sectors_of(organisation)}
        clinic = services.save_unit(organisation, None, name={"fi": "Kittilän neuvola", "se": "Gittela rávvehat"},
                                    sector_id=sectors["social_health"], organiser=Organiser.COUNTY)
        daycare = services.save_unit(organisation, None, name={"fi": "Päiväkoti Revontuli"},
                                     sector_id=sectors["education"], organiser=Organiser.MUNICIPALITY)
        people = []
        for name, email, locale, groups in contacts:
            person = services.save_contact(organisation, None, services.ContactDetails(
                unit_id=clinic.id, name=name, title="terveydenhoitaja", email=email, locale=locale))
            for group in groups:
                services.set_membership(person, group, True)
            people.append(person.id)
        public = services.save_practice(
            organisation, None, roles={clinic.id: {"fi": "Tekee tarkastuksen."}, daycare.id: {"fi": "Arvioi."}},
            service_ids=[], backlog_item_ids=[], status=PracticeStatus.IN_USE, is_public=True,
            name={"fi": "Nelivuotiaan terveystarkastus", "se": "Njealljejahkásaš dearvvašvuođadárkkisteapmi"},
            purpose={"fi": "Kasvu nähdään yhdessä."}, target_group={"fi": "Nelivuotiaat"})
        hidden = services.save_practice(
            organisation, None, roles={daycare.id: {}}, service_ids=[], backlog_item_ids=[],
            status=PracticeStatus.DEVELOPING, is_public=False, name={"fi": "Sisäinen konsultaatiokäytäntö"})
        db.session.commit()
        return SimpleNamespace(clinic=clinic.id, daycare=daycare.id, contacts=people, public=public.id,
                               hidden=hidden.id)
