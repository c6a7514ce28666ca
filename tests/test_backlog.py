"""The core group's backlog: items move by the rules, workshops decide, families see the
answer on the progress page and hear of it by email; the steering group only reads."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from tests.conftest import post_form
from tests.idea_factory import make_board, published_idea
from webapp.backlog import services as backlog
from webapp.backlog.models import BacklogItem, BacklogStatus, Source, StatusChange, Workshop
from webapp.core.database import db
from webapp.ideas.models import IdeaContact
from webapp.outbox.models import OutboxMessage


@pytest.fixture
def org(factory):
    return factory.organisation("kittila")


def login_as(factory, auth, org, role):
    factory.user(f"{role}@kittila.example", organisation=org, role=role)
    auth.login(f"{role}@kittila.example")


def new_item(client, **fields):
    data = {"title": "Iltavastaanotto", "priority": "normal", **fields}
    response = post_form(client, "/staff/kittila/backlog/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)[-500:]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_items_move_along_the_transition_table_with_history(client, auth, factory, app, org):
    login_as(factory, auth, org, "core_group")
    item_id = new_item(client, target_quarter="2027-Q1")
    page = f"/staff/kittila/backlog/{item_id}"
    post_form(client, f"{page}/status", {"status": "planned", "note": "Ydinryhmä päätti"}, page=page)
    refused = post_form(client, f"{page}/status?lang=en", {"status": "done"}, page=page)
    assert refused.status_code == 302
    assert "cannot move from Planned to Done" in client.get(page + "?lang=en").get_data(as_text=True)
    with app.app_context():
        item = db.session.get(BacklogItem, item_id)
        assert item.status is BacklogStatus.PLANNED
        history = [(c.old_status, c.new_status, c.note) for c in item.history]
    assert history == [(None, BacklogStatus.NEW, ""), (BacklogStatus.NEW, BacklogStatus.PLANNED, "Ydinryhmä päätti")]
    bad_quarter = post_form(client, f"{page}?lang=en",
                            {"title": "X", "priority": "normal", "target_quarter": "ensi vuonna"})
    assert "Write the quarter as 2027-Q1." in bad_quarter.get_data(as_text=True)


def test_the_steering_group_reads_everything_and_changes_nothing(client, auth, factory, app, org):
    with app.app_context():
        from webapp.backlog import services
        from webapp.orgs.models import Organisation

        organisation = db.session.get(Organisation, org.id)
        item = services.create_item(organisation, title="Perhekahvila")
        workshop = services.save_workshop(organisation, None, title="Työpaja", held_on=date(2026, 11, 26))
        db.session.commit()
        item_id, workshop_id = item.id, workshop.id
    login_as(factory, auth, org, "steering_group")
    for page in ("/staff/kittila/backlog", "/staff/kittila/backlog/board", f"/staff/kittila/backlog/{item_id}",
                 "/staff/kittila/workshops", f"/staff/kittila/workshops/{workshop_id}"):
        assert client.get(page).status_code == 200, page
    writes = ["/staff/kittila/backlog/new", f"/staff/kittila/backlog/{item_id}",
              f"/staff/kittila/backlog/{item_id}/status", f"/staff/kittila/backlog/{item_id}/sources",
              "/staff/kittila/backlog/promote/1", "/staff/kittila/workshops/new",
              f"/staff/kittila/workshops/{workshop_id}/edit", f"/staff/kittila/workshops/{workshop_id}/agenda",
              f"/staff/kittila/workshops/{workshop_id}/decisions"]
    for url in writes:
        response = post_form(client, url, {"status": "planned", "title": "X"}, page="/staff/kittila/backlog")
        assert response.status_code == 403, url
    with app.app_context():
        assert db.session.get(BacklogItem, item_id).status is BacklogStatus.NEW


def test_staff_of_another_organisation_see_nothing(client, auth, factory, app, org):
    with app.app_context():
        from webapp.backlog import services
        from webapp.orgs.models import Organisation

        item = services.create_item(db.session.get(Organisation, org.id), title="Salainen")
        db.session.commit()
        item_id = item.id
    other = factory.organisation("sodankyla")
    factory.user("k@sodankyla.example", organisation=other, role="coordinator")
    auth.login("k@sodankyla.example")
    assert client.get("/staff/kittila/backlog").status_code == 403
    assert client.get(f"/staff/sodankyla/backlog/{item_id}").status_code == 404
    assert "Salainen" not in client.get("/staff/sodankyla/backlog").get_data(as_text=True)


def test_from_idea_to_workshop_decision_to_public_answer(client, auth, factory, app, org):
    board = make_board(app, org)
    idea_id = published_idea(app, board, title="Iltavastaanotto", locale="se")
    with app.app_context():
        db.session.add(IdeaContact(idea_id=idea_id, email="eadni@example.fi", locale="se"))
        db.session.commit()
    login_as(factory, auth, org, "coordinator")
    promoted = post_form(client, f"/staff/kittila/backlog/promote/{idea_id}", {}, page="/staff/kittila/backlog")
    item_id = int(promoted.headers["Location"].rsplit("/", 1)[1])
    post_form(client, f"/staff/kittila/backlog/{item_id}", {
        "title": "Iltavastaanotto", "priority": "high", "is_public": "y",
        "public_title-fi": "Neuvolaan iltavastaanotto", "public_title-se": "Rávvehahkii eahketvuostáiváldin",
        "public_answer-fi": "Kokeilu alkaa keväällä.", "public_answer-se": "Geahččaleapmi álgá giđđat."})
    created = post_form(client, "/staff/kittila/workshops/new", {"title": "Ydinryhmän työpaja",
                                                                 "held_on": "2026-11-26"})
    workshop_id = int(created.headers["Location"].rsplit("/", 1)[1])
    page = f"/staff/kittila/workshops/{workshop_id}"
    post_form(client, f"{page}/agenda", {"item": str(item_id)}, page=page)
    with app.app_context():
        entry_id = db.session.get(Workshop, workshop_id).agenda[0].id
    post_form(client, f"{page}/decisions", {f"decision-{entry_id}": "Kokeillaan keväällä",
                                            f"status-{entry_id}": "planned"}, page=page)
    with app.app_context():
        item = db.session.get(BacklogItem, item_id)
        assert item.status is BacklogStatus.PLANNED
        assert db.session.scalar(sa.select(StatusChange.workshop_id).where(
            StatusChange.new_status == BacklogStatus.PLANNED)) == workshop_id
        [email] = db.session.scalars(sa.select(OutboxMessage)).all()
        assert email.recipient == "eadni@example.fi" and email.locale == "se"
        assert "Geahččaleapmi álgá giđđat." in email.body
    progress = client.get("/kittila/progress?lang=se").get_data(as_text=True)
    assert "Rávvehahkii eahketvuostáiváldin" in progress and "Geahččaleapmi álgá giđđat." in progress
    idea_page = client.get(f"{board.url}/{idea_id}").get_data(as_text=True)
    assert f"/kittila/progress#item-{item_id}" in idea_page

    with app.app_context():  # carried out: the author hears of it, and then the address is erased
        item = db.session.get(BacklogItem, item_id)
        backlog.change_status(item, BacklogStatus.IN_PROGRESS)
        assert db.session.scalar(sa.select(IdeaContact.email)) == "eadni@example.fi"
        backlog.change_status(item, BacklogStatus.DONE)
        db.session.commit()
        assert db.session.scalars(sa.select(IdeaContact)).all() == []
        last = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
        assert last.recipient == "eadni@example.fi"


def test_source_counts_show_on_the_progress_page(client, auth, factory, app, org):
    login_as(factory, auth, org, "coordinator")
    item_id = new_item(client, is_public="y", **{"public_title-fi": "Perhekahvila"})
    page = f"/staff/kittila/backlog/{item_id}"
    post_form(client, f"{page}/sources", {"kind": "survey_answer", "count": "40", "note": "Kevään kysely"}, page=page)
    post_form(client, f"{page}/sources", {"kind": "hearing", "count": "1", "note": "Vammaisjärjestön kuuleminen"},
              page=page)
    progress = client.get("/kittila/progress?lang=en").get_data(as_text=True)
    assert "Raised in: 40 survey answers, 1 other voice" in progress
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.sum(Source.count))) == 41


def test_a_private_item_is_not_on_the_progress_page(client, auth, factory, app, org):
    login_as(factory, auth, org, "coordinator")
    new_item(client, title="Sisäinen asia")
    assert "Sisäinen asia" not in client.get("/kittila/progress").get_data(as_text=True)


def test_the_board_view_moves_items_without_javascript(client, auth, factory, app, org):
    login_as(factory, auth, org, "coordinator")
    item_id = new_item(client)
    board = "/staff/kittila/backlog/board"
    html = client.get(board).get_data(as_text=True)
    assert f'id="move-{item_id}"' in html
    moved = post_form(client, f"/staff/kittila/backlog/{item_id}/status", {"status": "considering", "back": board},
                      page=board)
    assert moved.headers["Location"] == board


def test_steering_report_and_action_plan(client, auth, factory, app, org):
    from io import BytesIO

    from openpyxl import load_workbook

    login_as(factory, auth, org, "coordinator")
    late = new_item(client, title="Perhekahvila", target_quarter="2020-Q4", responsible="Seurakunta")
    upcoming = new_item(client, title="Iltavastaanotto", target_quarter="2099-Q2")
    for item_id in (late, upcoming):
        post_form(client, f"/staff/kittila/backlog/{item_id}/status", {"status": "planned", "note": "Työpajassa"},
                  page=f"/staff/kittila/backlog/{item_id}")
    auth.logout()
    login_as(factory, auth, org, "steering_group")
    page = client.get("/staff/kittila/report?lang=en").get_data(as_text=True)
    late_section = page.split("What is late", 1)[1]
    assert "Perhekahvila" in late_section and "Iltavastaanotto" not in late_section
    assert "New → Planned: Työpajassa" in page
    plan = client.get("/staff/kittila/action-plan?lang=en").get_data(as_text=True)
    assert plan.index("Perhekahvila") < plan.index("Iltavastaanotto") and "Seurakunta" in plan
    with client.get("/staff/kittila/action-plan.xlsx?lang=en") as response:
        sheet = load_workbook(BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Title" and [r[0] for r in rows[1:]] == ["Perhekahvila", "Iltavastaanotto"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F3"


def test_merging_two_items_keeps_all_sources(client, auth, factory, app, org):
    login_as(factory, auth, org, "coordinator")
    keep, duplicate = new_item(client, title="Iltavastaanotto"), new_item(client, title="Ilta-aukiolo")
    for item_id, count in ((keep, 3), (duplicate, 5)):
        post_form(client, f"/staff/kittila/backlog/{item_id}/sources", {"kind": "event", "count": str(count)},
                  page=f"/staff/kittila/backlog/{item_id}")
    listed = client.get("/staff/kittila/backlog").get_data(as_text=True)
    assert f'<span class="item-number">#{keep}</span> Iltavastaanotto' in listed  # the number the forms ask for
    mistyped = post_form(client, f"/staff/kittila/backlog/{duplicate}/merge?lang=en", {"into": "999"},
                         page=f"/staff/kittila/backlog/{duplicate}")
    assert mistyped.headers["Location"].endswith(f"/backlog/{duplicate}")
    assert "There is no backlog item number 999." in client.get(mistyped.headers["Location"] + "?lang=en").get_data(
        as_text=True)
    merged = post_form(client, f"/staff/kittila/backlog/{duplicate}/merge", {"into": str(keep)},
                       page=f"/staff/kittila/backlog/{duplicate}")
    assert merged.headers["Location"].endswith(f"/backlog/{keep}")
    with app.app_context():
        assert sorted(s.count for s in db.session.get(BacklogItem, keep).sources) == [3, 5]
        gone = db.session.get(BacklogItem, duplicate)
        assert gone.status is BacklogStatus.MERGED and gone.sources == [] and gone.merged_into_id == keep
        assert f"#{keep}" in gone.history[-1].note


def test_survey_answers_and_summaries_go_to_the_backlog(client, auth, factory, app, org):
    from tests.survey_factory import make_survey
    from tests.test_surveys import form_of
    from webapp.surveys.models import Answer

    s = make_survey(app, org)
    visitor = app.test_client()
    for text in ("Iltavastaanotto olisi hyvä", "Lisää perhekahviloita"):
        visitor.post(s.url, data={**form_of(visitor, s.url), f"q{s.single}": str(s.mother), f"q{s.long}": text})
    login_as(factory, auth, org, "coordinator")
    results = f"/staff/kittila/surveys/{s.id}/results"
    with app.app_context():
        answer_id = db.session.scalar(sa.select(Answer.id).where(Answer.text == "Iltavastaanotto olisi hyvä"))
    created = post_form(client, f"/staff/kittila/backlog/from-survey/{s.id}", {"answer": str(answer_id)}, page=results)
    item_id = int(created.headers["Location"].rsplit("/", 1)[1])
    # The double tap, and the summary sent twice: one voice for the answer, the summary's count refreshed.
    again = post_form(client, f"/staff/kittila/backlog/from-survey/{s.id}", {"answer": str(answer_id)}, page=results)
    assert again.headers["Location"] == created.headers["Location"]
    post_form(client, f"/staff/kittila/backlog/from-survey/{s.id}", {"item": str(item_id)}, page=results)
    visitor.post(s.url, data={**form_of(visitor, s.url), f"q{s.single}": str(s.father)})
    post_form(client, f"/staff/kittila/backlog/from-survey/{s.id}", {"item": str(item_id)}, page=results)
    with app.app_context():
        item = db.session.get(BacklogItem, item_id)
        assert item.title == "Iltavastaanotto olisi hyvä"
        kinds = sorted((source.kind.value, source.count) for source in item.sources)
        assert db.session.scalar(sa.select(sa.func.count(BacklogItem.id))) == 1
    assert kinds == [("survey", 3), ("survey_answer", 1)]
    # The core group sees the family's words on the item, with the way to the survey's results.
    auth.logout()
    login_as(factory, auth, org, "core_group")
    page = client.get(f"/staff/kittila/backlog/{item_id}").get_data(as_text=True)
    sources = page.split('id="sources"')[1].split("</section>")[0]
    with app.app_context():
        question_id = db.session.get(Answer, answer_id).question_id
    assert "Iltavastaanotto olisi hyvä</q>" in sources
    assert f'href="{results}#r{question_id}"' in sources and f'href="{results}"' in sources
    assert client.get(results).status_code == 200


def test_the_backlog_is_searched_by_words_of_the_title_and_description(client, auth, factory, app, org):
    login_as(factory, auth, org, "core_group")
    evening = new_item(client, title="Iltavastaanotto", description="Neuvola auki torstaisin iltaan asti")
    cafe = new_item(client, title="Perhekahvila kirjastoon", description="Kerran viikossa")
    new_item(client, title="100 % etäpalvelu", description="Chat")

    def found(query):
        page = client.get("/staff/kittila/backlog", query_string={"q": query}).get_data(as_text=True)
        return {int(number) for number in re.findall(r'href="/staff/kittila/backlog/(\d+)"', page)}
    assert found("torstaisin") == {evening}
    assert found("NEUVOLA ilta") == {evening}
    assert found("kahvila") == {cafe}
    assert found(f"#{cafe}") == {cafe}
    assert found("%") == {found("etäpalvelu").pop()}  # a literal percent sign, not a wildcard
    assert found("sauna") == set()


def test_hidden_answers_and_untitled_items_stay_out_of_public(client, auth, factory, app, org):
    from tests.survey_factory import make_survey
    from tests.test_surveys import form_of
    from webapp.surveys.models import Answer

    s = make_survey(app, org)
    visitor = app.test_client()
    visitor.post(s.url, data={**form_of(visitor, s.url), f"q{s.single}": str(s.mother),
                              f"q{s.long}": "Soita 040 1234567"})
    with app.app_context():
        answer = db.session.scalar(sa.select(Answer).where(Answer.text.is_not(None)))
        answer.is_hidden = True
        db.session.commit()
        answer_id = answer.id
    login_as(factory, auth, org, "coordinator")
    refused = post_form(client, f"/staff/kittila/backlog/from-survey/{s.id}", {"answer": str(answer_id)},
                        page=f"/staff/kittila/surveys/{s.id}/results")
    assert refused.status_code == 409
    untitled = post_form(client, "/staff/kittila/backlog/new?lang=en", {"title": "Sisäinen", "priority": "normal",
                                                                        "is_public": "y"})
    assert "A public item needs a public title" in untitled.get_data(as_text=True)


def test_merging_does_not_double_an_idea_source(client, auth, factory, app, org):
    board = make_board(app, org)
    idea_id = published_idea(app, board)
    login_as(factory, auth, org, "coordinator")
    items = []
    for _ in range(2):
        created = post_form(client, f"/staff/kittila/backlog/promote/{idea_id}", {}, page="/staff/kittila/backlog")
        items.append(int(created.headers["Location"].rsplit("/", 1)[1]))
    post_form(client, f"/staff/kittila/backlog/{items[1]}/merge", {"into": str(items[0])},
              page=f"/staff/kittila/backlog/{items[1]}")
    with app.app_context():
        assert [s.idea_id for s in db.session.get(BacklogItem, items[0]).sources] == [idea_id]


def test_a_merged_item_is_not_declined_and_not_a_decision(client, auth, factory, app, org):
    login_as(factory, auth, org, "coordinator")
    keep, duplicate = new_item(client, title="Iltavastaanotto"), new_item(client, title="Ilta-aukiolo")
    chooser = client.get(f"/staff/kittila/backlog/choose?for=merge:{duplicate}&q=iltavas&lang=en")
    html = chooser.get_data(as_text=True)
    assert f'name="into" value="{keep}"' in html and f'name="into" value="{duplicate}"' not in html
    post_form(client, f"/staff/kittila/backlog/{duplicate}/merge", {"into": str(keep)},
              page=f"/staff/kittila/backlog/choose?for=merge:{duplicate}")
    board = client.get("/staff/kittila/backlog/board?lang=en").get_data(as_text=True)
    declined = board.split('id="col-declined"', 1)[1].split("</section>", 1)[0]
    assert "Ilta-aukiolo" not in declined and "Merged" not in board.split("<h2", 1)[0]
    report = client.get("/staff/kittila/report?lang=en").get_data(as_text=True)
    assert "Ilta-aukiolo" not in report
    item_page = client.get(f"/staff/kittila/backlog/{duplicate}?lang=en").get_data(as_text=True)
    assert "Merged into" in item_page and f"#{keep}" in item_page
    with app.app_context():
        events = [m.subject for m in db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.kind == "webhook"))]
    assert events == []  # no webhook address set: nothing queued, and nothing failed


def test_the_next_step_is_the_default_move_never_declined(client, auth, factory, app, org):
    login_as(factory, auth, org, "coordinator")
    item_id = new_item(client)
    page = client.get(f"/staff/kittila/backlog/{item_id}?lang=en").get_data(as_text=True)
    options = page.split('name="status"', 1)[1].split("</select>", 1)[0]
    assert options.index('value="considering"') < options.index('value="declined"')
    assert 'selected value="considering"' in options


def test_the_agenda_can_be_reordered_and_an_item_taken_off(client, auth, factory, app, org):
    login_as(factory, auth, org, "core_group")
    first, second = new_item(client, title="Ensimmäinen"), new_item(client, title="Toinen")
    created = post_form(client, "/staff/kittila/workshops/new", {"title": "Työpaja", "held_on": "2026-12-10"})
    page = created.headers["Location"]
    for item_id in (first, second):
        post_form(client, f"{page}/agenda", {"item": str(item_id)}, page=page)
    with app.app_context():
        entries = [(e.id, e.item_id) for e in db.session.get(Workshop, int(page.rsplit("/", 1)[1])).agenda]
    post_form(client, f"{page}/agenda/{entries[1][0]}/up", {}, page=page)
    agenda = client.get(f"{page}/agenda?lang=en").get_data(as_text=True)
    assert agenda.index("Toinen") < agenda.index("Ensimmäinen")
    post_form(client, f"{page}/agenda/{entries[0][0]}/remove", {}, page=page)
    minutes = client.get(f"{page}/minutes?lang=en").get_data(as_text=True)
    assert "Ensimmäinen" not in minutes and "Toinen" in minutes
    assert "<form" not in minutes.split('<article class="document">', 1)[1]


def test_the_action_plan_downloads_as_word_with_numbers_decisions_and_sources(client, auth, factory, app, org):
    from io import BytesIO

    from docx import Document

    login_as(factory, auth, org, "coordinator")
    item_id = new_item(client, title="Perhekahvila", target_quarter="2027-Q1")
    post_form(client, f"/staff/kittila/backlog/{item_id}/sources", {"kind": "event", "count": "4"},
              page=f"/staff/kittila/backlog/{item_id}")
    created = post_form(client, "/staff/kittila/workshops/new", {"title": "Työpaja", "held_on": "2026-12-10"})
    page = created.headers["Location"]
    post_form(client, f"{page}/agenda", {"item": str(item_id)}, page=page)
    with app.app_context():
        entry_id = db.session.get(Workshop, int(page.rsplit("/", 1)[1])).agenda[0].id
    post_form(client, f"{page}/decisions", {f"decision-{entry_id}": "Aloitetaan tammikuussa",
                                            f"status-{entry_id}": "planned"}, page=page)
    response = client.get("/staff/kittila/action-plan.docx?lang=en")
    assert response.status_code == 200
    [table] = Document(BytesIO(response.get_data())).tables
    row = [cell.text for cell in table.rows[1].cells]
    assert row[0] == f"#{item_id}" and row[1] == "Perhekahvila" and "Aloitetaan tammikuussa" in row[6]
    assert "4" in row[7]


def test_workshop_attendees_by_name_and_sector_in_the_minutes_and_word(client, auth, factory, app, org):
    """Attendees are recorded by name and sector; a developer-client is named only with their consent,
    the others are a count; the minutes and the .docx list them."""
    from io import BytesIO

    from docx import Document

    login_as(factory, auth, org, "coordinator")
    form = {"title": "Työpaja", "held_on": "2026-11-26", "attendees-0-name": "Anna Aho",
            "attendees-0-sector": "health_care", "attendees-1-name": "Pekka Palo", "attendees-1-sector": "school",
            "attendees-2-name": "Máret Sara", "attendees-2-sector": "developer_client",
            "attendees-3-name": "", "attendees-3-sector": "", "developer_client_count": "3"}
    refused = post_form(client, "/staff/kittila/workshops/new?lang=en", form)
    assert refused.status_code == 200
    assert "Máret Sara: a developer-client is named only with their consent" in refused.get_data(as_text=True)
    assert 'id="error-summary"' in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Workshop.id))) == 0  # nothing half-stored
    no_sector = post_form(client, "/staff/kittila/workshops/new?lang=en",
                          {**form, "attendees-2-consent": "y", "attendees-1-sector": ""})
    assert "Pekka Palo: choose the sector." in no_sector.get_data(as_text=True)

    created = post_form(client, "/staff/kittila/workshops/new", {**form, "attendees-2-consent": "y"})
    page = created.headers["Location"]
    with app.app_context():
        workshop = db.session.get(Workshop, int(page.rsplit("/", 1)[1]))
        assert [(a.name, a.sector.value, a.is_named_by_consent) for a in workshop.attendees] == [
            ("Anna Aho", "health_care", False), ("Pekka Palo", "school", False),
            ("Máret Sara", "developer_client", True)]
        assert workshop.developer_client_count == 3
    edit = client.get(f"{page}/edit").get_data(as_text=True)
    assert 'value="Pekka Palo"' in edit and 'name="attendees-5-name"' in edit  # the saved rows and 3 empty ones
    minutes = client.get(f"{page}/minutes?lang=en").get_data(as_text=True)
    facts = minutes.split('class="document-facts"', 1)[1].split("</dl>", 1)[0]
    assert "Anna Aho (Health care)" in facts and "Máret Sara (Developer-client)" in facts
    assert "Developer-clients, not named:</dt><dd>3</dd>" in facts
    agenda = client.get(f"{page}/agenda?lang=en").get_data(as_text=True)
    assert "Pekka Palo (School)" in agenda
    document = Document(BytesIO(client.get(f"{page}/minutes.docx?lang=en").get_data()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Attendees: Anna Aho (Health care), Pekka Palo (School), Máret Sara (Developer-client)" in text
    assert "Developer-clients, not named: 3" in text


def test_a_decision_carries_the_workshop_date_not_the_recording_date(client, auth, factory, app, org):
    login_as(factory, auth, org, "core_group")
    item_id = new_item(client, title="Iltavastaanotto")
    created = post_form(client, "/staff/kittila/workshops/new", {"title": "Marraskuun työpaja",
                                                                 "held_on": "2026-11-26"})
    page = created.headers["Location"]
    post_form(client, f"{page}/agenda", {"item": str(item_id)}, page=page)
    with app.app_context():
        entry_id = db.session.get(Workshop, int(page.rsplit("/", 1)[1])).agenda[0].id
    post_form(client, f"{page}/decisions", {f"decision-{entry_id}": "Kokeillaan keväällä",
                                            f"status-{entry_id}": "considering"}, page=page)  # recorded later
    report = client.get("/staff/kittila/report?lang=en&from=2026-11-01&to=2026-11-30").get_data(as_text=True)
    decisions = report.split("What was decided", 1)[1].split("What is done", 1)[0]
    assert "<td>26/11/2026</td><td>Iltavastaanotto</td>" in decisions
    history = client.get(f"/staff/kittila/backlog/{item_id}?lang=en").get_data(as_text=True)
    assert "26/11/2026: Under consideration, decided in the workshop" in history
    later = client.get("/staff/kittila/report?lang=en&from=2026-12-01&to=2026-12-31").get_data(as_text=True)
    assert "Iltavastaanotto" not in later.split("What was decided", 1)[1].split("What is done", 1)[0]
