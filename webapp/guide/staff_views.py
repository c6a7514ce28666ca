"""Staff: the services guide under /staff/<org>/services. Coordinators and admins keep every
entry, import and export; a partner's staff (role `partner`) keep the entries they own."""

from __future__ import annotations

import io

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from webapp.audit.services import record
from webapp.auth.models import Role
from webapp.core import tabular
from webapp.core.clock import today
from webapp.core.content_languages import missing_required, required_message
from webapp.core.database import db
from webapp.core.forms import content_choice, set_content_locales
from webapp.guide import search, services, transfer
from webapp.guide.blueprints import guide_admin as bp
from webapp.guide.forms import ImportApplyForm, ImportForm, SearchSettingsForm, ServiceForm
from webapp.guide.models import (
    STATUS_LABELS,
    CorrectionStatus,
    GuideSearchSettings,
    Sector,
    Service,
    ServiceCorrection,
    ServiceStatus,
)
from webapp.staff.access import MANAGERS, guard, owned_or_404

guard(bp, *MANAGERS, Role.PARTNER)


def _is_manager() -> bool:
    return current_user.has_role(g.organisation, *MANAGERS)


def _require_manager() -> None:
    if not _is_manager():
        abort(403)


def _editable(service_id: int) -> Service:
    shared = db.session.get(Service, service_id)
    if shared is not None and services.is_shared_in(g.organisation, shared):
        abort(403)  # the county keeps its shared entry; the municipality suggests corrections instead
    service = owned_or_404(Service, service_id)
    if not services.can_edit(current_user, g.organisation, service):
        abort(403)
    return service


@bp.route("")
def index():
    entries = services.services_of(g.organisation, owner=None if _is_manager() else current_user)
    return render_template("guide/manage/index.html", entries=entries, is_manager=_is_manager(),
                           is_out_of_date=services.is_out_of_date, status_labels=STATUS_LABELS,
                           corrections=services.pending_corrections(g.organisation) if _is_manager() else [])


def _form(service: Service | None) -> ServiceForm:
    form = ServiceForm(obj=service)
    areas = [area for area in g.organisation.service_areas
             if area.is_active or (service and area.id in (service.service_area_ids or []))]
    form.service_area_ids.choices = [content_choice(area.id, area.name) for area in areas]
    form.owner_id.choices = [SelectChoice(0, _("Nobody named"))] + [SelectChoice(user.id, user.email)
                                                        for user in services.owner_choices(g.organisation)]
    if service is not None and request.method == "GET":
        form.sector.data = service.sector.value
        form.owner_id.data = service.owner_id or 0
    elif service is None and request.method == "GET":
        form.owner_id.data = current_user.id
    if not _is_manager():
        del form.owner_id  # a partner keeps their own entries: the owner is always them
    set_content_locales(form, g.organisation.content_locales)
    return form


@bp.route("/new", methods=["GET", "POST"], defaults={"service_id": None}, endpoint="create")
@bp.route("/<int:service_id>", methods=["GET", "POST"])
def edit(service_id: int | None):
    service = _editable(service_id) if service_id is not None else None
    form = _form(service)
    if form.validate_on_submit():
        gaps = missing_required(g.organisation, form.name.data, form.description.data, form.opening_hours.data) \
            if service is not None and service.status is ServiceStatus.PUBLISHED else []
        if services.slug_taken(g.organisation, form.slug.data, service_id):
            form.slug.errors.append(_("Another entry already has this address name."))
        elif gaps:  # a published entry keeps the languages the organisation requires
            form.name.errors.append(required_message(gaps))
        else:
            owner_id = (form.owner_id.data or None) if "owner_id" in form else current_user.id
            service = services.save_service(
                g.organisation, service, actor=current_user, public_note=form.public_note.data,
                slug=form.slug.data, name=form.name.data, description=form.description.data or None,
                provider=form.provider.data or "", sector=Sector(form.sector.data),
                service_area_ids=form.service_area_ids.data or [], audiences=form.audiences.data or [],
                phone=form.phone.data or "", email=form.email.data or "", web_url=form.web_url.data or "",
                address=form.address.data or "", opening_hours=form.opening_hours.data or None,
                access=form.access.data or [], languages=form.languages.data or [], is_free=form.is_free.data,
                owner_id=owner_id)
            db.session.commit()
            flash(_("Entry saved."), "success")
            return redirect(url_for("guide_admin.edit", service_id=service.id))
    return render_template("guide/manage/form.html", form=form, service=service, is_manager=_is_manager(),
                           status_labels=STATUS_LABELS, ServiceStatus=ServiceStatus,
                           is_out_of_date=services.is_out_of_date(service) if service else False,
                           # families' corrections may hold personal data: for the network's coordinators only
                           corrections=services.pending_corrections(g.organisation, service)
                           if service and _is_manager() else [],
                           field_labels={field.name: field.label.text for field in form}), 422 if form.errors else 200


@bp.route("/<int:service_id>/status", methods=["POST"])
def set_status(service_id: int):
    service = _editable(service_id)
    try:
        status = ServiceStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    try:
        services.set_status(service, status, actor=current_user)
    except services.GuideError as refused:
        db.session.rollback()
        flash(str(refused), "error")
    else:
        db.session.commit()
        flash(_("The entry is published.") if status is ServiceStatus.PUBLISHED
              else _("The entry is a draft again and not shown to families."), "success")
    return redirect(url_for("guide_admin.edit", service_id=service_id))


@bp.route("/<int:service_id>/checked", methods=["POST"])
def mark_checked(service_id: int):
    services.mark_checked(_editable(service_id), actor=current_user)
    db.session.commit()
    flash(_("Marked as checked today."), "success")
    return redirect(url_for("guide_admin.edit", service_id=service_id))


@bp.route("/<int:service_id>/delete", methods=["POST"])
def delete(service_id: int):
    """A draft goes at once; a published entry, which families may be reading, is first confirmed."""
    _require_manager()
    service = _editable(service_id)
    if service.status is ServiceStatus.PUBLISHED and request.form.get("confirm") != "1":
        return render_template("guide/manage/confirm_delete.html", service=service)
    services.delete_service(service)
    db.session.commit()
    flash(_("Entry deleted."), "success")
    return redirect(url_for("guide_admin.index"))


@bp.route("/corrections/<int:correction_id>/<any(handled,rejected):action>", methods=["POST"])
def close_correction(correction_id: int, action: str):
    _require_manager()
    correction = owned_or_404(ServiceCorrection, correction_id)
    try:
        services.close_correction(correction, CorrectionStatus(action))
    except services.GuideError as refused:
        db.session.rollback()
        flash(str(refused), "error")
    else:
        db.session.commit()
        flash(_("Done."), "success")
    back = request.form.get("back")
    return redirect(url_for("guide_admin.edit", service_id=correction.service_id) if back == "entry"
                    else url_for("moderation.queue"))


@bp.route("/export.<any(csv,xlsx):kind>")
def export(kind: str):
    _require_manager()
    name = f"{g.organisation.slug}-services-{today().isoformat()}.{kind}"
    if kind == "csv":
        data, mimetype = transfer.to_csv(g.organisation), tabular.CSV_MIMETYPE
    else:
        data, mimetype = transfer.to_xlsx(g.organisation), tabular.XLSX_MIMETYPE
    record("guide.export", organisation=g.organisation, format=kind)  # it holds the owners' addresses
    db.session.commit()
    return send_file(io.BytesIO(data), as_attachment=True, download_name=name, mimetype=mimetype)


@bp.route("/import", methods=["GET", "POST"])
def import_file():
    """Load a spreadsheet: every row is checked first (with one error, nothing is stored), then
    the preview shows what would be created, changed and left as it is; "Apply" stores it."""
    _require_manager()
    form, apply_form = ImportForm(), ImportApplyForm()
    errors: list[str] = []
    plan, token = None, ""
    if request.form.get("token"):
        if apply_form.validate_on_submit():
            kept = transfer.pending(g.organisation, apply_form.token.data)
            if kept is None:
                errors = [_("The previewed file is no longer kept. Load it again.")]
            else:
                plan, errors = _checked_plan(*kept)
                if not errors:
                    created, updated = transfer.apply_import(g.organisation, plan, current_user)
                    db.session.commit()
                    transfer.forget_pending(g.organisation, apply_form.token.data)
                    flash(_("Imported: %(created)d new entries, %(updated)d changed, %(unchanged)d unchanged.",
                            created=created, updated=updated, unchanged=len(plan.outcome("unchanged"))), "success")
                    for note in plan.notes[:20]:
                        flash(note, "error")
                    return redirect(url_for("guide_admin.index"))
            plan = None
    elif form.validate_on_submit():
        upload = form.file.data
        data = upload.read(transfer.MAX_BYTES + 1)
        plan, errors = _checked_plan(data, upload.filename or "")
        if not errors:
            token = transfer.keep_pending(g.organisation, data, upload.filename or "")
            apply_form.token.data = token
    return render_template("guide/manage/import.html", form=form, errors=errors, columns=transfer.COLUMNS,
                           plan=plan if not errors else None, apply_form=apply_form), \
        422 if errors or form.errors else 200


def _checked_plan(data: bytes, filename: str) -> tuple[transfer.Plan | None, list[str]]:
    try:
        table = transfer.read_table(data, filename)
    except transfer.ImportError_ as refused:
        return None, [str(refused)]
    plan = transfer.plan_import(g.organisation, table)
    return plan, plan.errors


@bp.route("/search", methods=["GET", "POST"])
def search_settings():
    """Synonyms of the public search and the numbers shown when it finds nothing."""
    _require_manager()
    current = search.settings(g.organisation)
    form = SearchSettingsForm(obj=current)
    if request.method == "GET" and not current.help_numbers:
        form.help_numbers.data = search.default_help_numbers_text()
    if form.validate_on_submit():
        stored = db.session.get(GuideSearchSettings, g.organisation.id)
        if stored is None:
            stored = GuideSearchSettings(organisation_id=g.organisation.id)
            db.session.add(stored)
        stored.synonyms = form.synonyms.data.strip()
        stored.family_centre_phone = form.family_centre_phone.data.strip()
        stored.help_numbers = form.help_numbers.data.strip()
        record("guide.search_settings", organisation=g.organisation)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("guide_admin.search_settings"))
    return render_template("guide/manage/search.html", form=form), 422 if form.errors else 200
