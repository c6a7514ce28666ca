"""Demo meeting places and a public event with its feedback survey (made up: the numbers and
addresses reach no one). Dates follow the current week, so "this week" always has something."""

from __future__ import annotations

from datetime import time, timedelta

import sqlalchemy as sa

from webapp.activities import services
from webapp.activities.models import Activity, ActivityStatus, Repeat
from webapp.core.clock import today
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.surveys import services as surveys
from webapp.surveys.models import QuestionKind, SurveyAudience, SurveyStatus

#: slug, title, description, place, organiser, weekdays (0 = Monday), start, end, audiences, languages
MEETING_PLACES = [
    ("perhekahvila",
     {"fi": "Perhekahvila", "se": "Bearaškafea", "smn": "Peerâkafe", "sms": "Piârrkafe", "sv": "Familjecafé",
      "en": "Family café"},
     {"fi": "Avoin kohtaamispaikka vauvoille, leikki-ikäisille ja heidän aikuisilleen. Kahvia ja leikkiä.",
      "se": "Rabas deaivvadanbáiki vuoppážiidda, mánáide ja sin rávesolbmuide. Kafea ja stoahkan.",
      "en": "An open meeting place for babies, toddlers and their grown-ups. Coffee and play."},
     "Seurakuntatalo", "MLL Kittilä ja Kittilän seurakunta", [0], time(10), time(12),
     ["whole_family"], ["fi", "se"]),
    ("touhutreffit",
     {"fi": "Touhutreffit", "se": "Doaimmadeaivvadeamit", "en": "Toddlers' play date", "sv": "Lekträff"},
     {"fi": "Liikuntaleikkejä 1–3-vuotiaille aikuisen kanssa.",
      "se": "Lihkadanstoagut 1–3-jahkásaččaide rávesolbmuin.",
      "en": "Active play for 1–3-year-olds with a grown-up."},
     "Liikuntahalli", "Kittilän kunta, liikuntatoimi", [0, 3], time(9, 30), time(10, 30),
     ["baby", "under_school_age"], ["fi"]),
    ("lorupaja",
     {"fi": "Loruaamu", "se": "Reagganiiddiid iđit", "en": "Rhyme morning", "sv": "Ramsmorgon"},
     {"fi": "Loruja, lauluja ja kirjoja pienille kirjastossa.",
      "se": "Reagganiiddit, lávlagat ja girjjit smávvaide girjerájus.",
      "en": "Rhymes, songs and books for little ones at the library."},
     "Kirjasto", "Kittilän kirjasto", [4], time(10), time(10, 45), ["baby", "under_school_age"], ["fi", "se"]),
    ("nuorisotila",
     {"fi": "Nuorisotila auki", "se": "Nuoraidlanja rabas", "en": "Youth space open", "sv": "Ungdomsgården öppen"},
     {"fi": "Kavereita, pelejä ja nuoriso-ohjaaja paikalla.",
      "se": "Ustibat, spealut ja nuoraidbagadalli báikki alde.",
      "en": "Friends, games and a youth worker there."},
     "Nuorisotila", "Kittilän kunta, nuorisotyö", [1, 2, 3, 4], time(17), time(21), ["young_person"], ["fi", "se"]),
    ("perheliikunta",
     {"fi": "Perheliikuntakerho", "se": "Bearašlihkadanklubba", "en": "Family sports club",
      "sv": "Familjeidrottsklubb"},
     {"fi": "Liikuntaa koko perheelle lauantaisin.", "se": "Lihkadeapmi olles bearrašii lávvordagaid.",
      "en": "Sport for the whole family on Saturdays."},
     "Koulun liikuntasali", "Kittilän Kisailijat ry", [5], time(11), time(12, 30), ["whole_family"], ["fi"]),
]


def _feedback_survey(organisation: Organisation):
    slug = "perheilta-palaute"
    survey = surveys.find_survey(organisation, slug)
    if survey is not None:
        return survey
    survey = surveys.create_survey(
        organisation, slug=slug, audience=SurveyAudience.PUBLIC, locales=["fi", "se"],
        title={"fi": "Palaute perheillasta", "se": "Máhcahat bearašeahkedis"},
        introduction={"fi": "Kolme kysymystä, alle minuutti.", "se": "Golbma gažaldaga, unnit go minuhta."})
    surveys.save_question(survey, None, kind=QuestionKind.SCALE, is_required=True,
                          text={"fi": "Miten ilta onnistui?", "se": "Mo eahket lihkostuvai?"})
    surveys.save_question(survey, None, kind=QuestionKind.YES_NO,
                          text={"fi": "Tuletko uudestaan?", "se": "Boađátgo fas?"})
    surveys.save_question(survey, None, kind=QuestionKind.LONG_TEXT,
                          text={"fi": "Mitä toivoisit seuraavaksi?", "se": "Maid sávašit boahtte háve?"})
    surveys.change_status(survey, SurveyStatus.OPEN)
    return survey


def load_demo_activities(organisation: Organisation) -> None:
    """Kittilä-style weekly meeting places and next week's family evening, once, published."""
    if db.session.scalar(sa.select(Activity.id).where(Activity.organisation_id == organisation.id).limit(1)):
        return
    monday = today() - timedelta(days=today().weekday())
    town = {"kittila": "99100 Kittilä", "sodankyla": "99600 Sodankylä"}.get(organisation.slug, "")
    for number, (slug, title, description, place, organiser, weekdays, start, end, audiences, languages) in \
            enumerate(MEETING_PLACES, start=1):
        activity = services.save_activity(
            organisation, None, slug=slug, title=title, description=description, place=place,
            address=f"Valtatie {number * 3}, {town}".strip(", "), organiser=organiser, audiences=audiences,
            languages=languages,
            cost=None, accessibility={"fi": "Esteetön sisäänkäynti.", "se": "Hehttehusaš sisabeassan.",
                                      "en": "Step-free entrance."},
            needs_registration=False, contact_phone="040 000 2001", contact_email=f"{slug}@{organisation.slug}.example",
            first_date=monday - timedelta(weeks=8) + timedelta(days=weekdays[0]), start_time=start, end_time=end,
            repeat=Repeat.WEEKLY, weekdays=weekdays, last_date=None)
        _publish(activity)
    evening = services.save_activity(
        organisation, None, slug="perheilta",
        title={"fi": "Perheiden ilta: mitä perhekeskukselta toivotte?",
               "se": "Bearrašiid eahket: maid sávvabehtet bearašguovddážis?",
               "en": "Families' evening: what do you want from the family centre?"},
        description={"fi": "Avoin kuulemistilaisuus: kerro, mikä toimii ja mikä ei. Lapsille omaa ohjelmaa.",
                     "se": "Rabas gulaskuddan: muital mii doaibmá ja mii ii. Mánáide iežaset prográmma.",
                     "en": "An open hearing: tell us what works and what does not. Activities for children."},
        place="Kunnantalo", address=f"Valtatie 1, {town}".strip(", "), organiser="Perhekeskus",
        audiences=["whole_family"], languages=["fi", "se"], cost=None, accessibility=None,
        needs_registration=False, contact_phone="040 000 2002",
        contact_email=f"perhekeskus@{organisation.slug}.example",
        first_date=monday + timedelta(days=8), start_time=time(17, 30), end_time=time(19), repeat=Repeat.ONCE,
        weekdays=[], last_date=None, feedback_survey_id=_feedback_survey(organisation).id)
    _publish(evening)


def _publish(activity: Activity) -> None:
    try:
        services.set_status(activity, ActivityStatus.PUBLISHED)
    except services.ActivityError:
        pass  # lacks a required language: left as a draft for the coordinator to finish
