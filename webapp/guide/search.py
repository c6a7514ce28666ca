"""The services guide's search: what a family types finds what they mean.

Each entry is indexed by the terms of its name, description, provider and service areas, every
language through its own analyser (`webapp.core.words`): Finnish by base form and compound part,
Sámi folded as phones type it. A typed word then matches an entry, best first, by

1. one of its base forms (`neuvolaan` → neuvola, in *Lastenneuvola*'s parts), or all of its
   compound parts (`lapsiperheneuvola` → lapsi, perhe, neuvola);
2. a synonym the organisation keeps (`nuoret` → nuoriso; `kerho` → perhekahvila);
3. the beginning or middle of a term (`manaid` → *mánáidrávvehat*), from three letters;
4. a small typo (`nevola`, `perheneuvla`): one edit in a word of 4–7 letters, two from 8.

Every typed word must match. The form works without JavaScript; `guide.js` asks the same search
for the ids it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne

from webapp.core.database import db
from webapp.core.sami_text import fold_sami
from webapp.core.words import query_terms, split_words, text_terms
from webapp.guide.models import GuideSearchSettings, Service
from webapp.orgs.models import Organisation, ServiceArea

#: Synonyms every organisation starts with (staff edit them): a word, then what it also finds.
DEFAULT_SYNONYMS = """\
nuori: nuoriso, nuorisotila, nuorisotyö, youth
nuoriso: nuori, youth
kerho: kerho, perhekahvila, kohtaamispaikka, club, café
kahvila: perhekahvila, kohtaamispaikka
neuvonta: neuvola, perheneuvola, keskusteluapu, counselling
rokotus: lastenneuvola, neuvola, vaccination
raskaus: äitiysneuvola, raskaus, pregnancy
odottaja: äitiysneuvola, raskaus
vauva: lastenneuvola, äitiysneuvola, perhekahvila, baby
odottaa: äitiysneuvola, raskaus
odottava: äitiysneuvola, raskaus
kotiapu: kotipalvelu
puheterapia: puheterapia, puheterapeutti, lastenneuvola, perheneuvola
ero: perheneuvola, eroon
riita: perheneuvola, ristiriita
kasvatus: perheneuvola, lastenneuvola
youth: nuoriso, nuorisotila
club: kerho, perhekahvila
rávvehus: rávvehat, perheneuvola
klubba: kerho, perhekahvila
ravvim: ravviittâh, perheneuvola
vuäʹpstõs: vuäʹpstempäiʹǩǩ, perheneuvola
joukk: kerho, perhekahvila
samtalsstöd: familjerådgivning, perheneuvola
klubb: kerho, perhekahvila
"""

#: Numbers every family should find when a search finds nothing (staff edit them).
DEFAULT_HELP_NUMBERS = [
    (_l("Emergency number"), "112"),
    (_l("Children and Young People's Phone (MLL)"), "116 111"),
    (_l("MIELI Crisis Helpline"), "09 2525 0111"),
]

_LINE = re.compile(r"^\s*(?P<key>[^:=]+?)\s*[:=]\s*(?P<values>.*)$")


def parse_synonyms(text: str) -> dict[str, set[str]]:
    """`word: a, b, c` lines into {base form of word: terms of a, b and c}. Blank lines and
    lines starting with # are skipped; a line without `:` is refused by the form."""
    table: dict[str, set[str]] = {}
    for line in (text or "").splitlines():
        match = _LINE.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        expansion: set[str] = set()
        for value in match["values"].split(","):
            for word in split_words(value):
                expansion |= query_terms(word).bases
        for word in split_words(match["key"]):
            for key in query_terms(word).bases:
                table.setdefault(key, set()).update(expansion)
    return table


def parse_help_numbers(text: str) -> list[tuple[str, str]]:
    """`Name: number` lines (the last colon separates: `Mieli ry:n kriisipuhelin: 09 2525 0111`)."""
    numbers = []
    for line in (text or "").splitlines():
        name, _sep, number = line.rpartition(":")
        if name.strip() and number.strip():
            numbers.append((name.strip(), number.strip()))
    return numbers


def settings(organisation: Organisation) -> GuideSearchSettings:
    """The organisation's search settings; the defaults (not stored) when staff have saved none."""
    found = db.session.get(GuideSearchSettings, organisation.id)
    if found is None:
        found = GuideSearchSettings(organisation_id=organisation.id, synonyms=DEFAULT_SYNONYMS,
                                    family_centre_phone="", help_numbers="")
    return found


def help_numbers(organisation: Organisation) -> list[tuple[str, str]]:
    stored = db.session.get(GuideSearchSettings, organisation.id)
    if stored is None or not stored.help_numbers.strip():
        return [(str(name), number) for name, number in DEFAULT_HELP_NUMBERS]
    return parse_help_numbers(stored.help_numbers)


def default_help_numbers_text() -> str:
    return "\n".join(f"{name}: {number}" for name, number in DEFAULT_HELP_NUMBERS)


# --- index ---------------------------------------------------------------------------------

_index_cache: dict[tuple[int, datetime | None, tuple], frozenset[str]] = {}


def service_terms(service: Service, areas: dict[int, ServiceArea]) -> frozenset[str]:
    """Every term an entry is found by (kept per process until the entry changes)."""
    area_list = [areas[i] for i in service.service_area_ids or [] if i in areas]
    key = (service.id, service.updated_at, tuple((a.id, a.key, tuple(sorted(a.name.items()))) for a in area_list))
    cached = _index_cache.get(key)
    if cached is not None:
        return cached
    found: set[str] = set()
    for translations in (service.name, service.description or {}):
        for language, text in translations.items():
            found |= text_terms(text, language)
    found |= text_terms(service.provider, "fi")
    for area in area_list:
        found |= text_terms(area.key, "fi")
        for language, text in area.name.items():
            found |= text_terms(text, language)
    if len(_index_cache) > 5_000:
        _index_cache.clear()
    _index_cache[key] = frozenset(found)
    return _index_cache[key]


# --- matching ------------------------------------------------------------------------------

EXACT, PARTS, SYNONYM, PARTIAL, TYPO = 5, 4, 3, 2, 1


def _typo_limit(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def word_score(word: str, index: frozenset[str], synonyms: dict[str, set[str]]) -> int:
    """How well one typed word matches an entry's terms: 0 when it does not."""
    meant = query_terms(word)
    if meant.bases & index:
        return EXACT
    if len(meant.parts) > 1 and set(meant.parts) <= index:
        return PARTS
    if any(synonyms.get(base, set()) & index for base in meant.bases):
        return SYNONYM
    folded = fold_sami(word)
    if len(folded) >= 3 and any(folded in term for term in index):
        return PARTIAL
    limit = _typo_limit(folded)
    if limit:
        for base in meant.bases:
            near = extractOne(base, index, scorer=OSA.distance, score_cutoff=limit)
            if near is not None:
                return TYPO
    return 0


def rank(services: list[Service], query: str, areas: dict[int, ServiceArea],
         synonyms: dict[str, set[str]]) -> list[Service]:
    """The entries every word of `query` matches, best first (ties keep the given order)."""
    typed = split_words(query)
    if not typed:
        return list(services)
    scored = []
    for position, service in enumerate(services):
        index = service_terms(service, areas)
        total = 0
        for word in typed:
            score = word_score(word, index, synonyms)
            if not score:
                break
            total += score
        else:
            scored.append((-total, position, service))
    return [service for *_key, service in sorted(scored, key=lambda row: row[:2])]


@dataclass
class Synonyms:
    """The parsed synonyms of one organisation, kept per process until staff change them."""

    stamp: tuple
    table: dict[str, set[str]]


_synonym_cache: dict[int, Synonyms] = {}


def synonyms_of(organisation: Organisation) -> dict[str, set[str]]:
    current = settings(organisation)
    stamp = (current.updated_at, current.synonyms)
    cached = _synonym_cache.get(organisation.id)
    if cached is None or cached.stamp != stamp:
        cached = _synonym_cache[organisation.id] = Synonyms(stamp, parse_synonyms(current.synonyms))
    return cached.table
