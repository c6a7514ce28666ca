"""Builds surveys for tests through the same services the builder uses."""

from types import SimpleNamespace

from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.surveys import services
from webapp.surveys.models import QuestionKind, SurveyAudience, SurveyStatus


def make_survey(app, org, *, slug="kysely", status=SurveyStatus.OPEN, audience=SurveyAudience.PUBLIC,
                locales=("fi", "se"), **fields):
    """A survey with one question of each kind; returns ids by name."""
    with app.app_context():
        organisation = db.session.get(Organisation, org.id)
        fields.setdefault("title", {"fi": "Neuvolakysely", "se": "Rávvehatjearahallan"})
        survey = services.create_survey(organisation, slug=slug, audience=audience, locales=locales, **fields)
        single = services.save_question(survey, None, kind=QuestionKind.SINGLE, is_required=True,
                                        text={"fi": "Kuka vastaa?", "se": "Gii vástida?"})
        mother = services.save_option(single, None, {"fi": "Äiti", "se": "Eadni"})
        father = services.save_option(single, None, {"fi": "Isä", "se": "Áhčči"})
        multiple = services.save_question(survey, None, kind=QuestionKind.MULTIPLE, has_other=True,
                                          text={"fi": "Mitä palveluja käytit?"})
        clinic = services.save_option(multiple, None, {"fi": "Neuvola"})
        school = services.save_option(multiple, None, {"fi": "Koulu"})
        scale = services.save_question(survey, None, kind=QuestionKind.SCALE, text={"fi": "Tyytyväisyys"},
                                       scale_min_label={"fi": "Huono"}, scale_max_label={"fi": "Hyvä"})
        yes_no = services.save_question(survey, None, kind=QuestionKind.YES_NO, text={"fi": "Saitko apua?"})
        short = services.save_question(survey, None, kind=QuestionKind.SHORT_TEXT, text={"fi": "Yksi sana"})
        long = services.save_question(survey, None, kind=QuestionKind.LONG_TEXT, text={"fi": "Kerro lisää"})
        if status is not SurveyStatus.DRAFT:
            services.change_status(survey, SurveyStatus.OPEN)
        if status in (SurveyStatus.CLOSED, SurveyStatus.ARCHIVED):
            services.change_status(survey, SurveyStatus.CLOSED)
        db.session.commit()
        return SimpleNamespace(
            id=survey.id, slug=slug, code=survey.short_code, url=f"/{org.slug}/surveys/{slug}",
            single=single.id, mother=mother.id, father=father.id, multiple=multiple.id, clinic=clinic.id,
            school=school.id, scale=scale.id, yes_no=yes_no.id, short=short.id, long=long.id)
