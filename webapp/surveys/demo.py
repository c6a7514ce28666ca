"""The demo survey: eleven questions about the child health clinic, in Finnish and Northern Sámi,
one of them a follow-up shown only to those who did not get the service in their language.

The Northern Sámi texts are demo content written for testing the app, not reviewed
translations; a real survey gets its texts from the family centre and its translators.
"""

from __future__ import annotations

from webapp.surveys import services
from webapp.surveys.models import QuestionKind, SurveyAudience, SurveyStatus

SLUG = "neuvola-2026"

QUESTIONS = [
    (QuestionKind.SINGLE, {"fi": "Kuka vastaa?", "se": "Gii vástida?"}, True,
     [{"fi": "Äiti", "se": "Eadni"}, {"fi": "Isä", "se": "Áhčči"}, {"fi": "Muu huoltaja", "se": "Eará fuolaheaddji"},
      {"fi": "Nuori", "se": "Nuorra"}], {}),
    (QuestionKind.MULTIPLE, {"fi": "Mitä palveluja perheesi on käyttänyt viimeisen vuoden aikana?",
                             "se": "Makkár bálvalusaid du bearaš lea geavahan maŋimuš jagi?"}, False,
     [{"fi": "Neuvola", "se": "Rávvehat"}, {"fi": "Perheneuvola", "se": "Bearašrávvehat"},
      {"fi": "Varhaiskasvatus", "se": "Árrabajásgeassin"}, {"fi": "Nuorisotyö", "se": "Nuoraidbargu"}],
     {"has_other": True}),
    (QuestionKind.SCALE, {"fi": "Kuinka tyytyväinen olet neuvolan palveluun?",
                          "se": "Man duđavaš leat rávvehaga bálvalussii?"}, True, [],
     {"scale_min_label": {"fi": "Erittäin tyytymätön", "se": "Hui duhtameahttun"},
      "scale_max_label": {"fi": "Erittäin tyytyväinen", "se": "Hui duđavaš"}}),
    (QuestionKind.SCALE, {"fi": "Kuinka helppoa oli saada aika neuvolaan?",
                          "se": "Man álki lei oažžut áiggi rávvehahkii?"}, False, [],
     {"scale_min_label": {"fi": "Erittäin vaikeaa", "se": "Hui váttis"},
      "scale_max_label": {"fi": "Erittäin helppoa", "se": "Hui álki"}}),
    (QuestionKind.YES_NO, {"fi": "Saitko palvelua haluamallasi kielellä?",
                           "se": "Leigo bálvalus dan gillii maid háliidit?"}, False, [], {}),
    # A follow-up only for those who answered "No" just above (a condition on question 5).
    (QuestionKind.SINGLE, {"fi": "Millä kielellä olisit halunnut palvelua?",
                           "se": "Makkár gillii livččet háliidan bálvalusa?"}, False,
     [{"fi": "Pohjoissaame", "se": "Davvisámegiella"}, {"fi": "Inarinsaame", "se": "Anárašgiella"},
      {"fi": "Koltansaame", "se": "Nuortalašgiella"}, {"fi": "Ruotsi", "se": "Ruoŧagiella"},
      {"fi": "Suomi", "se": "Suomagiella"}], {"shown_if": (4, ["0"])}),
    (QuestionKind.SINGLE, {"fi": "Miten haluaisit asioida neuvolan kanssa?",
                           "se": "Mo háliidivččet gulahallat rávvehagain?"}, False,
     [{"fi": "Käymällä paikan päällä", "se": "Finadettiin"}, {"fi": "Puhelimessa", "se": "Telefuvnnas"},
      {"fi": "Videoyhteydellä", "se": "Videooktavuođain"}, {"fi": "Chatissa", "se": "Chattas"}], {}),
    (QuestionKind.YES_NO, {"fi": "Tiedätkö, mistä saat apua perheen arjen haasteisiin?",
                           "se": "Diehtátgo gos oaččut veahki bearaša árgga hástalusaide?"}, False, [], {}),
    (QuestionKind.SHORT_TEXT, {"fi": "Mikä neuvolassa toimii hyvin?", "se": "Mii doaibmá bures rávvehagas?"},
     False, [], {}),
    (QuestionKind.LONG_TEXT, {"fi": "Miten neuvola voisi palvella perhettäsi paremmin?",
                              "se": "Mo rávvehat sáhtášii bálvalit du bearraša buorebut?"}, False, [],
     {"help": {"fi": "Älä kirjoita nimiä tai muita tunnistetietoja.",
               "se": "Ale čále namaid dahje eará dovdomearkkaid."}}),
    (QuestionKind.SINGLE, {"fi": "Haluaisitko kehittää perhepalveluja kanssamme?",
                           "se": "Háliidivččetgo ovddidit bearašbálvalusaid minguin?"}, False,
     [{"fi": "Kyllä, kerro lisää", "se": "Juo, muitte eambbo"}, {"fi": "Ehkä myöhemmin", "se": "Várra maŋŋelis"},
      {"fi": "En", "se": "In"}], {}),
]


def load_demo_survey(organisation) -> None:
    """Create and open the demo survey if the organisation does not have it."""
    if services.find_survey(organisation, SLUG):
        return
    survey = services.create_survey(
        organisation, slug=SLUG, audience=SurveyAudience.PUBLIC, locales=["fi", "se"],
        title={"fi": "Kerro kokemuksesi neuvolasta", "se": "Muital vásáhusat rávvehagas"},
        introduction={"fi": "Vastaaminen vie noin kolme minuuttia. Vastauksesi auttavat kehittämään "
                            "perheiden palveluja.",
                      "se": "Vástideapmi váldá sullii golbma minuhta. Du vástádusat veahkehit ovddidit "
                            "bearašbálvalusaid."},
        thank_you={"fi": "Kiitos! Kerromme etusivulla, mitä vastausten perusteella tehtiin.",
                   "se": "Giitu! Mii muitalit ovdasiiddus maid vástádusaid vuođul dahkkui."})
    created = []
    for kind, text, required, options, extra in QUESTIONS:
        question = services.save_question(survey, None, kind=kind, text=text, is_required=required,
                                          **with_condition(extra, created))
        created.append(question)
        for label in options:
            services.save_option(question, None, label)
    services.change_status(survey, SurveyStatus.OPEN)


def with_condition(extra: dict, created: list) -> dict:
    """A question's settings of `QUESTIONS` with its `shown_if` (index of an earlier question,
    answers) as the condition on that question of the survey being made."""
    extra = dict(extra)
    if "shown_if" in extra:
        index, values = extra.pop("shown_if")
        extra.update(condition_question_id=created[index].id, condition_values=values)
    return extra
