"""The survey builder for coordinators and admins, under /staff/<org>/surveys."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.core.clock import to_local, to_utc
from webapp.core.database import db
from webapp.core.forms import set_content_locales
from webapp.core.i18n import current_locale
from webapp.staff.access import ANY_ROLE, MANAGERS, guard, owned_or_404
from webapp.surveys import services
from webapp.surveys.answering import Submission
from webapp.surveys.blueprints import survey_admin as bp
from webapp.surveys.forms import OptionForm, QuestionForm, SurveySettingsForm
from webapp.surveys.models import (
    AUDIENCE_LABELS,
    KIND_LABELS,
    TRANSITIONS,
    Option,
    Question,
    QuestionKind,
    Survey,
    SurveyAudience,
    SurveyStatus,
)

#: Pages every staff role of the organisation may read (results are anonymous aggregates).
READABLE_BY_ALL_STAFF = frozenset({"survey_admin.results", "survey_admin.crosstab", "survey_admin.over_time"})


guard(bp, *MANAGERS, readers=ANY_ROLE, read_endpoints=READABLE_BY_ALL_STAFF)


def _question(survey, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    return question


def _option(question, option_id: int) -> Option:
    option = db.session.get(Option, option_id)
    if option is None or option.question_id != question.id:
        abort(404)
    return option


@bp.route("/")
def index():
    surveys = services.surveys_of(g.organisation)
    counts = {survey.id: services.response_count(survey) for survey in surveys}
    return render_template("surveys/manage/index.html", surveys=surveys, counts=counts)


@bp.route("/new", methods=["GET", "POST"], defaults={"survey_id": None}, endpoint="create")
@bp.route("/<int:survey_id>", methods=["GET", "POST"])
def edit(survey_id: int | None):
    survey = owned_or_404(Survey, survey_id) if survey_id else None
    form = SurveySettingsForm(obj=survey, data=None if survey else {"locales": g.organisation.content_locales})
    if survey is not None and request.method == "GET":
        form.audience.data = survey.audience.value
        form.opens_at.data, form.closes_at.data = to_local(survey.opens_at), to_local(survey.closes_at)
    set_content_locales(form, form.locales.data or g.organisation.content_locales)
    if form.validate_on_submit():
        if services.slug_taken(g.organisation, form.slug.data, survey.id if survey else None):
            form.slug.errors.append(_("Another survey already has this address name."))
        else:
            fields = dict(title=form.title.data, introduction=form.introduction.data, thank_you=form.thank_you.data,
                          locales=form.locales.data, audience=SurveyAudience(form.audience.data))
            if survey is None:
                survey = services.create_survey(g.organisation, slug=form.slug.data, **fields)
            else:
                fields["slug"] = form.slug.data
            services.update_survey(survey, **fields, opens_at=to_utc(form.opens_at.data),
                                   closes_at=to_utc(form.closes_at.data), is_kiosk=form.is_kiosk.data)
            db.session.commit()
            flash(_("Survey saved."), "success")
            return redirect(url_for("survey_admin.edit", survey_id=survey.id))
    return render_template(
        "surveys/manage/edit.html", survey=survey, form=form, KIND_LABELS=KIND_LABELS,
        AUDIENCE_LABELS=AUDIENCE_LABELS, SurveyStatus=SurveyStatus,
        missing=services.missing_translations(survey) if survey else {},
        transitions=[s.value for s in SurveyStatus if survey and s in TRANSITIONS[survey.status]],
        response_count=services.response_count(survey) if survey else 0)


@bp.route("/<int:survey_id>/status", methods=["POST"])
def change_status(survey_id: int):
    survey = owned_or_404(Survey, survey_id)
    try:
        services.change_status(survey, SurveyStatus(request.form.get("status", "")))
    except ValueError:
        abort(400)
    except services.SurveyRuleError as error:
        flash(str(error), "error")
        return redirect(url_for("survey_admin.edit", survey_id=survey.id))
    db.session.commit()
    flash(_("The survey's state was changed."), "success")
    return redirect(url_for("survey_admin.edit", survey_id=survey.id))


@bp.route("/<int:survey_id>/questions/new", methods=["GET", "POST"], defaults={"question_id": None},
          endpoint="create_question")
@bp.route("/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
def edit_question(survey_id: int, question_id: int | None):
    survey = owned_or_404(Survey, survey_id)
    question = _question(survey, question_id) if question_id else None
    form = QuestionForm(obj=question)
    if question is not None and request.method == "GET":
        form.kind.data = question.kind.value
    set_content_locales(form, survey.locales)
    if form.validate_on_submit():
        try:
            question = services.save_question(
                survey, question, kind=QuestionKind(form.kind.data), text=form.text.data, help=form.help.data,
                section=form.section.data, is_required=form.is_required.data, has_other=form.has_other.data,
                scale_min_label=form.scale_min_label.data, scale_max_label=form.scale_max_label.data)
        except services.SurveyRuleError as error:
            form.kind.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Question saved."), "success")
            if question.kind.has_options:
                return redirect(url_for("survey_admin.edit_question", survey_id=survey.id, question_id=question.id))
            return redirect(url_for("survey_admin.edit", survey_id=survey.id) + f"#question-{question.id}")
    option_forms = []
    if question is not None:
        for option in question.options:
            option_form = OptionForm(prefix=f"o{option.id}", obj=option)
            set_content_locales(option_form, survey.locales)
            option_forms.append((option, option_form))
    new_option = OptionForm(prefix="new")
    set_content_locales(new_option, survey.locales)
    return render_template("surveys/manage/question.html", survey=survey, question=question, form=form,
                           option_forms=option_forms, new_option=new_option)


@bp.route("/<int:survey_id>/questions/<int:question_id>/move", methods=["POST"])
def move_question(survey_id: int, question_id: int):
    survey = owned_or_404(Survey, survey_id)
    services.move(survey.questions, _question(survey, question_id), -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return redirect(url_for("survey_admin.edit", survey_id=survey.id) + f"#question-{question_id}")


@bp.route("/<int:survey_id>/questions/<int:question_id>/remove", methods=["POST"])
def remove_question(survey_id: int, question_id: int):
    survey = owned_or_404(Survey, survey_id)
    done = services.remove_question(_question(survey, question_id))
    db.session.commit()
    flash(_("The question had answers, so it was retired: it is no longer asked, and its answers stay in the "
            "results.") if done == "retired" else _("Question deleted."), "success")
    return redirect(url_for("survey_admin.edit", survey_id=survey.id))


@bp.route("/<int:survey_id>/questions/<int:question_id>/restore", methods=["POST"])
def restore_question(survey_id: int, question_id: int):
    survey = owned_or_404(Survey, survey_id)
    services.restore_question(_question(survey, question_id))
    db.session.commit()
    return redirect(url_for("survey_admin.edit", survey_id=survey.id))


@bp.route("/<int:survey_id>/questions/<int:question_id>/options", methods=["POST"], defaults={"option_id": None},
          endpoint="add_option")
@bp.route("/<int:survey_id>/questions/<int:question_id>/options/<int:option_id>", methods=["POST"])
def save_option(survey_id: int, question_id: int, option_id: int | None):
    survey = owned_or_404(Survey, survey_id)
    question = _question(survey, question_id)
    option = _option(question, option_id) if option_id else None
    form = OptionForm(prefix=f"o{option.id}" if option else "new")
    set_content_locales(form, survey.locales)
    if form.validate_on_submit():
        services.save_option(question, option, form.label.data)
        db.session.commit()
        flash(_("Option saved."), "success")
    else:
        flash(_("Write the option at least in Finnish."), "error")
    return redirect(url_for("survey_admin.edit_question", survey_id=survey.id, question_id=question.id))


@bp.route("/<int:survey_id>/questions/<int:question_id>/options/<int:option_id>/<any(up,down,remove):action>",
          methods=["POST"])
def change_option(survey_id: int, question_id: int, option_id: int, action: str):
    survey = owned_or_404(Survey, survey_id)
    question = _question(survey, question_id)
    option = _option(question, option_id)
    if action == "remove":
        done = services.remove_option(option)
        flash(_("The option had answers, so it was retired and is no longer shown.") if done == "retired"
              else _("Option deleted."), "success")
    else:
        services.move(question.options, option, -1 if action == "up" else 1)
    db.session.commit()
    return redirect(url_for("survey_admin.edit_question", survey_id=survey.id, question_id=question.id))


@bp.route("/<int:survey_id>/preview")
def preview(survey_id: int):
    survey = owned_or_404(Survey, survey_id)
    current_locale()  # the page's language is chosen now (its ?lang= links switch the preview) …
    g.pop("remember_locale", None)  # … and not kept as the coordinator's own language
    return render_template("surveys/manage/preview.html", survey=survey, submission=Submission(),
                           missing=services.missing_translations(survey))
