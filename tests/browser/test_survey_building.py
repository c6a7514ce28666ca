"""Issue 22, Done means: a coordinator builds a six-question survey in Finnish and Northern Sámi,
pasting the options of two choice questions, and opens it in fewer page loads than the 22 it took
before (one option per page load, each landing at the top of the page)."""

import sqlalchemy as sa

from tests.browser.conftest import assert_accessible, log_in
from webapp.core.database import db
from webapp.surveys.models import Question, QuestionKind, Survey, SurveyStatus

#: Page loads (documents the browser loaded; a redirect after a save is one) from the empty survey
#: form to the open survey. Printed by the test; issue 22 counted 22 before the builder changed.
BUDGET = 10


def test_a_six_question_survey_in_two_languages_opens_in_ten_page_loads(page, axe, app, factory):
    org = factory.organisation("kittila", locales=("fi", "se"))
    factory.user("k@kittila.example", organisation=org)
    log_in(page, "k@kittila.example")
    loads = []
    page.on("load", lambda loaded: loads.append(loaded.url))

    page.goto("/staff/kittila/surveys/new")
    page.fill("#title-fi", "Perhekeskuksen vuosikysely")
    page.fill("#title-se", "Bearašguovddáš jahkejearahallan")
    page.fill("#slug", "vuosikysely")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/surveys/*#questions-heading")
    page.get_by_role("link", name="Lisää kysymys").click()
    page.wait_for_url("**/questions/new")
    assert page.locator("#new_options-fi").is_visible()

    def question(kind, fi, se, *, options=None, scale=None, last=False):
        page.select_option("#kind", kind)
        page.fill("#text-fi", fi)
        page.fill("#text-se", se)
        if options:
            page.fill("#new_options-fi", "\n".join(options[0]))
            page.fill("#new_options-se", "\n".join(options[1]))
        else:
            assert page.locator("#new_options-fi").is_hidden(), "only the fields this type uses"
        if scale:
            page.fill("#scale_min_label-fi", scale[0])
            page.fill("#scale_min_label-se", scale[1])
        if last:
            page.get_by_role("button", name="Tallenna kysymys").click()
            page.wait_for_url("**/surveys/*#question-*")
        else:
            page.get_by_role("button", name="Tallenna ja lisää seuraava kysymys").click()
            page.wait_for_url("**/questions/new#kind")

    question("single", "Kuka vastaa?", "Gii vástida?",
             options=(["Äiti", "Isä", "Muu huoltaja", "Nuori"], ["Eadni", "Áhčči", "Eará fuolaheaddji", "Nuorra"]))
    assert_accessible(axe, page)
    question("multiple", "Mitä palveluja käytitte?", "Maid bálvalusaid geavaheiddet?",
             options=(["Neuvola", "Perheneuvola", "Varhaiskasvatus"], ["Rávvehat", "Bearašrávvehat",
                                                                      "Árrabajásgeassin"]))
    question("scale", "Kuinka tyytyväinen olet?", "Man duđavaš leat?", scale=("Tyytymätön", "Duhtameahttun"))
    question("yes_no", "Saitko apua?", "Ožžotgo veahki?")
    question("short_text", "Mikä toimi?", "Mii doaimmai?")
    question("long_text", "Mitä parantaisit?", "Maid buoridivččet?", last=True)
    assert_accessible(axe, page)
    page.get_by_role("button", name="Avaa vastattavaksi").click()
    page.wait_for_url("**/surveys/*#state-heading")

    with app.app_context():
        survey = db.session.scalar(sa.select(Survey))
        assert survey.status is SurveyStatus.OPEN
        questions = db.session.scalars(sa.select(Question).order_by(Question.position)).all()
        assert [q.kind for q in questions] == [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE,
                                               QuestionKind.YES_NO, QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT]
        assert [dict(o.label) for o in questions[0].options][1] == {"fi": "Isä", "se": "Áhčči"}
        assert len(questions[1].options) == 3
    print(f"\npage loads from the empty survey form to 'open': {len(loads)}")
    assert len(loads) <= BUDGET < 22, loads
