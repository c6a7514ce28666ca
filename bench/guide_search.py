"""Hit rate of the services guide's search on real queries (`bench/guide_queries.tsv`).

`.venv/bin/python -m bench.guide_search` builds the demo guide in a throwaway SQLite database
and prints, per kind of query, how many find the entry they mean: with the literal search the
guide had before (every folded word a substring of the entry's text in the reader's language)
and with the search it has now (`webapp.guide.search`).
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

from flask_migrate import upgrade

from webapp import create_app
from webapp.core.database import db
from webapp.core.i18n import localize
from webapp.guide import search, services
from webapp.guide.demo import load_demo_guide
from webapp.orgs.services import create_organisation, save_service_area

QUERIES = Path(__file__).resolve().parent / "guide_queries.tsv"
AREAS = [("neuvola", "Neuvola"), ("perheneuvola", "Perheneuvola"), ("jarjestot", "Järjestöt"),
         ("nuorisotyo", "Nuorisotyö")]


def _literal_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def literal(entries, query: str, areas) -> list:
    """The search before issue 20: each folded word a substring of name, description, provider, areas."""
    found = []
    for entry in entries:
        parts = [*entry.name.values(), localize(entry.description), entry.provider]
        for area_id in entry.service_area_ids or []:
            if area_id in areas:
                parts += [areas[area_id].key, *areas[area_id].name.values()]
        text = _literal_fold(" ".join(parts))
        if all(word in text for word in _literal_fold(query).split()):
            found.append(entry)
    return found


def main() -> None:
    rows = [line.split("\t") for line in QUERIES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "ENV_NAME": "testing", "SECRET_KEY": "bench-" + "x" * 40,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3", "OUTBOX_DIR": folder,
                          "SMTP_URL": None, "RATELIMIT_STORAGE_URI": "memory://", "SERVER_NAME": None})
        with app.test_request_context("/?lang=fi"):
            upgrade()
            organisation = create_organisation("kittila", {"fi": "Kittilä"}, "info@kittila.example",
                                               ["fi", "se", "smn", "sms", "sv", "en"])
            for key, name in AREAS:
                save_service_area(organisation, None, key=key, name={"fi": name})
            load_demo_guide(organisation)
            db.session.commit()
            entries = services.published(organisation)
            areas = {area.id: area for area in organisation.service_areas}
            synonyms = search.synonyms_of(organisation)
            before, after, total = Counter(), Counter(), Counter()
            for query, slug, language, kind in rows:
                group = "Sámi" if language in ("se", "smn", "sms") else f"Finnish, {kind}"
                total[group] += 1
                before[group] += slug in [e.slug for e in literal(entries, query, areas)]
                after[group] += slug in [e.slug for e in search.rank(entries, query, areas, synonyms)]
            db.engine.dispose()
    print("| queries | n | before | after |\n|---|---|---|---|")
    for group in sorted(total):
        print(f"| {group} | {total[group]} | {before[group]} | {after[group]} |")
    n = sum(total.values())
    print(f"| **all** | {n} | {sum(before.values())} ({sum(before.values()) / n:.0%}) "
          f"| {sum(after.values())} ({sum(after.values()) / n:.0%}) |")


if __name__ == "__main__":
    main()
