"""Staff: /staff/<org>/backlog and /staff/<org>/workshops. Every role reads; the steering
group changes nothing (every write needs admin, coordinator or core group)."""

from __future__ import annotations

import io
from datetime import date

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from webapp.auth.models import Role
from webapp.backlog import report, services
from webapp.backlog.blueprints import backlog_admin as bp
from webapp.backlog.forms import DECISION_CHOICES, ItemForm, SourceForm, StatusForm, WorkshopForm
from webapp.backlog.models import (
    CLOSED_STATUSES,
    PRIORITY_LABELS,
    SECTOR_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    WORKFLOW,
    BacklogStatus,
    Priority,
    SourceKind,
    Workshop,
    moves_from,
)
from webapp.core import clock, documents, personal_data, tabular
from webapp.core.content_languages import missing_required, required_message
from webapp.core.database import db
from webapp.core.forms import content_choice, set_content_locales
from webapp.core.http.requests import bounded_int
from webapp.core.i18n import format_date, localize
from webapp.guide import services as guide
from webapp.ideas.models import Idea
from webapp.orgs.services import service_areas
from webapp.staff.access import ANY_ROLE, MANAGERS, guard, owned_or_404
from webapp.surveys.models import Answer, Question
from webapp.surveys.services import response_count, survey_of
from webapp.volunteers.roster import workshop_invitee_count

WRITERS = (Role.ADMIN, Role.COORDINATOR, Role.CORE_GROUP)


#: Pages every staff role reads; the rest (forms to add, edit or choose) are for WRITERS, so that
#: the steering group is never shown a form it cannot send.
READ_ENDPOINTS = frozenset(f"backlog_admin.{name}" for name in (
    "backlog", "board", "item", "workshops", "workshop", "agenda", "minutes", "minutes_docx", "steering_report",
    "action_plan", "action_plan_docx", "action_plan_xlsx"))

guard(bp, *WRITERS, readers=ANY_ROLE, read_endpoints=READ_ENDPOINTS)


@bp.context_processor
def permissions():
    return {"can_write": current_user.is_authenticated and "organisation" in g
            and current_user.has_role(g.organisation, *WRITERS),
            "STATUS_LABELS": STATUS_LABELS, "PRIORITY_LABELS": PRIORITY_LABELS,
            "SOURCE_LABELS": SOURCE_LABELS, "SECTOR_LABELS": SECTOR_LABELS}


def _areas():
    return service_areas(g.organisation)


def _item(item_id: int):
    item = services.item_of(g.organisation, item_id)
    if item is None:
        abort(404)
    return item


def _typed_item(field: str, back_to: str):
    """The item whose number was typed into the form's `field`, or None with a message and the
    way back (a mistyped number is not a dead end)."""
    number = request.form.get(field, type=bounded_int)
    item = services.item_of(g.organisation, number) if number else None
    if item is None:
        flash(_("There is no backlog item number %(number)s.", number=number or "–"), "error")
        return None, redirect(back_to)
    return item, None


def _enum(cls, value):
    try:
        return cls(value) if value else None
    except ValueError:
        return None


@bp.route("/backlog")
def backlog():
    args = request.args
    items = services.items_of(g.organisation, status=_enum(BacklogStatus, args.get("status")),
                              area_id=args.get("area", type=bounded_int),
                              priority=_enum(Priority, args.get("priority")),
                              source_kind=_enum(SourceKind, args.get("source")), search=args.get("q", "")[:100])
    return render_template("backlog/list.html", items=items, areas=_areas(), BacklogStatus=BacklogStatus,
                           Priority=Priority, SourceKind=SourceKind, counts=services.source_counts)


@bp.route("/backlog/board")
def board():
    items = services.items_of(g.organisation)
    columns = {status: [item for item in items if item.status is status] for status in WORKFLOW}
    return render_template("backlog/board.html", columns=columns,
                           transitions={status: moves_from(status) for status in WORKFLOW})


def _item_form(item=None):
    form = ItemForm(obj=item)
    form.service_area_ids.choices = [content_choice(area.id, area.name) for area in _areas()]
    form.service_ids.choices = [content_choice(entry.id, entry.name)
                              for entry in guide.services_of(g.organisation)]
    if item is not None and request.method == "GET":
        form.priority.data = item.priority.value
    set_content_locales(form, g.organisation.content_locales)
    return form


def _public_text_complete(form) -> bool:
    """A public item's title and answer must be in every required language of the organisation."""
    gaps = missing_required(g.organisation, form.public_title.data, form.public_answer.data) \
        if form.is_public.data else []
    if gaps:
        form.is_public.errors.append(required_message(gaps))
    return not gaps


def _item_fields(form) -> dict:
    return dict(title=form.title.data, description=form.description.data or "",
                service_area_ids=form.service_area_ids.data or [], service_ids=form.service_ids.data or [],
                priority=Priority(form.priority.data),
                responsible=form.responsible.data or "", target_quarter=form.target_quarter.data or "",
                is_public=form.is_public.data, public_title=form.public_title.data,
                public_answer=form.public_answer.data)


@bp.route("/backlog/new", methods=["GET", "POST"])
def create_item():
    form = _item_form()
    if form.validate_on_submit() and _public_text_complete(form):
        fields = _item_fields(form)
        item = services.create_item(g.organisation, title=fields.pop("title"),
                                    description=fields.pop("description"), **fields)
        db.session.commit()
        flash(_("Item added to the backlog."), "success")
        return redirect(url_for("backlog_admin.item", item_id=item.id))
    return render_template("backlog/item_form.html", form=form, item=None)


@bp.route("/backlog/<int:item_id>", methods=["GET", "POST"])
def item(item_id: int):
    item = _item(item_id)
    form = _item_form(item)
    if form.validate_on_submit() and _public_text_complete(form):
        services.update_item(item, **_item_fields(form))
        db.session.commit()
        flash(_("Item saved."), "success")
        return redirect(url_for("backlog_admin.item", item_id=item.id))
    moves = moves_from(item.status)
    status_form = StatusForm(data={"status": moves[0].value if moves else item.status.value})
    status_form.status.choices = [SelectChoice(s.value, STATUS_LABELS[s]) for s in moves]
    return render_template("backlog/item.html", item=item, form=form, status_form=status_form,
                           source_form=SourceForm(), counts=services.source_counts(item),
                           ideas={s.idea_id: db.session.get(Idea, s.idea_id) for s in item.sources if s.idea_id},
                           # The family's words, as promoted: personal data stays masked for every reader.
                           answers={s.answer_id: db.session.get(Answer, s.answer_id)
                                    for s in item.sources if s.answer_id},
                           surveys={s.survey_id: survey_of(g.organisation, s.survey_id)
                                    for s in item.sources if s.survey_id},
                           workshops=services.workshops_of(g.organisation), areas={a.id: a for a in _areas()})


@bp.route("/backlog/<int:item_id>/status", methods=["POST"])
def change_status(item_id: int):
    item = _item(item_id)
    status = _enum(BacklogStatus, request.form.get("status"))
    if status is None:
        abort(400)
    try:
        services.change_status(item, status, note=(request.form.get("note") or "").strip()[:2000])
    except services.BacklogRuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Status changed."), "success")
    return redirect(request.form.get("back") if request.form.get("back") == url_for("backlog_admin.board")
                    else url_for("backlog_admin.item", item_id=item.id))


@bp.route("/backlog/<int:item_id>/sources", methods=["POST"])
def add_source(item_id: int):
    item = _item(item_id)
    form = SourceForm()
    if form.validate_on_submit():
        services.add_source(item, SourceKind(form.kind.data), count=form.count.data, note=form.note.data or "")
        db.session.commit()
        flash(_("Source added."), "success")
    else:
        flash(_("Check the source: %(errors)s", errors="; ".join(e for errs in form.errors.values() for e in errs)),
              "error")
    return redirect(url_for("backlog_admin.item", item_id=item.id) + "#sources")


@bp.route("/backlog/promote/<int:idea_id>", methods=["POST"])
def promote(idea_id: int):
    """Take a published idea into a new item, or into the item whose number is given."""
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.organisation_id != g.organisation.id:
        abort(404)
    item = None
    if request.form.get("item"):
        item, back = _typed_item("item", url_for("backlog_admin.choose", **{"for": f"idea:{idea.id}"}))
        if item is None:
            return back
    try:
        item = services.promote_idea(idea, item)
    except services.BacklogRuleError as error:
        flash(str(error), "error")
        return redirect(url_for("moderation.queue"))
    db.session.commit()
    flash(_("The idea is now a source of a backlog item."), "success")
    return redirect(url_for("backlog_admin.item", item_id=item.id))


@bp.route("/backlog/choose")
def choose():
    """Choose an item by searching its title, never by typing its number: to take an idea, a survey
    answer or a survey's summary into it, or to merge another item into it. Works without JavaScript:
    each candidate is its own small form."""
    purpose, _sep, ref = request.args.get("for", "").partition(":")
    ref_id = int(ref) if ref.isdigit() and len(ref) <= 9 else None
    if purpose not in ("idea", "answer", "survey", "merge") or ref_id is None:
        abort(404)
    subject, survey_id, exclude = _choice_subject(purpose, ref_id)
    search = request.args.get("q", "")[:100]
    return render_template("backlog/choose.html", purpose=purpose, ref_id=ref_id, subject=subject,
                           survey_id=survey_id, search=search,
                           items=services.candidates(g.organisation, search, exclude=exclude))


def _choice_subject(purpose: str, ref_id: int):
    """What is being placed, as the page shows it (a survey answer masked), its survey, and the item
    that cannot be its own target."""
    if purpose == "idea":
        idea = db.session.get(Idea, ref_id)
        if idea is None or idea.organisation_id != g.organisation.id:
            abort(404)
        return idea.title, None, None
    if purpose == "merge":
        return _item(ref_id).title, None, ref_id
    if purpose == "survey":
        survey = survey_of(g.organisation, ref_id)
        if survey is None:
            abort(404)
        return localize(survey.title), survey.id, None
    answer = db.session.get(Answer, ref_id)
    question = db.session.get(Question, answer.question_id) if answer else None
    survey = survey_of(g.organisation, question.survey_id) if question else None
    if survey is None or answer.text is None or answer.is_hidden:
        abort(404)
    return personal_data.mask(answer.text), survey.id, None


@bp.route("/backlog/<int:item_id>/merge", methods=["POST"])
def merge(item_id: int):
    item = _item(item_id)
    into, back = _typed_item("into", url_for("backlog_admin.item", item_id=item.id))
    if into is None:
        return back
    try:
        services.merge_items(item, into)
    except services.BacklogRuleError as error:
        flash(str(error), "error")
        return redirect(url_for("backlog_admin.item", item_id=item.id))
    db.session.commit()
    flash(_("The items were merged; all sources are now on this item."), "success")
    return redirect(url_for("backlog_admin.item", item_id=into.id))


@bp.route("/backlog/from-survey/<int:survey_id>", methods=["POST"])
def promote_survey(survey_id: int):
    """A survey's free-text answer, or the whole survey's summary, as a source of an item."""
    survey = survey_of(g.organisation, survey_id)
    if survey is None:
        abort(404)
    item = None
    if request.form.get("item"):
        item, back = _typed_item("item", url_for("survey_admin.results", survey_id=survey.id))
        if item is None:
            return back
    answer_id = request.form.get("answer", type=bounded_int)
    if answer_id:
        answer = db.session.get(Answer, answer_id)
        question = db.session.get(Question, answer.question_id) if answer else None
        if answer is None or question is None or question.survey_id != survey.id or answer.text is None:
            abort(404)
        if answer.is_hidden:  # hidden for personal data: it must not travel further
            abort(409)
        already = services.existing_source(g.organisation, SourceKind.SURVEY_ANSWER, item=item, answer_id=answer.id)
        if already is not None:  # a double tap, or the same answer again: one voice, once
            item = already.item
        else:
            if item is None:
                masked = personal_data.mask(answer.text)  # the coordinator sees it on the item and can edit it
                item = services.create_item(g.organisation, title=masked[:200], description=masked)
                if masked != answer.text:
                    flash(_("Personal data in the answer was replaced with “%(marker)s”. Check the text.",
                            marker=personal_data.marker()), "error")
            services.add_source(item, SourceKind.SURVEY_ANSWER, survey_id=survey.id, answer_id=answer.id)
    else:
        if item is None:
            abort(400)
        already = services.existing_source(g.organisation, SourceKind.SURVEY, item=item, survey_id=survey.id)
        if already is not None:  # the summary again: its count brought up to date, not doubled
            already.count = response_count(survey)
        else:
            services.add_source(item, SourceKind.SURVEY, survey_id=survey.id, count=response_count(survey),
                                note=localize(survey.title))
    db.session.commit()
    flash(_("Added to the backlog."), "success")
    return redirect(url_for("backlog_admin.item", item_id=item.id))


@bp.route("/workshops")
def workshops():
    return render_template("backlog/workshops.html", workshops=services.workshops_of(g.organisation))


def _workshop(workshop_id: int) -> Workshop:
    return owned_or_404(Workshop, workshop_id)


@bp.route("/workshops/new", methods=["GET", "POST"], defaults={"workshop_id": None}, endpoint="create_workshop")
@bp.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
def edit_workshop(workshop_id: int | None):
    workshop = _workshop(workshop_id) if workshop_id else None
    form = WorkshopForm(obj=workshop)
    if form.validate_on_submit():
        workshop = services.save_workshop(g.organisation, workshop, title=form.title.data, held_on=form.held_on.data,
                                          place=form.place.data or "", participants=form.participants.data or "",
                                          developer_client_count=form.developer_client_count.data or 0,
                                          attendees=form.attendees.data)
        db.session.commit()
        flash(_("Workshop saved."), "success")
        return redirect(url_for("backlog_admin.workshop", workshop_id=workshop.id))
    return render_template("backlog/workshop_form.html", form=form, workshop=workshop,
                           blank_rows=3 if form.attendees.data else 6)


@bp.route("/workshops/<int:workshop_id>")
def workshop(workshop_id: int):
    workshop = _workshop(workshop_id)
    on_agenda = {entry.item_id for entry in workshop.agenda}
    candidates = [item for item in services.items_of(g.organisation)
                  if item.id not in on_agenda and item.status not in CLOSED_STATUSES]

    return render_template("backlog/workshop.html", workshop=workshop, candidates=candidates,
                           decision_choices=DECISION_CHOICES, transitions=services.TRANSITIONS,
                           invitees=workshop_invitee_count(workshop),
                           can_invite=current_user.has_role(g.organisation, *MANAGERS))


@bp.route("/workshops/<int:workshop_id>/minutes", defaults={"kind": "minutes"}, endpoint="minutes")
@bp.route("/workshops/<int:workshop_id>/agenda", defaults={"kind": "agenda"}, endpoint="agenda")
def workshop_document(workshop_id: int, kind: str):
    """The agenda before the workshop, the minutes after it: a page that prints as a document (no form
    controls, whoever prints it), with the decisions in full."""
    workshop = _workshop(workshop_id)
    return render_template("backlog/minutes.html", workshop=workshop, kind=kind,
                           invitees=workshop_invitee_count(workshop))


@bp.route("/workshops/<int:workshop_id>/minutes.docx")
def minutes_docx(workshop_id: int):
    workshop = _workshop(workshop_id)
    document = documents.new_document(
        _("Minutes: %(title)s", title=workshop.title), localize(g.organisation.name),
        [(_("Date:"), format_date(workshop.held_on, "full")), (_("Place:"), workshop.place),
         (_("Attendees:"), ", ".join(f"{person.name} ({SECTOR_LABELS[person.sector]})"
                                     for person in workshop.attendees)),
         (_("Developer-clients, not named:"), str(workshop.developer_client_count or "")),
         (_("Other participants or notes:"), workshop.participants)])
    rows = [[str(number), f"#{entry.item.id} {entry.item.title}", entry.decision or "–",
             str(STATUS_LABELS[entry.decided_status]) if entry.decided_status else "–"]
            for number, entry in enumerate(workshop.agenda, start=1)]
    documents.add_table(document, ["", _("Item"), _("Decision"), _("Status after the workshop")], rows)
    return send_file(io.BytesIO(documents.to_bytes(document)), as_attachment=True,
                     mimetype=documents.DOCX_MIMETYPE,
                     download_name=f"{g.organisation.slug}-minutes-{workshop.held_on}.docx")


@bp.route("/workshops/<int:workshop_id>/agenda/<int:entry_id>/<any(up,down,remove):action>", methods=["POST"])
def change_agenda(workshop_id: int, entry_id: int, action: str):
    """Move an agenda item up or down, or take it off the agenda (its decision, if any, goes with it)."""
    workshop = _workshop(workshop_id)
    entry = next((e for e in workshop.agenda if e.id == entry_id), None)
    if entry is None:
        flash(_("That item is no longer on the agenda."), "error")
    elif action == "remove":
        services.remove_from_agenda(workshop, entry)
        db.session.commit()
    else:
        services.move_on_agenda(workshop, entry, -1 if action == "up" else 1)
        db.session.commit()
    return redirect(url_for("backlog_admin.workshop", workshop_id=workshop.id) + "#agenda")


@bp.route("/workshops/<int:workshop_id>/agenda", methods=["POST"])
def add_to_agenda(workshop_id: int):
    workshop = _workshop(workshop_id)
    services.add_to_agenda(workshop, _item(request.form.get("item", type=bounded_int) or 0))
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # a double submit: the item is on the agenda already
        db.session.rollback()
    return redirect(url_for("backlog_admin.workshop", workshop_id=workshop.id))


@bp.route("/workshops/<int:workshop_id>/decisions", methods=["POST"])
def record_decisions(workshop_id: int):
    """One form records the decision on every agenda item."""
    workshop = _workshop(workshop_id)
    problems = []
    for entry in workshop.agenda:
        decision = (request.form.get(f"decision-{entry.id}") or "").strip()[:2000]
        status = _enum(BacklogStatus, request.form.get(f"status-{entry.id}"))
        if status is entry.item.status:
            status = None
        try:
            services.record_decision(entry, decision=decision, status=status)
        except services.BacklogRuleError as error:
            problems.append(f"{entry.item.title}: {error}")
    if problems:
        db.session.rollback()
        flash(" ".join(problems), "error")
    else:
        db.session.commit()
        flash(_("Decisions recorded."), "success")
    return redirect(url_for("backlog_admin.workshop", workshop_id=workshop.id))


def _period() -> tuple[date, date]:
    """The report's period from ?from=&to=, by default this year so far."""
    today = clock.today()

    def parse(name, default):
        try:
            return date.fromisoformat(request.args.get(name, "")) if request.args.get(name) else default
        except ValueError:
            return default

    start, end = parse("from", date(today.year, 1, 1)), parse("to", today)
    return (start, end) if start <= end else (end, start)


@bp.route("/report")
def steering_report():
    start, end = _period()
    return render_template("backlog/report.html", report=report.steering_report(g.organisation, start, end),
                           areas={area.id: area for area in _areas()})


@bp.route("/action-plan")
def action_plan():
    return render_template("backlog/action_plan.html", items=report.action_plan(g.organisation),
                           areas={area.id: area for area in _areas()})


@bp.route("/action-plan.docx")
def action_plan_docx():
    """The action plan as a Word document: numbers, latest decisions and how many voices each item has."""
    items = report.action_plan(g.organisation)
    decisions = report.latest_decisions(items)
    areas = {area.id: localize(area.name) for area in _areas()}
    document = documents.new_document(_("Action plan"), localize(g.organisation.name),
                                      [(_("Date:"), format_date(clock.today(), "long"))], landscape=True)
    rows = []
    for item in items:
        counts = services.source_counts(item)
        decided = decisions.get(item.id)
        rows.append([f"#{item.id}", personal_data.mask(item.title), str(STATUS_LABELS[item.status]),
                     item.responsible or "–", item.target_quarter or "–",
                     ", ".join(areas.get(a, "") for a in item.service_area_ids or []) or "–",
                     f"{format_date(decided[0], 'short')}: {decided[1]}" if decided else "–",
                     ", ".join(f"{SOURCE_LABELS[kind]} {n}" for kind, n in counts.items()) or "–"])
    documents.add_table(document, ["#", _("Item"), _("Status"), _("Responsible sector or person"),
                                   _("Target quarter"), _("Service areas"), _("Latest decision"), _("Sources")],
                        rows)
    return send_file(io.BytesIO(documents.to_bytes(document)), as_attachment=True,
                     mimetype=documents.DOCX_MIMETYPE,
                     download_name=f"{g.organisation.slug}-action-plan-{clock.today()}.docx")


@bp.route("/action-plan.xlsx")
def action_plan_xlsx():
    areas = {area.id: localize(area.name) for area in _areas()}
    header = [_("Title"), _("Status"), _("Responsible sector or person"), _("Target quarter"),
              _("Service areas"), _("Public answer: what was decided and done")]
    rows = [[personal_data.mask(item.title), str(STATUS_LABELS[item.status]), item.responsible, item.target_quarter,
             tabular.join(areas.get(a, "") for a in item.service_area_ids or []), localize(item.public_answer)]
            for item in report.action_plan(g.organisation)]
    data = tabular.xlsx_bytes([header, *rows], _("Action plan"))
    return send_file(io.BytesIO(data), as_attachment=True, mimetype=tabular.XLSX_MIMETYPE,
                     download_name=f"{g.organisation.slug}-action-plan-{clock.today()}.xlsx")
