"""Issue 24, Done means: a parent answers a survey with a condition and three pages, once with
JavaScript and once without. A question hidden by an answer is not stored, and the path each
family took is in the export."""

import csv
import io
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible
from tests.conftest import post_form
from tests.survey_factory import make_paged_survey
from webapp.core.database import db
from webapp.surveys.models import Answer, Response


@pytest.fixture
def survey(app, factory):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus", "se": "Gihttela bearašguovddáš"})
    factory.user("k@kittila.example", organisation=org)
    return make_paged_survey(app, org)


def stored(app) -> tuple[Response, dict[int, list]]:
    with app.app_context():
        [response] = db.session.scalars(sa.select(Response)).all()
        answers: dict[int, list] = {}
        for answer in db.session.scalars(sa.select(Answer)):
            answers.setdefault(answer.question_id, []).append(answer.option_id or answer.value or answer.text)
        db.session.expunge(response)
        return response, answers


def progress(page) -> str:
    return re.sub(r"\D+", "/", page.locator(".page-progress").inner_text()).strip("/")


def test_with_javascript_follow_ups_appear_live_and_the_pages_turn(page, axe, app, survey):
    page.goto(survey.url)
    assert progress(page) == "1/3"
    follow_up = page.locator(f"#question-{survey.worked}")
    expect(follow_up).to_be_hidden()
    page.get_by_label("Äiti", exact=True).check()
    page.get_by_label("Kyllä", exact=True).check()
    expect(follow_up).to_be_visible()
    assert follow_up.locator(".condition-note").is_hidden(), "the words are for forms without a script"
    page.locator(f"#q{survey.worked}").fill("Aika löytyi nopeasti")
    assert_accessible(axe, page)
    page.locator("button.send").click()  # next page
    page.wait_for_selector(f"#question-{survey.satisfaction}")
    assert progress(page) == "2/3"
    page.locator(f"#question-{survey.satisfaction} .scale-point label").nth(3).click()
    page.locator("button.send").click()
    page.wait_for_selector(f"#question-{survey.others}")
    assert progress(page) == "3/3"
    page.get_by_role("button", name=re.compile("Edellinen|Previous")).click()  # back: the answer is still there
    page.wait_for_selector(f"#question-{survey.satisfaction}")
    assert page.locator(f"#q{survey.satisfaction}-4").is_checked()
    page.locator("button.send").click()
    page.wait_for_selector(f"#question-{survey.others}")
    which = page.locator(f"#question-{survey.which}")
    expect(which).to_be_hidden()
    page.get_by_label("Kerho", exact=True).check()
    expect(which).to_be_visible()
    page.locator(f"#q{survey.which}").fill("Vauvakerho")
    page.get_by_label("Kerho", exact=True).uncheck()  # changed their mind: the club question goes away
    page.get_by_label("Koulu", exact=True).check()
    expect(which).to_be_hidden()
    assert_accessible(axe, page)
    page.locator("button.send").click()
    page.wait_for_url("**/thanks")
    response, answers = stored(app)
    assert answers[survey.worked] == ["Aika löytyi nopeasti"] and answers[survey.satisfaction] == [4]
    assert survey.which not in answers, "typed, then hidden: not stored"
    assert response.not_shown == [survey.which]


def test_without_javascript_the_server_pages_through_and_the_export_shows_the_path(browser, live_server, app,
                                                                                   survey):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(survey.url)
    assert progress(page) == "1/3"
    follow_up = page.locator(f"#question-{survey.worked}")
    assert follow_up.is_visible() and follow_up.locator(".condition-note").is_visible()
    page.get_by_label("Äiti", exact=True).check()
    page.locator("button.send").click()  # next, without the required "did you visit"
    page.locator(".error-summary").wait_for()
    assert progress(page) == "1/3"
    page.get_by_label("Ei", exact=True).check()
    follow_up.locator("input").fill("Tämä ei koske minua")  # answered though the note says not to
    page.locator("button.send").click()
    page.wait_for_selector(f"#question-{survey.others}")
    assert progress(page) == "2/2", "the clinic page is not for a family that did not visit"
    page.get_by_label("Kerho", exact=True).check()
    page.locator(f"#q{survey.which}").fill("Perhekerho")
    page.locator("button.send").click()
    page.wait_for_url("**/thanks")
    context.close()
    response, answers = stored(app)
    assert survey.worked not in answers, "the answer to a question the family's answers hid is not stored"
    assert answers[survey.which] == ["Perhekerho"] and answers[survey.who] == [survey.mother]
    assert sorted(response.not_shown) == sorted([survey.worked, survey.satisfaction, survey.better])

    staff = app.test_client()
    post_form(staff, "/staff/login", {"email": "k@kittila.example", "password": "correct horse battery"})
    exported = staff.get(f"/staff/kittila/surveys/{survey.id}/export.csv?lang=en").get_data(as_text=True)
    header, row = list(csv.reader(io.StringIO(exported.lstrip("\ufeff")), delimiter=";"))
    assert row[header.index("Questions not shown")] == "3, 4, 5"
    assert row[header.index("3. Mikä neuvolassa toimi?")] == "not shown"


def test_a_kiosk_past_its_first_page_starts_over_for_the_next_person(page, app, survey):
    from webapp.surveys.models import Survey

    with app.app_context():
        db.session.get(Survey, survey.id).is_kiosk = True
        db.session.commit()
    page.clock.install()
    page.goto(survey.url)
    page.get_by_label("Äiti", exact=True).check()
    page.get_by_label("Kyllä", exact=True).check()
    page.locator("button.send").click()
    page.wait_for_selector(f"#question-{survey.satisfaction}")
    assert progress(page) == "2/3"
    page.clock.fast_forward(181_000)  # the parent walked away on page 2
    page.wait_for_selector(f"#question-{survey.who}")
    assert progress(page) == "1/3"
    assert not page.get_by_label("Äiti", exact=True).is_checked(), "nothing of theirs is carried on"
    assert page.locator("input[type=hidden][name^=q]").count() == 0
