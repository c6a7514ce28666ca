"""Staff: cooperation practices and the info letter under /staff/<org>/network."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import SelectChoice

from webapp.backlog.services import items_of
from webapp.core.database import db
from webapp.core.database.types import Translations
from webapp.core.forms import set_content_locales
from webapp.core.i18n import localize
from webapp.core.text import clean_text
from webapp.network import letters, services
from webapp.network.blueprints import network_admin as bp
from webapp.network.forms import LetterForm, PracticeForm
from webapp.network.models import PRACTICE_STATUS_LABELS, NetworkLetter, Practice, PracticeStatus
from webapp.network.staff_views import is_manager
from webapp.staff.access import owned_or_404

#: The longest "what this unit does" text kept.
ROLE_MAX_CHARS = 500


@bp.route("/practices")
def practices():
    return render_template("network/practices.html", practices=services.practices_of(g.organisation),
                           status_labels=PRACTICE_STATUS_LABELS, is_manager=is_manager(),
                           services=services.services_by_id(g.organisation))


def _practice_form(practice: Practice | None) -> PracticeForm:
    form = PracticeForm(obj=practice)
    form.unit_ids.choices = [SelectChoice(u.id, localize(u.name)) for u in services.units_of(g.organisation)]
    form.service_ids.choices = [SelectChoice(s.id, localize(s.name))
                                for s in services.services_by_id(g.organisation).values()]
    form.backlog_item_ids.choices = [SelectChoice(i.id, i.title) for i in items_of(g.organisation)]
    if practice is not None and request.method == "GET":
        form.status.data = practice.status.value
        form.unit_ids.data = [role.unit_id for role in practice.roles]
    set_content_locales(form, g.organisation.content_locales)
    return form


def _roles(form: PracticeForm) -> dict[int, dict]:
    """What each ticked unit does, from the inputs `does-<unit>-<locale>`."""
    return {unit_id: {locale: clean_text(request.form.get(f"does-{unit_id}-{locale}", ""))[:ROLE_MAX_CHARS]
                      for locale in form.name.locales}
            for unit_id in form.unit_ids.data or []}


@bp.route("/practices/new", methods=["GET", "POST"], defaults={"practice_id": None}, endpoint="create_practice")
@bp.route("/practices/<int:practice_id>", methods=["GET", "POST"])
def edit_practice(practice_id: int | None):
    practice = owned_or_404(Practice, practice_id) if practice_id is not None else None
    form = _practice_form(practice)
    if form.validate_on_submit():
        services.save_practice(
            g.organisation, practice, roles=_roles(form), service_ids=form.service_ids.data or [],
            backlog_item_ids=form.backlog_item_ids.data or [], status=PracticeStatus(form.status.data),
            is_public=form.is_public.data, **{name: form[name].data for name in services.PRACTICE_TEXTS})
        db.session.commit()
        flash(_("The practice was saved."), "success")
        return redirect(url_for(".practices"))
    does = {role.unit_id: role.does or Translations() for role in (practice.roles if practice else [])}
    return render_template("network/practice_form.html", form=form, practice=practice, does=does,
                           units=services.units_of(g.organisation)), 422 if form.errors else 200


@bp.route("/practices/<int:practice_id>/delete", methods=["POST"])
def delete_practice(practice_id: int):
    services.delete_practice(owned_or_404(Practice, practice_id))
    db.session.commit()
    flash(_("The practice was deleted."), "success")
    return redirect(url_for(".practices"))


# --- the info letter -----------------------------------------------------------------------

@bp.route("/letters")
def letter_list():
    return render_template("network/letters.html", letters=letters.letters_of(g.organisation),
                           recipients=len(letters.recipients(g.organisation)))


@bp.route("/letters/compose", methods=["POST"])
def compose_letter():
    letter = letters.compose(g.organisation)
    db.session.commit()
    flash(_("A draft was composed from what happened. Edit it before sending."), "success")
    return redirect(url_for(".edit_letter", letter_id=letter.id))


@bp.route("/letters/<int:letter_id>", methods=["GET", "POST"])
def edit_letter(letter_id: int):
    letter = owned_or_404(NetworkLetter, letter_id)
    form = LetterForm(obj=letter)
    set_content_locales(form, g.organisation.content_locales)
    if form.validate_on_submit():
        try:
            letters.update(letter, subject=form.subject.data, body=form.body.data)
        except letters.LetterError as error:
            flash(str(error), "error")
            return redirect(url_for(".edit_letter", letter_id=letter.id))
        db.session.commit()
        flash(_("The letter was saved."), "success")
        return redirect(url_for(".edit_letter", letter_id=letter.id))
    return render_template("network/letter_form.html", form=form, letter=letter,
                           recipients=letters.recipients(g.organisation)), 422 if form.errors else 200


@bp.route("/letters/<int:letter_id>/send", methods=["POST"])
def send_letter(letter_id: int):
    letter = owned_or_404(NetworkLetter, letter_id)
    try:
        count = letters.send(letter)
    except letters.LetterError as error:
        flash(str(error), "error")
        return redirect(url_for(".edit_letter", letter_id=letter.id))
    db.session.commit()
    flash(ngettext("The letter was queued to %(num)d contact person.",
                   "The letter was queued to %(num)d contact people.", count), "success")
    return redirect(url_for(".letter_list"))
