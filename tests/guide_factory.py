"""Builds services-guide entries for tests through the services."""

from types import SimpleNamespace

from webapp.core.database import db
from webapp.guide import services
from webapp.guide.models import ServiceStatus
from webapp.orgs.models import Organisation

NEUVOLA = dict(
    slug="lastenneuvola",
    name={"fi": "Lastenneuvola", "se": "Mánáidrávvehat"},
    description={"fi": "Lapsen kasvun seuranta ja rokotukset.", "se": "Mánáid šaddama čuovvun."},
    provider="Lapin hyvinvointialue", audiences=["baby", "under_school_age"], phone="016 123 4567",
    email="neuvola@kittila.example", address="Valtatie 1, 99100 Kittilä", languages=["fi", "se"],
    access=["appointment"], opening_hours={"fi": "ma–pe 8–15"})


def make_service(app, org, *, status=ServiceStatus.PUBLISHED, area_keys=(), **fields):
    """An entry (published by default); `area_keys` name the organisation's service areas."""
    values = {**NEUVOLA, **fields}
    with app.test_request_context():
        organisation = db.session.get(Organisation, org.id)
        areas = {area.key: area.id for area in organisation.service_areas}
        values["service_area_ids"] = [areas[key] for key in area_keys]
        service = services.save_service(organisation, None, **values)
        if status is ServiceStatus.PUBLISHED:
            services.set_status(service, status)
        db.session.commit()
        return SimpleNamespace(id=service.id, slug=service.slug, url=f"/{org.slug}/services/{service.slug}")
