"""Public pages every family can open without an account."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g, jsonify, redirect, render_template, url_for

from webapp.core.database import db
from webapp.core.i18n import current_locale, localize_with_lang
from webapp.guide.services import has_published
from webapp.ideas.services import boards_of
from webapp.orgs import services as orgs
from webapp.public.blueprints import public as bp
from webapp.public.legal import default_accessibility_statement, default_privacy_notice
from webapp.regions.services import members_of
from webapp.surveys.services import open_public_surveys
from webapp.surveys.summary import published_summaries


@bp.route("/healthz")
def healthz():
    """Liveness for operators: 503 when the database does not answer."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")


@bp.route("/")
def landing():
    organisations = orgs.all_organisations()
    if len(organisations) == 1:
        return redirect(url_for("public.front", org=organisations[0].slug))
    return render_template("public/landing.html", organisations=organisations)


@bp.route("/<org>/")
def front():
    if g.organisation.is_region:  # a wellbeing services county: its municipalities' family centres
        return render_template("public/region.html", members=members_of(g.organisation))
    return render_template("public/front.html", surveys=open_public_surveys(g.organisation),
                           boards=boards_of(g.organisation, open_only=True), has_guide=has_published(g.organisation),
                           summaries=published_summaries(g.organisation))


def _legal_page(attribute: str, default_text, template: str):
    organisation = g.organisation
    text, lang = localize_with_lang(getattr(organisation, attribute))
    # The admin's text is used only in the reader's own language; otherwise the default
    # (complete in every language) is better than falling back to another language.
    if lang != current_locale():
        text, lang = default_text(organisation), None
    return render_template(template, text=text, text_lang=lang)


@bp.route("/<org>/privacy")
def privacy():
    return _legal_page("privacy_text", default_privacy_notice, "public/privacy.html")


@bp.route("/<org>/accessibility")
def accessibility():
    return _legal_page("accessibility_text", default_accessibility_statement,
                       "public/accessibility.html")
