"""Staff: the network register under /staff/<org>/network. Every staff role reads the register,
the groups and the practices; coordinators and admins edit. Contact people's details are seen by
coordinators and admins only, and each viewing is audited."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from webapp.audit.services import record
from webapp.core.database import db
from webapp.core.forms import set_content_locales
from webapp.core.i18n import LANGUAGE_NAMES, localize, ordered_locales
from webapp.guide.models import SECTOR_LABELS as ORGANISER_LABELS
from webapp.network import services
from webapp.network.blueprints import network_admin as bp
from webapp.network.forms import ContactForm, SectorForm, UnitForm
from webapp.network.models import GROUP_LABELS, ContactPerson, Group, MemberUnit, NetworkSector
from webapp.staff.access import ANY_ROLE, MANAGERS, guard, owned_or_404

READ_ENDPOINTS = frozenset({"network_admin.index", "network_admin.groups", "network_admin.practices"})
guard(bp, *MANAGERS, readers=ANY_ROLE, read_endpoints=READ_ENDPOINTS)


def is_manager() -> bool:
    return current_user.has_role(g.organisation, *MANAGERS)


@bp.route("")
def index():
    sectors = services.sectors_of(g.organisation)
    units = services.units_of(g.organisation)
    db.session.commit()  # the default sectors, made on first use
    return render_template("network/index.html", sectors=sectors, units=units, is_manager=is_manager(),
                           coverage=services.core_group_coverage(g.organisation),
                           organiser_labels=ORGANISER_LABELS, services=services.services_by_id(g.organisation))


# --- sectors -------------------------------------------------------------------------------

@bp.route("/sectors/new", methods=["GET", "POST"], defaults={"sector_id": None}, endpoint="create_sector")
@bp.route("/sectors/<int:sector_id>", methods=["GET", "POST"])
def edit_sector(sector_id: int | None):
    sector = owned_or_404(NetworkSector, sector_id) if sector_id is not None else None
    form = SectorForm(obj=sector)
    set_content_locales(form, g.organisation.content_locales)
    if form.validate_on_submit():
        services.save_sector(g.organisation, sector, name=form.name.data, is_required=form.is_required.data)
        db.session.commit()
        flash(_("The sector was saved."), "success")
        return redirect(url_for(".index"))
    return render_template("network/sector_form.html", form=form, sector=sector), 422 if form.errors else 200


# --- member units --------------------------------------------------------------------------

def _unit_form(unit: MemberUnit | None) -> UnitForm:
    form = UnitForm(obj=unit)
    form.sector_id.choices = [SelectChoice(s.id, localize(s.name)) for s in services.sectors_of(g.organisation)]
    form.service_ids.choices = [SelectChoice(s.id, localize(s.name))
                                for s in services.services_by_id(g.organisation).values()]
    if unit is not None and request.method == "GET":
        form.organiser.data = unit.organiser.value
    set_content_locales(form, g.organisation.content_locales)
    return form


@bp.route("/units/new", methods=["GET", "POST"], defaults={"unit_id": None}, endpoint="create_unit")
@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
def edit_unit(unit_id: int | None):
    unit = owned_or_404(MemberUnit, unit_id) if unit_id is not None else None
    form = _unit_form(unit)
    if form.validate_on_submit():
        services.save_unit(g.organisation, unit, name=form.name.data, sector_id=form.sector_id.data,
                           organiser=form.organiser.data, service_ids=form.service_ids.data)
        db.session.commit()
        flash(_("The unit was saved."), "success")
        return redirect(url_for(".index"))
    return render_template("network/unit_form.html", form=form, unit=unit), 422 if form.errors else 200


@bp.route("/units/<int:unit_id>/delete", methods=["POST"])
def delete_unit(unit_id: int):
    unit = owned_or_404(MemberUnit, unit_id)
    if request.form.get("sure") != "y":
        flash(_("Tick the box to confirm the removal."), "error")
        return redirect(url_for(".edit_unit", unit_id=unit.id))
    services.delete_unit(unit)
    db.session.commit()
    flash(_("The unit and its contact people were removed."), "success")
    return redirect(url_for(".index"))


# --- contact people ------------------------------------------------------------------------

@bp.route("/contacts")
def contacts():
    people = services.contacts_of(g.organisation)
    record("network.contacts_view", organisation=g.organisation, count=len(people))
    db.session.commit()
    return render_template("network/contacts.html", people=people, needs_check=services.needs_check,
                           group_labels=GROUP_LABELS, language_names=LANGUAGE_NAMES)


def _contact_form(contact: ContactPerson | None) -> ContactForm:
    form = ContactForm(obj=contact)
    form.unit_id.choices = [SelectChoice(u.id, localize(u.name)) for u in services.units_of(g.organisation)]
    form.locale.choices = [SelectChoice(code, LANGUAGE_NAMES[code])
                           for code in ordered_locales(g.organisation.content_locales) or ["fi"]]
    if request.method == "GET":
        if contact is not None:
            groups = {m.group for m in contact.memberships}
            form.in_core_group.data = Group.CORE in groups
            form.in_steering_group.data = Group.STEERING in groups
        elif request.args.get("unit", "").isdigit():
            form.unit_id.data = int(request.args["unit"])
    return form


@bp.route("/contacts/new", methods=["GET", "POST"], defaults={"contact_id": None}, endpoint="create_contact")
@bp.route("/contacts/<int:contact_id>", methods=["GET", "POST"])
def edit_contact(contact_id: int | None):
    contact = owned_or_404(ContactPerson, contact_id) if contact_id is not None else None
    form = _contact_form(contact)
    if not form.unit_id.choices:
        flash(_("Add a member unit first: every contact person belongs to one."), "error")
        return redirect(url_for(".create_unit"))
    if form.validate_on_submit():
        details = services.ContactDetails(unit_id=form.unit_id.data, name=form.name.data, title=form.title.data or "",
                                          email=form.email.data or "", phone=form.phone.data or "",
                                          locale=form.locale.data, gets_letter=form.gets_letter.data)
        contact = services.save_contact(g.organisation, contact, details)
        services.set_membership(contact, Group.CORE, form.in_core_group.data)
        services.set_membership(contact, Group.STEERING, form.in_steering_group.data)
        db.session.commit()
        flash(_("The contact person was saved."), "success")
        return redirect(url_for(".contacts"))
    if contact is not None and request.method == "GET":
        record("network.contact_view", organisation=g.organisation, target=contact)
        db.session.commit()
    return render_template("network/contact_form.html", form=form, contact=contact,
                           needs_check=contact is not None and services.needs_check(contact)), \
        422 if form.errors else 200


@bp.route("/contacts/<int:contact_id>/checked", methods=["POST"])
def check_contact(contact_id: int):
    services.mark_checked(owned_or_404(ContactPerson, contact_id))
    db.session.commit()
    flash(_("Marked as checked."), "success")
    return redirect(url_for(".contacts"))


@bp.route("/contacts/<int:contact_id>/remove", methods=["POST"])
def remove_contact(contact_id: int):
    contact = owned_or_404(ContactPerson, contact_id)
    if request.form.get("sure") != "y":
        flash(_("Tick the box to confirm the removal."), "error")
        return redirect(url_for(".edit_contact", contact_id=contact.id))
    services.remove_contact(contact)
    db.session.commit()
    flash(_("The contact person was removed, with every trace of them."), "success")
    return redirect(url_for(".contacts"))


# --- groups --------------------------------------------------------------------------------

@bp.route("/groups")
def groups():
    return render_template("network/groups.html", coverage=services.core_group_coverage(g.organisation),
                           core=services.members_of(g.organisation, Group.CORE),
                           steering=services.members_of(g.organisation, Group.STEERING), is_manager=is_manager())


