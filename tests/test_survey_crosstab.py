"""Cross-tabs, answer filters and results over time, with the small-number rule in every slice."""

import re

from werkzeug.datastructures import MultiDict

from tests.survey_factory import make_survey
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.surveys import answering, services, templates_library
from webapp.surveys.models import Survey, SurveyStatus


def store(app, survey_id, answers, n, tag):
    """`n` responses giving `answers` ({question id: value or [values]})."""
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        for i in range(n):
            form = MultiDict()
            for question_id, value in answers.items():
                for one in value if isinstance(value, list) else [value]:
                    form.add(f"q{question_id}", str(one))
            answering.store_response(survey, answering.parse_submission(survey, form), nonce=f"{tag}-{survey_id}-{i}")
        db.session.commit()


def cells(html):
    """The table's rows as lists of cell texts."""
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_cross_tab_by_another_question_hides_small_cells_and_groups(client, app, coordinator):
    s = make_survey(app, coordinator)
    store(app, s.id, {s.single: s.mother, s.yes_no: 1, s.multiple: [s.clinic]}, 8, "a")
    store(app, s.id, {s.single: s.mother, s.yes_no: 0, s.multiple: [s.clinic, s.school]}, 2, "b")
    store(app, s.id, {s.single: s.father, s.yes_no: 1, s.multiple: [s.school]}, 6, "c")
    store(app, s.id, {s.single: s.father, s.yes_no: 0}, 3, "d")
    page = client.get(f"/staff/kittila/surveys/{s.id}/crosstab?rows={s.single}&columns={s.yes_no}&lang=en")
    rows = cells(page.get_data(as_text=True))
    # Yes: 14 people (8 mothers, 6 fathers); No: 5 people, 2 mothers and 3 fathers: both too few to show.
    assert rows == [["Äiti", "8 (57 %)", "fewer than 5"], ["Isä", "6 (43 %)", "fewer than 5"]]
    only_school = client.get(f"/staff/kittila/surveys/{s.id}/crosstab?rows={s.single}&only={s.multiple}:{s.school}"
                             "&lang=en").get_data(as_text=True)
    assert "Only the answers of those who answered “Koulu”" in only_school
    assert cells(only_school) == [["Äiti", "fewer than 5"], ["Isä", "6 (75 %)"]]  # 8 chose the school
    # Narrowed to the five who said no: shown as a group, each cell of it too small.
    narrow = client.get(f"/staff/kittila/surveys/{s.id}/crosstab?rows={s.yes_no}&columns={s.single}"
                        f"&only={s.yes_no}:0&lang=en").get_data(as_text=True)
    assert "Too few answers to show" not in narrow and "5 people" in narrow
    fewer = client.get(f"/staff/kittila/surveys/{s.id}/crosstab?rows={s.yes_no}&only={s.multiple}:{s.clinic}"
                       f"&columns={s.multiple}&lang=en").get_data(as_text=True)
    assert "fewer than 5" in fewer
    nobody = client.get(f"/staff/kittila/surveys/{s.id}/crosstab?rows={s.single}&only={s.scale}:5&lang=en")
    assert "Too few answers to show" in nobody.get_data(as_text=True)


def test_forged_filters_are_ignored(client, app, coordinator):
    s = make_survey(app, coordinator)
    for only in ("x", f"{s.short}:1", f"{s.single}:999999", "1:" + "9" * 40):
        page = client.get(f"/staff/kittila/surveys/{s.id}/crosstab?only={only}&rows=abc&lang=en")
        assert page.status_code == 200 and "Only the answers of those" not in page.get_data(as_text=True)


def test_rounds_of_a_template_side_by_side_in_every_language(client, app, coordinator):
    s = make_survey(app, coordinator, locales=("fi", "se", "sv"))
    with app.app_context():
        organisation = db.session.get(Organisation, coordinator.id)
        template = templates_library.publish_as_template(db.session.get(Survey, s.id), organisation)
        rounds = []
        for year in (2025, 2026):
            survey = templates_library.copy_survey(template, organisation, slug=f"neuvola-{year}")
            assert survey.locales == ["fi", "se", "sv"] and survey.template_id == template.id
            assert [dict(q.text) for q in survey.questions] == [dict(q.text) for q in template.questions]
            services.change_status(survey, SurveyStatus.OPEN)
            single = survey.questions[0]
            scale = next(q for q in survey.questions if q.kind.value == "scale")
            rounds.append((survey.id, single.id, [o.id for o in single.options], scale.id))
        db.session.commit()
    (first, single1, (mother1, father1), scale1), (second, single2, (mother2, _father2), scale2) = rounds
    store(app, first, {single1: mother1, scale1: 2}, 6, "r1m")
    store(app, first, {single1: father1, scale1: 3}, 6, "r1f")
    store(app, second, {single2: mother2, scale2: 5}, 9, "r2m")
    page = client.get(f"/staff/kittila/surveys/{second}/over-time?lang=en").get_data(as_text=True)
    tables = page.split("<table")[1:]
    assert cells(tables[0]) == [["Äiti", "6 (50 %)", "9 (100 %)"], ["Isä", "6 (50 %)", "0 (0 %)"]]
    scale = cells(tables[2])
    assert scale[-1] == ["Average", "2,5", "5"]
    assert client.get(f"/staff/kittila/surveys/{first}/over-time?lang=en").status_code == 200
