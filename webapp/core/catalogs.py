"""Gettext catalogs: extraction, update, compilation and the completeness check.

`check` extracts the messages afresh, so a string added to the code but not to the
catalogs fails it just as a removed translation, a fuzzy entry or a wrong plural header do.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from webapp.core.i18n import LOCALES, PLURAL_FORMS

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIR = ROOT / "webapp"
TRANSLATIONS = ROOT / "translations"
TEMPLATE_FILE = TRANSLATIONS / "messages.pot"
DOMAIN = "messages"

METHOD_MAP = [
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("**/templates/**.txt", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]
OPTIONS_MAP = {"**/templates/**": {"extensions": "", "trimmed": "false"}}
KEYWORDS = {
    "_": None, "gettext": None, "_l": None, "lazy_gettext": None,
    "ngettext": (1, 2), "lazy_ngettext": (1, 2),
    "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}


def extract() -> Catalog:
    """Every translatable message in the code and templates, as a template catalog."""
    catalog = Catalog(project="Yhessä", msgid_bugs_address="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE_DIR), METHOD_MAP, OPTIONS_MAP, keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
    ):
        catalog.add(message, None, [(f"webapp/{filename}", lineno)],
                    auto_comments=comments, context=context)
    return catalog


def write_template() -> Catalog:
    template = extract()
    TRANSLATIONS.mkdir(exist_ok=True)
    with TEMPLATE_FILE.open("wb") as out:
        write_po(out, template, width=100, omit_header=False, sort_output=False)
    return template


def po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _set_plural_forms(catalog: Catalog, locale: str) -> None:
    # pybabel writes a two-form header for the Sámi languages; they have a dual.
    nplurals, expr = re.match(r"nplurals=(\d+); plural=(.+);", PLURAL_FORMS[locale]).groups()
    catalog._num_plurals = int(nplurals)
    catalog._plural_expr = expr


def update() -> list[str]:
    """Merge the fresh template into every catalog; English is filled from the msgids."""
    template = write_template()
    written = []
    for locale in LOCALES:
        path = po_path(locale)
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f, locale=locale)
        else:
            catalog = Catalog(locale=Locale.parse(locale), project="Yhessä", charset="utf-8")
        _set_plural_forms(catalog, locale)
        catalog.update(template, no_fuzzy_matching=True)
        _set_plural_forms(catalog, locale)
        catalog.fuzzy = False
        if locale == "en":
            for message in catalog:
                if message.id and not _translated(message.string):
                    message.string = message.id
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            write_po(out, catalog, width=100, include_previous=False)
        written.append(str(path.relative_to(ROOT)))
    return written


def compile_catalogs() -> list[str]:
    written = []
    for locale in LOCALES:
        with po_path(locale).open("rb") as f:
            catalog = read_po(f, locale=locale)
        mo = po_path(locale).with_suffix(".mo")
        with mo.open("wb") as out:
            write_mo(out, catalog, use_fuzzy=False)
        written.append(str(mo.relative_to(ROOT)))
    return written


def _translated(string) -> bool:
    if isinstance(string, (tuple, list)):
        return bool(string) and all(s.strip() for s in string)
    return bool(string and string.strip())


def _normalise_plural(header: str) -> str:
    return re.sub(r"\s+", "", header or "").rstrip(";")


def check() -> list[str]:
    """Problems that keep the six catalogs from being complete; empty when all is well."""
    template = extract()
    wanted = [m for m in template if m.id]
    problems = []
    for locale in LOCALES:
        path = po_path(locale)
        if not path.exists():
            problems.append(f"{locale}: catalog {path.relative_to(ROOT)} is missing")
            continue
        with path.open("rb") as f:
            catalog = read_po(f, locale=locale)
        header = catalog.mime_headers and dict(catalog.mime_headers).get("Plural-Forms", "")
        if _normalise_plural(header) != _normalise_plural(PLURAL_FORMS[locale]):
            problems.append(f"{locale}: Plural-Forms is {header!r}, expected {PLURAL_FORMS[locale]!r}")
        for message in wanted:
            found = catalog.get(message.id, context=message.context)
            label = message.id if isinstance(message.id, str) else message.id[0]
            if found is None:
                problems.append(f"{locale}: missing {label!r}")
            elif found.fuzzy:
                problems.append(f"{locale}: fuzzy {label!r}")
            elif not _translated(found.string):
                problems.append(f"{locale}: untranslated {label!r}")
            elif message.pluralizable and len(found.string) != catalog.num_plurals:
                problems.append(f"{locale}: {label!r} needs {catalog.num_plurals} plural forms")
        for message, errors in catalog.check():
            for error in errors:
                problems.append(f"{locale}: {message.id!r}: {error}")
    return problems
