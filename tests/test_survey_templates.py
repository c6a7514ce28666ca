"""Copies of surveys and the template library shared by every family centre."""

import pytest
import sqlalchemy as sa

from tests.conftest import post_form
from tests.survey_factory import make_paged_survey, make_survey
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.surveys import services
from webapp.surveys.models import Option, Question, Survey, SurveyStatus
from webapp.surveys.templates_library import copy_survey


def questions_of(survey_id):
    survey = db.session.get(Survey, survey_id)
    return [(q.kind, dict(q.text), dict(q.help or {}), q.is_required, q.has_other, dict(q.scale_min_label or {}),
             [dict(o.label) for o in q.options]) for q in survey.questions]


def test_a_copy_is_a_new_draft_with_every_language(client, app, coordinator):
    s = make_survey(app, coordinator, locales=("fi", "se", "sv"),
                    introduction={"fi": "Tervetuloa", "se": "Bures boahtin", "sv": "Välkommen"})
    with app.app_context():
        survey = db.session.get(Survey, s.id)
        question = db.session.get(Question, s.single)
        question.text = {"fi": "Kuka vastaa?", "se": "Gii vástida?", "sv": "Vem svarar?"}
        services.remove_question(db.session.get(Question, s.short))  # no answers: deleted
        retired = services.save_question(survey, None, kind=services.QuestionKind.YES_NO, text={"fi": "Vanha"})
        retired.is_retired = True
        db.session.commit()
    response = post_form(client, f"/staff/kittila/surveys/{s.id}/copy", {}, page=f"/staff/kittila/surveys/{s.id}")
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.scalars(sa.select(Survey).where(Survey.id != s.id)).one()
        assert copy.status is SurveyStatus.DRAFT and copy.slug == "kysely-2" and copy.short_code != s.code
        assert copy.locales == ["fi", "se", "sv"] and copy.introduction["sv"] == "Välkommen"
        assert copy.copied_from_id == s.id and copy.summary_published_at is None
        original = questions_of(s.id)
        assert questions_of(copy.id) == [q for q in original if q[1] != {"fi": "Vanha"}]
        assert questions_of(copy.id)[0][1] == {"fi": "Kuka vastaa?", "se": "Gii vástida?", "sv": "Vem svarar?"}
        # New rows, not the old ones moved: the original keeps its questions and options.
        assert db.session.scalar(sa.select(sa.func.count(Option.id))) == 8
        assert response.headers["Location"].endswith(f"/staff/kittila/surveys/{copy.id}")


def test_another_centre_starts_from_a_published_template(client, app, factory, auth, coordinator):
    s = make_survey(app, coordinator, locales=("fi", "se", "sv"))
    post_form(client, f"/staff/kittila/surveys/{s.id}/publish-template", {}, page=f"/staff/kittila/surveys/{s.id}")
    with app.app_context():
        template = db.session.scalars(sa.select(Survey).where(Survey.is_template.is_(True))).one()
        template_id = template.id
        assert template.status is SurveyStatus.DRAFT
    listing = client.get("/staff/kittila/surveys/?lang=en").get_data(as_text=True)
    assert f"/staff/kittila/surveys/{template_id}\"" not in listing  # the library, not the centre's own list
    assert client.get(f"/kittila/surveys/{template.slug}").status_code == 404  # never answered
    other = factory.organisation("sodankyla")
    factory.user("s@sodankyla.example", organisation=other, role="coordinator")
    auth.logout()
    auth.login("s@sodankyla.example")
    library = client.get("/staff/sodankyla/surveys/templates?lang=en").get_data(as_text=True)
    assert "Neuvolakysely" in library and "Take out of the library" not in library  # not theirs to withdraw
    started = post_form(client, f"/staff/sodankyla/surveys/templates/{template_id}/use", {},
                        page="/staff/sodankyla/surveys/templates")
    assert started.status_code == 302
    with app.app_context():
        mine = db.session.scalars(sa.select(Survey).where(Survey.organisation_id == other.id)).one()
        assert mine.template_id == template_id and mine.slug == s.slug and mine.locales == ["fi", "se", "sv"]
        assert questions_of(mine.id) == questions_of(s.id)
    withdraw = f"/staff/sodankyla/surveys/templates/{template_id}/withdraw"
    assert post_form(client, withdraw, {}, page="/staff/sodankyla/surveys/templates").status_code == 404


def test_a_template_cannot_be_opened(app, coordinator):
    s = make_survey(app, coordinator, status=SurveyStatus.DRAFT)
    with app.app_context():
        survey = db.session.get(Survey, s.id)
        survey.is_template = True
        with pytest.raises(services.SurveyRuleError):
            services.change_status(survey, SurveyStatus.OPEN)


def test_a_copy_asks_its_follow_ups_after_its_own_answers(app, coordinator):
    """Conditions point at the copy's own questions and options, and its pages stay pages."""
    s = make_paged_survey(app, coordinator)
    with app.app_context():
        copy = copy_survey(db.session.get(Survey, s.id), db.session.get(Organisation, coordinator.id))
        db.session.commit()
        by_text = {q.text["fi"]: q for q in copy.questions}
        assert copy.is_paged
        visited, others = by_text["Kävittekö neuvolassa?"], by_text["Mitä muita palveluja käytitte?"]
        club = next(o for o in others.options if o.label["fi"] == "Kerho")
        assert by_text["Mikä neuvolassa toimi?"].condition_question_id == visited.id != s.visited
        assert by_text["Kuinka tyytyväinen olit?"].condition_values == ["1"]
        assert by_text["Mikä kerho?"].condition_question_id == others.id
        assert by_text["Mikä kerho?"].condition_values == [str(club.id)] != [str(s.club)]

