"""A coordinator adds the parish to the network and its deacon to the core group, and sees the
core group's sector coverage change; the public handbook shows only its public parts, in Finnish
and Northern Sámi, with no accessibility violations."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import post_form
from tests.network_factory import make_network


@pytest.fixture
def network(app, factory):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus", "se": "Gihttela bearašguovddáš"})
    factory.user("koordinaattori@kittila.example", organisation=org, role="coordinator")
    return org, make_network(app, org)


def test_a_unit_and_its_contact_person_join_the_core_group_and_fill_the_sector(page, network):
    log_in(page, "koordinaattori@kittila.example")
    page.goto("/staff/kittila/network/groups")
    parish = page.locator('#coverage tr[data-sector="parish"]')
    expect(parish).to_have_attribute("data-represented", "no")
    represented_before = page.inner_text("#coverage-count")

    page.goto("/staff/kittila/network")
    page.get_by_role("link", name="Lisää jäsenyksikkö").click()
    page.fill("#name-fi", "Kittilän seurakunta")
    page.select_option("#sector_id", label="Seurakunnat")
    page.select_option("#organiser", "parish")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Kittilän seurakunta")

    page.get_by_role("link", name="Lisää yhteyshenkilö").first.click()
    page.fill("#name", "Leena Kuvitteellinen")
    page.select_option("#unit_id", label="Kittilän seurakunta")
    page.fill("#email", "leena@kittila.example")
    page.check("#in_core_group")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main")).to_contain_text("Leena Kuvitteellinen")

    page.goto("/staff/kittila/network/groups")
    expect(parish).to_have_attribute("data-represented", "yes")
    expect(parish).to_contain_text("Leena Kuvitteellinen")
    assert page.inner_text("#coverage-count") != represented_before


def test_the_public_handbook_shows_only_public_parts_in_finnish_and_sami(page, axe, app, client, auth, network):
    auth.login("koordinaattori@kittila.example")
    post_form(client, "/staff/kittila/handbook/new", {"year": "2027", "foreword-fi": "Verkoston käsikirja.",
                                                      "foreword-se": "Fierpmádaga giehtagirji."},
              page="/staff/kittila/handbook")
    post_form(client, "/staff/kittila/handbook/2027/publish", {}, page="/staff/kittila/handbook/2027")

    page.goto("/kittila/handbook?lang=fi")
    expect(page.locator("h1")).to_have_text("Perhekeskuskäsikirja 2027")
    expect(page.locator("main")).to_contain_text("Nelivuotiaan terveystarkastus")
    expect(page.locator("main")).not_to_contain_text("Sisäinen konsultaatiokäytäntö")
    expect(page.locator("main")).not_to_contain_text("Ydinryhmä")
    assert_accessible(axe, page)

    page.goto("/kittila/handbook?lang=se")
    expect(page.locator("html")).to_have_attribute("lang", "se")
    expect(page.locator("main")).to_contain_text("Njealljejahkásaš dearvvašvuođadárkkisteapmi")
    expect(page.locator("main")).to_contain_text("Fierpmádaga giehtagirji.")
    expect(page.locator("main")).not_to_contain_text("Sisäinen konsultaatiokäytäntö")
    assert_accessible(axe, page)
