"""Every public page, in every language, at a phone viewport: right `lang`, no English
source text where a translation exists, and no axe-core violations."""

from functools import cache

import pytest
from babel.messages.pofile import read_po

from tests.browser.conftest import assert_accessible
from webapp.core.catalogs import po_path
from webapp.core.i18n import LOCALES

PUBLIC_PAGES = ["/", "/kittila/", "/kittila/privacy", "/kittila/accessibility", "/kittila/join", "/kittila/join/manage",
                "/kittila/join/thanks", "/kittila/join/manage/not-a-token", "/staff/login",
                "/staff/password-reset", "/ei-ole-olemassa/"]


@cache
def english_sources(locale: str) -> list[str]:
    """Longer English msgids whose translation in `locale` differs from the English."""
    with po_path(locale).open("rb") as f:
        catalog = read_po(f, locale=locale)
    return [m.id for m in catalog
            if isinstance(m.id, str) and len(m.id) >= 14 and "%(" not in m.id
            and m.string and m.string != m.id]


#: Pages with content: a 10-question survey, an idea board with one published idea, the progress page,
#: the services guide with one entry.
CONTENT_PAGES = ["/kittila/surveys/kysely", "/kittila/surveys/kysely/thanks", "/kittila/ideas/neuvola",
                 "/kittila/ideas/neuvola/new", "/kittila/ideas/neuvola/1", "/kittila/progress",
                 "/kittila/services", "/kittila/services/lastenneuvola"]


@pytest.fixture
def two_orgs(factory):
    factory.organisation("kittila", name={"fi": "Kittilän perhekeskus", "se": "Gihttela bearašguovddáš"})
    factory.organisation("sodankyla", name={"fi": "Sodankylän perhekeskus"})


@pytest.fixture
def with_content(app, factory, two_orgs):
    from types import SimpleNamespace

    from tests.guide_factory import make_service
    from tests.idea_factory import make_board, published_idea
    from tests.survey_factory import make_survey

    kittila = SimpleNamespace(id=1, slug="kittila")
    make_survey(app, kittila)
    make_service(app, kittila)
    assert published_idea(app, make_board(app, kittila)) == 1


@pytest.mark.parametrize("locale", LOCALES)
def test_public_pages_in_every_language(page, axe, with_content, locale):
    for path in PUBLIC_PAGES + CONTENT_PAGES:
        page.goto(f"{path}?lang={locale}")
        assert page.get_attribute("html", "lang") == locale, path
        if locale != "en":
            visible = page.inner_text("body")
            leftovers = [text for text in english_sources(locale) if text in visible]
            assert leftovers == [], (path, leftovers)
        assert_accessible(axe, page)


def test_language_switcher_works_from_the_keyboard(page, two_orgs):
    page.goto("/kittila/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    switcher = page.locator('nav.languages a[lang="se"]')
    switcher.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**lang=se")
    assert page.get_attribute("html", "lang") == "se"
    assert page.locator('nav.languages a[aria-current="true"]').inner_text() == "davvisámegiella"
    page.goto("/kittila/privacy")  # remembered
    assert page.get_attribute("html", "lang") == "se"


def test_skip_link_moves_focus_to_the_content(page, two_orgs):
    page.goto("/kittila/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_tap_targets_are_at_least_44_pixels(page, two_orgs):
    page.goto("/kittila/")
    for selector in ("nav a", "header a", "button", ".footer-links a"):
        for element in page.locator(selector).all():
            if element.is_visible():
                box = element.bounding_box()
                assert box["height"] >= 44 and box["width"] >= 44, (selector, element.inner_text(), box)
    page.goto("/staff/login")
    for element in page.locator("input:visible, button:visible").all():
        assert element.bounding_box()["height"] >= 44


def test_pages_work_without_javascript(browser, live_server, two_orgs):
    from tests.browser.conftest import PHONE

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto("/kittila/?lang=sv")
    assert page.get_attribute("html", "lang") == "sv"
    page.click('nav.languages a[lang="sms"]')
    assert page.get_attribute("html", "lang") == "sms"
    context.close()
