"""A parent on a phone finds the child health clinic in the services guide by typing, narrows it
to services for babies in Northern Sámi, and sees the call link; the same search works with
JavaScript off; a coordinator adds and publishes an entry, and a family's correction of it
reaches the moderation queue."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible, log_in
from tests.guide_factory import make_service
from webapp.core.database import db
from webapp.guide.models import ServiceStatus
from webapp.orgs.models import Organisation
from webapp.orgs.services import save_service_area


@pytest.fixture
def guide(app, factory):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus", "se": "Gihttela bearašguovddáš"})
    with app.app_context():
        save_service_area(db.session.get(Organisation, org.id), None, key="neuvola",
                          name={"fi": "Neuvola", "se": "Rávvehat"})
        db.session.commit()
    make_service(app, org, area_keys=["neuvola"])  # Lastenneuvola: babies, fi + se
    make_service(app, org, slug="aitiysneuvola", name={"fi": "Äitiysneuvola", "se": "Etniidrávvehat"},
                 audiences=["expecting"], phone="016 123 0000", area_keys=["neuvola"])
    make_service(app, org, slug="neuvolan-perhevalmennus", name={"fi": "Neuvolan perhevalmennus"},
                 audiences=["baby"], languages=["fi"], phone="016 123 1111")
    make_service(app, org, slug="nuorisotila", name={"fi": "Nuorisotila"}, description={"fi": "Kavereita."},
                 audiences=["young_person"], phone="040 000 0000")
    make_service(app, org, slug="luonnos", name={"fi": "Luonnosneuvola"}, status=ServiceStatus.DRAFT)
    return org


def visible_names(page):
    return page.locator("#guide-list > li:visible h2").all_inner_texts()


def test_find_the_child_health_clinic_by_typing_then_filter_baby_and_northern_sami(page, axe, guide):
    page.goto("/kittila/services")
    assert_accessible(axe, page)
    assert len(visible_names(page)) == 4
    page.fill("#q", "neuvola")  # typed: the list narrows at once, no request
    expect(page.locator("#guide-list > li:visible")).to_have_count(3)
    assert visible_names(page) == ["Lastenneuvola", "Neuvolan perhevalmennus", "Äitiysneuvola"]
    assert page.inner_text("#guide-count") == "3 palvelua"

    page.select_option("#situation", "baby")
    page.select_option("#language", "se")
    page.locator("form.guide-filters button[type=submit]").click()
    page.wait_for_url("**situation=baby**")
    assert visible_names(page) == ["Lastenneuvola"]
    call = page.locator("#guide-list a[href^='tel:']")
    assert call.get_attribute("href") == "tel:+358161234567"
    assert call.is_visible()
    assert_accessible(axe, page)

    page.locator("#guide-list h2 a").click()
    page.wait_for_url("**/kittila/services/lastenneuvola")
    assert page.locator("main a[href='tel:+358161234567']").first.is_visible()
    assert page.locator("main a[href^='https://www.openstreetmap.org/search?query=']").count() == 1
    page.locator("summary", has_text="Ehdota korjausta").click()  # "suggest a correction" opens without a reload
    assert page.locator("#body").is_visible()
    assert_accessible(axe, page)


def test_the_guide_works_with_javascript_off_in_northern_sami(browser, live_server, guide):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, **PHONE)
    page = context.new_page()
    try:
        page.goto("/kittila/services?lang=se")
        page.fill("#q", "rávvehat")
        page.locator("form.guide-filters button[type=submit]").click()
        page.wait_for_url("**q=**")
        assert visible_names(page) == ["Etniidrávvehat", "Mánáidrávvehat"]
        assert page.get_attribute("html", "lang") == "se"
    finally:
        context.close()


def test_a_coordinator_adds_and_publishes_an_entry_and_a_family_corrects_it(page, axe, app, factory, guide):
    factory.user("k@kittila.example", organisation=guide, role="coordinator")
    log_in(page, "k@kittila.example")
    page.goto("/staff/kittila/services?lang=en")
    assert_accessible(axe, page)
    page.locator("main a.button").click()
    page.fill("#slug", "Vauva Jumppa")  # not an address name: the form says so and keeps the rest
    page.fill("#name-se", "Mánáidvuoigŋadeapmi")
    page.fill("#phone", "040 111 2222")
    page.locator("main form button[type=submit]").last.click()
    page.locator(".error-summary").wait_for()
    assert page.input_value("#name-se") == "Mánáidvuoigŋadeapmi"
    assert_accessible(axe, page)
    page.fill("#slug", "vauvajumppa")
    page.fill("#name-fi", "Vauvajumppa")
    page.check("input[name=audiences][value=baby]")
    page.check("input[name=languages][value=se]")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/staff/kittila/services/*")
    page.get_by_role("button", name="Publish").click()
    page.locator(".flash").wait_for()
    assert_accessible(axe, page)

    page.goto("/kittila/services/vauvajumppa?lang=en")
    page.locator("summary", has_text="Suggest a correction").click()
    page.fill("#body", "Jumppa on nyt torstaisin.")
    page.locator("details form button[type=submit]").click()
    page.locator(".flash").wait_for()
    page.goto("/staff/kittila/moderation?lang=en")
    assert page.locator(".queue-item", has_text="Jumppa on nyt torstaisin.").count() == 1
    assert_accessible(axe, page)
