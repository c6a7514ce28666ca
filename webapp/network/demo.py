"""Kittilä's demo network: its sectors and member units, contact people (made up: the addresses
reach no one), a core group that misses the parishes, cooperation practices and the handbook."""

from __future__ import annotations

import sqlalchemy as sa

from webapp.core.clock import today
from webapp.core.database import db
from webapp.guide.models import Service
from webapp.network import handbook, services
from webapp.network.models import Group, MemberUnit, Organiser, PracticeStatus
from webapp.orgs.models import Organisation

#: key, name, sector key, organiser, service slugs
UNITS = [
    ("neuvola", {"fi": "Kittilän neuvola", "se": "Gittela rávvehat", "sv": "Rådgivningen i Kittilä",
                 "en": "Kittilä child and maternity clinic"}, "social_health", Organiser.COUNTY,
     ["lastenneuvola", "aitiysneuvola"]),
    ("paivakoti", {"fi": "Päiväkoti Revontuli", "se": "Beaiveruoktu Guovssahas", "sv": "Daghemmet Norrsken",
                   "en": "Revontuli day-care centre"}, "education", Organiser.MUNICIPALITY, []),
    ("koulu", {"fi": "Kittilän yhtenäiskoulu", "se": "Gittela vuođđoskuvla", "sv": "Kittilä enhetsskola",
               "en": "Kittilä comprehensive school"}, "education", Organiser.MUNICIPALITY, []),
    ("nuoriso", {"fi": "Kittilän nuorisopalvelut", "se": "Gittela nuoraidbálvalusat", "sv": "Ungdomstjänsterna",
                 "en": "Kittilä youth services"}, "youth", Organiser.MUNICIPALITY, ["nuorisotila"]),
    ("perheneuvola", {"fi": "Perheneuvola", "se": "Bearašrávvehat", "sv": "Familjerådgivningen",
                      "en": "Family counselling clinic"}, "specialist", Organiser.COUNTY, ["perheneuvola"]),
    ("mll", {"fi": "MLL:n Kittilän yhdistys", "sv": "MLL:s förening i Kittilä", "en": "MLL Kittilä branch"},
     "ngo", Organiser.NGO, ["perhekahvila"]),
    ("seurakunta", {"fi": "Kittilän seurakunta", "se": "Gittela searvegoddi", "sv": "Kittilä församling",
                    "en": "Kittilä parish"}, "parish", Organiser.PARISH, []),
]

#: name, title, unit key, locale, groups (the parish sits in no group: the core group misses it)
CONTACTS = [
    ("Aila Esimerkki", "terveydenhoitaja", "neuvola", "fi", [Group.CORE]),
    ("Pekka Malli", "varhaiskasvatuksen johtaja", "paivakoti", "fi", [Group.CORE, Group.STEERING]),
    ("Ristenne Ovdamearka", "nuoriso-ohjaaja", "nuoriso", "se", [Group.CORE]),
    ("Helmi Testinen", "psykologi", "perheneuvola", "fi", [Group.CORE]),
    ("Sara Exempel", "perhetoiminnan ohjaaja", "mll", "sv", [Group.CORE]),
    ("Tuomas Koe", "rehtori", "koulu", "fi", [Group.STEERING]),
    ("Leena Kuvitteellinen", "diakoniatyöntekijä", "seurakunta", "fi", []),
]

PRACTICES = [
    {"name": {"fi": "Nelivuotiaan laaja terveystarkastus yhdessä varhaiskasvatuksen kanssa",
              "se": "Njealljejahkásaš viiddis dearvvašvuođadárkkisteapmi ovttas árrabajásgeassimiin",
              "sv": "Fyraåringens omfattande hälsoundersökning tillsammans med småbarnspedagogiken",
              "en": "The four-year-old's extensive health check together with early childhood education"},
     "purpose": {"fi": "Lapsen kasvu ja oppiminen nähdään yhdessä kodin, neuvolan ja päiväkodin kanssa.",
                 "sv": "Barnets växt och lärande ses tillsammans av hemmet, rådgivningen och daghemmet.",
                 "en": "Home, clinic and day-care look at the child's growth and learning together."},
     "target_group": {"fi": "Nelivuotiaat ja heidän perheensä", "sv": "Fyraåringar och deras familjer",
                      "en": "Four-year-olds and their families"},
     "schedule": {"fi": "Kerran, lapsen täyttäessä neljä vuotta", "sv": "En gång, när barnet fyller fyra",
                  "en": "Once, when the child turns four"},
     "access": {"fi": "Neuvola kutsuu perheen; vanhemmat antavat luvan päiväkodin arvion jakamiseen.",
                "sv": "Rådgivningen kallar familjen; föräldrarna ger lov att dela daghemmets bedömning.",
                "en": "The clinic invites the family; parents agree to share the day-care's assessment."},
     "contact": {"fi": "Neuvolan ajanvaraus 016 000 1001", "en": "Clinic appointments 016 000 1001"},
     "roles": {"neuvola": {"fi": "Tekee terveystarkastuksen ja kokoaa arvion.",
                           "en": "Does the health check and brings the assessment together."},
               "paivakoti": {"fi": "Kirjoittaa varhaiskasvatuksen arvion perheen luvalla.",
                             "en": "Writes the day-care's assessment with the family's permission."}},
     "services": ["lastenneuvola"], "is_public": True, "status": PracticeStatus.IN_USE},
    {"name": {"fi": "Perhekahvilassa neuvolan vierailut", "sv": "Rådgivningen besöker familjecaféet",
              "en": "Clinic visits at the family café"},
     "purpose": {"fi": "Matala kynnys kysyä terveydenhoitajalta ilman ajanvarausta.",
                 "en": "A low threshold to ask the nurse without an appointment."},
     "target_group": {"fi": "Vauvaperheet ja leikki-ikäisten perheet", "en": "Families with babies and toddlers"},
     "schedule": {"fi": "Kuukauden ensimmäinen tiistai", "en": "The first Tuesday of the month"},
     "access": {"fi": "Tule paikalle, ei ilmoittautumista.", "en": "Just come, no sign-up."},
     "contact": {"fi": "MLL:n perhekahvila 040 000 1004", "en": "MLL family café 040 000 1004"},
     "roles": {"mll": {"fi": "Järjestää kahvilan ja tilat.", "en": "Runs the café and the premises."},
               "neuvola": {"fi": "Terveydenhoitaja on paikalla tunnin.", "en": "A nurse is there for an hour."}},
     "services": ["perhekahvila", "lastenneuvola"], "is_public": True, "status": PracticeStatus.IN_USE},
    {"name": {"fi": "Koulun ja nuorisotyön yhteiset välitunnit", "en": "Shared breaks of school and youth work"},
     "purpose": {"fi": "Nuoriso-ohjaaja tutuksi koulussa.", "en": "Pupils get to know the youth worker at school."},
     "target_group": {"fi": "Yläkoululaiset", "en": "Pupils in years 7–9"},
     "schedule": {"fi": "Kerran viikossa lukuvuoden ajan", "en": "Weekly during the school year"},
     "roles": {"koulu": {"fi": "Antaa tilan ja ajan.", "en": "Gives the room and the time."},
               "nuoriso": {"fi": "Ohjaa toimintaa.", "en": "Leads the activities."}},
     "services": ["nuorisotila"], "is_public": False, "status": PracticeStatus.DEVELOPING},
]


def load_demo_network(organisation: Organisation) -> None:
    """Kittilä's network once; other organisations get only the default sectors on first use."""
    if organisation.slug != "kittila" or db.session.scalar(
            sa.select(MemberUnit.id).where(MemberUnit.organisation_id == organisation.id).limit(1)):
        return
    sectors = {sector.key: sector.id for sector in services.sectors_of(organisation)}
    by_slug = {s.slug: s.id for s in db.session.scalars(sa.select(Service).where(
        Service.organisation_id == organisation.id))}
    units = {key: services.save_unit(organisation, None, name=name, sector_id=sectors[sector], organiser=organiser,
                                     service_ids=[by_slug[s] for s in slugs if s in by_slug])
             for key, name, sector, organiser, slugs in UNITS}
    for name, title, unit_key, locale, groups in CONTACTS:
        email = name.split()[0].lower() + "@" + organisation.slug + ".example"
        contact = services.save_contact(organisation, None, services.ContactDetails(
            unit_id=units[unit_key].id, name=name, title=title, email=email, locale=locale))
        for group in groups:
            services.set_membership(contact, group, True)
    for spec in PRACTICES:
        texts = {name: spec.get(name) for name in services.PRACTICE_TEXTS}
        services.save_practice(organisation, None, roles={units[k].id: v for k, v in spec["roles"].items()},
                               service_ids=[by_slug[s] for s in spec["services"] if s in by_slug],
                               backlog_item_ids=[], status=spec["status"], is_public=spec["is_public"], **texts)
    year = today().year
    edition = handbook.start_edition(organisation, year, {
        "fi": "Tämä käsikirja kertoo, keitä perhekeskuksen verkostossa on ja miten teemme yhteistyötä.",
        "se": "Dát giehtagirji muitala geat leat bearašguovddáš fierpmádagas ja movt mii bargat ovttas.",
        "sv": "Den här handboken berättar vilka som finns i familjecentralens nätverk och hur vi samarbetar.",
        "en": "This handbook tells who is in the family-centre network and how we work together."})
    handbook.publish(edition)
    handbook.start_edition(organisation, year + 1)
