"""Demo entries of the services guide (made up: the numbers and addresses reach no one)."""

from __future__ import annotations

import sqlalchemy as sa

from webapp.core.database import db
from webapp.guide import services
from webapp.guide.models import Access, GuideSearchSettings, Sector, Service, ServiceAudience, ServiceStatus
from webapp.guide.search import DEFAULT_SYNONYMS
from webapp.orgs.models import Organisation

#: slug, name, description, provider, sector, area keys, audiences, phone, access, languages
ENTRIES = [
    ("lastenneuvola",
     {"fi": "Lastenneuvola", "se": "Mánáidrávvehat", "smn": "Párnáiravviittâh", "sv": "Barnrådgivning",
      "en": "Child health clinic"},
     {"fi": "Lapsen kasvun ja kehityksen seuranta, rokotukset ja vanhempien tuki syntymästä kouluikään.",
      "se": "Mánáid šaddama ja ovdáneami čuovvun, boahkuheamit ja váhnemiid doarjja riegádeamis skuvlaahkái.",
      "sv": "Uppföljning av barnets växt och utveckling, vaccinationer och stöd till föräldrar.",
      "en": "Your child's growth and development, vaccinations and support for parents, from birth to school."},
     "Lapin hyvinvointialue", Sector.COUNTY, ["neuvola"],
     [ServiceAudience.BABY, ServiceAudience.UNDER_SCHOOL_AGE, ServiceAudience.PARENT], "016 000 1001",
     [Access.APPOINTMENT], ["fi", "se", "sv"]),
    ("aitiysneuvola",
     {"fi": "Äitiysneuvola", "se": "Etniidrávvehat", "smn": "Enijravviittâh", "sv": "Mödrarådgivning",
      "en": "Maternity clinic"},
     {"fi": "Raskauden seuranta ja valmennus vauvaperheen arkeen koko perheelle.",
      "se": "Áhpehisvuođa čuovvun ja ráhkkaneapmi mánnábearraša árgabeaivái.",
      "en": "Check-ups during pregnancy and preparing the whole family for life with a baby."},
     "Lapin hyvinvointialue", Sector.COUNTY, ["neuvola"], [ServiceAudience.EXPECTING, ServiceAudience.PARENT],
     "016 000 1002", [Access.APPOINTMENT], ["fi", "se"]),
    ("perheneuvola",
     {"fi": "Perheneuvola", "se": "Bearašrávvehat", "smn": "Peerâravviittâh", "sms": "Piârrivuäʹpstempäiʹǩǩ",
      "sv": "Familjerådgivning", "en": "Family counselling clinic"},
     {"fi": "Keskusteluapua lapsen kasvatukseen, perheen ristiriitoihin ja eroon.",
      "en": "Someone to talk to about bringing up children, conflicts in the family and separation."},
     "Lapin hyvinvointialue", Sector.COUNTY, ["perheneuvola"],
     [ServiceAudience.SCHOOL_CHILD, ServiceAudience.YOUNG_PERSON, ServiceAudience.PARENT], "016 000 1003",
     [Access.APPOINTMENT, Access.ONLINE], ["fi", "en"]),
    ("perhekahvila",
     {"fi": "Perhekahvila", "sv": "Familjecafé", "en": "Family café"},
     {"fi": "Avoin kohtaamispaikka vauvoille, leikki-ikäisille ja heidän aikuisilleen joka tiistai.",
      "en": "An open meeting place for babies, toddlers and their grown-ups every Tuesday."},
     "MLL:n paikallisyhdistys", Sector.NGO, ["jarjestot"], [ServiceAudience.WHOLE_FAMILY], "040 000 1004",
     [Access.WALK_IN], ["fi"]),
    ("nuorisotila",
     {"fi": "Nuorisotila", "se": "Nuoraidlanja", "sv": "Ungdomsgård", "en": "Youth centre"},
     {"fi": "Paikka tavata kavereita, pelata ja jutella nuoriso-ohjaajan kanssa.",
      "se": "Báiki deaivvadit ustibiiguin, speallat ja ságastit nuoraidbagadalliin.",
      "en": "A place to meet friends, play and talk with a youth worker."},
     "Kunta", Sector.MUNICIPALITY, ["nuorisotyo"], [ServiceAudience.YOUNG_PERSON], "040 000 1005",
     [Access.WALK_IN, Access.ONLINE], ["fi", "se"]),
    ("puheterapia",
     {"fi": "Puheterapia", "sv": "Talterapi", "en": "Speech therapy"},
     {"fi": "Puheterapeutti arvioi ja tukee lapsen puheen, kielen ja vuorovaikutuksen kehitystä. "
            "Ajan saa neuvolan tai koulun kautta.",
      "en": "A speech therapist assesses and supports a child's speech, language and communication."},
     "Lapin hyvinvointialue", Sector.COUNTY, ["neuvola"],
     [ServiceAudience.UNDER_SCHOOL_AGE, ServiceAudience.SCHOOL_CHILD], "016 000 1006",
     [Access.APPOINTMENT], ["fi"]),
    ("kouluterveydenhuolto",
     {"fi": "Kouluterveydenhuolto", "sv": "Skolhälsovård", "en": "School health care"},
     {"fi": "Koulun terveydenhoitaja ja lääkäri: terveystarkastukset, rokotukset ja apu huoliin koulupäivän aikana.",
      "en": "The school nurse and doctor: health checks, vaccinations and help with worries during the school day."},
     "Lapin hyvinvointialue", Sector.COUNTY, [], [ServiceAudience.SCHOOL_CHILD, ServiceAudience.YOUNG_PERSON],
     "016 000 1007", [Access.WALK_IN, Access.APPOINTMENT], ["fi"]),
    ("kotipalvelu",
     {"fi": "Lapsiperheiden kotipalvelu", "sv": "Hemservice för barnfamiljer", "en": "Home help for families"},
     {"fi": "Apua kotiin arjen askareisiin ja lastenhoitoon, kun perheen voimat ovat vähissä.",
      "en": "Help at home with everyday chores and childcare when the family is worn out."},
     "Lapin hyvinvointialue", Sector.COUNTY, [], [ServiceAudience.BABY, ServiceAudience.PARENT], "016 000 1008",
     [Access.APPOINTMENT], ["fi", "sv"]),
]


def load_demo_guide(organisation: Organisation) -> None:
    """Add the demo entries once, published (Sodankylä's need fi and se: those without stay drafts)."""
    if db.session.scalar(sa.select(Service.id).where(Service.organisation_id == organisation.id).limit(1)):
        return
    areas = {area.key: area.id for area in organisation.service_areas}
    db.session.add(GuideSearchSettings(organisation_id=organisation.id, synonyms=DEFAULT_SYNONYMS,
                                       family_centre_phone="016 000 1000", help_numbers=""))
    town = {"kittila": "Valtatie 1, 99100 Kittilä", "sodankyla": "Jäämerentie 1, 99600 Sodankylä"}.get(
        organisation.slug, "")
    for slug, name, description, provider, sector, area_keys, audiences, phone, access, languages in ENTRIES:
        service = services.save_service(
            organisation, None, slug=slug, name=name, description=description, provider=provider, sector=sector,
            service_area_ids=[areas[key] for key in area_keys if key in areas],
            audiences=[a.value for a in audiences], phone=phone, email=f"{slug}@{organisation.slug}.example",
            address=town, opening_hours={"fi": "ma–pe 8–15", "se": "vu–be 8–15", "en": "Mon–Fri 8–15"},
            access=[a.value for a in access], languages=languages, is_free=True)
        try:
            services.set_status(service, ServiceStatus.PUBLISHED)
        except services.GuideError:
            pass  # lacks a required language: left as a draft for the coordinator to finish
