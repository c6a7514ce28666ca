"""Demo organisations, service areas and staff logins for `flask demo-data` and `make run`;
each feature adds its own demo content through the demo loader it registers."""

from __future__ import annotations

from webapp.auth import services as accounts
from webapp.auth.models import Role
from webapp.core.database import db
from webapp.core.features import registry
from webapp.orgs import services as orgs
from webapp.orgs.models import Organisation

DEMO_PASSWORD = "yhessa-demo-2026"

ORGANISATIONS = {
    "kittila": {
        "name": {"fi": "Kittilän perhekeskus", "se": "Gihttela bearašguovddáš",
                 "sv": "Kittilä familjecentral", "en": "Kittilä family centre"},
        "description": {
            "fi": "Kittilän perhekeskus kokoaa yhteen lasten, nuorten ja perheiden palvelut: "
                  "neuvolan, perheneuvolan, varhaiskasvatuksen, koulut, nuorisotyön, "
                  "sosiaalipalvelut, järjestöt ja seurakunnan. Kehitä palveluja kanssamme.",
            "en": "Kittilä family centre brings together the services for children, young "
                  "people and families. Develop the services with us.",
        },
        "contact_email": "perhekeskus@kittila.example",
        "locales": ["fi", "se", "sv", "en"],
    },
    "sodankyla": {
        "name": {"fi": "Sodankylän perhekeskus", "se": "Soađegili bearašguovddáš",
                 "smn": "Suáđigil peerâkuávdáš", "sms": "Suäʹđjel piârkõõskõs",
                 "sv": "Sodankylä familjecentral", "en": "Sodankylä family centre"},
        "description": {
            "fi": "Perhekeskus on verkosto, ei rakennus. Sodankylässä perheiden palveluja "
                  "kehitetään yhdessä perheiden, järjestöjen ja seurakunnan kanssa.",
            "en": "A family centre is a network, not a building. In Sodankylä, family services "
                  "are developed together with families, organisations and the parish.",
        },
        "contact_email": "perhekeskus@sodankyla.example",
        "locales": ["fi", "se", "smn", "sms", "sv", "en"],
    },
}

SERVICE_AREAS = [
    ("neuvola", {"fi": "Neuvola", "se": "Rávvehat", "smn": "Ravviittâh", "sms": "Vuäʹpstempäiʹǩǩ",
                 "sv": "Rådgivning", "en": "Child and maternity clinic"}),
    ("perheneuvola", {"fi": "Perheneuvola", "se": "Bearašrávvehat", "smn": "Peerâravviittâh",
                      "sms": "Piârrivuäʹpstempäiʹǩǩ", "sv": "Familjerådgivning",
                      "en": "Family counselling"}),
    ("varhaiskasvatus", {"fi": "Varhaiskasvatus", "se": "Árrabajásgeassin", "smn": "Arâšoddâdem",
                         "sms": "Ouddpeâmm", "sv": "Småbarnspedagogik",
                         "en": "Early childhood education"}),
    ("koulu", {"fi": "Koulu", "se": "Skuvla", "smn": "Škovlâ", "sms": "Škooul", "sv": "Skola",
               "en": "School"}),
    ("nuorisotyo", {"fi": "Nuorisotyö", "se": "Nuoraidbargu", "smn": "Nuorâipargo",
                    "sms": "Nuõrituâjj", "sv": "Ungdomsarbete", "en": "Youth work"}),
    ("sosiaalipalvelut", {"fi": "Sosiaalipalvelut", "se": "Sosiálabálvalusat",
                          "smn": "Sosiaalpalvâlusah", "sms": "Sosialkääzzkõõzz",
                          "sv": "Socialtjänster", "en": "Social services"}),
    ("jarjestot", {"fi": "Järjestöt ja seurakunta", "sv": "Föreningar och församling",
                   "en": "Organisations and the parish"}),
]

STAFF = [
    ("admin", Role.ADMIN, "Administrator"),
    ("koordinaattori", Role.COORDINATOR, "Coordinator"),
    ("ydinryhma", Role.CORE_GROUP, "Core group member"),
    ("ohjausryhma", Role.STEERING_GROUP, "Steering group member"),
]
SITE_ADMIN = "yllapito@yhessa.example"
#: Organisations made by a feature's demo finisher whose staff logins are listed too (the county).
EXTRA_LOGIN_ORGANISATIONS = ("lappi",)


def _organisation(slug: str, spec: dict) -> Organisation:
    organisation = orgs.find_organisation(slug)
    if organisation is None:
        organisation = orgs.create_organisation(slug, spec["name"], spec["contact_email"],
                                                spec["locales"])
        organisation.description = spec["description"]
    existing = {area.key for area in organisation.service_areas}
    for key, name in SERVICE_AREAS:
        if key not in existing:
            orgs.save_service_area(organisation, None, key=key, name=name)
    db.session.flush()
    db.session.refresh(organisation, ["service_areas"])
    for load in registry().demo_loaders:
        load(organisation)
    if slug == "sodankyla" and not organisation.required_locales:
        organisation.required_locales = ["fi", "se"]  # the Sámi Language Act applies in Sodankylä
    return organisation


def _staff(email: str, password: str, **kwargs):
    user = accounts.find_user(email)
    if user is None:
        user = accounts.create_user(email, password, **kwargs)
    return user


def demo_logins() -> list[tuple[str, str]]:
    """The demo staff logins that exist in the database, as `(email, description)`."""
    logins = []
    site_admin = accounts.find_user(SITE_ADMIN)
    if site_admin is not None:
        logins.append((site_admin.email, "site administrator, every organisation"))
    for slug in (*ORGANISATIONS, *EXTRA_LOGIN_ORGANISATIONS):
        organisation = orgs.find_organisation(slug)
        for prefix, role, _description in STAFF:
            user = accounts.find_user(f"{prefix}@{slug}.example")
            if organisation is not None and user is not None and role in user.roles_in(organisation):
                logins.append((user.email, f"{role.value} in {slug}"))
    return logins


def load_demo_data() -> list[tuple[str, str]]:
    """Create what is missing; returns the staff logins as `(email, description)`."""
    _staff(SITE_ADMIN, DEMO_PASSWORD, display_name="Ylläpitäjä", is_site_admin=True)
    for slug, spec in ORGANISATIONS.items():
        organisation = _organisation(slug, spec)
        for prefix, role, description in STAFF:
            user = _staff(f"{prefix}@{slug}.example", DEMO_PASSWORD,
                          display_name=f"{description} ({slug})", organisation=organisation)
            accounts.grant_role(user, organisation, role)
    db.session.flush()
    for finish in registry().demo_finishers:
        finish()
    db.session.flush()
    return demo_logins()


def init_app(app) -> None:
    """`flask demo-data`."""
    from webapp.demo import commands  # the command module imports this one

    app.cli.add_command(commands.demo_data)
