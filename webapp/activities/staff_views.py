"""Staff: activities under /staff/<org>/activities. Coordinators and admins keep every activity;
a partner's staff (role `partner`: MLL, the parish) keep the ones they own."""

from __future__ import annotations

from datetime import timedelta

import segno
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from webapp.activities import services
from webapp.activities.blueprints import activities_admin as bp
from webapp.activities.forms import ActivityForm, CancelForm
from webapp.activities.models import STATUS_LABELS, Activity, ActivityStatus, Repeat
from webapp.auth.models import Role
from webapp.core.clock import today
from webapp.core.database import db
from webapp.core.forms import set_content_locales
from webapp.core.http.urls import external_url
from webapp.core.i18n import localize
from webapp.guide.services import owner_choices
from webapp.staff.access import MANAGERS, guard, owned_or_404
from webapp.surveys import results
from webapp.surveys.models import Channel, Survey
from webapp.surveys.services import surveys_of

guard(bp, *MANAGERS, Role.PARTNER)


def _is_manager() -> bool:
    return current_user.has_role(g.organisation, *MANAGERS)


def _editable(activity_id: int) -> Activity:
    shared = db.session.get(Activity, activity_id)
    if shared is not None and services.is_shared_in(g.organisation, shared):
        abort(403)  # the county keeps its shared activity
    activity = owned_or_404(Activity, activity_id)
    if not services.can_edit(current_user, g.organisation, activity):
        abort(403)
    return activity


@bp.route("")
def index():
    entries = services.activities_of(g.organisation, owner=None if _is_manager() else current_user)
    return render_template("activities/manage/index.html", entries=entries, status_labels=STATUS_LABELS,
                           next_occurrence=lambda a: services.next_occurrence(a, today()))


def _form(activity: Activity | None) -> ActivityForm:
    form = ActivityForm(obj=activity)
    form.owner_id.choices = [SelectChoice(0, _("Nobody named"))] + [
        SelectChoice(user.id, user.email) for user in owner_choices(g.organisation)]
    form.feedback_survey_id.choices = [SelectChoice(0, _("No feedback survey"))] + [
        SelectChoice(survey.id, localize(survey.title)) for survey in surveys_of(g.organisation)]
    if request.method == "GET":
        if activity is not None:
            form.repeat.data = activity.repeat.value
            form.owner_id.data = activity.owner_id or 0
            form.feedback_survey_id.data = activity.feedback_survey_id or 0
        else:
            form.owner_id.data = current_user.id
    if not _is_manager():
        del form.owner_id  # a partner keeps their own activities: the owner is always them
        del form.feedback_survey_id  # surveys are the family centre's
    set_content_locales(form, g.organisation.content_locales)
    return form


def _fields(form: ActivityForm) -> dict:
    fields = dict(
        slug=form.slug.data, title=form.title.data, description=form.description.data or None,
        place=form.place.data or "", address=form.address.data or "", organiser=form.organiser.data or "",
        audiences=form.audiences.data or [], languages=form.languages.data or [], cost=form.cost.data or None,
        accessibility=form.accessibility.data or None, needs_registration=form.needs_registration.data,
        contact_phone=form.contact_phone.data or "", contact_email=form.contact_email.data or "",
        first_date=form.first_date.data, start_time=form.start_time.data, end_time=form.end_time.data,
        repeat=Repeat(form.repeat.data), weekdays=form.weekdays.data or [], last_date=form.last_date.data)
    if "owner_id" in form:
        fields["owner_id"] = form.owner_id.data or None
        fields["feedback_survey_id"] = form.feedback_survey_id.data or None
    else:
        fields["owner_id"] = current_user.id
    return fields


@bp.route("/new", methods=["GET", "POST"], defaults={"activity_id": None}, endpoint="create")
@bp.route("/<int:activity_id>", methods=["GET", "POST"])
def edit(activity_id: int | None):
    activity = _editable(activity_id) if activity_id is not None else None
    if activity is None and not (_is_manager() or current_user.has_role(g.organisation, Role.PARTNER)):
        abort(403)
    form = _form(activity)
    if form.validate_on_submit():
        if services.slug_taken(g.organisation, form.slug.data, activity_id):
            form.slug.errors.append(_("Another activity already has this address name."))
        else:
            try:
                activity = services.save_activity(g.organisation, activity, actor=current_user, **_fields(form))
            except services.ActivityError as refused:
                db.session.rollback()
                form.first_date.errors.append(str(refused))
            else:
                db.session.commit()
                flash(_("Activity saved."), "success")
                return redirect(url_for("activities_admin.edit", activity_id=activity.id))
    return render_template("activities/manage/form.html", form=form, activity=activity, is_manager=_is_manager(),
                           status_labels=STATUS_LABELS, ActivityStatus=ActivityStatus, cancel_form=CancelForm(),
                           upcoming=services.occurrences(activity, today(), today() + timedelta(days=42))
                           if activity else [],
                           **_feedback(activity)), 422 if form.errors else 200


def _feedback(activity: Activity | None) -> dict:
    """The event's feedback for the network's coordinators: how many answered through the event,
    and the answers given through events, unless they are too few to show."""
    survey = db.session.get(Survey, activity.feedback_survey_id) if activity and activity.feedback_survey_id else None
    if survey is None or survey.organisation_id != g.organisation.id or not _is_manager():
        return {"survey": None}
    filters = results.Filters(channel=Channel.EVENT)
    total = results.count_responses(survey, filters)
    too_few = results.too_few(survey, filters, total)
    link = external_url("activities.feedback", org=g.organisation.slug, slug=activity.slug)
    qr = segno.make(link, error="m").svg_inline(scale=6, border=2, dark="#000", light="#fff", omitsize=True)
    return {"survey": survey, "feedback_total": services.feedback_count(activity), "event_total": total,
            "too_few": too_few, "minimum": results.MIN_RESPONSES_SHOWN, "feedback_link": link, "qr_svg": qr,
            "counts": {} if too_few else results.answer_counts(survey, filters),
            "average": results.scale_average}


@bp.route("/<int:activity_id>/status", methods=["POST"])
def set_status(activity_id: int):
    activity = _editable(activity_id)
    try:
        status = ActivityStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    try:
        services.set_status(activity, status, actor=current_user)
    except services.ActivityError as refused:
        db.session.rollback()
        flash(str(refused), "error")
    else:
        db.session.commit()
        flash(_("The activity is published.") if status is ActivityStatus.PUBLISHED
              else _("The activity is a draft again and not shown to families."), "success")
    return redirect(url_for("activities_admin.edit", activity_id=activity_id))


@bp.route("/<int:activity_id>/days", methods=["POST"])
def cancel(activity_id: int):
    """Cancel one day of a repeating activity (`action=cancel`), or bring it back (`action=restore`)."""
    activity = _editable(activity_id)
    action = request.form.get("action", "cancel")
    form = CancelForm()
    if not form.validate_on_submit():
        flash(_("Choose the day."), "error")
        return redirect(url_for("activities_admin.edit", activity_id=activity_id))
    try:
        services.set_cancelled(activity, form.day.data, action == "cancel", actor=current_user)
    except services.ActivityError as refused:
        db.session.rollback()
        flash(str(refused), "error")
    else:
        db.session.commit()
        flash(_("Cancelled on that day.") if action == "cancel" else _("Takes place on that day again."), "success")
    return redirect(url_for("activities_admin.edit", activity_id=activity_id))


@bp.route("/<int:activity_id>/delete", methods=["POST"])
def delete(activity_id: int):
    services.delete_activity(_editable(activity_id), actor=current_user)
    db.session.commit()
    flash(_("Activity deleted."), "success")
    return redirect(url_for("activities_admin.index"))
