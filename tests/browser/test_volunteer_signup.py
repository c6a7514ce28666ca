"""A parent signs up as a developer-client in Northern Sámi on a phone; the confirmation email
arrives at a real SMTP server in Northern Sámi and its link confirms; a coordinator finds them,
and types in a sign-up given on paper."""

import re

import pytest

from tests.browser.conftest import assert_accessible, log_in
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.orgs.services import save_service_area
from webapp.outbox.services import deliver_due


@pytest.fixture
def mail_settings(settings, smtp):
    settings["SMTP_URL"] = smtp.url
    return smtp


def test_sign_up_in_northern_sami_and_confirm_by_email(mail_settings, page, axe, app, factory):
    smtp = mail_settings
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus", "se": "Gihttela bearašguovddáš"})
    with app.app_context():
        save_service_area(db.session.get(Organisation, org.id), None, key="neuvola",
                          name={"fi": "Neuvola", "se": "Rávvehat"})
        db.session.commit()

    page.goto("/kittila/join?lang=se")
    assert page.get_attribute("html", "lang") == "se"
    assert_accessible(axe, page)
    page.locator("form button[type=submit]").click()  # nothing filled in: the errors are explained
    page.locator(".error-summary").wait_for()
    assert_accessible(axe, page)

    page.fill("#name", "Máret Ǩuõbbâr")
    page.fill("#email", "maret@perhe.example")
    page.check("#age_range-2")  # 18–29
    page.get_by_label("Rávvehat").check()
    page.check("#contact_consent")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/kittila/join/thanks*")
    assert page.get_attribute("html", "lang") == "se"

    with app.app_context():
        assert deliver_due()["sent"] == 1
    [message] = smtp.wait_for(1)
    assert message["Content-Language"] == "se" and message["To"] == "maret@perhe.example"
    body = message.get_content()
    assert "Máret Ǩuõbbâr" in body and "Gihttela bearašguovddáš" in body
    assert "Thank you for signing up" not in body, "the email is in Northern Sámi, not English"
    link = re.search(r"https?://[^/\s]+(/kittila/join/confirm/\S+)", body).group(1)

    page.goto(link)
    assert page.get_attribute("html", "lang") == "se"
    assert_accessible(axe, page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/kittila/join/confirmed*")
    assert_accessible(axe, page)

    factory.user("k@kittila.example", organisation=org, role="coordinator")
    log_in(page, "k@kittila.example")
    page.goto("/staff/kittila/volunteers?language=se")
    assert page.locator("main table a", has_text="Máret Ǩuõbbâr").count() == 1
    assert_accessible(axe, page)

    page.goto("/staff/kittila/volunteers/new")  # a sign-up from paper, typed in by the coordinator
    page.fill("#name", "Jouni")
    page.fill("#phone", "040 765 4321")
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()  # no age group, no consent: both explained
    assert page.input_value("#phone") == "040 765 4321"
    assert_accessible(axe, page)
    page.check("#age_range-3")
    page.select_option("#method", "phone")
    page.check("#contact_consent")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/staff/kittila/volunteers/*")
    assert page.locator("main h1").inner_text() == "Jouni"
