"""The native review of a catalog, in a spreadsheet: what to check goes out, corrections come back.

Reviewers (Sámi Giellagáldu, the county's Sámi-language committee) work in spreadsheets, not
in `.po` files. `flask translate review-export --lang sms --output review-sms.xlsx` writes one
row for every translation marked `# tarkista` (every form of a plural on its own row, with
the numbers that take it), beside the English source, the Finnish translation, where the text
appears, the glossary terms it contains and the translators' notes. The reviewer writes a
corrected text in "Correction" or an "x" in "Approved". `flask translate review-import review-sms.xlsx` then
applies the corrections, clears `# tarkista` on every message whose rows were all approved
or corrected, and leaves every other message as it was.

A sheet with a broken row changes nothing: a correction whose placeholders differ from the
English (`%(num)d`, `%(org)s` …), a plural whose form rows are missing or out of range, a row
whose English no longer matches the catalog, or Skolt Sámi with a look-alike for ʹ, ʼ or ǧ.
Every such row is named by its number.
"""

from __future__ import annotations

import csv
import inspect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from flask import Flask

from webapp.core.i18n import LOCALES, plural_examples
from webapp.core.tabular import Cell, read_xlsx, write_xlsx

REVIEW_MARK = "tarkista"
#: The languages whose catalogs carry `# tarkista` marks.
REVIEWED_LOCALES = ("se", "smn", "sms")
GLOSSARY_FILE = Path(__file__).resolve().parents[3] / "shared" / "glossary.tsv"
HEADER = ("Row key", "English", "Form", "Numbers", "Finnish", "Current translation", "Correction",
          "Approved", "Where", "Pages", "Glossary", "Context", "Notes")
ROOT = Path(__file__).resolve().parents[2]
_TEMPLATE_NAME = re.compile(r"[\"']([\w/.-]+\.(?:html|txt))[\"']")
_INCLUDE = re.compile(r"{%-?\s*include\s+[\"']([^\"']+)[\"']")
_MAX_PAGES = 3
_KEY, _ENGLISH, _FORM, _NUMBERS, _FINNISH, _CURRENT, _CORRECTION, _APPROVED = range(8)
_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_YES = {"x", "yes", "y", "kyllä", "k", "ok", "1", "true", "tosi", "juo", "jââ", "jõõ"}
#: Skolt Sámi look-alikes (lang-sms spellrelax.regex accepts them as typos; SAMI_NOTES.md).
SKOLT_LOOKALIKES = {
    "'": "' (U+0027) in place of ʹ (U+02B9) or ʼ (U+02BC)",
    "\u00b4": "´ (U+00B4) in place of ʹ (U+02B9)",
    "\u2032": "′ (U+2032) in place of ʹ (U+02B9)",
    "\u2019": "’ (U+2019) in place of ʼ (U+02BC)",
    "\u011f": "ğ (U+011F) in place of ǧ (U+01E7)",
}


class ReviewRefused(Exception):
    """The sheet was not applied; `problems` name each broken row."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    locale: str
    corrected: list[str] = field(default_factory=list)
    approved: list[str] = field(default_factory=list)
    left: int = 0  # messages in the sheet with no decision (still marked)

    def lines(self) -> list[str]:
        return [f"{self.locale}: {len(self.corrected)} messages corrected, {len(self.approved)} approved as they "
                f"were, # {REVIEW_MARK} cleared on {len(self.corrected) + len(self.approved)}; "
                f"{self.left} left for review"]


def needs_review(message: Message) -> bool:
    return REVIEW_MARK in message.user_comments


def _read(path: Path, locale: str) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def _write(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as out:
        write_po(out, catalog, width=100, include_previous=False)


def _label(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _forms(message: Message | None) -> tuple[str, ...]:
    """A message's translation as a tuple of forms (one for a message without plurals)."""
    string = message.string if message is not None else ""
    if isinstance(string, (tuple, list)):
        return tuple(string)
    return (string or "",)


def _key(message: Message) -> str:
    """What finds the message again on import: its context and its (singular) English."""
    return f"{message.context}\x04{_label(message)}" if message.context else _label(message)


def _placeholders(text: str) -> list[str]:
    return sorted(p for p in _PLACEHOLDER.findall(text) if p != "%%")


# --- glossary --------------------------------------------------------------------------------

def load_glossary(path: Path | None) -> list[dict[str, str]]:
    """The rows of `glossary.tsv` (columns key, en, fi, sv, se, smn, sms, notes), or none."""
    if path is None or not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [row for row in csv.DictReader(f, delimiter="\t") if row.get("en")]


def glossary_terms(english: str, glossary: list[dict[str, str]], locale: str) -> str:
    """The glossary's terms found in an English text, as `service → kääzzkõs` lines."""
    found = []
    lowered = english.lower()
    for row in glossary:
        term = row["en"].strip()
        if term and re.search(rf"(?<![\w-]){re.escape(term.lower())}", lowered) and row.get(locale):
            line = f"{term} → {row[locale]}"
            if line not in found:
                found.append(line)
    return "\n".join(found)


# --- export ----------------------------------------------------------------------------------

def page_index(app: Flask | None) -> tuple[dict[str, set[str]], list[tuple[str, int, int, str]]]:
    """Which URLs show a template, and which view functions span which lines: a best guess read
    from the views' source (the templates a view names, and those they include), so that a
    reviewer can open the page a string is on. Strings of shared layouts, macros and emails
    get no page."""
    if app is None:
        return {}, []
    by_template: dict[str, set[str]] = defaultdict(set)
    functions = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        if view is None or rule.endpoint == "static":
            continue
        try:
            view = inspect.unwrap(view)
            lines, start = inspect.getsourcelines(view)
            path = Path(inspect.getsourcefile(view) or "").resolve().relative_to(ROOT).as_posix()
        except (OSError, TypeError, ValueError):
            continue
        functions.append((path, start, start + len(lines) - 1, rule.rule))
        for name in _TEMPLATE_NAME.findall("".join(lines)):
            by_template[f"webapp/templates/{name}"].add(rule.rule)
    templates = ROOT / "webapp" / "templates"
    for template in templates.rglob("*.html"):
        name = f"webapp/templates/{template.relative_to(templates).as_posix()}"
        for included in _INCLUDE.findall(template.read_text(encoding="utf-8")):
            by_template[f"webapp/templates/{included}"] |= by_template.get(name, set())
    return by_template, functions


def _pages(message: Message, index: tuple[dict[str, set[str]], list[tuple[str, int, int, str]]]) -> str:
    by_template, functions = index
    pages: list[str] = []
    for path, line in message.locations:
        found = sorted(by_template.get(path, ()))
        found += [rule for file, start, end, rule in functions if file == path and line and start <= line <= end]
        pages += [page for page in found if page not in pages]
    return "\n".join(pages[:_MAX_PAGES])



def review_rows(catalog: Catalog, finnish: Catalog, locale: str, glossary: list[dict[str, str]],
                everything: bool = False, app: Flask | None = None) -> Iterator[list[Cell]]:
    """The sheet: the header, then a row for each translation (each plural form) to review."""
    yield list(HEADER)
    index = page_index(app)
    examples = plural_examples(locale)
    for message in catalog:
        if not message.id or not (everything or needs_review(message)):
            continue
        fi = finnish.get(message.id, context=message.context)
        where = "\n".join(f"{path}:{line}" if line else path for path, line in message.locations)
        pages = _pages(message, index)
        english = message.id if isinstance(message.id, str) else " / ".join(message.id)
        terms = glossary_terms(english, glossary, locale)
        notes = "\n".join(comment for comment in message.user_comments if comment != REVIEW_MARK)
        if isinstance(message.id, str):
            yield [_key(message), english, None, None, _forms(fi)[0], _forms(message)[0], None, None,
                   where, pages, terms, message.context or "", notes]
            continue
        fi_forms = _forms(fi)
        for form, text in enumerate(_forms(message)):
            counts = examples[form] if form < len(examples) else []
            numbers = ", ".join(map(str, counts))
            fi_text = fi_forms[0] if counts == [1] else fi_forms[-1]  # Finnish: 1, and everything else
            yield [_key(message), english, form, numbers, fi_text, text, None, None, where, pages, terms,
                   message.context or "", notes]


def export_review(locale: str, output: Path, translations: Path, glossary_path: Path | None = GLOSSARY_FILE,
                  everything: bool = False, app: Flask | None = None) -> int:
    """Write the review sheet of `locale`; returns the number of messages in it."""
    catalog = _read(translations / locale / "LC_MESSAGES" / "messages.po", locale)
    finnish = _read(translations / "fi" / "LC_MESSAGES" / "messages.po", "fi")
    rows = list(review_rows(catalog, finnish, locale, load_glossary(glossary_path), everything, app))
    write_xlsx(rows, str(output), title=locale)
    return len({row[_KEY] for row in rows[1:]})


# --- import ----------------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith("'="):  # written with an apostrophe so that no formula runs
        text = text[1:]
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def _form(value) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return int(float(str(value).strip()))
    except ValueError:
        return -1


def _wanted_placeholders(message: Message) -> list[str]:
    if isinstance(message.id, str):
        return _placeholders(message.id)
    return sorted(set(_placeholders(message.id[0])) | set(_placeholders(message.id[1])))


def _check_text(text: str, message: Message, locale: str) -> list[str]:
    problems = []
    have = _placeholders(text)
    if isinstance(message.id, str):
        if have != _wanted_placeholders(message):
            problems.append(f"placeholders {have or 'none'} differ from the English "
                            f"{_wanted_placeholders(message) or 'none'}")
    elif sorted(set(have)) != _wanted_placeholders(message):
        problems.append(f"placeholders {sorted(set(have)) or 'none'} differ from the English "
                        f"{_wanted_placeholders(message)}")
    if locale == "sms":
        for character, what in SKOLT_LOOKALIKES.items():
            if character in text:
                problems.append(what)
    return problems


@dataclass
class _Decision:
    rows: dict[int | None, tuple[int, str, bool]] = field(default_factory=dict)  # form → (row, text, approved)


def import_review(source, translations: Path, locale: str | None = None) -> ImportReport:
    """Apply a reviewed sheet to its catalog (the sheet is named after the language), or
    refuse it whole with the broken rows' numbers (`ReviewRefused`)."""
    title, rows = read_xlsx(source)
    locale = locale or title
    if locale not in LOCALES:
        raise ReviewRefused([f"the sheet is named {title!r}, not after a language ({', '.join(LOCALES)})"])
    path = translations / locale / "LC_MESSAGES" / "messages.po"
    catalog = _read(path, locale)
    by_key = {_key(message): message for message in catalog if message.id}
    header = [_text(cell).strip() for cell in (rows[0] if rows else [])]
    if tuple(header[:len(HEADER)]) != HEADER:
        raise ReviewRefused([f"row 1: the columns are not those of a review sheet ({', '.join(HEADER)})"])
    problems: list[str] = []
    decisions: dict[str, _Decision] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (len(HEADER) - len(row))
        key = _text(cells[_KEY])
        if not key:
            continue
        message = by_key.get(key)
        if message is None:
            problems.append(f"row {number}: no message {key.split(chr(4))[-1]!r} in the {locale} catalog "
                            "(the code has changed since the export: export again)")
            continue
        form = _form(cells[_FORM])
        plural = not isinstance(message.id, str)
        if plural and (form is None or not 0 <= form < len(_forms(message))):
            problems.append(f"row {number}: {_label(message)!r} has the plural forms 0–{len(_forms(message)) - 1}, "
                            f"not {cells[_FORM]!r}")
            continue
        if not plural and form is not None:
            problems.append(f"row {number}: {_label(message)!r} has no plural forms")
            continue
        correction = _text(cells[_CORRECTION])
        approved = _text(cells[_APPROVED]).strip().lower() in _YES
        if correction.strip():
            problems += [f"row {number}: {problem}" for problem in _check_text(correction, message, locale)]
        decision = decisions.setdefault(key, _Decision())
        if form in decision.rows:
            problems.append(f"row {number}: form {form} of {_label(message)!r} is also on row {decision.rows[form][0]}")
        decision.rows[form] = (number, correction, approved)
    for key, decision in decisions.items():
        message = by_key[key]
        if not isinstance(message.id, str) and len(decision.rows) != len(_forms(message)):
            missing = sorted(set(range(len(_forms(message)))) - set(decision.rows))
            first = min(row for row, _text_, _approved in decision.rows.values())
            problems.append(f"row {first}: {_label(message)!r} lacks the rows of its plural forms {missing}")
    if problems:
        raise ReviewRefused(problems)

    report = ImportReport(locale)
    changed = False
    for key, decision in decisions.items():
        message = by_key[key]
        corrections = {form: text for form, (_row, text, _approved) in decision.rows.items() if text.strip()}
        decided = all(text.strip() or approved for _row, text, approved in decision.rows.values())
        if corrections:
            if isinstance(message.id, str):
                new: str | tuple[str, ...] = corrections[None]
            else:
                new = tuple(corrections.get(form, old) for form, old in enumerate(_forms(message)))
            if new != message.string:
                message.string = new
                changed = True
        if decided and needs_review(message):
            message.user_comments = [c for c in message.user_comments if c != REVIEW_MARK]
            changed = True
        if decided:
            (report.corrected if corrections else report.approved).append(_label(message))
        else:
            report.left += 1
    if changed:
        _write(path, catalog)
    return report


# --- the reviewed share ----------------------------------------------------------------------

def reviewed_share(translations: Path, locales: Iterable[str] = REVIEWED_LOCALES) -> list[tuple[str, int, int]]:
    """`(locale, reviewed, total)` for each catalog: messages without `# tarkista`."""
    shares = []
    for locale in locales:
        catalog = _read(translations / locale / "LC_MESSAGES" / "messages.po", locale)
        messages = [message for message in catalog if message.id]
        shares.append((locale, sum(not needs_review(m) for m in messages), len(messages)))
    return shares
