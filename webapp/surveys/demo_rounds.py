"""Demo templates of the shared library, and last year's round of the demo survey with its
published "what we heard" page (made-up answers; the Sámi and Swedish texts are demo content
written for testing the app, not reviewed translations)."""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from webapp.core.clock import today
from webapp.core.database import db
from webapp.core.database.types import Translations
from webapp.orgs.models import Organisation
from webapp.surveys import answering, services, summary, templates_library
from webapp.surveys.demo import QUESTIONS, with_condition
from webapp.surveys.demo import SLUG as THIS_YEAR
from webapp.surveys.models import QuestionKind, Survey, SurveyAudience, SurveyStatus

LAST_YEAR = "neuvola-2025"
CLINIC_TEMPLATE = {"fi": "Neuvolan asiakastyytyväisyys", "se": "Rávvehaga áššehasduhtavašvuohta",
                   "sv": "Rådgivningens kundnöjdhet"}
ANNUAL_TEMPLATE = {"fi": "Perhekeskuksen vuosikysely", "se": "Bearašguovddáža jahkejearahallan",
                   "sv": "Familjecentrets årsenkät"}

#: Swedish for the demo survey's texts, by their Finnish.
SWEDISH = {
    "Kuka vastaa?": "Vem svarar?", "Äiti": "Mamma", "Isä": "Pappa", "Muu huoltaja": "Annan vårdnadshavare",
    "Nuori": "Ung person",
    "Mitä palveluja perheesi on käyttänyt viimeisen vuoden aikana?":
        "Vilka tjänster har din familj använt under det senaste året?",
    "Neuvola": "Rådgivningen", "Perheneuvola": "Familjerådgivningen", "Varhaiskasvatus": "Småbarnspedagogik",
    "Nuorisotyö": "Ungdomsarbete",
    "Kuinka tyytyväinen olet neuvolan palveluun?": "Hur nöjd är du med rådgivningens service?",
    "Erittäin tyytymätön": "Mycket missnöjd", "Erittäin tyytyväinen": "Mycket nöjd",
    "Kuinka helppoa oli saada aika neuvolaan?": "Hur lätt var det att få en tid till rådgivningen?",
    "Erittäin vaikeaa": "Mycket svårt", "Erittäin helppoa": "Mycket lätt",
    "Saitko palvelua haluamallasi kielellä?": "Fick du service på det språk du ville?",
    "Miten haluaisit asioida neuvolan kanssa?": "Hur vill du helst ha kontakt med rådgivningen?",
    "Käymällä paikan päällä": "Genom besök på plats", "Puhelimessa": "Per telefon",
    "Videoyhteydellä": "Via videosamtal", "Chatissa": "I chatten",
    "Tiedätkö, mistä saat apua perheen arjen haasteisiin?":
        "Vet du var du får hjälp med familjens vardagliga utmaningar?",
    "Mikä neuvolassa toimii hyvin?": "Vad fungerar bra på rådgivningen?",
    "Miten neuvola voisi palvella perhettäsi paremmin?": "Hur kunde rådgivningen betjäna din familj bättre?",
    "Älä kirjoita nimiä tai muita tunnistetietoja.": "Skriv inte namn eller andra identifierande uppgifter.",
    "Haluaisitko kehittää perhepalveluja kanssamme?": "Vill du utveckla familjetjänsterna tillsammans med oss?",
    "Kyllä, kerro lisää": "Ja, berätta mer", "Ehkä myöhemmin": "Kanske senare", "En": "Nej",
}

ANNUAL_QUESTIONS = [
    (QuestionKind.SCALE, {"fi": "Kuinka hyvin perhekeskuksen palvelut vastasivat perheesi tarpeita?",
                          "se": "Man bures bearašguovddáža bálvalusat vástidedje du bearaša dárbbuide?",
                          "sv": "Hur väl motsvarade familjecentrets tjänster din familjs behov?"}, True, [],
     {"scale_min_label": {"fi": "Erittäin huonosti", "se": "Hui heajut", "sv": "Mycket dåligt"},
      "scale_max_label": {"fi": "Erittäin hyvin", "se": "Hui bures", "sv": "Mycket bra"}}),
    (QuestionKind.MULTIPLE, {"fi": "Mistä haluaisit saada tietoa perheiden palveluista?",
                             "se": "Gos háliidivččet oažžut dieđuid bearašbálvalusain?",
                             "sv": "Var vill du få information om tjänsterna för familjer?"}, False,
     [{"fi": "Verkkosivuilta", "se": "Neahttasiidduin", "sv": "På webbplatsen"},
      {"fi": "Sosiaalisesta mediasta", "se": "Sosiála mediain", "sv": "I sociala medier"},
      {"fi": "Neuvolasta", "se": "Rávvehagas", "sv": "På rådgivningen"},
      {"fi": "Päiväkodista tai koulusta", "se": "Beaiveruovttus dahje skuvllas", "sv": "På daghemmet eller i skolan"}],
     {}),
    (QuestionKind.YES_NO, {"fi": "Onko perheesi osallistunut perhekeskuksen tapahtumiin tai ryhmiin tänä vuonna?",
                           "se": "Leago du bearaš searvan bearašguovddáža dáhpáhusaide dahje joavkkuide dán jagi?",
                           "sv": "Har din familj deltagit i familjecentrets evenemang eller grupper i år?"},
     False, [], {}),
    (QuestionKind.SINGLE, {"fi": "Millä kielellä haluat palvelua?", "se": "Makkár gillii háliidat bálvalusa?",
                           "sv": "På vilket språk vill du ha service?"}, False,
     [{"fi": "Suomi", "se": "Suomagiella", "sv": "Finska"},
      {"fi": "Pohjoissaame", "se": "Davvisámegiella", "sv": "Nordsamiska"},
      {"fi": "Inarinsaame", "se": "Anárašgiella", "sv": "Enaresamiska"},
      {"fi": "Koltansaame", "se": "Nuortalašgiella", "sv": "Skoltsamiska"},
      {"fi": "Ruotsi", "se": "Ruoŧagiella", "sv": "Svenska"}], {}),
    (QuestionKind.LONG_TEXT, {"fi": "Mitä perhekeskuksen pitäisi kehittää ensi vuonna?",
                              "se": "Maid bearašguovddáš berrešii ovddidit boahtte jagi?",
                              "sv": "Vad borde familjecentret utveckla nästa år?"}, False, [], {}),
]

NOTE = {
    "fi": "Kiitos vastauksista! Moni toivoi neuvolaan aikoja myös iltaisin. Kokeilemme iltavastaanottoa "
          "tiistaisin ja selvitämme neuvolan chattia. Kysymme ensi vuonna uudelleen, miten onnistuimme.",
    "se": "Giitu vástádusain! Máŋgasat sávve rávvehahkii áiggiid maiddái eahkedis. Geahččalit "
          "eahketvuostáiváldima disdagaid ja čielggadit rávvehaga chat. Jearrat boahtte jagi ođđasit, "
          "mo lihkostuvaimet.",
}

INTERIM_NOTE = {
    "fi": "Kysely on vielä auki. Näytämme tulokset täällä, kun vastauksia on kertynyt tarpeeksi. Viime vuoden "
          "vastausten perusteella kokeilemme neuvolassa iltavastaanottoa.",
    "se": "Jearahallan lea ain rabas. Čájehit bohtosiid dáppe, go vástádusat leat čoahkkanan doarvái. Mannan jagi "
          "vástádusaid vuođul geahččalit rávvehagas eahketvuostáiváldima.",
}


def _with_swedish(text: dict | None) -> dict | None:
    if not text:
        return text
    swedish = SWEDISH.get(text.get("fi", ""))
    return {**text, "sv": swedish} if swedish else dict(text)


def _template(organisation: Organisation, title: dict, questions, intro: dict) -> Survey:
    survey = services.create_survey(organisation, slug="malli-" + title["fi"].split()[0].lower().replace("ä", "a"),
                                    title=title, locales=["fi", "se", "sv"], audience=SurveyAudience.PUBLIC,
                                    introduction=intro)
    survey.is_template = True
    created = []
    for kind, text, required, options, extra in questions:
        extra = {name: _with_swedish(value) if isinstance(value, dict) else value for name, value in extra.items()}
        question = services.save_question(survey, None, kind=kind, text=_with_swedish(text), is_required=required,
                                          **with_condition(extra, created))
        created.append(question)
        for label in options:
            services.save_option(question, None, _with_swedish(label))
    return survey


def _library(organisation: Organisation) -> Survey:
    """The two demo templates (made once, by the first organisation loaded); the clinic one."""
    found = db.session.scalars(sa.select(Survey).where(Survey.is_template.is_(True))).all()
    clinic = next((t for t in found if t.title.get("fi") == CLINIC_TEMPLATE["fi"]), None)
    if clinic is None:
        clinic = _template(organisation, CLINIC_TEMPLATE, QUESTIONS, {
            "fi": "Vastaaminen vie noin kolme minuuttia. Vastauksesi auttavat kehittämään perheiden palveluja.",
            "se": "Vástideapmi váldá sullii golbma minuhta. Du vástádusat veahkehit ovddidit bearašbálvalusaid.",
            "sv": "Det tar ungefär tre minuter att svara. Dina svar hjälper oss att utveckla tjänsterna för familjer."})
    if not any(t.title.get("fi") == ANNUAL_TEMPLATE["fi"] for t in found):
        _template(organisation, ANNUAL_TEMPLATE, ANNUAL_QUESTIONS, {
            "fi": "Kerro, miten perhekeskus palveli perhettäsi tänä vuonna.",
            "se": "Muital, mo bearašguovddáš bálvalii du bearraša dán jagi.",
            "sv": "Berätta hur familjecentret betjänade din familj i år."})
    return clinic


def load_demo_rounds(organisation: Organisation) -> None:
    """The template library, the demo survey linked to the clinic template, and last year's
    round: closed, with 40 answers and its results published for families."""
    this_year = services.find_survey(organisation, THIS_YEAR)
    if this_year is None or services.find_survey(organisation, LAST_YEAR):
        return
    clinic = _library(organisation)
    this_year.template_id = clinic.id
    last_year = templates_library.copy_survey(clinic, organisation, slug=LAST_YEAR)
    last_year.locales = ["fi", "se"]
    last_year.title = Translations({"fi": "Neuvolakysely 2025", "se": "Rávvehatjearahallan 2025"})
    services.change_status(last_year, SurveyStatus.OPEN)
    _answers(last_year, random.Random(2025))
    services.change_status(last_year, SurveyStatus.CLOSED)
    db.session.flush()
    last_year.created_at = last_year.created_at - timedelta(days=365)  # last year's, for the rounds' order
    chosen = [q.id for q in last_year.questions if q.kind in summary.CHARTABLE][:6]
    summary.publish_summary(last_year, chosen, Translations(NOTE))
    summary.publish_summary(this_year, [q.id for q in this_year.questions if q.kind in summary.CHARTABLE][:6],
                            Translations(INTERIM_NOTE))


def _answers(survey: Survey, rng: random.Random, count: int = 40) -> None:
    services.load_questions(survey)
    for n in range(count):
        form = MultiDict()
        for question in survey.active_questions:
            name = f"q{question.id}"
            if question.kind is QuestionKind.SINGLE:
                options = question.active_options
                form.add(name, str(options[min(int(rng.random() ** 1.5 * len(options)), len(options) - 1)].id))
            elif question.kind is QuestionKind.MULTIPLE:
                for option in question.active_options:
                    if rng.random() < 0.45:
                        form.add(name, str(option.id))
            elif question.kind is QuestionKind.SCALE:
                form.add(name, str(rng.choice([2, 3, 3, 4, 4, 4, 5, 5])))
            elif question.kind is QuestionKind.YES_NO:
                form.add(name, rng.choice(["1", "1", "0"]))
        submission = answering.parse_submission(survey, form)
        answering.store_response(survey, submission, nonce=f"demo-{survey.id}-{n}",
                                 locale="se" if n % 5 == 0 else "fi",
                                 submitted_on=today() - timedelta(days=365 + rng.randint(0, 30)))
