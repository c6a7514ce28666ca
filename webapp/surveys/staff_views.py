"""The survey builder for coordinators and admins, under /staff/<org>/surveys."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.core.clock import to_local, to_utc
from webapp.core.database import db
from webapp.core.forms import set_content_locales
from webapp.core.http.requests import bounded_int
from webapp.core.i18n import current_locale
from webapp.staff.access import ANY_ROLE, MANAGERS, guard, owned_or_404
from webapp.surveys import conditions, services
from webapp.surveys.answering import Submission
from webapp.surveys.blueprints import survey_admin as bp
from webapp.surveys.forms import NewOptionsForm, OptionForm, QuestionForm, SurveySettingsForm
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
                                   closes_at=to_utc(form.closes_at.data), is_kiosk=form.is_kiosk.data,
                                   is_paged=form.is_paged.data)
            db.session.commit()
            flash(_("Survey saved."), "success")
            return redirect(url_for("survey_admin.edit", survey_id=survey.id) + (
                "#questions-heading" if survey_id is None else "#settings-heading"))
    layout = conditions.Layout(survey) if survey else None
    return render_template(
        "surveys/manage/edit.html", survey=survey, form=form, KIND_LABELS=KIND_LABELS,
        AUDIENCE_LABELS=AUDIENCE_LABELS, SurveyStatus=SurveyStatus, layout=layout,
        condition_words={q.id: layout.describe_for_builder(q) for q in layout.questions} if layout else {},
        missing=services.missing_texts(survey) if survey else {},
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
    return redirect(url_for("survey_admin.edit", survey_id=survey.id) + "#state-heading")


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
    chosen = set(request.form.getlist("show_when")) if request.method == "POST" else _chosen(question)
    condition_errors: list[str] = []
    if form.validate_on_submit():
        kind = QuestionKind(form.kind.data)
        try:
            target, values = _condition_from(chosen)
        except services.SurveyRuleError as error:
            condition_errors.append(str(error))
        try:
            labels = services.option_lines(form.new_options.data) if kind.has_options else []
        except services.SurveyRuleError as error:
            form.new_options.errors.append(str(error))
        if (question is not None and not form.confirm_reword.data and services.rewording(question, form.text.data)
                and services.question_has_answers(question)):
            form.confirm_reword.errors.append(_(
                "This question already has answers, which were given to the old wording. Change the words only "
                "if the question still asks the same thing, and tick the box to confirm."))
        if not condition_errors and not form.new_options.errors and not form.confirm_reword.errors:
            try:
                question = services.save_question(
                    survey, question, kind=kind, text=form.text.data, help=form.help.data,
                    section=form.section.data, is_required=form.is_required.data, has_other=form.has_other.data,
                    scale_min_label=form.scale_min_label.data, scale_max_label=form.scale_max_label.data,
                    condition_question_id=target, condition_values=values)
                services.add_options(question, labels)
            except services.SurveyRuleError as error:
                db.session.rollback()
                (condition_errors if chosen else form.kind.errors).append(str(error))
            else:
                db.session.commit()
                flash(_("Question saved."), "success")
                return redirect(_after_question_save(survey, question))
    option_forms = []
    if question is not None:
        for option in question.options:
            option_form = OptionForm(prefix=f"o{option.id}", obj=option)
            set_content_locales(option_form, survey.locales)
            option_forms.append((option, option_form))
    new_options = NewOptionsForm(prefix="new")
    set_content_locales(new_options, survey.locales)
    return render_template("surveys/manage/question.html", survey=survey, question=question, form=form,
                           option_forms=option_forms, new_options=new_options, chosen=chosen,
                           deciders=_deciding_questions(survey, question), condition_errors=condition_errors,
                           needs_confirmation=bool(form.confirm_reword.errors))


def _after_question_save(survey, question) -> str:
    """Where a save lands: the next new question, the options of a choice question that has none
    yet, or the saved question in the survey's list."""
    if "save_and_add" in request.form:
        return url_for("survey_admin.create_question", survey_id=survey.id) + "#kind"
    if question.kind.has_options and not question.active_options:
        return url_for("survey_admin.edit_question", survey_id=survey.id, question_id=question.id) + "#options-heading"
    return url_for("survey_admin.edit", survey_id=survey.id) + f"#question-{question.id}"


def _chosen(question) -> set[str]:
    if question is None or question.condition_question_id is None:
        return set()
    return {f"{question.condition_question_id}:{value}" for value in question.condition_values or []}


def _condition_from(chosen: set[str]) -> tuple[int | None, list[str]]:
    """The ticked `<question id>:<answer>` boxes as one question and its answers."""
    targets, values = set(), []
    for item in chosen:
        ident, _sep, value = item.partition(":")
        try:
            targets.add(bounded_int(ident))
        except ValueError:
            abort(400)
        values.append(value)
    if len(targets) > 1:
        raise services.SurveyRuleError(_("Tick the answers of one question only."))
    return (targets.pop() if targets else None), values


def _deciding_questions(survey, question) -> list[tuple[int, Question, list[tuple[str, str]]]]:
    """The earlier questions whose answers can decide whether `question` is shown (all, for a new one)."""
    layout = conditions.Layout(survey)
    found = []
    for earlier in layout.questions:
        if question is not None and earlier.id == question.id:
            break
        if earlier.kind in conditions.DECIDING_KINDS:
            found.append((layout.number[earlier.id], earlier, conditions.choices_of(earlier)))
    return found


@bp.route("/<int:survey_id>/questions/<int:question_id>/move", methods=["POST"])
def move_question(survey_id: int, question_id: int):
    survey = owned_or_404(Survey, survey_id)
    try:
        services.move(survey.questions, _question(survey, question_id),
                      -1 if request.form.get("direction") == "up" else 1)
    except services.SurveyRuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
    return redirect(url_for("survey_admin.edit", survey_id=survey.id) + f"#question-{question_id}")


@bp.route("/<int:survey_id>/questions/<int:question_id>/remove", methods=["POST"])
def remove_question(survey_id: int, question_id: int):
    survey = owned_or_404(Survey, survey_id)
    try:
        done = services.remove_question(_question(survey, question_id))
    except services.SurveyRuleError as error:
        flash(str(error), "error")
        return redirect(url_for("survey_admin.edit", survey_id=survey.id) + f"#question-{question_id}")
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
    """Reword an option, or add several pasted one per line."""
    survey = owned_or_404(Survey, survey_id)
    question = _question(survey, question_id)
    option = _option(question, option_id) if option_id else None
    form = OptionForm(prefix=f"o{option.id}") if option else NewOptionsForm(prefix="new")
    set_content_locales(form, survey.locales)
    anchor = f"#option-{option.id}" if option else "#options-heading"
    if form.validate_on_submit():
        try:
            if option is not None:
                services.save_option(question, option, form.label.data)
                added = [option]
            else:
                added = services.add_options(question, services.option_lines(form.labels.data))
        except services.SurveyRuleError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(ngettext("%(num)d option saved.", "%(num)d options saved.", len(added)), "success")
            if added and option is None:
                anchor = f"#option-{added[-1].id}"
    else:
        flash(_("Write the option at least in Finnish."), "error")
    return redirect(url_for("survey_admin.edit_question", survey_id=survey.id, question_id=question.id) + anchor)


@bp.route("/<int:survey_id>/questions/<int:question_id>/options/<int:option_id>/<any(up,down,remove):action>",
          methods=["POST"])
def change_option(survey_id: int, question_id: int, option_id: int, action: str):
    survey = owned_or_404(Survey, survey_id)
    question = _question(survey, question_id)
    option = _option(question, option_id)
    if action == "remove":
        try:
            done = services.remove_option(option)
        except services.SurveyRuleError as error:
            flash(str(error), "error")
            return redirect(url_for("survey_admin.edit_question", survey_id=survey.id, question_id=question.id))
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
