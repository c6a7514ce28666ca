"""Staff users and their roles in one organisation (organisation admins)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.audit.services import record
from webapp.auth import mfa
from webapp.auth import services as accounts
from webapp.auth.models import Membership, Role, User
from webapp.core.database import db
from webapp.core.http.urls import external_url
from webapp.core.i18n import current_locale
from webapp.outbox.services import enqueue_email
from webapp.staff.access import staff_organisation
from webapp.staff.blueprints import staff as bp
from webapp.staff.forms import ROLE_LABELS, AddMemberForm, MemberRolesForm


def _members(organisation) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).join(Membership)
        .where(Membership.organisation_id == organisation.id)
        .distinct().order_by(User.email)
    ))


@bp.route("/<org>/users", methods=["GET", "POST"])
def members():
    organisation = staff_organisation(Role.ADMIN)
    form = AddMemberForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        is_new = user is None
        if is_new:
            user = accounts.create_user(form.email.data, None, display_name=form.display_name.data,
                                        locale=current_locale(), organisation=organisation)
        granted = accounts.grant_role(user, organisation, Role(form.role.data))
        if is_new:
            accounts.send_password_link(user, "welcome", user.locale, organisation=organisation)
        elif granted:  # an existing account (perhaps another organisation's) hears that it was added
            enqueue_email(user.email, "staff_role_added", user.locale, organisation=organisation, user=user,
                          role=Role(form.role.data), admin=current_user.display_name or current_user.email,
                          link=external_url("auth.login"))
        db.session.commit()
        flash(_("%(email)s now has the role %(role)s.", email=user.email,
                role=ROLE_LABELS[Role(form.role.data)]), "success")
        return redirect(url_for("staff.members"))
    people = [(user, MemberRolesForm(prefix=f"u{user.id}",
                                     roles=[r.value for r in user.roles_in(organisation)]))
              for user in _members(organisation)]
    return render_template("staff/members.html", form=form, people=people,
                           with_second_factor=mfa.enrolled_user_ids([user.id for user, _form in people]))


@bp.route("/<org>/users/<int:user_id>/second-factor/reset", methods=["POST"])
def reset_second_factor(user_id: int):
    """Remove a colleague's second factor (a lost phone): their next sign-in sets it up again. Audited."""
    organisation = staff_organisation(Role.ADMIN)
    user = db.session.get(User, user_id)
    if user is None or not user.roles_in(organisation):
        abort(404)
    if mfa.reset(user, current_user._get_current_object(), organisation):
        flash(_("The second step of logging in of %(email)s was reset. They set it up again when they "
                "next log in.", email=user.email), "success")
    db.session.commit()
    return redirect(url_for("staff.members"))


@bp.route("/<org>/users/<int:user_id>/roles", methods=["POST"])
def update_roles(user_id: int):
    organisation = staff_organisation(Role.ADMIN)
    user = db.session.get(User, user_id)
    if user is None or not user.roles_in(organisation):
        abort(404)
    form = MemberRolesForm(prefix=f"u{user.id}")
    if not form.validate():
        flash(_("Choose the roles from the list."), "error")
        return redirect(url_for("staff.members"))
    wanted = {Role(value) for value in form.roles.data}
    if (Role.ADMIN not in wanted and Role.ADMIN in user.roles_in(organisation)
            and _admin_count(organisation) == 1):
        flash(_("The organisation must keep at least one administrator."), "error")
        return redirect(url_for("staff.members"))
    for role in Role:
        if role in wanted:
            accounts.grant_role(user, organisation, role)
        else:
            accounts.revoke_role(user, organisation, role)
    db.session.commit()
    if user.id == current_user.id and not current_user.has_role(organisation, Role.ADMIN):
        return redirect(url_for("staff.dashboard"))
    flash(_("Roles of %(email)s saved.", email=user.email), "success")
    return redirect(url_for("staff.members"))


def _member_or_404(organisation, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not user.roles_in(organisation):
        abort(404)
    return user


@bp.route("/<org>/users/<int:user_id>/welcome", methods=["POST"])
def resend_welcome(user_id: int):
    """A new welcome link for someone who has not signed in yet (the first one expired or was lost)."""
    organisation = staff_organisation(Role.ADMIN)
    user = _member_or_404(organisation, user_id)
    if user.last_login_at is not None or not user.is_active_account:
        flash(_("%(email)s has already signed in: they can reset their password on the sign-in page.",
                email=user.email), "error")
        return redirect(url_for("staff.members"))
    accounts.send_password_link(user, "welcome", user.locale, organisation=organisation)
    record("user.welcome_resent", organisation=organisation, target=user)
    db.session.commit()
    flash(_("A new welcome link was sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("staff.members"))


@bp.route("/<org>/users/<int:user_id>/active", methods=["POST"])
def set_user_active(user_id: int):
    """Deactivate an account (it can no longer sign in; its sessions end) or activate it again.
    Only an account that works in this organisation alone: elsewhere its roles are others' to take."""
    organisation = staff_organisation(Role.ADMIN)
    user = _member_or_404(organisation, user_id)
    active = request.form.get("active") == "1"
    elsewhere = {membership.organisation_id for membership in user.memberships} - {organisation.id}
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
    elif user.is_site_admin or elsewhere:
        flash(_("%(email)s works in other organisations too: take away their roles here instead.",
                email=user.email), "error")
    elif not active and Role.ADMIN in user.roles_in(organisation) and _admin_count(organisation) == 1:
        flash(_("The organisation must keep at least one administrator."), "error")
    else:
        user.is_active_account = active
        record("user.reactivate" if active else "user.deactivate", organisation=organisation, target=user)
        db.session.commit()
        flash(_("%(email)s can sign in again.", email=user.email) if active
              else _("%(email)s can no longer sign in.", email=user.email), "success")
    return redirect(url_for("staff.members"))


def _admin_count(organisation) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Membership)
        .where(Membership.organisation_id == organisation.id, Membership.role == Role.ADMIN)
    )
