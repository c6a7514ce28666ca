"""An idea in Inari Sámi with a phone number: held, highlighted, redacted, published; an email
removed with one click, and only what the moderator sees is published."""

from tests.browser.conftest import assert_accessible, log_in
from tests.idea_factory import make_board, published_idea


def test_an_idea_with_a_phone_number_is_redacted_before_it_is_public(page, axe, app, factory):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus"})
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    board = make_board(app, org, title={"fi": "Ideoita neuvolaan", "smn": "Jurduuh ravviittâhân"})
    published_idea(app, board, title="Iltavastaanotto", body="Illalla olisi helpompi tulla.")

    page.goto(f"{board.url}?lang=smn")
    assert page.get_attribute("html", "lang") == "smn"
    assert_accessible(axe, page)
    page.locator("main a.button").click()
    page.wait_for_url("**/new*")
    assert_accessible(axe, page)
    page.fill("#title", "Ihâstuvvii eehidvuástáváldám")
    page.fill("#body", "Mun puávtám koskoo ilmuttiđ, soittâ 040 123 4567. ʹǩ ⛄")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/posted*")
    assert_accessible(axe, page)
    page.goto(board.url)
    assert "040 123 4567" not in page.inner_text("main")

    log_in(page, "k@kittila.example")
    page.goto("/staff/kittila/moderation")
    mark = page.locator("mark.pd-phone")
    assert mark.inner_text() == "040 123 4567"
    assert_accessible(axe, page)
    page.locator("main a[href*=\"/moderation/idea/\"]").first.click()  # "edit and publish"
    assert_accessible(axe, page)
    body = page.locator("#body")
    body.fill(body.input_value().replace("040 123 4567", "[poistettu]"))
    page.locator("main form button[name=publish]").click()
    page.wait_for_url("**/staff/kittila/moderation")

    page.goto(f"{board.url}?lang=smn")
    page.get_by_role("link", name="Ihâstuvvii eehidvuástáváldám").click()
    article = page.locator("article")
    assert article.get_attribute("lang") == "smn"
    assert "[poistettu]" in article.inner_text() and "040 123 4567" not in page.content()
    assert "ʹǩ ⛄" in article.inner_text()
    assert page.locator(".idea-meta em").is_visible()  # "edited by a moderator", in the reader's language
    assert_accessible(axe, page)


def test_one_click_redaction_publishes_what_the_moderator_sees(page, axe, app, factory):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus"})
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    board = make_board(app, org)
    page.goto(board.url)
    page.locator("main a.button").click()
    page.wait_for_url("**/new*")
    page.fill("#title", "Perhekahvila lauantaisin")
    page.fill("#body", "Vastaan mielelläni, kirjoita Maija.Vanhempi@Example.fi")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/posted*")

    log_in(page, "k@kittila.example")
    page.goto("/staff/kittila/moderation")
    page.locator("main a[href*=\"/moderation/idea/\"]").first.click()
    # No button on the edit page publishes the stored text behind the moderator's back.
    assert page.locator("form[action$='/publish']").count() == 0
    assert page.locator("main button[name=publish]").count() == 1
    page.get_by_role("button", name="Korvaa korostetut kohdat merkinnällä ”[poistettu]”").click()
    assert page.locator("#body").input_value() == "Vastaan mielelläni, kirjoita [poistettu]"
    assert_accessible(axe, page)
    page.locator("main button[name=publish]").click()
    page.wait_for_url("**/staff/kittila/moderation")

    page.goto(board.url)
    page.get_by_role("link", name="Perhekahvila lauantaisin").click()
    article = page.locator("article")
    assert "kirjoita [poistettu]" in article.inner_text()
    assert "Example.fi" not in page.content() and "Maija" not in page.content()


def test_a_full_queue_is_paged_and_a_page_is_rejected_at_once(page, axe, app, factory):
    """30 ideas wait: the queue shows 25; "select all on this page" checks them (with JavaScript in
    place, without reloading); a bulk reject asks for a reason first, then says how many it rejected."""
    from webapp.core.database import db
    from webapp.ideas import services
    from webapp.ideas.models import Board

    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus"})
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    board = make_board(app, org)
    with app.test_request_context():
        for n in range(30):
            services.post_idea(db.session.get(Board, board.id), title=f"Mainos {n}", body="Osta nyt", locale="fi")
        db.session.commit()

    log_in(page, "k@kittila.example")
    page.goto("/staff/kittila/moderation")
    assert_accessible(axe, page)
    boxes = page.locator("input[form=bulk][name=items]")
    assert boxes.count() == 25
    page.get_by_role("link", name="Valitse kaikki tällä sivulla").click()
    assert page.url.endswith("/staff/kittila/moderation")  # checked in place
    assert all(boxes.nth(n).is_checked() for n in range(25))
    page.select_option("#bulk-action", "reject")
    page.locator("#bulk button[type=submit]").click()
    assert "Valitse hylkäämisen syy." in page.inner_text(".flash-error")
    page.get_by_role("link", name="Valitse kaikki tällä sivulla").click()
    page.select_option("#bulk-action", "reject")
    page.select_option("#bulk-reason", "spam")
    page.locator("#bulk button[type=submit]").click()
    assert "25 hylätty." in page.inner_text("main")
    assert page.locator("input[form=bulk][name=items]").count() == 5
