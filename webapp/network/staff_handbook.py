"""Staff: the handbook's editions under /staff/<org>/handbook: read by every staff role, started
and published by coordinators and admins; downloads as .docx and tagged PDF."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.core.database import db
from webapp.core.forms import set_content_locales
from webapp.core.i18n import LOCALES, current_locale
from webapp.network import handbook
from webapp.network.blueprints import handbook_admin as bp
from webapp.network.forms import EditionForm
from webapp.network.models import EditionStatus, HandbookEdition
from webapp.network.staff_views import is_manager
from webapp.staff.access import ANY_ROLE, MANAGERS, guard

guard(bp, *MANAGERS, readers=ANY_ROLE)

DOWNLOADS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _edition(year: int) -> HandbookEdition:
    edition = handbook.edition_of(g.organisation, year)
    if edition is None:
        abort(404)
    return edition


@bp.route("")
def index():
    form = EditionForm()
    set_content_locales(form, g.organisation.content_locales)
    return render_template("network/handbook_index.html", editions=handbook.editions_of(g.organisation),
                           form=form, is_manager=is_manager(), EditionStatus=EditionStatus)


@bp.route("/new", methods=["POST"])
def start():
    form = EditionForm()
    set_content_locales(form, g.organisation.content_locales)
    if form.validate_on_submit():
        try:
            edition = handbook.start_edition(g.organisation, form.year.data, form.foreword.data)
        except handbook.HandbookError as error:
            form.year.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("The draft edition was started."), "success")
            return redirect(url_for(".edition", year=edition.year))
    return render_template("network/handbook_index.html", editions=handbook.editions_of(g.organisation),
                           form=form, is_manager=is_manager(), EditionStatus=EditionStatus), 422


@bp.route("/<int:year>")
def edition(year: int):
    edition = _edition(year)
    content = handbook.content_of(edition)
    db.session.rollback()  # a draft's content is assembled live: default sectors made on the way are not kept
    return render_template("network/handbook_staff.html", edition=edition, book=content, labels=handbook.labels(),
                           practice_facts=handbook.practice_facts, is_manager=is_manager(),
                           EditionStatus=EditionStatus, locales=content["locales"])


@bp.route("/<int:year>/publish", methods=["POST"])
def publish(year: int):
    edition = _edition(year)
    try:
        handbook.publish(edition)
    except handbook.HandbookError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The handbook %(year)s was published and frozen.", year=year), "success")
    return redirect(url_for(".edition", year=year))


@bp.route("/<int:year>/handbook.docx", defaults={"kind": "docx"})
@bp.route("/<int:year>/handbook.pdf", defaults={"kind": "pdf"})
def download(year: int, kind: str):
    edition = _edition(year)
    locale = request.args.get("lang") if request.args.get("lang") in LOCALES else current_locale()
    content = handbook.content_of(edition)
    data = (handbook.docx_bytes if kind == "docx" else handbook.pdf_bytes)(content, locale, edition=edition)
    name = f"handbook-{g.organisation.slug}-{year}-{locale}.{kind}"
    return Response(data, mimetype=DOWNLOADS[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
