"""Public: the public part of the handbook at /<org>/handbook (the newest published edition, and
older ones by year), and the info letter's one-link unsubscribe."""

from __future__ import annotations

from flask import abort, g, render_template, request

from webapp.core.database import db
from webapp.core.extensions import limiter
from webapp.network import handbook, letters
from webapp.network.blueprints import network as bp
from webapp.network.models import EditionStatus


@bp.route("/handbook", defaults={"year": None})
@bp.route("/handbook/<int:year>")
def handbook_page(year: int | None):
    editions = [e for e in handbook.editions_of(g.organisation) if e.status is EditionStatus.PUBLISHED]
    edition = editions[0] if editions and year is None else next((e for e in editions if e.year == year), None)
    if edition is None and year is not None:
        abort(404)
    book = handbook.public_part(edition.content) if edition is not None else None
    return render_template("network/handbook_public.html", edition=edition, book=book, editions=editions,
                           labels=handbook.labels(), practice_facts=handbook.practice_facts)


@bp.route("/network/unsubscribe/<token>", methods=["GET", "POST"])
@limiter.limit("20 per 10 minutes", methods=["POST"])
def unsubscribe(token: str):
    contact = letters.contact_from_token(g.organisation, token)
    if contact is None:
        return render_template("network/unsubscribe.html", state="invalid"), 400
    if request.method == "POST":  # a button, not the link: mail scanners that open links change nothing
        letters.unsubscribe(contact)
        db.session.commit()
        return render_template("network/unsubscribe.html", state="done")
    return render_template("network/unsubscribe.html", state="ask" if contact.gets_letter else "done")
