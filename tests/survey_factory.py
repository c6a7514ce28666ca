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


def make_paged_survey(app, org, *, slug="polku", locales=("fi", "se")):
    """Three pages with conditions, as a coordinator would build a follow-up:

    page 1: who answers (required), visited the clinic? (yes/no, required), and "what worked"
            shown only for "yes" (the same page: live);
    page 2, section "Neuvola", shown only for "yes": satisfaction (scale, required), improvements;
    page 3, section "Lopuksi": other services (multiple), and "which club" only for "Kerho".
    """
    with app.app_context():
        organisation = db.session.get(Organisation, org.id)
        survey = services.create_survey(organisation, slug=slug, audience=SurveyAudience.PUBLIC, locales=locales,
                                        title={"fi": "Polkukysely", "se": "Bálgájearahallan"})
        survey.is_paged = True
        who = services.save_question(survey, None, kind=QuestionKind.SINGLE, is_required=True,
                                     text={"fi": "Kuka vastaa?", "se": "Gii vástida?"})
        mother = services.save_option(who, None, {"fi": "Äiti", "se": "Eadni"})
        services.save_option(who, None, {"fi": "Isä", "se": "Áhčči"})
        visited = services.save_question(survey, None, kind=QuestionKind.YES_NO, is_required=True,
                                         text={"fi": "Kävittekö neuvolassa?", "se": "Leigo rávvehagas?"})
        worked = services.save_question(survey, None, kind=QuestionKind.SHORT_TEXT,
                                        text={"fi": "Mikä neuvolassa toimi?", "se": "Mii doaimmai?"},
                                        condition_question_id=visited.id, condition_values=["1"])
        satisfaction = services.save_question(
            survey, None, kind=QuestionKind.SCALE, is_required=True, section={"fi": "Neuvola", "se": "Rávvehat"},
            text={"fi": "Kuinka tyytyväinen olit?", "se": "Man duđavaš ledjet?"},
            condition_question_id=visited.id, condition_values=["1"])
        better = services.save_question(survey, None, kind=QuestionKind.LONG_TEXT,
                                        text={"fi": "Mitä parantaisit?", "se": "Maid buoridivččet?"})
        others = services.save_question(survey, None, kind=QuestionKind.MULTIPLE,
                                        section={"fi": "Lopuksi", "se": "Loahpas"},
                                        text={"fi": "Mitä muita palveluja käytitte?", "se": "Maid eará?"})
        school = services.save_option(others, None, {"fi": "Koulu", "se": "Skuvla"})
        club = services.save_option(others, None, {"fi": "Kerho", "se": "Klubba"})
        which = services.save_question(survey, None, kind=QuestionKind.SHORT_TEXT,
                                       text={"fi": "Mikä kerho?", "se": "Makkár klubba?"},
                                       condition_question_id=others.id, condition_values=[str(club.id)])
        services.change_status(survey, SurveyStatus.OPEN)
        db.session.commit()
        return SimpleNamespace(
            id=survey.id, slug=slug, code=survey.short_code, url=f"/{org.slug}/surveys/{slug}", who=who.id,
            mother=mother.id, visited=visited.id, worked=worked.id, satisfaction=satisfaction.id,
            better=better.id, others=others.id, school=school.id, club=club.id, which=which.id)
