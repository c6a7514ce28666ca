"""Gettext catalogs: pybabel extracts, updates and compiles them; `check` is our own guard.

What to extract, and with which keywords, is in `babel.cfg`; the options below keep the
catalogs' format (100 columns, file order, no fuzzy guesses) so that an update without new
strings changes nothing but the template's date. `check` extracts the messages afresh, so a
string added to the code but not to the catalogs fails it just as a removed translation, a
fuzzy entry or a wrong plural header do.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from webapp.core.i18n import LOCALES, PLURAL_FORMS

ROOT = Path(__file__).resolve().parents[2]
MAPPING_FILE = ROOT / "babel.cfg"
TRANSLATIONS = ROOT / "translations"
TEMPLATE_FILE = TRANSLATIONS / "messages.pot"
DOMAIN = "messages"
WIDTH = 100


def _pybabel(*args: str | Path) -> None:
    """Run pybabel from the project root, so that every location reads `webapp/…`."""
    command = [sys.executable, "-m", "babel.messages.frontend", "--quiet", *map(str, args)]
    subprocess.run(command, cwd=ROOT, check=True)


def _extract_to(path: Path) -> None:
    _pybabel("extract", f"--mapping-file={MAPPING_FILE}", f"--output-file={path}", "--project=Yhessä",
             "--add-comments=TRANSLATORS:", "--strip-comments", f"--width={WIDTH}", "webapp")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def extract() -> Catalog:
    """Every translatable message in the code and templates, as a template catalog."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{DOMAIN}.pot"
        _extract_to(path)
        return _read(path)


def write_template() -> Catalog:
    """Extract into translations/messages.pot."""
    TRANSLATIONS.mkdir(exist_ok=True)
    _extract_to(TEMPLATE_FILE)
    return _read(TEMPLATE_FILE)


def po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def update() -> list[str]:
    """Merge the fresh template into every catalog; English is filled from the msgids."""
    write_template()
    for locale in LOCALES:
        if not po_path(locale).exists():
            _pybabel("init", f"--input-file={TEMPLATE_FILE}", f"--output-dir={TRANSLATIONS}",
                     f"--locale={locale}", f"--domain={DOMAIN}", f"--width={WIDTH}")
            _set_plural_header(locale)
    # No fuzzy guesses: a changed message waits for its translator, and `check` names it.
    _pybabel("update", f"--input-file={TEMPLATE_FILE}", f"--output-dir={TRANSLATIONS}", f"--domain={DOMAIN}",
             "--no-fuzzy-matching", "--ignore-pot-creation-date", f"--width={WIDTH}")
    _fill_english()
    return [str(po_path(locale).relative_to(TRANSLATIONS.parent)) for locale in LOCALES]


def _set_plural_header(locale: str) -> None:
    """A new catalog takes our plural rule (PLURAL_FORMS), not CLDR's: Skolt and Inari Sámi
    count differently from what CLDR says."""
    path = po_path(locale)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^"Plural-Forms: [^"\n]*\\n"$', f'"Plural-Forms: {PLURAL_FORMS[locale]}\\\\n"', text,
                  count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


def _fill_english() -> None:
    """Message ids are English: the English catalog translates each one as itself."""
    path = po_path("en")
    catalog = _read(path, locale="en")
    empty = [message for message in catalog if message.id and not _translated(message.string)]
    for message in empty:
        message.string = message.id
    if empty:
        with path.open("wb") as out:
            write_po(out, catalog, width=WIDTH)


def compile_catalogs() -> list[str]:
    """Compile every catalog to its .mo file; fuzzy entries are left out."""
    _pybabel("compile", f"--directory={TRANSLATIONS}", f"--domain={DOMAIN}")
    return [str(po_path(locale).with_suffix(".mo").relative_to(ROOT)) for locale in LOCALES]


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
        catalog = _read(path, locale=locale)
        header = dict(catalog.mime_headers).get("Plural-Forms", "")
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
            elif message.pluralizable and (not isinstance(found.string, (tuple, list))
                                           or len(found.string) != catalog.num_plurals):
                problems.append(f"{locale}: {label!r} needs {catalog.num_plurals} plural forms")
        for message, errors in catalog.check():
            for error in errors:
                problems.append(f"{locale}: {message.id!r}: {error}")
    return problems
