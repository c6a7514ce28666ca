"""`flask region-member REGION MUNICIPALITY`: the site administrator's way to join a municipality
to its wellbeing services county (the county becomes a region if it is not one yet)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from webapp.core.database import db
from webapp.orgs.services import find_organisation
from webapp.regions import services


@click.command("region-member")
@with_appcontext
@click.argument("region_slug")
@click.argument("member_slugs", nargs=-1, required=True)
def region_member(region_slug, member_slugs):
    """Make REGION a wellbeing services county and add each MUNICIPALITY to it."""
    region = find_organisation(region_slug)
    if region is None:
        raise click.ClickException(f"no organisation {region_slug!r}")
    try:
        services.make_region(region)
        for slug in member_slugs:
            member = find_organisation(slug)
            if member is None:
                raise click.ClickException(f"no organisation {slug!r}")
            services.add_member(region, member)
    except ValueError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{region_slug}: " + ", ".join(member.slug for member in services.members_of(region)))
