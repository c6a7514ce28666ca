"""A parent answers the demo survey on a phone, in Finnish and Northern Sámi, on a bad
network; the draft survives a reload; a failed send is retried and stored once."""

import io
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.surveys.models import Response

SURVEY = "/kittila/surveys/neuvola-2026"


@pytest.fixture
def demo_survey(app, factory):
    from webapp.surveys.demo import load_demo_survey

    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus", "se": "Gihttela bearašguovddáš"})
    with app.app_context():
        load_demo_survey(db.session.get(Organisation, org.id))
        db.session.commit()
    return org


def stored(app) -> list:
    with app.app_context():
        return db.session.scalars(sa.select(Response)).all()


@pytest.mark.parametrize("locale, first_option", [("fi", "Isä"), ("se", "Áhčči")])
def test_answering_with_a_dropped_connection_stores_one_response(page, axe, app, demo_survey, locale, first_option):
    page.goto(f"{SURVEY}?lang={locale}")
    assert page.get_attribute("html", "lang") == locale
    assert_accessible(axe, page)
    page.get_by_label(first_option, exact=True).check()
    page.locator(".question").nth(2).locator(".scale-point label").nth(3).click()  # 4 on the scale
    page.locator("textarea").fill("Iltavastaanotto ja chat – ʹǩ")
    page.reload()  # the draft is kept in the browser
    assert page.get_by_label(first_option, exact=True).is_checked()
    assert page.locator("textarea").input_value() == "Iltavastaanotto ja chat – ʹǩ"

    def drop_posts(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(f"**{SURVEY}*", drop_posts)
    page.locator("button.send").click()
    status = page.locator(".send-status")
    status.wait_for(state="visible")
    expect(page.locator(".send-status")).to_have_text(re.compile(r"[\s\S]{21,}"))
    assert stored(app) == []
    assert_accessible(axe, page)
    page.unroute(f"**{SURVEY}*")
    page.locator("button.send").click()
    page.wait_for_url("**/thanks*")
    assert page.get_attribute("html", "lang") == locale
    assert_accessible(axe, page)
    [response] = stored(app)
    assert response.locale == locale
    draft = page.evaluate("sessionStorage.getItem('draft:kittila:neuvola-2026')")
    assert draft is None
    page.goto(f"{SURVEY}?lang={locale}")  # a new visit starts empty
    assert page.locator("textarea").input_value() == ""


def test_missing_required_answer_is_pointed_out_in_the_browser(page, axe, app, demo_survey):
    page.goto(f"{SURVEY}?lang=se")
    page.locator("textarea").fill("Dát báhcá")
    page.locator("button.send").click()
    page.locator(".error-summary").wait_for()
    assert page.locator("textarea").input_value() == "Dát báhcá"
    assert_accessible(axe, page)
    assert stored(app) == []


def test_answering_works_without_javascript(browser, live_server, app, demo_survey):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(SURVEY)
    page.get_by_label("Äiti", exact=True).check()
    page.locator(".question").nth(2).locator(".scale-point label").nth(0).click()
    page.locator("button.send").click()
    page.wait_for_url("**/thanks")
    assert len(stored(app)) == 1
    context.close()


def test_the_poster_qr_code_decodes_to_the_short_link(page, app, demo_survey, factory):
    import zxingcpp
    from PIL import Image

    from webapp.surveys.models import Survey

    factory.user("k@kittila.example", organisation=demo_survey)
    with app.app_context():
        survey = db.session.scalar(sa.select(Survey))
        survey_id, code = survey.id, survey.short_code
    page.goto("/staff/login")
    page.fill("#email", "k@kittila.example")
    page.fill("#password", "correct horse battery")
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/kittila/")
    page.goto(f"/staff/kittila/surveys/{survey_id}/poster?langs=fi&langs=se")
    found = []
    for code_image in page.locator(".qr svg").all():
        image = Image.open(io.BytesIO(code_image.screenshot()))
        found += [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    base = f"{app.config['PUBLIC_BASE_URL']}/s/{code}"
    assert found == [f"{base}?lang=fi", f"{base}?lang=se"], "one short link per language"
    assert page.get_by_text(f"/s/{code}?lang=se").is_visible()
    page.goto(found[1].removeprefix(app.config["PUBLIC_BASE_URL"]))  # the phone follows the Sámi code
    assert page.get_attribute("html", "lang") == "se" and "/kittila/surveys/neuvola-2026" in page.url


def test_database_down_for_a_moment_keeps_the_answers_and_a_retry_stores_once(page, app, demo_survey, settings):
    """The SQLite file goes missing while the father presses Send: he is told to try again, his
    answers stay on the screen, and when the database is back his retry is stored once."""
    import os
    from pathlib import Path

    database = Path(sa.engine.make_url(settings["SQLALCHEMY_DATABASE_URI"]).database)
    away = database.with_name(database.name + ".away")
    page.goto(f"{SURVEY}?lang=se")
    page.get_by_label("Áhčči", exact=True).check()
    page.locator(".question").nth(2).locator(".scale-point label").nth(3).click()
    page.locator("textarea").fill("Eahketvuostáiváldin")

    def take_the_database_away():
        with app.app_context():
            db.engine.dispose()
        os.rename(database, away)  # a connection now opens an empty file: "no such table"

    def bring_it_back():
        with app.app_context():
            db.engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.rename(away, database)

    take_the_database_away()
    try:
        page.locator("button.send").click()
        expect(page.locator(".send-status")).to_have_text(re.compile(r"[\s\S]{21,}"))
        assert "/thanks" not in page.url
        assert page.locator("textarea").input_value() == "Eahketvuostáiváldin"
    finally:
        bring_it_back()
    page.locator("button.send").click()
    page.wait_for_url("**/thanks*")
    [response] = stored(app)
    assert response.locale == "se"


def test_the_503_page_is_translated(app, demo_survey, settings):
    from tests.conftest import free_port
    from webapp import create_app

    down = create_app({**settings, "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://x@127.0.0.1:{free_port()}/x"})
    page = down.test_client().post(f"{SURVEY}?lang=se", data={})
    assert page.status_code == 503 and 'lang="se"' in page.get_data(as_text=True)
    assert "temporarily unavailable" not in page.get_data(as_text=True)


def test_a_draft_stays_in_its_own_tab_and_can_be_cleared(page, app, demo_survey):
    page.goto(f"{SURVEY}?lang=fi")
    page.locator("textarea").fill("Puhelinnumeroni on 040 123 4567")
    page.reload()
    assert page.locator("textarea").input_value() == "Puhelinnumeroni on 040 123 4567"
    second = page.context.new_page()  # the next person opens the poster's link on the same phone
    second.goto(page.url)
    assert second.locator("textarea").input_value() == ""
    assert second.evaluate("Object.keys(localStorage).length") == 0
    second.close()
    page.get_by_role("link", name="Tyhjennä vastaukseni").click()
    assert page.locator("textarea").input_value() == ""
    page.reload()
    assert page.locator("textarea").input_value() == ""
    assert stored(app) == []


def test_a_kiosk_form_forgets_the_previous_person(page, app, demo_survey):
    from webapp.surveys.models import Survey

    with app.app_context():
        db.session.scalar(sa.select(Survey)).is_kiosk = True
        db.session.commit()
    page.clock.install()
    page.goto(f"{SURVEY}?lang=fi")
    page.locator("textarea").fill("Kesken jäänyt vastaus")
    page.reload()  # nothing typed is kept on a shared tablet
    assert page.locator("textarea").input_value() == ""
    page.locator("textarea").fill("Kesken jäänyt vastaus")
    page.clock.fast_forward(181_000)  # the parent walked away
    assert page.locator("textarea").input_value() == ""
