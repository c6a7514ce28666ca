"""Staff: the developer-client register under /staff/<org>/volunteers (coordinators and admins only)."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from webapp.audit import log as audit_log
from webapp.audit.services import record
from webapp.auth.models import Role
from webapp.backlog.models import Workshop
from webapp.core import tabular
from webapp.core.database import db
from webapp.core.forms import content_choice, set_content_locales
from webapp.core.http.requests import bounded_int
from webapp.core.i18n import LANGUAGE_NAMES, LOCALES, localize
from webapp.core.pagination import page_number, paginate
from webapp.staff.access import MANAGERS, guard, owned_or_404
from webapp.surveys.models import Survey
from webapp.volunteers import models, roster, services
from webapp.volunteers.blueprints import volunteer_admin as bp
from webapp.volunteers.forms import (
    STATUS_FILTERS,
    ExportForm,
    GroupForm,
    GroupMembersForm,
    InviteForm,
    NotesForm,
    ProfileForm,
    StaffConfirmForm,
    StaffSignupForm,
    WithdrawForm,
)
from webapp.volunteers.models import (
    CHILD_AGE_GROUPS,
    CHILD_LABELS,
    STATUS_LABELS,
    WAY_LABELS,
    WAYS,
    ConsentMethod,
    Volunteer,
    VolunteerGroup,
)

# Personal data of developer-clients: coordinators and admins only (not the core or steering group).
guard(bp, *MANAGERS)


def _filter_choices() -> dict:
    return {
        "areas": [(area.id, localize(area.name)) for area in g.organisation.service_areas],
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LOCALES],
        "children": [(key, CHILD_LABELS[key]) for key in CHILD_AGE_GROUPS],
        "ways": [(key, WAY_LABELS[key]) for key in WAYS],
        "statuses": STATUS_FILTERS,
        "groups": [(group.id, group.name) for group in roster.groups_of(g.organisation)],
    }


@bp.route("")
def index():
    filters = roster.Filters.from_args(request.args)
    volunteers = roster.page(g.organisation, filters, page_number())
    return render_template("volunteers/manage/index.html", volunteers=volunteers, filters=filters,
                           choices=_filter_choices(), export_form=ExportForm(), labels=STATUS_LABELS)


@bp.route("/export.csv", methods=["POST"])
def export():
    filters = roster.Filters.from_args(request.args)
    form = ExportForm()
    if not form.validate_on_submit():
        flash(_("Write why you need the contact list before exporting it."), "error")
        return redirect(url_for("volunteer_admin.index", **filters.as_args()))
    rows = roster.contact_rows(g.organisation, filters, form.reason.data)
    db.session.commit()
    return Response(tabular.csv_bytes(rows), mimetype=tabular.CSV_MIMETYPE, headers={
        "Content-Disposition": "attachment; filename=developer-clients.csv", "Cache-Control": "no-store"})


#: The latest events about a person shown on their page (the audit log has them all).
TRAIL_SIZE = 20


def _person(volunteer_id: int) -> Volunteer:
    return owned_or_404(Volunteer, volunteer_id)


def _profile_form(**kwargs) -> ProfileForm:
    form = ProfileForm(**kwargs)
    form.service_area_ids.choices = [content_choice(area.id, area.name)
                                     for area in g.organisation.service_areas]
    return form


@bp.route("/new", methods=["GET", "POST"])
def add():
    """Type in a sign-up given on paper, at an event or by phone."""
    form = StaffSignupForm()
    form.service_area_ids.choices = [content_choice(area.id, area.name)
                                     for area in g.organisation.service_areas]
    if form.validate_on_submit():
        try:
            volunteer = services.add_by_staff(g.organisation, form.profile(), locale=form.locale.data,
                                              quote_consent=form.quote_consent.data,
                                              method=ConsentMethod(form.method.data))
        except services.ProfileTaken:
            taken = form.email if form.email.data else form.phone
            taken.errors.append(_("This email address or phone number is in another registration."))
        else:
            db.session.commit()
            flash(_("Added to the register."), "success")
            return redirect(url_for("volunteer_admin.person", volunteer_id=volunteer.id))
    return render_template("volunteers/manage/new.html", form=form), 422 if form.errors else 200


@bp.route("/<int:volunteer_id>")
def person(volunteer_id: int):
    volunteer = _person(volunteer_id)
    record("volunteer.view", organisation=g.organisation, target=volunteer)
    db.session.commit()
    trail = paginate(audit_log.events_query(g.organisation.id, audit_log.LogFilters(person=volunteer.id)),
                     page=1, per_page=TRAIL_SIZE)
    return render_template("volunteers/manage/person.html", volunteer=volunteer, notes_form=NotesForm(obj=volunteer),
                           confirm_form=StaffConfirmForm(), erase_form=WithdrawForm(), labels=models, trail=trail,
                           tokens=audit_log.token_names(g.organisation.id), details=audit_log.details,
                           who=audit_log.who, can_read_log=current_user.has_role(g.organisation, Role.ADMIN))


@bp.route("/<int:volunteer_id>/edit", methods=["GET", "POST"])
def edit(volunteer_id: int):
    volunteer = _person(volunteer_id)
    form = _profile_form()
    if request.method == "GET":
        form.fill(volunteer)
        record("volunteer.view", organisation=g.organisation, target=volunteer)
        db.session.commit()
    elif form.validate_on_submit():
        try:
            services.update_profile(volunteer, form.profile(), by_staff=True)
        except services.ProfileTaken:
            form.email.errors.append(_("This email address or phone number is in another registration."))
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("volunteer_admin.person", volunteer_id=volunteer.id))
    return render_template("volunteers/manage/edit.html", volunteer=volunteer, form=form), 422 if form.errors else 200


@bp.route("/<int:volunteer_id>/notes", methods=["POST"])
def notes(volunteer_id: int):
    volunteer = _person(volunteer_id)
    form = NotesForm()
    if form.validate_on_submit():
        volunteer.staff_notes = form.staff_notes.data or ""
        record("volunteer.notes", organisation=g.organisation, target=volunteer)
        db.session.commit()
        flash(_("Saved."), "success")
    else:
        flash(_("Write at most %(max)d characters.", max=5000), "error")
    return redirect(url_for("volunteer_admin.person", volunteer_id=volunteer.id))


@bp.route("/<int:volunteer_id>/confirm", methods=["POST"])
def confirm(volunteer_id: int):
    volunteer = _person(volunteer_id)
    form = StaffConfirmForm()
    if form.validate_on_submit():
        services.confirm_by_staff(volunteer, ConsentMethod(form.method.data))
        db.session.commit()
        flash(_("The sign-up is confirmed."), "success")
    return redirect(url_for("volunteer_admin.person", volunteer_id=volunteer.id))


@bp.route("/<int:volunteer_id>/erase", methods=["POST"])
def erase(volunteer_id: int):
    """Erase on the person's request made by phone or in person (they can also do it themselves)."""
    volunteer = _person(volunteer_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash(_("Tick the box to confirm."), "error")
        return redirect(url_for("volunteer_admin.person", volunteer_id=volunteer.id))
    record("volunteer.erase", organisation=g.organisation, target=volunteer)
    services.erase(volunteer, "withdrawn")
    db.session.commit()
    flash(_("The person's data are erased."), "success")
    return redirect(url_for("volunteer_admin.index"))


# --- groups --------------------------------------------------------------------------------

@bp.route("/groups")
def groups():
    return render_template("volunteers/manage/groups.html", groups=roster.groups_of(g.organisation),
                           members=roster.member_counts(g.organisation))


@bp.route("/groups/new", methods=["GET", "POST"], defaults={"group_id": None}, endpoint="create_group")
@bp.route("/groups/<int:group_id>", methods=["GET", "POST"])
def group(group_id: int | None):
    group = owned_or_404(VolunteerGroup, group_id) if group_id is not None else None
    form = GroupForm(obj=group)
    if form.validate_on_submit():
        if roster.group_name_taken(g.organisation, form.name.data, group_id):
            form.name.errors.append(_("Another group already has this name."))
        else:
            group = roster.save_group(g.organisation, group, name=form.name.data,
                                        description=form.description.data or "")
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("volunteer_admin.group", group_id=group.id))
    members_form, found, words = None, [], request.args.get("q", "")[:100].strip()
    if group is not None:
        members_form = GroupMembersForm()
        found = roster.search_outside(group, words) if words else []
    return render_template("volunteers/manage/group.html", group=group, form=form, members_form=members_form,
                           found=found, words=words), 422 if form.errors else 200


@bp.route("/groups/<int:group_id>/members", methods=["POST"])
def group_members(group_id: int):
    """Add the people ticked in the search results, or take out the members ticked in the list."""
    group = owned_or_404(VolunteerGroup, group_id)
    form = GroupMembersForm()
    if form.validate_on_submit():
        added, removed = roster.change_members(
            group, add=roster.of_organisation(g.organisation, request.form.getlist("add")),
            remove=roster.of_organisation(g.organisation, request.form.getlist("remove")))
        db.session.commit()
        flash(_("Added to the group: %(added)d. Taken out: %(removed)d.", added=added, removed=removed), "success")
    return redirect(url_for("volunteer_admin.group", group_id=group.id))


@bp.route("/groups/add-found", methods=["POST"])
def add_found_to_group():
    """Everyone the register's filters find (every page of them) into one group."""
    filters = roster.Filters.from_args(request.args)
    form = GroupMembersForm()
    group = owned_or_404(VolunteerGroup, request.form.get("group_id", 0, type=bounded_int))
    if form.validate_on_submit():
        people = list(db.session.scalars(roster.search(g.organisation, filters)))
        added, _removed = roster.change_members(group, add=people)
        db.session.commit()
        flash(_("Added to the group %(group)s: %(added)d (of %(found)d found).", group=group.name, added=added,
                found=len(people)), "success")
    return redirect(url_for("volunteer_admin.group", group_id=group.id))


# --- invitations ---------------------------------------------------------------------------

@bp.route("/invite", methods=["GET", "POST"])
def invite():
    form = InviteForm()
    set_content_locales(form, g.organisation.content_locales)
    if request.method == "GET":
        form.volunteer_ids.data = ",".join(request.args.getlist("id"))
        form.group_id.data = request.args.get("group", 0, type=bounded_int)
        form.workshop_id.data = request.args.get("workshop", 0, type=bounded_int)
        if form.workshop_id.data:
            form.kind.data = "workshop"
    selected = roster.of_organisation(g.organisation, (form.volunteer_ids.data or "").split(","))
    form.group_id.choices = ([SelectChoice(0, _("The people chosen in the register (%(n)d)", n=len(selected)))]
                             + [SelectChoice(group.id, group.name) for group in roster.groups_of(g.organisation)])
    surveys = roster.invitable_surveys(g.organisation)
    workshops = roster.upcoming_workshops(g.organisation)
    form.survey_id.choices = [SelectChoice(0, "–")] + [SelectChoice(survey.id, localize(survey.title))
                                                      for survey in surveys]
    form.workshop_id.choices = [SelectChoice(0, "–")] + [SelectChoice(w.id, f"{w.title} ({w.held_on.isoformat()})")
                                                        for w in workshops]
    if form.validate_on_submit():
        people = selected
        if form.group_id.data:
            people = owned_or_404(VolunteerGroup, form.group_id.data).members
        survey = owned_or_404(Survey, form.survey_id.data) if form.kind.data == "survey" and form.survey_id.data \
            else None
        workshop = owned_or_404(Workshop, form.workshop_id.data) \
            if form.kind.data == "workshop" and form.workshop_id.data else None
        if survey is None and workshop is None:
            form.survey_id.errors.append(_("Choose the survey or the workshop."))
        elif survey is not None and survey not in surveys:
            abort(404)
        elif not people:
            form.group_id.errors.append(_("Nobody to invite: choose people in the register or a group."))
        elif request.form.get("action") == "preview":
            plan = roster.plan_invitations(people, survey=survey, workshop=workshop)
            previews = roster.email_previews(g.organisation, plan, survey=survey, workshop=workshop,
                                             message=form.message.data)
            return render_template("volunteers/manage/invite.html", form=form, selected=selected, has_targets=True,
                                   plan=plan, previews=previews, reasons=roster.SKIP_REASONS)
        else:
            run = roster.invite(g.organisation, people, survey=survey, workshop=workshop, message=form.message.data)
            db.session.commit()
            return render_template("volunteers/manage/invited.html", run=run, survey=survey, workshop=workshop,
                                   reasons=roster.SKIP_REASONS)
    return render_template("volunteers/manage/invite.html", form=form, selected=selected,
                           has_targets=bool(surveys or workshops)), 422 if form.errors else 200
