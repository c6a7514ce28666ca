"""Service areas of an organisation (admins and coordinators)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from webapp.core.database import db
from webapp.core.forms import set_content_locales
from webapp.orgs import services as orgs
from webapp.orgs.models import ServiceArea
from webapp.staff.access import MANAGERS, staff_organisation
from webapp.staff.blueprints import staff as bp
from webapp.staff.forms import ServiceAreaForm


@bp.route("/<org>/service-areas")
def service_areas():
    staff_organisation(*MANAGERS)
    return render_template("staff/service_areas.html")


@bp.route("/<org>/service-areas/new", methods=["GET", "POST"], defaults={"area_id": None},
          endpoint="create_service_area")
@bp.route("/<org>/service-areas/<int:area_id>", methods=["GET", "POST"])
def edit_service_area(area_id: int | None):
    organisation = staff_organisation(*MANAGERS)
    area = None
    if area_id is not None:
        area = db.session.get(ServiceArea, area_id)
        if area is None or area.organisation_id != organisation.id:
            abort(404)
    form = ServiceAreaForm(obj=area)
    set_content_locales(form, organisation.content_locales)
    if form.validate_on_submit():
        if orgs.service_area_key_taken(organisation, form.key.data, getattr(area, "id", None)):
            form.key.errors.append(_("Another service area already has this short name."))
        else:
            orgs.save_service_area(organisation, area, key=form.key.data, name=form.name.data,
                                   is_active=form.is_active.data)
            db.session.commit()
            flash(_("Service area saved."), "success")
            return redirect(url_for("staff.service_areas"))
    return render_template("staff/service_area_form.html", form=form, area=area)
