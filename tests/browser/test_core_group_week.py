"""The core group's week in a browser: an idea found in the staff list and promoted into an
existing item chosen by searching; two items merged; the minutes of a workshop printed to PDF
from a core-group member's view, whole and without form controls; the same minutes as .docx."""

import io
import re
import subprocess
from datetime import date

import pytest
import sqlalchemy as sa
from docx import Document

from tests.browser.conftest import assert_accessible, log_in
from webapp.backlog import services as backlog
from webapp.backlog.models import (
    AttendeeRow,
    BacklogItem,
    BacklogStatus,
    Sector,
    Source,
    SourceKind,
    StatusChange,
    Workshop,
)
from webapp.core.database import db
from webapp.demo import DEMO_PASSWORD, load_demo_data
from webapp.demo.volume import load_volume
from webapp.ideas.models import Idea, IdeaStatus
from webapp.orgs.models import Organisation
from webapp.orgs.services import find_organisation

DECISION = " ".join(f"Kohta {n}: neuvolan iltavastaanottoa kokeillaan keväällä 2027." for n in range(1, 60))[:2000]


@pytest.fixture
def volume(app):
    """The demo organisations, and Kittilä at a real year's volume (`flask demo-data --volume`)."""
    with app.test_request_context():
        load_demo_data()
        load_volume(find_organisation("kittila"))
        db.session.commit()


def _open_items_without_decisions(app) -> list[tuple[int, str]]:
    """Open volume items that nothing was decided about yet (their history is their creation only)."""
    with app.app_context():
        decided = sa.select(StatusChange.item_id).where(StatusChange.old_status.is_not(None))
        return [tuple(row) for row in db.session.execute(
            sa.select(BacklogItem.id, BacklogItem.title).join(Organisation)
            .where(Organisation.slug == "kittila", BacklogItem.status == BacklogStatus.NEW,
                   BacklogItem.id.not_in(decided), BacklogItem.title.contains("kokeilu"))
            .order_by(BacklogItem.id))]


def test_coordinator_promotes_and_merges_at_volume(page, axe, app, volume):
    """As the coordinator on the volume data: a published idea found in the staff list goes into
    an existing item chosen by searching; two items merge, and the duplicate is "merged", neither
    declined nor a decision in the steering group's report."""
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Idea.id))) >= 150
        promoted = sa.select(Source.idea_id).where(Source.idea_id.is_not(None))
        idea_id, idea_title = db.session.execute(
            sa.select(Idea.id, Idea.title).join(Organisation).where(
                Organisation.slug == "kittila", Idea.status == IdeaStatus.PUBLISHED, Idea.id.not_in(promoted))
            .order_by(Idea.id.desc()).limit(1)).one()
    (keep, keep_title), (duplicate, duplicate_title) = _open_items_without_decisions(app)[:2]

    log_in(page, "koordinaattori@kittila.example", password=DEMO_PASSWORD)
    page.goto("/staff/kittila/ideas")
    page.select_option("#f-status", "published")
    page.fill("#f-q", idea_title)
    page.locator("form[role=search] button").click()
    assert_accessible(axe, page)
    page.get_by_role("link", name=re.compile(rf"^#{idea_id}\W+{re.escape(idea_title)}$")).click()
    page.get_by_role("link", name="Valitse olemassa oleva kohde tai tee uusi").click()
    page.fill("#choose-q", keep_title)
    page.locator("form[role=search] button").click()
    assert_accessible(axe, page)
    page.get_by_role("button", name=re.compile(rf"^Valitse\W+#{keep} {re.escape(keep_title)}$")).click()
    page.wait_for_url(f"**/backlog/{keep}")
    assert idea_title in page.inner_text("#sources")

    page.goto(f"/staff/kittila/backlog/{duplicate}")
    page.get_by_role("link", name="Yhdistä tämä kohde toiseen").click()
    page.fill("#choose-q", keep_title)
    page.locator("form[role=search] button").click()
    page.get_by_role("button", name=re.compile(rf"^Valitse\W+#{keep} {re.escape(keep_title)}$")).click()
    page.wait_for_url(f"**/backlog/{keep}")
    page.goto(f"/staff/kittila/backlog/{duplicate}")
    assert "Tila: Yhdistetty" in page.inner_text("#status-heading")
    with app.app_context():
        assert db.session.get(BacklogItem, duplicate).status is BacklogStatus.MERGED
    page.goto("/staff/kittila/backlog/board")
    declined = page.locator("section[aria-labelledby=col-declined] .item-number").all_inner_texts()
    assert f"#{duplicate}" not in declined
    page.goto("/staff/kittila/report")
    decided = page.locator("table", has=page.locator("caption", has_text="Mitä päätettiin")) \
        .locator("tbody td:nth-child(2)").all_inner_texts()
    assert decided, "the volume data has decisions in this year's report"
    assert keep_title not in decided and duplicate_title not in decided


def test_minutes_print_whole_without_form_controls_and_open_in_word(page, axe, app, factory, tmp_path):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus"})
    factory.user("y@kittila.example", organisation=org, role="core_group")
    with app.test_request_context():
        organisation = db.session.get(Organisation, org.id)
        item = backlog.create_item(organisation, title="Iltavastaanotto")
        workshop = backlog.save_workshop(organisation, None, title="Ydinryhmän työpaja",
                                         held_on=date(2026, 12, 10), place="Kittilän neuvola",
                                         developer_client_count=2, attendees=[
                                             AttendeeRow("Anna Aho", Sector.HEALTH_CARE.value),
                                             AttendeeRow("Pekka Palo", Sector.SCHOOL.value)])
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
    assert "Kittilän perhekeskus" in flat and "Pöytäkirja" in flat
    assert "Anna Aho (Terveydenhuolto)" in flat and "Pekka Palo (Koulu)" in flat
    for control in ("Tallenna", "Kirjaa päätökset", "Kirjaudu ulos", "Lataa Word"):
        assert control not in flat

    response = page.request.get(f"/staff/kittila/workshops/{workshop_id}/minutes.docx")
    assert response.ok
    document = Document(io.BytesIO(response.body()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(DECISION.strip() == cell.strip() for cell in cells)
    with app.app_context():
        assert db.session.get(Workshop, workshop_id).agenda[0].decision == DECISION.strip()

    page.emulate_media(media="screen")
    page.goto(f"/staff/kittila/workshops/{workshop_id}/edit")
    assert_accessible(axe, page)
    assert page.input_value("#attendees-1-name") == "Pekka Palo" and page.input_value("#attendees-4-name") == ""


def test_a_save_error_far_down_the_item_page_takes_the_focus(page, app, factory):
    """The item's form sits below its status, history and sources: a save error scrolls its summary
    into view and focuses it, so that a screen reader reads it out (REVIEW.md D21)."""
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus"})
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    with app.test_request_context():
        item = backlog.create_item(db.session.get(Organisation, org.id), title="Iltavastaanotto")
        for n in range(12):
            backlog.add_source(item, SourceKind.STAFF, count=n + 1, note=f"Havainto {n}")
        db.session.commit()
        item_id = item.id

    log_in(page, "k@kittila.example")
    page.goto(f"/staff/kittila/backlog/{item_id}")
    page.fill("#target_quarter", "ensi kevät")
    page.locator("form:has(#target_quarter) button[type=submit]").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    box = page.locator("#error-summary").bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"], "the summary is in view"
    page.locator("#error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "target_quarter"
