"""`flask create-user`: a staff account from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from webapp.audit.services import SYSTEM, record
from webapp.auth import services as accounts
from webapp.auth.models import Role
from webapp.core.database import db
from webapp.orgs.services import find_organisation

ROLE_CHOICES = ["admin", "coordinator", "core_group", "steering_group", "partner", "site_admin"]


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(ROLE_CHOICES), required=True)
@click.option("--org", "org_slug", help="Organisation slug (all roles but site_admin).")
@click.option("--password", help="Prompted for when not given.")
def create_user(email, role, org_slug, password):
    """Create a staff user, or give an existing one another role."""
    organisation = None
    if role != "site_admin":
        if not org_slug:
            raise click.UsageError("--org is required for that role")
        organisation = find_organisation(org_slug)
        if organisation is None:
            raise click.ClickException(f"no organisation {org_slug!r}")
    user = accounts.find_user(email)
    if password is None and user is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if password is not None and len(password) < accounts.MIN_PASSWORD_LENGTH:
        raise click.ClickException(
            f"the password must have at least {accounts.MIN_PASSWORD_LENGTH} characters")
    problem = password and accounts.password_problem(password, email, user.display_name if user else "")
    if problem:
        raise click.ClickException(str(problem))
    if user is None:
        user = accounts.create_user(email, password, is_site_admin=role == "site_admin",
                                    organisation=organisation)
    elif password is not None:
        accounts.set_password(user, password, actor=SYSTEM)
    if role == "site_admin":
        if not user.is_site_admin:
            user.is_site_admin = True
            record("user.site_admin_grant", target=user, actor=SYSTEM)
    else:
        accounts.grant_role(user, organisation, Role(role))
    db.session.commit()
    click.echo(f"{user.email}: {role}" + (f" in {organisation.slug}" if organisation else ""))
