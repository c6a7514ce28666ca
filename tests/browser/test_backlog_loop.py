"""From a published idea to a workshop decision to the public answer, in a real browser."""

import sqlalchemy as sa

from tests.browser.conftest import assert_accessible, log_in
from tests.idea_factory import make_board, published_idea
from webapp.core.database import db
from webapp.ideas.models import IdeaContact
from webapp.outbox.models import OutboxMessage


def test_idea_to_workshop_decision_to_progress_page(page, axe, app, factory):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus", "se": "Gihttela bearašguovddáš"})
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    board = make_board(app, org)
    idea_id = published_idea(app, board, title="Eahketvuostáiváldin", body="Eahkes livččii álkit boahtit.",
                             locale="se")
    with app.app_context():
        db.session.add(IdeaContact(idea_id=idea_id, email="eadni@example.fi", locale="se"))
        db.session.commit()

    log_in(page, "k@kittila.example")
    page.goto(f"/staff/kittila/moderation/idea/{idea_id}")
    page.locator(f"a[href*='/backlog/choose?for=idea:{idea_id}']").click()
    page.wait_for_url("**/backlog/choose*")
    page.get_by_role("button", name="Tee siitä uusi kohde").click()
    page.wait_for_url("**/staff/kittila/backlog/*")
    item_url = page.url
    assert_accessible(axe, page)
    page.check("#is_public")
    page.fill("#public_title-fi", "Neuvolaan iltavastaanotto")
    page.fill("#public_title-se", "Rávvehahkii eahketvuostáiváldin")
    page.fill("#public_answer-se", "Geahččaleapmi álgá giđđat.")
    page.locator("form:has(#public_answer-se) button[type=submit]").click()
    page.wait_for_url(item_url)

    page.goto("/staff/kittila/workshops/new")
    page.fill("#title", "Ydinryhmän työpaja")
    page.fill("#held_on", "2026-11-26")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/workshops/*")
    page.locator("#agenda-item").select_option(item_url.rsplit("/", 1)[1])
    page.locator("form:has(#agenda-item) button").click()
    page.locator("textarea[id^=decision-]").fill("Kokeillaan keväällä")
    page.locator("select[id^=status-]").select_option("planned")
    assert_accessible(axe, page)
    page.locator("form:has(textarea[id^=decision-]) button[type=submit]").click()
    page.locator(".flash-success").wait_for()

    page.goto("/kittila/progress?lang=se")
    assert page.get_attribute("html", "lang") == "se"
    main = page.inner_text("main")
    assert "Rávvehahkii eahketvuostáiváldin" in main and "Geahččaleapmi álgá giđđat." in main
    assert_accessible(axe, page)
    page.goto(f"{board.url}/{idea_id}?lang=se")
    page.locator("p.in-backlog a").click()
    page.wait_for_url("**/kittila/progress*")
    with app.app_context():
        [email] = db.session.scalars(sa.select(OutboxMessage)).all()
    assert email.recipient == "eadni@example.fi" and email.locale == "se"
