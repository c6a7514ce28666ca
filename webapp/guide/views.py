"""The public family-services guide: /<org>/services (search and filters that work without
JavaScript) and /<org>/services/<slug> (one service, with "suggest a correction")."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from webapp.backlog.models import STATUS_LABELS as BACKLOG_STATUS_LABELS
from webapp.backlog.services import public_items
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.extensions import limiter
from webapp.core.i18n import LOCALES, current_locale, language_name, localize_with_lang
from webapp.core.limits import LIMIT_MESSAGE, PostLimit, client_address
from webapp.guide import search, services
from webapp.guide.blueprints import guide as bp
from webapp.guide.forms import CorrectionForm
from webapp.guide.models import ACCESS_LABELS, AUDIENCE_LABELS, SECTOR_LABELS, Service, ServiceStatus
from webapp.orgs.models import ServiceArea
from webapp.orgs.services import service_areas
from webapp.regions.services import region_of

#: Correction notes stored per address.
CORRECTION_LIMIT = PostLimit("guide-corrections", "10 per 10 minutes; 60 per day")


def _areas() -> dict[int, ServiceArea]:
    """The organisation's service areas, and its county's (for the county's shared entries: the
    area filter goes by key, so Kittilä's "neuvola" finds the county's too)."""
    areas = {area.id: area for area in service_areas(g.organisation)}
    region = region_of(g.organisation)
    if region is not None:
        areas.update((area.id, area) for area in service_areas(region))
    return areas


def _unique_keys(areas: list[ServiceArea]) -> list[ServiceArea]:
    seen: set[str] = set()
    return [area for area in areas if not (area.key in seen or seen.add(area.key))]


def _published(slug: str) -> Service:
    service = services.find_listed(g.organisation, slug)
    if service is None or service.status is not ServiceStatus.PUBLISHED:
        abort(404)
    return service


def _found(filters: services.GuideFilters) -> tuple[list[Service], list[Service], dict[int, ServiceArea]]:
    areas = _areas()
    everything = services.published(g.organisation)
    return everything, services.search(everything, filters, areas, search.synonyms_of(g.organisation)), areas


@bp.route("", strict_slashes=False)
def index():
    filters = services.GuideFilters.from_args(request.args)
    everything, found, areas = _found(filters)
    settings = search.settings(g.organisation)
    offered_languages = [code for code in LOCALES if any(code in (s.languages or []) for s in everything)]
    used_areas = {i for s in everything for i in s.service_area_ids or []}
    return render_template(
        "guide/index.html", services=found, total=len(everything), filters=filters,
        areas=_unique_keys([area for area in areas.values() if area.id in used_areas]), all_areas=areas,
        languages=offered_languages, situations=services.SITUATIONS, audience_labels=AUDIENCE_LABELS,
        search_text=lambda s: services.search_text(s, areas), tel_href=services.tel_href,
        family_centre_phone=settings.family_centre_phone, help_numbers=search.help_numbers(g.organisation),
        county=region_of(g.organisation))


@bp.route("/search.json")
def search_json():
    """The same search for the page's script: the ids of the entries found, best first."""
    _everything, found, _areas = _found(services.GuideFilters.from_args(request.args))
    return jsonify(ids=[service.id for service in found])


def _service_page(service: Service, form: CorrectionForm, status: int = 200):
    areas = _areas()
    main_text = service.description or service.name  # what the note is about: the description if any
    shown_in = localize_with_lang(main_text)[1]
    written_in = sorted(main_text, key=LOCALES.index)
    items = [item for item in public_items(g.organisation) if service.id in (item.service_ids or [])]
    changes = [change for change in service.changes
               if change.public_note and change.created_at >= utcnow() - timedelta(days=365)]
    return render_template(
        "guide/service.html", service=service, form=form,
        areas=[areas[i] for i in service.service_area_ids or [] if i in areas], language_spans=_language_spans,
        only_in=written_in if shown_in and shown_in != current_locale() else None, changes=changes,
        backlog_items=items, backlog_labels=BACKLOG_STATUS_LABELS, sector_labels=SECTOR_LABELS,
        audience_labels={a.value: label for a, label in AUDIENCE_LABELS.items()},
        access_labels={a.value: label for a, label in ACCESS_LABELS.items()},
        tel_href=services.tel_href(service.phone), map_href=services.map_href(service.address),
        county=region_of(g.organisation) if service.organisation_id != g.organisation.id else None,
        is_out_of_date=services.is_out_of_date(service)), status


def _language_spans(codes) -> Markup:
    """Language names, each marked with its own language (WCAG 3.1.2)."""
    return Markup(", ").join(Markup('<span lang="%s">%s</span>') % (code, language_name(code)) for code in codes)


@bp.route("/<slug>")
def service(slug: str):
    return _service_page(_published(slug), CorrectionForm())


@bp.route("/<slug>/correction", methods=["POST"])
@limiter.limit("120 per 10 minutes")  # attempts, for floods only: CORRECTION_LIMIT counts notes stored
def correction(slug: str):
    """A family's "this is wrong": into the moderation queue; never shown publicly."""
    service = _published(slug)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return _service_page(service, form, 422)
    if CORRECTION_LIMIT.is_reached(client_address()):  # the note comes back as typed
        form.body.errors.append(LIMIT_MESSAGE)
        return _service_page(service, form, 429)
    if not form.website.data:  # a bot filled the hidden field: thank it, store nothing
        services.suggest_correction(service, form.body.data, current_locale())
        CORRECTION_LIMIT.count(client_address())
        db.session.commit()
    flash(_("Thank you! The family centre will check the entry."), "success")
    return redirect(url_for("guide.service", slug=slug))
