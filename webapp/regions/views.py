"""Staff pages of a wellbeing services county (`/staff/<region>/region/…`): its members, the
guide entries it shares into their guides, its surveys run in many municipalities side by side,
and the steering report across members. A member municipality's managers see what the county
shares into their guide at `/staff/<municipality>/region/shared` and suggest corrections there."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.activities import services as activities
from webapp.activities.models import Activity
from webapp.audit.services import record
from webapp.backlog.report import steering_report
from webapp.core import tabular
from webapp.core.clock import today
from webapp.core.database import db
from webapp.core.http.requests import bounded_int
from webapp.core.i18n import localize
from webapp.guide import services as guide
from webapp.guide.forms import CorrectionForm
from webapp.guide.models import Service
from webapp.regions import comparison, services
from webapp.regions.blueprints import region_admin as bp
from webapp.staff.access import ANY_ROLE, MANAGERS, guard, owned_or_404
from webapp.surveys import services as surveys
from webapp.surveys.models import Survey, SurveyStatus
from webapp.surveys.services import SurveyRuleError

guard(bp, *MANAGERS, readers=ANY_ROLE, read_endpoints=frozenset({"region_admin.index", "region_admin.compare",
                                                                  "region_admin.report"}))


def _region():
    """The URL's organisation if it is a county; a municipality has no county pages: 404."""
    if not g.organisation.is_region:
        abort(404)
    return g.organisation


def _member():
    """The URL's organisation if it belongs to a county."""
    region = services.region_of(g.organisation)
    if region is None:
        abort(404)
    return region


def _chosen_ids(region) -> list[int]:
    members = {member.id for member in services.members_of(region)}
    chosen = []
    for value in request.form.getlist("member"):
        try:
            number = bounded_int(value)
        except ValueError:
            abort(400)
        if number not in members:
            abort(400)
        chosen.append(number)
    return chosen


@bp.route("/")
def index():
    region = _region()
    entries = guide.services_of(region)
    running = [(survey, services.copies_of(survey)) for survey in surveys.surveys_of(region)]
    return render_template("regions/index.html", region=region, members=services.members_of(region),
                           entries=entries, shares=services.shares_by_entry(region),
                           activities=activities.activities_of(region),
                           activity_shares=services.activity_shares_by_entry(region),
                           region_surveys=running,
                           can_manage=current_user.has_role(region, *MANAGERS))


@bp.route("/services/<int:service_id>/share", methods=["POST"])
def share_service(service_id: int):
    region = _region()
    service = owned_or_404(Service, service_id)
    services.set_shares(region, service, _chosen_ids(region))
    db.session.commit()
    flash(_("The municipalities' guides now list the entry as chosen."), "success")
    return redirect(url_for("region_admin.index"))


@bp.route("/activities/<int:activity_id>/share", methods=["POST"])
def share_activity(activity_id: int):
    region = _region()
    activity = owned_or_404(Activity, activity_id)
    services.set_activity_shares(region, activity, _chosen_ids(region))
    db.session.commit()
    flash(_("The municipalities' activities now list it as chosen."), "success")
    return redirect(url_for("region_admin.index"))


@bp.route("/surveys/<int:survey_id>/run", methods=["POST"])
def run_survey(survey_id: int):
    region = _region()
    master = owned_or_404(Survey, survey_id)
    chosen = _chosen_ids(region)
    if not chosen:
        flash(_("Choose at least one municipality."), "error")
        return redirect(url_for("region_admin.compare", survey_id=master.id))
    members = {member.id: member for member in services.members_of(region)}
    try:
        for member_id in chosen:
            services.run_in(region, master, members[member_id], open_now=bool(request.form.get("open")))
    except SurveyRuleError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("region_admin.compare", survey_id=master.id))
    db.session.commit()
    flash(_("The survey runs in the chosen municipalities, each with its own link and poster."), "success")
    return redirect(url_for("region_admin.compare", survey_id=master.id))


@bp.route("/surveys/<int:survey_id>/state", methods=["POST"])
def set_state(survey_id: int):
    """Open or close the survey in every municipality running it."""
    _region()
    master = owned_or_404(Survey, survey_id)
    wanted = {"open": SurveyStatus.OPEN, "closed": SurveyStatus.CLOSED}.get(request.form.get("state", ""))
    if wanted is None:
        abort(400)
    try:
        services.set_copies_status(master, wanted)
    except SurveyRuleError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Done in every municipality running the survey."), "success")
    return redirect(url_for("region_admin.compare", survey_id=master.id))


@bp.route("/surveys/<int:survey_id>")
def compare(survey_id: int):
    region = _region()
    master = owned_or_404(Survey, survey_id)
    result = comparison.compare(master)
    running = {place.organisation.id for place in result.places}
    return render_template("regions/compare.html", region=region, survey=master, result=result,
                           not_running=[m for m in services.members_of(region) if m.id not in running],
                           can_manage=current_user.has_role(region, *MANAGERS),
                           minimum=comparison.MIN_RESPONSES_SHOWN)


def _export(survey_id: int, kind: str):
    region = _region()
    master = owned_or_404(Survey, survey_id)
    rows = comparison.export_rows(comparison.compare(master), _("too few answers"))
    record("region.comparison_export", organisation=region, target=master, format=kind)
    db.session.commit()
    name = f"{region.slug}-{master.slug}-{today().isoformat()}.{kind}"
    if kind == "csv":
        body, mimetype = tabular.csv_bytes(rows), tabular.CSV_MIMETYPE
    else:
        body = tabular.xlsx_bytes(rows, tabular.sheet_title(localize(master.title)) or _("Answers"))
        mimetype = tabular.XLSX_MIMETYPE
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/surveys/<int:survey_id>/compare.csv")
def export_csv(survey_id: int):
    return _export(survey_id, "csv")


@bp.route("/surveys/<int:survey_id>/compare.xlsx")
def export_xlsx(survey_id: int):
    return _export(survey_id, "xlsx")


def _year_bounds() -> tuple[date, date]:
    year = request.args.get("year", type=bounded_int) or today().year
    year = min(max(year, 2000), 2100)
    return date(year, 1, 1), date(year, 12, 31)


@bp.route("/report")
def report():
    """The steering report across members: counts and decisions, no personal data."""
    region = _region()
    date_from, date_to = _year_bounds()
    reports = [(member, steering_report(member, date_from, date_to)) for member in services.members_of(region)]
    return render_template("regions/report.html", region=region, reports=reports, date_from=date_from,
                           date_to=date_to)


# --- a member municipality -----------------------------------------------------------------

@bp.route("/shared")
def shared():
    region = _member()
    return render_template("regions/shared.html", region=region, entries=services.shared_into(g.organisation),
                           form=CorrectionForm())


@bp.route("/shared/<int:service_id>/suggest", methods=["POST"])
def suggest(service_id: int):
    """A municipality's correction to the county's entry: into the county's correction queue."""
    region = _member()
    service = services.shared_entry(g.organisation, service_id=service_id)
    if service is None:
        abort(404)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return render_template("regions/shared.html", region=region, entries=services.shared_into(g.organisation),
                               form=form, failed_id=service.id), 422
    guide.suggest_correction(service, form.body.data, current_user.locale)
    record("region.correction_suggested", organisation=g.organisation, target=service, region=region.slug)
    db.session.commit()
    flash(_("Thank you! The county will check the entry."), "success")
    return redirect(url_for("region_admin.shared"))
