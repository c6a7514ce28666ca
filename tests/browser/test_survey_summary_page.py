"""The demo survey's "what we heard" page for families: fi and se, and axe finds nothing."""

import pytest

from tests.browser.conftest import assert_accessible


@pytest.fixture
def demo(app):
    from webapp.core.database import db
    from webapp.demo import load_demo_data

    with app.test_request_context():
        load_demo_data()
        db.session.commit()


@pytest.mark.parametrize("locale", ["fi", "se"])
@pytest.mark.parametrize("slug", ["neuvola-2026", "neuvola-2025"])
def test_demo_summary_renders_and_is_accessible(page, axe, demo, locale, slug):
    response = page.goto(f"/kittila/surveys/{slug}/summary?lang={locale}")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == locale
    assert page.locator("h2#next-heading").count() == 1  # the note to families
    if slug == "neuvola-2025":  # last year's round: 40 answers, charts with their numbers in text
        first = page.locator("table.bars").first
        assert first.locator("tbody tr").count() == 4
        assert ("Eadni" if locale == "se" else "Äiti") in first.inner_text()
        assert page.locator("a[href*='/kittila/progress#item-']").count() == 2
    assert_accessible(axe, page)


def test_front_page_leads_to_the_summary(page, demo):
    page.goto("/kittila/?lang=se")
    page.locator("a[href='/kittila/surveys/neuvola-2025/summary']").click()
    page.wait_for_url("**/neuvola-2025/summary")
    assert page.locator("h1").inner_text() == "Rávvehatjearahallan 2025"
