"""The demo county: Lapland's wellbeing services county (`lappi`) with Kittilä and Sodankylä
as members, its staff, a county-run service shared into both guides and a county-wide family
survey with answers in both (Sodankylä's three show the small-number rule).

The Sámi texts are demo content written for testing the app, not reviewed translations."""

from __future__ import annotations

import random
from datetime import time, timedelta

from werkzeug.datastructures import MultiDict

from webapp.activities import services as activities
from webapp.activities.models import ActivityStatus, Repeat
from webapp.auth import services as accounts
from webapp.core.clock import today
from webapp.core.database import db
from webapp.demo import DEMO_PASSWORD, SERVICE_AREAS, STAFF
from webapp.guide import services as guide
from webapp.guide.models import Access, Sector, ServiceAudience, ServiceStatus
from webapp.orgs import services as orgs
from webapp.regions import services
from webapp.surveys import answering
from webapp.surveys import services as surveys
from webapp.surveys.models import QuestionKind, SurveyAudience

SLUG = "lappi"
MEMBERS = ("kittila", "sodankyla")
NAME = {"fi": "Lapin hyvinvointialue", "se": "Lappi buresveadjinguovlu", "smn": "Laapi pyereestvaijeemkuávlu",
        "sms": "Lappi pueʹrrvueiʹttemvuuʹd", "sv": "Välfärdsområdet Lappland",
        "en": "Lapland wellbeing services county"}
SERVICE_SLUG = "lapin-perheneuvola"
SURVEY_SLUG = "perhekysely-2026"
ACTIVITY_SLUG = "vauvaperheiden-etaryhma"
#: Answers stored in each member: Sodankylä's three are too few to show.
ANSWERS = {"kittila": 12, "sodankyla": 3}

QUESTIONS = [
    (QuestionKind.SINGLE, {"fi": "Mitä palvelua käytit viimeksi?", "se": "Makkár bálvalusa geavahit maŋimusat?"},
     [{"fi": "Neuvola", "se": "Rávvehat"}, {"fi": "Perheneuvola", "se": "Bearašrávvehat"},
      {"fi": "Sosiaalipalvelut", "se": "Sosiálabálvalusat"}]),
    (QuestionKind.SCALE, {"fi": "Kuinka tyytyväinen olit palveluun?", "se": "Man duđavaš ledjet bálvalussii?"}, []),
    (QuestionKind.YES_NO, {"fi": "Saitko apua riittävän nopeasti?", "se": "Oččotgo veahki doarvái jođánit?"}, []),
]


def _service(region) -> None:
    if guide.find(region, SERVICE_SLUG) is not None:
        return
    service = guide.save_service(
        region, None, slug=SERVICE_SLUG,
        name={"fi": "Lapin perheneuvola", "se": "Lappi bearašrávvehat", "smn": "Laapi peerâravviittâh",
              "sms": "Lappi piârrivuäʹpstempäiʹǩǩ", "sv": "Familjerådgivningen i Lappland",
              "en": "Lapland family counselling"},
        description={"fi": "Hyvinvointialueen perheneuvola: keskusteluapua parisuhteeseen, vanhemmuuteen ja "
                           "lapsen kehitykseen. Vastaanotto paikan päällä tai videolla.",
                     "se": "Buresveadjinguovllu bearašrávvehat: ságastallanveahkki párragaskavuhtii, "
                           "váhnemvuhtii ja máná ovdáneapmái.",
                     "en": "The county's family counselling: someone to talk to about your relationship, "
                           "parenting and your child's development, in person or by video."},
        provider=NAME["fi"], sector=Sector.COUNTY, service_area_ids=[
            area.id for area in region.service_areas if area.key == "perheneuvola"],
        audiences=[ServiceAudience.PARENT.value, ServiceAudience.WHOLE_FAMILY.value], phone="016 000 2000",
        email="perheneuvola@lappi.example", address="Hallituskatu 20, 96100 Rovaniemi",
        opening_hours={"fi": "ma–pe 8–16", "se": "vu–be 8–16", "en": "Mon–Fri 8–16"},
        access=[Access.APPOINTMENT.value, Access.ONLINE.value], languages=["fi", "se", "sv", "en"], is_free=True)
    guide.set_status(service, ServiceStatus.PUBLISHED)
    services.set_shares(region, service, [member.id for member in services.members_of(region)])


def _activity(region) -> None:
    if activities.find(region, ACTIVITY_SLUG) is not None:
        return
    monday = today() - timedelta(days=today().weekday())
    activity = activities.save_activity(
        region, None, slug=ACTIVITY_SLUG,
        title={"fi": "Vauvaperheiden etäryhmä", "se": "Vuohpenbearrašiid gáiddusjoavku",
               "en": "Online group for families with a baby"},
        description={"fi": "Hyvinvointialueen perheneuvolan etäryhmä: vertaistukea ja neuvolan vinkkejä videolla.",
                     "se": "Buresveadjinguovllu bearašrávvehaga gáiddusjoavku: ovttaárvosaš doarjja videos.",
                     "en": "The county's family counselling group online: peer support and clinic tips by video."},
        place="Teams", address="", organiser=NAME["fi"], audiences=["baby", "parent"], languages=["fi", "se"],
        cost=None, accessibility=None, needs_registration=True, contact_phone="016 000 2000",
        contact_email="perheneuvola@lappi.example", first_date=monday - timedelta(weeks=4) + timedelta(days=2),
        start_time=time(13), end_time=time(14), repeat=Repeat.WEEKLY, weekdays=[2], last_date=None)
    activities.set_status(activity, ActivityStatus.PUBLISHED)
    services.set_activity_shares(region, activity, [member.id for member in services.members_of(region)])


def _survey(region) -> None:
    if surveys.find_survey(region, SURVEY_SLUG) is not None:
        return
    master = surveys.create_survey(
        region, slug=SURVEY_SLUG, audience=SurveyAudience.PUBLIC, locales=["fi", "se"],
        title={"fi": "Lapin perhekysely 2026", "se": "Lappi bearašjearahallan 2026"},
        introduction={"fi": "Hyvinvointialueen yhteinen kysely perheille.",
                      "se": "Buresveadjinguovllu oktasaš jearahallan bearrašiidda."})
    for kind, text, options in QUESTIONS:
        question = surveys.save_question(master, None, kind=kind, text=text, is_required=False)
        for label in options:
            surveys.save_option(question, None, label)
    rng = random.Random(28)
    for member in services.members_of(region):
        copy = services.run_in(region, master, member, open_now=True)
        surveys.load_questions(copy)
        for n in range(ANSWERS.get(member.slug, 0)):
            form = MultiDict()
            for question in copy.questions:
                if question.kind is QuestionKind.SINGLE:
                    form.add(f"q{question.id}", str(rng.choice(question.options).id))
                elif question.kind is QuestionKind.SCALE:
                    form.add(f"q{question.id}", str(rng.randint(2, 5)))
                else:
                    form.add(f"q{question.id}", rng.choice(["0", "1", "1"]))
            answering.store_response(copy, answering.parse_submission(copy, form),
                                     nonce=f"demo-region-{member.slug}-{n}", locale="fi",
                                     submitted_on=today() - timedelta(days=n))


def load_demo_region() -> None:
    """Create the county, its staff and its shared content once the municipalities exist."""
    members = [orgs.find_organisation(slug) for slug in MEMBERS]
    if any(member is None for member in members):
        return
    region = orgs.find_organisation(SLUG)
    if region is None:
        region = orgs.create_organisation(SLUG, NAME, "kirjaamo@lappi.example", ["fi", "se", "smn", "sms", "sv", "en"])
        region.description = {"fi": "Lapin hyvinvointialue järjestää neuvolat, perheneuvolan ja sosiaalipalvelut "
                                    "alueen kunnissa.",
                              "en": "The Lapland wellbeing services county runs child health clinics, family "
                                    "counselling and social services in its municipalities."}
        for key, name in SERVICE_AREAS:
            if key in ("neuvola", "perheneuvola", "sosiaalipalvelut"):
                orgs.save_service_area(region, None, key=key, name=name)
        db.session.flush()
        db.session.refresh(region, ["service_areas"])
    services.make_region(region)
    for member in members:
        services.add_member(region, member)
    for prefix, role, description in STAFF:
        user = accounts.find_user(f"{prefix}@{SLUG}.example") or accounts.create_user(
            f"{prefix}@{SLUG}.example", DEMO_PASSWORD, display_name=f"{description} ({SLUG})", organisation=region)
        accounts.grant_role(user, region, role)
    _service(region)
    _activity(region)
    _survey(region)
    db.session.flush()

