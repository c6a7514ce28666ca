"""The family-centre handbook (perhekeskuskäsikirja): assembled from the network, the practices,
the services guide, the action plan and the year's decisions; published as a frozen yearly
edition; read on the web (staff, and the public part) and downloaded as .docx and tagged PDF."""

from __future__ import annotations

import io
from datetime import date

import sqlalchemy as sa
from docx import Document
from docx.enum.text import WD_BREAK
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from weasyprint import HTML

from webapp.audit.services import record
from webapp.backlog.models import STATUS_LABELS as BACKLOG_STATUS_LABELS
from webapp.backlog.models import AgendaItem, Workshop
from webapp.backlog.report import action_plan
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.types import Translations
from webapp.core.i18n import FORMAT_LOCALES, localize, localize_with_lang, ordered_locales
from webapp.core.personal_data import mask
from webapp.guide.models import SECTOR_LABELS as ORGANISER_LABELS
from webapp.guide.models import ServiceStatus
from webapp.network import services
from webapp.network.models import (
    PRACTICE_STATUS_LABELS,
    EditionStatus,
    Group,
    HandbookEdition,
    Organiser,
    PracticeStatus,
)
from webapp.orgs.models import Organisation


class HandbookError(Exception):
    """A rule of the handbook was broken; the message is for the user."""


def editions_of(organisation: Organisation) -> list[HandbookEdition]:
    return list(db.session.scalars(sa.select(HandbookEdition).where(
        HandbookEdition.organisation_id == organisation.id).order_by(HandbookEdition.year.desc())))


def edition_of(organisation: Organisation, year: int) -> HandbookEdition | None:
    return db.session.scalar(sa.select(HandbookEdition).where(
        HandbookEdition.organisation_id == organisation.id, HandbookEdition.year == year))


def latest_published(organisation: Organisation) -> HandbookEdition | None:
    return db.session.scalar(sa.select(HandbookEdition).where(
        HandbookEdition.organisation_id == organisation.id, HandbookEdition.status == EditionStatus.PUBLISHED)
        .order_by(HandbookEdition.year.desc()).limit(1))


def start_edition(organisation: Organisation, year: int, foreword: dict | None = None) -> HandbookEdition:
    """A new draft edition for `year` (one edition a year)."""
    if not 2000 <= year <= 2100:
        raise HandbookError(_("Give a year between 2000 and 2100."))
    if edition_of(organisation, year) is not None:
        raise HandbookError(_("The handbook %(year)s exists already.", year=year))
    edition = HandbookEdition(organisation_id=organisation.id, year=year,
                              foreword=Translations(foreword) or None)
    db.session.add(edition)
    db.session.flush()
    record("handbook.start", organisation=organisation, target=edition, year=year)
    return edition


def publish(edition: HandbookEdition) -> None:
    """Freeze the edition: its content is assembled now and no longer follows the network."""
    if edition.status is EditionStatus.PUBLISHED:
        raise HandbookError(_("This edition is published already."))
    organisation = db.session.get(Organisation, edition.organisation_id)
    edition.content = assemble(organisation, edition.year)
    edition.status = EditionStatus.PUBLISHED
    edition.published_at = utcnow()
    db.session.flush()
    record("handbook.publish", organisation=organisation, target=edition, year=edition.year)


def content_of(edition: HandbookEdition) -> dict:
    """The frozen content of a published edition, the live network's for a draft."""
    if edition.status is EditionStatus.PUBLISHED and edition.content:
        return edition.content
    return assemble(db.session.get(Organisation, edition.organisation_id), edition.year)


# --- assembling ----------------------------------------------------------------------------

def assemble(organisation: Organisation, year: int) -> dict:
    """Everything the handbook says, as plain JSON-able facts with translatable texts. It names
    units and sectors, never a person: the handbook is kept for years, people move on."""
    all_services = services.services_by_id(organisation)
    units = services.units_of(organisation)
    sectors = services.sectors_of(organisation)
    return {
        "organisation": dict(organisation.name),
        "locales": ordered_locales(organisation.content_locales),
        "year": year,
        "sectors": [{
            "name": dict(sector.name),
            "units": [{"name": dict(unit.name), "organiser": unit.organiser.value,
                       "services": [dict(all_services[i].name) for i in unit.service_ids if i in all_services]}
                      for unit in units if unit.sector_id == sector.id],
        } for sector in sectors],
        "groups": {group.value: _group(organisation, group) for group in Group},
        "practices": [_practice(p, all_services) for p in services.practices_of(organisation)
                      if p.status is not PracticeStatus.ENDED],
        "services": [{"name": dict(s.name), "description": dict(s.description or {}), "provider": s.provider,
                      "phone": s.phone, "email": s.email}
                     for s in sorted(all_services.values(), key=lambda s: localize(s.name, "fi").lower())
                     if s.status is ServiceStatus.PUBLISHED],
        "action_plan": [{"title": mask(item.title), "public_title": dict(item.public_title or {}),
                         "is_public": item.is_public, "status": item.status.value, "quarter": item.target_quarter}
                        for item in action_plan(organisation)],
        "decisions": _decisions(organisation, year),
    }


def _group(organisation: Organisation, group: Group) -> dict:
    members = services.members_of(organisation, group)
    units = []
    for membership in members:
        name = dict(membership.contact.unit.name)
        if name not in units:
            units.append(name)
    result: dict = {"units": units}
    if group is Group.CORE:
        result["sectors"] = [{"name": dict(c.sector.name), "is_represented": c.is_represented}
                             for c in services.core_group_coverage(organisation)]
    return result


def _practice(practice, all_services) -> dict:
    texts = {name: dict(getattr(practice, name) or {}) for name in services.PRACTICE_TEXTS}
    return {**texts, "status": practice.status.value, "is_public": practice.is_public,
            "units": [{"name": dict(role.unit.name), "does": dict(role.does or {})} for role in practice.roles],
            "services": [dict(all_services[i].name) for i in practice.service_ids if i in all_services]}


def _decisions(organisation: Organisation, year: int) -> list[dict]:
    rows = db.session.execute(
        sa.select(Workshop.held_on, Workshop.title, AgendaItem.decision)
        .join(AgendaItem, AgendaItem.workshop_id == Workshop.id)
        .where(Workshop.organisation_id == organisation.id, AgendaItem.decision != "",
               Workshop.held_on >= date(year, 1, 1), Workshop.held_on <= date(year, 12, 31))
        .order_by(Workshop.held_on, AgendaItem.position))
    return [{"date": held_on.isoformat(), "workshop": mask(title), "decision": mask(decision)}
            for held_on, title, decision in rows]


def public_part(content: dict) -> dict:
    """What the public handbook shows: no groups, no decisions, only public practices and the
    public titles of the action plan."""
    return {**content, "groups": {}, "decisions": [],
            "practices": [p for p in content["practices"] if p.get("is_public")],
            "action_plan": [{**item, "title": ""} for item in content["action_plan"]
                            if item.get("is_public") and item.get("public_title")]}


# --- reading and formats -------------------------------------------------------------------

def labels() -> dict:
    """Label lookups for the templates and the Word writer, in the locale in force."""
    return {"organiser": {o.value: str(ORGANISER_LABELS[o]) for o in Organiser},
            "practice_status": {s.value: str(label) for s, label in PRACTICE_STATUS_LABELS.items()},
            "backlog_status": {s.value: str(label) for s, label in BACKLOG_STATUS_LABELS.items()}}


def title_of(content: dict, locale: str | None = None) -> str:
    return _("Family-centre handbook %(year)s", year=content["year"]) + " – " + localize(content["organisation"],
                                                                                           locale)


def pdf_bytes(content: dict, locale: str, *, edition: HandbookEdition) -> bytes:
    """The edition as a tagged PDF (PDF/UA-1: structure tags, language, title)."""
    with force_locale(FORMAT_LOCALES[locale]):
        html = render_template("network/handbook_print.html", book=content, locale=locale, edition=edition,
                               labels=labels(), title=title_of(content, locale), practice_facts=practice_facts)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True,
                                       custom_metadata=True, uncompressed_pdf=False)


def docx_bytes(content: dict, locale: str, *, edition: HandbookEdition) -> bytes:
    """The edition as a Word document with real headings, for the municipality to edit and archive."""
    with force_locale(FORMAT_LOCALES[locale]):
        return _write_docx(content, locale, edition, labels())


def _t(value, locale: str) -> str:
    return localize(value, locale) if isinstance(value, dict) else (value or "")


def _write_docx(book: dict, locale: str, edition: HandbookEdition, names: dict) -> bytes:
    document = Document()
    document.core_properties.title = title_of(book, locale)
    document.core_properties.language = locale
    document.add_heading(title_of(book, locale), level=0)
    if edition.foreword:
        document.add_paragraph(_t(edition.foreword, locale))
    document.add_heading(_("The network"), level=1)
    for sector in book["sectors"]:
        document.add_heading(_t(sector["name"], locale), level=2)
        if not sector["units"]:
            document.add_paragraph(_("No member units yet."))
        for unit in sector["units"]:
            line = f"{_t(unit['name'], locale)} ({names['organiser'].get(unit['organiser'], '')})"
            if unit["services"]:
                line += " – " + ", ".join(_t(s, locale) for s in unit["services"])
            document.add_paragraph(line, style="List Bullet")
    if book["groups"]:
        document.add_heading(_("Core group and steering group"), level=1)
        core = book["groups"].get("core", {})
        document.add_heading(_("Core group"), level=2)
        for sector in core.get("sectors", []):
            state = _("represented") if sector["is_represented"] else _("missing")
            document.add_paragraph(f"{_t(sector['name'], locale)}: {state}", style="List Bullet")
        document.add_heading(_("Steering group"), level=2)
        for unit in book["groups"].get("steering", {}).get("units", []):
            document.add_paragraph(_t(unit, locale), style="List Bullet")
    document.add_heading(_("Cooperation practices"), level=1)
    for practice in book["practices"]:
        document.add_heading(_t(practice["name"], locale), level=2)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value, _lang in _practice_facts(practice, locale, names):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
    document.add_heading(_("Services for families"), level=1)
    for service in book["services"]:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(_t(service["name"], locale)).bold = True
        details = ", ".join(x for x in (service["provider"], service["phone"], service["email"]) if x)
        if details:
            paragraph.add_run(f" – {details}")
    document.add_heading(_("Action plan"), level=1)
    for item in book["action_plan"]:
        title = _t(item["public_title"], locale) or item["title"]
        document.add_paragraph(f"{title} – {names['backlog_status'].get(item['status'], '')}"
                               + (f", {item['quarter']}" if item["quarter"] else ""), style="List Bullet")
    if book["decisions"]:
        document.add_heading(_("Decisions of the year"), level=1)
        for decision in book["decisions"]:
            document.add_paragraph(f"{decision['date']} {decision['workshop']}: {decision['decision']}",
                                   style="List Bullet")
    document.add_paragraph().add_run().add_break(WD_BREAK.LINE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _practice_facts(practice: dict, locale: str, names: dict) -> list[tuple[str, str, str | None]]:
    """(label, text, language) rows of a practice, the same in the Word file as on the web; the
    language is given when the text fell back to another one than `locale`."""
    def fact(value) -> tuple[str, str | None]:
        text, lang = localize_with_lang(value, locale) if isinstance(value, dict) else (value or "", None)
        return text, lang if lang and lang != locale else None

    facts = [
        (_("Purpose"), *fact(practice["purpose"])),
        (_("Target group"), *fact(practice["target_group"])),
        (_("Units and what each does"), "; ".join(
            f"{_t(u['name'], locale)}: {_t(u['does'], locale)}".rstrip(": ") for u in practice["units"]), None),
        (_("When and how often"), *fact(practice["schedule"])),
        (_("How a family gets in"), *fact(practice["access"])),
        (_("Contact"), *fact(practice["contact"])),
        (_("Services"), ", ".join(_t(s, locale) for s in practice["services"]), None),
        (_("Status"), names["practice_status"].get(practice["status"], ""), None),
    ]
    return [(label, text, lang) for label, text, lang in facts if text]


def practice_facts(practice: dict, locale: str) -> list[tuple[str, str, str | None]]:
    return _practice_facts(practice, locale, labels())


