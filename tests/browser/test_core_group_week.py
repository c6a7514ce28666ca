"""The core group's week in a browser: an idea found in the staff list and promoted into an
existing item chosen by searching; two items merged; the minutes of a workshop printed to PDF
from a core-group member's view, whole and without form controls; the same minutes as .docx."""

import io
import re
import subprocess
from datetime import date

from docx import Document

from tests.browser.conftest import assert_accessible, log_in
from tests.idea_factory import make_board, published_idea
from webapp.backlog import services as backlog
from webapp.backlog.models import BacklogItem, BacklogStatus, Workshop
from webapp.core.database import db
from webapp.orgs.models import Organisation

DECISION = " ".join(f"Kohta {n}: neuvolan iltavastaanottoa kokeillaan keväällä 2027." for n in range(1, 60))[:2000]


def test_promote_from_the_ideas_list_into_a_searched_item_and_merge(page, axe, app, factory):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus"})
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    board = make_board(app, org)
    for n in range(30):
        published_idea(app, board, title=f"Muu idea {n}")
    published_idea(app, board, title="Iltavastaanotto neuvolaan")
    with app.test_request_context():
        organisation = db.session.get(Organisation, org.id)
        keep = backlog.create_item(organisation, title="Neuvolan aukioloajat").id
        duplicate = backlog.create_item(organisation, title="Neuvola auki iltaisin").id
        for n in range(25):
            backlog.create_item(organisation, title=f"Muu kohde {n}")
        db.session.commit()

    log_in(page, "k@kittila.example")
    page.goto("/staff/kittila/ideas?status=published")
    page.fill("#f-q", "iltavastaanotto")
    page.locator("form[role=search] button").click()
    assert_accessible(axe, page)
    page.get_by_role("link", name=re.compile("Iltavastaanotto neuvolaan")).click()
    page.get_by_role("link", name="Valitse olemassa oleva kohde tai tee uusi").click()
    page.fill("#choose-q", "aukiolo")
    page.locator("form[role=search] button").click()
    assert_accessible(axe, page)
    page.get_by_role("button", name=re.compile(rf"^Valitse\W+#{keep} Neuvolan aukioloajat$")).click()
    page.wait_for_url(f"**/backlog/{keep}")
    assert "Iltavastaanotto neuvolaan" in page.inner_text("#sources")

    page.goto(f"/staff/kittila/backlog/{duplicate}")
    page.get_by_role("link", name="Yhdistä tämä kohde toiseen").click()
    page.fill("#choose-q", str(keep))
    page.locator("form[role=search] button").click()
    page.get_by_role("button", name=re.compile(rf"^Valitse\W+#{keep} Neuvolan aukioloajat$")).click()
    page.wait_for_url(f"**/backlog/{keep}")
    with app.app_context():
        assert db.session.get(BacklogItem, duplicate).status is BacklogStatus.MERGED
    page.goto("/staff/kittila/backlog/board")
    assert "Neuvola auki iltaisin" not in page.inner_text("section[aria-labelledby=col-declined]")
    page.goto("/staff/kittila/report")
    assert "Neuvola auki iltaisin" not in page.inner_text("main")


def test_minutes_print_whole_without_form_controls_and_open_in_word(page, app, factory, tmp_path):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus"})
    factory.user("y@kittila.example", organisation=org, role="core_group")
    with app.test_request_context():
        organisation = db.session.get(Organisation, org.id)
        item = backlog.create_item(organisation, title="Iltavastaanotto")
        workshop = backlog.save_workshop(organisation, None, title="Ydinryhmän työpaja",
                                         held_on=date(2026, 12, 10), place="Kittilän neuvola",
                                         participants="Anna Aho (neuvola), Pekka Palo (koulu), 2 kehittäjäasiakasta")
        backlog.add_to_agenda(workshop, item)
        backlog.record_decision(workshop.agenda[0], decision=DECISION, status=BacklogStatus.CONSIDERING)
        db.session.commit()
        workshop_id = workshop.id

    log_in(page, "y@kittila.example")
    page.goto(f"/staff/kittila/workshops/{workshop_id}/minutes")
    page.emulate_media(media="print")
    pdf = tmp_path / "poytakirja.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", re.sub(r"\d+ ?/ ?\d+|\f", " ", text))  # without the page numbers
    header = re.sub(r"\s+", " ", page.locator("table.document-table thead").inner_text()).strip()
    assert flat.count(header) >= 2, "the table header repeats on the next page"
    # The other columns' words sit between the lines of the decision in reading order.
    body = flat.replace(f" {header} ", " ").replace(" Harkinnassa ", " ", 1)
    assert re.sub(r"\s+", " ", DECISION.strip()) in body
    assert "Kittilän perhekeskus" in flat and "Pöytäkirja" in flat and "Anna Aho" in flat
    for control in ("Tallenna", "Kirjaa päätökset", "Kirjaudu ulos", "Lataa Word"):
        assert control not in flat

    response = page.request.get(f"/staff/kittila/workshops/{workshop_id}/minutes.docx")
    assert response.ok
    document = Document(io.BytesIO(response.body()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(DECISION.strip() == cell.strip() for cell in cells)
    with app.app_context():
        assert db.session.get(Workshop, workshop_id).agenda[0].decision == DECISION.strip()
