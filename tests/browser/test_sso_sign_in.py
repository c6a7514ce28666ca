"""Staff sign in through their organisation's OpenID Connect provider (a real one, on loopback)."""

import pytest

from tests.oidc_provider import COORDINATOR_EMAIL, COORDINATOR_SUB, STRANGER_SUB, Provider


@pytest.fixture(scope="module")
def provider():
    server = Provider().start()
    yield server
    server.stop()


@pytest.fixture
def settings(settings, provider):
    settings.update(provider.settings())
    return settings


@pytest.fixture
def coordinator(factory):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus"})
    return factory.user(COORDINATOR_EMAIL, organisation=org)


def start_at_the_provider(page):
    page.goto("/staff/login")
    page.get_by_role("link", name="Lapin hyvinvointialue").click()
    page.wait_for_url("http://127.0.0.1:*/oauth2/authorize?*")


def test_a_coordinator_signs_in_through_the_provider_and_lands_on_the_staff_pages(page, provider, coordinator):
    start_at_the_provider(page)
    page.locator(f'button[name="sub"][value="{COORDINATOR_SUB}"]').click()
    page.wait_for_url("**/staff/kittila/")
    assert page.locator("h1").inner_text().strip() == "Kittilän perhekeskus"
    assert COORDINATOR_EMAIL in page.locator(".staff-nav").inner_text()


def test_someone_without_an_account_is_refused_clearly(page, provider, coordinator):
    start_at_the_provider(page)
    page.locator(f'button[name="sub"][value="{STRANGER_SUB}"]').click()
    page.wait_for_url("**/staff/login/oidc/default/callback?*")
    alert = page.get_by_role("alert")
    assert "ei ole Yhessän henkilökunnan tunnusta" in alert.inner_text()
    assert page.locator(".staff-nav").count() == 0
    page.get_by_role("link", name="Takaisin kirjautumissivulle").click()
    page.wait_for_url("**/staff/login")
