"""This week's meeting places and activities in a phone's browser: listed in Finnish, Northern
Sámi and Skolt Sámi, fallback text marked with its language, and no accessibility violations."""

import pytest

from tests.browser.conftest import assert_accessible
from webapp.activities.demo import load_demo_activities
from webapp.core.database import db
from webapp.orgs.models import Organisation


@pytest.mark.parametrize("locale", ["fi", "se", "sms"])
def test_this_weeks_activities_are_accessible_in_every_language(page, axe, app, factory, locale):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus", "se": "Gihttela bearašguovddáš"})
    with app.test_request_context():
        load_demo_activities(db.session.get(Organisation, org.id))
        db.session.commit()
    page.goto(f"/kittila/activities?lang={locale}")
    assert page.get_attribute("html", "lang") == locale
    assert page.locator("main article, main li").count() > 0
    if locale == "sms":  # Skolt falls back to Finnish text, marked so that a screen reader reads it right
        assert page.locator("main [lang=fi]").count() > 0
    assert_accessible(axe, page)
