"""A coordinator on a phone: logs in, adds a service area in two languages, logs out."""

from tests.browser.conftest import assert_accessible


def test_coordinator_adds_a_service_area(page, axe, factory):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus"})
    factory.user("ritva@kittila.example", organisation=org, role="coordinator")
    page.goto("/staff/")
    assert "/staff/login" in page.url
    page.fill("#email", "ritva@kittila.example")
    page.fill("#password", "wrong password")
    page.click("main button[type=submit]")
    assert page.locator(".flash-error").is_visible()
    assert_accessible(axe, page)
    page.fill("#password", "correct horse battery")
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/kittila/")
    assert_accessible(axe, page)
    page.click("text=Palvelualueet")
    page.click("a.button")
    page.fill("#key", "NEUVOLA!")
    page.fill("#name-se", "Rávvehat")
    page.click("main button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    assert page.input_value("#name-se") == "Rávvehat"
    assert_accessible(axe, page)
    page.fill("#key", "neuvola")
    page.fill("#name-fi", "Neuvola")
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/kittila/service-areas")
    assert page.locator("table").inner_text().count("Neuvola") == 1
    assert_accessible(axe, page)
    page.click("nav.staff-nav button")
    page.wait_for_url("**/staff/login")
