"""The guide as one table in and out: CSV (semicolons, UTF-8 with BOM, as Finnish Excel opens
it) or XLSX. Rows of kind `service_area` carry the service areas (key in `slug`, names in the
`name_*` columns), so that importing an export into an empty organisation reproduces the guide.

An import is checked whole before anything is stored: one bad row, and nothing changes.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import secrets
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from webapp.auth.models import User
from webapp.core import tabular
from webapp.core.content_languages import missing_required
from webapp.core.database import db
from webapp.core.database.types import Translations
from webapp.core.i18n import LOCALES
from webapp.core.text import clean_text
from webapp.guide import services
from webapp.guide.forms import PHONE_RULE, SLUG_RULE, WEB_RULE
from webapp.guide.models import Access, Sector, Service, ServiceAudience, ServiceChange, ServiceStatus
from webapp.orgs.models import Organisation, ServiceArea
from webapp.orgs.services import service_areas

TRANSLATED = ("name", "description", "opening_hours")
LIMITS = {"name": 200, "description": 3000, "opening_hours": 1000, "provider": 200, "phone": 40, "email": 254,
          "web_url": 500, "address": 300}
COLUMNS = ["kind", "slug", "status", *(f"{name}_{code}" for name in TRANSLATED for code in LOCALES),
           "provider", "sector", "service_areas", "audiences", "phone", "email", "web_url", "address", "access",
           "languages", "is_free", "checked_at", "owner_email"]
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
AREA_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
YES = {"1", "true", "yes", "kyllä", "x", "juo", "jo", "ja"}
NO = {"", "0", "false", "no", "ei", "nej"}


# --- out -----------------------------------------------------------------------------------

def cell_out(value: tabular.Cell) -> tabular.Cell:
    """A value as written to a file: text starting with an apostrophe gets another one, so
    that `cell_in` takes off only what the writer added (`tabular` adds one in front of text
    a spreadsheet would run as a formula)."""
    if not isinstance(value, str):
        return value
    value = tabular.printable(value)
    return "'" + value if value[:1] == "'" else value


def cell_in(value: str) -> str:
    """A value as read back: NFC, Windows line ends folded, outer spaces and our apostrophe off."""
    value = clean_text(value)
    return value[1:] if value[:1] == "'" else value

def rows(organisation: Organisation) -> Iterator[list[tabular.Cell]]:
    """The header, the service areas, then every entry (drafts too). The header and the values
    are the codes the import reads, so that an export can be imported again."""
    yield COLUMNS
    areas = service_areas(organisation)
    keys = {area.id: area.key for area in areas}
    for area in areas:
        yield [{"kind": "service_area", "slug": area.key, **{f"name_{c}": area.name.get(c, "") for c in LOCALES}}
               .get(column, "") for column in COLUMNS]
    entries = services.services_of(organisation)
    owner_ids = {s.owner_id for s in entries if s.owner_id}
    owners = dict(db.session.execute(sa.select(User.id, User.email).where(User.id.in_(owner_ids))).all())
    for service in entries:
        values = {"kind": "service", "slug": service.slug, "status": service.status.value,
                  "provider": service.provider, "sector": service.sector.value,
                  "service_areas": ", ".join(keys[i] for i in service.service_area_ids or [] if i in keys),
                  "audiences": ", ".join(service.audiences or []), "phone": service.phone, "email": service.email,
                  "web_url": service.web_url, "address": service.address, "access": ", ".join(service.access or []),
                  "languages": ", ".join(service.languages or []), "is_free": "yes" if service.is_free else "no",
                  "checked_at": service.checked_at.date(),
                  "owner_email": owners.get(service.owner_id, "")}
        for name in TRANSLATED:
            for code in LOCALES:
                values[f"{name}_{code}"] = (getattr(service, name) or {}).get(code, "")
        yield [values.get(column, "") for column in COLUMNS]


def _file_rows(organisation: Organisation) -> Iterator[list[tabular.Cell]]:
    return ([cell_out(value) for value in row] for row in rows(organisation))


def to_csv(organisation: Organisation) -> bytes:
    """The guide as CSV for Finnish Excel (see `webapp.core.tabular`)."""
    return tabular.csv_bytes(_file_rows(organisation))


def to_xlsx(organisation: Organisation) -> bytes:
    """The guide as a workbook (see `webapp.core.tabular`)."""
    return tabular.xlsx_bytes(_file_rows(organisation), _("Services guide"))


# --- in ------------------------------------------------------------------------------------

class ImportError_(Exception):
    """The file as a whole cannot be read; the message is translated."""


@dataclass
class Plan:
    """What an import would do, or why it cannot."""

    areas: list[dict] = field(default_factory=list)
    entries: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: What was stored differently from the file (an owner who is not staff here).
    notes: list[str] = field(default_factory=list)

    def outcome(self, kind: str) -> list[dict]:
        """The entries the import would `create`, `change` or leave `unchanged`."""
        return [entry for entry in self.entries if entry["outcome"] == kind]


def read_table(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """The file's rows as `(row number as the spreadsheet shows it, {lower-case column: value})`,
    blank rows left out; raises `ImportError_`."""
    if len(data) > MAX_BYTES:
        raise ImportError_(_("The file is too large: at most 2 MB."))
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        table = _xlsx_rows(data)
    else:
        table = _csv_rows(data)
    numbered = [(number, row) for number, row in enumerate(table, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise ImportError_(_("The file is empty."))
    if len(numbered) > MAX_ROWS + 1:
        raise ImportError_(_("The file has too many rows: at most %(max)d.", max=MAX_ROWS))
    header = [cell.strip().lower() for cell in numbered[0][1]]
    if "slug" not in header or "name_fi" not in header:
        raise ImportError_(_("The first row must name the columns; slug and name_fi are needed. "
                             "Export the guide to see the columns."))
    return [(number, dict(zip(header, [cell_in(value) for value in row], strict=False)))
            for number, row in numbered[1:]]


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_(_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")) from None
    if "\x00" in text:
        raise ImportError_(_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise ImportError_(_("The file could not be read as CSV.")) from None


#: What an XLSX upload may unpack to, and how many parts it may have, checked before openpyxl
#: opens it: a 2 MB file can hold a gigabyte of zeros (a decompression bomb).
MAX_XLSX_UNPACKED = 20 * 1024 * 1024
MAX_XLSX_ENTRIES = 200


def check_xlsx_archive(data: bytes) -> None:
    """Refuse a workbook whose parts would unpack to more than MAX_XLSX_UNPACKED bytes or that has
    more than MAX_XLSX_ENTRIES parts, reading only the archive's directory. (The sizes it declares
    are the most that reading will give: zipfile stops at a part's declared size.)"""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportError_(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    if len(entries) > MAX_XLSX_ENTRIES or sum(entry.file_size for entry in entries) > MAX_XLSX_UNPACKED:
        raise ImportError_(_("The workbook is too large once unpacked. Save only the sheet with the services "
                             "and try again, or use CSV."))


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    check_xlsx_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportError_(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    sheet = workbook.worksheets[0]
    table = []
    for row in sheet.iter_rows(values_only=True):
        if len(table) > MAX_ROWS + 1:
            break
        table.append(["" if v is None else v.date().isoformat() if isinstance(v, datetime)
                      else v.isoformat() if isinstance(v, date) else str(v) for v in row])
    workbook.close()
    return table


def _list(value: str, allowed: set[str]) -> tuple[list[str], list[str]]:
    items = [item.strip().lower() for item in re.split(r"[,;]", value) if item.strip()]
    return [item for item in items if item in allowed], [item for item in items if item not in allowed]


def plan_import(organisation: Organisation, table: list[tuple[int, dict[str, str]]]) -> Plan:
    """Check every row; the plan has errors (row numbers as the spreadsheet shows them) or work."""
    plan = Plan()
    existing_keys = {area.key for area in service_areas(organisation)}
    for _number, row in table:
        row["kind"] = row.get("kind", "").lower() or "service"
    area_rows = [(n, row) for n, row in table if row["kind"] == "service_area"]
    for number, row in area_rows:
        key = row.get("slug", "").lower()
        names = Translations({code: row.get(f"name_{code}", "") for code in LOCALES})
        if not AREA_KEY.match(key) or not names.get("fi"):
            plan.errors.append(_("Row %(row)d: a service area needs a key in the slug column and a Finnish name.",
                                 row=number))
        else:
            plan.areas.append({"key": key, "name": names})
    keys = existing_keys | {area["key"] for area in plan.areas}
    owners = {user.email: user.id for user in services.owner_choices(organisation)}
    existing = {service.slug: service for service in db.session.scalars(
        sa.select(Service).where(Service.organisation_id == organisation.id))}
    area_keys = {area.id: area.key for area in service_areas(organisation)}
    seen: set[str] = set()
    for number, row in table:
        if row["kind"] == "service_area":
            continue
        if row["kind"] != "service":
            plan.errors.append(_("Row %(row)d: the kind must be service or service_area.", row=number))
            continue
        entry, problems = _entry(row, keys, owners)
        if entry.get("slug") in seen:
            problems.append(_("the same slug is on an earlier row"))
        seen.add(entry.get("slug", ""))
        current = existing.get(entry.get("slug", ""))
        if not problems:
            entry["outcome"] = ("create" if current is None
                                else "change" if _differs(current, entry, area_keys) else "unchanged")
        # Languages made required after an entry was published do not stop its unchanged row.
        if entry.get("status") is ServiceStatus.PUBLISHED and entry.get("outcome") != "unchanged":
            columns = _missing_columns(organisation, entry)
            if columns:
                problems.append(_("publishing needs every required language; these columns are empty: "
                                  "%(columns)s", columns=", ".join(columns)))
        if problems:
            plan.errors.append(_("Row %(row)d: %(problems)s", row=number, problems="; ".join(problems)))
            continue
        plan.entries.append(entry)
        if entry["owner_email"] and entry["owner_id"] is None:  # e.g. a guide moved from another organisation
            plan.notes.append(_("Row %(row)d: %(email)s is not a coordinator, admin or partner here; the entry "
                                "has no owner, and its reminders go to the organisation's contact address.",
                                row=number, email=entry["owner_email"]))
    return plan


def _missing_columns(organisation: Organisation, entry: dict) -> list[str]:
    """The columns (`name_se`) a published entry leaves empty in a required language: every text
    written in some language needs each required one."""
    gaps = set(missing_required(organisation, *(entry[name] for name in TRANSLATED)))
    return [f"{name}_{code}" for name in TRANSLATED for code in LOCALES
            if code in gaps and Translations(entry[name]) and not entry[name].get(code)]


def _texts(value) -> dict[str, str]:
    return {code: text for code, text in (value or {}).items() if text}


def _differs(service: Service, entry: dict, area_keys: dict[int, str]) -> bool:
    """Whether storing the row would change the entry (an unchanged row is left as it is)."""
    if any(_texts(getattr(service, name)) != _texts(entry[name]) for name in TRANSLATED):
        return True
    if any(getattr(service, name) != entry[name] for name in
           ("provider", "phone", "email", "web_url", "address", "sector", "is_free", "status")):
        return True
    if any(sorted(getattr(service, name) or []) != sorted(entry[name])
           for name in ("audiences", "access", "languages")):
        return True
    if sorted(area_keys.get(i, "") for i in service.service_area_ids or []) != sorted(entry["service_areas"]):
        return True
    if entry["owner_id"] and entry["owner_id"] != service.owner_id:
        return True
    return bool(entry["checked_at"] and entry["checked_at"].date() != service.checked_at.date())


def _entry(row: dict[str, str], area_keys: set[str], owners: dict[str, int]) -> tuple[dict, list[str]]:
    problems: list[str] = []
    entry: dict = {"slug": row.get("slug", "").lower()}
    if not SLUG_RULE.regex.match(entry["slug"]):
        problems.append(_("the slug must be 2–60 lower-case letters a–z, digits and hyphens"))
    for name in TRANSLATED:
        entry[name] = Translations({code: row.get(f"{name}_{code}", "") for code in LOCALES})
        if any(len(text) > LIMITS[name] for text in entry[name].values()):
            problems.append(_("%(column)s is longer than %(max)d characters", column=name, max=LIMITS[name]))
    if not entry["name"].get("fi"):
        problems.append(_("the Finnish name (name_fi) is missing"))
    for name in ("provider", "phone", "email", "web_url", "address"):
        entry[name] = row.get(name, "")
        if len(entry[name]) > LIMITS[name]:
            problems.append(_("%(column)s is longer than %(max)d characters", column=name, max=LIMITS[name]))
    if entry["email"]:
        try:
            entry["email"] = validate_email(entry["email"], check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            problems.append(_("the email address is not valid"))
    if entry["web_url"] and not WEB_RULE.regex.match(entry["web_url"]):
        problems.append(_("the web address must start with https://"))
    if entry["phone"] and not PHONE_RULE.regex.match(entry["phone"]):
        problems.append(_("the phone number may hold only digits, spaces and +"))
    values = {
        "sector": ({s.value for s in Sector}, "sector"), "audiences": ({a.value for a in ServiceAudience}, "audiences"),
        "access": ({a.value for a in Access}, "access"), "languages": (set(LOCALES), "languages"),
        "service_areas": (area_keys, "service_areas")}
    for name, (allowed, column) in values.items():
        good, bad = _list(row.get(name, ""), allowed)
        if bad:
            problems.append(_("unknown values in %(column)s: %(values)s", column=column, values=", ".join(bad)))
        entry[name] = good
    entry["sector"] = Sector(entry["sector"][0]) if entry["sector"] else Sector.MUNICIPALITY
    free = row.get("is_free", "").lower()
    if free not in YES | NO:
        problems.append(_("is_free must be yes or no"))
    entry["is_free"] = free in YES or free == ""
    status = row.get("status", "").lower() or ServiceStatus.DRAFT.value
    if status not in {s.value for s in ServiceStatus}:
        problems.append(_("the status must be draft or published"))
    else:
        entry["status"] = ServiceStatus(status)
    checked = row.get("checked_at", "")
    try:
        entry["checked_at"] = datetime.combine(date.fromisoformat(checked[:10]), datetime.min.time(), UTC) \
            if checked else None
    except ValueError:
        problems.append(_("checked_at must be a date like 2026-11-25"))
    entry["owner_email"] = row.get("owner_email", "").lower()
    entry["owner_id"] = owners.get(entry["owner_email"])
    return entry, problems


def apply_import(organisation: Organisation, plan: Plan, actor: User | None) -> tuple[int, int]:
    """Store a checked plan: missing service areas, then entries (new by slug, or changed; an
    unchanged row is left alone). Returns `(created, updated)`."""
    areas = {area.key: area for area in service_areas(organisation)}
    for number, row in enumerate(plan.areas):
        if row["key"] not in areas:
            areas[row["key"]] = ServiceArea(organisation_id=organisation.id, key=row["key"], name=row["name"],
                                            position=len(areas) + number)
            db.session.add(areas[row["key"]])
    db.session.flush()
    created = updated = 0
    for entry in plan.entries:
        if entry["outcome"] == "unchanged":
            continue
        service = services.find(organisation, entry["slug"])
        if service is None:
            created += 1
        else:
            updated += 1
        service = services.save_service(
            organisation, service, actor=actor, **{name: entry[name] for name in (
                "slug", "name", "provider", "sector", "phone", "email", "web_url", "address", "is_free")},
            description=entry["description"] or None, opening_hours=entry["opening_hours"] or None,
            service_area_ids=[areas[key].id for key in entry["service_areas"]], audiences=entry["audiences"],
            access=entry["access"], languages=entry["languages"],
            **({"owner_id": entry["owner_id"]} if entry["owner_id"] else {}))
        if entry["checked_at"]:
            service.checked_at = entry["checked_at"]
        db.session.add(ServiceChange(service_id=service.id, user_id=getattr(actor, "id", None), fields=["imported"]))
        if entry["status"] is not service.status:
            services.set_status(service, entry["status"], actor=actor)
    db.session.flush()
    return created, updated


# --- the file between the preview and applying it ---------------------------------------------

#: Where an uploaded file waits between its preview and "Apply" (a day at most).
PENDING_DIR = os.path.join(tempfile.gettempdir(), "yhessa-guide-imports")
PENDING_MAX_AGE = 24 * 3600
TOKEN_RULE = re.compile(r"^[A-Za-z0-9_-]{16,40}$")


def _pending_path(organisation: Organisation, token: str) -> str:
    return os.path.join(PENDING_DIR, f"{organisation.id}-{token}")


def keep_pending(organisation: Organisation, data: bytes, filename: str) -> str:
    """Keep the uploaded file until it is applied; returns the token that names it."""
    os.makedirs(PENDING_DIR, mode=0o700, exist_ok=True)
    now = time.time()
    for name in os.listdir(PENDING_DIR):  # files nobody applied
        path = os.path.join(PENDING_DIR, name)
        with contextlib.suppress(OSError):
            if now - os.path.getmtime(path) > PENDING_MAX_AGE:
                os.remove(path)
    token = secrets.token_urlsafe(18)
    with open(_pending_path(organisation, token), "wb") as out:
        out.write(b"xlsx\n" if filename.lower().endswith(".xlsx") else b"csv\n")
        out.write(data)
    return token


def pending(organisation: Organisation, token: str) -> tuple[bytes, str] | None:
    """The file a preview was made of, and a name telling its kind; None if unknown or expired."""
    if not TOKEN_RULE.match(token or ""):
        return None
    try:
        with open(_pending_path(organisation, token), "rb") as source:
            kind, _newline, data = source.read().partition(b"\n")
    except OSError:
        return None
    return data, f"upload.{kind.decode()}"


def forget_pending(organisation: Organisation, token: str) -> None:
    if TOKEN_RULE.match(token or ""):
        with contextlib.suppress(OSError):
            os.remove(_pending_path(organisation, token))
