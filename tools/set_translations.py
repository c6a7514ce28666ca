"""Fill translations into the catalogs from a TSV file: `msgid<TAB>locale<TAB>msgstr[<TAB>comment]`
(for a plural message, msgstr forms joined with ` || `). Used when a change adds strings:
`python tools/set_translations.py new.tsv`, then `flask --app webapp translate compile`."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def main(path: str) -> None:
    wanted: dict[str, list[tuple[str, str, str]]] = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#"):
                msgid, locale, text, *comment = row
                wanted.setdefault(locale, []).append((msgid, text, comment[0] if comment else ""))
    for locale, entries in wanted.items():
        po = ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as f:
            catalog = read_po(f, locale=locale)
        for msgid, text, comment in entries:
            message = next((m for m in catalog if m.id and (m.id == msgid or
                            (isinstance(m.id, tuple) and m.id[0] == msgid))), None)
            if message is None:
                sys.exit(f"{locale}: no message {msgid!r} in the catalog (run translate update first)")
            message.string = tuple(text.split(" || ")) if isinstance(message.id, tuple) else text
            message.flags.discard("fuzzy")
            if comment and comment not in message.user_comments:
                message.user_comments.append(comment)
        with po.open("wb") as out:
            write_po(out, catalog, width=100, include_previous=False)


if __name__ == "__main__":
    main(sys.argv[1])
