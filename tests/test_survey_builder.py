"""Coordinators build surveys, protect answered questions, read results, export, print posters."""

import csv
import io
import re
from datetime import date

import pytest
import sqlalchemy as sa

from tests.conftest import post_form
from tests.survey_factory import make_survey
from webapp.audit.models import AuditEvent
from webapp.core.database import db
from webapp.surveys.models import Answer, Question, Response, Survey, SurveyStatus


def answer(client, s, raw=None, **fields):
    from tests.test_surveys import form_of

    data = {**form_of(client, s.url), f"q{s.single}": str(s.mother), **(raw or {})}
    data.update({f"q{getattr(s, name)}": value for name, value in fields.items()})
    assert client.post(s.url, data=data).status_code == 302


def test_coordinator_builds_and_opens_a_survey(client, app, coordinator):
    created = post_form(client, "/staff/kittila/surveys/new?lang=en", {
        "title-fi": "Perhekysely", "title-se": "Bearašjearahallan", "slug": "perhekysely",
        "locales": ["fi", "se"], "audience": "public"})
    assert created.status_code == 302
    with app.app_context():
        survey_id = db.session.scalar(sa.select(Survey.id))
    base = f"/staff/kittila/surveys/{survey_id}"
    refused = post_form(client, f"{base}/status?lang=en", {"status": "open"}, page=base)
    assert refused.status_code == 302
    assert "Add at least one question" in client.get(base + "?lang=en").get_data(as_text=True)
    form = client.get(f"{base}/questions/new").get_data(as_text=True)
    assert 'name="text-se"' in form and 'name="text-sv"' not in form  # the survey's languages only
    post_form(client, f"{base}/questions/new", {"kind": "single", "text-fi": "Kuka vastaa?",
                                                "text-se": "Gii vástida?", "is_required": "y"})
    with app.app_context():
        question_id = db.session.scalar(sa.select(Question.id))
    post_form(client, f"{base}/status?lang=en", {"status": "open"}, page=base)  # a choice without options
    assert "Question 1 has no options to choose from" in client.get(base + "?lang=en").get_data(as_text=True)
    post_form(client, f"{base}/questions/{question_id}/options", {"new-labels-fi": "Äiti", "new-labels-se": "Eadni"},
              page=f"{base}/questions/{question_id}")
    post_form(client, f"{base}/questions/{question_id}/options", {"new-labels-fi": "Isä"},
              page=f"{base}/questions/{question_id}")
    page = client.get(base + "?lang=en").get_data(as_text=True)
    assert "Missing translations" in page  # "Isä" has no Northern Sámi
    post_form(client, f"{base}/status", {"status": "open"}, page=base)
    public = client.get("/kittila/surveys/perhekysely?lang=se").get_data(as_text=True)
    assert "Gii vástida?" in public and "Eadni" in public and '<span lang="fi">Isä</span>' in public
    with app.app_context():
        assert db.session.get(Survey, survey_id).status is SurveyStatus.OPEN
        actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"survey.create", "survey.question_create", "survey.option_save", "survey.status"} <= actions


def test_the_error_summary_leads_to_the_languages_that_need_choosing(client, app, coordinator):
    refused = post_form(client, "/staff/kittila/surveys/new?lang=en", {
        "title-fi": "Perhekysely", "slug": "perhekysely", "audience": "public"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200 and 'href="#locales"' in html
    assert '<fieldset id="locales"' in html, "the summary's link has somewhere to go"


def test_answered_questions_are_protected(client, app, coordinator):
    s = make_survey(app, coordinator)
    answer(client, s, long="Hyvä palvelu")
    base = f"/staff/kittila/surveys/{s.id}"
    changed = post_form(client, f"{base}/questions/{s.single}?lang=en",
                        {"kind": "long_text", "text-fi": "Kuka vastaa?"})
    assert changed.status_code == 200 and "its type cannot change" in changed.get_data(as_text=True)
    # Rewording an answered question asks first (issue 22), then is recorded with the old words.
    asked = post_form(client, f"{base}/questions/{s.single}?lang=en", {"kind": "single", "text-fi": "Kuka vastasi?"})
    assert asked.status_code == 200 and "already has answers" in asked.get_data(as_text=True)
    assert 'name="confirm_reword"' in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Question, s.single).text["fi"] == "Kuka vastaa?"
    reworded = post_form(client, f"{base}/questions/{s.single}", {"kind": "single", "text-fi": "Kuka vastasi?",
                                                                  "confirm_reword": "y"})
    assert reworded.status_code == 302 and reworded.headers["Location"].endswith(f"#question-{s.single}")
    with app.app_context():
        [event] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "survey.question_reworded"))
        assert event.details["old"] == {"fi": "Kuka vastaa?"} and event.details["new"] == {"fi": "Kuka vastasi?"}
    # Adding a language that had no text is not rewording: no question asked.
    added = post_form(client, f"{base}/questions/{s.long}", {"kind": "long_text", "text-fi": "Kerro lisää",
                                                             "text-se": "Muital eambbo"})
    assert added.status_code == 302
    for option in (s.mother, s.father):
        removed = post_form(client, f"{base}/questions/{s.single}/options/{option}/remove", {},
                            page=f"{base}/questions/{s.single}")
        assert removed.status_code == 302
    for question in (s.long, s.short):
        assert post_form(client, f"{base}/questions/{question}/remove", {}, page=base).status_code == 302
    with app.app_context():
        survey = db.session.get(Survey, s.id)
        options = {o.id: o.is_retired for o in survey.questions[0].options}
        assert options == {s.mother: True}  # answered: retired; unanswered: deleted
        kept = {q.id: q.is_retired for q in survey.questions}
        assert kept[s.long] is True and s.short not in kept
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 2
    public = client.get(s.url).get_data(as_text=True)
    assert "Kerro lisää" not in public and "Kuka vastasi?" in public


def test_questions_can_be_reordered(client, app, coordinator):
    s = make_survey(app, coordinator)
    base = f"/staff/kittila/surveys/{s.id}"
    post_form(client, f"{base}/questions/{s.multiple}/move", {"direction": "up"}, page=base)
    with app.app_context():
        order = [q.id for q in db.session.get(Survey, s.id).questions]
    assert order[:2] == [s.multiple, s.single]


def test_results_count_in_the_database_and_filter(client, app, coordinator):
    s = make_survey(app, coordinator)
    answer(client, s, scale="5", multiple=[str(s.clinic), str(s.school)], yes_no="1")
    answer(client, s, scale="3", multiple=[str(s.clinic)], yes_no="0")
    client.get(s.url + "?lang=se")
    answer(client, s, scale="4")
    page = client.get(f"/staff/kittila/surveys/{s.id}/results?lang=en").get_data(as_text=True)
    assert "3 answers" in page
    # Percentages are of the people who answered that question (2 of the 3 did).
    assert re.search(r'<th scope="row">Neuvola</th><td>2</td><td>.*?100 %', page)
    assert re.search(r'<th scope="row">Koulu</th><td>1</td><td>.*?50 %', page)
    assert "Average: 4" in page
    only_se = client.get(f"/staff/kittila/surveys/{s.id}/results?lang=en&locale=se").get_data(as_text=True)
    assert "Too few answers to show" in only_se  # one Sámi answer could point at one family


def test_a_free_text_answer_can_be_hidden_and_it_is_audited(client, app, coordinator):
    s = make_survey(app, coordinator)
    answer(client, s, long="Soita minulle 040 123 4567")
    with app.app_context():
        answer_id = db.session.scalar(sa.select(Answer.id).where(Answer.text.is_not(None)))
    results_url = f"/staff/kittila/surveys/{s.id}/results"
    assert "040 123 4567" in client.get(results_url).get_data(as_text=True)
    post_form(client, f"/staff/kittila/surveys/{s.id}/answers/{answer_id}/visibility", {"hidden": "1"},
              page=results_url)
    assert "040 123 4567" not in client.get(results_url).get_data(as_text=True)
    export = client.get(f"/staff/kittila/surveys/{s.id}/export.csv").get_data(as_text=True)
    assert "040 123 4567" not in export
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "survey.answer_hidden"))


def test_csv_export_opens_in_finnish_excel(client, app, coordinator):
    s = make_survey(app, coordinator)
    answer(client, s, raw={f"q{s.multiple}-other": "Perhekahvila ʹǩ"}, multiple=[str(s.clinic), "other"],
           scale="4", yes_no="1", short="-ei mitään", long="=cmd|' /C calc'!A0")
    response = client.get(f"/staff/kittila/surveys/{s.id}/export.csv?lang=fi")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.is_streamed
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == 2
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Vastauksen nro", "Päivämäärä", "Kieli", "Kanava", "1. Kuka vastaa?"]
    assert rows[1][2:5] == ["suomi", "verkko", "Äiti"], "the language by its name, not its code"
    assert rows[1][5] == "Neuvola | Muu: Perhekahvila ʹǩ"
    assert rows[1][6:8] == ["4", "Kyllä"]
    assert rows[1][8] == "'-ei mitään" and rows[1][-1].startswith("'=")  # no formula runs in a spreadsheet


def test_csv_export_of_many_responses_is_sent_in_parts(client, app, coordinator):
    s = make_survey(app, coordinator)
    with app.app_context():
        survey = db.session.get(Survey, s.id)
        db.session.execute(sa.insert(Response), [
            {"organisation_id": survey.organisation_id, "survey_id": s.id, "submitted_on": date(2026, 11, 24),
             "locale": "se", "channel": "paper"} for _ in range(1200)])
        db.session.commit()
    with client.get(f"/staff/kittila/surveys/{s.id}/export.csv") as response:
        parts = list(response.response)
    assert len(parts) > 3, "rows are written while they are read, a few hundred at a time"
    rows = list(csv.reader(io.StringIO(b"".join(parts).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1201 and rows[-1][1:4] == ["2026-11-24", "davvisámegiella", "paperi"]


def test_xlsx_export_has_one_row_per_response(client, app, coordinator):
    from openpyxl import load_workbook

    # A title may hold what a sheet name cannot (: / ? * [ ]).
    s = make_survey(app, coordinator, title={"fi": "Miten neuvola palvelee: isät / äidit?"})
    answer(client, s)
    answer(client, s, scale="2")
    with client.get(f"/staff/kittila/surveys/{s.id}/export.xlsx") as response:
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(response.get_data()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[2][6] == 2
    assert workbook.sheetnames == ["Miten neuvola palvelee isät  äi"]


def test_xlsx_export_is_typed_for_averages_and_pivot_tables(client, app, coordinator):
    from openpyxl import load_workbook

    s = make_survey(app, coordinator)
    answer(client, s, scale="4", yes_no="0", short="-ei mitään", long="=1+1")
    answer(client, s, scale="5", short="0401", long="@kaikki hyvin")
    with client.get(f"/staff/kittila/surveys/{s.id}/export.xlsx?lang=fi") as response:
        sheet = load_workbook(io.BytesIO(response.get_data())).active
    header, first, second = sheet.iter_rows(min_row=1, max_row=3)
    assert [cell.value for cell in header[:4]] == ["Vastauksen nro", "Päivämäärä", "Kieli", "Kanava"]
    assert first[0].data_type == "n" and isinstance(first[0].value, int), "the response number is a number"
    with app.app_context():
        day = db.session.scalar(sa.select(Response.submitted_on).order_by(Response.id))
    assert first[1].is_date and first[1].value.date() == day, "the date is a date cell"
    assert first[2].value == "suomi" and first[3].value == "verkko"
    assert (first[6].value, second[6].value) == (4, 5) and first[6].data_type == "n", "AVERAGE works"
    assert first[7].value == "Ei"
    assert first[8].value == "-ei mitään", "an answer starting with - is kept as typed"
    assert second[8].value == "0401" and second[9].value == "@kaikki hyvin"  # text stays text
    assert first[9].data_type == "s" and first[9].value.lstrip("'") == "=1+1", "text, not a formula"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J3"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJ"]
    assert all(8 <= width <= 50 for width in widths) and widths[1] < widths[4], widths


def test_more_free_text_answers_page_through_one_question_while_another_is_open(client, app, coordinator):
    s = make_survey(app, coordinator)
    for number in range(27):
        answer(client, s, short=f"sana {number}", long=f"vastaus {number}")
    results = f"/staff/kittila/surveys/{s.id}/results"
    first = client.get(f"{results}?lang=en")
    more = re.findall(r'rel="next" href="([^"]*question=\d+[^"]*)">Next', first.get_data(as_text=True))
    assert len(more) == 2
    paging = client.get(more[0].replace("&amp;", "&"))  # one question's second (last) page, the other's first
    html = paging.get_data(as_text=True)
    assert paging.status_code == 200 and html.count('rel="prev"') == 1 and html.count('rel="next"') == 1
    assert '<span aria-current="page">2</span>' in html


def test_staff_enter_paper_answers(client, app, coordinator):
    s = make_survey(app, coordinator)
    page = f"/staff/kittila/surveys/{s.id}/paper"
    html = client.get(page).get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    data = {"channel": "paper", "locale": "se", "submitted_on": "2026-11-20", "token": token,
            f"q{s.single}": str(s.father)}
    mistyped = post_form(client, page, {**data, "submitted_on": "", f"q{s.long}": "Paperilta ʹǩ"})
    assert mistyped.status_code == 200 and "Paperilta ʹǩ" in mistyped.get_data(as_text=True), "nothing typed is lost"
    assert post_form(client, page, data).status_code == 302
    assert post_form(client, page, data).status_code == 302  # the same form twice: one response
    with app.app_context():
        [stored] = db.session.scalars(sa.select(Response)).all()
        assert (stored.channel.value, stored.locale, str(stored.submitted_on)) == ("paper", "se", "2026-11-20")


def test_previewing_in_sami_does_not_switch_the_coordinators_own_language(client, app, coordinator):
    s = make_survey(app, coordinator)
    preview = client.get(f"/staff/kittila/surveys/{s.id}/preview?lang=se")
    html = preview.get_data(as_text=True)
    assert '<html lang="se"' in html and "Rávvehatjearahallan" in html
    assert "lang=" not in preview.headers.get("Set-Cookie", "")
    client.set_cookie("lang", "en")
    client.get(f"/staff/kittila/surveys/{s.id}/preview?lang=se")
    assert '<html lang="en"' in client.get("/staff/kittila/surveys/").get_data(as_text=True)


def test_poster_shows_the_short_address_and_a_qr_code(client, app, coordinator):
    s = make_survey(app, coordinator, title={"fi": "Neuvolakysely", "se": "Rávvehatjearahallan", "sv": ""})
    html = client.get(f"/staff/kittila/surveys/{s.id}/poster?langs=fi&langs=se&lang=en").get_data(as_text=True)
    # One code per language, each opening the survey in it (issue 24).
    assert f"/s/{s.code}?lang=fi<" in html and f"/s/{s.code}?lang=se<" in html and html.count("<svg") == 2
    assert 'lang="se" class="poster-title">Rávvehatjearahallan' in html
    # The instruction in each language of the poster, whatever the coordinator reads.
    assert '<p class="poster-note" lang="fi">Vastaa puhelimella' in html
    assert '<p class="poster-note" lang="se">' in html and "Answer with your phone" not in html
    assert "The survey is not open" not in html
    only_se = client.get(f"/staff/kittila/surveys/{s.id}/poster?langs=se").get_data(as_text=True)
    assert f"/s/{s.code}?lang=se<" in only_se, "a Sámi poster opens the survey in Sámi"
    assert only_se.count('class="poster-title"') == 1 and only_se.count('class="poster-note"') == 1

    draft = make_survey(app, coordinator, slug="luonnos", status=SurveyStatus.DRAFT, locales=("fi", "sv"))
    html = client.get(f"/staff/kittila/surveys/{draft.id}/poster?langs=fi&langs=sv&lang=en").get_data(as_text=True)
    assert "The survey is not open" in html
    assert html.count('class="poster-title"') == 1, "no Finnish title printed again as the Swedish one"


@pytest.mark.parametrize("role, status", [("core_group", 200), ("steering_group", 200)])
def test_every_staff_role_reads_results_but_only_managers_build(client, auth, factory, app, role, status):
    org = factory.organisation("kittila")
    s = make_survey(app, org)
    factory.user(f"{role}@kittila.example", organisation=org, role=role)
    auth.login(f"{role}@kittila.example")
    assert client.get(f"/staff/kittila/surveys/{s.id}/results").status_code == status
    assert client.get(f"/staff/kittila/surveys/{s.id}").status_code == 403
    assert client.get(f"/staff/kittila/surveys/{s.id}/export.csv").status_code == 403


def test_another_organisations_survey_is_not_found(client, auth, factory, app):
    kittila, sodankyla = factory.organisation("kittila"), factory.organisation("sodankyla")
    s = make_survey(app, sodankyla)
    factory.user("k@kittila.example", organisation=kittila)
    auth.login("k@kittila.example")
    assert client.get(f"/staff/kittila/surveys/{s.id}").status_code == 404
    assert client.get(f"/staff/kittila/surveys/{s.id}/results").status_code == 404
    assert client.get(f"/staff/sodankyla/surveys/{s.id}").status_code == 403


def test_a_skolt_answer_is_exported_filtered_and_marked_as_skolt(client, app, coordinator):
    """Written on `?lang=sms` to a Finnish and Northern Sámi survey: the export says Skolt Sámi,
    the results can be filtered by it, and the text is marked `lang="sms"`, not `se`."""
    s = make_survey(app, coordinator)
    client.get(f"{s.url}?lang=sms")  # the family's phone: the choice is remembered
    for _ in range(5):  # a language slice of fewer than five answers is not shown at all
        answer(client, s, long="Mon jiõm vuäitt puõʹtted eeʹjjest.")
    client.get(f"{s.url}?lang=fi")
    rows = list(csv.reader(io.StringIO(client.get(f"/staff/kittila/surveys/{s.id}/export.csv?lang=fi")
                                       .get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[1][2] == "sääʹmǩiõll"
    with app.app_context():
        assert db.session.scalar(sa.select(Response.locale)) == "sms"
    page = client.get(f"/staff/kittila/surveys/{s.id}/results?lang=fi").get_data(as_text=True)
    assert '<option value="sms"' in page
    assert '<p lang="sms">Mon jiõm vuäitt puõʹtted eeʹjjest.</p>' in page
    filtered = client.get(f"/staff/kittila/surveys/{s.id}/results?lang=fi&locale=sms").get_data(as_text=True)
    assert "Mon jiõm vuäitt" in filtered
    assert "Mon jiõm vuäitt" not in client.get(
        f"/staff/kittila/surveys/{s.id}/results?lang=fi&locale=se").get_data(as_text=True)
