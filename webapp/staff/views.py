"""Staff dashboard, organisations, settings, legal texts and the audit log."""

from __future__ import annotations

import io
import zipfile

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.api import services as api
from webapp.api.models import ApiToken
from webapp.audit import log as audit_log_reader
from webapp.audit.services import record
from webapp.auth.models import Role
from webapp.core import content_review, tabular
from webapp.core.content_languages import content_gaps
from webapp.core.database import db
from webapp.core.forms import set_content_locales
from webapp.core.i18n import LANGUAGE_NAMES, LOCALES
from webapp.core.pagination import page_number, paginate
from webapp.orgs import services as orgs
from webapp.orgs.models import LegalTextVersion
from webapp.outbox import webhooks
from webapp.staff import desk, legal
from webapp.staff.access import ANY_ROLE, MANAGERS, owned_or_404, require_site_admin, staff_organisation
from webapp.staff.blueprints import staff as bp
from webapp.staff.forms import (
    DELIVERY_PROBLEMS,
    ApiTokenForm,
    ContentImportForm,
    LegalTextsForm,
    OrganisationCreateForm,
    OrganisationSettingsForm,
)

#: A translator's sheet of an organisation's texts is small; a larger upload is cut short.
MAX_SHEET_BYTES = 5 * 1024 * 1024


@bp.before_request
@login_required
def require_login():
    """Every page under /staff/ (but login and password reset) needs a logged-in user."""


@bp.route("/")
def dashboard():
    organisations = current_user.organisations()
    if len(organisations) == 1 and not current_user.is_site_admin:
        return redirect(url_for("staff.organisation", org=organisations[0].slug))
    return render_template("staff/dashboard.html", organisations=organisations)


@bp.route("/organisations", methods=["GET", "POST"])
def organisations():
    require_site_admin()
    form = OrganisationCreateForm()
    set_content_locales(form, LOCALES)
    if form.validate_on_submit():
        if orgs.find_organisation(form.slug.data):
            form.slug.errors.append(_("This address name is already in use."))
        else:
            organisation = orgs.create_organisation(form.slug.data, form.name.data,
                                                    form.contact_email.data)
            db.session.commit()
            flash(_("Organisation created."), "success")
            return redirect(url_for("staff.organisation", org=organisation.slug))
    return render_template("staff/organisations.html", form=form,
                           organisations=orgs.all_organisations())


@bp.route("/<org>/")
def organisation():
    organisation = staff_organisation(*ANY_ROLE, Role.PARTNER)
    manages = current_user.has_role(organisation, Role.ADMIN, Role.COORDINATOR)
    return render_template("staff/organisation.html", roles=current_user.roles_in(organisation),
                           Role=Role, waiting=desk.waiting(organisation) if manages else None)


@bp.route("/<org>/settings", methods=["GET", "POST"])
def settings():
    organisation = staff_organisation(Role.ADMIN)
    form = OrganisationSettingsForm(obj=organisation)
    set_content_locales(form, organisation.content_locales)
    if form.validate_on_submit():
        made_secret = orgs.update_settings(
            organisation, name=form.name.data, description=form.description.data,
            contact_email=form.contact_email.data, dpo_contact=form.dpo_contact.data,
            content_locales=form.content_locales.data, has_moderation_digest=form.has_moderation_digest.data,
            webhook_url=form.webhook_url.data or "", new_webhook_secret=form.new_webhook_secret.data,
            join_text=form.join_text.data, required_locales=form.required_locales.data,
            sami_fallback=form.sami_fallback.data, volunteer_retention_months=form.volunteer_retention_months.data)
        db.session.commit()
        flash(_("Settings saved."), "success")
        if made_secret:  # shown on this answer only: never again, and never through a redirect or cookie
            form.new_webhook_secret.data = False
            return _settings_page(organisation, form, new_secret=made_secret)
        return redirect(url_for("staff.settings"))
    return _settings_page(organisation, form)


def _settings_page(organisation, form, new_secret=None):
    return render_template("staff/settings.html", form=form, new_secret=new_secret,
                           deliveries=webhooks.recent_deliveries(organisation))


@bp.route("/<org>/settings/webhook-test", methods=["POST"])
def test_webhook():
    """Send a test event to the saved webhook address now and show the receiver's answer."""
    organisation = staff_organisation(Role.ADMIN)
    if not organisation.webhook_url:
        flash(_("Save a webhook address first."), "error")
        return redirect(url_for("staff.settings"))
    answer, error = webhooks.send_test_event(organisation)
    record("organisation.webhook_tested", organisation=organisation, target=organisation,
           status=answer.status if answer else error)
    db.session.commit()
    if answer is None:
        flash(_("The test event was not delivered. %(reason)s", reason=DELIVERY_PROBLEMS.get(
            error, DELIVERY_PROBLEMS["connection"])), "error")
    elif answer.is_success:
        flash(_("The receiver accepted the test event: HTTP %(status)d %(excerpt)s", status=answer.status,
                excerpt=answer.excerpt), "success")
    else:
        flash(_("The receiver refused the test event: HTTP %(status)d %(excerpt)s", status=answer.status,
                excerpt=answer.excerpt), "error")
    return redirect(url_for("staff.settings"))


@bp.route("/<org>/translations")
def translations():
    """What the organisation has written that lacks one of its languages."""
    organisation = staff_organisation(*MANAGERS)
    form = ContentImportForm(data={"locale": request.args.get("lang_for", "se")})
    return render_template("staff/translations.html", gaps=content_gaps(organisation), form=form, errors=[])


@bp.route("/<org>/translations/export.xlsx")
def export_translations():
    """The texts missing in one language, as a sheet for a translator."""
    organisation = staff_organisation(*MANAGERS)
    locale = request.args.get("locale", "")
    if locale not in LOCALES:
        abort(404)
    data = tabular.xlsx_bytes(content_review.export_rows(organisation, locale), title=locale)
    return send_file(io.BytesIO(data), as_attachment=True, mimetype=tabular.XLSX_MIMETYPE,
                     download_name=f"{organisation.slug}-translations-{locale}.xlsx")


@bp.route("/<org>/translations/import", methods=["POST"])
def import_translations():
    """The translator's sheet back: every row is checked first; with one error, nothing is stored."""
    organisation = staff_organisation(*MANAGERS)
    form = ContentImportForm()
    errors: list[str] = []
    if form.validate_on_submit():
        try:
            _title, rows = tabular.read_xlsx(io.BytesIO(form.file.data.read(MAX_SHEET_BYTES)))
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            errors = [_("The file is not an Excel workbook (.xlsx).")]
        else:
            plan = content_review.plan_import(organisation, form.locale.data, rows)
            errors = plan.errors
            if not errors:
                count = content_review.apply_import(plan)
                record("content.translations_imported", organisation=organisation, target=organisation,
                       locale=form.locale.data, count=count)
                db.session.commit()
                flash(_("Translations stored: %(count)d texts.", count=count), "success")
                return redirect(url_for("staff.translations", org=organisation.slug))
    return render_template("staff/translations.html", gaps=content_gaps(organisation), form=form,
                           errors=errors), 400


@bp.route("/<org>/legal", methods=["GET", "POST"])
def legal_texts():
    """The editor opens with the texts in force; "Preview" shows them as the public will see
    them, and only the texts just previewed can be published."""
    organisation = staff_organisation(Role.ADMIN)
    form = LegalTextsForm(data={kind: legal.in_force(organisation, kind) for kind in legal.DEFAULTS})
    set_content_locales(form, LOCALES)
    preview = None
    if form.validate_on_submit():
        draft = legal.draft(organisation, {kind: form[kind].data for kind in legal.DEFAULTS},
                            wording_only=form.wording_only.data)
        for kind, left in draft.out_of_step.items():
            form[kind].errors.append(_("You changed %(changed)s but not %(left)s, which the organisation requires: "
                                       "change them too so that the texts say the same, or tick the box below if "
                                       "the change only corrects the wording.",
                                       changed=", ".join(LANGUAGE_NAMES[code] for code in draft.changed[kind]),
                                       left=", ".join(LANGUAGE_NAMES[code] for code in left)))
        if not draft.has_changes:
            flash(_("Nothing has changed: the texts are as they are now in public."), "info")
        elif not draft.out_of_step:
            if request.form.get("action") == "publish" and request.form.get("previewed") == draft.key:
                legal.publish(organisation, draft)
                db.session.commit()
                flash(_("The texts have been published. The previous version is kept below."), "success")
                return redirect(url_for("staff.legal_texts"))
            preview = draft
    return render_template("staff/legal.html", form=form, preview=preview, versions=legal.versions(organisation),
                           kind_labels=legal.KIND_LABELS)


@bp.route("/<org>/legal/versions/<int:version_id>")
def legal_text_version(version_id: int):
    """One published version as it read in every language."""
    organisation = staff_organisation(Role.ADMIN)
    version = owned_or_404(LegalTextVersion, version_id, organisation)
    return render_template("staff/legal_version.html", version=version, kind_labels=legal.KIND_LABELS)


@bp.route("/<org>/api-tokens", methods=["GET", "POST"])
def api_tokens():
    organisation = staff_organisation(Role.ADMIN)
    form = ApiTokenForm()
    new_token = None
    if form.validate_on_submit():
        _row, new_token = api.issue_token(organisation, form.name.data, form.can_write.data)
        db.session.commit()
    return render_template("staff/api_tokens.html", form=form, new_token=new_token, tokens=api.tokens_of(organisation))


@bp.route("/<org>/api-tokens/<int:token_id>/revoke", methods=["POST"])
def revoke_api_token(token_id: int):
    organisation = staff_organisation(Role.ADMIN)
    api.revoke_token(owned_or_404(ApiToken, token_id, organisation), organisation)
    db.session.commit()
    flash(_("The token no longer works."), "success")
    return redirect(url_for("staff.api_tokens"))


@bp.route("/<org>/audit")
def audit_log():
    organisation = staff_organisation(Role.ADMIN)
    filters = audit_log_reader.LogFilters.from_args(request.args)
    events = paginate(audit_log_reader.events_query(organisation.id, filters), page=page_number(), per_page=50)
    return render_template("staff/audit.html", events=events, filters=filters,
                           actors=audit_log_reader.actor_choices(organisation.id),
                           actions=audit_log_reader.action_choices(organisation.id),
                           tokens=audit_log_reader.token_names(organisation.id),
                           details=audit_log_reader.details, who=audit_log_reader.who)


@bp.route("/<org>/audit/export.csv")
def audit_log_export():
    """The filtered audit log as CSV for Finnish Excel; the export is itself audited."""
    organisation = staff_organisation(Role.ADMIN)
    filters = audit_log_reader.LogFilters.from_args(request.args)
    rows = audit_log_reader.export_rows(organisation.id, filters)
    record("audit.export", organisation=organisation, rows=len(rows) - 1, filters=filters.as_args())
    db.session.commit()
    return Response(tabular.csv_bytes(rows), mimetype=tabular.CSV_MIMETYPE, headers={
        "Content-Disposition": f"attachment; filename={organisation.slug}-audit.csv", "Cache-Control": "no-store"})
