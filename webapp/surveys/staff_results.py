"""Results, exports, posters, paper entry and invitations of one survey (staff)."""

from __future__ import annotations

import os
import tempfile
from datetime import date

import segno
from flask import (
    Response,
    abort,
    after_this_request,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from webapp.audit.services import record
from webapp.auth.models import Role
from webapp.core import personal_data, tabular
from webapp.core.clock import today
from webapp.core.database import db
from webapp.core.http.requests import bounded_int
from webapp.core.http.urls import external_url, safe_local_path
from webapp.core.i18n import FORMAT_LOCALES, LOCALES, current_locale, localize
from webapp.core.pagination import page_number
from webapp.staff.access import owned_or_404
from webapp.surveys import answering, paper, reminders, results, services
from webapp.surveys.blueprints import survey_admin as bp
from webapp.surveys.forms import InvitationForm, PaperResponseMeta
from webapp.surveys.models import CHANNEL_LABELS, Answer, Channel, Survey


def _filters() -> results.Filters:
    args = request.args
    locale = args.get("locale") if args.get("locale") in LOCALES else None
    channel = args.get("channel") if args.get("channel") in {c.value for c in Channel} else None
    return results.Filters(locale=locale, channel=Channel(channel) if channel else None,
                           date_from=_date(args.get("from")), date_to=_date(args.get("to")))


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.route("/<int:survey_id>/results", endpoint="results")
def results_page(survey_id: int):
    survey = owned_or_404(Survey, survey_id)
    filters = _filters()
    search = request.args.get("q", "")[:200]
    text_question = request.args.get("question", type=bounded_int)
    page = page_number()
    can_manage = current_user.has_role(g.organisation, Role.ADMIN, Role.COORDINATOR)
    total = results.count_responses(survey, filters)
    too_few = results.too_few(survey, filters, total)
    counts = {} if too_few else results.answer_counts(survey, filters)
    texts = {}
    for question in survey.questions:
        if (question.kind.is_text or question.has_other) and not too_few:
            chosen = question.id == text_question
            texts[question.id] = results.text_answers(question, filters, search if chosen else "",
                                                      page if chosen else 1, counts=counts,
                                                      released_only=not can_manage)
    return render_template(
        "surveys/manage/results.html", survey=survey, filters=filters, search=search,
        answer_locales=results.answer_locales(survey),
        text_question=text_question, texts=texts, too_few=too_few, minimum=results.MIN_RESPONSES_SHOWN,
        total=total, counts=counts, average=results.scale_average, CHANNEL_LABELS=CHANNEL_LABELS,
        can_manage=can_manage, find_personal=personal_data.find)


@bp.route("/<int:survey_id>/answers/<int:answer_id>/release", methods=["POST"])
def answer_release(survey_id: int, answer_id: int):
    """A coordinator has checked a free-text answer: the core and steering groups may read it."""
    survey = owned_or_404(Survey, survey_id)
    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.question_id not in {q.id for q in survey.questions} or answer.is_hidden:
        abort(404)
    results.set_answer_released(answer, request.form.get("released") == "1", g.organisation)
    db.session.commit()
    flash(_("The core and steering groups can now read the answer.") if answer.is_released
          else _("The answer is no longer shown to the core and steering groups."), "success")
    return redirect(safe_local_path(request.form.get("back"), url_for("survey_admin.results", survey_id=survey.id)))


def _too_few_to_export(survey) -> bool:
    if not results.too_few(survey, _filters()):
        return False
    flash(_("Too few answers to show: the filters leave fewer than %(num)d answers.",
            num=results.MIN_RESPONSES_SHOWN), "error")
    return True



@bp.route("/<int:survey_id>/answers/<int:answer_id>/visibility", methods=["POST"])
def answer_visibility(survey_id: int, answer_id: int):
    survey = owned_or_404(Survey, survey_id)
    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.question_id not in {q.id for q in survey.questions}:
        abort(404)
    results.set_answer_hidden(answer, request.form.get("hidden") == "1", g.organisation)
    db.session.commit()
    flash(_("The answer is now hidden from results and exports.") if answer.is_hidden
          else _("The answer is shown again."), "success")
    return redirect(safe_local_path(request.form.get("back"), url_for("survey_admin.results", survey_id=survey.id)))


def _record_export(survey, kind: str) -> None:
    # Free-text answers may hold personal data: who exported them is recorded.
    record("survey.export", organisation=g.organisation, target=survey, format=kind)
    db.session.commit()


def _export_name(survey, suffix: str) -> str:
    return f"{g.organisation.slug}-{survey.slug}-{today().isoformat()}.{suffix}"


@bp.route("/<int:survey_id>/export.csv")
def export_csv(survey_id: int):
    survey = owned_or_404(Survey, survey_id)
    if _too_few_to_export(survey):
        return redirect(url_for("survey_admin.results", survey_id=survey.id, **request.args))
    _record_export(survey, "csv")
    rows = results.export_rows(survey, _filters(), current_locale())
    response = Response(stream_with_context(tabular.csv_stream(rows)), mimetype=tabular.CSV_MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{_export_name(survey, "csv")}"'
    return response


@bp.route("/<int:survey_id>/export.xlsx")
def export_xlsx(survey_id: int):
    survey = owned_or_404(Survey, survey_id)
    if _too_few_to_export(survey):
        return redirect(url_for("survey_admin.results", survey_id=survey.id, **request.args))
    _record_export(survey, "xlsx")
    handle, path = tempfile.mkstemp(suffix=".xlsx", dir=current_app.instance_path)
    os.close(handle)
    try:
        tabular.write_xlsx(results.export_rows(survey, _filters(), current_locale()), path,
                           tabular.sheet_title(localize(survey.title)) or _("Answers"))
    except BaseException:
        os.remove(path)
        raise

    @after_this_request
    def remove_file(response):
        response.call_on_close(lambda: os.path.exists(path) and os.remove(path))
        return response

    return send_file(path, as_attachment=True, download_name=_export_name(survey, "xlsx"),
                     mimetype=tabular.XLSX_MIMETYPE)


def short_url(survey) -> str:
    return external_url("surveys.short_link", code=survey.short_code)


@bp.route("/<int:survey_id>/poster")
def poster(survey_id: int):
    survey = owned_or_404(Survey, survey_id)
    chosen = [code for code in survey.locales if code in request.args.getlist("langs")] or survey.locales
    codes = []
    for code in chosen:
        # A code per language opens the survey in it (the choice is then remembered): a Sámi-speaking
        # parent whose phone is set to Finnish lands in Sámi.
        link = f"{short_url(survey)}?lang={code}"
        qr = segno.make(link, error="m")
        with force_locale(FORMAT_LOCALES[code]):  # the instruction in the code's language, not the coordinator's
            note = _("Answer with your phone: point its camera at the code. Anonymous, about 3 minutes.")
        codes.append({"code": code, "link": link, "display_link": link.split("://", 1)[-1], "note": note,
                      "title": survey.title.get(code) or "",
                      "svg": qr.svg_inline(scale=6, border=2, dark="#000", light="#fff", omitsize=True)})
    return render_template("surveys/manage/poster.html", survey=survey, chosen=chosen, codes=codes)


@bp.route("/<int:survey_id>/paper", methods=["GET", "POST"])
def paper_entry(survey_id: int):
    """Staff type in answers given on paper or at an event."""
    survey = owned_or_404(Survey, survey_id)
    meta = PaperResponseMeta(data=paper.batch_defaults(survey, request.args))
    submission = answering.Submission()
    token = request.form.get("token") or answering.issue_token(survey.id)
    if request.method == "POST":
        try:  # parsed whatever the date or channel say, so that a form typed in is never lost
            # "Required" binds the family's web form, not a paper one: a blank stays blank.
            submission = answering.parse_submission(survey, request.form, enforce_required=False)
        except answering.TamperedForm:
            abort(400)
    if meta.validate_on_submit():
        nonce = answering.token_nonce(survey, token)
        if nonce is None:
            abort(400)
        if not submission.errors:
            response = answering.store_response(
                survey, submission, nonce=nonce, locale=meta.locale.data, channel=Channel(meta.channel.data),
                submitted_on=meta.submitted_on.data)
            if response is not None:
                record("survey.paper_response", organisation=g.organisation, target=response,
                       channel=meta.channel.data)
                db.session.commit()
                flash(_("The answers were saved. You can enter the next form."), "success")
            # The next form of the batch keeps the date, language and channel just used.
            return redirect(url_for("survey_admin.paper_entry", survey_id=survey.id, channel=meta.channel.data,
                                    locale=meta.locale.data, on=meta.submitted_on.data.isoformat()))
    return render_template("surveys/manage/paper.html", survey=survey, meta=meta, submission=submission,
                           token=token, count=services.response_count(survey))


@bp.route("/<int:survey_id>/invitations", methods=["GET", "POST"])
def invitations(survey_id: int):
    survey = owned_or_404(Survey, survey_id)
    form = InvitationForm()
    new_link = None
    if form.validate_on_submit():
        _invitation, token = services.create_invitation(survey, form.label.data or "")
        db.session.commit()
        new_link = external_url("surveys.answer", org=g.organisation.slug, slug=survey.slug, i=token)
    return render_template("surveys/manage/invitations.html", survey=survey, form=form, new_link=new_link,
                           invitations=services.invitations_of(survey), batches=reminders.batches(survey),
                           remindable=reminders.remindable_count(survey), minimum=results.MIN_RESPONSES_SHOWN)
